"""Release and leaks per PDF producer (issue 19, item 5).

Runs the product (``redactor batch``) on the real-producer corpus of tests/producers and prints, per
producer: documents, released, refused with a real leak, refused falsely, seconds a page; then re-reads
every released file with independent parsers and counts what survived.

Independent parsers: ``pdftotext`` (layout and ``-raw``), pdfminer.six, pypdf (page text, and every
string and decoded stream reachable from the trailer), ``qpdf --qdf`` (the whole file uncompressed,
searched as bytes and as the strings of its text operators, TJ arrays joined), and a raw inflate of every
stream in the file's bytes. Text is compared NFKC-normalised with soft hyphens and line-end hyphenation
removed, and also with all whitespace and hyphens removed.

The rule, one needle (an expected string, or a text the report withheld) at a time: ``n_in`` is how
often the input has it (the most that any parser reads there), ``n_red`` how many of those the report
withheld (occurrences of the needle inside the report's redaction texts), so ``allowed = n_in - n_red``
occurrences may remain. A **leak** is a parser reading ``n_out > allowed`` in the output for a needle
with ``n_red > 0``: withheld, and still readable. A **detection miss** is an expected string with
``n_red < n_in`` that is still in the output: it was never withheld (that is detection, reported apart).
Raw-byte parsers (qpdf, pypdf objects, inflate) only count needles of 4 characters or more: shorter ones
match PDF syntax.

Refused documents: the batch runs with an observer on ``redactor.pipeline.release.verify_document`` that copies
the unreleased file when verification fails (nothing else changes; ``--plain`` runs the installed
``redactor`` instead, and refusals are then "unknown"). A refusal is **real** when the same rule finds a
leak in that unreleased file, or when a verifier leak quotes text (4+ characters) that is part of an
expected string still readable in it (text under an earlier black box); otherwise it is **false**: the
verifier objected to something no independent parser can read back.

Usage: .venv/bin/python bench/producers.py [--corpus DIR] [--out DIR] [--workers N] [--json PATH]
       [--only PRODUCER ...] [--one-per-producer] [--no-run]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.producers.build_corpus import corpus, normalise, squeeze  # noqa: E402

RAW_PARSERS = {"pypdf-objects", "pypdf-strings", "qpdf-qdf", "qpdf-strings", "raw-inflate", "raw-inflate-strings"}
MIN_RAW = 4

# Runs the batch CLI with an observer that keeps each unreleased (failed-verification) file.
OBSERVED_BATCH = r"""
import shutil, sys
from pathlib import Path
import redactor.pipeline.release as pipeline  # release() verifies every output
keep = Path(sys.argv[1]); keep.mkdir(parents=True, exist_ok=True)
_verify = pipeline.verify_document
def observed(path, withheld):
    result = _verify(path, withheld)
    if not result.ok:
        stem = Path(path).name[1:].split(".redacted.pdf")[0]
        shutil.copyfile(path, keep / f"{stem}.unverified.pdf")
    return result
pipeline.verify_document = observed
from redactor.cli import main
main(sys.argv[2:], prog_name="redactor")
"""


# --- independent parsers ---------------------------------------------------------------------------------

def _run(cmd: list[str], timeout: int = 300) -> str:
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr.decode(errors='replace')[-500:]}")
    return proc.stdout.decode("utf-8", errors="replace")


_LITERAL = re.compile(rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]+)>")
_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(lit: bytes) -> bytes:
    def sub(m: re.Match) -> bytes:
        g = m.group(1)
        if g[:1] in b"01234567":
            return bytes([int(g, 8) & 0xFF])
        return _ESC.get(g, g)
    return re.sub(rb"\\([0-7]{1,3}|.)", sub, lit[1:-1], flags=re.S)


def operator_strings(data: bytes) -> str:
    """The strings of a content stream or file, joined per BT..ET block (TJ arrays and Tj runs joined), as
    Latin-1: what `strings` on a qdf file shows a reader, with kerning split undone."""
    out = []
    for block in re.split(rb"\bET\b", data):
        parts = []
        for m in re.finditer(_LITERAL.pattern + rb"|" + _HEX.pattern, block, re.S):
            tok = m.group(0)
            if tok.startswith(b"("):
                parts.append(_unescape(tok))
            else:
                hexs = re.sub(rb"\s", b"", m.group(1))
                try:
                    parts.append(bytes.fromhex((hexs + b"0" * (len(hexs) % 2)).decode()))
                except ValueError:
                    pass
        if parts:
            joined = b"".join(parts)
            out.append(joined.decode("latin-1"))
            if joined.count(b"\x00") > len(joined) // 4:  # UTF-16BE strings (metadata, bookmarks)
                out.append(joined.decode("utf-16-be", errors="ignore"))
    return "\n".join(out)


def _pypdf_texts(path: Path) -> tuple[str, str, str]:
    """Page text; every string and decoded stream reachable from the trailer; those streams' operator strings."""
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        StreamObject,
        TextStringObject,
    )
    reader = PdfReader(str(path))
    pages = "\n".join((p.extract_text() or "") for p in reader.pages)
    seen: set[tuple[int, int]] = set()
    chunks: list[str] = []
    strings: list[str] = []
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:  # noqa: BLE001 - a broken reference is not our concern here
                continue
        if isinstance(obj, TextStringObject):
            chunks.append(str(obj))
        elif isinstance(obj, ByteStringObject):
            chunks.append(bytes(obj).decode("latin-1"))
        if isinstance(obj, StreamObject):
            try:
                data = obj.get_data()
            except Exception:  # noqa: BLE001 - image filters pypdf cannot decode
                data = b""
            chunks.append(data.decode("latin-1"))
            strings.append(operator_strings(data))
        if isinstance(obj, DictionaryObject):
            stack.extend(v for k, v in obj.items() if k != "/Parent")
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return pages, "\n".join(chunks), "\n".join(strings)


