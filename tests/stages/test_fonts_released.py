"""Released pages (issue 21, item 3): a re-typeset line tail keeps its paragraph's face, sans, serif or
mono, bold and italic (redactor/pdf/fonts.py, "the face a re-typeset tail is drawn in").

MuPDF marks a font "serifed" (span flag bit 2) unless its file's OS/2 table says sans-serif, and
LibreOffice's TrueType subsets and pdfLaTeX's Type1 fonts have no such table: DejaVu Sans and Liberation
Sans from LibreOffice, Latin Modern Sans from LaTeX, all read as serif and their tails came out in Times.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest

from redactor.config.run import RunOptions
from redactor.pdf.fonts import base14_name, classify, face_name
from redactor.pdf.sfnt import one_char_per_glyph, os2_family
from redactor.pipeline import redact_file

SIZE = 11.0
FONTS = Path("/usr/share/fonts/truetype")
FILES = {
    "LiberationSans": FONTS / "liberation/LiberationSans-Regular.ttf",
    "LiberationSerif": FONTS / "liberation/LiberationSerif-Regular.ttf",
    "LiberationMono": FONTS / "liberation/LiberationMono-Regular.ttf",
    "DejaVuSans": FONTS / "dejavu/DejaVuSans.ttf",
    "DejaVuSerif": FONTS / "dejavu/DejaVuSerif.ttf",
    "DejaVuSansMono": FONTS / "dejavu/DejaVuSansMono.ttf",
    "DejaVuSans-Bold": FONTS / "dejavu/DejaVuSans-Bold.ttf",
}
needs_fonts = pytest.mark.skipif(not all(p.exists() for p in FILES.values()),
                                 reason="needs fonts-liberation and fonts-dejavu-core")
LINE = "Please call Tom Whitfield on Tuesday about the e-mail; survey report."
KEPT = "Routine council business that must survive."

# (span font name, MuPDF span flags) -> family, bold, italic: what real producers write
CLASSIFIED = [
    ("LiberationSans", 4, ("sans", False, False)),  # LibreOffice: subset without OS/2, flagged serif
    ("BAAAAA+LiberationSans-Bold", 20, ("sans", True, False)),
    ("LiberationSans-Italic", 6, ("sans", False, True)),
    ("DejaVuSans", 4, ("sans", False, False)),
    ("DejaVuSans-Oblique", 6, ("sans", False, True)),
    ("Carlito", 4, ("sans", False, False)),
    ("Calibri-Bold", 20, ("sans", True, False)),
    ("ArialMT", 4, ("sans", False, False)),
    ("Arial,BoldItalic", 4, ("sans", True, True)),
    ("Verdana", 4, ("sans", False, False)),
    ("SegoeUI", 4, ("sans", False, False)),
    ("Roboto-Regular", 4, ("sans", False, False)),
    ("LMSans10-Regular", 4, ("sans", False, False)),  # pdfLaTeX \sffamily, Type1
    ("LMSans10-Bold", 20, ("sans", True, False)),
    ("CMSS10", 4, ("sans", False, False)),
    ("NimbusSans-Regular", 4, ("sans", False, False)),
    ("MicrosoftSansSerif", 4, ("sans", False, False)),
    ("Helvetica", 0, ("sans", False, False)),
    # serif: the negatives of the sans rows, as long a list
    ("LiberationSerif", 4, ("serif", False, False)),
    ("LiberationSerif-Italic", 6, ("serif", False, True)),
    ("DejaVuSerif-Bold", 20, ("serif", True, False)),
    ("TimesNewRomanPSMT", 4, ("serif", False, False)),
    ("TimesNewRomanPS-BoldMT", 20, ("serif", True, False)),
    ("Times-Roman", 4, ("serif", False, False)),
    ("Cambria", 4, ("serif", False, False)),
    ("Georgia", 4, ("serif", False, False)),
    ("LMRoman10-Regular", 4, ("serif", False, False)),
    ("LMRoman10-Italic", 6, ("serif", False, True)),
    ("CMR10", 4, ("serif", False, False)),
    ("CMBX12", 20, ("serif", True, False)),
    ("Garamond", 4, ("serif", False, False)),
    # mono
    ("LiberationMono", 12, ("mono", False, False)),
    ("DejaVuSansMono", 12, ("mono", False, False)),  # "Sans" in the name, but mono first
    ("CourierNewPSMT", 4, ("mono", False, False)),
    ("Courier-Bold", 8, ("mono", True, False)),
    ("LMMono10-Regular", 12, ("mono", False, False)),
    ("CMTT10", 4, ("mono", False, False)),
    ("Consolas", 4, ("mono", False, False)),
    # a name that says nothing: the flags
    ("F1", 0, ("sans", False, False)),
    ("F2", 4, ("serif", False, False)),
    ("F3", 8, ("mono", False, False)),
]


@pytest.mark.parametrize(("font", "flags", "expected"), CLASSIFIED, ids=[c[0] for c in CLASSIFIED])
def test_classify_by_name_before_flags(font, flags, expected):
    assert classify(font, flags) == expected


@needs_fonts
def test_classify_by_the_embedded_files_os2_table_when_the_name_says_nothing():
    """A font named F1, flagged serif by MuPDF (its default): the file's PANOSE says sans or mono."""
    assert classify("F1", 4, FILES["LiberationSans"].read_bytes())[0] == "sans"
    assert classify("F1", 4, FILES["LiberationSerif"].read_bytes())[0] == "serif"
    assert classify("F1", 4, FILES["DejaVuSansMono"].read_bytes())[0] == "mono"


