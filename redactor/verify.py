"""Verification: re-open the written file and prove that nothing withheld survives.

Checks, per withheld passage (page redactions and channel removals alike): no text remains under its box;
its normalised text (NFKC, ligatures, case, whitespace, line-break hyphenation) occurs in the output's page
text, with every layer switched on, no more often than it did unredacted in the input; and it is not in
any decompressed object or stream (literal and hex strings decoded, TJ arrays joined), the metadata, the
XMP, or any other text channel of extract.extract_channels (annotations, form fields, outlines, links,
destinations, page labels, JavaScript, marked content, structure tree, embedded files recursively, text
off the page). The raw stream search is what `qpdf --qdf` plus `strings` would show a requester.

Independent of the report, every page is checked for text under a black filled rectangle ("covered, not
removed") and for text that is extractable but invisible (harden.hidden_spans), and the file for
embedded files. Any finding is a leak: the CLI exits VERIFICATION_FAILED (7) and lists each one.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from redactor.extract import ChannelText, extract_channels, extract_page, pdf_strings

Rect4 = tuple[float, float, float, float]  # (x0, y0, x1, y1) as plain floats
_BINARY_STREAM = re.compile(r"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b")
CHANNELS = ("page-text", "under-box", "streams", "metadata", "xmp", "annotation", "form", "outline", "link",
            "destination", "page-label", "javascript", "marked-content", "structure", "object", "attachment",
            "offpage", "hidden-layer", "covered-text", "invisible-text")


def normalise(text: str) -> str:
    """Compare text as a requester would search it: NFKC, case-folded, whitespace collapsed."""
    return _collapse(unicodedata.normalize("NFKC", text).replace("\u00ad", ""))


def _collapse(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)
    # = re.sub(r"\s+", " ", text).strip(), several times faster on the megabytes of a document's streams:
    # str.split() and the regex \s both use str.isspace (tests/test_verify_speed_equivalence.py checks)
    return " ".join(text.split()).casefold()


_CHUNK = 1 << 20  # characters


def normalise_pieces(pieces: Iterable[str], chunk: int = _CHUNK) -> str:
    """normalise("\\n".join(pieces)), the same string, a chunk of pieces at a time: on a 1,000-page
    document's streams the one-shot version held a list of millions of words (str.split) and several
    whole copies, the largest thing verification had in memory.

    A cut between two pieces changes nothing: NFKC never composes across a newline, and whitespace
    collapses to the one space the chunks are joined with. The one thing that reaches across is
    line-break dehyphenation ("Raghu-" newline "nathan"), so no cut is made after a piece whose
    normalised text ends with a hyphen (tests/test_verify_speed_equivalence.py checks all of this)."""
    out: list[str] = []
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= chunk:
            text = unicodedata.normalize("NFKC", "\n".join(buffer)).replace("\u00ad", "")
            if text.rstrip().endswith("-"):
                continue  # the hyphen may join the next piece: cut later
            out.append(_collapse(text))
            buffer, size = [], 0
    if buffer:
        out.append(normalise("\n".join(buffer)))
    return " ".join(part for part in out if part)


def _lines(text: str, size: int = _CHUNK) -> Iterator[str]:
    """`text` cut at newlines into pieces of about `size` characters: "\\n".join(pieces) == text."""
    start = 0
    while True:
        cut = text.find("\n", start + size)
        if cut == -1:
            yield text[start:]
            return
        yield text[start:cut]
        start = cut + 1


def count_occurrences(needle: str, haystack: str) -> int:
    """Occurrences of normalised `needle` in normalised `haystack` as a whole word/phrase."""
    if not needle or needle not in haystack:  # plain substring test first: most needles are absent
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack))


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_SHORT_TEXT = 4096  # characters; see Haystack.count
_SCANS = 256  # str.find scans before indexing the words: an index costs 150-240 scans (measured)


class Haystack:
    """A normalised text searched for many needles, as count_occurrences would, in time proportional to
    the needle's candidate positions rather than the text's length: a 1,000-page document has thousands
    of withheld passages, and scanning the whole text for each made verification quadratic.

    Positions are indexed by the whole word that starts there; a needle is compared only where its first
    word starts (those positions satisfy the leading word boundary by construction). Indexing costs a
    Python step per word, so the first few needles (all of them for a short text or a small document)
    are found by str.find scans instead, which run at memory speed and mostly answer "absent".

    `needles`, when the caller knows them all in advance, limits the index to their first words: a
    1,000-page document's decoded streams hold millions of words (operators, numbers) that no needle
    starts with, and a position list for each is time and memory spent for nothing. Other needles are
    still counted right, by scanning."""

    def __init__(self, text: str, needles: Iterable[str] | None = None):
        self.text = text
        self._counts: dict[str, int] = {}
        self._starts: dict[str, list[int]] | None = None
        self._scans = 0
        self._firsts: frozenset[str] | None = None
        if needles is not None:
            self._firsts = frozenset(m.group() for m in map(_WORD.match, needles) if m is not None)

    def _index(self) -> dict[str, list[int]]:
        if self._starts is None:
            self._starts = {}
            if self._firsts is None:
                for m in _WORD.finditer(self.text):
                    self._starts.setdefault(m.group(), []).append(m.start())
            else:
                starts = self._starts = {word: [] for word in self._firsts}
                for m in _WORD.finditer(self.text):
                    positions = starts.get(m.group())
                    if positions is not None:
                        positions.append(m.start())
        return self._starts

    def _scan(self, needle: str) -> int:
        """count_occurrences by str.find: whole-word, non-overlapping, left to right, like re.findall."""
        text, size, n = self.text, len(needle), 0
        pos = text.find(needle)
        while pos != -1:
            if (pos == 0 or not _WORD_CHAR.match(text, pos - 1)) and not _WORD_CHAR.match(text, pos + size):
                n += 1
                pos = text.find(needle, pos + size)
            else:
                pos = text.find(needle, pos + 1)
        return n

    def count(self, needle: str) -> int:
        n = self._counts.get(needle)
        if n is None:
            first = _WORD.match(needle)
            if not needle or first is None:  # starts with punctuation: a plain scan
                n = count_occurrences(needle, self.text)
            elif (self._starts is None and (len(self.text) <= _SHORT_TEXT or self._scans < _SCANS)) or (
                    self._firsts is not None and first.group() not in self._firsts):
                self._scans += 1
                n = self._scan(needle)
            else:
                text, size, n, free_from = self.text, len(needle), 0, 0
                for pos in self._index().get(first.group(), ()):  # in order; no overlaps, like findall
                    if pos >= free_from and text.startswith(needle, pos) and not _WORD_CHAR.match(text, pos + size):
                        n, free_from = n + 1, pos + size
            self._counts[needle] = n
        return n


@dataclass(frozen=True, slots=True)
class Withheld:
    """What verification needs to know about one redaction."""

    id: str
    page: int  # 0-based; -1 for text found in a document-level channel (metadata, outline, ...)
    text: str
    rects: tuple[tuple[float, float, float, float], ...]
    label: str
    allowed_elsewhere: int = 0  # unredacted occurrences of the same text in the input


@dataclass(frozen=True, slots=True)
class Leak:
    channel: str
    redaction_id: str
    page: int | None
    detail: str


@dataclass(slots=True)
class VerifyResult:
    leaks: list[Leak] = field(default_factory=list)
    channels: tuple[str, ...] = CHANNELS
    allowed_elsewhere: dict[str, int] = field(default_factory=dict)  # redaction id -> unredacted occurrences

    @property
    def ok(self) -> bool:
        return not self.leaks


# --- invisible text ------------------------------------------------------------------------------------

def luminance(color: Iterable[float] | None) -> float:
    c = tuple(color or (0,))
    if len(c) == 1:
        return c[0]
    if len(c) == 4:  # CMYK
        return 1 - min(1.0, 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2] + c[3])
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


@dataclass(frozen=True, slots=True)
class HiddenSpan:
    reason: str
    text: str
    bbox: tuple[float, float, float, float]
    chars: tuple  # texttrace chars: (unicode, glyph, origin, bbox)
    size: float
    # the span's font ascender and descender (em) and whether it runs left to right: where MuPDF looks
    # for the glyphs when removing them (harden.removal_rects)
    ascender: float = 0.8
    descender: float = -0.2
    horizontal: bool = True


def _metrics(span: dict) -> dict:
    """The HiddenSpan fields that describe a texttrace span's font and direction."""
    return {"ascender": span.get("ascender", 0.8), "descender": span.get("descender", -0.2),
            "horizontal": tuple(span.get("dir", (1.0, 0.0))) == (1.0, 0.0) and span.get("wmode", 0) == 0}


