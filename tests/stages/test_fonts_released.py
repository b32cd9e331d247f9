"""Released pages (issue 21, item 3): a re-typeset line tail keeps its paragraph's face, sans, serif or
mono, bold and italic (redactor/pdf/fonts.py, "the face a re-typeset tail is drawn in").

MuPDF marks a font "serifed" (span flag bit 2) unless its file's OS/2 table says sans-serif, and
LibreOffice's TrueType subsets and pdfLaTeX's Type1 fonts have no such table: DejaVu Sans and Liberation
Sans from LibreOffice, Latin Modern Sans from LaTeX, all read as serif and their tails came out in Times.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest

from redactor.config.run import RunOptions
from redactor.pdf.fonts import base14_name, classify, face_name
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
LINE = "Please call Tom Whitfield on Tuesday about the survey report."
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
    assert face_name("LMSans10-Regular", 4, embedded=True) == "DejaVuSans"
    assert face_name("LMRoman10-Regular", 4, embedded=True) == "DejaVuSerif"
    assert base14_name("DejaVuSans", 4) == "helv"  # was "tiro": the flag, MuPDF's default


def _embedded_pdf(path: Path, font: str, size: float = SIZE) -> Path:
    """Two lines in a non-base-14 font embedded with PyMuPDF's insert_font (the whole file)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="F0", fontfile=str(FILES[font]))
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
        text = doc[0].get_text().replace("\xa0", " ")  # insert_font's ToUnicode maps the space glyph to U+00A0
    assert "Whitfield" not in text and "on Tuesday about the survey report." in text and KEPT in text
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
    tail = "on Tuesday about the survey report."
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
