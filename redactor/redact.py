"""Decisions -> true redactions: content removed from the page, a black box labelled with the exemption.

Two passes per page (see extract.REMOVE_BAND for why the text band is thin):
1. image pixels and fully covered vector graphics under each *visible* box are removed;
2. text glyphs touching each thin *removal* band are removed from the content stream.
Then the black boxes and their labels are drawn as new page content.

Width leak (pdf-redaction-pitfalls.md, "Geometry"; Bland et al., PETS 2023): MuPDF keeps every surviving
glyph where it was, so the gap between the box and the next word is the removed text's exact width, and
a font's width table narrows a name to a handful of candidates. When the page's text is known
(`redact_document(..., pages=...)`), every redacted horizontal line is re-typeset from the first redacted
glyph to the line end: each box is widened to a whole number of cells of QUANTUM_EM x font size, the
surviving glyphs after it are removed too and drawn again, in the nearest base-14 face at the same size
and colour, starting at the box edge. Their positions then depend only on the number of cells, which the
black box shows anyway, never on the removed glyphs' widths.

Characters outside Latin-1 (cp1252 punctuation such as the euro sign and curly quotes, Greek, Cyrillic, CJK,
...) are drawn with a TextWriter in the same face, from which MuPDF falls back to its bundled fonts (Noto,
Droid Sans Fallback) for glyphs the face lacks, and every run is measured with that same font, so the next
run starts where the glyphs drawn really end. A character that no bundled font has is drawn as a white
square (the "tofu" of a missing glyph), visibly and in every text extraction, and an invisible format
character with no glyph is left out: never a silent or plausible wrong character.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import pymupdf

from redactor.model import Decision
from redactor.page import REMOVE_BAND, Glyph, LinePiece, PageText
from redactor.pdf.content_stream import before_text_removal, fix_line_moves

LABEL_FONT = "helv"
MIN_LABEL_SIZE = 3.0  # below this a label is unreadable; the box is still drawn
BLACK, WHITE = (0, 0, 0), (1, 1, 1)
QUANTUM_EM = 2.0  # box widths are whole multiples of this many ems of the line's font size
_INSET = 0.15  # removal rects are inset by this fraction of the glyph width on each side: own glyph only


def quantised_width(width: float, size: float) -> float:
    """Box width for removed text of `width` at font `size`: the next whole number of cells."""
    cell = QUANTUM_EM * size
    return max(1, math.ceil(width / cell - 1e-6)) * cell


def _has_non_text(page: pymupdf.Page) -> bool:
    return bool(page.get_images(full=False)) or bool(page.get_cdrawings())


# --- text width and text operators without PyMuPDF's per-call overhead ----------------------------------
# Every surviving run and every label is measured and drawn; pymupdf.get_text_length builds a base-14 font
# and Shape.insert_text re-reads the page's fonts on each call (most of redact_page's time). The helpers
# below give bit-for-bit the same widths and the same content-stream text (tests/test_redact_fast.py
# compares them with PyMuPDF's own), and hand any case they do not cover back to PyMuPDF.

_ADVANCES: dict[str, dict[str, float]] = {}  # base-14 font name -> character -> advance at size 1


def _text_length(text: str, font: str, size: float) -> float:
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

_SHAPE_TEXT = re.compile(r"[\x00-\x7f\xa0-\xff]*")  # ASCII or printable Latin-1: WinAnsi bytes as they are
_FONTS: dict[str, pymupdf.Font] = {}  # base-14 name -> Font, for TextWriter and for widths
_UNICODE_ADVANCES: dict[str, dict[str, float]] = {}  # font -> character -> advance at size 1, with fallback
_DRAWABLE: dict[tuple[str, str], str] = {}  # (font, character) -> what is drawn for it
# drawn for a character that no bundled font has a glyph for: WHITE SQUARE, the "tofu" a viewer shows for a
# missing glyph; every base-14 face has it, and it extracts as itself (U+FFFD is written with no Unicode map)
REPLACEMENT = "\u25a1"


def _font(name: str) -> pymupdf.Font:
    font = _FONTS.get(name)
    if font is None:
        font = _FONTS[name] = pymupdf.Font(name)
    return font


def _drawable(ch: str, font: str) -> str:
    """The character re-typeset for `ch` in `font`: itself if the face or one of MuPDF's bundled fallback
    fonts has a glyph for it (what TextWriter draws), else REPLACEMENT; a format or control character with no
    glyph anywhere (zero-width space, ...) is invisible and left out. ASCII is always itself."""
    if ch.isascii() or "\xa0" <= ch <= "\xff":
        return ch
    key = (font, ch)
    out = _DRAWABLE.get(key)
    if out is None:
        if _font(font).has_glyph(ord(ch), fallback=True):
            out = ch
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out = ""
        else:
            out = REPLACEMENT
        _DRAWABLE[key] = out
    return out


def _run_length(text: str, font: str, size: float) -> float:
    """Advance of `text` as `_insert` draws it in base-14 `font` at `size`.

    ASCII: _text_length, unchanged (re-typeset ASCII stays byte for byte as it was). Otherwise the sum of
    each character's advance in the font that draws it, as pymupdf.Font(font).text_length computes it
    (with MuPDF's fallback fonts, as TextWriter and the base-14 face in the shape use):
    pymupdf.get_text_length skips the character after a non-ASCII one and would measure runs short.
    """
    if text.isascii():
        return _text_length(text, font, size)
    advances = _UNICODE_ADVANCES.setdefault(font, {})
    width = 0
    for ch in text:
        advance = advances.get(ch)
        if advance is None:
            advance = advances[ch] = _font(font).text_length(ch, fontsize=1)
        width += advance
    return width * size


# Shape.insert_text's coordinate changes for text rotated by 0, 90, 180 and 270 degrees
_ROTATE_CM = {0: "", 90: "0 1 -1 0 0 0 cm\n", 180: "-1 0 0 -1 0 0 cm\n", 270: "0 -1 1 0 0 0 cm\n"}


class _TextOps:
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
        shape.text_cont += (f"\nq\nBT\n{_ROTATE_CM[rotate]}1 0 0 1 {fmt(left)} {fmt(top)} Tm\n/{font} {fmt(size)} Tf "
                            f"{self._color_ops(color)}[<{text.encode('latin-1').hex()}>]TJ\nET\nQ\n")

    def _covered(self, text: str, font: str, color: tuple, rotate: int) -> bool:
        if not text or rotate not in _ROTATE_CM or type(color) is not tuple or font.startswith("/"):
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


@dataclass(frozen=True, slots=True)
class _Style:
    font: str  # base-14 name for insert_text
    color: tuple[float, float, float]
    visible: bool


@dataclass(slots=True)
class _Insert:
    point: tuple[float, float]
    text: str
    size: float
    style: _Style
    replaced: int = 0  # characters drawn as REPLACEMENT or left out (no bundled font has them)


def _base14(font: str, flags: int) -> str:
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


def _styles(page_text: PageText) -> list[_Style]:
    """Base-14 face, colour and visibility for each span style recorded at extraction."""
    return [_Style(_base14(font, flags), pymupdf.sRGB_to_pdf(color), alpha > 0)
            for font, flags, color, alpha in page_text.styles]


class _Glyphs(dict):
    """A page's glyphs by index, each made from the compact GlyphTable once: re-typesetting reads the
    same glyph several times."""

    __slots__ = ("table",)

    def __init__(self, table) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, index: int) -> Glyph:
        glyph = self[index] = self.table[index]
        return glyph


def _inset_band(glyphs: _Glyphs, g: int) -> tuple[float, float, float, float]:
    glyph = glyphs[g]
    x0, y0, x1, y1 = glyph.band(REMOVE_BAND)
    inset = (x1 - x0) * _INSET
    return x0 + inset, y0, max(x1 - inset, x0 + inset + 0.01), y1


class _Bounds:
    """The union of rectangles, as `pymupdf.Rect() | a | b ...` computes it (empty ones are skipped), on plain
    floats: Rect.__or__ builds several Rect objects and calls MuPDF each time, and this runs per glyph.

    MuPDF's union also rounds to float32, which this does not; the result only becomes a redaction
    annotation, which MuPDF stores as float32, and rounding commutes with min and max.
    """

    __slots__ = ("x0", "y0", "x1", "y1")

    def __init__(self) -> None:
        self.x0 = self.y0 = self.x1 = self.y1 = 0.0  # empty, like pymupdf.Rect()

    def include(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if x0 >= x1 or y0 >= y1:
            return
        if self.x0 >= self.x1 or self.y0 >= self.y1:
            self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
            return
        self.x0, self.y0 = min(self.x0, x0), min(self.y0, y0)
        self.x1, self.y1 = max(self.x1, x1), max(self.y1, y1)

    def include_all(self, rects: list[tuple[float, float, float, float]]) -> None:
        """The same as including each in turn: the union of the non-empty ones, in one step."""
        rects = [r for r in rects if r[0] < r[2] and r[1] < r[3]]
        if rects:
            x0s, y0s, x1s, y1s = zip(*rects, strict=True)
            self.include(min(x0s), min(y0s), max(x1s), max(y1s))

    def rect(self) -> pymupdf.Rect:
        return pymupdf.Rect(self.x0, self.y0, self.x1, self.y1)


def _line_boxes(glyphs: _Glyphs, line_ids: list[int], refs: list[tuple[Decision, int]]
                ) -> dict[int, tuple[float, float, float, float]]:
    """Glyph index -> bbox for one line's glyphs and its pieces' (the same ones, normally), read once:
    the loops below look at each box several times."""
    box = {i: glyphs[i].bbox for i in line_ids}
    for d, k in refs:
        for g in d.pieces[k].glyphs:
            if g not in box:
                box[g] = glyphs[g].bbox
    return box


def _retypeset(page: pymupdf.Page, page_text: PageText, decisions: list[Decision]
               ) -> tuple[dict[int, pymupdf.Rect], list[_Insert]]:
    """Quantise the boxes of every redacted horizontal line and plan the re-typesetting of its tail.

    Returns, per re-typeset line, one removal rectangle covering its redacted pieces and the surviving
    tail glyphs (they are redrawn), and what to redraw. The decisions' pieces get their new visual boxes
    (which the report and verification use). One rectangle per line, not one per piece and run: each
    redaction annotation costs PyMuPDF time proportional to the annotations already on the page.
    """
    if page.rotation:
        return {}, []  # insert_text's coordinates differ on rotated pages: boxes are left exact (README)
    glyphs = _Glyphs(page_text.glyphs)
    by_line: dict[int, list[tuple[Decision, int]]] = defaultdict(list)
    for d in decisions:
        for k, piece in enumerate(d.pieces):
            by_line[piece.line].append((d, k))
    line_glyphs: dict[int, list[int]] = defaultdict(list)
    lines = page_text.glyphs.lines()
    for i, line in enumerate(lines):
        if line in by_line:
            line_glyphs[line].append(i)
    styles = _styles(page_text)
    rows = _Rows(page_text, page, lines)
    removals: dict[int, pymupdf.Rect] = {}
    inserts: list[_Insert] = []
    for line, refs in by_line.items():
        boxes = _line_boxes(glyphs, line_glyphs[line], refs)
        ids = sorted(line_glyphs[line], key=lambda i: boxes[i][0])
        if not ids or not all(glyphs[i].horizontal for i in ids):
            continue
        owner = {g: (d, k) for d, k in refs for g in d.pieces[k].glyphs}
        centre = {i: (boxes[i][0] + boxes[i][2]) / 2 for i in ids}
        for d, k in refs:  # spaces inside a piece ("Tom Whitfield") belong to it
            lo = min(boxes[g][0] for g in d.pieces[k].glyphs)
            hi = max(boxes[g][2] for g in d.pieces[k].glyphs)
            for i in ids:
                if i not in owner and lo < centre[i] < hi:
                    owner[i] = (d, k)
        first_x = min(boxes[g][0] for g in owner)
        tail = [i for i in ids if boxes[i][0] >= first_x - 0.01 or i in owner]
        # group the tail into runs: a redacted piece, or surviving glyphs between pieces
        runs: list[tuple[tuple[Decision, int] | None, list[int]]] = []
        for i in tail:
            key = owner.get(i)
            if runs and runs[-1][0] == key:
                runs[-1][1].append(i)
            else:
                runs.append((key, [i]))
        line_rect = _Bounds()
        for d, k in refs:
            line_rect.include(*d.pieces[k].remove)
        for key, members in runs:
            if key is None:
                # spaces too: a kept space keeps its position, and MuPDF writes the removed width before it
                # as a TJ adjustment (e.g. [(Dear ) -4390 ( )] vs -5556 for a longer name)
                # one rect per run (each annotation costs time in apply_redactions); inset at both ends only
                line_rect.include_all([_inset_band(glyphs, i) for i in members])
        placed, planned, end = _lay_out(runs, glyphs, boxes, styles, first_x, {})
        limit = rows.limit(line, max(boxes[i][2] for i in ids))
        if end > limit + 0.01:  # it would run into the next text of the row (a table cell, a column)
            placed, planned, end = _lay_out(runs, glyphs, boxes, styles, first_x, _shrink(placed, end - limit))
        for (d, k), box in placed:
            piece = d.pieces[k]
            d.pieces[k] = LinePiece(piece.line, piece.remove, pymupdf.Rect(box[0], piece.visual.y0, box[1],
                                                                           piece.visual.y1), piece.glyphs)
        inserts += planned
        removals[line] = line_rect.rect()
    return removals, inserts


_Run = tuple[tuple[Decision, int] | None, list[int]]
_Placed = list[tuple[tuple[Decision, int], tuple[float, float, float]]]  # piece, (x0, x1, exact width)


def _lay_out(runs: list[_Run], glyphs: _Glyphs, boxes: dict[int, tuple[float, float, float, float]],
             styles: list[_Style], first_x: float, cuts: dict[int, float]) -> tuple[_Placed, list[_Insert], float]:
    """Place a line's boxes (whole cells, less `cuts[k]` for the k-th box) and surviving runs from
    `first_x`: where each box goes, what to draw, and where the line ends."""
    cursor, prev_x1 = first_x, None
    placed: _Placed = []
    inserts: list[_Insert] = []
    for key, members in runs:
        size = max(glyphs[i].size for i in members)
        x0 = min(boxes[i][0] for i in members)
        x1 = max(boxes[i][2] for i in members)
        if key is not None:
            width = quantised_width(x1 - x0, size) - cuts.get(len(placed), 0.0)
            placed.append((key, (cursor, cursor + width, x1 - x0)))
            cursor, prev_x1 = cursor + width, x1
            continue
        # a space after the box is kept as one space; its width is the font's, not the gap's
        lead = prev_x1 is not None and (x0 - prev_x1 > 0.15 * size)
        cursor = _plan_run(members, glyphs, boxes, styles, cursor, lead, inserts)
        prev_x1 = x1
    return placed, inserts, cursor


def _shrink(placed: _Placed, overflow: float) -> dict[int, float]:
    """How much narrower each box must be, last box first and never narrower than what it covers, for the
    line to end `overflow` points earlier. The widths then follow from the room the layout leaves (the
    next cell or column), not from the removed text, except where a box is cut back to its exact width."""
    cuts: dict[int, float] = {}
    for k in range(len(placed) - 1, -1, -1):
        if overflow <= 0:
            break
        x0, x1, exact = placed[k][1]
        cut = min(overflow, max(0.0, x1 - x0 - exact))
        cuts[k] = cut
        overflow -= cut
    return cuts


class _Rows:
    """Where each extraction line of a page ends and what is to its right on the same row: MuPDF makes
    separate lines of one row's table cells, columns, or text after a wide gap ("HBC-BK58." and the next
    sentence). A re-typeset line must not run into them: its box or its redrawn tail would lie over their
    text, or over their own box. Lines are contiguous runs of the page's glyphs; a line's extent is read
    only when asked for (a page has thousands of glyphs, a row a few lines)."""

    def __init__(self, page_text: PageText, page: pymupdf.Page, lines: list[int]) -> None:
        self.table = page_text.glyphs
        self.ranges: dict[int, tuple[int, int]] = {}
        start, current = 0, None
        for i, line in enumerate(lines):
            if line != current:
                if current is not None:
                    self.ranges.setdefault(current, (start, i))
                start, current = i, line
        if current is not None:
            self.ranges.setdefault(current, (start, len(lines)))
        self.right = page.rect.x1
        self._extent: dict[int, tuple[float, float, float, float] | None] = {}

    def _first(self, line: int) -> tuple[float, float, float, float] | None:
        """The box of the line's first visible glyph."""
        start, end = self.ranges[line]
        for i in range(start, end):
            if not self.table.char(i).isspace():
                return self.table.bbox(i)
        return None

    def extent(self, line: int) -> tuple[float, float, float, float] | None:
        if line not in self._extent:
            start, end = self.ranges.get(line, (0, 0))
            boxes = [self.table.bbox(i) for i in range(start, end) if not self.table.char(i).isspace()]
            self._extent[line] = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                                  max(b[3] for b in boxes)) if boxes else None
        return self._extent[line]

    def limit(self, line: int, end: float) -> float:
        """The x a re-typeset `line` (its glyphs ending at `end`) may run to: just before the nearest text of
        another line on its row that starts after it, or the page's right edge (if the line already ends
        beyond it, its end)."""
        own = self.extent(line)
        if own is None:
            return max(self.right, end)
        height = own[3] - own[1]
        limit = max(self.right, end)
        for other in self.ranges:
            first = self._first(other) if other != line else None
            if first is None or min(own[3], first[3]) - max(own[1], first[1]) <= 0.3 * min(height, first[3] - first[1]):
                continue  # not on this row (judged by its first glyph: a line is level)
            x0 = self.extent(other)[0]
            if end - 0.01 <= x0 < limit:
                limit = x0 - min(0.2 * height, x0 - end)
        return max(limit, end)


