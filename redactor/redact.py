"""Decisions -> true redactions: content removed from the page, a black box labelled with the exemption.

Two passes per page (see extract.REMOVE_BAND for why the text band is thin):
1. image pixels and fully covered vector graphics under each *visible* box are removed;
2. text glyphs touching each thin *removal* band are removed from the content stream.
Then the black boxes and their labels are drawn as new page content.
"""

from __future__ import annotations

from collections import defaultdict

import pymupdf

from redactor.decide import Decision

LABEL_FONT = "helv"
MIN_LABEL_SIZE = 3.0  # below this a label is unreadable; the box is still drawn
BLACK, WHITE = (0, 0, 0), (1, 1, 1)


def _label_size(label: str, rect: pymupdf.Rect) -> float:
    """Largest font size (<= 80% of box height) at which the label fits the box width."""
    size = rect.height * 0.8
    width = pymupdf.get_text_length(label, fontname=LABEL_FONT, fontsize=size)
    if width > rect.width * 0.95:
        size *= rect.width * 0.95 / width
    return size


def _has_non_text(page: pymupdf.Page) -> bool:
    return bool(page.get_images(full=False)) or bool(page.get_cdrawings())


def redact_page(page: pymupdf.Page, decisions: list[Decision]) -> None:
    if not decisions:
        return
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
            page.add_redact_annot(piece.remove, fill=False)
    page.apply_redactions(
        images=pymupdf.PDF_REDACT_IMAGE_NONE,
        graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
        text=pymupdf.PDF_REDACT_TEXT_REMOVE,
    )
    shape = page.new_shape()
    for d in decisions:
        for piece in d.pieces:
            shape.draw_rect(piece.visual)
    shape.finish(color=None, fill=BLACK, width=0)
    shape.commit(overlay=True)
    for d in decisions:
        for piece in d.pieces:
            rect = piece.visual
            size = _label_size(d.label, rect)
            if size < MIN_LABEL_SIZE:
                continue
            # vertically centred; white on black
            baseline = rect.y0 + (rect.height + size * 0.7) / 2
            page.insert_text((rect.x0 + 0.5, baseline), d.label, fontname=LABEL_FONT, fontsize=size,
                             color=WHITE, rotate=0)


def redact_document(doc: pymupdf.Document, decisions: list[Decision]) -> None:
    by_page: dict[int, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_page[d.page].append(d)
    for number, page_decisions in sorted(by_page.items()):
        redact_page(doc[number], page_decisions)
