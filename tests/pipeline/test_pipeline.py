"""The core pipeline on real PDFs: withheld text is gone from page text AND every decompressed stream,
neighbouring text survives, and the report says what was withheld under which exemption."""

from __future__ import annotations

import json

import pymupdf
import pytest
from conftest import all_stream_text, page_text

from redactor.errors import ExitCode
from redactor.pipeline import redact_file
from redactor.report import report_schema, validate_report

NOTICE = [
    "Personal Data Breach Report to the Information Commissioner's Office",
    "Our ICO case reference is IC-304588-B6D4, logged on 2 May 2024.",
    "The Data Protection Officer is Priya Raghunathan (priya.raghunathan@harbourside.gov.uk).",
    "Call 01632 960123 or write to 14 Quayside Road, Harbourside HB1 4QZ.",
    "Attacker reached file server HBC-FS01 at 10.20.4.17 under Section 31(1)(a) considerations.",
    "Mr Whitfield was informed. Tom Whitfield agreed with the Council.",
]
WITHHELD = ["IC-304588-B6D4", "Priya Raghunathan", "priya.raghunathan@harbourside.gov.uk", "01632 960123",
            "HB1 4QZ", "HBC-FS01", "10.20.4.17", "Whitfield", "Tom Whitfield"]
KEPT = ["Section 31(1)(a)", "2 May 2024", "Information Commissioner's Office", "Council", "Personal Data Breach Report",
        "file server", "Mr "]


@pytest.fixture
def notice(make_pdf):
    return make_pdf("notice.pdf", NOTICE, metadata={"author": "Priya Raghunathan", "title": "Breach report"})


def test_withheld_text_is_gone_and_kept_text_survives(notice, options, detector):
    result = redact_file(notice, options, detector)
    assert result.ok, result.error
    text = page_text(result.output)
    streams = all_stream_text(result.output)
    for secret in WITHHELD:
        assert secret not in text, secret
        assert secret not in streams, secret
    for keep in KEPT:
        assert keep in text, keep


def test_report_lists_every_redaction_with_exemption(notice, options, detector):
    result = redact_file(notice, options, detector)
    report = json.loads(result.report.read_text())
    validate_report(report)
    by_text = {r["text"]: r for r in report["redactions"]}
    assert by_text["IC-304588-B6D4"]["exemption"] == "s31(1)(g)"
    assert by_text["Priya Raghunathan"]["exemption"] == "s40(2)"
    assert by_text["10.20.4.17"]["exemption"] == "s31(1)(a)"
    assert by_text["10.20.4.17"]["entity_type"] == "IP_ADDRESS"
    assert report["source"]["sha256"] != report["output"]["sha256"]
    assert report["page_count"] == 1
    assert report["status"] == "released"
    assert report["verification"]["ok"] is True
    for entry in report["redactions"]:
        assert entry["page"] == 1
        assert entry["justification"]
        for x0, y0, x1, y1 in entry["rects"]:
            assert x0 < x1 and y0 < y1


def test_schema_rejects_a_report_missing_a_field(notice, options, detector):
    result = redact_file(notice, options, detector)
    report = json.loads(result.report.read_text())
    del report["redactions"][0]["exemption"]
    with pytest.raises(Exception, match="exemption"):
        validate_report(report)
    assert report_schema()["properties"]["schema_version"]["const"] == 1


def test_metadata_author_removed(notice, options, detector):
    result = redact_file(notice, options, detector)
    with pymupdf.open(result.output) as doc:
        assert "Raghunathan" not in json.dumps(doc.metadata)
        assert not doc.get_xml_metadata()


def test_boxes_are_labelled_with_exemption_codes(notice, options, detector):
    result = redact_file(notice, options, detector)
    text = page_text(result.output)
    assert "s40(2)" in text and "s31(1)(g)" in text and "s31(1)(a)" in text


def test_multiline_name_gets_one_box_per_line(make_pdf, options, detector):
    pdf = make_pdf("split.pdf", ["Please contact Priya Raghu-", "nathan about this matter."])
    result = redact_file(pdf, options, detector)
    report = json.loads(result.report.read_text())
    entry = next(r for r in report["redactions"] if "nathan" in r["text"])
    assert len(entry["rects"]) == 2
    text = page_text(result.output)
    assert "Raghu" not in text and "nathan " not in text
    assert "Please contact" in text and "about this matter." in text


@pytest.mark.parametrize("leading", [1.0, 1.15])
def test_tight_line_spacing_keeps_neighbouring_lines(make_pdf, options, detector, leading):
    lines = ["Quietly jumping gypsy fjords above", "Sent by Tom Whitfield yesterday", "Highly jolly typed glyphs below"]
    pdf = make_pdf("tight.pdf", lines, leading=leading)
    result = redact_file(pdf, options, detector)
    assert result.ok, result.error
    text = page_text(result.output)
    assert "Tom Whitfield" not in text
    assert "Quietly jumping gypsy fjords above" in text
    assert "Highly jolly typed glyphs below" in text
    assert "Sent by" in text and "yesterday" in text


