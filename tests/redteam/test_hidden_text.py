"""Issue 22, items 3-5: clipped text, text drawn as outlines, rotated pages and vertical text.

Each case plants a name, an e-mail address and an IP address, runs the real CLI (stub NLP: the name is one
of FIXTURE_PEOPLE) and checks what a requester can recover: pdftotext and an independent OCR of the
released page find none of them, and boxes on rotated and vertical lines have a length along the text that
is a whole multiple of 2 em (no exact word width). Outlined text is either read or the page is listed as
unreviewed, and --strict refuses it: never silent.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.errors import ExitCode
from redactor.model import Withheld
from redactor.pdf.outlines import looks_outlined
from redactor.pdf.visibility import clipped_spans, hidden_spans
from redactor.verify import verify_document

pytestmark = pytest.mark.usefixtures("stub_model")

NAME, EMAIL, IP = "Tom Whitfield", "tom.whitfield@harbourside.gov.uk", "203.0.113.77"
PLANTED = (NAME, EMAIL, IP)
LINES = [f"Contact {NAME} today about it.", f"Email {EMAIL} now please.", f"Source IP {IP} was blocked."]
SIZE = 11.0
BODY = "Routine council business that must survive redaction."


def _run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def _redact(source: Path, out: Path, *extra) -> tuple[int, str, dict | None]:
    code, output = _run("redact", source, "--out", out, *extra)
    report = out / f"{source.stem}.report.json"
    return code, output, json.loads(report.read_text()) if report.exists() else None


def _pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _ocr(path: Path) -> str:
    """An independent reading of the released pages as a requester would take it: render, Tesseract."""
    pytesseract = pytest.importorskip("pytesseract")
    from PIL import Image

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    out = []
    with pymupdf.open(path) as doc:
        for page in doc:
            pix = page.get_pixmap(dpi=200)
            image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            for turn in (0, 90, 180, 270):  # vertical and rotated lines: read every way up
                out.append(pytesseract.image_to_string(image.rotate(turn, expand=True)))
    return "\n".join(out)


def _assert_withheld(released: Path) -> None:
    text, seen = _pdftotext(released), _ocr(released)
    for value in PLANTED:
        assert value not in text, f"pdftotext reads {value!r}"
        assert value.replace(" ", "") not in seen.replace(" ", ""), f"OCR reads {value!r}"


# --- 3. clipped text ----------------------------------------------------------------------------------

def _clipped_pdf(path: Path, clip: bytes = b"400 100 20 20 re W n") -> Path:
    """BODY visible, and LINES drawn outside a small clipping path: nothing on screen."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), BODY, fontname="helv", fontsize=SIZE)
    xref = page.get_contents()[0]
    stream = b"".join(b"BT /helv 11 Tf 72 %d Td (%s) Tj ET " % (600 - 16 * i, line.encode())
                      for i, line in enumerate(LINES))
    doc.update_stream(xref, doc.xref_stream(xref) + b"\nq " + clip + b" " + stream + b"Q\n")
    doc.save(path)
    return path


def test_clipped_text_is_found_as_hidden(tmp_path):
    with pymupdf.open(_clipped_pdf(tmp_path / "clipped.pdf")) as doc:
        spans = hidden_spans(doc[0])
    assert {s.reason for s in spans} == {"clipped"}
    assert all(any(v in s.text for s in spans) for v in PLANTED)
    assert not any(BODY in s.text for s in spans)


def test_clipped_text_is_withheld_removed_and_reported_as_clipped(tmp_path):
    source = _clipped_pdf(tmp_path / "clipped.pdf")
    assert all(v in _pdftotext(source) for v in PLANTED), "fixture: pdftotext reads clipped text"
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    released = tmp_path / "out" / "clipped.redacted.pdf"
    _assert_withheld(released)
    assert BODY in _pdftotext(released)
    clipped = [e for e in report["channel_redactions"] if e["channel"] == "clipped"]
    assert {v for v in PLANTED if any(v in e["text"] for e in clipped)} == set(PLANTED), clipped
    assert all("clipping path" in e["location"] and e["action"] == "removed" for e in clipped)
    assert report["verification"]["passed"] if "passed" in report["verification"] else not report["verification"]["leaks"]


