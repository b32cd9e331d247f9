"""analyze -> decisions -> apply, without a browser: what is withheld is exactly what a person decided."""

from __future__ import annotations

import json

import pymupdf
import pytest
from conftest import all_stream_text, page_text
from review_helpers import SIGNATURE_RECT, by_text, decisions_from, make_review_pdf, write_json

from redactor.errors import ConfigError, DecisionsMismatch, ExitCode
from redactor.pdf.files import sha256_file
from redactor.report import validate_report
from redactor.review import analyze_file, apply_decisions


@pytest.fixture
def analysed(tmp_path, options, detector):
    src = make_review_pdf(tmp_path / "notice.pdf")
    before = sha256_file(src)
    result = analyze_file(src, options, detector)
    assert result.ok, result.error
    assert sha256_file(src) == before, "analyze must not change the PDF"
    return src, json.loads(result.proposals.read_text(encoding="utf-8")), result


def test_analyze_writes_pending_proposals_and_a_self_contained_page(analysed):
    src, proposals, result = analysed
    assert result.proposals.name == "notice.proposals.json" and result.page.name == "notice.review.html"
    assert proposals["source"]["sha256"] == sha256_file(src)
    texts = {p["text"] for p in proposals["proposals"]}
    assert {"Tom Whitfield", "01632 960123", "IC-304588-B6D4", "192.168.10.4"} <= texts
    for p in proposals["proposals"]:
        assert p["decision"] == "pending"
        assert p["id"].startswith(f"p{p['page']}-")
        for key in ("rects", "entity_type", "score", "recognizer", "exemptions", "justification", "start", "end"):
            assert p[key] not in (None, [], ""), key
    page = result.page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for needle in ("<script src", "<link", "http://", "https://", "@import", "url("):
        assert needle not in page, needle
    assert page.count("data:image/png;base64,") == 2  # one image per page, inline


def test_script_closing_text_in_the_document_cannot_break_the_page(tmp_path, options, detector, make_pdf):
    src = make_pdf("evil.pdf", ["</script><script>alert(1)</script> Tom Whitfield"])
    result = analyze_file(src, options, detector)
    page = result.page.read_text(encoding="utf-8")
    assert page.count("</script>") == 4  # the data script and the three code scripts; the document's are escaped


def test_apply_withholds_exactly_accepted_and_manual(analysed, tmp_path, options):
    src, proposals, _ = analysed
    ip = by_text(proposals, "192.168.10.4")
    phone = by_text(proposals, "01632 960123")

    def decide(p):
        if p["id"] == phone["id"]:
            return {"decision": "rejected", "reason": "switchboard number, published"}
        if p["id"] == ip["id"]:
            return {"exemptions": ["s24(1)"], "public_interest": "Reviewer's own public interest reasoning."}
        return None

    signed_words = (70, 110, 106, 126)  # the word "Signed" on line 3 (baseline y=122)
    decisions = decisions_from(proposals, decide=decide, manual=[
        {"id": "m1-0001", "page": 1, "rects": [list(SIGNATURE_RECT)]},
        {"id": "m1-0002", "page": 1, "rects": [list(signed_words)], "justification": "Signature block."},
    ])
    path = write_json(tmp_path / "notice.decisions.json", decisions)
    result = apply_decisions(src, path, options)
    assert result.error is None, result.error
    out = result.document.output
    text = page_text(out)
    assert "Whitfield" not in text and "192.168.10.4" not in text and "Signed" not in text
    assert "01632 960123" in text  # rejected: released
    assert "Whitfield" not in all_stream_text(out)
    with pymupdf.open(out) as doc:  # the signature image's own pixels are gone, not just covered
        for xref, *_ in doc[0].get_images(full=True):
            samples = pymupdf.Pixmap(doc, xref).samples
            assert bytes((20, 20, 120)) not in samples, "signature pixels survive in the image"

    report = json.loads(result.document.report.read_text())
    validate_report(report)
    entries = {e["id"]: e for e in report["redactions"]}
    assert phone["id"] not in entries
    assert entries[ip["id"]]["exemption"] == "s24(1)" and entries[ip["id"]]["decision"] == "accepted"
    assert entries[ip["id"]]["public_interest"] == "Reviewer's own public interest reasoning."
    for e in report["redactions"]:
        assert e["reviewer"] == "Jane Reviewer" and e["decided_at"]
    assert entries["m1-0001"]["manual"] is True and entries["m1-0001"]["text"] == ""
    assert entries["m1-0002"]["text"] == "Signed" and entries["m1-0002"]["justification"] == "Signature block."
    [rejected] = report["rejected"]
    assert rejected["id"] == phone["id"] and rejected["reason"] == "switchboard number, published"
    assert report["review"]["reviewers"] == ["Jane Reviewer"]

    csv_path, html_path = result.schedule
    schedule = csv_path.read_text() + html_path.read_text()
    assert "s24(1)" in schedule and "Reviewer's own public interest reasoning." in schedule
    for withheld in ("Whitfield", "192.168.10.4", "IC-304588-B6D4", "Signed"):
        assert withheld not in schedule