def hidden_spans(page: pymupdf.Page, trace: list[dict] | None = None,
                 fills: list[tuple[int, Rect4, float]] | None = None) -> list[HiddenSpan]:
    """Text a requester can extract but not see: invisible render mode (unless over an image, i.e. an
    OCR layer), fully transparent, under 1 pt, outside the page, light text with no dark background,
    and text painted over by a later image.

    `trace` (page.get_texttrace()) and `fills` (filled_rects(page)) may be passed by a caller that has
    already read them for another check (verify_document does): both are slow to read from the page."""
    log = page.get_bboxlog()
    images = [(i, tuple(r)) for i, (kind, r) in enumerate(log) if kind == "fill-image"]
    # filled_rects is slow: read only if light text needs the background check (unless already known)
    fills_of = functools.cache(lambda: filled_rects(page) if fills is None else fills)
    unrotated = page.rect * page.derotation_matrix if page.rotation else page.rect
    out = []
    for span in page.get_texttrace() if trace is None else trace:
        reason = _hidden_reason(span, unrotated, images, fills_of)
        if reason is None:
            continue
        # the text only now: one span can be a whole page of text, and nearly all spans are visible
        text = "".join([chr(c[0]) for c in span["chars"]])
        if text.strip():
            out.append(HiddenSpan(reason, text, tuple(pymupdf.Rect(span["bbox"])), tuple(span["chars"]),
                                  span["size"], **_metrics(span)))
    return out


