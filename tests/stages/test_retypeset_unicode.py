"""Re-typesetting surviving text that is not ASCII (redact.py, module docstring).

After a redaction the rest of the line is removed and drawn again from the box edge. That text must come
out as the same characters (cp1252 punctuation such as the euro sign and curly quotes used to become
middle dots), measured with the font that draws it (pymupdf.get_text_length skips the character after a
non-ASCII one, so runs were measured short and the next run overlapped), and still placed independently
of the removed text's width (the width leak, tests/redteam/test_geometry.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from redactor import retypeset
from redactor.pdf import fonts
from redactor.pdf.fonts import REPLACEMENT, drawable, run_length, text_length
from redactor.pipeline import redact_file
from redactor.retypeset import quantised_width

SIZE = 11.0
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

TAILS = {
    "cp1252": ", fee is €50 — “quoted” ‘q’ … – end",
    "latin1": ", naïve café éa über straße ÿ",
    "greek-cyrillic": ", Ωμέγα λόγος Жук и ёж",
    "cjk": ", 中文 日本語 한국어 end",
    "ligatures": ", fine ﬁle ﬂow",
    "hebrew": ", שלום עולם",
    "mixed": ", «€5» Ωж 中 naïve — ok",
}


def _build(path: Path, lines: list[list[tuple[str, str]]], crop: tuple | None = None) -> Path:
    """Each line a list of (text, base-14 face) segments, written with TextWriter (MuPDF's fallback fonts
    supply the glyphs the face lacks) so that the source has the real characters."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    writer = pymupdf.TextWriter(page.rect)
    for n, segments in enumerate(lines):
        x, y = 72.0, 100.0 + 20 * n
        for text, face in segments:
            writer.append((x, y), text, font=pymupdf.Font(face), fontsize=SIZE)
            x += pymupdf.Font(face).text_length(text, SIZE)
    writer.write_text(page)
    if crop:  # after writing: the content stays where it is, the visible page moves
        page.set_cropbox(pymupdf.Rect(crop))
    doc.save(path)
    doc.close()
    return path


def _baselines(path: Path) -> dict[float, list[tuple[float, float, str]]]:
    """Baseline -> the characters on it as (x0, x1, char), left to right (visual order)."""
    lines: dict[float, list[tuple[float, float, str]]] = {}
    with pymupdf.open(path) as doc:
        for block in doc[0].get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for ch in span["chars"]:
                        lines.setdefault(round(ch["origin"][1], 1), []).append(
                            (ch["bbox"][0], ch["bbox"][2], ch["c"]))
    return {y: sorted(chars) for y, chars in sorted(lines.items())}


def _line_text(chars: list[tuple[float, float, str]]) -> str:
    return "".join(c for _, _, c in chars)


def _redact(path: Path, out: Path, detector):
    from redactor.config.run import RunOptions

    result = redact_file(path, RunOptions.build(out), detector)
    assert result.ok, result.error
    return result.output


@pytest.mark.parametrize("kind", list(TAILS))
def test_surviving_text_keeps_its_characters(tmp_path, detector, kind):
    tail = TAILS[kind]
    src = _build(tmp_path / "src.pdf", [[(f"Dear Mr Whitfield{tail}", "helv")],
                                        [("Routine council business that must survive.", "helv")]])
    before = _baselines(src)
    out = _redact(src, tmp_path / "out", detector)
    after = _baselines(out)
    y = min(before)
    assert _line_text(before[y]) == f"Dear Mr Whitfield{tail}"
    # the label sits on its own baseline inside the box; the line itself reads the same minus the name
    assert _line_text(after[y]) == f"Dear {tail}"
    with pymupdf.open(out) as doc:
        text = doc[0].get_text(sort=True)
    assert "Whitfield" not in text
    assert "·" not in text and "\x00" not in text and REPLACEMENT not in text
    assert "Routine council business that must survive." in text


