"""Office documents and images through process_document (issue 21 wiring): converted in the one place an
input becomes a PDF (pipeline.open_document), then redacted, verified and reported like any PDF; an
email's Office attachment is processed as a document of its own."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_pdf, page_text
from PIL import Image, ImageDraw, ImageFont

from redactor import ocr
from redactor.cli import main
from redactor.office import libreoffice

pytestmark = pytest.mark.usefixtures("stub_model")
needs_tesseract = pytest.mark.skipif(ocr.tesseract_problem() is not None, reason="needs Tesseract")
needs_soffice = pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice (soffice) not installed")


def _png(path: Path, text: str) -> Path:
    image = Image.new("RGB", (1400, 300), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 48)
    ImageDraw.Draw(image).text((40, 110), text, fill="black", font=font)
    image.save(path, dpi=(200, 200))
    return path


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@needs_tesseract
def test_an_image_is_converted_read_with_ocr_and_redacted(tmp_path):
    src = _png(tmp_path / "note.png", "Please call Tom Whitfield today.")
    out = tmp_path / "out"
    result = _run("redact", src, "--out", out)
    assert result.exit_code == 0, result.output
    released = out / "note.redacted.pdf"
    assert "Whitfield" not in page_text(released) and "today" in page_text(released)
    report = json.loads((out / "note.report.json").read_text(encoding="utf-8"))
    assert report["source_format"] == "png" and report["source"]["path"] == "note.png"
    assert report["input"] == {"original_name": "note.png", "format": "png", "converted_by": "image"}
    assert report["ocr_pages"] and report["status"] == "released"


@needs_soffice
def test_an_emails_csv_attachment_is_converted_and_redacted(tmp_path):
    msg = EmailMessage()
    msg["From"] = "FOI Team <foi@harbourside.gov.uk>"
    msg["Subject"] = "staff list"
    msg.set_content("The list is attached.\n")
    msg.add_attachment(b"name,phone\nTom Whitfield,01632 960123\n", maintype="text", subtype="csv",
                       filename="staff.csv")
    eml = tmp_path / "thread.eml"
    eml.write_bytes(msg.as_bytes())
    out = tmp_path / "out"
    result = _run("redact", eml, "--out", out)
    assert result.exit_code == 0, result.output
    entry, = json.loads((out / "thread.report.json").read_text(encoding="utf-8"))["attachments"]
    assert entry["action"] == "redacted" and entry["output"] == "thread.attachment-1-staff.redacted.pdf"
    child = out / entry["output"]
    assert "Whitfield" not in page_text(child)
    assert json.loads((out / entry["report"]).read_text(encoding="utf-8"))["input"]["converted_by"] == "libreoffice"


def test_a_batch_lists_the_files_it_cannot_open_never_silently(tmp_path):
    in_dir, out = tmp_path / "in", tmp_path / "out"
    (in_dir / "sub").mkdir(parents=True)
    build_pdf(in_dir / "letter.pdf", [["Contact Tom Whitfield."]])
    (in_dir / "sub" / "archive.zip").write_bytes(b"PK\x03\x04 a zip of who knows what")
    result = _run("batch", in_dir, "--out", out, "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    assert "skipped: sub/archive.zip: unsupported file type .zip" in result.output
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert report["summary"]["unsupported"] == 1
    assert report["unsupported"] == [{"path": "sub/archive.zip", "reason": report["unsupported"][0]["reason"]}]
    assert "unsupported file type .zip" in report["unsupported"][0]["reason"]
    assert "sub/archive.zip" in (out / "batch-report.html").read_text(encoding="utf-8")
