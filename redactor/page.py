"""The page text and glyph model: a page's normalised text, each character mapped to the glyphs it came
from, and the glyphs' boxes (extract.py builds it; detection, decisions and redaction read it).

Plain data and its methods; it imports nothing from the pipeline.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pymupdf

# Vertical geometry of redaction boxes, as fractions of the font size measured from the baseline.
# MuPDF removes every glyph whose font bounding box touches the redaction rectangle (Helvetica's bbox
# reaches 0.93 em above the baseline and 0.23 em below), so at tight line spacing a box as tall as the
# line deletes letters of the lines above and below. The removal band is a thin strip in the middle of
# the x-height: it still touches every glyph of its own line, and none of the neighbours' down to a line
# spacing of about 0.8 em. The visible black box is drawn separately and is taller.
# (top, bottom) in em above the baseline.
REMOVE_BAND = (0.45, 0.15)  # 0.45 em to 0.15 em above the baseline
VISUAL_BAND = (0.78, -0.20)  # 0.78 em above to 0.20 em below: < 1 em tall, clear of neighbours at 1.0


class Glyph:
    """One glyph on the page: its character, box, baseline origin, size and line.

    Pages store their glyphs compactly (GlyphTable) and make these when asked; a plain class with the
    coordinates in slots keeps making them cheap. `bbox` and `origin` are read as tuples. A glyph is a
    copy: treat it as immutable, changing it changes nothing on its page."""

    __slots__ = ("char", "x0", "y0", "x1", "y1", "ox", "oy", "line", "size", "horizontal", "style")

    def __init__(self, char: str, bbox: tuple[float, float, float, float], line: int,
                 origin: tuple[float, float], size: float, horizontal: bool, style: int = -1):
        self.char = char  # the character as extracted (a ligature stays one character here)
        self.x0, self.y0, self.x1, self.y1 = bbox
        self.ox, self.oy = origin
        self.line = line  # line index within the page
        self.size = size
        self.horizontal = horizontal
        self.style = style  # index into PageText.styles (font, flags, colour, alpha of its span); -1 unknown

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def origin(self) -> tuple[float, float]:
        return (self.ox, self.oy)

    def _key(self) -> tuple:
        return (self.char, self.bbox, self.line, self.origin, self.size, self.horizontal, self.style)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glyph) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Glyph({self.char!r}, bbox={self.bbox}, line={self.line}, origin={self.origin}, "
                f"size={self.size}, horizontal={self.horizontal}, style={self.style})")

    def band(self, band: tuple[float, float]) -> tuple[float, float, float, float]:
        if not self.horizontal:
            return self.bbox
        base, size = self.oy, self.size
        return (self.x0, base - band[0] * size, self.x1, base - band[1] * size)


class CharGlyphs:
    """Character index -> the glyph indexes it came from, behaving like the list of tuples it replaces.

    Nearly every character comes from exactly one glyph: that index is kept in an int array (4 bytes)
    instead of a one-element tuple (about 76 bytes with its int). Characters with no glyph (a separator)
    or several (a hyphen joined to the letter before it) are the exceptions, kept in a dict."""

    __slots__ = ("_first", "_more")
    _EMPTY, _SEVERAL = -1, -2

    def __init__(self, items: Iterable[tuple[int, ...]] = ()):
        self._first = array("i")
        self._more: dict[int, tuple[int, ...]] = {}
        for refs in items:
            self.append(refs)

    def _encode(self, index: int, refs: tuple[int, ...]) -> int:
        self._more.pop(index, None)
        if len(refs) == 1:
            return refs[0]
        if not refs:
            return self._EMPTY
        self._more[index] = tuple(refs)
        return self._SEVERAL

    def _decode(self, index: int, value: int) -> tuple[int, ...]:
        if value >= 0:
            return (value,)
        return () if value == self._EMPTY else self._more[index]

    def append(self, refs: tuple[int, ...]) -> None:
        self._first.append(self._encode(len(self._first), refs))

    def extend_single(self, start: int, stop: int) -> None:
        """Append (start,), (start + 1,) ... (stop - 1,): characters one glyph each, in order."""
        self._first.extend(range(start, stop))

    def pop(self) -> tuple[int, ...]:
        index = len(self._first) - 1
        refs = self[index]
        self._more.pop(index, None)
        self._first.pop()
        return refs

    def __len__(self) -> int:
        return len(self._first)

    def __getitem__(self, key: int | slice) -> tuple[int, ...] | list[tuple[int, ...]]:
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self._first))
            return [self._decode(i, self._first[i]) for i in range(start, stop, step)]
        index = key + len(self._first) if key < 0 else key
        return self._decode(index, self._first[index])

    def __setitem__(self, key: int, refs: tuple[int, ...]) -> None:
        index = key + len(self._first) if key < 0 else key
        self._first[index] = self._encode(index, refs)

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        more = self._more
        for index, value in enumerate(self._first):
            yield (value,) if value >= 0 else (() if value == self._EMPTY else more[index])

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, CharGlyphs | list) else NotImplemented


class GlyphTable:
    """A page's glyphs, behaving like the list of Glyph objects it replaces.

    Extraction stores each glyph as six floats (box and baseline origin) in one array, its character in a
    list and its span's shared properties (line, size, direction, style) once per span; a Glyph object is
    made when one is asked for. Building an object per glyph was most of extraction's time, and each page
    is extracted up to three times per run (issue 9); 60 bytes a glyph instead of 160 also halves memory."""

    __slots__ = ("_chars", "_coords", "_span_of", "_spans")

    def __init__(self, glyphs: Iterable[Glyph] = ()):
        self._chars: list[str] = []
        self._coords = array("d")  # x0, y0, x1, y1, ox, oy per glyph
        self._span_of = array("i")  # glyph -> index into _spans
        self._spans: list[tuple[int, float, bool, int]] = []  # (line, size, horizontal, style)
        for glyph in glyphs:
            self.append(glyph)

    def add_span(self, chars: list[dict], line: int, size: float, horizontal: bool, style: int) -> list[str]:
        """Append a rawdict span's characters (the extraction hot path); returns their characters."""
        span = len(self._spans)
        self._spans.append((line, size, horizontal, style))
        self._span_of.extend([span] * len(chars))
        coords = self._coords
        for ch in chars:
            coords.extend(ch["bbox"])
            coords.extend(ch["origin"])
        added = [ch["c"] for ch in chars]
        self._chars.extend(added)
        return added

    def append(self, glyph: Glyph) -> None:
        key = (glyph.line, glyph.size, glyph.horizontal, glyph.style)
        if not self._spans or self._spans[-1] != key:
            self._spans.append(key)
        self._span_of.append(len(self._spans) - 1)
        self._coords.extend((glyph.x0, glyph.y0, glyph.x1, glyph.y1, glyph.ox, glyph.oy))
        self._chars.append(glyph.char)

    def __len__(self) -> int:
        return len(self._chars)

    def __getitem__(self, index: int) -> Glyph:
        if index < 0:
            index += len(self._chars)
        char = self._chars[index]  # IndexError past the end, as a list would
        c, k = self._coords, 6 * index
        line, size, horizontal, style = self._spans[self._span_of[index]]
        return Glyph(char, (c[k], c[k + 1], c[k + 2], c[k + 3]), line, (c[k + 4], c[k + 5]), size, horizontal, style)

    def __iter__(self) -> Iterator[Glyph]:
        for index in range(len(self._chars)):
            yield self[index]

    def char(self, index: int) -> str:
        return self._chars[index]

    def bbox(self, index: int) -> tuple[float, float, float, float]:
        c, k = self._coords, 6 * index
        return (c[k], c[k + 1], c[k + 2], c[k + 3])

    def horizontal(self, index: int) -> bool:
        return self._spans[self._span_of[index]][2]

    def visible_box(self, start: int, end: int) -> tuple[float, float, float, float] | None:
        """The union box of glyphs start..end-1 that are not white space, or None if all are."""
        chars, c = self._chars, self._coords
        ks = [6 * i for i in range(start, end) if not chars[i].isspace()]
        if not ks:
            return None
        return (min(c[k] for k in ks), min(c[k + 1] for k in ks), max(c[k + 2] for k in ks), max(c[k + 3] for k in ks))

    def lines(self) -> list[int]:
        """Each glyph's line, in glyph order (without making the glyphs)."""
        spans = self._spans
        return [spans[s][0] for s in self._span_of]

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, GlyphTable | list) else NotImplemented