def _hidden_reason(span: dict, unrotated: pymupdf.Rect, images: list[tuple[int, Rect4]],
                   fills_of: Callable[[], list[tuple[int, Rect4, float]]]) -> str | None:
    """Why this texttrace span cannot be seen, or None (see hidden_spans)."""
    rect = pymupdf.Rect(span["bbox"])
    centre = ((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
    seq = span["seqno"]
    if not rect.intersects(unrotated):  # span boxes are in unrotated space; page.rect is turned by /Rotate
        return "outside the page"
    if span["type"] == 3 and not any(_inside(centre, r) and i < seq for i, r in images):
        return "invisible render mode"
    if span["opacity"] == 0:
        return "fully transparent"
    # render mode 3 here is an OCR layer over an image (above), invisible by design and read like any text;
    # the trace reports its size times its horizontal scaling, and Tesseract squeezes a glyph to its word's
    # width (a 10 pt '|' at 9.6% reads 0.96 pt): only visible text is judged by its size
    if span["size"] < 1 and span["type"] != 3:
        return f"font size {span['size']:.2g} pt"
    if luminance(span["color"]) > 0.9 and not any(
            _inside(centre, r) and lum < 0.75 and s < seq
            for s, r, lum in fills_of()) and not any(
            _inside(centre, r) and i < seq for i, r in images):
        return "light text on a light background"
    if any(_inside(centre, r) and i > seq for i, r in images):
        return "covered by an image"
    return None


class _PageWords:
    """One page's words (page.get_text("words")), indexed by the height of their centre so that a
    redaction box looks only at the words of its own lines: scanning every word of the page for each of
    its boxes made the under-box check words x boxes."""

    def __init__(self, words: list[tuple]):
        self.words = words
        # NaN sorts nowhere (every comparison is false), so it would scramble the order bisect relies on;
        # a word whose centre is NaN can never lie in a box (the band test below is false too): leave it out
        by_height = sorted((cy, i) for i, (_x0, y0, _x1, y1, *_) in enumerate(words)
                           if (cy := (y0 + y1) / 2) == cy)
        self.heights = [cy for cy, _i in by_height]
        self.order = [i for _cy, i in by_height]

    def under(self, rects: tuple[Rect4, ...]) -> list[str]:
        """Words whose centre lies in one of `rects`, in page order."""
        found = []
        lo_y, hi_y = min(r[1] for r in rects), max(r[3] for r in rects)
        first, last = bisect_left(self.heights, lo_y), bisect_right(self.heights, hi_y)
        for i in sorted(self.order[first:last]):  # back to page (reading) order
            x0, y0, x1, y1, word, *_ = self.words[i]
            # repeated so that a box with NaN corners (bisect then returns every word) still finds none
            if not lo_y <= (y0 + y1) / 2 <= hi_y:
                continue
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
                found.append(word)
        return found


def _words_under(words: list[tuple], rects: tuple[Rect4, ...]) -> list[str]:
    """Words whose centre lies in one of `rects` (one-off use; verify_document keeps a _PageWords)."""
    return _PageWords(words).under(rects)


# --- PDF syntax is not text --------------------------------------------------------------------------
# The raw object and stream text holds the words of the PDF language itself: operators (TD is "move to the
# next line"), keywords (obj, stream, null) and standard names (/Normal is a blend mode). A withheld "TD" or
# "Normal" found there is the language, not the withheld text: it is left out of the raw search. Strings
# (decoded), comments, and names a producer made up (/Whitfield#20file) are still searched; a font name
# keeps its family (ABCDEF+Carlito-Normal is searched as "Carlito").

_OPERATORS = ("b b* B B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m "
              "M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"").split()
_KEYWORDS = ("obj", "endobj", "stream", "endstream", "xref", "trailer", "startxref", "true", "false", "null", "R")
_DELIMITER = r"\s\[\]()<>{}/%"
_SYNTAX_WORD = re.compile(rf"(?<![^{_DELIMITER}])(?:{'|'.join(map(re.escape, [*_OPERATORS, *_KEYWORDS]))})"
                          rf"(?![^{_DELIMITER}])")
_NAME_TOKEN = re.compile(rf"/([^{_DELIMITER}]*)")
_ESCAPED_NAME = re.compile(rf"/([^{_DELIMITER}]*#[0-9A-Fa-f]{{2}}[^{_DELIMITER}]*)")
_FONT_NAME = re.compile(rf"/(?:BaseFont|FontName)\s*/([^{_DELIMITER}]*)")
# Names of the PDF specification beyond MuPDF's own table (PDF_ENUM_NAME_*): blend modes, rendering intents,
# standard structure types, annotation icons and stamps, page layouts and modes, standard encodings.
_MORE_NAMES = """Normal Multiply Screen Overlay Darken Lighten ColorDodge ColorBurn HardLight SoftLight Difference
Exclusion Hue Saturation Color Luminosity Compatible Perceptual RelativeColorimetric AbsoluteColorimetric
Document DocumentFragment Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4
H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB
RT RP Warichu WT WP Figure Formula Form Artifact Pagination Layout Page Background Header Footer Watermark
Comment Key Help NewParagraph Paragraph Insert Approved Experimental NotApproved AsIs Expired
NotForPublicRelease Confidential Final Sold Departmental ForComment TopSecret Draft ForPublicRelease
SinglePage OneColumn TwoColumnLeft TwoColumnRight TwoPageLeft TwoPageRight UseNone UseOutlines UseThumbs
FullScreen UseOC UseAttachments WinAnsiEncoding MacRomanEncoding MacExpertEncoding StandardEncoding
PDFDocEncoding Identity-H Identity-V Off Yes On Unchecked Checked""".split()


@functools.cache
def _standard_names() -> frozenset[str]:
    table = [n.removeprefix("PDF_ENUM_NAME_") for n in dir(pymupdf.mupdf) if n.startswith("PDF_ENUM_NAME_")]
    return frozenset(table) | frozenset(_MORE_NAMES)


def _name_text(match: re.Match) -> str:
    """A name as a requester reads it (#xx escapes decoded), or nothing for a standard name."""
    name = match.group(1)
    if "#" in name:
        name = re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)
    return " " if not name or name in _standard_names() else f" {name} "


def _font_family(match: re.Match) -> str:
    """/BaseFont /ABCDEF+Carlito-Normal -> " Carlito ": the subset tag and the style are the font's."""
    name = re.sub(r"^[A-Z]{6}\+", "", match.group(1))
    return f" {re.split(r'[-,]', name, maxsplit=1)[0]} "


def without_syntax(text: str) -> str:
    """Raw object or stream text with the words of the PDF language taken out (section comment)."""
    text = _FONT_NAME.sub(_font_family, text)
    text = _NAME_TOKEN.sub(_name_text, text)
    return _SYNTAX_WORD.sub(" ", text)


def _decoded_streams(doc: pymupdf.Document, syntax: bool = False) -> str:
    """Every object and non-binary stream as `qpdf --qdf` + `strings` would show it, less the words of PDF
    syntax (without_syntax; kept with `syntax`), plus every literal and hex string decoded (escapes, octal,
    UTF-16) and TJ arrays joined so (Pri) -20 (ya) reads "Priya"."""
    parts, strings = [], []
    for xref in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(xref, compressed=False)
            parts.append(obj)
            strings += pdf_strings(obj.encode("latin-1", "replace"))
            # image samples and font programs are binary: a short name could match by chance
            if doc.xref_is_stream(xref) and not _BINARY_STREAM.search(obj):
                data = doc.xref_stream(xref) or b""
                parts.append(data.decode("latin-1"))
                strings += pdf_strings(data)
        except (RuntimeError, ValueError):
            continue
    raw = _ESCAPED_NAME.sub(_name_text, "\n".join(parts)) if syntax else without_syntax("\n".join(parts))
    del parts
    joined = re.sub(r"\)\s*-?\d*\.?\d*\s*\(", "", raw)
    hex_joined = "".join(strings)  # strings split across Tj operators
    return normalise_pieces(itertools.chain(_lines(raw), _lines(joined), strings, _lines(hex_joined)))


def short(needle: str) -> bool:
    """Fewer than four letters or digits (initials, "TD"): such a needle is searched for in text only (the
    page text and the text channels), never in raw bytes, where it matches glyph codes and syntax by chance."""
    return sum(ch.isalnum() for ch in needle) < 4


def _inside(point: tuple[float, float], rect: Rect4) -> bool:
    """Point in rectangle, on plain tuples: pymupdf.Rect.contains is slow in the per-glyph loops here."""
    return rect[0] <= point[0] <= rect[2] and rect[1] <= point[1] <= rect[3]


def filled_rects(page: pymupdf.Page, drawings: list[dict] | None = None) -> list[tuple[int, Rect4, float]]:
    """(sequence number, rectangle, fill luminance) of every opaque filled shape. One path may hold many
    rectangles (our own boxes are one path), so rectangles and quads are taken one by one; any other
    path counts by its bounding box only if it is a simple polygon. `drawings`: page.get_drawings(), if
    the caller has read them already."""
    out = []
    for d in page.get_drawings() if drawings is None else drawings:
        if d.get("fill") is None or (d.get("fill_opacity") or 1) <= 0.5:
            continue
        lum = luminance(d["fill"])
        items = d.get("items") or []
        boxes = [pymupdf.Rect(it[1]) if it[0] == "re" else it[1].rect for it in items if it[0] in ("re", "qu")]
        if not boxes and len(items) <= 6:
            boxes = [d["rect"]]
        out += [(d["seqno"], tuple(r), lum) for r in boxes if r.width > 1 and r.height > 1]
    return out


# --- text under a dark shape ("covered, not removed") ---------------------------------------------------
# A glyph is hidden by a dark shape when at least half of its core (the middle of its box: 0.55 em to 0.05 em
# above the baseline, less 10% of its width at each side) lies under opaque dark fills or strokes that are
# painted over it, or under which it is drawn in a colour that cannot be told from theirs. The shape's own
# geometry counts (even-odd and non-zero holes, circles, polygons, stroke widths), not its bounding box,
# so a table rule touching a glyph, a frame around a cell or a label beside a dark disc hides nothing,
# while a box, a marker stroke or a polygon over a word does.

DARK = 0.1  # fill luminance (luminance()) below which a shape hides what is under it: black, near-black
COVERED = 0.5  # fraction of a glyph's core under dark shapes from which the glyph cannot be read
MIN_CONTRAST = 1.5  # WCAG contrast ratio below which text drawn on a shape is lost in it
CORE_BAND = (0.55, 0.05)  # a horizontal glyph's core, in em above the baseline
_GRID_X, _GRID_Y = 8, 6  # sample points across and up a glyph's core (shapes other than rectangles)
_CURVE_STEPS = 8  # straight pieces per Bezier curve


def relative_luminance(color: Iterable[float] | None) -> float:
    """WCAG relative luminance (linear light) of a grey, RGB or CMYK colour."""
    c = tuple(color or (0,))
    if len(c) == 4:  # CMYK, naively
        c = tuple((1 - v) * (1 - c[3]) for v in c[:3])
    elif len(c) != 3:
        c = (c[0],) * 3

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(min(1.0, max(0.0, v))) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Iterable[float] | None, b: Iterable[float] | None) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _winding(points: tuple[tuple[float, float], ...], x: float, y: float) -> int:
    """Winding number of the closed polygon `points` around (x, y)."""
    w = 0
    x0, y0 = points[-1]
    for x1, y1 in points:
        if y0 <= y:
            if y1 > y and (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0) > 0:
                w += 1
        elif y1 <= y and (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0) < 0:
            w -= 1
        x0, y0 = x1, y1
    return w


@dataclass(frozen=True, slots=True)
class _Subpath:
    bbox: Rect4
    points: tuple[tuple[float, float], ...] | None  # None: the whole bbox is inside (a rectangle) ...
    winding: int = 1  # ... with this winding number (+1 or -1, from its drawing direction)

    def winding_at(self, x: float, y: float) -> int:
        if not (self.bbox[0] <= x <= self.bbox[2] and self.bbox[1] <= y <= self.bbox[3]):
            return 0
        return self.winding if self.points is None else _winding(self.points, x, y)


@dataclass(frozen=True, slots=True)
class DarkShape:
    """One opaque dark fill or stroke of the page, with its exact geometry (see the section comment)."""

    seqno: int
    bbox: Rect4
    colour: tuple[float, ...]
    subpaths: tuple[_Subpath, ...]
    rule: str  # "nonzero", "evenodd", or "any" (stroke pieces: inside any of them)

    def covers(self, x: float, y: float) -> bool:
        if not (self.bbox[0] <= x <= self.bbox[2] and self.bbox[1] <= y <= self.bbox[3]):
            return False
        if self.rule == "any":
            return any(sub.winding_at(x, y) for sub in self.subpaths)
        w = sum(sub.winding_at(x, y) for sub in self.subpaths)
        return bool(w % 2) if self.rule == "evenodd" else w != 0


def _bezier(p0, p1, p2, p3) -> list[tuple[float, float]]:
    out = []
    for i in range(1, _CURVE_STEPS + 1):
        t = i / _CURVE_STEPS
        u = 1 - t
        out.append((u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
                    u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1]))
    return out