def test_verify_fails_on_clipped_text_with_a_withheld_value(tmp_path):
    source = _clipped_pdf(tmp_path / "clipped.pdf")
    result = verify_document(source, [Withheld("r-1", 0, EMAIL, (), "s40(2)")])
    assert not result.ok
    # reported once, as invisible text (any clipped text is a leak); the "clipped" text channel is read by
    # the channel scan before redaction, not again by verification (channels.extract_channels traced=False)
    clipped = [leak for leak in result.leaks if leak.channel == "invisible-text" and "clipped" in leak.detail]
    assert any(EMAIL in leak.detail for leak in clipped), result.leaks


def test_text_inside_a_page_sized_clip_is_not_clipped(tmp_path):
    source = _clipped_pdf(tmp_path / "page-clip.pdf", clip=b"0 0 595 842 re W n")
    with pymupdf.open(source) as doc:
        assert clipped_spans(doc[0]) == []
        assert hidden_spans(doc[0]) == []


def test_text_partly_inside_its_clip_is_kept_where_it_shows(tmp_path):
    """A glyph that shows even in part is not 'clipped' (a word cut by a table cell stays)."""
    # the clip shows the start of the first two lines (~8 letters each); the third line is below it
    source = _clipped_pdf(tmp_path / "cell.pdf", clip=b"72 580 45 40 re W n")
    with pymupdf.open(source) as doc:
        spans = clipped_spans(doc[0])
    texts = [s.text for s in spans]
    assert not any(t.startswith(("Contact", "Email")) for t in texts), texts
    assert any(t.endswith("today about it.") for t in texts) and any(t.endswith("now please.") for t in texts)
    assert f"Source IP {IP} was blocked." in texts


def _plain_pdf(path: Path, extra: bytes = b"") -> Path:
    """BODY and LINES as ordinary text (nothing clipped), plus `extra` content appended to the page."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), BODY, fontname="helv", fontsize=SIZE)
    for i, line in enumerate(LINES):
        page.insert_text((72, 600 - 16 * i), line, fontname="helv", fontsize=SIZE)
    if extra:
        xref = page.get_contents()[0]
        doc.update_stream(xref, doc.xref_stream(xref) + b"\n" + extra)
    doc.save(path)
    return path


def test_quick_proof_that_nothing_is_clipped_only_where_nothing_can_be(tmp_path):
    """clipped_spans(quick=True) skips the clip extraction only on a page whose content cannot clip text:
    never with a clip operator, a clipping text mode, a form XObject (its /BBox clips) or text off the page."""
    from redactor.pdf.visibility import _nothing_clipped

    def proved(path: Path) -> bool:
        with pymupdf.open(path) as doc:
            return _nothing_clipped(doc[0], doc[0].get_texttrace())

    assert proved(_plain_pdf(tmp_path / "plain.pdf"))
    assert not proved(_clipped_pdf(tmp_path / "clip.pdf"))
    assert not proved(_clipped_pdf(tmp_path / "page-clip.pdf", clip=b"0 0 595 842 re W n"))  # (even a harmless one)
    assert not proved(_plain_pdf(tmp_path / "tr7.pdf", b"BT /helv 11 Tf 7 Tr 72 300 Td (Mask) Tj ET"))
    assert not proved(_plain_pdf(tmp_path / "offpage.pdf", b"BT /helv 11 Tf 700 300 Td (Far right) Tj ET"))
    form = tmp_path / "form.pdf"
    with pymupdf.open() as doc:
        doc.new_page(width=595, height=842).show_pdf_page(pymupdf.Rect(0, 0, 595, 842),
                                                          pymupdf.open(_plain_pdf(tmp_path / "src.pdf")), 0)
        doc.save(form)
    assert not proved(form)
    # where the proof does not hold, quick and full agree: the planted lines are found either way
    with pymupdf.open(_clipped_pdf(tmp_path / "clip2.pdf")) as doc:
        assert clipped_spans(doc[0], quick=True) == clipped_spans(doc[0]) != []


def test_text_drawn_twice_at_one_place_is_not_clipped(tmp_path):
    """MuPDF reads a glyph overprinted at the same place (fake bold) once, clip or no clip: it is not clipped
    text (it was, before: hardening removed visible text, or verification refused the release)."""
    # each glyph drawn twice before the next, as fake bold is (MuPDF drops the second of two in a row)
    twice = b" ".join(b"BT /helv 11 Tf %d 400 Td (%s) Tj ET " % (72 + 8 * i, c.encode()) * 2
                      for i, c in enumerate("Bold heading") if c != " ")
    with pymupdf.open(_plain_pdf(tmp_path / "twice.pdf", twice)) as doc:
        assert clipped_spans(doc[0]) == []
        assert hidden_spans(doc[0]) == []


# --- 4. outlined text ---------------------------------------------------------------------------------

def _text_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 100.0
    for line in [BODY, *LINES, "The council will respond within twenty working days."]:
        page.insert_text((72, y), line, fontname="helv", fontsize=SIZE)
        y += 16
    doc.save(path)
    return path


def _outlined_pdf(path: Path) -> Path:
    """The same page with every letter converted to a filled path (Ghostscript's -dNoOutputFonts)."""
    if shutil.which("gs") is None:
        pytest.skip("Ghostscript not installed (make system-deps)")
    source = _text_pdf(path.with_suffix(".text.pdf"))
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dNoOutputFonts", "-sDEVICE=pdfwrite",
                    f"-sOutputFile={path}", str(source)], check=True, capture_output=True)
    return path


