"""Measure OCR on the sample documents (issue 8): word accuracy of Tesseract on rasterised samples against
their source text, and recall of the expected withheld items on scanned vs born-digital versions of the
same documents, with the real spaCy model. Not a test (slow, prints numbers):

    .venv/bin/python tests/ocr/measure_ocr.py

Each born-digital sample is rasterised as sample_docs/make_samples.py does for the shipped scan (200 dpi,
grey, 1.2 degree skew, noise, JPEG). "Recall" counts an expected item as found when every word of it lies
inside a redaction's text; "readable after release" OCRs each released page image on its own and counts
the expected items that can still be read (0 is the goal).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from redactor import ocr  # noqa: E402
from redactor.config.run import RunOptions  # noqa: E402
from redactor.detect import Detector  # noqa: E402
from redactor.pipeline import analyze, redact_file  # noqa: E402
from sample_docs.make_samples import rasterise, scanned_letter_source  # noqa: E402

SAMPLES = REPO / "sample_docs"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\ufb01", "fi")).strip().casefold()


def _words(text: str) -> list[str]:
    return [w.strip(".,;:()\"'") for w in _norm(text).split() if w.strip(".,;:()\"'")]


def word_accuracy(source: pymupdf.Document, scan: pymupdf.Document) -> tuple[float, int, float]:
    """(matched source words / source words, source words, OCR seconds per page)."""
    matched = total = 0
    seconds = 0.0
    for src_page, scan_page in zip(source, scan, strict=True):
        truth = _words(src_page.get_text())
        words, _, _, took = ocr.read_page(scan_page)
        seconds += took
        read = _words(" ".join(w.text for w in words))
        blocks = difflib.SequenceMatcher(None, truth, read, autojunk=False).get_matching_blocks()
        matched += sum(b.size for b in blocks)
        total += len(truth)
    return matched / total, total, seconds / source.page_count


def recall(doc: pymupdf.Document, items: list[str], options, detector) -> float:
    decisions = analyze(doc, options, detector).decisions
    texts = [_norm(d.text) for d in decisions]
    found = sum(all(any(w in t for t in texts) for w in _words(item)) for item in items)
    return found / len(items)


def readable_after_release(scan_path: Path, items: list[str], options, detector) -> list[str]:
    result = redact_file(scan_path, options, detector)
    assert result.ok, result.error
    read = []
    with pymupdf.open(result.output) as doc:
        for page in doc:
            for xref, *_ in page.get_images():
                pix = pymupdf.Pixmap(doc, xref)
                single = pymupdf.open()
                p = single.new_page(width=pix.width * 72 / 200, height=pix.height * 72 / 200)
                p.insert_image(p.rect, pixmap=pix)
                read += [w.text for w in ocr.read_page(p)[0]]
    text = _norm(" ".join(read))
    return [item for item in items if _norm(item) in text]


def main() -> None:
    expected = json.loads((SAMPLES / "expected.json").read_text())
    sources = {name: pymupdf.open(SAMPLES / name) for name in
               ("breach_notification.pdf", "foi_thread.pdf", "letter_signature.pdf")}
    sources["scanned_letter.pdf"] = scanned_letter_source()
    detector = Detector(RunOptions.build(Path("/tmp")).settings)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        options = RunOptions.build(Path(tmp) / "out")
        for name, src in sources.items():
            items = expected[name]["withhold"]
            scan = rasterise(src)
            scan_path = Path(tmp) / f"scan-{name}"
            scan.save(scan_path)
            t0 = time.monotonic()
            accuracy, n_words, per_page = word_accuracy(src, scan)
            digital = pymupdf.open("pdf", src.tobytes())
            r_digital = recall(digital, items, options, detector)
            r_scan = recall(pymupdf.open(scan_path), items, options, detector)
            leaked = readable_after_release(scan_path, items, options, detector)
            rows.append((name, src.page_count, n_words, accuracy, per_page, r_digital, r_scan, len(items), leaked,
                         time.monotonic() - t0))
    print(f"{'document':26} pages words  word-acc  OCR s/page  recall digital  recall scanned  readable after")
    for name, pages, words, acc, per_page, rd, rs, n, leaked, _ in rows:
        print(f"{name:26} {pages:5} {words:5}  {acc:7.1%}  {per_page:10.2f}  {rd:14.1%}  {rs:14.1%}  "
              f"{len(leaked)}/{n} {leaked if leaked else ''}")


if __name__ == "__main__":
    main()