def _union(boxes) -> pymupdf.Rect:
    """Bounding rectangle of (x0, y0, x1, y1) tuples (plain floats: Rect.__or__ is slow in hot loops)."""
    x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
    return pymupdf.Rect(min(x0s), min(y0s), max(x1s), max(y1s))


def _gap(prev: Glyph, glyph: Glyph) -> float:
    """The space between two glyphs of one line, along the line. Horizontal text runs left to right. Any
    other (vertical text, and OCR words, whose boxes are in the unrotated page's space: on a scan stored
    with /Rotate 90 a line runs down the page) by the axis on which their boxes lie apart."""
    if glyph.horizontal:
        return glyph.x0 - prev.x1
    return max(glyph.x0 - prev.x1, prev.x0 - glyph.x1, glyph.y0 - prev.y1, prev.y0 - glyph.y1)


@dataclass(frozen=True, slots=True)
class LinePiece:
    """The part of one finding that lies on one text line."""

    line: int
    remove: pymupdf.Rect  # what apply_redactions gets: touches this line's glyphs only
    visual: pymupdf.Rect  # what the reader sees blacked out
    glyphs: tuple[int, ...]


@dataclass(slots=True)
class Word:
    text: str
    rect: pymupdf.Rect
    start: int
    end: int


@dataclass(slots=True)
class PageText:
    number: int  # 0-based page index
    text: str = ""
    char_glyphs: CharGlyphs | list[tuple[int, ...]] = field(default_factory=CharGlyphs)
    glyphs: GlyphTable = field(default_factory=GlyphTable)
    rect: pymupdf.Rect = field(default_factory=pymupdf.Rect)
    # (font name, font flags, sRGB colour int, alpha) of the spans, shared by their glyphs; the redaction
    # step re-typesets text in the same style without extracting the page a second time
    styles: list[tuple[str, int, int, int]] = field(default_factory=list)

    def glyphs_for(self, start: int, end: int) -> list[int]:
        seen: dict[int, None] = {}
        for refs in self.char_glyphs[start:end]:
            for g in refs:
                seen[g] = None
        return list(seen)

    def source_text(self, start: int, end: int) -> str:
        """The exact characters on the page behind text[start:end] (ligatures, hyphens included)."""
        return self.glyph_text(self.glyphs_for(start, end))

    def glyph_text(self, glyph_ids: list[int]) -> str:
        """The characters of these glyphs, with a space at a visible gap and a newline between lines."""
        out: list[str] = []
        prev: Glyph | None = None
        for g in glyph_ids:
            glyph = self.glyphs[g]
            if prev is not None and glyph.line != prev.line:
                out.append("\n")
            elif prev is not None and _gap(prev, glyph) > 0.15 * glyph.size:
                out.append(" ")
            out.append(glyph.char)
            prev = glyph
        return "".join(out).strip()

    def pieces(self, start: int, end: int) -> list[LinePiece]:
        """One removal and one visual rectangle per line the span [start, end) touches."""
        by_line: dict[int, list[tuple[int, Glyph]]] = {}
        glyphs = self.glyphs
        for g in self.glyphs_for(start, end):
            glyph = glyphs[g]
            if glyph.char.isspace():
                continue
            by_line.setdefault(glyph.line, []).append((g, glyph))
        pieces = []
        for line, members in by_line.items():
            remove = _union(glyph.band(REMOVE_BAND) for _g, glyph in members)
            visual = _union(glyph.band(VISUAL_BAND) for _g, glyph in members)
            pieces.append(LinePiece(line, remove, visual, tuple(g for g, _glyph in members)))
        return pieces

    def words(self) -> Iterator[Word]:
        """Whitespace-separated words of the normalised text, each with the union of its glyph boxes."""
        start, bbox = None, self.glyphs.bbox
        for i, ch in enumerate(self.text + " "):
            if ch.isspace():
                if start is not None:
                    # the union MuPDF's Rect |= gives, on plain floats: empty boxes are left out
                    boxes = [b for g in self.glyphs_for(start, i) if (b := bbox(g))[0] < b[2] and b[1] < b[3]]
                    yield Word(self.text[start:i], _union(boxes) if boxes else pymupdf.Rect(), start, i)
                    start = None
            elif start is None:
                start = i


@dataclass(frozen=True, slots=True)
class ChannelText:
    """Text found outside the page content stream, and where: enough for a report line and a search."""

    channel: str  # metadata | xmp | annotation | form | outline | link | destination | page-label |
    #               javascript | marked-content | structure | attachment | offpage | clipped
    location: str
    text: str
    page: int | None = None  # 0-based, when the text belongs to a page