def test_name_propagates_to_other_pages_and_possessive(make_pdf, options, detector):
    pdf = make_pdf("prop.pdf", ["Report by Adaeze Okonkwo."], ["Okonkwo's laptop was stolen; Okonkwo reported it."])
    result = redact_file(pdf, options, detector)
    text = page_text(result.output)
    assert "Okonkwo" not in text
    assert "'s laptop was stolen" in text


def test_image_pixels_under_box_are_removed(tmp_path, options, detector):
    """A name drawn over an image: the pixels under the box must be gone from the image itself."""
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 40), False)
    pix.set_rect(pix.irect, (128, 128, 128))
    page.insert_image(pymupdf.Rect(72, 80, 472, 160), pixmap=pix)
    page.insert_text((80, 120), "Signed Tom Whitfield", fontsize=14)
    src = tmp_path / "img.pdf"
    doc.save(src)
    result = redact_file(src, options, detector)
    with pymupdf.open(result.output) as out:
        images = out[0].get_images(full=True)
        assert images, "image should still be there (only pixels under the box removed)"
        rendered = out.extract_image(images[0][0])
        redacted = pymupdf.Pixmap(rendered["image"])
        # the unredacted image was one flat grey; the pixels under the box have been overwritten
        assert redacted.color_topusage()[0] < 1.0


def test_output_not_written_when_verification_fails(notice, options, detector, monkeypatch):
    from redactor import pipeline

    monkeypatch.setattr(pipeline.release, "redact_document", lambda doc, decisions, *a, **k: (decisions, {}))  # "forget" to redact
    result = redact_file(notice, options, detector)
    assert result.error is not None
    assert result.error.exit_code == ExitCode.VERIFICATION_FAILED
    assert not (options.out_dir / "notice.redacted.pdf").exists()
    assert not list(options.out_dir.glob(".*partial"))
    report = json.loads((options.out_dir / "notice.report.json").read_text())
    assert report["status"] == "failed_verification"
    assert report["output"]["path"] is None
    assert report["verification"]["leaks"]


def test_saved_without_earlier_revision(notice, options, detector):
    result = redact_file(notice, options, detector)
    data = result.output.read_bytes()
    assert data.count(b"%%EOF") == 1  # a single revision: nothing incremental


def test_labels_on_rotated_page_follow_the_text_direction(tmp_path, options, detector):
    """A landscape table stored as a rotated page: the text runs vertically in PDF space, and so must the
    label, or it is shrunk to a sliver that nobody can read."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(90)
    page.insert_text((100, 700), "Server HBC-FS01 is at 10.20.4.17 today", fontsize=11, rotate=90)
    src = tmp_path / "rotated.pdf"
    doc.save(src)
    result = redact_file(src, options, detector)
    assert result.ok, result.error
    with pymupdf.open(result.output) as out:
        lines = [line for block in out[0].get_text("dict")["blocks"] for line in block.get("lines", [])]
        text_dirs = {tuple(round(v) for v in ln["dir"]) for ln in lines
                     if "".join(s["text"] for s in ln["spans"]).startswith("Server")}
        label_lines = [ln for ln in lines if "".join(s["text"] for s in ln["spans"]).strip() == "s31(1)(a)"]
        assert "10.20.4.17" not in out[0].get_text()
    assert label_lines, "labels missing"
    assert {tuple(round(v) for v in ln["dir"]) for ln in label_lines} == text_dirs
    assert all(ln["spans"][0]["size"] >= 5 for ln in label_lines)


class _CountingDetector:
    """Wraps the stub detector, counting page-detection calls (channel texts are detected separately)."""

    def __init__(self, inner):
        self.inner, self.page_calls = inner, 0

    def detect(self, pages):
        if pages and hasattr(pages[0], "glyphs") and pages[0].glyphs:
            self.page_calls += 1
        return self.inner.detect(pages)


def test_known_findings_are_reused_not_redetected(notice, options, detector):
    """A batch's first pass hands its findings to the second: detection runs once per document."""
    from redactor.pdf.open import open_pdf
    from redactor.pipeline import analyze

    with open_pdf(notice) as doc:
        first = analyze(doc, options, detector)
    counting = _CountingDetector(detector)
    result = redact_file(notice, options, counting, known_findings=first.findings)
    assert result.ok and counting.page_calls == 0
    assert "Priya Raghunathan" not in page_text(result.output)


def test_stale_known_findings_are_ignored(notice, options, detector):
    """Findings whose text no longer matches the page (a changed file) are not trusted."""
    from redactor.model import Finding

    stale = [Finding(0, 0, 5, "PERSON", 0.9, "old", "Other")]
    counting = _CountingDetector(detector)
    result = redact_file(notice, options, counting, known_findings=stale)
    assert result.ok and counting.page_calls == 1
    assert "Priya Raghunathan" not in page_text(result.output)