@needs_fonts
def test_face_name_free_font_for_embedded_base14_for_not_embedded():
    assert face_name("Helvetica", 0, embedded=False) == "helv"
    assert face_name("Helvetica-Bold", 16, embedded=True) == "hebo"  # a base-14 face embedded: still base-14
    assert face_name("NimbusSans-Regular", 4, embedded=True) == "helv"  # MuPDF's own Helvetica
    assert face_name("ArialMT", 0, embedded=False) == "helv"
    assert face_name("ArialMT", 0, embedded=True) == "LiberationSans-Regular"
    assert face_name("LiberationSans-Bold", 20, embedded=True) == "LiberationSans-Bold"
    assert face_name("Carlito-Italic", 6, embedded=True) == "LiberationSans-Italic"
    assert face_name("TimesNewRomanPSMT", 4, embedded=True) == "LiberationSerif-Regular"
    assert face_name("CourierNewPS-BoldMT", 20, embedded=True) == "LiberationMono-Bold"
    assert face_name("DejaVuSans", 4, embedded=True) == "DejaVuSans"
    assert face_name("DejaVuSans-Oblique", 6, embedded=True) == "DejaVuSans-Oblique"
    assert face_name("DejaVuSerif-Italic", 6, embedded=True) == "DejaVuSerif-Italic"
    assert face_name("DejaVuSansMono-Bold", 28, embedded=True) == "DejaVuSansMono-Bold"
    assert face_name("Verdana", 4, embedded=True) == "DejaVuSans"
    assert face_name("LMSans10-Regular", 4, embedded=True) == "LiberationSans-Regular"  # nearer LM's widths
    assert face_name("LMRoman10-Regular", 4, embedded=True) == "LiberationSerif-Regular"
    assert face_name("Tahoma", 4, embedded=True) == "LiberationSans-Regular"
    assert base14_name("DejaVuSans", 4) == "helv"  # was "tiro": the flag, MuPDF's default