def _plan_run(members: list[int], glyphs: _Glyphs, boxes: dict[int, tuple[float, float, float, float]],
              styles: list[_Style], cursor: float, lead_space: bool, inserts: list[_Insert]) -> float:
    """Lay out one run of surviving glyphs from `cursor`, split where the style changes."""
    text, current, start_size, prev, replaced = "", None, 0.0, None, 0
    pending_space = lead_space
    baseline = glyphs[members[0]].origin[1]

    def flush() -> None:
        nonlocal cursor, text, replaced
        if text and current is not None:
            if current.visible and text.strip():
                inserts.append(_Insert((cursor, baseline), text, start_size, current, replaced))
            cursor += _run_length(text, current.font, start_size)
        text, replaced = "", 0

    for i in members:
        g = glyphs[i]
        style = styles[g.style] if 0 <= g.style < len(styles) else _Style("helv", BLACK, True)
        if prev is not None and not g.char.isspace() and not glyphs[prev].char.isspace() \
                and boxes[i][0] - boxes[prev][2] > 0.15 * g.size:
            pending_space = True
        # a space after non-ASCII text stays in its segment and is drawn: MuPDF does not read a gap after
        # CJK glyphs as a space (it does after ASCII, where an undrawn space segment is left as it was)
        if (style != current or g.size != start_size) and not (g.char.isspace() and text and not text.isascii()):
            flush()
            current, start_size = style, g.size
        if pending_space and not g.char.isspace():
            text += " "
        pending_space = False
        drawn = " " if g.char.isspace() else "".join(_drawable(c, current.font) for c in g.char)
        replaced += not g.char.isspace() and drawn != g.char
        text += drawn
        prev = i
    flush()
    return cursor


