"""PDF page -> normalised text for detection, with a map from every character back to its glyph boxes.

Detection needs clean text (ligatures expanded, soft hyphens and line-break hyphenation removed, curly
quotes straightened); redaction needs the exact glyphs on the page. Each character of `PageText.text`
therefore keeps the indexes of the glyphs it came from, so a finding at text offsets [start, end) maps
back to boxes, one per line piece.
"""

from __future__ import annotations

import unicodedata

import pymupdf

from redactor.page import CharGlyphs, Glyph, GlyphTable, PageText

# All text, including text outside the media box (a classic hiding place) and invisible text: whatever
# a requester can extract, detection must see. Ligatures are preserved so we can map them back to the
# one glyph that carries them. Image blocks are left out: only text is read here, and with them MuPDF
# copied (and PNG-encoded) every image on every extraction, 0.45 s for one 300 dpi scan, and broke a line
# of text into blocks wherever an image was drawn between its words (6 of 19,431 pages measured).
EXTRACT_FLAGS = ((pymupdf.TEXTFLAGS_RAWDICT | pymupdf.TEXT_PRESERVE_LIGATURES)
                 & ~pymupdf.TEXT_MEDIABOX_CLIP & ~pymupdf.TEXT_PRESERVE_IMAGES)

_TRANSLATE = {
    0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x200A: " ",  # no-break and thin spaces
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",  # curly single quotes, prime
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"', 0x2033: '"',
    0x2010: "-", 0x2011: "-",  # Unicode hyphens
}
_DROP = {0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}  # soft hyphen, zero-width characters


class _Builder:
    """Accumulates normalised text and the character -> glyph map for one page."""

    def __init__(self, number: int, rect: pymupdf.Rect):
        self.page = PageText(number=number, rect=rect)
        self.chars: list[str] = []

    def add_glyph(self, glyph: Glyph) -> None:
        index = len(self.page.glyphs)
        self.page.glyphs.append(glyph)
        self._add_char(glyph.char, index)

    def add_span(self, chars: list[dict], line: int, size: float, horizontal: bool, style: int) -> None:
        """A rawdict span's glyphs; an all-printable-ASCII span (most) is added as one piece of text."""
        glyphs = self.page.glyphs
        first = len(glyphs)
        text = "".join(glyphs.add_span(chars, line, size, horizontal, style))
        if len(text) == len(chars) and text.isascii() and text.isprintable():  # NFKC leaves it as it is
            self.chars.extend(text)
            self.page.char_glyphs.extend_single(first, first + len(text))
        else:
            for index in range(first, first + len(chars)):
                self._add_char(glyphs.char(index), index)

    def _add_char(self, char: str, index: int) -> None:
        code = ord(char)
        if 32 < code < 127:  # printable ASCII (most glyphs): NFKC leaves it as it is
            self.chars.append(char)
            self.page.char_glyphs.append((index,))
            return
        if code in _DROP:
            self.attach_to_previous(index)
            return
        norm = _TRANSLATE.get(code) or unicodedata.normalize("NFKC", char)
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
    styles: dict[tuple[str, int, int, int], int] = {}
    page_styles = builder.page.styles
    line_no = 0
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        builder.separator("\n")
        for line in block["lines"]:
            horizontal = abs(line["dir"][1]) < 1e-3 and line["dir"][0] > 0
            spans = []
            for span in line["spans"]:
                key = (span["font"], span["flags"], span["color"], span.get("alpha", 255))
                style = styles.get(key)
                if style is None:
                    style = styles[key] = len(page_styles)
                    page_styles.append(key)
                if span["chars"]:
                    spans.append((span, style))
            if spans:
                first = spans[0][0]["chars"][0]["c"]
                if builder.chars and builder.chars[-1] == "-" and first.islower():
                    builder.dehyphenate()  # joins with no separator: "Raghu-" + "nathan" -> "Raghunathan"
                else:
                    builder.separator("\n")
                for span, style in spans:
                    builder.add_span(span["chars"], line_no, span["size"], horizontal, style)
                # trailing spaces would hide a line-end hyphen from dehyphenate()
                while builder.chars and builder.chars[-1] == " ":
                    builder.chars.pop()
                    builder.page.char_glyphs.pop()
            line_no += 1
    return builder.finish()


def extract_document(doc: pymupdf.Document) -> list[PageText]:
    return [extract_page(page) for page in doc]


def page_text_with_ocr(base: PageText, words: list[tuple[str, tuple[float, float, float, float], int]]
                       ) -> tuple[PageText, dict[int, int]]:
    """`base` (the page's born-digital text) followed by OCR words (text, box in unrotated page space,
    OCR line), and a map glyph index -> word index. Every character of a word gets the *whole* word box
    and `horizontal=False`, so any finding that touches a word removes all of its pixels (OCR character
    positions are guesses). Words over born-digital glyphs (the rendered page includes them) are skipped."""
    builder = _Builder(base.number, base.rect)
    builder.page.text, builder.chars = base.text, list(base.text)
    builder.page.char_glyphs, builder.page.glyphs = CharGlyphs(base.char_glyphs), GlyphTable(base.glyphs)
    digital = [pymupdf.Rect(g.bbox) for g in base.glyphs if not g.char.isspace()]
    first_line = max((g.line for g in base.glyphs), default=-1) + 1
    word_of_glyph: dict[int, int] = {}
    prev_line = None
    for index, (text, box, line) in enumerate(words):
        rect = pymupdf.Rect(box)
        centre = (rect.tl + rect.br) / 2
        if any(d.contains(centre) for d in digital):
            continue
        if line != prev_line:
            if builder.chars and builder.chars[-1] == "-" and text[:1].islower():
                builder.dehyphenate()
            else:
                builder.separator("\n")
        else:
            builder.separator(" ")
        prev_line = line
        size = min(rect.width, rect.height)
        for ch in text:
            word_of_glyph[len(builder.page.glyphs)] = index
            builder.add_glyph(Glyph(ch, tuple(rect), first_line + line, (rect.x0, rect.y1), size, False))
    return builder.finish(), word_of_glyph