def _raw_inflate(data: bytes) -> tuple[str, str]:
    """Every Flate stream found in the bytes (what a carver sees), and its operator strings."""
    out, strings = [], []
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            d = zlib.decompressobj()
            raw = d.decompress(data[m.end():m.end() + 64 * 1024 * 1024], 256 * 1024 * 1024)
        except zlib.error:
            continue
        out.append(raw.decode("latin-1"))
        strings.append(operator_strings(raw))
    return "\n".join(out), "\n".join(strings)


def parse_all(path: Path) -> dict[str, str]:
    """Every independent parser's text of one PDF."""
    from pdfminer.high_level import extract_text
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor warnings on every page
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    texts = {"pdftotext": _run(["pdftotext", "-enc", "UTF-8", str(path), "-"]),
             "pdftotext-raw": _run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"])}
    try:
        texts["pdfminer"] = extract_text(str(path))
    except Exception as e:  # noqa: BLE001 - a parser that gives up reads nothing: recorded, not fatal
        texts["pdfminer"] = f"\x00pdfminer failed: {e}"
    texts["pypdf-text"], texts["pypdf-objects"], texts["pypdf-strings"] = _pypdf_texts(path)
    with tempfile.TemporaryDirectory(prefix="producers-qdf-") as tmp:
        qdf = Path(tmp) / "q.pdf"
        proc = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--decode-level=all", str(path), str(qdf)],
                              capture_output=True, timeout=300)
        if proc.returncode not in (0, 3) or not qdf.exists():  # 3: warnings
            raise RuntimeError(f"qpdf failed on {path}: {proc.stderr.decode(errors='replace')[-500:]}")
        raw = qdf.read_bytes()
    texts["qpdf-qdf"] = raw.decode("latin-1")
    texts["qpdf-strings"] = operator_strings(raw)
    texts["raw-inflate"], texts["raw-inflate-strings"] = _raw_inflate(path.read_bytes())
    return texts


# --- counting ------------------------------------------------------------------------------------------------

class Prepared:
    """One parser's text in the forms the needles are counted in (computed once per text)."""

    def __init__(self, text: str):
        n = normalise(text)
        self.variants = (n.replace("\x00", ""), n.replace("-\x00", ""))
        self.squeezed = squeeze(text)

    def count(self, needle: str) -> int:
        """Occurrences in the best of: normalised text (line-end hyphen kept, or dropped), squeezed text."""
        best = max(v.count(needle) for v in self.variants)
        sq = squeeze(needle)
        if len(sq) >= MIN_RAW:
            best = max(best, self.squeezed.count(sq))
        return best


def count(needle: str, text: str) -> int:
    return Prepared(text).count(needle)


def withheld_texts(report: dict) -> tuple[list[str], list[str]]:
    """The report's page and channel redaction texts, squeezed."""
    return ([squeeze(r.get("text") or "") for r in report.get("redactions", [])],
            [squeeze(r.get("text") or "") for r in report.get("channel_redactions", [])])


def redacted_count(needle: str, withheld: tuple[list[str], list[str]]) -> int:
    """How many occurrences of `needle` the report withheld (inside its redaction texts; pieces of one
    passage split over lines, one redaction each, are joined pairwise)."""
    sq = squeeze(needle)
    if not sq:
        return 0
    texts, channel = withheld
    total = sum(t.count(sq) for t in texts)
    for a, b in zip(texts, texts[1:], strict=False):
        total += (a + b).count(sq) - a.count(sq) - b.count(sq)
    return total + sum(t.count(sq) for t in channel)