def test_outlined_page_is_recognised(tmp_path):
    path = _outlined_pdf(tmp_path / "outlined.pdf")
    with pymupdf.open(path) as doc:
        assert not doc[0].get_text().strip(), "fixture: no text left to extract"
        assert looks_outlined(doc[0])
    with pymupdf.open(_text_pdf(tmp_path / "text.pdf")) as doc:
        assert not looks_outlined(doc[0])


def _chart(kind: str) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 60), "Figure 3: response times by week", fontsize=10)
    rng = random.Random(1)
    if kind == "scatter":
        for _ in range(400):
            page.draw_circle((rng.uniform(80, 500), rng.uniform(100, 600)), 2, color=None, fill=(0, 0, 1))
    elif kind == "square-markers":
        for _ in range(400):
            x, y = rng.uniform(80, 500), rng.uniform(100, 600)
            page.draw_rect(pymupdf.Rect(x, y, x + 3, y + 3), color=None, fill=(1, 0, 0))
    elif kind == "line-markers":  # markers in rows, in three sizes: the closest a chart gets to text
        for row in range(10):
            for i in range(20):
                page.draw_circle((80 + i * 20, 100 + row * 30), 1.5 + i % 3, color=None, fill=(0, 0, 0))
    elif kind == "bars":
        for i in range(80):
            h = rng.uniform(2, 55)
            page.draw_rect(pymupdf.Rect(60 + i * 6, 500 - h, 64 + i * 6, 500), color=None, fill=(0, 0.5, 0))
    elif kind == "heat-map":
        for i in range(20):
            for j in range(20):
                page.draw_rect(pymupdf.Rect(60 + i * 10, 100 + j * 10, 69 + i * 10, 109 + j * 10), color=None,
                               fill=(i / 20, j / 20, 0.5))
    return doc


def test_vector_art_beside_text_is_not_outlined_text():
    """Many small curved blobs of every size (a texture, an engraving) on a page that has its own text."""
    doc = pymupdf.open()
    page = doc.new_page()
    rng = random.Random(3)
    for row in range(8):
        page.insert_text((72, 560 + 14 * row), "Figure 2: the texture of the cover illustration, drawn as paths.",
                         fontsize=10)
    for _ in range(300):
        x, y, r = rng.uniform(100, 400), rng.uniform(100, 500), rng.uniform(1, 6)
        page.draw_oval(pymupdf.Rect(x, y, x + r * rng.uniform(0.5, 2), y + r), color=None, fill=(0, 0, 0))
    assert not looks_outlined(page)


@pytest.mark.parametrize("kind", ["scatter", "square-markers", "line-markers", "bars", "heat-map"])
def test_charts_are_not_outlined_text(kind):
    with _chart(kind) as doc:
        assert not looks_outlined(doc[0])


def test_outlined_page_with_ocr_never_is_unreviewed_and_strict_refuses_it(tmp_path):
    source = _outlined_pdf(tmp_path / "outlined.pdf")
    code, output, report = _redact(source, tmp_path / "out", "--ocr", "never")
    assert code == ExitCode.OK, output
    assert [u["page"] for u in report["unreviewed_pages"]] == [1], report["unreviewed_pages"]
    assert report["status"] == "released_with_unreviewed_pages"
    code, output, _ = _redact(source, tmp_path / "strict", "--ocr", "never", "--strict")
    assert code == ExitCode.VERIFICATION_FAILED and "--strict" in output
    assert not (tmp_path / "strict" / "outlined.redacted.pdf").exists()


