"""Run this tool and Presidio's default analyzer on the generated evaluation set, side by side.

For each half (dev: tune on it; test: only report it) and each gold entity type: recall (an item counts
when every non-space character of it is covered by a decision), keep rate (a keep item counts when none
of its characters is covered) and span precision (decided spans overlapping a gold sensitive item / all
decided spans), scored by `evaluation.legacy.score`. Our tool runs extract -> detect -> decide with the
uk-foia profile and no allow list (a new user's set-up); Presidio runs its default recognizers over the
same spaCy model (`evaluation.legacy.PresidioRunner`).

Run: `python -m evaluation.run [--half dev|test|both] [--misses] [--no-presidio] [--json PATH] [--limit N]`.
`--misses` lists the dev half's missed and over-redacted items; the test half's only with
`--show-test-misses`, since looking at them turns the test half into a second dev half.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from evaluation.generate import SENSITIVE_TYPES, GenDoc, load_half, summary, version
from evaluation.legacy import PresidioRunner, Scores, ToolRunner, extract_pages, locate, score


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"...{left}[[{text[start:end]}]]{right}..."


class HalfResult:
    """Scores of every system on one half, overall and per genre, with the context of each miss."""

    def __init__(self, half: str, systems: list[str]) -> None:
        self.half = half
        self.overall = {s: Scores(s) for s in systems}
        self.genre: dict[str, dict[str, Scores]] = defaultdict(lambda: {s: Scores(s) for s in systems})
        self.seconds = dict.fromkeys(systems, 0.0)
        self.contexts: dict[str, list[str]] = {s: [] for s in systems}
        self.over_contexts: dict[str, list[str]] = {s: [] for s in systems}
        self.docs = 0
        self.pages = 0

    def add(self, doc: GenDoc, runners: list) -> None:
        pages = extract_pages(doc.pdf)
        sensitive, keep = locate(doc.eval_doc(), pages, hyphen_joins=True)
        texts = {p.number: p.text for p in pages}
        self.docs += 1
        self.pages += len(pages)
        for runner in runners:
            t0 = time.perf_counter()
            spans = runner.spans(pages)
            self.seconds[runner.name] += time.perf_counter() - t0
            total = self.overall[runner.name]
            missed, over = len(total.misses), len(total.over)
            score(total, pages, spans, sensitive, keep)
            score(self.genre[doc.genre][runner.name], pages, spans, sensitive, keep)
            for item in total.misses[missed:]:
                self.contexts[runner.name].append(_context(texts[item.page], item.start, item.end))
            for item in total.over[over:]:
                self.over_contexts[runner.name].append(_context(texts[item.page], item.start, item.end))

    def to_json(self) -> dict:
        def block(s: Scores) -> dict:
            return {
                "recall": round(s.recall, 4), "recalled": s.recalled, "sensitive": s.sensitive,
                "keep": round(s.keep_rate, 4), "kept": s.kept, "keep_items": s.keep,
                "span_precision": round(s.precision, 4), "char_precision": round(s.char_precision, 4),
                "spans": s.spans,
            }

        out = {"documents": self.docs, "pages": self.pages, "systems": {}}
        for name, s in self.overall.items():
            out["systems"][name] = block(s) | {
                "seconds": round(self.seconds[name], 1),
                "by_type": {t: {"recalled": s.by_entity[t][0], "total": s.by_entity[t][1],
                                "recall": round(s.by_entity[t][0] / s.by_entity[t][1], 4)}
                            for t in SENSITIVE_TYPES if s.by_entity.get(t, [0, 0])[1]},
                "by_genre": {g: block(per[name]) for g, per in sorted(self.genre.items())},
            }
        return out


def evaluate(halves: list[str], presidio: bool = True, limit: int | None = None) -> list[HalfResult]:
    runners: list = [ToolRunner(None)]
    if presidio:
        runners.append(PresidioRunner())
    results = []
    for half in halves:
        result = HalfResult(half, [r.name for r in runners])
        for doc in load_half(half, limit):
            result.add(doc, runners)
        results.append(result)
    return results


def _cell(got: int, total: int) -> str:
    return f"{got / total:.3f} ({got}/{total})" if total else "-"


def print_half(r: HalfResult, out=sys.stdout) -> None:
    systems = list(r.overall)
    first = r.overall[systems[0]]
    print(f"\n== {r.half} half: {r.docs} documents, {r.pages} pages, {first.sensitive} sensitive items, "
          f"{first.keep} keep items ==", file=out)
    header = f"{'type':<16}{'items':>7}" + "".join(f"{s:>24}" for s in systems)
    print(header, file=out)
    for t in SENSITIVE_TYPES:
        total = first.by_entity.get(t, [0, 0])[1]
        if total:
            print(f"{t:<16}{total:>7}" + "".join(f"{_cell(*r.overall[s].by_entity.get(t, [0, 0])):>24}"
                                                 for s in systems), file=out)
    print(f"{'ALL (recall)':<16}{first.sensitive:>7}"
          + "".join(f"{_cell(r.overall[s].recalled, r.overall[s].sensitive):>24}" for s in systems), file=out)
    print(f"{'KEEP (kept)':<16}{first.keep:>7}"
          + "".join(f"{_cell(r.overall[s].kept, r.overall[s].keep):>24}" for s in systems), file=out)
    print(f"{'span precision':<23}" + "".join(
        f"{_cell(r.overall[s].spans_on_target, r.overall[s].spans):>24}" for s in systems), file=out)
    print(f"{'char precision':<23}" + "".join(f"{r.overall[s].char_precision:>24.3f}" for s in systems), file=out)
    print(f"{'seconds':<23}" + "".join(f"{r.seconds[s]:>24.1f}" for s in systems), file=out)
    print("recall by genre: " + "; ".join(
        f"{g} " + "/".join(f"{per[s].recall:.2f}" for s in systems) for g, per in sorted(r.genre.items())),
        file=out)


def print_misses(r: HalfResult, out=sys.stdout) -> None:
    name = next(iter(r.overall))
    s = r.overall[name]
    print(f"\n{name}, {r.half} half: missed sensitive items ({len(s.misses)})", file=out)
    for item, ctx in zip(s.misses, r.contexts[name], strict=True):
        print(f"  {item.doc} p{item.page + 1} {item.label:<15} {item.text!r}  {ctx}", file=out)
    print(f"{name}, {r.half} half: keep items redacted ({len(s.over)})", file=out)
    for item, ctx in zip(s.over, r.over_contexts[name], strict=True):
        print(f"  {item.doc} p{item.page + 1} {item.text!r}  {ctx}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.run", description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--misses", action="store_true", help="list missed and over-redacted items (dev half)")
    parser.add_argument("--show-test-misses", action="store_true",
                        help="with --misses, list the test half's too (spoils the test half)")
    parser.add_argument("--no-presidio", action="store_true", help="skip Presidio's default analyzer")
    parser.add_argument("--limit", type=int, help="only the first N documents of each half")
    parser.add_argument("--json", type=Path, help="write the results here (make eval: bench/eval_generalise.json)")
    args = parser.parse_args(argv)
    halves = ["dev", "test"] if args.half == "both" else [args.half]
    t0 = time.perf_counter()
    for half in halves:  # build (or load) first, so the generation time is reported apart
        load_half(half, args.limit)
    generated = time.perf_counter() - t0
    results = evaluate(halves, presidio=not args.no_presidio, limit=args.limit)
    wall = time.perf_counter() - t0
    print(f"generated evaluation set {version()} (independent of the recognizers; see evaluation/generate.py)")
    for r in results:
        print_half(r)
    if args.misses:
        for r in results:
            if r.half == "test" and not args.show_test_misses:
                print("\n(test half misses not shown: pass --show-test-misses, which spoils the test half)")
                continue
            if r.half == "test":
                print("\nWARNING: listing the test half's misses. Anything tuned on them makes the test half "
                      "a second dev half; report test numbers from a new seed afterwards.", file=sys.stderr)
            print_misses(r)
    print(f"\nwall time {wall:.1f} s (generation/cache {generated:.1f} s)")
    if args.json:
        data = {
            "generator_version": version(), "limit": args.limit, "wall_seconds": round(wall, 1),
            "generation_seconds": round(generated, 1),
            "halves": {r.half: r.to_json() | {"set": summary(load_half(r.half, args.limit))} for r in results},
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