@dataclass
class Finding:
    doc: str
    needle: str
    parser: str
    n_in: int
    n_red: int
    n_out: int


def compare(doc: str, needles: list[str], report: dict, before: dict[str, str], after: dict[str, str]
            ) -> tuple[list[Finding], list[Finding]]:
    """(leaks, detection misses) of `needles` between the input's and an output's parser texts."""
    leaks: list[Finding] = []
    misses: list[Finding] = []
    pre_after = {k: Prepared(v) for k, v in after.items()}
    pre_before = {k: Prepared(before.get(k, "")) for k in after}
    withheld = withheld_texts(report)
    for needle in needles:
        n_red = redacted_count(needle, withheld)
        usable = [k for k in pre_after if not (k in RAW_PARSERS and len(squeeze(needle)) < MIN_RAW)]
        # How often the input has the needle: the most any parser reads there. Per parser would be wrong
        # where the output's encoding differs (a re-typeset line in a base-14 font is readable as raw
        # bytes, the input's Identity-H glyph ids were not; ASCII85 streams defeat a raw inflate).
        n_in = max((pre_before[k].count(needle) for k in usable), default=0)
        for parser in usable:
            n_out = pre_after[parser].count(needle)
            if not n_out:
                continue
            f = Finding(doc, needle, parser, n_in, n_red, n_out)
            if n_red > 0 and n_out > max(0, n_in - n_red):
                leaks.append(f)
            elif n_red < max(n_in, 1):
                misses.append(f)
    return leaks, misses


# --- one document --------------------------------------------------------------------------------------------

@dataclass
class DocResult:
    doc: str
    producer: str
    pages: int
    status: str  # released, released_with_unreviewed_pages, failed_verification, error
    seconds: float
    refusal: str = ""  # real, false, unknown
    refusal_why: list[str] = field(default_factory=list)
    verifier_leaks: list[str] = field(default_factory=list)
    leaks: list[dict] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    error: str = ""


def _quoted(detail: str) -> list[str]:
    return re.findall(r"'([^']{1,200})'", detail)


def check_document(src: Path, expect: dict, report: dict | None, out_dir: Path, keep_dir: Path | None) -> DocResult:
    """The independent check of one document's outcome (released file or kept unreleased file)."""
    stem = src.stem
    pages = expect["pages"]
    if report is None:
        return DocResult(stem, expect["producer"], pages, "error", 0.0, error="no report written")
    status = report.get("status", "?")
    seconds = float((report.get("run") or {}).get("seconds") or 0.0)
    res = DocResult(stem, expect["producer"], report.get("page_count") or pages, status, seconds)
    res.verifier_leaks = [f"{lk.get('channel')}: {lk.get('detail')}" for lk in (report.get("verification") or {}).get("leaks", [])]
    needles = list(expect["withhold"])
    if status.startswith("released"):
        target = out_dir / f"{stem}.redacted.pdf"
    else:
        target = keep_dir / f"{stem}.unverified.pdf" if keep_dir else None
        if target is None or not target.exists():
            res.refusal = "unknown"
            res.refusal_why = ["unreleased file not kept (--plain run)"]
            return res
        # for a refusal, every text the report withheld is a needle too
        needles += sorted({r["text"] for r in report.get("redactions", []) if r.get("text")} - set(needles))
    before, after = parse_all(src), parse_all(target)
    leaks, misses = compare(stem, needles, report, before, after)
    if status.startswith("released"):
        res.leaks = [asdict(f) for f in leaks]
        res.misses = [asdict(f) for f in misses if f.needle in expect["withhold"]]
        return res
    why = [f"{f.parser}: {f.needle!r} read {f.n_out}x (input {f.n_in}x, withheld {f.n_red}x)" for f in leaks]
    pre_after = [Prepared(t) for t in after.values()]
    for detail in res.verifier_leaks:
        for q in _quoted(detail):
            if len(q.strip()) < MIN_RAW:
                continue
            for e in expect["withhold"]:
                if squeeze(q) in squeeze(e) and any(t.count(e) for t in pre_after):
                    why.append(f"verifier quote {q!r} is part of {e!r}, readable in the unreleased file")
                    break
    res.refusal = "real" if why else "false"
    res.refusal_why = why[:20]
    res.misses = [asdict(f) for f in misses if f.needle in expect["withhold"]]
    return res