def _embedded_pdf(path: Path, font: str, size: float = SIZE) -> Path:
    """Two lines in a non-base-14 font embedded with PyMuPDF's insert_font (the whole file; Liberation's with
    one character per glyph, else its spaces and hyphens would read back as U+00A0 and U+00AD here too)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="F0", fontbuffer=one_char_per_glyph(FILES[font].read_bytes()))
    page.insert_text((72, 100), LINE, fontname="F0", fontsize=size)
    page.insert_text((72, 130), KEPT, fontname="F0", fontsize=size)
    doc.save(path)
    return path


def _redact(src: Path, out: Path, detector) -> Path:
    result = redact_file(src, RunOptions.build(out), detector)
    assert result.ok, result.error
    return result.output


def _tail_spans(path: Path) -> list[dict]:
    """The spans of the released first line after the box: the re-typeset tail."""
    with pymupdf.open(path) as doc:
        spans = [s for b in doc[0].get_text("rawdict")["blocks"] for line in b.get("lines", []) for s in line["spans"]
                 if "Tuesday" in "".join(c["c"] for c in s["chars"])]
        fonts = {f[3].split("+", 1)[-1]: f for f in doc[0].get_fonts(full=True)}
        for span in spans:
            xref = fonts[span["font"]][0] if span["font"] in fonts else 0
            buffer = doc.extract_font(xref)[3] if xref else b""
            span["file"] = pymupdf.Font(fontbuffer=buffer) if buffer else None
        return spans


@needs_fonts
@pytest.mark.parametrize(("font", "family"), [("DejaVuSans", "sans"), ("LiberationSans", "sans"),
                                              ("DejaVuSerif", "serif"), ("LiberationSerif", "serif"),
                                              ("DejaVuSansMono", "mono"), ("LiberationMono", "mono"),
                                              ("DejaVuSans-Bold", "sans")])
def test_retypeset_tail_keeps_the_family(tmp_path, detector, font, family):
    out = _redact(_embedded_pdf(tmp_path / "src.pdf", font), tmp_path / "out", detector)
    spans = _tail_spans(out)
    assert spans, "the tail was not redrawn"
    with pymupdf.open(out) as doc:
        text = doc[0].get_text()
    assert "Whitfield" not in text and "on Tuesday about the e-mail; survey report." in text and KEPT in text
    # the redrawn tail reads back with plain spaces and hyphens (Liberation shares their glyphs with the
    # no-break space and the soft hyphen: pdf/sfnt.one_char_per_glyph)
    assert "".join(c["c"] for s in spans for c in s["chars"]).strip() == "on Tuesday about the e-mail; survey report."
    for span in spans:
        got, bold, _italic = classify(span["font"], span["flags"])
        assert got == family, span["font"]
        assert bold == ("Bold" in font), span["font"]
        assert span["file"] is not None, "the free face is embedded"
        if family == "mono":  # a subset has no "fixed pitch" flag (or cmap) left: every advance is the same
            steps = {round(b["origin"][0] - a["origin"][0], 2) for a, b in zip(span["chars"], span["chars"][1:], strict=False)}
            assert len(steps) == 1, steps
        if family == "sans":  # MuPDF's is_serif is True unless the file's OS/2 class says sans
            assert "Sans" in span["file"].name


@needs_fonts
def test_tail_width_matches_the_original(tmp_path, detector):
    """Redrawn in the same metrics, the tail is as long as it was (it only moves by the box's change)."""
    src = _embedded_pdf(tmp_path / "src.pdf", "LiberationSans")
    out = _redact(src, tmp_path / "out", detector)
    tail = "on Tuesday about the e-mail; survey report."
    widths = []
    for path in (src, out):
        with pymupdf.open(path) as doc:
            quads = doc[0].search_for(tail)
            widths.append(sum(q.width for q in quads))
    assert widths[1] == pytest.approx(widths[0], rel=0.01)


@needs_fonts
def test_one_embedded_copy_and_a_small_file(tmp_path, detector):
    """Ten pages of tails in the same face: one font object, subset at release (harden)."""
    doc = pymupdf.open()
    for _ in range(10):
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname="F0", fontfile=str(FILES["DejaVuSans"]))
        for n in range(5):
            page.insert_text((72, 100 + 30 * n), LINE, fontname="F0", fontsize=SIZE)
    doc.save(tmp_path / "src.pdf", garbage=3, deflate=True)
    out = _redact(tmp_path / "src.pdf", tmp_path / "out", detector)
    with pymupdf.open(out) as released:
        faces = {xref for page in released for xref, _e, _t, name, *_r in page.get_fonts(full=True)
                 if "DejaVu" in name}
        assert len(faces) <= 2, faces  # the original (subset) and the one redrawn face
    assert out.stat().st_size < (tmp_path / "src.pdf").stat().st_size + 60_000


def test_base14_helvetica_stays_helvetica_and_embeds_nothing(tmp_path, detector):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), LINE, fontname="helv", fontsize=SIZE)
    page.insert_text((72, 130), KEPT, fontname="helv", fontsize=SIZE)
    doc.save(tmp_path / "src.pdf")
    out = _redact(tmp_path / "src.pdf", tmp_path / "out", detector)
    spans = _tail_spans(out)
    assert spans and all(s["font"] == "Helvetica" for s in spans)
    with pymupdf.open(out) as released:
        assert all(ext == "n/a" for _x, ext, *_r in released[0].get_fonts(full=True))


