"""PDF page -> normalised text for detection, with a map from every character back to its glyph boxes.

Detection needs clean text (ligatures expanded, soft hyphens and line-break hyphenation removed, curly
quotes straightened); redaction needs the exact glyphs on the page. Each character of `PageText.text`
therefore keeps the indexes of the glyphs it came from, so a finding at text offsets [start, end) maps
back to boxes, one per line piece.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pymupdf

# All text, including text outside the media box (a classic hiding place) and invisible text: whatever
# a requester can extract, detection must see. Ligatures are preserved so we can map them back to the
# one glyph that carries them. Image blocks are left out: only text is read here, and with them MuPDF
# copied (and PNG-encoded) every image on every extraction, 0.45 s for one 300 dpi scan, and broke a line
# of text into blocks wherever an image was drawn between its words (6 of 19,431 pages measured).
EXTRACT_FLAGS = ((pymupdf.TEXTFLAGS_RAWDICT | pymupdf.TEXT_PRESERVE_LIGATURES)
                 & ~pymupdf.TEXT_MEDIABOX_CLIP & ~pymupdf.TEXT_PRESERVE_IMAGES)

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
            elif prev is not None and glyph.bbox[0] - prev.bbox[2] > 0.15 * glyph.size:
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


# --- Text channels other than the page content (issue 5) -------------------------------------------
# apply_redactions only touches page content. Everything below is text a requester can read without
# looking at the page: document Info and XMP, annotations, form fields, outlines, link targets, named
# destinations, page labels, JavaScript, marked-content ActualText/Alt, the structure tree, embedded
# files and text placed off the page. Detection runs on each of these exactly as on page text.

_PDF_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "(": "(", ")": ")", "\\": "\\"}
# Keys whose string values are free text an author or a tool wrote (structure tree, marked content,
# annotations, actions, forms); matched as raw key/value pairs in every object and content stream.
_TEXT_KEYS = re.compile(rb"/(ActualText|Alt|E|T|TU|TM|Contents|RC|Subj|JS|URI|F|UF|Desc|V|DV|Title|Author|"
                        rb"Subject|Keywords|Creator|Producer|Lang|P|Name)\s*(?=\(|<(?!<))")
MAX_ATTACHMENT_DEPTH = 3
_STRING_START = re.compile(rb"\((?!\))|<(?!<)[0-9A-Fa-f\s]+>")


@dataclass(frozen=True, slots=True)
class ChannelText:
    """Text found outside the page content stream, and where: enough for a report line and a search."""

    channel: str  # metadata | xmp | annotation | form | outline | link | destination | page-label |
    #               javascript | marked-content | structure | attachment | offpage
    location: str
    text: str
    page: int | None = None  # 0-based, when the text belongs to a page


def _decode_pdf_bytes(data: bytes) -> str:
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    return data.decode("latin-1")


def read_pdf_string(src: bytes, i: int) -> tuple[str, int]:
    """Decode the literal (...) or hex <...> string starting at src[i]; return it and the index after it."""
    if src[i:i + 1] == b"<":
        end = src.find(b">", i)
        end = len(src) if end < 0 else end
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", src[i + 1:end])
        if len(digits) % 2:
            digits += b"0"
        return _decode_pdf_bytes(bytes.fromhex(digits.decode())), end + 1
    out = bytearray()
    depth, j = 1, i + 1
    while j < len(src) and depth:
        c = src[j:j + 1]
        if c == b"\\" and j + 1 < len(src):
            nxt = src[j + 1:j + 2].decode("latin-1")
            if nxt in _PDF_ESCAPES:
                out += _PDF_ESCAPES[nxt].encode("latin-1")
                j += 2
            elif nxt.isdigit():
                octal = re.match(rb"[0-7]{1,3}", src[j + 1:j + 4])
                out.append(int(octal.group(), 8) & 0xFF if octal else 0)
                j += 1 + (len(octal.group()) if octal else 1)
            else:
                j += 2  # line continuation or unknown escape: dropped
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if not depth:
                break
        out += c
        j += 1
    return _decode_pdf_bytes(bytes(out)), j + 1


def pdf_strings(src: bytes) -> list[str]:
    """Every literal and hex string in a PDF object or content stream, decoded (escapes, UTF-16)."""
    strings, i = [], 0
    while True:
        m = _STRING_START.search(src, i)
        if not m:
            return strings
        text, i = read_pdf_string(src, m.start())
        if text.strip():
            strings.append(text)


def keyed_strings(src: bytes) -> list[tuple[str, str]]:
    """(key, decoded value) for every free-text key (see _TEXT_KEYS) followed by a string in `src`."""
    return [(m.group(1).decode(), read_pdf_string(src, m.end())[0]) for m in _TEXT_KEYS.finditer(src)]


def _xmp_text(xmp: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", xmp)).strip()


def _page_channels(doc: pymupdf.Document, page: pymupdf.Page) -> Iterator[ChannelText]:
    n, where = page.number, f"page {page.number + 1}"
    for annot in page.annots():
        kind = annot.type[1]
        info = annot.info
        for key in ("content", "title", "subject"):
            if info.get(key):
                yield ChannelText("annotation", f"{where} {kind} annotation {key}", info[key], n)
        for key in ("RC", "T", "Contents"):
            kind_value = doc.xref_get_key(annot.xref, key)
            if kind_value[0] == "string" and kind_value[1] not in info.values():
                yield ChannelText("annotation", f"{where} {kind} annotation /{key}", kind_value[1], n)
        appearance = annot.get_text() if annot.type[0] != pymupdf.PDF_ANNOT_FILE_ATTACHMENT else ""
        if appearance.strip():
            yield ChannelText("annotation", f"{where} {kind} annotation appearance", appearance, n)
        if annot.type[0] == pymupdf.PDF_ANNOT_FILE_ATTACHMENT:
            file_info = annot.file_info
            yield from _attachment(f"{where} attachment annotation {file_info.get('filename', '')}",
                                   file_info.get("filename", ""), file_info.get("description", ""),
                                   annot.get_file(), n, 1)
    for widget in page.widgets():
        for label, value in (("name", widget.field_name), ("label", widget.field_label),
                             ("value", widget.field_value), ("choices", widget.choice_values)):
            if isinstance(value, list | tuple):
                value = " ".join(v if isinstance(v, str) else " ".join(v) for v in value)
            if isinstance(value, str) and value.strip() and value not in ("Off", "Yes"):
                yield ChannelText("form", f"{where} form field {label}", value, n)
    for link in page.get_links():
        for key in ("uri", "file", "nameddest"):
            if link.get(key):
                yield ChannelText("link", f"{where} link {key}", str(link[key]), n)
    # text placed outside the page: not visible, but extractable (and not in extract_page's text)
    # texttrace boxes are in unrotated coordinates: compare with the unrotated page rectangle
    visible = page.rect * page.derotation_matrix if page.rotation else page.rect
    offpage = [s for s in page.get_texttrace() if not pymupdf.Rect(s["bbox"]).intersects(visible)]
    for span in offpage:
        text = "".join(chr(c[0]) for c in span["chars"])
        if text.strip():
            yield ChannelText("offpage", f"{where} text outside the page at {tuple(round(v) for v in span['bbox'])}",
                              text, n)


def _attachment(location: str, name: str, desc: str, data: bytes, page: int | None,
                depth: int) -> Iterator[ChannelText]:
    for label, value in (("file name", name), ("description", desc)):
        if value:
            yield ChannelText("attachment", f"{location} {label}", value, page)
    if data[:1024].find(b"%PDF-") >= 0 and depth <= MAX_ATTACHMENT_DEPTH:
        try:
            inner = pymupdf.open(stream=data, filetype="pdf")
        except Exception:  # a damaged attachment is still removed; its text is just not listed
            return
        with inner:
            for p in inner:
                text = extract_page(p).text
                if text.strip():
                    yield ChannelText("attachment", f"{location} page {p.number + 1}", text, page)
            for inner_text in extract_channels(inner, depth + 1):
                yield ChannelText("attachment", f"{location}: {inner_text.location}", inner_text.text, page)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
    if text.strip():
        yield ChannelText("attachment", f"{location} content", text, page)


def _object_channel(obj: bytes) -> str:
    if b"/JavaScript" in obj or b"/JS" in obj:
        return "javascript"
    if b"/StructElem" in obj or b"/StructTreeRoot" in obj or b"/ActualText" in obj or b"/Alt" in obj:
        return "structure"
    return "object"


def extract_channels(doc: pymupdf.Document, depth: int = 1) -> list[ChannelText]:
    """All text a requester can read outside the page content streams (see the section comment)."""
    out: list[ChannelText] = []
    for key, value in (doc.metadata or {}).items():
        # format/encryption are MuPDF's own; the producer is the writing library (and MuPDF sets it on save)
        if value and key not in ("format", "encryption", "producer"):
            out.append(ChannelText("metadata", f"Info {key}", value))
    info = doc.xref_get_key(-1, "Info")
    if info[0] == "xref":
        info_xref = int(info[1].split()[0])
        for key in doc.xref_get_keys(info_xref):
            kind, value = doc.xref_get_key(info_xref, key)
            if kind == "string" and value and key != "Producer" and value not in (doc.metadata or {}).values():
                out.append(ChannelText("metadata", f"Info {key}", value))
    xmp = _xmp_text(doc.get_xml_metadata() or "")
    if xmp:
        out.append(ChannelText("xmp", "XMP metadata", xmp))
    for item in doc.get_toc(simple=False):
        out.append(ChannelText("outline", f"outline level {item[0]}", item[1]))
        dest = item[3] if len(item) > 3 else {}
        for key in ("uri", "file", "nameddest"):
            if isinstance(dest, dict) and dest.get(key):
                out.append(ChannelText("outline", f"outline {key}", str(dest[key])))
    try:
        names = doc.resolve_names()
    except Exception:  # broken name trees: the raw object scan below still sees the strings
        names = {}
    out += [ChannelText("destination", "named destination", name) for name in names]
    for number, label in enumerate(doc.get_page_labels() or []):
        if label.get("prefix"):
            out.append(ChannelText("page-label", f"page label {number + 1}", label["prefix"]))
    for name in doc.embfile_names():
        meta = doc.embfile_info(name)
        out += _attachment(f"embedded file {name!r}", meta.get("filename", name), meta.get("description", ""),
                           doc.embfile_get(name), None, depth)
    for page in doc:
        out += _page_channels(doc, page)
    # every free-text key in every object (structure tree Alt/ActualText/E/T, actions, JavaScript, ...)
    # and in content streams (marked-content property lists: /Span <</ActualText (...)>> BDC)
    info_xref = int(info[1].split()[0]) if info[0] == "xref" else 0
    for xref in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(xref, compressed=False).encode("latin-1", "replace")
        except Exception:
            continue
        for key, value in keyed_strings(obj) if xref != info_xref else ():
            if value.strip() and key != "Producer":
                out.append(ChannelText(_object_channel(obj), f"object {xref} /{key}", value))
        if doc.xref_is_stream(xref) and b"/JS" not in obj and re.search(rb"/Subtype\s*/Image", obj) is None:
            try:
                data = doc.xref_stream(xref) or b""
            except Exception:
                continue
            if b"BDC" in data:
                for key, value in keyed_strings(data):
                    out.append(ChannelText("marked-content", f"content stream {xref} /{key}", value))
        if re.search(rb"/S\s*/JavaScript", obj):
            js = doc.xref_get_key(xref, "JS")
            if js[0] == "xref":
                source = doc.xref_stream(int(js[1].split()[0])) or b""
                out.append(ChannelText("javascript", f"object {xref} JavaScript", _decode_pdf_bytes(source)))
    return out
