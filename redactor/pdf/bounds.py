"""How far a re-typeset line may run (issue 21, item 3): a widened redaction box, and the line's tail redrawn
after it, stay inside the table cell or the text column the line was in.

Re-typesetting (retypeset.py) widens each box to whole cells of QUANTUM_EM ems, so that its width does not
give away the removed word's, and redraws the rest of the line from the box's edge. The next text on the
same row stops it (retypeset._Rows); so must a vertical rule (a table cell's border, drawn as a stroked
line or rectangle, or as a thin filled rectangle as Chromium and LibreOffice draw borders) and the right
edge of the line's text column (else a name at the end of a line pushes a black box into the margin).
Where the room left is narrower than the whole cells, the box first grows leftwards into the blank space
before the word and then stops at the bound: its width is then set by the layout (the cell, the column,
the words around it), not by the removed text, except where the room is the word's own width.

Everything here is in the frame of the line's direction (retypeset: a line is seen turned so that it runs
left to right); `turn` maps a page rectangle into that frame.
"""

from __future__ import annotations

from collections.abc import Callable

import pymupdf

from redactor.page import GlyphTable
from redactor.pdf.visibility import unrotated_rect

Rect4 = tuple[float, float, float, float]
RULE = 2.0  # a filled rectangle at most this thick is a rule; wider fills are shading or highlights
GAP = 0.15  # ems kept clear between a box (or a tail) and a rule, or a box and the word before it
COLUMN = 3.0  # ems: lines whose first glyph is this close to a line's own first glyph share its column
FULL = 3  # lines of a column ending within an em of its widest: the column's edge is where they end


def page_rules(page: pymupdf.Page) -> list[Rect4]:
    """A page's straight rules as thin boxes, in the glyphs' space: stroked line segments along an axis,
    the four sides of stroked rectangles, filled rectangles at most RULE thick."""
    rules: list[Rect4] = []
    for path in page.get_cdrawings():
        stroked = "s" in (path.get("type") or "")
        half = (path.get("width") or 0.0) / 2 if stroked else 0.0
        for item in path.get("items", ()):
            if item[0] == "l" and stroked:
                (ax, ay), (bx, by) = item[1], item[2]
                if abs(ax - bx) <= RULE or abs(ay - by) <= RULE:  # along an axis
                    rules.append((min(ax, bx) - half, min(ay, by) - half, max(ax, bx) + half, max(ay, by) + half))
            elif item[0] == "re":
                x0, y0, x1, y1 = item[1]
                x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
                if stroked:
                    rules += [(x0 - half, y0, x0 + half, y1), (x1 - half, y0, x1 + half, y1),
                              (x0, y0 - half, x1, y0 + half), (x0, y1 - half, x1, y1 + half)]
                elif min(x1 - x0, y1 - y0) <= RULE:
                    rules.append((x0, y0, x1, y1))
    return rules


class Reach:
    """The right bound of each line of a page, in one direction's frame (module docstring).

    `ranges` are the lines' glyph index ranges, `bbox(i)` a glyph's box in the frame, `turn(rect)` a page
    rectangle in the frame. The page's drawings and the lines' first and last glyphs are read once, when a
    bound is first asked for."""

    def __init__(self, page: pymupdf.Page, table: GlyphTable, ranges: dict[int, tuple[int, int]],
                 bbox: Callable[[int], Rect4], turn: Callable[[Rect4], Rect4]) -> None:
        self.page, self.table, self.ranges, self.bbox, self.turn = page, table, ranges, bbox, turn
        self._rules: list[Rect4] | None = None
        self._ends: dict[int, tuple[float, float]] | None = None  # line -> (x0 of its first glyph, x1 of last)

    def _visible(self, indexes) -> int | None:
        return next((i for i in indexes if not self.table.char(i).isspace()), None)

    def _line_ends(self) -> dict[int, tuple[float, float]]:
        if self._ends is None:
            self._ends = {}
            for line, (start, end) in self.ranges.items():
                first, last = self._visible(range(start, end)), self._visible(range(end - 1, start - 1, -1))
                if first is not None and last is not None:
                    self._ends[line] = (self.bbox(first)[0], self.bbox(last)[2])
        return self._ends

    def rules(self) -> list[Rect4]:
        """The page's rules across the frame's lines (thin in x in the frame)."""
        if self._rules is None:
            turned = [self.turn(r) for r in page_rules(self.page)]
            self._rules = [r for r in turned if r[2] - r[0] <= RULE + 2 and r[3] - r[1] > r[2] - r[0]]
        return self._rules

    def right(self, line: int, extent: Rect4, end: float) -> float:
        """How far `line` (its visible glyphs' box `extent`, its glyphs ending at `end`) may run: just before
        the nearest rule to the right of its text that spans its height, else the right edge of its column:
        where its lines end if FULL of them reach within an em of the widest (justified or well-filled
        text), else the right margin taken as wide as the page's left margin (the leftmost line's start);
        never less than `end`."""
        height = extent[3] - extent[1]
        middle, gap = (extent[1] + extent[3]) / 2, GAP * height
        crossing = [r[0] for r in self.rules() if r[0] >= end - 0.5 and r[1] <= middle <= r[3]]
        if crossing:
            return max(min(crossing) - gap, end)
        ends = self._line_ends()
        x0 = ends.get(line, (extent[0], end))[0]
        column = [x1 for first, x1 in ends.values() if abs(first - x0) <= COLUMN * height]
        widest = max([end, *column])
        if sum(x1 >= widest - height for x1 in column) >= FULL:
            return widest  # a justified or well-filled column: its lines show where its edge is
        # a few short lines (a letter, a form): the right margin as wide as the page's left one
        left, _top, right, _bottom = self.turn(tuple(unrotated_rect(self.page)))
        margin = min((first for first, _x1 in ends.values()), default=extent[0]) - left
        return max(widest, min(right - margin, right))

    def left(self, before: list[Rect4], start: float, size: float) -> float:
        """How far left a box that starts at `start` may grow: to just after the nearest visible glyph
        before it on its line (`before`: their boxes), or not at all when it starts the line."""
        ends = [b[2] for b in before if b[2] <= start + 0.01]
        return min(start, max(ends) + GAP * size) if ends else start
