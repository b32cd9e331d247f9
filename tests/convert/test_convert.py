"""Correspondence inputs (issue 8): .eml, .msg, .txt and .md rendered to PDF and redacted like any PDF;
PDF attachments released as documents of their own and referenced from the parent's report."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pymupdf
import pytest
from conftest import all_stream_text, build_pdf, page_text

from redactor import convert
from redactor.errors import ExitCode
from redactor.pdf.files import OutputNames
from redactor.pipeline import redact_file
from redactor.report import verify_released


def _eml(tmp_path: Path, *, html: str | None = None, attachments=(), name="thread.eml") -> Path:
    msg = EmailMessage()
    msg["From"] = '"Whitfield, Tom" <tom.whitfield@harbourside.gov.uk>'
    msg["To"] = "Priya Raghunathan <priya.raghunathan@harbourside.gov.uk>"
    msg["Cc"] = "FOI Team <foi@harbourside.gov.uk>"
    msg["Date"] = "Tue, 30 Apr 2024 09:41:00 +0100"
    msg["Subject"] = "RE: file server"
    msg.set_content("Hi Priya,\n\nThe server was HBC-FS01.\n\nOn 29 April 2024 Priya wrote:\n> Which server?\n")
    if html:
        msg.add_alternative(html, subtype="html")
    for filename, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    path = tmp_path / name
    path.write_bytes(msg.as_bytes())
    return path


def _report(path: Path) -> dict:
    return json.loads(path.read_text())


def test_eml_headers_names_and_addresses_are_withheld(tmp_path, options, detector):
    result = redact_file(_eml(tmp_path), options, detector)
    assert result.ok, result.error
    assert result.output == options.out_dir / "thread.redacted.pdf"
    text = " ".join(page_text(result.output).split())
    streams = all_stream_text(result.output)
    for secret in ("Whitfield", "tom.whitfield@harbourside.gov.uk", "Raghunathan",
                   "priya.raghunathan@harbourside.gov.uk"):
        assert secret not in text and secret not in streams, secret
    # the header labels, the quoted reply and the rest of the body survive
    for kept in ("From:", "To:", "Cc:", "Subject: RE: file server", "Date: Tue, 30 Apr 2024", "> Which server?"):
        assert kept in text, kept
    report = _report(result.report)
    assert report["source_format"] == "eml"
    assert report["source"]["path"] == "thread.eml"
    from redactor.pdf.files import sha256_file

    assert report["source"]["sha256"] == sha256_file(tmp_path / "thread.eml")
    assert verify_released(result.output, result.report).ok


def test_eml_pdf_attachment_is_its_own_document_and_others_are_withheld(tmp_path, options, detector):
    inner = build_pdf(tmp_path / "summary.pdf", [["Incident summary", "Reported by Adaeze Okonkwo"]])
    eml = _eml(tmp_path, attachments=[("summary.pdf", "application/pdf", inner.read_bytes()),
                                      ("archive.zip", "application/zip", b"PK\x03\x04 not parsed")])
    result = redact_file(eml, options, detector)
    assert result.ok, result.error
    report = _report(result.report)
    first, second = report["attachments"]
    assert first["action"] == "redacted"
    assert first["output"] == "thread.attachment-1-summary.redacted.pdf"
    assert first["report"] == "thread.attachment-1-summary.report.json"
    child = options.out_dir / first["output"]
    assert "Okonkwo" not in page_text(child) and "Incident summary" in page_text(child)
    assert _report(options.out_dir / first["report"])["status"] == "released"
    assert second["action"] == "withheld" and "no handler" in second["note"]
    assert not list(options.out_dir.glob("*archive*"))
    assert any("attachment 2" in w for w in report["warnings"])
    # the parent lists its attachments
    assert "summary.pdf" in page_text(result.output)


def test_attachment_named_after_a_withheld_person_gets_a_generic_name(tmp_path, options, detector):
    inner = build_pdf(tmp_path / "cv.pdf", [["Curriculum vitae"]])
    eml = _eml(tmp_path, attachments=[("Tom Whitfield CV.pdf", "application/pdf", inner.read_bytes())])
    result = redact_file(eml, options, detector)
    assert result.ok, result.error
    entry = _report(result.report)["attachments"][0]
    assert entry["output"] == "thread.attachment-1.redacted.pdf"
    assert not [p for p in options.out_dir.iterdir() if "Whitfield" in p.name]


def test_html_body_is_converted_to_text_with_quotes():
    html = ("<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
            "<p>Hi Priya,</p><p>See <a href='https://example.org/x'>the log</a>.<br>Tom</p>"
            "<blockquote><p>Which server?</p><blockquote>Earlier question</blockquote></blockquote>"
            "<ul><li>one</li><li>two</li></ul></body></html>")
    text = convert.html_to_text(html)
    assert "alert" not in text and "color" not in text
    assert "Hi Priya," in text and "the log <https://example.org/x>" in text
    assert "> Which server?" in text and "> > Earlier question" in text
    assert "- one" in text and "- two" in text


def test_html_only_email_is_rendered_as_text(tmp_path, options, detector):
    msg = EmailMessage()
    msg["From"] = "Tom Whitfield <tom.whitfield@harbourside.gov.uk>"
    msg["Subject"] = "Server"
    msg.set_content("<p>Server is <b>HBC-FS01</b></p><blockquote>asked by Daniel McAllister</blockquote>",
                    subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(msg.as_bytes())
    result = redact_file(path, options, detector)
    assert result.ok, result.error
    text = " ".join(page_text(result.output).split())
    assert "Server is" in text and "<p>" not in text and "McAllister" not in text


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_and_markdown_inputs(tmp_path, options, detector, suffix):
    src = tmp_path / f"note{suffix}"
    src.write_text("# Case note\n\nCalled Tom Whitfield about server HBC-FS01.\nNo further action.\n")
    result = redact_file(src, options, detector)
    assert result.ok, result.error
    assert result.output.name == "note.redacted.pdf"
    text = page_text(result.output)
    assert "Whitfield" not in text and "No further action." in text and "Case note" in text
    assert _report(result.report)["source_format"] == suffix[1:]


def test_outlook_msg_through_extract_msg(tmp_path, options, detector, monkeypatch):
    """extract-msg reads the OLE file; here its message object is a stand-in (no .msg writer exists)."""
    import extract_msg

    inner = build_pdf(tmp_path / "a.pdf", [["Attachment naming Adaeze Okonkwo"]]).read_bytes()

    class Att:
        longFilename, mimetype, data = "report.pdf", "application/pdf", inner

    class Msg:
        sender = '"Whitfield, Tom" <tom.whitfield@harbourside.gov.uk>'
        to = "Priya Raghunathan <priya.raghunathan@harbourside.gov.uk>"
        cc = bcc = None
        date = "Tue, 30 Apr 2024 09:41:00 +0100"
        subject = "Server"
        body = "Hi Priya,\nit was HBC-FS01.\n"
        htmlBody = None
        attachments = [Att()]

        def close(self):
            pass

    monkeypatch.setattr(extract_msg, "openMsg", lambda path: Msg())
    src = tmp_path / "mail.msg"
    src.write_bytes(b"\xd0\xcf\x11\xe0 stand-in")
    result = redact_file(src, options, detector)
    assert result.ok, result.error
    text = page_text(result.output)
    assert "Whitfield" not in text and "tom.whitfield" not in text and "From:" in text
    entry = _report(result.report)["attachments"][0]
    assert entry["action"] == "redacted"
    assert "Okonkwo" not in page_text(options.out_dir / entry["output"])


def test_damaged_and_empty_correspondence_fail_cleanly(tmp_path, options, detector):
    bad = tmp_path / "bad.msg"
    bad.write_bytes(b"this is not an OLE file")
    result = redact_file(bad, options, detector)
    assert result.error.exit_code == ExitCode.NOT_A_PDF and "msg" in str(result.error)
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    assert redact_file(empty, options, detector).error.exit_code == ExitCode.EMPTY
    assert redact_file(tmp_path / "missing.eml", options, detector).error.exit_code == ExitCode.INPUT_MISSING
    assert not options.out_dir.exists() or not any(options.out_dir.iterdir())


def test_long_tokens_are_wrapped_not_clipped():
    message = convert.Message([("Subject", "x")], "token " + "A" * 200 + " end", [])
    doc = convert.render(message, "txt", "x")
    text = doc[0].get_text()
    assert text.count("A") == 200 and "end" in text


def test_output_names_follow_the_input_stem(tmp_path):
    names = OutputNames.for_source(Path("mail.eml"), tmp_path)
    assert (names.released, names.report) == (tmp_path / "mail.redacted.pdf", tmp_path / "mail.report.json")
    with pymupdf.open("pdf", convert.render(convert.Message(), "txt", "t").tobytes()) as doc:
        assert "(no text body)" in doc[0].get_text()
