"""Decisions -> true redactions: content removed from the page, a black box labelled with the exemption.

Two passes per page (see page.REMOVE_BAND for why the text band is thin):
1. image pixels and fully covered vector graphics under each *visible* box are removed;
2. text glyphs touching each thin *removal* band are removed from the content stream.
Then the black boxes and their labels are drawn as new page content.

Boxes are first re-typeset (retypeset.py): a redacted line's surviving glyphs are redrawn from the box
edge, so their positions do not give away the removed text's width.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pymupdf

from redactor.model import Decision
from redactor.ocr import has_images
from redactor.page import LinePiece, PageText
from redactor.pdf.content_stream import before_text_removal, fix_line_moves
from redactor.pdf.fonts import TextOps, text_length
from redactor.pdf.visibility import unrotated_rect
from redactor.retypeset import (
    BLACK,
    Bounds,
    draw_insert,
    quantised_width,
    retypeset,
    with_pieces,
    writer_matrix,
)

LABEL_FONT = "helv"
MIN_LABEL_SIZE = 3.0  # below this a label is unreadable; the box is still drawn
WHITE = (1, 1, 1)


def _has_non_text(page: pymupdf.Page) -> bool:
    # has_images: inline images (BI/ID/EI) and images in forms too, which get_images(full=False) misses
    return has_images(page) or bool(page.get_cdrawings())


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


def _label(ops: TextOps, rect: pymupdf.Rect, label: str, rotate: int) -> None:
    """White label centred on the box, along the text direction, shrunk to fit (or left out if tiny)."""
    along, across = (rect.width, rect.height) if rotate in (0, 180) else (rect.height, rect.width)
    size = across * 0.8
    width = text_length(label, LABEL_FONT, size)
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


def _cover_whole_invisible_words(page_text: PageText, decisions: list[Decision]) -> list[Decision]:
    """A searchable scan's text layer is invisible text over the page image; the image's pixels are what
    the reader sees. An OCR engine gives each word's letters even shares of the word's box (Tesseract's
    GlyphLessFont), not their printed places, so a box over the letters of "Nakamura" in "Nakamura," left
    "ra," readable in the pixels. A piece made of invisible glyphs therefore covers the whole words it
    touches (as page_text_with_ocr does for words this tool reads itself): the box, and the pixels removed
    under it, reach from the word's first letter to its last, and over the space that ends it. Returns
    the decisions with those boxes (new decisions; the given ones are not changed)."""
    table = page_text.glyphs
    invisible = {k for k, (base14_font, _flags, _color, alpha) in enumerate(page_text.styles) if alpha == 0}
    if not invisible:
        return decisions
    lines = None
    covered: dict[tuple[int, int], LinePiece] = {}
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
            bounds = Bounds()
            bounds.include(*piece.visual)
            bounds.include_all([table.bbox(g) for g in range(first, last + 1)])
            covered[id(d), k] = LinePiece(piece.line, piece.remove, bounds.rect(), piece.glyphs)
    return with_pieces(decisions, covered)


def _quantise_read_boxes(page: pymupdf.Page, page_text: PageText, decisions: list[Decision]) -> list[Decision]:
    """Boxes over words that OCR read (a scan, an image's text: glyphs with no style, each with its word's
    box) are lengthened along their line to a whole number of QUANTUM_EM cells of the box's height, as
    re-typesetting does for text lines, into the free space after them only: pixels cannot be moved, so
    the box stops short of the next word (whose place then bounds the withheld length anyway) and of the
    page edge. A withheld word that ends its line, the commonest case in letters and forms (a name, an
    e-mail address), no longer shows its exact length. Returns new decisions; the given ones are unchanged."""
    table = page_text.glyphs
    lines: dict[int, dict] | None = None
    obstacles: list[tuple[float, float, float, float]] | None = None
    unrotated = unrotated_rect(page)
    moved: dict[tuple[int, int], LinePiece] = {}
    for d in decisions:
        for k, piece in enumerate(d.pieces):
            members = piece.glyphs
            if not members or any(table[g].style >= 0 for g in members):
                continue
            if lines is None:  # every glyph's box, read once a page, by line (in reading order)
                lines = defaultdict(dict)
                for i, line in enumerate(table.lines()):
                    if not table.char(i).isspace():
                        lines[line][table.bbox(i)] = None
                obstacles = list({b for boxes in lines.values() for b in boxes})
            way = _read_direction(list(lines[piece.line]), page.rotation)
            if way is None:
                continue
            v = pymupdf.Rect(piece.visual)
            along, across = (v.width, v.height) if way[1] == 0 else (v.height, v.width)
            extra = quantised_width(along, across) - along  # cells of QUANTUM_EM x the box's height
            if extra <= 0.01:
                continue
            own = {table.bbox(g) for g in members}
            band = {(1, 0): (v.x1, v.y0, v.x1 + extra, v.y1), (-1, 0): (v.x0 - extra, v.y0, v.x0, v.y1),
                    (0, 1): (v.x0, v.y1, v.x1, v.y1 + extra), (0, -1): (v.x0, v.y0 - extra, v.x1, v.y0)}[way]
            margin = 0.2 * across
            for b in obstacles or ():
                if b in own or not (b[0] < band[2] and band[0] < b[2] and b[1] < band[3] and band[1] < b[3]):
                    continue
                gap = {(1, 0): b[0] - v.x1, (-1, 0): v.x0 - b[2], (0, 1): b[1] - v.y1, (0, -1): v.y0 - b[3]}[way]
                extra = min(extra, max(0.0, gap - margin))
            end = {(1, 0): unrotated.x1 - v.x1, (-1, 0): v.x0 - unrotated.x0,
                   (0, 1): unrotated.y1 - v.y1, (0, -1): v.y0 - unrotated.y0}[way]
            extra = min(extra, max(0.0, end - margin))
            if extra <= 0.01:
                continue
            grown = {(1, 0): (v.x0, v.y0, v.x1 + extra, v.y1), (-1, 0): (v.x0 - extra, v.y0, v.x1, v.y1),
                     (0, 1): (v.x0, v.y0, v.x1, v.y1 + extra), (0, -1): (v.x0, v.y0 - extra, v.x1, v.y1)}[way]
            moved[id(d), k] = LinePiece(piece.line, piece.remove, pymupdf.Rect(grown), piece.glyphs)
    return with_pieces(decisions, moved)


def _read_direction(boxes: list[tuple[float, float, float, float]], rotation: int) -> tuple[int, int] | None:
    """The axis direction an OCR line's words (their boxes in reading order) run in: from its first word
    to its last; a line of one word only on an unrotated page, when wider than tall (left to right)."""
    if len(boxes) >= 2:
        (a, b) = boxes[0], boxes[-1]
        dx, dy = (b[0] + b[2] - a[0] - a[2]) / 2, (b[1] + b[3] - a[1] - a[3]) / 2
        if abs(dx) > 5 * abs(dy):
            return (1 if dx > 0 else -1, 0)
        if abs(dy) > 5 * abs(dx):
            return (0, 1 if dy > 0 else -1)
        return None
    if boxes and rotation == 0 and boxes[0][2] - boxes[0][0] > boxes[0][3] - boxes[0][1]:
        return (1, 0)
    return None


def redact_page(page: pymupdf.Page, decisions: list[Decision], page_text: PageText | None = None
                ) -> tuple[list[Decision], int]:
    """Redact one page. Returns the decisions with their boxes as drawn (re-typesetting and whole-word
    covering move them; new decisions, the given ones are not changed) and how many surviving characters
    could not be redrawn as they were (see REPLACEMENT), so the caller can say so: text the reader sees
    changed is never silent."""
    if not decisions:
        return decisions, 0
    removals, inserts, decisions = (retypeset(page, page_text, decisions) if page_text is not None
                                    else ({}, [], decisions))
    if page_text is not None and page.get_images(full=False):
        decisions = _cover_whole_invisible_words(page_text, decisions)
    if page_text is not None:
        decisions = _quantise_read_boxes(page, page_text, decisions)
    # text first, on the producer's own stream: a pass that removes text after another filtering pass is
    # exposed to the filter's carried adjustment (pdf/content_stream.py, point 2)
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
    ops = TextOps(shape)
    for d in decisions:
        for piece in d.pieces:
            _label(ops, piece.visual, d.label, _direction(page, page_text, piece))
    writers: dict = {}
    for item in inserts:
        draw_insert(ops, writers, item)
    shape.commit(overlay=True)
    if writers:
        matrix = writer_matrix(page)
        for writer in writers.values():
            writer.write_text(page, matrix=matrix)
    return decisions, sum(item.replaced for item in inserts)


class Redacted(NamedTuple):
    decisions: list[Decision]  # as drawn: in the input's order, boxes moved by re-typesetting
    replaced: dict[int, int]  # 0-based page -> characters not redrawn as they were (pages where it happened)


def redact_document(doc: pymupdf.Document, decisions: list[Decision],
                    pages: list[PageText] | None = None) -> Redacted:
    """Apply every decision. With `pages` (the extraction the decisions came from), redacted lines are
    re-typeset so that surviving glyph positions do not reveal removed widths (module docstring).
    Returns the decisions with their boxes as drawn (new decisions, in the same order: the report, the OCR
    text layer and verification use these) and {0-based page: characters not redrawn as they were} for the
    pages where that happened.

    Every page's line moves are made explicit first (content_stream.fix_line_moves), with or without
    decisions: the hardening and the cleaning save filter every page."""
    fix_line_moves(doc)
    replaced: dict[int, int] = {}
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(decisions):
        by_page[d.page].append(i)
    texts = {p.number: p for p in pages or ()}
    drawn = list(decisions)
    for number, indexes in sorted(by_page.items()):
        page_decisions, n = redact_page(doc[number], [decisions[i] for i in indexes], texts.get(number))
        for i, d in zip(indexes, page_decisions, strict=True):
            drawn[i] = d
        if n:
            replaced[number] = n
    return Redacted(drawn, replaced)