def test_runs_after_non_ascii_do_not_overlap(tmp_path, detector):
    """'éa' used to measure as 'é': every style change after accented text drew the next run on top of it."""
    segments = [("Dear Mr Whitfield, ", "helv"), ("éaéaéa àèìòù", "helv"), (" Bold ", "hebo"),
                ("Ωμέγα €€ “x”", "hebo"), (" tail", "helv"), (" 中文日本", "heit"), (" end.", "helv")]
    src = _build(tmp_path / "src.pdf", [segments])
    out = _redact(src, tmp_path / "out", detector)
    y = min(_baselines(src))
    chars = [c for c in _baselines(out)[y] if c[2].strip()]
    assert _line_text(chars) == "Dear,éaéaéaàèìòùBoldΩμέγα€€“x”tail中文日本end."
    for (_, x1, a), (x0, _, b) in zip(chars, chars[1:], strict=False):
        assert x1 <= x0 + 0.05, f"{a!r} overlaps {b!r}"


def _same_cells(short: str, long_: str, face: str = "helv") -> None:
    font = pymupdf.Font(face)
    w_short, w_long = font.text_length(short, SIZE), font.text_length(long_, SIZE)
    assert w_long - w_short > 5
    assert quantised_width(w_short, SIZE) == quantised_width(w_long, SIZE)


@pytest.mark.parametrize("crop", [None, (20, 30, 500, 800)])
def test_width_leak_non_latin_tail(tmp_path, detector, crop):
    """Two names of different widths in the same number of cells: identical surviving glyph positions and
    byte-identical page content, with tails that go through the TextWriter and the fallback fonts."""
    _same_cells("Mr Jones", "Mr Whitfield")
    outputs = []
    for n, who in enumerate(("Jones", "Whitfield")):
        lines = [[(f"Dear Mr {who}{tail}", "helv")] for tail in TAILS.values()]
        lines.append([(f"Dear Mr {who}, ", "helv"), ("naïve café", "tibo"), (" — Ωж 中文", "helv"), (" end", "cour")])
        src = _build(tmp_path / f"w{n}.pdf", lines, crop)
        outputs.append(_redact(src, tmp_path / f"out{n}", detector))
    words, contents = [], []
    for path in outputs:
        with pymupdf.open(path) as doc:
            words.append([(round(w[0], 3), round(w[1], 3), w[4]) for w in doc[0].get_text("words")])
            contents.append(doc[0].read_contents())
    assert words[0] == words[1], "surviving glyph positions depend on the removed name"
    assert contents[0] == contents[1]
    assert not any("Jones" in w[2] or "Whitfield" in w[2] for w in words[0] + words[1])


