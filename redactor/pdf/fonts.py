"""Base-14 text as redaction draws it: widths and text operators without PyMuPDF's per-call overhead,
and characters outside Latin-1 with MuPDF's bundled fallback fonts (or a visible replacement)."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

import pymupdf

from redactor.pdf.sfnt import one_char_per_glyph, os2_family

# --- text width and text operators without PyMuPDF's per-call overhead ----------------------------------
# Every surviving run and every label is measured and drawn; pymupdf.get_text_length builds a base-14 font
# and Shape.insert_text re-reads the page's fonts on each call (most of redact_page's time). The helpers
# below give bit-for-bit the same widths and the same content-stream text (tests/stages/test_redact_fast.py
# compares them with PyMuPDF's own), and hand any case they do not cover back to PyMuPDF.

_ADVANCES: dict[str, dict[str, float]] = {}  # base-14 font name -> character -> advance at size 1


def text_length(text: str, font: str, size: float) -> float:
    """pymupdf.get_text_length(text, font, size) for a base-14 font, from cached per-character advances.

    PyMuPDF sums the advances left to right from 0 and multiplies by the size once; so does this, so the
    result is identical. Non-ASCII text goes to PyMuPDF: it steps through the string by UTF-8 byte count.
    """
    if is_free_face(font):  # face_name's embedded free font: its file's advances
        return run_length(text, font, size)
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
    """The Font of a base-14 name or of a free face (face_name), made once."""
    font = _FONTS.get(name)
    if font is None:
        path = _face_file(name) if is_free_face(name) else None
        if path:  # as embedded, each glyph one character in its ToUnicode map (sfnt.one_char_per_glyph)
            with open(path, "rb") as file:
                font = pymupdf.Font(fontbuffer=one_char_per_glyph(file.read()))
        else:
            font = pymupdf.Font(name)
        _FONTS[name] = font
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
    if text.isascii() and not is_free_face(font):
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
    """The base-14 face (insert_text's name) of the family, weight and slant of a span's font: see `classify`."""
    family, bold, italic = classify(font, flags)
    return _BASE14[family][2 * italic + bold]


# --- the face a re-typeset tail is drawn in -----------------------------------------------------------------
# A line's tail is redrawn in a face of the original's family: sans stays sans, serif serif, mono mono, with its
# weight and slant. MuPDF's span flags cannot say which: it marks every font "serifed" (bit 2) unless the font
# file's OS/2 table has sFamilyClass 8 (fitz/font.c, fz_new_font_from_buffer), and LibreOffice's TrueType
# subsets and pdfLaTeX's Type1 fonts have no OS/2 table, so Liberation Sans, DejaVu Sans and Latin Modern Sans
# all read as serif. The font's name decides first, then its embedded file's OS/2 table (PANOSE serif style
# and proportion, IBM family class), then MuPDF's monospace test and the flags.
# An original that is not embedded is drawn by any viewer with a substitute, and Helvetica, Times and Courier
# (or URW's Nimbus clones of them, MuPDF's own base-14 faces) have base-14 metrics: the tail gets the base-14
# face (nothing embedded). An embedded original gets a free font of its family, as near its widths as may
# be: DejaVu for DejaVu (LibreOffice's default: the same font) and the as wide Vera and Verdana; else
# Liberation, metric-compatible with Arial/Helvetica, Times and Courier and nearer the rest than DejaVu
# (a line of Latin Modern Roman is 9% shorter in Liberation Serif, 16% longer in DejaVu Serif; of LM Sans
# 5% longer in Liberation Sans, 20% in DejaVu Sans). It is embedded once per document (MuPDF keeps one
# font resource per font buffer) and subset when the release is hardened; where the file is missing, the base-14 face.

_BASE14 = {"sans": ("helv", "hebo", "heit", "hebi"), "serif": ("tiro", "tibo", "tiit", "tibi"),
           "mono": ("cour", "cobo", "coit", "cobi")}
BASE14 = frozenset(name for faces in _BASE14.values() for name in faces)
_MONO_NAME = re.compile(r"mono|courier|consol|typewriter|code|fixed|menlo|inconsolata|cousine|^(cm|sf)i?tt|^lmtt")
_SANS_NAME = re.compile(r"sans|gothic|arial|helvetica|helv\b|calibri|carlito|verdana|segoe|roboto|tahoma|trebuchet"
                        r"|arimo|frutiger|univers|futura|gill|lato|myriad|franklin|candara|corbel|aptos|swiss"
                        r"|^(cm|sf)ss|^lmss")
_SERIF_NAME = re.compile(r"serif|times|roman|georgia|garamond|cambria|caladea|antiqua|palatino|minion|tinos"
                         r"|baskerville|charter|schoolbook|bookman|constantia|^cm|^sfrm|^lm")
_DEJAVU_NAME = re.compile(r"dejavu|vera|verdana")  # DejaVu is Bitstream Vera's design, as wide as Verdana
# the base-14 faces, and URW's metric clones of them that MuPDF draws the base-14 faces with
_BASE14_ALIKE = re.compile(r"(helvetica|times(?! ?new)|courier(?! ?new)|nimbus ?(sans|roman|mono))(?!.*(narrow|cond))")
_FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
              "/usr/share/fonts/truetype/dejavu")
_STYLE_SUFFIX = {"Liberation": ("Regular", "Bold", "Italic", "BoldItalic"),
                 "DejaVu": ("", "-Bold", "-Oblique", "-BoldOblique")}
_SERIF_SUFFIX = ("", "-Bold", "-Italic", "-BoldItalic")  # DejaVu Serif's italic is "Italic", its sans "Oblique"
_FREE_FAMILY = {("Liberation", "sans"): "LiberationSans", ("Liberation", "serif"): "LiberationSerif",
                ("Liberation", "mono"): "LiberationMono", ("DejaVu", "sans"): "DejaVuSans",
                ("DejaVu", "serif"): "DejaVuSerif", ("DejaVu", "mono"): "DejaVuSansMono"}
_FONT_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)  # MuPDF's, on a broken font program
_CLASSIFIED: dict[tuple[str, int, bytes | None], tuple[str, bool, bool]] = {}  # (name, flags, file digest) ->
_FACE_FILES: dict[str, str | None] = {}  # free face name -> its file, None if not installed


def _plain_name(font: str) -> str:
    return font.split("+", 1)[-1].lower()  # "ABCDEF+LiberationSans-Bold": a subset's tag is not the name


def classify(font: str, flags: int, buffer: bytes | None = None) -> tuple[str, bool, bool]:
    """(family "sans" | "serif" | "mono", bold, italic) of a span's font from its name, its embedded font
    file `buffer` if given (section comment: the name decides first), and MuPDF's span flags (bit 1 italic,
    2 serifed, 3 monospaced, 4 bold)."""
    key = (font, flags, hashlib.sha1(buffer).digest() if buffer else None)  # not the buffer: a batch's fonts
    known = _CLASSIFIED.get(key)
    if known is not None:
        return known
    name = _plain_name(font)
    file_font, inner = None, ""
    if buffer:
        try:  # a broken font program, or one MuPDF cannot load on its own: the name and flags decide
            file_font = pymupdf.Font(fontbuffer=buffer)
            inner = (file_font.name or "").lower()  # the program's own family name
        except _FONT_ERRORS:
            file_font, inner = None, ""
    family = None
    for text in (name, inner):
        if _MONO_NAME.search(text):
            family = "mono"
        elif _SANS_NAME.search(text):
            family = "sans"
        elif _SERIF_NAME.search(text):
            family = "serif"
        if family:
            break
    if family is None and buffer:
        family = os2_family(buffer)
    if family is None and file_font is not None and file_font.is_monospaced:
        family = "mono"
    if family is None:
        family = "mono" if flags & 8 else "serif" if flags & 4 else "sans"
    words = name + " " + inner
    bold = bool(re.search(r"bold|black|heavy|semibold|demi|-bd\b|^(cm|sf)b", words)) or bool(flags & 16) \
        or (file_font is not None and bool(file_font.is_bold))
    italic = bool(re.search(r"italic|oblique|slant|-it\b|^cm(ti|sl)", words)) or bool(flags & 2) \
        or (file_font is not None and bool(file_font.is_italic))
    result = _CLASSIFIED[key] = (family, bold, italic)
    return result


def is_free_face(font: str) -> bool:
    """A face name from face_name that is a free font file (drawn with a TextWriter), not a base-14 name."""
    return font.startswith(("Liberation", "DejaVu"))


def _face_file(face: str) -> str | None:
    if face not in _FACE_FILES:
        _FACE_FILES[face] = next((f"{folder}/{face}.ttf" for folder in _FONT_DIRS
                                  if os.path.isfile(f"{folder}/{face}.ttf")), None)
    return _FACE_FILES[face]


def face_name(font: str, flags: int, embedded: bool, buffer: bytes | None = None) -> str:
    """The face a tail in this span's font is redrawn in: a base-14 name for a font that is not embedded
    (or when no free font file is installed), else the free face's name (e.g. "LiberationSans-Bold"),
    drawn with base14_font's Font of it. See the section comment."""
    family, bold, italic = classify(font, flags, buffer)
    base14 = _BASE14[family][2 * italic + bold]
    if not embedded or _BASE14_ALIKE.match(_plain_name(font)):
        return base14
    name = _plain_name(font)
    maker = "DejaVu" if _DEJAVU_NAME.search(name) else "Liberation"
    stem = _FREE_FAMILY[maker, family]
    suffixes = _SERIF_SUFFIX if stem == "DejaVuSerif" else _STYLE_SUFFIX[maker]
    face = f"{stem}-{suffixes[2 * italic + bold]}" if maker == "Liberation" else stem + suffixes[2 * italic + bold]
    return face if _face_file(face) else base14


