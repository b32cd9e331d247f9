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
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pymupdf

from redactor.decide import Decision
from redactor.extract import REMOVE_BAND, LinePiece, PageText

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


@dataclass(frozen=True, slots=True)
class _Style:
    font: str  # base-14 name for insert_text
    color: tuple[float, float, float]
    visible: bool


@dataclass(slots=True)
class _Insert:
    point: pymupdf.Point
    text: str
    size: float
    style: _Style


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


def _inset_band(page_text: PageText, g: int) -> pymupdf.Rect:
    glyph = page_text.glyphs[g]
    x0, y0, x1, y1 = glyph.band(REMOVE_BAND)
    inset = (x1 - x0) * _INSET
    return pymupdf.Rect(x0 + inset, y0, max(x1 - inset, x0 + inset + 0.01), y1)


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
    glyphs = page_text.glyphs
    by_line: dict[int, list[tuple[Decision, int]]] = defaultdict(list)
    for d in decisions:
        for k, piece in enumerate(d.pieces):
            by_line[piece.line].append((d, k))
    line_glyphs: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(glyphs):
        if g.line in by_line:
            line_glyphs[g.line].append(i)
    styles = _styles(page_text)
    removals: dict[int, pymupdf.Rect] = {}
    inserts: list[_Insert] = []
    for line, refs in by_line.items():
        ids = sorted(line_glyphs[line], key=lambda i: glyphs[i].bbox[0])
        if not ids or not all(glyphs[i].horizontal for i in ids):
            continue
        owner = {g: (d, k) for d, k in refs for g in d.pieces[k].glyphs}
        for d, k in refs:  # spaces inside a piece ("Tom Whitfield") belong to it
            lo = min(glyphs[g].bbox[0] for g in d.pieces[k].glyphs)
            hi = max(glyphs[g].bbox[2] for g in d.pieces[k].glyphs)
            for i in ids:
                if i not in owner and lo < (glyphs[i].bbox[0] + glyphs[i].bbox[2]) / 2 < hi:
                    owner[i] = (d, k)
        first_x = min(glyphs[g].bbox[0] for g in owner)
        tail = [i for i in ids if glyphs[i].bbox[0] >= first_x - 0.01 or i in owner]
        # group the tail into runs: a redacted piece, or surviving glyphs between pieces
        runs: list[tuple[tuple[Decision, int] | None, list[int]]] = []
        for i in tail:
            key = owner.get(i)
            if runs and runs[-1][0] == key:
                runs[-1][1].append(i)
            else:
                runs.append((key, [i]))
        cursor = first_x
        prev_x1: float | None = None
        line_rect = pymupdf.Rect()
        for d, k in refs:
            line_rect |= d.pieces[k].remove
        for key, members in runs:
            size = max(glyphs[i].size for i in members)
            x0 = min(glyphs[i].bbox[0] for i in members)
            x1 = max(glyphs[i].bbox[2] for i in members)
            if key is not None:
                d, k = key
                piece = d.pieces[k]
                box = pymupdf.Rect(cursor, piece.visual.y0, cursor + quantised_width(x1 - x0, size), piece.visual.y1)
                d.pieces[k] = LinePiece(piece.line, piece.remove, box, piece.glyphs)
                cursor, prev_x1 = box.x1, x1
                continue
            # spaces too: a kept space keeps its position, and MuPDF writes the removed width before it
            # as a TJ adjustment (e.g. [(Dear ) -4390 ( )] vs -5556 for a longer name)
            # one rect per run (each annotation costs time in apply_redactions); inset at both ends only
            for i in members:
                line_rect |= _inset_band(page_text, i)
            # a space after the box is kept as one space; its width is the font's, not the gap's
            lead = prev_x1 is not None and (x0 - prev_x1 > 0.15 * size)
            cursor = _plan_run(members, page_text, styles, cursor, lead, inserts)
            prev_x1 = x1
        removals[line] = line_rect
    return removals, inserts