@pytest.mark.slow
@needs_fonts
@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_libreoffice_sans_paragraph_stays_sans(tmp_path, detector):
    """LibreOffice's own output: Liberation Sans and Carlito (Calibri's metric twin, or what LibreOffice
    substitutes for it) as TrueType subsets with no OS/2 table, which MuPDF flags serif."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for face in ("Liberation Sans", "Carlito", "Liberation Serif", "Liberation Mono"):
        run = document.add_paragraph().add_run(f"{face}: {LINE}")
        run.font.name = face
    document.save(tmp_path / "fonts.docx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "fonts.docx")], check=True, capture_output=True,
                   timeout=300)
    out = _redact(tmp_path / "fonts.pdf", tmp_path / "out", detector)
    with pymupdf.open(tmp_path / "fonts.pdf") as doc:
        originals = {round(s["origin"][1]): s for b in doc[0].get_text("dict")["blocks"]
                     for line in b.get("lines", []) for s in line["spans"] if "Whitfield" in s["text"]}
    assert all(s["flags"] & 4 for s in originals.values()), "MuPDF flags LibreOffice's subsets serif (the cause)"
    tails = {round(s["origin"][1]): s for s in _tail_spans(out)}
    assert tails.keys() == originals.keys()
    got = {y: classify(s["font"], s["flags"])[0] for y, s in tails.items()}
    expected = {y: classify(s["font"], s["flags"])[0] for y, s in originals.items()}
    assert got == expected, [s["font"] for s in tails.values()]
    assert list(expected.values()) == ["sans", "sans", "serif", "mono"]


@needs_fonts
def test_dejavu_tail_keeps_glyphs_no_bundled_font_has(tmp_path, detector):
    """A DejaVu Sans line's tail is redrawn in DejaVu Sans, so '━' and '฿' (in no font PyMuPDF ships)
    survive as themselves instead of the white square (tests/stages/test_retypeset_unicode.py)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Dear Mr Tom Whitfield, price ฿5 ━━ ok", fontname="dv",
                     fontfile=str(FILES["DejaVuSans"]), fontsize=SIZE)
    doc.save(tmp_path / "src.pdf")
    result = redact_file(tmp_path / "src.pdf", RunOptions.build(tmp_path / "out"), detector)
    assert result.ok, result.error
    with pymupdf.open(result.output) as released:
        text = released[0].get_text().replace("\xa0", " ")
    assert "price ฿5 ━━ ok" in text and "Whitfield" not in text
    assert not any("redrawn as" in w for w in result.warnings)


# --- boxes stay in their cell and column (redactor/pdf/bounds.py) -----------------------------------------

def _boxes(result) -> list[tuple[float, float, float, float]]:
    report = json.loads(result.report.read_text())
    return [tuple(rect) for r in report["redactions"] for rect in r["rects"]]


def _black_boxes(path: Path) -> list[pymupdf.Rect]:
    """The black rectangles drawn on the released page (not the thin ones a table's rules are made of)."""
    with pymupdf.open(path) as doc:
        return [item[1] for d in doc[0].get_drawings() if d.get("fill") == (0.0, 0.0, 0.0)
                for item in d["items"] if item[0] == "re" and min(item[1].width, item[1].height) > 2]