def test_outlined_page_with_ocr_auto_is_read_and_withheld(tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    source = _outlined_pdf(tmp_path / "outlined.pdf")
    code, output, report = _redact(source, tmp_path / "out", "--ocr", "auto")
    assert code == ExitCode.OK, output
    released = tmp_path / "out" / "outlined.redacted.pdf"
    if report["unreviewed_pages"]:  # read but not trusted: listed, never silent
        assert report["status"] == "released_with_unreviewed_pages"
        return
    withheld = " ".join(e["text"] for e in report["redactions"])
    assert EMAIL in withheld and IP in withheld, report["redactions"]
    _assert_withheld(released)


# --- 5. rotated pages and vertical text ------------------------------------------------------------------

def _rotated_pdf(path: Path) -> Path:
    """Pages /Rotate 90, 180, 270 (text level in page space) and an upright page with vertical lines."""
    doc = pymupdf.open()
    for rotation in (90, 180, 270):
        page = doc.new_page(width=595, height=842)
        for i, line in enumerate(LINES):
            page.insert_text((72, 100 + 16 * i), line, fontname="helv", fontsize=SIZE)
        page.set_rotation(rotation)
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(LINES):
        page.insert_text((100 + 16 * i, 700), line, fontname="helv", fontsize=SIZE, rotate=90)
    doc.save(path)
    return path


def _length_along_text(rect: list[float], vertical: bool) -> float:
    x0, y0, x1, y1 = rect
    return y1 - y0 if vertical else x1 - x0


def test_rotated_and_vertical_lines_get_quantised_boxes_and_are_withheld(tmp_path):
    source = _rotated_pdf(tmp_path / "rotated.pdf")
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    cell = 2 * SIZE
    with pymupdf.open(source) as doc:
        exact = {(p.number + 1, v): r for p in doc for v in PLANTED for r in p.search_for(v)[:1]}
    for entry in report["redactions"]:
        value = next(v for v in PLANTED if v in entry["text"])
        vertical = entry["page"] == 4
        length = _length_along_text(entry["rects"][0], vertical)
        assert abs(length / cell - round(length / cell)) < 0.01, (entry["page"], value, length)
        ours = exact.get((entry["page"], value))
        if ours is not None:  # search_for gives rotated-page coordinates: compare lengths only
            width = max(ours.width, ours.height)
            assert length >= width - 0.5
    assert {e["page"] for e in report["redactions"]} == {1, 2, 3, 4}
    released = tmp_path / "out" / "rotated.redacted.pdf"
    _assert_withheld(released)
    text = _pdftotext(released)
    assert "today about it." in text and "was blocked." in text  # the tails are redrawn, not lost


def test_tail_of_a_vertical_line_starts_at_the_box_edge(tmp_path):
    """The surviving text after a box is redrawn from the box's end, along the line: its position says
    how many cells the box has, not how long the removed text was."""
    source = _rotated_pdf(tmp_path / "rotated.pdf")
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    box = next(e for e in report["redactions"] if e["page"] == 4 and NAME in e["text"])["rects"][0]
    with pymupdf.open(tmp_path / "out" / "rotated.redacted.pdf") as doc:
        tail = next(s for s in doc[3].get_texttrace() if "today" in "".join(chr(c[0]) for c in s["chars"]))
    assert tuple(tail["dir"]) == (0.0, -1.0)
    assert abs(tail["chars"][0][2][1] - box[1]) < 0.05  # the line runs up the page: it starts at the box top


# --- 6. scanned pages: the OCR text layer a line at a time, boxes quantised where there is room -----------

def test_scanned_page_text_layer_by_line_and_boxes_in_cells(tmp_path):
    """The released scan's invisible text layer is written one run of words per OCR line, so pdftotext
    gives the letter's lines (it gave one word per line, in reverse order)."""
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    source = Path(__file__).resolve().parents[2] / "sample_docs" / "scanned_letter.pdf"
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    text = _pdftotext(tmp_path / "out" / "scanned_letter.redacted.pdf")
    assert "Personal data breach: your council tax account" in text
    assert "PRIVATE AND CONFIDENTIAL" in text
    # boxes over read words are whole cells of 2 x their height along the line, short of the next word:
    # a withheld word that ends its line (the e-mail address here) does not show its length
    assert not report["verification"]["leaks"]
    email = next(e for e in report["redactions"] if "@" in e["text"])
    x0, y0, x1, y1 = email["rects"][0]
    cells = (x1 - x0) / (2 * (y1 - y0))
    assert abs(cells - round(cells)) < 0.01, email["rects"]


@pytest.mark.parametrize("rotate", [270, 180])
def test_lines_running_down_or_upside_down_get_quantised_boxes(tmp_path, rotate):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(LINES):
        at = (400 - 16 * i, 100) if rotate == 270 else (500, 700 - 16 * i)
        page.insert_text(at, line, fontname="helv", fontsize=SIZE, rotate=rotate)
    source = tmp_path / f"turned{rotate}.pdf"
    doc.save(source)
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    assert len(report["redactions"]) == 3
    for entry in report["redactions"]:
        length = _length_along_text(entry["rects"][0], vertical=rotate == 270)
        assert abs(length / (2 * SIZE) - round(length / (2 * SIZE))) < 0.01, (entry["text"], length)
    released = tmp_path / "out" / f"turned{rotate}.redacted.pdf"
    _assert_withheld(released)
    assert "was blocked." in _pdftotext(released)


def test_text_clipped_by_a_form_xobject_is_withheld_and_removed(tmp_path):
    """A page placed inside another with a clip (show_pdf_page: a form XObject whose BBox cuts it): the
    part outside the BBox is drawn nowhere but read by every clip-ignoring parser."""
    inner = pymupdf.open()
    page = inner.new_page(width=300, height=100)
    page.insert_text((10, 50), "Visible part of the placed page", fontsize=SIZE)
    page.insert_text((10, 90), f"Hidden {NAME} {EMAIL} {IP}", fontsize=SIZE)
    doc = pymupdf.open()
    outer = doc.new_page(width=595, height=842)
    outer.insert_text((72, 72), BODY, fontname="helv", fontsize=SIZE)
    outer.show_pdf_page(pymupdf.Rect(72, 200, 372, 250), inner, 0, clip=pymupdf.Rect(0, 0, 300, 60))
    source = tmp_path / "form-clip.pdf"
    doc.save(source)
    with pymupdf.open(source) as check:
        assert [s.reason for s in hidden_spans(check[0])] == ["clipped"]
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    released = tmp_path / "out" / "form-clip.redacted.pdf"
    _assert_withheld(released)
    assert "Visible part of the placed page" in _pdftotext(released)
    assert any(e["channel"] == "clipped" for e in report["channel_redactions"])


@pytest.mark.slow
def test_a_name_the_stub_does_not_know_is_withheld_when_clipped_or_turned(tmp_path, monkeypatch):
    """The real spaCy model (not the stub) finds a name hidden by a clip and on a vertical line."""
    monkeypatch.undo()  # the module's stub_model fixture: back to redactor.detect.load_spacy, the real model
    name = "Martin Okafor"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), "Breach report for the week.", fontname="helv", fontsize=SIZE)
    page.insert_text((100, 700), f"The message was sent by {name} on Tuesday.", fontname="helv", fontsize=SIZE,
                     rotate=90)
    xref = page.get_contents()[0]
    hidden = f"Reviewed by {name} before release.".encode()
    doc.update_stream(xref, doc.xref_stream(xref) + b"\nq 400 100 20 20 re W n BT /helv 11 Tf 72 500 Td ("
                      + hidden + b") Tj ET Q\n")
    source = tmp_path / "named.pdf"
    doc.save(source)
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    assert sum(name in e["text"] for e in report["redactions"]) == 2, report["redactions"]
    released = tmp_path / "out" / "named.redacted.pdf"
    assert "Okafor" not in _pdftotext(released)
    assert "Okafor" not in _ocr(released)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans not installed")
