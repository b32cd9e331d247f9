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
                                  span["size"]))
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
    if span["size"] < 1:
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


def _decoded_streams(doc: pymupdf.Document) -> str:
    """Every object and non-binary stream as `qpdf --qdf` + `strings` would show it, plus every literal
    and hex string decoded (escapes, octal, UTF-16) and TJ arrays joined so (Pri) -20 (ya) reads "Priya"."""
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
    raw = "\n".join(parts)
    del parts
    joined = re.sub(r"\)\s*-?\d*\.?\d*\s*\(", "", raw)
    hex_joined = "".join(strings)  # strings split across Tj operators
    return normalise_pieces(itertools.chain(_lines(raw), _lines(joined), strings, _lines(hex_joined)))


def _inside(point: tuple[float, float], rect: Rect4) -> bool:
    """Point in rectangle, on plain tuples: pymupdf.Rect.contains is slow in the per-glyph loops here."""
    return rect[0] <= point[0] <= rect[2] and rect[1] <= point[1] <= rect[3]


def filled_rects(page: pymupdf.Page) -> list[tuple[int, Rect4, float]]:
    """(sequence number, rectangle, fill luminance) of every opaque filled shape. One path may hold many
    rectangles (our own boxes are one path), so rectangles and quads are taken one by one; any other
    path counts by its bounding box only if it is a simple polygon."""
    out = []
    for d in page.get_drawings():
        if d.get("fill") is None or (d.get("fill_opacity") or 1) <= 0.5:
            continue
        lum = luminance(d["fill"])
        items = d.get("items") or []
        boxes = [pymupdf.Rect(it[1]) if it[0] == "re" else it[1].rect for it in items if it[0] in ("re", "qu")]
        if not boxes and len(items) <= 6:
            boxes = [d["rect"]]
        out += [(d["seqno"], tuple(r), lum) for r in boxes if r.width > 1 and r.height > 1]
    return out


def _dark_fills(page: pymupdf.Page, fills: list[tuple[int, Rect4, float]] | None = None) -> list[tuple[int, Rect4]]:
    return [(seq, r) for seq, r, lum in (filled_rects(page) if fills is None else fills) if lum < 0.1]


def _chars_inside(chars: list[tuple], rects: list[Rect4]) -> str:
    """The characters (texttrace chars) whose glyph centre lies in one of `rects`, in order.

    A span can be a whole page of text and `rects` every box on the page; the glyphs of one line share
    one centre height, so the boxes at that height are picked once per height (memoised), not per glyph.
    """
    at_height: dict[float, list[Rect4]] = {}
    out = []
    for c in chars:
        x0, y0, x1, y1 = c[3]
        cy = (y0 + y1) / 2
        rows = at_height.get(cy)
        if rows is None:  # (a NaN height never hits the memo, and no box contains it: rows stays empty)
            rows = at_height[cy] = [r for r in rects if r[1] <= cy <= r[3]]
        if rows:
            cx = (x0 + x1) / 2
            if any(r[0] <= cx <= r[2] for r in rows):
                out.append(chr(c[0]))
    return "".join(out)


def covered_text(page: pymupdf.Page, trace: list[dict] | None = None,
                 fills: list[tuple[int, Rect4, float]] | None = None) -> list[str]:
    """Text whose glyphs sit under a black filled rectangle: "covered, not removed" (what x-ray finds).

    Text drawn after the rectangle in a light colour is visible on it (our white exemption labels) and
    does not count; dark text on it, or any text the rectangle was painted over, does. `trace` and
    `fills` as for hidden_spans.
    """
    fills = _dark_fills(page, fills)
    if not fills:
        return []
    found = []
    for span in page.get_texttrace() if trace is None else trace:
        light = luminance(span["color"]) > 0.5 and span["type"] != 3 and span["opacity"] > 0
        # only the fills this span overlaps, and that matter for it (checked per character below)
        sx0, sy0, sx1, sy1 = span["bbox"]
        near = [r for seq, r in fills if (seq > span["seqno"] or not light)
                and r[0] <= sx1 and sx0 <= r[2] and r[1] <= sy1 and sy0 <= r[3]]
        if not near:
            continue
        text = _chars_inside(span["chars"], near).strip()
        if text:
            found.append(text)
    return found


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


def _page_leaks(doc: pymupdf.Document, withheld: list[Withheld], needles: dict[str, str]) -> list[Leak]:
    """Per withheld passage: no text under its boxes but our own labels, and its text in the page text
    no more often than it was unredacted in the input."""
    leaks = []
    all_text = Haystack(" ".join(normalise(extract_page(p).text) for p in doc), needles.values())
    labels = {w.label for w in withheld} | {part for w in withheld for part in w.label.split("; ")}
    words: dict[int, _PageWords] = {}  # read once per page, on first use
    for w in withheld:
        if 0 <= w.page < doc.page_count and w.rects:
            if w.page not in words:
                words[w.page] = _PageWords(doc[w.page].get_text("words", flags=0))
            under = [t for t in words[w.page].under(w.rects) if t not in labels and t.strip(";") not in labels]
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
    haystacks = {
        "streams": Haystack(_decoded_streams(doc), needles.values()),
        "metadata": Haystack(normalise(" ".join(v for v in (doc.metadata or {}).values() if v))),
        "xmp": Haystack(normalise(doc.get_xml_metadata() or "")),
    }
    for w in withheld:
        if w.allowed_elsewhere:
            continue  # the same text is legitimately on the page elsewhere, so also in the streams
        needle = needles[w.text]
        for channel, haystack in haystacks.items():
            if haystack.count(needle):
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
        # both page checks need the text trace and the filled shapes: read each from the page once
        trace, fills = page.get_texttrace(), filled_rects(page)
        for text in covered_text(page, trace, fills):
            leaks.append(Leak("covered-text", "-", page.number + 1,
                              f"text under a black rectangle, not removed: {text!r}"))
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