def _insert(ops: _TextOps, writers: dict, item: _Insert) -> None:
    """Queue re-typeset text: ASCII and Latin-1 text into the page's one shape (the base-14 face, WinAnsi);
    any other character into a TextWriter in the same face as an embedded Unicode font, with MuPDF's
    bundled fallback fonts for glyphs the face lacks (see _run_length for the matching widths)."""
    if _SHAPE_TEXT.fullmatch(item.text):
        ops.insert(item.point, item.text, item.style.font, item.size, item.style.color)
        return
    writer = writers.get(item.style.color)
    if writer is None:
        writer = writers[item.style.color] = pymupdf.TextWriter(ops.shape.page.rect, color=item.style.color)
    writer.append(item.point, item.text, font=_font(item.style.font), fontsize=item.size)


def _writer_matrix(page: pymupdf.Page) -> pymupdf.Matrix | None:
    """The correction write_text needs on this (unrotated) page to put text where Shape.insert_text would.

    TextWriter.write_text (PyMuPDF 1.28) shifts its text by `page.cropbox_position`, the CropBox's top-left
    corner in top-down page coordinates, where the PDF needs its bottom-left corner: on a page whose CropBox
    is not level with the MediaBox top and bottom, re-typeset text would land above or below its line. The
    translation from where it puts page point (0, 0) to where that point is on the page fixes every point
    (the same mapping otherwise); None if there is nothing to correct.
    """
    cb, mb = page.cropbox_position, page.mediabox
    shift = pymupdf.Point(cb.x, cb.y + mb.y0) if (bool(cb) or mb.y0 != 0) else pymupdf.Point(0, 0)  # write_text's
    put = pymupdf.Point(0, page.rect.height) + shift  # (0, 0) through TextWriter's flip, then write_text's shift
    want = pymupdf.Point(0, 0) * ~page.transformation_matrix
    dx, dy = want.x - put.x, want.y - put.y
    if abs(dx) < 1e-9 and abs(dy) < 1e-9:
        return None
    return pymupdf.Matrix(1, 0, 0, 1, dx, dy)