@pytest.mark.parametrize("rotation", [90, 270])
def test_redrawn_tail_beyond_latin1_stays_on_its_line_on_a_rotated_page(tmp_path, rotation):
    """The tail drawn by a TextWriter (characters beyond Latin-1) lands on the line's baseline on a
    /Rotate page too (write_text's correction uses the unrotated page height)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), f"Contact {NAME} about the Ωmega fee €5 today.", fontname="dv",
                     fontfile=str(DEJAVU), fontsize=SIZE)
    page.set_rotation(rotation)
    source = tmp_path / "unicode.pdf"
    doc.save(source)
    code, output, report = _redact(source, tmp_path / "out")
    assert code == ExitCode.OK, output
    (entry,) = report["redactions"]
    length = entry["rects"][0][2] - entry["rects"][0][0]
    assert abs(length / (2 * SIZE) - round(length / (2 * SIZE))) < 0.01
    with pymupdf.open(tmp_path / "out" / "unicode.redacted.pdf") as out:
        tail = next(s for s in out[0].get_texttrace() if "Ωmega" in "".join(chr(c[0]) for c in s["chars"]))
    assert abs(tail["chars"][0][2][1] - 100) < 0.05
    assert abs(tail["chars"][0][2][0] - entry["rects"][0][2]) < 0.05