@pytest.mark.parametrize("crop", [(20, 30, 500, 800), (0, 50, 595, 842), (50, 0, 500, 742), (0, 0, 595, 600)])
def test_textwriter_text_stays_on_its_line_on_cropped_pages(tmp_path, detector, crop):
    """TextWriter.write_text misplaces text when the CropBox is not level with the MediaBox: the redrawn
    text must stay on the baseline it came from, like text drawn through the shape."""
    src = _build(tmp_path / "src.pdf", [[("Dear Mr Whitfield, “thank” you €5 Ωж", "helv")],
                                        [("Dear Mr Whitfield, thank you kindly", "helv")]], crop)
    before = _baselines(src)
    after = _baselines(_redact(src, tmp_path / "out", detector))
    for y in before:
        assert y in after
        assert "you" in _line_text(after[y])
    assert _line_text(after[min(before)]) == "Dear , “thank” you €5 Ωж"


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs a system font with glyphs MuPDF does not bundle")
def test_character_no_bundled_font_has_is_visibly_replaced(tmp_path, detector, monkeypatch):
    """'━' and '฿' are in DejaVu Sans but in no font PyMuPDF ships: drawn (and extracted) as a white
    square, never dropped silently or written as a notdef glyph that extracts as NUL. (With DejaVu
    installed the tail of a DejaVu line is redrawn in DejaVu and keeps them: tests/stages/test_fonts_released.py;
    here no free font is installed, so the tail is in base-14 Helvetica and MuPDF's bundled fonts.)"""
    monkeypatch.setattr(fonts, "_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "_FACE_FILES", {})
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Dear Mr Whitfield, price ฿5 ━━ ok “q”", fontname="dv", fontfile=str(DEJAVU),
                     fontsize=SIZE)
    src = tmp_path / "src.pdf"
    doc.save(src)
    after = _baselines(_redact(src, tmp_path / "out", detector))
    assert _line_text(after[100.0]) == f"Dear , price {REPLACEMENT}5 {REPLACEMENT * 2} ok “q”"


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs a system font with glyphs MuPDF does not bundle")
def test_replaced_characters_are_reported(tmp_path, detector, monkeypatch):
    """A surviving character redrawn as the white square changes what the reader sees: the run says so,
    per page, in the report's warnings; a line without such characters adds no warning. (No free font
    installed, as in the test above.)"""
    monkeypatch.setattr(fonts, "_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "_FACE_FILES", {})
    from redactor.config.run import RunOptions

    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_text(
        (72, 100), "Dear Mr Whitfield, price ฿5 ━━ ok", fontname="dv", fontfile=str(DEJAVU), fontsize=SIZE)
    doc.new_page(width=595, height=842).insert_text(
        (72, 100), "Dear Mr Whitfield, price 5 ok", fontname="dv", fontfile=str(DEJAVU), fontsize=SIZE)
    src = tmp_path / "src.pdf"
    doc.save(src)
    result = redact_file(src, RunOptions.build(tmp_path / "out"), detector)
    assert result.ok, result.error
    replaced = [w for w in result.warnings if REPLACEMENT in w]
    assert replaced == [f"page 1: 3 character(s) after a redaction have no glyph in any bundled font and were "
                        f"redrawn as {REPLACEMENT} (or left out if invisible); check that line"]
    report = json.loads(result.report.read_text())
    assert replaced[0] in report["warnings"]


def test_drawable_characters():
    for ch in "aZ ~\x7f\xa0é÷ÿ":  # ASCII and Latin-1: always themselves (WinAnsi in the shape)
        assert drawable(ch, "helv") == ch
    for ch in "€“”—‘’…ΩЖ中ﬁש":  # the face or a bundled fallback font has them
        assert drawable(ch, "helv") == ch
        assert drawable(ch, "tibi") == ch
    assert drawable("\u2501", "helv") == REPLACEMENT  # box drawing: no bundled font
    assert drawable("\U000e0001", "helv") == ""  # an invisible format character with no glyph anywhere
    for face in ("helv", "hebo", "heit", "hebi", "tiro", "tibo", "tiit", "tibi", "cour", "cobo", "coit", "cobi"):
        assert pymupdf.Font(face).has_glyph(ord(REPLACEMENT)), face  # the replacement is in the face itself


def test_run_length_is_the_drawing_fonts():
    font = pymupdf.Font("helv")
    assert pymupdf.get_text_length("éa", "helv", SIZE) == pymupdf.get_text_length("é", "helv", SIZE)  # the bug
    assert run_length("éa", "helv", SIZE) == pytest.approx(font.text_length("éa", SIZE))
    assert run_length("éa", "helv", SIZE) > run_length("é", "helv", SIZE)
    for text in ("“quoted” €5 — …", "Ωμέγα Жук", "中文 日本語", "naïve café"):
        assert run_length(text, "tiro", SIZE) == pytest.approx(pymupdf.Font("tiro").text_length(text, SIZE))
    for text in ("", "Dear Mr", "s40(2); s43", "  two  spaces "):  # ASCII: exactly as before
        assert run_length(text, "helv", SIZE) == text_length(text, "helv", SIZE)


def test_latin1_stays_in_the_shape_and_the_rest_goes_to_a_textwriter(monkeypatch):
    """ASCII and Latin-1 text is drawn in the page's shape in the base-14 face (WinAnsi); cp1252
    punctuation and everything else through a TextWriter (insert_text would write middle dots)."""
    doc = pymupdf.open()
    page = doc.new_page()
    shape = page.new_shape()
    ops = fonts.TextOps(shape)
    writers: dict = {}
    style = retypeset.Style("helv", (0, 0, 0), True)
    retypeset.draw_insert(ops, writers, retypeset.Insert((72, 100), "naïve café ÿ", SIZE, style))
    assert not writers and "naïve" not in shape.text_cont and "<6e61ef7665" in shape.text_cont
    assert not fonts.SHAPE_TEXT.fullmatch("\x85")  # C1 controls are not WinAnsi characters
    for text in ("€5", "“q”", "Ωж", "中"):
        retypeset.draw_insert(ops, writers, retypeset.Insert((72, 120), text, SIZE, style))
    assert list(writers) == [(0, 0, 0)]
    shape.commit()
    writers[(0, 0, 0)].write_text(page)
    text = page.get_text()
    assert "naïve café ÿ" in text and "€5" in text and "“q”" in text and "Ωж" in text and "中" in text