def _outlines(items: list) -> list[tuple[list[tuple[float, float]], bool, int]]:
    """The subpaths of a drawing: (vertices, is an axis-aligned rectangle, rectangle winding)."""
    out: list[tuple[list[tuple[float, float]], bool, int]] = []
    current: list[tuple[float, float]] = []

    def flush() -> None:
        nonlocal current
        if len(current) >= 2:
            out.append((current, False, 0))
        current = []

    for item in items:
        kind = item[0]
        if kind == "re":
            flush()
            r = item[1]
            corners = [(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1)]
            orientation = item[2] if len(item) > 2 and item[2] in (1, -1) else 1
            out.append((corners, True, orientation))
        elif kind == "qu":
            flush()
            q = item[1]
            out.append(([tuple(q.ul), tuple(q.ur), tuple(q.lr), tuple(q.ll)], False, 0))
        elif kind in ("l", "c"):
            start = tuple(item[1])
            if current and (abs(current[-1][0] - start[0]) > 1e-3 or abs(current[-1][1] - start[1]) > 1e-3):
                flush()
            if not current:
                current = [start]
            current += [tuple(item[2])] if kind == "l" else _bezier(*(tuple(p) for p in item[1:5]))
    flush()
    return out


def _box(points) -> Rect4:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _stroke_pieces(outlines, width: float, closed: bool) -> list[_Subpath]:
    """Each straight piece of a stroked outline as the quadrilateral its pen covers."""
    half, out = width / 2, []
    for points, is_rect, _w in outlines:
        pairs = list(zip(points, points[1:], strict=False))
        if is_rect or closed:
            pairs.append((points[-1], points[0]))
        for (x0, y0), (x1, y1) in pairs:
            length = math.hypot(x1 - x0, y1 - y0)
            if length == 0:
                continue
            nx, ny = -(y1 - y0) / length * half, (x1 - x0) / length * half
            quad = ((x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny))
            out.append(_Subpath(_box(quad), quad))
    return out