def _direction(page: pymupdf.Page, page_text: PageText | None, piece: LinePiece) -> int:
    """Rotation (0/90/180/270) of the text line a piece lies on, so its label reads the same way."""
    if page_text is not None and len(piece.glyphs) >= 2:
        first, last = page_text.glyphs[piece.glyphs[0]].origin, page_text.glyphs[piece.glyphs[-1]].origin
        dx, dy = last[0] - first[0], last[1] - first[1]
        if abs(dx) >= abs(dy):
            return 0 if dx >= 0 else 180
        return 90 if dy < 0 else 270
    if page_text is not None and piece.glyphs and page_text.glyphs[piece.glyphs[0]].horizontal:
        return 0
    return page.rotation


def _label(ops: _TextOps, rect: pymupdf.Rect, label: str, rotate: int) -> None:
    """White label centred on the box, along the text direction, shrunk to fit (or left out if tiny)."""
    along, across = (rect.width, rect.height) if rotate in (0, 180) else (rect.height, rect.width)
    size = across * 0.8
    width = _text_length(label, LABEL_FONT, size)
    if width > along * 0.95:
        size *= along * 0.95 / width
    if size < MIN_LABEL_SIZE:
        return
    inset = (across - size * 0.7) / 2  # from the glyphs' bottom edge to the box edge
    point = {
        0: (rect.x0 + 0.5, rect.y1 - inset),
        90: (rect.x1 - inset, rect.y1 - 0.5),
        180: (rect.x1 - 0.5, rect.y0 + inset),
        270: (rect.x0 + inset, rect.y0 + 0.5),
    }[rotate]
    ops.insert(point, label, LABEL_FONT, size, WHITE, rotate)