def _check_one(args: tuple[str, str, str, str | None]) -> DocResult:
    src, expect_path, out_dir, keep = args
    expect = json.loads(Path(expect_path).read_text())
    report_path = Path(out_dir) / f"{Path(src).stem}.report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    try:
        return check_document(Path(src), expect, report, Path(out_dir), Path(keep) if keep else None)
    except Exception as e:  # noqa: BLE001 - one document's checker failure is reported, not fatal
        return DocResult(Path(src).stem, expect["producer"], expect["pages"], "checker-error", 0.0, error=repr(e))


# --- the run ---------------------------------------------------------------------------------------------------

def select(corpus_dir: Path, only: tuple[str, ...] = (), one_per_producer: bool = False) -> list[Path]:
    docs = sorted(corpus_dir.glob("*/*.pdf"))
    if only:
        docs = [d for d in docs if d.parent.name in only]
    if one_per_producer:  # the smallest document of each producer
        best: dict[str, Path] = {}
        for d in docs:
            if d.parent.name not in best or d.stat().st_size < best[d.parent.name].stat().st_size:
                best[d.parent.name] = d
        docs = sorted(best.values())
    return docs


def run_batch(docs: list[Path], out: Path, workers: int, *, plain: bool = False) -> tuple[float, Path | None, int]:
    """`redactor batch` on a staged copy of `docs` (folders by producer); returns (seconds, keep dir, exit code)."""
    stage = out / ".inputs"
    shutil.rmtree(stage, ignore_errors=True)
    for d in docs:
        (stage / d.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(d, stage / d.parent.name / d.name)
    keep = None if plain else out / ".unverified"
    # a fresh run: no report or kept file of an earlier run may pass for this one's
    for folder in (out / "released", out / ".unverified"):
        shutil.rmtree(folder, ignore_errors=True)
    args = ["batch", str(stage), "--out", str(out / "released"), "--workers", str(workers), "--force", "-q"]
    if plain:
        cmd = [str(REPO / ".venv" / "bin" / "redactor"), *args]
    else:
        cmd = [sys.executable, "-c", OBSERVED_BATCH, str(keep), *args]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    if proc.returncode not in (0, 9):
        sys.stderr.write(proc.stderr[-3000:])
    return seconds, keep, proc.returncode


def run(corpus_dir: Path, out: Path, *, workers: int = 2, only: tuple[str, ...] = (), one_per_producer: bool = False,
        plain: bool = False, no_run: bool = False) -> dict:
    docs = select(corpus_dir, only, one_per_producer)
    if not docs:
        raise SystemExit(f"no documents in {corpus_dir}")
    out.mkdir(parents=True, exist_ok=True)
    if no_run:
        batch_seconds, code = 0.0, None
        keep = out / ".unverified" if (out / ".unverified").exists() else None
    else:
        batch_seconds, keep, code = run_batch(docs, out, workers, plain=plain)
    t0 = time.monotonic()
    jobs = [(str(d), str(d.with_suffix(".expect.json")), str(out / "released" / d.parent.name), str(keep) if keep else None)
            for d in docs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_check_one, jobs))
    return {"corpus": str(corpus_dir), "out": str(out), "workers": workers, "batch_seconds": round(batch_seconds, 1),
            "batch_exit": code, "check_seconds": round(time.monotonic() - t0, 1),
            "documents": [asdict(r) for r in results]}


# --- printing -----------------------------------------------------------------------------------------------------

def _reason(line: str) -> str:
    """A verifier leak line with its quoted text and numbers blanked, for grouping."""
    line = re.sub(r"'[^']*'", "'…'", line)
    line = re.sub(r'"[^"]*"', '"…"', line)
    return re.sub(r"\d+(\.\d+)?", "N", line)


