"""Base-14 text as redaction draws it: widths and text operators without PyMuPDF's per-call overhead,
and characters outside Latin-1 with MuPDF's bundled fallback fonts (or a visible replacement)."""

from __future__ import annotations

import re
import unicodedata

import pymupdf

# --- text width and text operators without PyMuPDF's per-call overhead ----------------------------------
# Every surviving run and every label is measured and drawn; pymupdf.get_text_length builds a base-14 font
# and Shape.insert_text re-reads the page's fonts on each call (most of redact_page's time). The helpers
# below give bit-for-bit the same widths and the same content-stream text (tests/test_redact_fast.py
# compares them with PyMuPDF's own), and hand any case they do not cover back to PyMuPDF.

_ADVANCES: dict[str, dict[str, float]] = {}  # base-14 font name -> character -> advance at size 1


def text_length(text: str, font: str, size: float) -> float:
    """pymupdf.get_text_length(text, font, size) for a base-14 font, from cached per-character advances.

    PyMuPDF sums the advances left to right from 0 and multiplies by the size once; so does this, so the
    result is identical. Non-ASCII text goes to PyMuPDF: it steps through the string by UTF-8 byte count.
    """
    if not text.isascii():
        return pymupdf.get_text_length(text, fontname=font, fontsize=size)
    advances = _ADVANCES.setdefault(font, {})
    width = 0
    for ch in text:
        advance = advances.get(ch)
        if advance is None:
            advance = advances[ch] = pymupdf.get_text_length(ch, fontname=font, fontsize=1)
        width += advance
    return width * size


# --- surviving text outside ASCII ----------------------------------------------------------------------------
# Base-14 fonts are inserted with WinAnsiEncoding, where Latin-1's printable range (and ASCII) is the same
# byte: such text goes into the page's shape like ASCII. Anything else (cp1252 punctuation is above U+00FF,
# and Shape.insert_text writes characters above 255 in a simple font as a middle dot) is drawn with a
# TextWriter, whose font falls back to MuPDF's bundled fonts glyph by glyph.

SHAPE_TEXT = re.compile(r"[\x00-\x7f\xa0-\xff]*")  # ASCII or printable Latin-1: WinAnsi bytes as they are
_FONTS: dict[str, pymupdf.Font] = {}  # base-14 name -> Font, for TextWriter and for widths
_UNICODE_ADVANCES: dict[str, dict[str, float]] = {}  # font -> character -> advance at size 1, with fallback
_DRAWABLE: dict[tuple[str, str], str] = {}  # (font, character) -> what is drawn for it
# drawn for a character that no bundled font has a glyph for: WHITE SQUARE, the "tofu" a viewer shows for a
# missing glyph; every base-14 face has it, and it extracts as itself (U+FFFD is written with no Unicode map)
REPLACEMENT = "\u25a1"


def base14_font(name: str) -> pymupdf.Font:
    font = _FONTS.get(name)
    if font is None:
        font = _FONTS[name] = pymupdf.Font(name)
    return font


def drawable(ch: str, font: str) -> str:
    """The character re-typeset for `ch` in `font`: itself if the face or one of MuPDF's bundled fallback
    fonts has a glyph for it (what TextWriter draws), else REPLACEMENT; a format or control character with no
    glyph anywhere (zero-width space, ...) is invisible and left out. ASCII is always itself."""
    if ch.isascii() or "\xa0" <= ch <= "\xff":
        return ch
    key = (font, ch)
    out = _DRAWABLE.get(key)
    if out is None:
        if base14_font(font).has_glyph(ord(ch), fallback=True):
            out = ch
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out = ""
        else:
            out = REPLACEMENT
        _DRAWABLE[key] = out
    return out


def run_length(text: str, font: str, size: float) -> float:
    """Advance of `text` as `draw_insert` draws it in base-14 `font` at `size`.

    ASCII: text_length, unchanged (re-typeset ASCII stays byte for byte as it was). Otherwise the sum of
    each character's advance in the font that draws it, as pymupdf.Font(font).text_length computes it
    (with MuPDF's fallback fonts, as TextWriter and the base-14 face in the shape use):
    pymupdf.get_text_length skips the character after a non-ASCII one and would measure runs short.
    """
    if text.isascii():
        return text_length(text, font, size)
    advances = _UNICODE_ADVANCES.setdefault(font, {})
    width = 0
    for ch in text:
        advance = advances.get(ch)
        if advance is None:
            advance = advances[ch] = base14_font(font).text_length(ch, fontsize=1)
        width += advance
    return width * size


