"""PDF page -> normalised text for detection, with a map from every character back to its glyph boxes.

Detection needs clean text (ligatures expanded, soft hyphens and line-break hyphenation removed, curly
quotes straightened); redaction needs the exact glyphs on the page. Each character of `PageText.text`
therefore keeps the indexes of the glyphs it came from, so a finding at text offsets [start, end) maps
back to boxes, one per line piece.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

import pymupdf

# All text, including text outside the media box (a classic hiding place) and invisible text: whatever
# a requester can extract, detection must see. Ligatures are preserved so we can map them back to the
# one glyph that carries them.
EXTRACT_FLAGS = (pymupdf.TEXTFLAGS_RAWDICT | pymupdf.TEXT_PRESERVE_LIGATURES) & ~pymupdf.TEXT_MEDIABOX_CLIP

# Vertical geometry of redaction boxes, as fractions of the font size measured from the baseline.
# MuPDF removes every glyph whose font bounding box touches the redaction rectangle (Helvetica's bbox
# reaches 0.93 em above the baseline and 0.23 em below), so at tight line spacing a box as tall as the
# line deletes letters of the lines above and below. The removal band is a thin strip in the middle of
# the x-height: it still touches every glyph of its own line, and none of the neighbours' down to a line
# spacing of about 0.8 em. The visible black box is drawn separately and is taller.
# (top, bottom) in em above the baseline.
REMOVE_BAND = (0.45, 0.15)  # 0.45 em to 0.15 em above the baseline
VISUAL_BAND = (0.78, -0.20)  # 0.78 em above to 0.20 em below: < 1 em tall, clear of neighbours at 1.0

_TRANSLATE = {
    0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x200A: " ",  # no-break and thin spaces
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",  # curly single quotes, prime
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"', 0x2033: '"',
    0x2010: "-", 0x2011: "-",  # Unicode hyphens
}
_DROP = {0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}  # soft hyphen, zero-width characters


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str  # the character as extracted (a ligature stays one character here)
    bbox: tuple[float, float, float, float]
    line: int  # line index within the page
    origin: tuple[float, float]
    size: float
    horizontal: bool

    def band(self, band: tuple[float, float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.bbox
        if not self.horizontal:
            return self.bbox
        base = self.origin[1]
        return (x0, base - band[0] * self.size, x1, base - band[1] * self.size)


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
    char_glyphs: list[tuple[int, ...]] = field(default_factory=list)
    glyphs: list[Glyph] = field(default_factory=list)
    rect: pymupdf.Rect = field(default_factory=pymupdf.Rect)

    def glyphs_for(self, start: int, end: int) -> list[int]:
        seen: dict[int, None] = {}
        for refs in self.char_glyphs[start:end]:
            for g in refs:
                seen[g] = None
        return list(seen)

    def source_text(self, start: int, end: int) -> str:
        """The exact characters on the page behind text[start:end] (ligatures, hyphens included)."""
        glyph_ids = self.glyphs_for(start, end)
        out: list[str] = []
        prev: Glyph | None = None
        for g in glyph_ids:
            glyph = self.glyphs[g]
            if prev is not None and glyph.line != prev.line:
                out.append("\n")
            elif prev is not None and glyph.bbox[0] - prev.bbox[2] > 0.15 * glyph.size:
                out.append(" ")
            out.append(glyph.char)
            prev = glyph
        return "".join(out).strip()

    def pieces(self, start: int, end: int) -> list[LinePiece]:
        """One removal and one visual rectangle per line the span [start, end) touches."""
        by_line: dict[int, list[int]] = {}
        for g in self.glyphs_for(start, end):
            if self.glyphs[g].char.isspace():
                continue
            by_line.setdefault(self.glyphs[g].line, []).append(g)
        pieces = []
        for line, ids in by_line.items():
            remove, visual = pymupdf.Rect(), pymupdf.Rect()
            for g in ids:
                remove |= self.glyphs[g].band(REMOVE_BAND)
                visual |= self.glyphs[g].band(VISUAL_BAND)
            pieces.append(LinePiece(line, remove, visual, tuple(ids)))
        return pieces

    def words(self) -> Iterator[Word]:
        """Whitespace-separated words of the normalised text, each with the union of its glyph boxes."""
        start = None
        for i, ch in enumerate(self.text + " "):
            if ch.isspace():
                if start is not None:
                    rect = pymupdf.Rect()
                    for g in self.glyphs_for(start, i):
                        rect |= self.glyphs[g].bbox
                    yield Word(self.text[start:i], rect, start, i)
                    start = None
            elif start is None:
                start = i


class _Builder:
    """Accumulates normalised text and the character -> glyph map for one page."""

    def __init__(self, number: int, rect: pymupdf.Rect):
        self.page = PageText(number=number, rect=rect)
        self.chars: list[str] = []

    def add_glyph(self, glyph: Glyph) -> None:
        index = len(self.page.glyphs)
        self.page.glyphs.append(glyph)
        code = ord(glyph.char)
        if code in _DROP:
            self.attach_to_previous(index)
            return
        norm = _TRANSLATE.get(code) or unicodedata.normalize("NFKC", glyph.char)
        if not norm:
            self.attach_to_previous(index)
            return
        for ch in norm:
            self.chars.append(" " if ch.isspace() else ch)
            self.page.char_glyphs.append((index,))

    def attach_to_previous(self, index: int) -> None:
        """A glyph with no text of its own (soft hyphen, line-break hyphen) goes with the char before it."""
        if self.page.char_glyphs:
            self.page.char_glyphs[-1] = (*self.page.char_glyphs[-1], index)

    def separator(self, sep: str) -> None:
        if self.chars and not self.chars[-1].isspace():
            self.chars.append(sep)
            self.page.char_glyphs.append(())

    def dehyphenate(self) -> None:
        """'Raghu-' at a line end followed by 'nathan': drop the hyphen from the text, keep its glyph."""
        if len(self.chars) >= 2 and self.chars[-1] == "-" and self.chars[-2].isalpha():
            self.chars.pop()
            refs = self.page.char_glyphs.pop()
            self.page.char_glyphs[-1] = (*self.page.char_glyphs[-1], *refs)

    def finish(self) -> PageText:
        self.page.text = "".join(self.chars)
        return self.page


def extract_page(page: pymupdf.Page) -> PageText:
    """Extract one page's text and glyph map (born-digital text; OCR words are added by the OCR step)."""
    builder = _Builder(page.number, page.rect)
    raw = page.get_text("rawdict", flags=EXTRACT_FLAGS, clip=pymupdf.INFINITE_RECT())
    line_no = 0
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        builder.separator("\n")
        for line in block["lines"]:
            horizontal = abs(line["dir"][1]) < 1e-3 and line["dir"][0] > 0
            glyphs = [
                Glyph(ch["c"], tuple(ch["bbox"]), line_no, tuple(ch["origin"]), span["size"], horizontal)
                for span in line["spans"]
                for ch in span["chars"]
            ]
            line_no += 1
            if not glyphs:
                continue
            first = glyphs[0].char
            if builder.chars and builder.chars[-1] == "-" and first.islower():
                builder.dehyphenate()  # joins with no separator: "Raghu-" + "nathan" -> "Raghunathan"
            else:
                builder.separator("\n")
            for glyph in glyphs:
                builder.add_glyph(glyph)
            # trailing spaces would hide a line-end hyphen from dehyphenate()
            while builder.chars and builder.chars[-1] == " ":
                builder.chars.pop()
                builder.page.char_glyphs.pop()
    return builder.finish()


def extract_document(doc: pymupdf.Document) -> list[PageText]:
    return [extract_page(page) for page in doc]
