"""Read once (issue 9): a batch's second pass, and identical pages, reuse the OCR reading made from the
same image with the same settings instead of running Tesseract again; anything else is read afresh."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from batch.helpers import run
from test_ocr import LETTER, WITHHELD, _scan, needs_tesseract

import redactor.batch
from redactor import ocr
from redactor.batch import OCR_CACHE
from redactor.config.run import RunOptions
from redactor.extract import extract_document
from redactor.pipeline import redact_file

pytestmark = needs_tesseract


@pytest.fixture
def tesseract_calls(monkeypatch) -> list[str]:
    """Every Tesseract run in this process (reading, orientation, second look), by name."""
    calls: list[str] = []
    for name in ("_read", "_orientation", "unread_marks"):
        real = getattr(ocr, name)

        def counted(*args, _real=real, _name=name, **kw):
            calls.append(_name)
            return _real(*args, **kw)

        monkeypatch.setattr(ocr, name, counted)
    return calls


def _read(path: Path, cache: Path | None, **kw) -> tuple[ocr.OcrResult, list]:
    kw.setdefault("dpi", 150)  # enough for the 13 pt letter, and quicker to read than 300
    with pymupdf.open(path) as doc:
        pages = extract_document(doc)
        pages, result = ocr.ocr_document(doc, pages, cache=cache, **kw)
    return result, pages


def _words(result: ocr.OcrResult) -> dict[int, list[ocr.OcrWord]]:
    return {n: p.words for n, p in result.pages.items()}


def test_the_same_page_is_read_once(tmp_path, tesseract_calls):
    scan = _scan(tmp_path / "scan.pdf", [LETTER])
    cache = tmp_path / "cache"
    cache.mkdir()
    first, first_pages = _read(scan, cache)
    assert tesseract_calls and first.pages[0].reused is False
    assert len(list(cache.iterdir())) == 1
    tesseract_calls.clear()
    second, second_pages = _read(scan, cache)
    assert tesseract_calls == []
    assert second.pages[0].reused is True
    # the reading, and the page text built from it, are exactly the first ones
    assert _words(second) == _words(first)
    assert (second.pages[0].confidence, second.pages[0].rotation) == (first.pages[0].confidence,
                                                                         first.pages[0].rotation)
    assert second.unreviewed == first.unreviewed
    assert second_pages[0].text == first_pages[0].text and "Whitfield" in second_pages[0].text


def test_without_a_cache_every_reading_runs_tesseract(tmp_path, tesseract_calls):
    scan = _scan(tmp_path / "scan.pdf", [LETTER])
    _read(scan, None)
    once = len(tesseract_calls)
    _read(scan, None)
    assert once and len(tesseract_calls) == 2 * once


def test_a_different_image_or_setting_is_read_afresh(tmp_path, tesseract_calls):
    cache = tmp_path / "cache"
    cache.mkdir()
    scan = _scan(tmp_path / "scan.pdf", [LETTER])
    other = _scan(tmp_path / "other.pdf", [[line.replace("Tom Whitfield", "Ann Hartley") if isinstance(line, str)
                                            else line for line in LETTER]])
    first, _ = _read(scan, cache)
    tesseract_calls.clear()
    changed, pages = _read(other, cache)
    assert tesseract_calls and changed.pages[0].reused is False
    assert "Hartley" in pages[0].text and "Whitfield" not in pages[0].text
    tesseract_calls.clear()
    stricter, _ = _read(scan, cache, min_confidence=first.pages[0].confidence + 1)
    assert tesseract_calls and stricter.pages[0].reused is False
    tesseract_calls.clear()
    finer, _ = _read(scan, cache, dpi=200)
    assert tesseract_calls and finer.pages[0].reused is False
    assert len(list(cache.iterdir())) == 4


def test_a_damaged_entry_is_read_again_and_replaced(tmp_path, tesseract_calls):
    scan = _scan(tmp_path / "scan.pdf", [LETTER])
    cache = tmp_path / "cache"
    cache.mkdir()
    first, _ = _read(scan, cache)
    (entry,) = cache.iterdir()
    for damage in ("{not json", json.dumps({"words": [["x", [1, 2], 90, 0, 0]], "confidence": 90, "turn": 0,
                                             "unread": []})):
        entry.write_text(damage)
        tesseract_calls.clear()
        again, _ = _read(scan, cache)
        assert tesseract_calls and again.pages[0].reused is False
        assert _words(again) == _words(first)
    assert json.loads(entry.read_text())["words"]  # rewritten whole


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path, tesseract_calls):
    scan = _scan(tmp_path / "scan.pdf", [LETTER])
    missing = tmp_path / "gone"  # e.g. a remote dask worker without the batch's folder
    first, _ = _read(scan, missing)
    second, _ = _read(scan, missing)
    assert not missing.exists()
    assert second.pages[0].reused is False and _words(second) == _words(first)


def test_a_second_look_that_timed_out_is_not_kept(tmp_path, monkeypatch):
    scan = _scan(tmp_path / "scan.pdf", [LETTER])
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setattr(ocr, "unread_marks", lambda img, raw: None)
    result, _ = _read(scan, cache)
    assert [u.page for u in result.unreviewed] == [0]  # "could not check", and tried again next time
    assert list(cache.iterdir()) == []


def test_single_redact_reads_afresh_and_says_so(tmp_path, options, detector):
    result = redact_file(_scan(tmp_path / "scan.pdf", [LETTER]), options, detector)
    assert result.ok, result.error
    report = json.loads(result.report.read_text())
    assert [p["reused"] for p in report["ocr_pages"]] == [False]


def test_batch_reads_each_scanned_page_once(tmp_path, monkeypatch, detector):
    """Pass 1 reads, pass 2 reuses: every released page says so, outputs are those of a fresh reading."""
    monkeypatch.setattr(redactor.batch.tasks, "make_detector", lambda settings: detector)  # forked workers too
    monkeypatch.setattr(redactor.batch.tasks, "_detectors", {})
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    scan = _scan(tmp_path / "a.pdf", [LETTER])
    for name in ("a", "b"):  # the second an identical copy in the bundle
        (in_dir / f"{name}.pdf").write_bytes(scan.read_bytes())
    result = run(in_dir, out_dir, workers=2)
    assert sorted(result.processed) == ["a.pdf", "b.pdf"], result.failed
    assert not (out_dir / OCR_CACHE).exists(), "the readings (unredacted text) outlive the run"
    fresh = redact_file(in_dir / "a.pdf", RunOptions.build(tmp_path / "fresh"), detector)
    assert fresh.ok, fresh.error
    expected = json.loads(fresh.report.read_text())
    for name in ("a", "b"):
        report = json.loads((out_dir / f"{name}.report.json").read_text())
        assert [p["reused"] for p in report["ocr_pages"]] == [True]
        assert [(e["text"], e["rects"]) for e in report["redactions"]] == \
               [(e["text"], e["rects"]) for e in expected["redactions"]]
        assert (out_dir / f"{name}.redacted.pdf").read_bytes() == fresh.output.read_bytes()
        text = " ".join(pymupdf.open(out_dir / f"{name}.redacted.pdf")[0].get_text().split())
        for secret in WITHHELD:
            assert secret not in text