# Shape.insert_text's coordinate changes for text rotated by 0, 90, 180 and 270 degrees
ROTATE_CM = {0: "", 90: "0 1 -1 0 0 0 cm\n", 180: "-1 0 0 -1 0 0 cm\n", 270: "0 -1 1 0 0 0 cm\n"}


class TextOps:
    """Appends one line of text to a Shape exactly as Shape.insert_text(point, text, fontname=font,
    fontsize=size, color=color, rotate=rotate) does, with the page's fonts looked up once per font.

    Covered: single-line Latin-1 text in a simple (non-symbolic) font, a colour tuple, rotation by a
    multiple of 90 degrees. Anything else is passed to Shape.insert_text itself.
    """

    def __init__(self, shape: pymupdf.Shape) -> None:
        self.shape = shape
        self._fonts: dict[str, bool] = {}  # font -> the page's font of that name is simple and not symbolic
        self._colors: dict[tuple, str] = {}

    def _simple_font(self, font: str) -> bool:
        known = self._fonts.get(font)
        if known is None:  # the same call, and so the same page resources, as insert_text's first use
            xref = self.shape.page.insert_font(fontname=font)
            info = pymupdf.CheckFontInfo(self.shape.doc, xref)
            known = self._fonts[font] = bool(info) and bool(info[1]["simple"]) \
                and info[1]["name"] not in ("Symbol", "ZapfDingbats")
        return known

    def _color_ops(self, color: tuple) -> str:
        ops = self._colors.get(color)
        if ops is None:  # stroke and fill: insert_text fills with the stroke colour in render mode 0
            ops = self._colors[color] = pymupdf.ColorCode(color, "c") + pymupdf.ColorCode(color, "f")
        return ops

    def insert(self, point: tuple[float, float], text: str, font: str, size: float,
               color: tuple[float, float, float], rotate: int = 0) -> None:
        if not self._covered(text, font, color, rotate):
            self.shape.insert_text(point, text, fontname=font, fontsize=size, color=color, rotate=rotate)
            return
        shape, fmt = self.shape, pymupdf.format_g
        x, y = float(point[0]), float(point[1])
        # the same expressions, in the same order, as Shape.insert_text: the floats must match exactly
        if rotate == 90:
            left, top = shape.height - y - shape.y, -x - shape.x
        elif rotate == 270:
            left, top = -shape.height + y + shape.y, x + shape.x
        elif rotate == 180:
            left, top = -x - shape.x, -shape.height + y + shape.y
        else:
            left, top = x + shape.x, shape.height - y - shape.y
        shape.text_cont += (f"\nq\nBT\n{ROTATE_CM[rotate]}1 0 0 1 {fmt(left)} {fmt(top)} Tm\n/{font} {fmt(size)} Tf "
                            f"{self._color_ops(color)}[<{text.encode('latin-1').hex()}>]TJ\nET\nQ\n")

    def _covered(self, text: str, font: str, color: tuple, rotate: int) -> bool:
        if not text or rotate not in ROTATE_CM or type(color) is not tuple or font.startswith("/"):
            return False
        if text.splitlines() != [text]:  # insert_text writes one line per line break
            return False
        if text.startswith("[<") and text.endswith(">]"):  # insert_text takes this as ready-made TJ operand
            return False
        try:
            text.encode("latin-1")  # above 255 insert_text measures glyph widths
        except UnicodeEncodeError:
            return False
        return self._simple_font(font)


def base14_name(font: str, flags: int) -> str:
    name = font.lower()
    bold = "bold" in name or "black" in name or bool(flags & 16)
    italic = "italic" in name or "oblique" in name or bool(flags & 2)
    if "courier" in name or "mono" in name or flags & 8:
        family = ("cour", "cobo", "coit", "cobi")
    elif "times" in name or "roman" in name or ("serif" in name and "sans" not in name) or flags & 4:
        family = ("tiro", "tibo", "tiit", "tibi")
    else:
        family = ("helv", "hebo", "heit", "hebi")
    return family[2 * italic + bold]