def _union_box(boxes: list[Rect4]) -> Rect4:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _apart(subpaths: list[_Subpath]) -> list[list[_Subpath]]:
    """Subpaths in groups whose boxes touch only within a group. A point outside a closed subpath's box
    has winding 0 around it, so a fill rule applied to each group alone gives the same result as applied
    to the whole path."""
    groups: list[tuple[Rect4, list[_Subpath]]] = []
    for sub in sorted(subpaths, key=lambda sub: sub.bbox[0]):
        merged = [g for g in groups if _overlaps(g[0], sub.bbox)]
        if not merged:
            groups.append((sub.bbox, [sub]))
            continue
        members = [sub]
        for g in merged:
            groups.remove(g)
            members += g[1]
        groups.append((_union_box([m.bbox for m in members]), members))
    return [members for _box, members in groups]


def dark_shapes(drawings: list[dict]) -> list[DarkShape]:
    """The opaque dark fills and strokes among page.get_drawings(): what can hide text under it."""
    out = []
    for d in drawings:
        items = d.get("items") or []
        fill = d.get("fill")
        if fill is not None and (d.get("fill_opacity") or 1) > 0.5 and luminance(fill) < DARK:
            subpaths = []
            for points, is_rect, winding in _outlines(items):
                box = _box(points)
                if is_rect:
                    # the rectangle's corners, in drawing order, wind +1 or -1 around its centre
                    sign = _winding(tuple(points), (box[0] + box[2]) / 2, (box[1] + box[3]) / 2) or 1
                    subpaths.append(_Subpath(box, None, sign * winding))
                else:
                    subpaths.append(_Subpath(box, tuple(points)))
            rule = "evenodd" if d.get("even_odd") else "nonzero"
            for group in _apart(subpaths):  # one path holds every box of a page (ours do): look at each alone
                out.append(DarkShape(d["seqno"], _union_box([sub.bbox for sub in group]), tuple(fill),
                                     tuple(group), rule))
        colour, width = d.get("color"), d.get("width") or 0
        if (d.get("type") in ("s", "fs") and colour is not None and width >= 1
                and (d.get("stroke_opacity") or 1) > 0.5 and luminance(colour) < DARK):
            pieces = _stroke_pieces(_outlines(items), width, bool(d.get("closePath")))
            if pieces:
                r = d["rect"]
                box = (r.x0 - width / 2, r.y0 - width / 2, r.x1 + width / 2, r.y1 + width / 2)
                out.append(DarkShape(d["seqno"], box, tuple(colour), tuple(pieces), "any"))
    return out


