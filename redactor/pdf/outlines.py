"""Pages whose text is drawn as glyph outlines: filled vector paths, no text to extract (issue 22, item 4).

A "print as image" or "convert fonts to outlines" PDF (Ghostscript's -dNoOutputFonts, Illustrator's
Create Outlines, some print drivers and scanning suites) looks like any page of text, but every letter is
a small filled path: detection finds nothing, and the letters go out as they are. Such a page is read like
a scan (rendered and OCR'd) or marked unreviewed, never released silently.

`looks_outlined` is cheap on ordinary pages: one read of the page's bounding-box log (what MuPDF paints,
in order, with each item's box; about 0.5 ms a page) and a count. Only a page with many small filled
paths and little text goes on to the tests that tell letters from chart markers, which read the drawings.
"""

from __future__ import annotations

from collections import Counter

import pymupdf

MIN_SHAPES = 30  # fewer small filled paths than this: not a page of outlined text (a logo, an icon or two)
MAX_GLYPH = 60.0  # pt: a letter's outline is smaller than this both ways (a 72 pt heading's capital is ~52)
MIN_GLYPH = 0.3  # pt: a dot, a comma's tail
# real text characters per small shape from which the page has text of its own: an illustration made of
# many small filled shapes (a texture, vector art) beside a caption or a slide's text is not outlined text
# (0.45 and 0.55 measured on two such pages of TeX Live's documentation; outlined pages have none)
TEXT_SHARE = 0.2
ROW_MIN = 4  # shapes on one baseline (or one edge, for text set vertically) that count as a line of text
ALIGNED = 0.6  # share of the small shapes that must sit on such lines
MIN_SIZES = 8  # distinct shape sizes: letters come in many, a chart's markers in one or a few
TOP_SIZE = 0.5  # the commonest size may be at most this share of the shapes (markers are all alike)
CURVED = 0.3  # share of the shapes with a curve in them: most letters have one, bars and grid cells none


def _small_fills(log: list) -> list[tuple[float, float, float, float]]:
    out = []
    for kind, r in log:
        if kind == "fill-path":
            w, h = r[2] - r[0], r[3] - r[1]
            if MIN_GLYPH <= w <= MAX_GLYPH and MIN_GLYPH <= h <= MAX_GLYPH and (w >= 1 or h >= 1):
                out.append(tuple(r))
    return out


def _aligned_share(boxes: list[tuple[float, float, float, float]]) -> float:
    """The share of boxes that sit on a common line with ROW_MIN - 1 others: the same bottom (letters on a
    baseline, round ones overshooting it a little), or for vertical text the same left or right edge."""
    best = 0
    for side in (3, 0, 2):
        buckets = Counter(round(b[side]) for b in boxes)
        # a letter's edge can round either side of a whole point: a line is a bucket and its neighbours
        lines = {k for k in buckets if buckets[k] + buckets.get(k - 1, 0) + buckets.get(k + 1, 0) >= ROW_MIN}
        best = max(best, sum(1 for b in boxes if round(b[side]) in lines))
    return best / len(boxes)


def _varied(boxes: list[tuple[float, float, float, float]]) -> bool:
    """Letters come in many sizes; a scatter plot's markers or a grid's cells in one or a few."""
    sizes = Counter((round((b[2] - b[0]) * 2), round((b[3] - b[1]) * 2)) for b in boxes)  # to half a point
    return len(sizes) >= MIN_SIZES and sizes.most_common(1)[0][1] <= TOP_SIZE * len(boxes)


def _curved_share(page: pymupdf.Page) -> float:
    """The share of the page's small filled paths that have a curve: most letters do (o, e, s, a, ...)."""
    small = curved = 0
    for d in page.get_drawings():
        if d.get("fill") is None:
            continue
        r = d["rect"]
        if not (MIN_GLYPH <= r.width <= MAX_GLYPH and MIN_GLYPH <= r.height <= MAX_GLYPH):
            continue
        small += 1
        curved += any(item[0] == "c" for item in d["items"])
    return curved / small if small else 0.0


def looks_outlined(page: pymupdf.Page, text_chars: int | None = None, log: list | None = None) -> bool:
    """The page's text is (mostly) drawn as filled glyph outlines: many small filled paths, little real
    text, the paths lined up on baselines, in many sizes, most of them curved. A chart's markers (one size,
    not on lines), a bar chart or a heat map (no curves) and a logo (few shapes) are not.

    `text_chars`: the number of non-space characters of the page's extracted text, if the caller has it
    (PageText.text); `log`: page.get_bboxlog(), if already read."""
    log = page.get_bboxlog() if log is None else log
    boxes = _small_fills(log)
    if len(boxes) < MIN_SHAPES:
        return False
    if text_chars is None:
        text_chars = sum(1 for ch in page.get_text("text") if not ch.isspace())
    if text_chars >= TEXT_SHARE * len(boxes):
        return False
    return _aligned_share(boxes) >= ALIGNED and _varied(boxes) and _curved_share(page) >= CURVED