def _remove(page: pymupdf.Page, rects: list[pymupdf.Rect], *, images: int, graphics: int, text: int) -> None:
    """Mark `rects` with redaction annotations and apply them (page.apply_redactions with these options).

    The annotations have no fill, no overlay text and no cross-out appearance (built only to be thrown
    away: applying removes them). When they are the page's only Redact annotations MuPDF is called
    directly: the wrapper would read each one's fill and overlay text back and build a Shape to draw
    them, and ours have neither. Any other Redact annotation (one in the input file) takes the wrapper.
    """
    if text == pymupdf.PDF_REDACT_TEXT_REMOVE:
        before_text_removal(page)
    for rect in rects:
        page.add_redact_annot(rect, fill=False, cross_out=False)
    redacts = sum(1 for _xref, kind, _id in page.annot_xrefs() if kind == pymupdf.PDF_ANNOT_REDACT)
    if rects and redacts == len(rects):
        if not page._apply_redactions(text, images, graphics):
            raise ValueError("Error applying redactions.")  # what apply_redactions raises
        return
    page.apply_redactions(images=images, graphics=graphics, text=text)


def _cover_whole_invisible_words(page_text: PageText, decisions: list[Decision]) -> None:
    """A searchable scan's text layer is invisible text over the page image; the image's pixels are what
    the reader sees. An OCR engine gives each word's letters even shares of the word's box (Tesseract's
    GlyphLessFont), not their printed places, so a box over the letters of "Nakamura" in "Nakamura," left
    "ra," readable in the pixels. A piece made of invisible glyphs therefore covers the whole words it
    touches (as page_text_with_ocr does for words this tool reads itself): the box, and the pixels removed
    under it, reach from the word's first letter to its last, and over the space that ends it."""
    table = page_text.glyphs
    invisible = {k for k, (_font, _flags, _color, alpha) in enumerate(page_text.styles) if alpha == 0}
    if not invisible:
        return
    lines = None
    for d in decisions:
        for k, piece in enumerate(d.pieces):
            members = [table[g] for g in piece.glyphs]
            if not members or any(g.style not in invisible for g in members):
                continue
            if lines is None:
                lines = table.lines()
            first, last = min(piece.glyphs), max(piece.glyphs)
            while first > 0 and lines[first - 1] == piece.line and not table.char(first - 1).isspace():
                first -= 1
            while last + 1 < len(lines) and lines[last + 1] == piece.line and not table.char(last + 1).isspace():
                last += 1
            if last + 1 < len(lines) and lines[last + 1] == piece.line and table[last + 1].style in invisible:
                last += 1  # Tesseract's word ends with its space: its box is the word's box
            bounds = _Bounds()
            bounds.include(*piece.visual)
            bounds.include_all([table.bbox(g) for g in range(first, last + 1)])
            d.pieces[k] = LinePiece(piece.line, piece.remove, bounds.rect(), piece.glyphs)