def base14_twin(face: str) -> str:
    """The base-14 face of a free face's family and style (a free face cannot be drawn on a turned line:
    see retypeset.draw_insert); base-14 names are themselves."""
    if face in BASE14:
        return face
    family = "mono" if "Mono" in face else "serif" if "Serif" in face else "sans"
    bold, italic = "Bold" in face, "Italic" in face or "Oblique" in face
    return _BASE14[family][2 * italic + bold]


def page_fonts(page: pymupdf.Page) -> dict[str, tuple[int, bool]]:
    """A page's fonts by the name text extraction gives its spans (the BaseFont without a subset tag):
    (xref, embedded). Type3 fonts have no name there and are left out."""
    fonts: dict[str, tuple[int, bool]] = {}
    for xref, ext, _kind, basefont, *_rest in page.get_fonts(full=True):
        if basefont:
            fonts.setdefault(basefont.split("+", 1)[-1], (xref, ext not in ("n/a", "")))
    return fonts


def span_face(doc: pymupdf.Document, fonts: dict[str, tuple[int, bool]], font: str, flags: int) -> str:
    """face_name for a span on a page whose fonts are `fonts` (page_fonts): its embedded file is read only
    when the name does not say the family. A span whose font is not found (a Type3 font) counts as
    embedded: the viewer has no substitute for it."""
    xref, embedded = fonts.get(font, (0, True))
    buffer = None
    name = _plain_name(font)
    if xref and embedded and not (_MONO_NAME.search(name) or _SANS_NAME.search(name) or _SERIF_NAME.search(name)):
        try:
            buffer = doc.extract_font(xref)[3] or None
        except _FONT_ERRORS:
            buffer = None
    return face_name(font, flags, embedded, buffer)