def summary(result: dict) -> str:
    docs = result["documents"]
    by: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        by[d["producer"]].append(d)
    lines = [f"corpus {result['corpus']}", f"batch: {result['batch_seconds']} s wall, exit {result['batch_exit']}; "
             f"independent check {result['check_seconds']} s", ""]
    head = f"{'producer':22} {'docs':>4} {'released':>8} {'ref.real':>8} {'ref.false':>9} {'ref.?':>5} {'error':>5} {'s/page':>7} {'leaks':>5} {'misses':>6}"
    lines += [head, "-" * len(head)]
    tot = Counter()
    for producer in sorted(by):
        ds = by[producer]
        released = sum(d["status"].startswith("released") for d in ds)
        real = sum(d["refusal"] == "real" for d in ds)
        false = sum(d["refusal"] == "false" for d in ds)
        unknown = sum(d["refusal"] == "unknown" for d in ds)
        err = sum(d["status"] in ("error", "checker-error") for d in ds)
        pages = sum(d["pages"] for d in ds)
        secs = sum(d["seconds"] for d in ds)
        leaks = len({(d["doc"], f["needle"]) for d in ds if d["status"].startswith("released") for f in d["leaks"]})
        misses = len({(d["doc"], f["needle"]) for d in ds for f in d["misses"]})
        tot.update(docs=len(ds), released=released, real=real, false=false, unknown=unknown, err=err, pages=pages,
                   leaks=leaks, misses=misses)
        tot["secs"] += secs
        lines.append(f"{producer:22} {len(ds):4} {released:8} {real:8} {false:9} {unknown:5} {err:5} "
                     f"{secs / max(pages, 1):7.3f} {leaks:5} {misses:6}")
    lines.append("-" * len(head))
    lines.append(f"{'total':22} {tot['docs']:4} {tot['released']:8} {tot['real']:8} {tot['false']:9} {tot['unknown']:5} "
                 f"{tot['err']:5} {tot['secs'] / max(tot['pages'], 1):7.3f} {tot['leaks']:5} {tot['misses']:6}")
    lines.append("(s/page: the report's run.seconds summed over the producer's documents / their pages; leaks: "
                 "(document, string) pairs an independent parser read back from a released file; misses: "
                 "expected strings never withheld and still in the output)")

    refused = [d for d in docs if d["status"] == "failed_verification"]
    lines += ["", f"Refusal reasons ({len(refused)} refused documents; verifier leak lines, quoted text blanked):"]
    reasons = Counter()
    reason_docs: dict[str, set[str]] = defaultdict(set)
    for d in refused:
        for v in d["verifier_leaks"]:
            reasons[_reason(v)] += 1
            reason_docs[_reason(v)].add(d["doc"])
    for r, n in reasons.most_common():
        lines.append(f"  {n:5}x in {len(reason_docs[r]):2} doc(s)  {r}")
    lines += ["", "Refused documents:"]
    for d in refused:
        lines.append(f"  {d['doc']} [{d['refusal']}] {len(d['verifier_leaks'])} verifier leak(s); first: "
                     f"{(d['verifier_leaks'] or ['-'])[0][:160]}")
        for w in d["refusal_why"][:3]:
            lines.append(f"      real because: {w[:200]}")
    errors = [d for d in docs if d["status"] in ("error", "checker-error")]
    if errors:
        lines += ["", "Errors:"] + [f"  {d['doc']}: {d['status']} {d['error'][:300]}" for d in errors]

    lines += ["", "Independent-parser leaks in released files:"]
    any_leak = False
    for d in docs:
        if d["status"].startswith("released") and d["leaks"]:
            any_leak = True
            per: dict[str, list[str]] = defaultdict(list)
            for f in d["leaks"]:
                per[f["needle"]].append(f"{f['parser']} {f['n_out']}x (in {f['n_in']}, withheld {f['n_red']})")
            for needle, ps in per.items():
                lines.append(f"  {d['doc']}: {needle!r}: {'; '.join(ps)}")
    if not any_leak:
        lines.append("  none")

    lines += ["", "Detection misses (expected strings never withheld, still in the output):"]
    miss_by: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for needle in sorted({f["needle"] for f in d["misses"]}):
            miss_by[d["producer"]][needle] += 1
    if not miss_by:
        lines.append("  none")
    for producer in sorted(miss_by):
        items = ", ".join(f"{n!r}" + (f" x{c}" if c > 1 else "") for n, c in sorted(miss_by[producer].items()))
        lines.append(f"  {producer} ({sum(miss_by[producer].values())}): {items}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="corpus folder (default: the cached build, made if missing)")
    ap.add_argument("--out", type=Path, default=REPO / "out" / "producers", help="working folder (default out/producers)")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--json", type=Path, help="write every document's result here")
    ap.add_argument("--only", nargs="+", default=(), metavar="PRODUCER")
    ap.add_argument("--one-per-producer", action="store_true", help="the smallest document of each producer")
    ap.add_argument("--plain", action="store_true", help="run the installed redactor without the observer")
    ap.add_argument("--no-run", action="store_true", help="check the outputs already in --out")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    corpus_dir = args.corpus or corpus(log=lambda s: print(s, file=sys.stderr))
    build_s = time.monotonic() - t0
    result = run(corpus_dir, args.out, workers=args.workers, only=tuple(args.only),
                 one_per_producer=args.one_per_producer, plain=args.plain, no_run=args.no_run)
    result["corpus_seconds"] = round(build_s, 1)
    print(summary(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    leaks = sum(len(d["leaks"]) for d in result["documents"] if d["status"].startswith("released"))
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