def test_apply_refuses_a_decisions_file_for_another_pdf(analysed, tmp_path, options, make_pdf):
    src, proposals, _ = analysed
    path = write_json(tmp_path / "d.json", decisions_from(proposals))
    other = make_pdf("other.pdf", ["Contact Tom Whitfield today."])
    result = apply_decisions(other, path, options)
    assert isinstance(result.error, DecisionsMismatch)
    assert result.error.exit_code == ExitCode.CONFIG_ERROR and "not this file" in str(result.error)
    assert not list(options.out_dir.glob("other.*")), "nothing written for a refused file"


def test_apply_refuses_pending_proposals(analysed, tmp_path, options):
    src, proposals, _ = analysed
    first = proposals["proposals"][0]["id"]
    data = decisions_from(proposals, decide=lambda p: {"decision": "pending"} if p["id"] == first else None)
    result = apply_decisions(src, write_json(tmp_path / "d.json", data), options)
    assert isinstance(result.error, ConfigError) and "no decision" in str(result.error) and first in str(result.error)


def test_apply_cross_checks_the_text_at_the_recorded_offsets(analysed, tmp_path, options):
    src, proposals, _ = analysed
    first = proposals["proposals"][0]
    data = decisions_from(proposals, decide=lambda p: {"start": p["start"] + 1} if p["id"] == first["id"] else None)
    result = apply_decisions(src, write_json(tmp_path / "d.json", data), options)
    assert isinstance(result.error, DecisionsMismatch) and first["id"] in str(result.error)


def test_apply_refuses_unsigned_decisions_and_unknown_codes(analysed, tmp_path, options):
    src, proposals, _ = analysed
    unsigned = decisions_from(proposals, decide=lambda p: {"reviewer": None})
    result = apply_decisions(src, write_json(tmp_path / "a.json", unsigned), options)
    assert isinstance(result.error, ConfigError) and "reviewer" in str(result.error)
    unknown = decisions_from(proposals, decide=lambda p: {"exemptions": ["s99"]})
    result = apply_decisions(src, write_json(tmp_path / "b.json", unknown), options)
    assert isinstance(result.error, ConfigError) and "s99" in str(result.error)


def test_review_copy_is_marked_on_every_page_and_keeps_text(analysed, tmp_path, options):
    src, proposals, _ = analysed
    path = write_json(tmp_path / "d.json", decisions_from(proposals))
    result = apply_decisions(src, path, options, review_copy=True)
    assert result.error is None, result.error
    copy = result.review_copy
    assert copy.name == "notice.REVIEW-COPY-NOT-FOR-RELEASE.pdf"
    with pymupdf.open(copy) as doc:
        for page in doc:
            assert "NOT FOR RELEASE" in page.get_text()
        assert "Tom Whitfield" in doc[0].get_text()  # readable for sign-off
        assert "s40(2)" in doc[0].get_text()  # labelled
        assert "NOT FOR RELEASE" in doc.metadata["title"]


def test_review_copy_refuses_a_release_name(tmp_path):
    from redactor.report.reviewcopy import write_review_copy

    src = make_review_pdf(tmp_path / "x.pdf")
    for name in ("x.redacted.pdf", "x.pdf", "x.REVIEW-COPY-NOT-FOR-RELEASE.redacted.pdf"):
        with pytest.raises(ConfigError):
            write_review_copy(src, [], [], tmp_path / name)
    assert not (tmp_path / "x.redacted.pdf").exists()