def redact_page(page: pymupdf.Page, decisions: list[Decision], page_text: PageText | None = None) -> int:
    """Redact one page; returns how many surviving characters could not be redrawn as they were (see
    REPLACEMENT), so the caller can say so: text the reader sees changed is never silent."""
    if not decisions:
        return 0
    removals, inserts = _retypeset(page, page_text, decisions) if page_text is not None else ({}, [])
    if page_text is not None and page.get_images(full=False):
        _cover_whole_invisible_words(page_text, decisions)
    # text first, on the producer's own stream: a pass that removes text after another filtering pass is
    # exposed to the filter's carried adjustment (content_stream.py, point 2)
    # re-typeset lines have one rectangle covering their pieces
    bands = [piece.remove for d in decisions for piece in d.pieces if piece.line not in removals]
    _remove(page, bands + list(removals.values()), images=pymupdf.PDF_REDACT_IMAGE_NONE,
            graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=pymupdf.PDF_REDACT_TEXT_REMOVE)
    if _has_non_text(page):
        _remove(page, [piece.visual for d in decisions for piece in d.pieces],
                images=pymupdf.PDF_REDACT_IMAGE_PIXELS, graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                text=pymupdf.PDF_REDACT_TEXT_NONE)
    # One shape for every box, label and re-typeset run: each separate insert_text would add a content
    # stream and cost ~20 ms a page.
    shape = page.new_shape()
    for d in decisions:
        for piece in d.pieces:
            shape.draw_rect(piece.visual)
    shape.finish(color=None, fill=BLACK, width=0)
    ops = _TextOps(shape)
    for d in decisions:
        for piece in d.pieces:
            _label(ops, piece.visual, d.label, _direction(page, page_text, piece))
    writers: dict = {}
    for item in inserts:
        _insert(ops, writers, item)
    shape.commit(overlay=True)
    if writers:
        matrix = _writer_matrix(page)
        for writer in writers.values():
            writer.write_text(page, matrix=matrix)
    return sum(item.replaced for item in inserts)


def redact_document(doc: pymupdf.Document, decisions: list[Decision],
                    pages: list[PageText] | None = None) -> dict[int, int]:
    """Apply every decision. With `pages` (the extraction the decisions came from), redacted lines are
    re-typeset so that surviving glyph positions do not reveal removed widths (module docstring).
    Returns {0-based page: characters not redrawn as they were} for the pages where that happened.

    Every page's line moves are made explicit first (content_stream.fix_line_moves), with or without
    decisions: the hardening and the cleaning save filter every page."""
    fix_line_moves(doc)
    replaced: dict[int, int] = {}
    by_page: dict[int, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_page[d.page].append(d)
    texts = {p.number: p for p in pages or ()}
    for number, page_decisions in sorted(by_page.items()):
        if n := redact_page(doc[number], page_decisions, texts.get(number)):
            replaced[number] = n
    return replaced