def _core(char: tuple, span: dict) -> Rect4:
    """The middle of a glyph's box (CORE_BAND for horizontal text; otherwise its box less 15% a side)."""
    x0, y0, x1, y1 = char[3]
    inset = (x1 - x0) * 0.1
    if tuple(span["dir"]) == (1.0, 0.0) and span["wmode"] == 0:
        base, size = char[2][1], span["size"]
        return (x0 + inset, base - CORE_BAND[0] * size, x1 - inset, base - CORE_BAND[1] * size)
    dy = (y1 - y0) * 0.15
    return (x0 + inset * 1.5, y0 + dy, x1 - inset * 1.5, y1 - dy)


def _overlaps(a: Rect4, b: Rect4) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _rect_union_area(core: Rect4, rects: list[Rect4]) -> float:
    """The area of `core` under the union of `rects` (axis-aligned), cell by cell of their edges."""
    x0, y0, x1, y1 = core
    clipped = [(max(x0, r[0]), max(y0, r[1]), min(x1, r[2]), min(y1, r[3])) for r in rects]
    clipped = [r for r in clipped if r[0] < r[2] and r[1] < r[3]]
    if len(clipped) == 1:
        r = clipped[0]
        return (r[2] - r[0]) * (r[3] - r[1])
    xs = sorted({v for r in clipped for v in (r[0], r[2])})
    ys = sorted({v for r in clipped for v in (r[1], r[3])})
    area = 0.0
    for xa, xb in itertools.pairwise(xs):
        for ya, yb in itertools.pairwise(ys):
            cx, cy = (xa + xb) / 2, (ya + yb) / 2
            if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in clipped):
                area += (xb - xa) * (yb - ya)
    return area


def core_covered(core: Rect4, shapes: list[DarkShape]) -> bool:
    """At least COVERED of `core` lies under `shapes`. Shapes that are single rectangles (boxes, rules:
    nearly all) are measured exactly; any other shape by sample points (a _GRID_X by _GRID_Y grid of cell
    centres), counting until the answer is known."""
    x0, y0, x1, y1 = core
    shapes = [s for s in shapes if _overlaps(s.bbox, core)]
    if not shapes:
        return False
    rects = [s.bbox for s in shapes if len(s.subpaths) == 1 and s.subpaths[0].points is None]
    if len(rects) == len(shapes):
        area = (x1 - x0) * (y1 - y0)
        if area <= 0:  # a glyph of no width (a combining mark): covered if its line through the core is
            return any(r[0] <= x0 <= r[2] and r[1] <= y0 and y1 <= r[3] for r in rects)
        return _rect_union_area(core, rects) >= COVERED * area - 1e-9
    total = _GRID_X * _GRID_Y
    need = math.ceil(COVERED * total - 1e-9)
    hit = miss = 0
    for i in range(_GRID_X):
        x = x0 + (x1 - x0) * (i + 0.5) / _GRID_X
        for j in range(_GRID_Y):
            y = y0 + (y1 - y0) * (j + 0.5) / _GRID_Y
            if any(shape.covers(x, y) for shape in shapes):
                hit += 1
                if hit >= need:
                    return True
            else:
                miss += 1
                if miss > total - need:
                    return False
    return False


