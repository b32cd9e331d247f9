"""Re-typesetting a redacted line (redact.py draws the result).

Width leak (pdf-redaction-pitfalls.md, "Geometry"; Bland et al., PETS 2023): MuPDF keeps every surviving
glyph where it was, so the gap between the box and the next word is the removed text's exact width, and
a font's width table narrows a name to a handful of candidates. When the page's text is known
(`redact_document(..., pages=...)`), every redacted line is re-typeset from the first redacted glyph to the
line end, in the line's own direction (left to right, or on a rotated page or in vertical text up, down or
right to left: the line is laid out in a frame turned so that it runs left to right, and turned back): each box is widened to a whole number of cells of QUANTUM_EM x font size, the
surviving glyphs after it are removed too and drawn again, in a face of the same family (sans, serif or
mono; base-14, or a metric-compatible free font for an embedded original: pdf/fonts.py) at the same size
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
from collections import defaultdict
from dataclasses import dataclass, replace

import pymupdf

from redactor.model import Decision
from redactor.page import REMOVE_BAND, Glyph, LinePiece, PageText
from redactor.pdf.bounds import Reach
from redactor.pdf.fonts import (
    SHAPE_TEXT,
    TextOps,
    base14_font,
    base14_twin,
    drawable,
    is_free_face,
    page_fonts,
    run_length,
    span_face,
)
from redactor.pdf.visibility import unrotated_rect

BLACK = (0, 0, 0)  # re-typeset text whose span style is unknown
QUANTUM_EM = 2.0  # box widths are whole multiples of this many ems of the line's font size
_INSET = 0.15  # removal rects are inset by this fraction of the glyph width on each side: own glyph only


def quantised_width(width: float, size: float) -> float:
    """Box width for removed text of `width` at font `size`: the next whole number of cells."""
    cell = QUANTUM_EM * size
    return max(1, math.ceil(width / cell - 1e-6)) * cell


@dataclass(frozen=True, slots=True)
class Style:
    font: str  # base-14 name for insert_text
    color: tuple[float, float, float]
    visible: bool


@dataclass(slots=True)
class Insert:
    point: tuple[float, float]
    text: str
    size: float
    style: Style
    replaced: int = 0  # characters drawn as REPLACEMENT or left out (no bundled font has them)
    rotate: int = 0  # the line's direction on the (unrotated) page: 0, 90 (up), 180 or 270 (down)


def _styles(page_text: PageText, page: pymupdf.Page) -> list[Style]:
    """Face (fonts.span_face: the original's family, weight and slant), colour and visibility for each span
    style recorded at extraction."""
    fonts = page_fonts(page) if page_text.styles else {}
    return [Style(span_face(page.parent, fonts, font, flags), pymupdf.sRGB_to_pdf(color), alpha > 0)
            for font, flags, color, alpha in page_text.styles]


class Glyphs(dict):
    """A page's glyphs by index, each made from the compact GlyphTable once: re-typesetting reads the
    same glyph several times."""

    __slots__ = ("table",)

    def __init__(self, table) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, index: int) -> Glyph:
        glyph = self[index] = self.table[index]
        return glyph

    def bbox(self, index: int) -> tuple[float, float, float, float]:
        """glyphs[index].bbox without making the glyph (a line's glyphs before its first box need no more)."""
        glyph = self.get(index)
        return glyph.bbox if glyph is not None else self.table.bbox(index)


def _inset_band(glyphs: Glyphs, g: int) -> tuple[float, float, float, float]:
    glyph = glyphs[g]
    x0, y0, x1, y1 = glyph.band(REMOVE_BAND)
    inset = (x1 - x0) * _INSET
    return x0 + inset, y0, max(x1 - inset, x0 + inset + 0.01), y1


class Bounds:
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


def _line_boxes(glyphs: Glyphs, line_ids: list[int], refs: list[tuple[Decision, int]]
                ) -> dict[int, tuple[float, float, float, float]]:
    """Glyph index -> bbox for one line's glyphs and its pieces' (the same ones, normally), read once:
    the loops below look at each box several times."""
    box = {i: glyphs.bbox(i) for i in line_ids}
    for d, k in refs:
        for g in d.pieces[k].glyphs:
            if g not in box:
                box[g] = glyphs.bbox(g)
    return box


# --- lines in other directions ---------------------------------------------------------------------------
# A line is laid out in a frame where it runs left to right: (x, y) -> (dx x + dy y, -dy x + dx y) for its
# unit direction (dx, dy), a rotation, so glyphs keep their baseline below their ascenders. Only the four
# axis directions are re-typeset; a skewed line keeps exact boxes.

_ANGLE = {(1, 0): 0, (0, -1): 90, (-1, 0): 180, (0, 1): 270}  # direction -> insert_text's rotate


def _line_direction(glyphs: Glyphs, ids: list[int]) -> tuple[int, int] | None:
    """The axis direction a line's glyphs run in (extraction order follows the text), or None: for a line
    of OCR words (their glyphs have no style: each has its word's box, see extract.page_text_with_ocr), a
    skewed line, or a line of one glyph that is not horizontal."""
    if all(glyphs.table.horizontal(i) for i in ids):  # (without making the glyphs)
        return (1, 0)
    if len(ids) < 2 or any(glyphs[i].style < 0 for i in ids):
        return None
    (x0, y0), (x1, y1) = glyphs[ids[0]].origin, glyphs[ids[-1]].origin
    dx, dy = x1 - x0, y1 - y0
    if abs(dx) > 20 * abs(dy):
        return (-1, 0) if dx < 0 else None  # left to right but not horizontal: slightly skewed
    if abs(dy) > 20 * abs(dx):
        return (0, 1 if dy > 0 else -1)
    return None


def _turn(d: tuple[int, int], x: float, y: float) -> tuple[float, float]:
    return (d[0] * x + d[1] * y, -d[1] * x + d[0] * y)


def _turn_back(d: tuple[int, int], x: float, y: float) -> tuple[float, float]:
    return (d[0] * x - d[1] * y, d[1] * x + d[0] * y)


def _turn_rect(fn, d: tuple[int, int], r) -> tuple[float, float, float, float]:
    (ax, ay), (bx, by) = fn(d, r[0], r[1]), fn(d, r[2], r[3])
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


class _TurnedGlyphs(Glyphs):
    """A page's glyphs as seen in a line's frame (section comment): boxes and origins turned, horizontal."""

    __slots__ = ("d",)

    def __init__(self, table, d: tuple[int, int]) -> None:
        super().__init__(table)
        self.d = d

    def __missing__(self, index: int) -> Glyph:
        g = self.table[index]
        glyph = self[index] = Glyph(g.char, _turn_rect(_turn, self.d, g.bbox), g.line, _turn(self.d, *g.origin),
                                    g.size, True, g.style)
        return glyph

    def bbox(self, index: int) -> tuple[float, float, float, float]:
        glyph = self.get(index)
        return glyph.bbox if glyph is not None else _turn_rect(_turn, self.d, self.table.bbox(index))


def retypeset(page: pymupdf.Page, page_text: PageText, decisions: list[Decision]
               ) -> tuple[dict[int, pymupdf.Rect], list[Insert], list[Decision]]:
    """Quantise the boxes of every redacted horizontal line and plan the re-typesetting of its tail.

    Returns, per re-typeset line, one removal rectangle covering its redacted pieces and the surviving
    tail glyphs (they are redrawn), what to redraw, and the decisions with their pieces' new visual boxes
    (which the report and verification use; new decisions, the given ones are not changed). One rectangle
    per line, not one per piece and run: each redaction annotation costs PyMuPDF time proportional to the
    annotations already on the page.
    """
    glyphs = Glyphs(page_text.glyphs)
    turned: dict[tuple[int, int], tuple[Glyphs, _Rows]] = {}
    by_line: dict[int, list[tuple[Decision, int]]] = defaultdict(list)
    for d in decisions:
        for k, piece in enumerate(d.pieces):
            by_line[piece.line].append((d, k))
    line_glyphs: dict[int, list[int]] = defaultdict(list)
    lines = page_text.glyphs.lines()
    for i, line in enumerate(lines):
        if line in by_line:
            line_glyphs[line].append(i)
    styles = _styles(page_text, page)
    turned_styles = [replace(s, font=base14_twin(s.font)) for s in styles]  # see draw_insert
    rows = _Rows(page_text, page, lines)
    removals: dict[int, pymupdf.Rect] = {}
    inserts: list[Insert] = []
    moved: dict[tuple[int, int], LinePiece] = {}  # (id of the decision, piece index) -> piece with its new box
    for line, refs in by_line.items():
        d = _line_direction(glyphs, line_glyphs[line]) if line_glyphs[line] else None
        if d is None:
            continue  # a skewed line (or none): its boxes stay exact
        if d != (1, 0) and not all(SHAPE_TEXT.fullmatch(glyphs[i].char) for i in line_glyphs[line]):
            # a turned line beyond Latin-1 (CJK set vertically: upright glyphs a turned redraw would lay on
            # their side) keeps exact boxes rather than be redrawn wrongly
            continue
        line_view, line_rows = glyphs, rows
        if d != (1, 0):
            if d not in turned:
                turned[d] = (_TurnedGlyphs(page_text.glyphs, d), _Rows(page_text, page, lines, d))
            line_view, line_rows = turned[d]
        placed, planned, rect = _retypeset_line(line_view, line_rows, line, line_glyphs[line], refs,
                                                styles if d == (1, 0) else turned_styles, d)
        for (dec, k), box in placed:
            piece = dec.pieces[k]
            visual = _turn_rect(_turn, d, piece.visual)
            visual = _turn_rect(_turn_back, d, (box[0], visual[1], box[1], visual[3]))
            moved[id(dec), k] = LinePiece(piece.line, piece.remove, pymupdf.Rect(visual), piece.glyphs)
        if d != (1, 0):
            for item in planned:
                item.point, item.rotate = _turn_back(d, *item.point), _ANGLE[d]
            rect = pymupdf.Rect(_turn_rect(_turn_back, d, rect))
        inserts += planned
        removals[line] = rect
    return removals, inserts, with_pieces(decisions, moved)


def _retypeset_line(glyphs: Glyphs, rows: _Rows, line: int, line_ids: list[int], refs: list[tuple[Decision, int]],
                    styles: list[Style], way: tuple[int, int]) -> tuple[_Placed, list[Insert], pymupdf.Rect]:
    """One line of `retypeset`, in the frame of its direction `way` where it runs left to right (`glyphs` seen
    in that frame): where its boxes go, what to redraw, and the one removal rectangle (in the frame)."""
    boxes = _line_boxes(glyphs, line_ids, refs)
    ids = sorted(line_ids, key=lambda i: boxes[i][0])
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
    line_rect = Bounds()
    for dec, k in refs:
        remove = dec.pieces[k].remove
        line_rect.include(*(remove if way == (1, 0) else _turn_rect(_turn, way, remove)))
    for key, members in runs:
        if key is None:
            # spaces too: a kept space keeps its position, and MuPDF writes the removed width before it
            # as a TJ adjustment (e.g. [(Dear ) -4390 ( )] vs -5556 for a longer name)
            # one rect per run (each annotation costs time in apply_redactions); inset at both ends only
            line_rect.include_all([_inset_band(glyphs, i) for i in members])
    placed, planned, end = _lay_out(runs, glyphs, boxes, styles, first_x, {})
    line_end = max(boxes[i][2] for i in ids)
    limit, own = rows.limit(line, line_end), rows.extent(line)
    if own is not None:  # nor past a rule bordering its cell, nor past its column's right edge (pdf/bounds.py)
        limit = min(limit, rows.reach.right(line, own, line_end))
    if end > limit + 0.01:  # it would run into the next text of the row (a table cell, a column), a rule
        # the box grows leftwards into the blank before the word first, then the boxes are cut back
        before = [boxes[i] for i in ids if i not in owner and not glyphs[i].char.isspace()]
        start = max(first_x - (end - limit), rows.reach.left(before, first_x, max(glyphs[g].size for g in owner)))
        placed, planned, end = _lay_out(runs, glyphs, boxes, styles, start, {})
        if end > limit + 0.01:
            placed, planned, end = _lay_out(runs, glyphs, boxes, styles, start, _shrink(placed, end - limit))
    return placed, planned, line_rect.rect()


def with_pieces(decisions: list[Decision], new: dict[tuple[int, int], LinePiece]) -> list[Decision]:
    """The decisions with the pieces in `new` ((id of the decision, piece index) -> piece) put in."""
    if not new:
        return decisions
    return [replace(d, pieces=[new.get((id(d), k), piece) for k, piece in enumerate(d.pieces)])
            if any((id(d), k) in new for k in range(len(d.pieces))) else d for d in decisions]


_Run = tuple[tuple[Decision, int] | None, list[int]]
_Placed = list[tuple[tuple[Decision, int], tuple[float, float, float]]]  # piece, (x0, x1, exact width)


def _lay_out(runs: list[_Run], glyphs: Glyphs, boxes: dict[int, tuple[float, float, float, float]],
             styles: list[Style], first_x: float, cuts: dict[int, float]) -> tuple[_Placed, list[Insert], float]:
    """Place a line's boxes (whole cells, less `cuts[k]` for the k-th box) and surviving runs from
    `first_x`: where each box goes, what to draw, and where the line ends."""
    cursor, prev_x1 = first_x, None
    placed: _Placed = []
    inserts: list[Insert] = []
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

    def __init__(self, page_text: PageText, page: pymupdf.Page, lines: list[int], d: tuple[int, int] = (1, 0)) -> None:
        self.table = page_text.glyphs
        self.d = d  # the direction of the lines asked about: boxes are seen in its frame (see retypeset)
        self.ranges: dict[int, tuple[int, int]] = {}
        start, current = 0, None
        for i, line in enumerate(lines):
            if line != current:
                if current is not None:
                    self.ranges.setdefault(current, (start, i))
                start, current = i, line
        if current is not None:
            self.ranges.setdefault(current, (start, len(lines)))
        unrotated = unrotated_rect(page)  # the glyphs' space
        self.right = _turn_rect(_turn, d, unrotated)[2]
        self._extent: dict[int, tuple[float, float, float, float] | None] = {}
        self._firsts: list[tuple[int, tuple[float, float, float, float]]] | None = None  # see limit
        self.reach = Reach(page, self.table, self.ranges, self._bbox,
                           lambda r: r if d == (1, 0) else _turn_rect(_turn, d, r))  # rules and columns

    def _first(self, line: int) -> tuple[float, float, float, float] | None:
        """The box of the line's first visible glyph."""
        start, end = self.ranges[line]
        for i in range(start, end):
            if not self.table.char(i).isspace():
                return self._bbox(i)
        return None

    def _bbox(self, i: int) -> tuple[float, float, float, float]:
        box = self.table.bbox(i)
        return box if self.d == (1, 0) else _turn_rect(_turn, self.d, box)

    def extent(self, line: int) -> tuple[float, float, float, float] | None:
        if line not in self._extent:
            start, end = self.ranges.get(line, (0, 0))
            if self.d == (1, 0):
                self._extent[line] = self.table.visible_box(start, end)
            else:
                boxes = [self._bbox(i) for i in range(start, end) if not self.table.char(i).isspace()]
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
        if self._firsts is None:  # every line's first visible glyph, read once a page (this runs per redacted line)
            self._firsts = [(other, first) for other in self.ranges if (first := self._first(other)) is not None]
        for other, first in self._firsts:
            if other == line or min(own[3], first[3]) - max(own[1], first[1]) <= 0.3 * min(height, first[3] - first[1]):
                continue  # not on this row (judged by its first glyph: a line is level)
            x0 = self.extent(other)[0]
            if end - 0.01 <= x0 < limit:
                limit = x0 - min(0.2 * height, x0 - end)
        return max(limit, end)


def _plan_run(members: list[int], glyphs: Glyphs, boxes: dict[int, tuple[float, float, float, float]],
              styles: list[Style], cursor: float, lead_space: bool, inserts: list[Insert]) -> float:
    """Lay out one run of surviving glyphs from `cursor`, split where the style changes."""
    text, current, start_size, prev, replaced = "", None, 0.0, None, 0
    pending_space = lead_space
    baseline = glyphs[members[0]].origin[1]

    def flush() -> None:
        nonlocal cursor, text, replaced
        if text and current is not None:
            if current.visible and text.strip():
                inserts.append(Insert((cursor, baseline), text, start_size, current, replaced))
            cursor += run_length(text, current.font, start_size)
        text, replaced = "", 0

    for i in members:
        g = glyphs[i]
        style = styles[g.style] if 0 <= g.style < len(styles) else Style("helv", BLACK, True)
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
        drawn = " " if g.char.isspace() else "".join(drawable(c, current.font) for c in g.char)
        replaced += not g.char.isspace() and drawn != g.char
        text += drawn
        prev = i
    flush()
    return cursor


def draw_insert(ops: TextOps, writers: dict, item: Insert) -> None:
    """Queue re-typeset text: ASCII and Latin-1 text into the page's one shape (the base-14 face, WinAnsi);
    any other character into a TextWriter in the same face as an embedded Unicode font, with MuPDF's
    bundled fallback fonts for glyphs the face lacks (see run_length for the matching widths)."""
    if item.rotate and not SHAPE_TEXT.fullmatch(item.text):
        # a TextWriter draws level text only: on a turned line, a character beyond Latin-1 is drawn as '?'
        # (and counted: the caller says so), never silently as another
        text = "".join(c if SHAPE_TEXT.fullmatch(c) else "?" for c in item.text)
        item.replaced += sum(1 for c in item.text if not SHAPE_TEXT.fullmatch(c))
        ops.insert(item.point, text, item.style.font, item.size, item.style.color, item.rotate)
        return
    if SHAPE_TEXT.fullmatch(item.text) and not is_free_face(item.style.font):
        ops.insert(item.point, item.text, item.style.font, item.size, item.style.color, item.rotate)
        return
    # a free face (an embedded original's family: fonts.face_name) is drawn by a TextWriter, level lines
    # only: a turned line is planned in its base-14 twin (retypeset)
    writer = writers.get(item.style.color)
    if writer is None:
        writer = writers[item.style.color] = pymupdf.TextWriter(ops.shape.page.rect, color=item.style.color)
    writer.append(item.point, item.text, font=base14_font(item.style.font), fontsize=item.size)


def writer_matrix(page: pymupdf.Page) -> pymupdf.Matrix | None:
    """The correction write_text needs on this (unrotated) page to put text where Shape.insert_text would.

    TextWriter.write_text (PyMuPDF 1.28) shifts its text by `page.cropbox_position`, the CropBox's top-left
    corner in top-down page coordinates, where the PDF needs its bottom-left corner: on a page whose CropBox
    is not level with the MediaBox top and bottom, re-typeset text would land above or below its line. The
    translation from where it puts page point (0, 0) to where that point is on the page fixes every point
    (the same mapping otherwise); None if there is nothing to correct.
    """
    cb, mb = page.cropbox_position, page.mediabox
    shift = pymupdf.Point(cb.x, cb.y + mb.y0) if (bool(cb) or mb.y0 != 0) else pymupdf.Point(0, 0)  # write_text's
    height = (page.rect * page.derotation_matrix).height if page.rotation else page.rect.height  # unrotated
    put = pymupdf.Point(0, height) + shift  # (0, 0) through TextWriter's flip, then write_text's shift
    want = pymupdf.Point(0, 0) * ~page.transformation_matrix
    dx, dy = want.x - put.x, want.y - put.y
    if abs(dx) < 1e-9 and abs(dy) < 1e-9:
        return None
    return pymupdf.Matrix(1, 0, 0, 1, dx, dy)
