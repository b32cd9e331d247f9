"""The review path on a scanned letter: apply must read the page with OCR exactly as analyze did, or the
reviewed proposals would not line up with any text and the scan's pixels would stay."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pymupdf
import pytest
from review_helpers import decisions_from, write_json

from redactor.config.run import RunOptions
from redactor.review import analyze_file, apply_decisions

SCAN = Path(__file__).resolve().parents[2] / "sample_docs" / "scanned_letter.pdf"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed (make system-deps)")
def test_analyze_then_apply_on_a_scanned_letter(tmp_path, detector):
    options = RunOptions.build(tmp_path / "review")
    proposed = analyze_file(SCAN, options, detector)
    assert proposed.error is None, proposed.error
    proposals = json.loads((tmp_path / "review" / "scanned_letter.proposals.json").read_text())
    assert any("HB2 8TR" in p["text"] for p in proposals["proposals"])
    decisions = write_json(tmp_path / "scanned_letter.decisions.json", decisions_from(proposals))

    released = apply_decisions(SCAN, decisions, RunOptions.build(tmp_path / "out"))
    assert released.document.error is None, released.document.error
    report = json.loads(released.document.report.read_text())
    assert report["ocr_pages"], "apply must OCR the scanned page like analyze did"
    assert len(report["redactions"]) == len(proposals["proposals"])
    with pymupdf.open(released.document.output) as doc:
        layer = " ".join(doc[0].get_text().split())
    assert "HB2 8TR" not in layer and "Zielinski" not in layer
    assert "Yours sincerely" in layer  # the remaining text stays searchable