def _hides(shape: DarkShape, span: dict) -> bool:
    """The shape hides this span's glyphs where it lies over them: painted after them, or painted before
    them when they are drawn invisibly or in a colour that cannot be told from it."""
    if shape.seqno > span["seqno"]:
        return True
    if span["type"] == 3 or span["opacity"] == 0:
        return True
    return contrast(span["color"], shape.colour) < MIN_CONTRAST


COVERED_REASON = "under an opaque dark shape"


def covered_spans(page: pymupdf.Page, trace: list[dict] | None = None,
                  shapes: list[DarkShape] | None = None) -> list[HiddenSpan]:
    """Runs of consecutive glyphs hidden by dark shapes (section comment): "covered, not removed", as
    x-ray finds it. Each run is a HiddenSpan with only its own glyphs, so that removing it leaves the rest
    of the span. `trace` (page.get_texttrace()) and `shapes` (dark_shapes(page.get_drawings())) may be
    passed by a caller that has read them already."""
    shapes = dark_shapes(page.get_drawings()) if shapes is None else shapes
    if not shapes:
        return []
    out = []
    for span in page.get_texttrace() if trace is None else trace:
        sx0, sy0, sx1, sy1 = span["bbox"]
        reach = (sx0, sy0 - span["size"], sx1, sy1)  # the cores of a font that claims little height rise above
        near = [s for s in shapes if _overlaps(s.bbox, reach) and _hides(s, span)]
        if not near:
            continue
        # a span can be a whole page of text and `near` every box on it; the glyphs of one line share the
        # height of their core, so the shapes at that height are picked once per height, not per glyph
        at_height: dict[tuple[float, float], list[DarkShape]] = {}
        run: list[tuple] = []
        # _core inlined for horizontal text (the same numbers): its direction test per glyph was most of the
        # cost of a line with a box on it
        horizontal = tuple(span["dir"]) == (1.0, 0.0) and span["wmode"] == 0
        top, bottom = CORE_BAND[0] * span["size"], CORE_BAND[1] * span["size"]
        for c in [*span["chars"], None]:
            hidden = False
            if c is not None:
                if horizontal:
                    base, (x0, _y0, x1, _y1) = c[2][1], c[3]
                    inset = (x1 - x0) * 0.1
                    core = (x0 + inset, base - top, x1 - inset, base - bottom)
                else:
                    core = _core(c, span)
                rows = at_height.get(core[1::2])
                if rows is None:  # (a NaN height never hits the memo, and no shape meets it: rows stays empty)
                    rows = at_height[core[1::2]] = [s for s in near if s.bbox[1] <= core[3] and core[1] <= s.bbox[3]]
                here = [s for s in rows if s.bbox[0] <= core[2] and core[0] <= s.bbox[2]] if rows else rows
                hidden = bool(here) and core_covered(core, here)
            if hidden:
                run.append(c)
                continue
            if not run:
                continue
            text = "".join(chr(ch[0]) for ch in run)
            if text.strip():
                box = (min(ch[3][0] for ch in run), min(ch[3][1] for ch in run),
                       max(ch[3][2] for ch in run), max(ch[3][3] for ch in run))
                out.append(HiddenSpan(COVERED_REASON, text.strip(), box, tuple(run), span["size"], **_metrics(span)))
            run = []
    return out


def covered_text(page: pymupdf.Page, trace: list[dict] | None = None,
                 shapes: list[DarkShape] | None = None) -> list[str]:
    """The text of covered_spans: what a requester could copy from under a dark shape."""
    return [s.text for s in covered_spans(page, trace, shapes)]


def _layers_on(doc: pymupdf.Document) -> None:
    """Toggle every layer on in this session, as a requester would in a viewer's layer panel."""
    ocgs = list(doc.get_ocgs() or {})
    if ocgs:
        doc.set_layer(-1, on=ocgs, off=[])
        for i, config in enumerate(doc.layer_ui_configs() or []):
            if not config.get("on"):
                doc.set_layer_ui_config(i, 0)


def verify_document(path: Path, withheld: list[Withheld]) -> VerifyResult:
    """Every check of the module docstring. Report-independent checks use redaction id "-"."""
    result = VerifyResult(allowed_elsewhere={w.id: w.allowed_elsewhere for w in withheld if w.allowed_elsewhere})
    # normalised once per distinct text: the same name is often withheld many times
    needles = {text: normalise(text) for text in dict.fromkeys(w.text for w in withheld)}
    with pymupdf.open(path) as doc:
        _layers_on(doc)
        result.leaks += _page_leaks(doc, withheld, needles)
        result.leaks += _channel_leaks(doc, withheld, needles)
        result.leaks += _report_independent_leaks(doc)
    return result


def _only_labels(word: str, labels: list[str]) -> bool:
    """The word is our labels and punctuation only: "s40(2)" or "s40(2)," (a comma re-typeset right after a
    narrow box joins the label into one word), "(s40(2))", "s40(2);". Any letter or digit left is text."""
    for label in labels:  # longest first: "s31(1)(a)" before "s31(1)"
        word = word.replace(label, " ")
    return not any(ch.isalnum() for ch in word)