@pytest.mark.parametrize("style", ["lines", "rects", "thin fills"])
def test_box_in_a_ruled_cell_stops_at_its_border(tmp_path, detector, style):
    """A name near a cell's right border: its quantised box (4 cells of 22 pt) would cross the rule at
    x = 250; it grows left into the space before the name and stops short of the rule, and the next cell
    and the row's other text are untouched."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    xs, ys = (72, 250, 420), (80, 110, 140)
    shape = page.new_shape()
    if style == "lines":
        for x in xs:
            shape.draw_line((x, ys[0]), (x, ys[-1]))
        for y in ys:
            shape.draw_line((xs[0], y), (xs[-1], y))
        shape.finish(color=(0, 0, 0), width=0.5)
    elif style == "rects":  # one stroked rectangle per cell
        for x0, x1 in zip(xs, xs[1:], strict=False):
            for y0, y1 in zip(ys, ys[1:], strict=False):
                shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))
        shape.finish(color=(0, 0, 0), width=0.5)
    else:  # borders as thin filled rectangles (Chromium, LibreOffice)
        for x in xs:
            shape.draw_rect(pymupdf.Rect(x - 0.4, ys[0], x + 0.4, ys[-1]))
        for y in ys:
            shape.draw_rect(pymupdf.Rect(xs[0], y - 0.4, xs[-1], y + 0.4))
        shape.finish(color=None, fill=(0, 0, 0), width=0)
    shape.commit()
    page.insert_text((76, 100), "Officer in charge: Tom Whitfield", fontname="helv", fontsize=SIZE)
    page.insert_text((254, 100), "Housing team, level 2", fontname="helv", fontsize=SIZE)
    page.insert_text((76, 130), "Routine business", fontname="helv", fontsize=SIZE)
    doc.save(tmp_path / "src.pdf")
    name = pymupdf.get_text_length("Tom Whitfield", "helv", SIZE)
    start = 76 + pymupdf.get_text_length("Officer in charge: ", "helv", SIZE)
    assert start + 88 > 250 > start + name  # the whole cells would cross the rule; the name does not
    result = redact_file(tmp_path / "src.pdf", RunOptions.build(tmp_path / "out"), detector)
    assert result.ok, result.error
    (x0, _y0, x1, _y1), = _boxes(result)
    assert x1 <= 250 - 0.25, "the box crosses the cell's border"
    assert x0 < start, "the box grew left into the space before the name"
    assert x0 > 76 + pymupdf.get_text_length("Officer in charge:", "helv", SIZE), "it covers the word before"
    assert x1 - x0 > name + 2, "wider than the name: the cell, not the name, sets its width"
    for box in _black_boxes(result.output):
        assert box.x1 <= 250, box
    with pymupdf.open(result.output) as out:
        text = out[0].get_text()
    assert "Officer in charge:" in text and "Housing team, level 2" in text and "Whitfield" not in text


def test_box_in_a_wide_cell_keeps_whole_cells(tmp_path, detector):
    """Room before the border: the width-leak protection (whole cells of 2 em) is kept."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    shape = page.new_shape()
    for x in (72, 400):
        shape.draw_line((x, 80), (x, 110))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.commit()
    page.insert_text((76, 100), "Contact Tom Whitfield today", fontname="helv", fontsize=SIZE)
    doc.save(tmp_path / "src.pdf")
    result = redact_file(tmp_path / "src.pdf", RunOptions.build(tmp_path / "out"), detector)
    assert result.ok, result.error
    (x0, _y0, x1, _y1), = _boxes(result)
    cells = (x1 - x0) / (2 * SIZE)
    assert abs(cells - round(cells)) < 0.01 and x1 < 400


def test_box_at_the_right_margin_stays_in_the_column(tmp_path, detector):
    """A full column (Courier lines of 60 characters all end at one x): a name ending a line gets its whole
    cells by growing into the space before it, and never reaches past the column's edge into the margin."""
    lines = ["The council received your request and searched its records, ",
             "the information held. The officer in charge is Tom Whitfield",
             "We found four documents in scope and release them with some ",
             "content withheld under s40(2); do please write to Tom Whitfield"[3:],
             "and routine council business that must survive in release."]
    assert [len(text) for text in lines[:4]] == [60] * 4
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for n, text in enumerate(lines):
        page.insert_text((72, 100 + 16 * n), text, fontname="cour", fontsize=SIZE)
    doc.save(tmp_path / "src.pdf")
    edge = 72 + pymupdf.get_text_length("x" * 60, "cour", SIZE)
    result = redact_file(tmp_path / "src.pdf", RunOptions.build(tmp_path / "out"), detector)
    assert result.ok, result.error
    boxes = _boxes(result)
    assert boxes
    for x0, _y0, x1, _y1 in boxes:
        assert x1 <= edge + 0.01, f"box {x0:.1f}-{x1:.1f} runs past the column's edge {edge:.1f}"
        cells = (x1 - x0) / (2 * SIZE)  # room enough in the space before the name: whole cells still
        assert abs(cells - round(cells)) < 0.01
    for box in _black_boxes(result.output):
        assert box.x1 <= edge + 0.01


@needs_fonts
def test_os2_family_of_the_free_fonts():
    assert [os2_family(FILES[f].read_bytes()) for f in ("LiberationSans", "LiberationSerif", "LiberationMono")] \
        == ["sans", "serif", "mono"]
    assert os2_family(FILES["DejaVuSansMono"].read_bytes()) == "mono"
    assert os2_family(b"%PDF-1.7 not a font") is None