def _plan_run(members: list[int], page_text: PageText, styles: list[_Style],
              cursor: float, lead_space: bool, inserts: list[_Insert]) -> float:
    """Lay out one run of surviving glyphs from `cursor`, split where the style changes."""
    glyphs = page_text.glyphs
    text, current, start_size, prev = "", None, 0.0, None
    pending_space = lead_space
    baseline = glyphs[members[0]].origin[1]

    def flush() -> None:
        nonlocal cursor, text
        if text and current is not None:
            if current.visible and text.strip():
                inserts.append(_Insert(pymupdf.Point(cursor, baseline), text, start_size, current))
            cursor += pymupdf.get_text_length(text, fontname=current.font, fontsize=start_size)
        text = ""

    for i in members:
        g = glyphs[i]
        style = styles[g.style] if 0 <= g.style < len(styles) else _Style("helv", BLACK, True)
        if prev is not None and not g.char.isspace() and not glyphs[prev].char.isspace() \
                and g.bbox[0] - glyphs[prev].bbox[2] > 0.15 * g.size:
            pending_space = True
        if style != current or g.size != start_size:
            flush()
            current, start_size = style, g.size
        if pending_space and not g.char.isspace():
            text += " "
        pending_space = False
        text += " " if g.char.isspace() else g.char
        prev = i
    flush()
    return cursor


def _insert(shape: pymupdf.Shape, writers: dict, item: _Insert) -> None:
    """Queue re-typeset text: base-14 text into the page's one shape; other characters into a TextWriter."""
    try:
        item.text.encode("cp1252")
    except UnicodeEncodeError:  # base-14 fonts are WinAnsi: use the same face as an embedded Unicode font
        writer = writers.get(item.style.color)
        if writer is None:
            writer = writers[item.style.color] = pymupdf.TextWriter(shape.page.rect, color=item.style.color)
        writer.append(item.point, item.text, font=pymupdf.Font(item.style.font), fontsize=item.size)
        return
    shape.insert_text(item.point, item.text, fontname=item.style.font, fontsize=item.size, color=item.style.color)


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


def _label(shape: pymupdf.Shape, rect: pymupdf.Rect, label: str, rotate: int) -> None:
    """White label centred on the box, along the text direction, shrunk to fit (or left out if tiny)."""
    along, across = (rect.width, rect.height) if rotate in (0, 180) else (rect.height, rect.width)
    size = across * 0.8
    width = pymupdf.get_text_length(label, fontname=LABEL_FONT, fontsize=size)
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
    shape.insert_text(point, label, fontname=LABEL_FONT, fontsize=size, color=WHITE, rotate=rotate)


def redact_page(page: pymupdf.Page, decisions: list[Decision], page_text: PageText | None = None) -> None:
    if not decisions:
        return
    removals, inserts = _retypeset(page, page_text, decisions) if page_text is not None else ({}, [])
    if _has_non_text(page):
        for d in decisions:
            for piece in d.pieces:
                page.add_redact_annot(piece.visual, fill=False)
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
            graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
            text=pymupdf.PDF_REDACT_TEXT_NONE,
        )
    for d in decisions:
        for piece in d.pieces:
            if piece.line not in removals:  # re-typeset lines have one rectangle covering their pieces
                page.add_redact_annot(piece.remove, fill=False)
    for rect in removals.values():
        page.add_redact_annot(rect, fill=False)
    page.apply_redactions(
        images=pymupdf.PDF_REDACT_IMAGE_NONE,
        graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
        text=pymupdf.PDF_REDACT_TEXT_REMOVE,
    )
    # One shape for every box, label and re-typeset run: each separate insert_text would add a content
    # stream and cost ~20 ms a page.
    shape = page.new_shape()
    for d in decisions:
        for piece in d.pieces:
            shape.draw_rect(piece.visual)
    shape.finish(color=None, fill=BLACK, width=0)
    for d in decisions:
        for piece in d.pieces:
            _label(shape, piece.visual, d.label, _direction(page, page_text, piece))
    writers: dict = {}
    for item in inserts:
        _insert(shape, writers, item)
    shape.commit(overlay=True)
    for writer in writers.values():
        writer.write_text(page)


def redact_document(doc: pymupdf.Document, decisions: list[Decision],
                    pages: list[PageText] | None = None) -> None:
    """Apply every decision. With `pages` (the extraction the decisions came from), redacted lines are
    re-typeset so that surviving glyph positions do not reveal removed widths (module docstring)."""
    by_page: dict[int, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_page[d.page].append(d)
    texts = {p.number: p for p in pages or ()}
    for number, page_decisions in sorted(by_page.items()):
        redact_page(doc[number], page_decisions, texts.get(number))