def _page_leaks(doc: pymupdf.Document, withheld: list[Withheld], needles: dict[str, str]) -> list[Leak]:
    """Per withheld passage: no text under its boxes but our own labels, and its text in the page text
    no more often than it was unredacted in the input."""
    leaks = []
    all_text = Haystack(" ".join(normalise(extract_page(p).text) for p in doc), needles.values())
    labels = sorted({w.label for w in withheld} | {part for w in withheld for part in w.label.split("; ")},
                    key=len, reverse=True)
    words: dict[int, _PageWords] = {}  # read once per page, on first use
    for w in withheld:
        if 0 <= w.page < doc.page_count and w.rects:
            if w.page not in words:
                words[w.page] = _PageWords(doc[w.page].get_text("words", flags=0))
            under = [t for t in words[w.page].under(w.rects) if not _only_labels(t, labels)]
            if under:
                leaks.append(Leak("under-box", w.id, w.page + 1, f"text under box: {' '.join(under)!r}"))
        n = all_text.count(needles[w.text])
        if n > w.allowed_elsewhere:
            leaks.append(Leak("page-text", w.id, w.page + 1 if w.page >= 0 else None,
                              f"{w.text!r} found {n} times, {w.allowed_elsewhere} expected"))
    return leaks


def _channel_leaks(doc: pymupdf.Document, withheld: list[Withheld], needles: dict[str, str]) -> list[Leak]:
    """Per withheld passage: its text in no decompressed object or stream, metadata, XMP or other channel."""
    leaks = []
    channels: dict[str, list[tuple[ChannelText, Haystack]]] = {}
    for text in extract_channels(doc):
        channels.setdefault(text.channel, []).append((text, Haystack(normalise(text.text))))
    # One haystack per channel over all its texts, newline-joined. A normalised needle holds no newline,
    # so its count there is the sum of its counts in the texts: a needle absent from the channel (nearly
    # all) costs one lookup instead of one per text (thousands of annotations or structure elements).
    joined = {channel: Haystack("\n".join(h.text for _t, h in texts)) for channel, texts in channels.items()}
    text_streams = functools.cache(lambda: Haystack(_decoded_streams(doc), needles.values()))
    # Taking the syntax out of megabytes of streams costs more than all the searches: the streams are
    # searched as they are (names with #xx escapes decoded, as without_syntax does), and only a needle
    # found there is looked for again without the syntax; it is a leak if found in both
    haystacks = {
        "streams": Haystack(_decoded_streams(doc, syntax=True), needles.values()),
        "metadata": Haystack(normalise(" ".join(v for v in (doc.metadata or {}).values() if v))),
        "xmp": Haystack(normalise(doc.get_xml_metadata() or "")),
    }
    for w in withheld:
        if w.allowed_elsewhere:
            continue  # the same text is legitimately on the page elsewhere, so also in the streams
        needle = needles[w.text]
        for channel, haystack in haystacks.items():
            if channel == "streams" and short(needle):
                continue
            if haystack.count(needle) and (channel != "streams" or text_streams().count(needle)):
                leaks.append(Leak(channel, w.id, None, f"{w.text!r} found in {channel}"))
        for channel, texts in channels.items():
            if not joined[channel].count(needle):
                continue
            for t, haystack in texts:
                if haystack.count(needle):
                    leaks.append(Leak(channel, w.id, t.page + 1 if t.page is not None else None,
                                      f"{w.text!r} found in {t.location}"))
    return leaks


def _report_independent_leaks(doc: pymupdf.Document) -> list[Leak]:
    """Covered-not-removed and invisible text on every page, and any embedded file."""
    leaks = []
    for page in doc:
        # both page checks need the text trace and the page's shapes: read each from the page once
        trace, drawings = page.get_texttrace(), page.get_drawings()
        for span in covered_spans(page, trace, dark_shapes(drawings)):
            leaks.append(Leak("covered-text", "-", page.number + 1,
                              f"text under a dark shape, not removed: {span.text!r}"))
        fills = filled_rects(page, drawings)
        for span in hidden_spans(page, trace, fills):
            leaks.append(Leak("invisible-text", "-", page.number + 1, f"{span.reason}: {span.text!r}"))
    for name in doc.embfile_names():
        leaks.append(Leak("attachment", "-", None, f"embedded file {name!r} present"))
    return leaks


def verify_released(released: Path, report_path: Path) -> VerifyResult:
    """Verify a released file against the report written with it (the `redactor verify` command)."""
    import json

    from redactor.errors import ConfigError
    from redactor.pipeline import open_pdf

    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        entries = report["redactions"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"not a redactor report: {exc}", report_path) from None
    open_pdf(released).close()  # same input checks (missing, not a PDF, encrypted) as redact
    withheld = [
        Withheld(e["id"], e["page"] - 1, e["text"], tuple(tuple(r) for r in e["rects"]), e["exemption"],
                 e.get("allowed_elsewhere", 0))
        for e in entries
    ] + [
        Withheld(e["id"], -1, e["text"], (), e["exemption"], e.get("allowed_elsewhere", 0))
        for e in report.get("channel_redactions", [])
    ]
    return verify_document(released, withheld)