@needs_fonts
def test_one_char_per_glyph_gives_plain_spaces_and_hyphens():
    """Liberation Sans draws ' ' and U+00A0 (and '-' and U+00AD, ';' and U+037E) with one glyph; MuPDF's
    ToUnicode for an embedded font keeps the last character of each glyph, so a TextWriter's spaces read
    back as no-break spaces and its hyphens as soft hyphens. The rebuilt file keeps the first."""
    data = FILES["LiberationSans"].read_bytes()
    fixed = one_char_per_glyph(data)
    original, font = pymupdf.Font(fontbuffer=data), pymupdf.Font(fontbuffer=fixed)
    assert font.has_glyph(0xA0) == 0 and font.has_glyph(0xAD) == 0
    for ch in "A -;·é€Ωﬁ":
        assert font.has_glyph(ord(ch)) == original.has_glyph(ord(ch)) and font.glyph_advance(ord(ch)) \
            == original.glyph_advance(ord(ch)), ch
    texts = []
    for face in (original, font):
        doc = pymupdf.open()
        page = doc.new_page()
        writer = pymupdf.TextWriter(page.rect)
        writer.append((72, 100), "an e-mail; a b", font=face, fontsize=SIZE)
        writer.write_text(page)
        texts.append(pymupdf.open("pdf", doc.tobytes())[0].get_text().strip())
    assert texts == ["an\xa0e\xadmail\u037e\xa0a\xa0b", "an e-mail; a b"]
    assert one_char_per_glyph(FILES["DejaVuSans"].read_bytes()) == FILES["DejaVuSans"].read_bytes()  # none shared


@needs_fonts
@pytest.mark.parametrize(("font", "family"), [("DejaVuSans", "sans"), ("DejaVuSerif", "serif")])
def test_turned_line_keeps_the_family_in_base14(tmp_path, detector, font, family):
    """Text that runs up the page (a sideways table, a rotated landscape page) is redrawn turned, which a
    TextWriter cannot do: its tail is drawn in the base-14 face of the same family (fonts.base14_twin)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="F0", fontbuffer=FILES[font].read_bytes())
    page.insert_text((100, 700), LINE, fontname="F0", fontsize=SIZE, rotate=90)
    page.insert_text((130, 700), KEPT, fontname="F0", fontsize=SIZE, rotate=90)
    doc.save(tmp_path / "src.pdf")
    out = _redact(tmp_path / "src.pdf", tmp_path / "out", detector)
    spans = _tail_spans(out)
    assert spans
    assert {classify(s["font"], s["flags"])[0] for s in spans} == {family}
    assert {s["font"] for s in spans} <= {"Helvetica", "Times-Roman"}


@needs_fonts
def test_level_line_on_a_rotated_page_keeps_its_face_and_baseline(tmp_path, detector):
    """Text level on the unrotated page of a /Rotate 90 page: drawn by the TextWriter in the free face,
    on the line's own baseline (retypeset.writer_matrix)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="F0", fontbuffer=FILES["DejaVuSans"].read_bytes())
    page.insert_text((72, 100), LINE, fontname="F0", fontsize=SIZE)
    page.insert_text((72, 130), KEPT, fontname="F0", fontsize=SIZE)
    page.set_rotation(90)
    doc.save(tmp_path / "src.pdf")
    out = _redact(tmp_path / "src.pdf", tmp_path / "out", detector)
    with pymupdf.open(tmp_path / "src.pdf") as src:
        (before,) = [s for b in src[0].get_text("dict")["blocks"] for line in b.get("lines", [])
                     for s in line["spans"] if "Tuesday" in s["text"]]
    (span,) = _tail_spans(out)
    assert span["font"] == "DejaVu Sans Book"
    assert span["origin"][1] == pytest.approx(before["origin"][1], abs=0.05)


def test_broken_embedded_font_falls_back_to_the_flags():
    """A font program MuPDF cannot load (tests/robustness: broken_embedded_font) never fails the page."""
    junk = b"\x00\x01\x00\x00" + b"\xff" * 200
    assert classify("F9", 4, junk) == ("serif", False, False)
    assert classify("F9", 8, junk) == ("mono", False, False)
