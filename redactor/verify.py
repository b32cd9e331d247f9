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
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from redactor.extract import ChannelText, extract_channels, extract_page, pdf_strings

_BINARY_STREAM = re.compile(r"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b")
CHANNELS = ("page-text", "under-box", "streams", "metadata", "xmp", "annotation", "form", "outline", "link",
            "destination", "page-label", "javascript", "marked-content", "structure", "object", "attachment",
            "offpage", "hidden-layer", "covered-text", "invisible-text")


def normalise(text: str) -> str:
    """Compare text as a requester would search it: NFKC, case-folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def count_occurrences(needle: str, haystack: str) -> int:
    """Occurrences of normalised `needle` in normalised `haystack` as a whole word/phrase."""
    if not needle or needle not in haystack:  # plain substring test first: most needles are absent
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack))


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


class Haystack:
    """A normalised text searched for many needles, as count_occurrences would, in time proportional to
    the needle's candidate positions rather than the text's length: a 1,000-page document has thousands
    of withheld passages, and scanning the whole text for each made verification quadratic.

    Positions are indexed by the whole word that starts there; a needle is compared only where its first
    word starts (those positions satisfy the leading word boundary by construction)."""

    def __init__(self, text: str):
        self.text = text
        self._counts: dict[str, int] = {}
        self._starts: dict[str, list[int]] | None = None

    def _index(self) -> dict[str, list[int]]:
        if self._starts is None:
            self._starts = {}
            for m in _WORD.finditer(self.text):
                self._starts.setdefault(m.group(), []).append(m.start())
        return self._starts

    def count(self, needle: str) -> int:
        if needle not in self._counts:
            first = _WORD.match(needle)
            if not needle or first is None:  # starts with punctuation: a plain scan
                self._counts[needle] = count_occurrences(needle, self.text)
            else:
                text, size, n, free_from = self.text, len(needle), 0, 0
                for pos in self._index().get(first.group(), ()):  # in order; no overlaps, like findall
                    if pos >= free_from and text.startswith(needle, pos) and not _WORD_CHAR.match(text, pos + size):
                        n, free_from = n + 1, pos + size
                self._counts[needle] = n
        return self._counts[needle]


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


def hidden_spans(page: pymupdf.Page) -> list[HiddenSpan]:
    """Text a requester can extract but not see: invisible render mode (unless over an image, i.e. an
    OCR layer), fully transparent, under 1 pt, outside the page, light text with no dark background,
    and text painted over by a later image."""
    log = page.get_bboxlog()
    images = [(i, tuple(r)) for i, (kind, r) in enumerate(log) if kind == "fill-image"]
    fills = functools.cache(lambda: filled_rects(page))  # slow: read only if light text needs the check
    unrotated = page.rect * page.derotation_matrix if page.rotation else page.rect
    out = []
    for span in page.get_texttrace():
        text = "".join(chr(c[0]) for c in span["chars"])
        if not text.strip():
            continue
        rect = pymupdf.Rect(span["bbox"])
        centre = ((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
        seq = span["seqno"]
        reason = None
        if not rect.intersects(unrotated):  # span boxes are in unrotated space; page.rect is turned by /Rotate
            reason = "outside the page"
        elif span["type"] == 3 and not any(_inside(centre, r) and i < seq for i, r in images):
            reason = "invisible render mode"
        elif span["opacity"] == 0:
            reason = "fully transparent"
        elif span["size"] < 1:
            reason = f"font size {span['size']:.2g} pt"
        elif luminance(span["color"]) > 0.9 and not any(
                _inside(centre, r) and lum < 0.75 and s < seq
                for s, r, lum in fills()) and not any(
                _inside(centre, r) and i < seq for i, r in images):
            reason = "light text on a light background"
        elif any(_inside(centre, r) and i > seq for i, r in images):
            reason = "covered by an image"
        if reason:
            out.append(HiddenSpan(reason, text, tuple(rect), tuple(span["chars"]), span["size"]))
    return out



def _words_under(words: list[tuple], rects: tuple[tuple[float, float, float, float], ...]) -> list[str]:
    found = []
    lo_y, hi_y = min(r[1] for r in rects), max(r[3] for r in rects)
    for x0, y0, x1, y1, word, *_ in words:
        if not lo_y <= (y0 + y1) / 2 <= hi_y:
            continue
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
            found.append(word)
    return found


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
    joined = re.sub(r"\)\s*-?\d*\.?\d*\s*\(", "", raw)
    hex_joined = "".join(strings)  # strings split across Tj operators
    return normalise("\n".join([raw, joined, *strings, hex_joined]))


def _inside(point: tuple[float, float], rect: tuple[float, float, float, float]) -> bool:
    """Point in rectangle, on plain tuples: pymupdf.Rect.contains is slow in the per-glyph loops here."""
    return rect[0] <= point[0] <= rect[2] and rect[1] <= point[1] <= rect[3]


def filled_rects(page: pymupdf.Page) -> list[tuple[int, pymupdf.Rect, float]]:
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


def _dark_fills(page: pymupdf.Page) -> list[tuple[int, tuple[float, float, float, float]]]:
    return [(seq, r) for seq, r, lum in filled_rects(page) if lum < 0.1]


def covered_text(page: pymupdf.Page) -> list[str]:
    """Text whose glyphs sit under a black filled rectangle: "covered, not removed" (what x-ray finds).

    Text drawn after the rectangle in a light colour is visible on it (our white exemption labels) and
    does not count; dark text on it, or any text the rectangle was painted over, does.
    """
    fills = _dark_fills(page)
    if not fills:
        return []
    found = []
    for span in page.get_texttrace():
        light = luminance(span["color"]) > 0.5 and span["type"] != 3 and span["opacity"] > 0
        # only the fills this span overlaps, and that matter for it (checked per character below)
        sx0, sy0, sx1, sy1 = span["bbox"]
        near = [r for seq, r in fills if (seq > span["seqno"] or not light)
                and r[0] <= sx1 and sx0 <= r[2] and r[1] <= sy1 and sy0 <= r[3]]
        if not near:
            continue
        chars = []
        for c in span["chars"]:
            box = c[3]
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            if any(_inside(centre, r) for r in near):
                chars.append(chr(c[0]))
        if "".join(chars).strip():
            found.append("".join(chars).strip())
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
    with pymupdf.open(path) as doc:
        _layers_on(doc)
        page_texts = {p.number: normalise(extract_page(p).text) for p in doc}
        all_text = Haystack(" ".join(page_texts.values()))
        labels = {w.label for w in withheld} | {part for w in withheld for part in w.label.split("; ")}
        words: dict[int, list[tuple]] = {}
        for w in withheld:
            if 0 <= w.page < doc.page_count and w.rects:
                if w.page not in words:
                    words[w.page] = doc[w.page].get_text("words", flags=0)
                under = [t for t in _words_under(words[w.page], w.rects) if t not in labels and t.strip(";")
                         not in labels]
                if under:
                    result.leaks.append(Leak("under-box", w.id, w.page + 1, f"text under box: {' '.join(under)!r}"))
            needle = normalise(w.text)
            n = all_text.count(needle)
            if n > w.allowed_elsewhere:
                result.leaks.append(Leak("page-text", w.id, w.page + 1 if w.page >= 0 else None,
                                         f"{w.text!r} found {n} times, {w.allowed_elsewhere} expected"))
        channels: dict[str, list[tuple[ChannelText, Haystack]]] = {}
        for text in extract_channels(doc):
            channels.setdefault(text.channel, []).append((text, Haystack(normalise(text.text))))
        haystacks = {
            "streams": Haystack(_decoded_streams(doc)),
            "metadata": Haystack(normalise(" ".join(v for v in (doc.metadata or {}).values() if v))),
            "xmp": Haystack(normalise(doc.get_xml_metadata() or "")),
        }
        for w in withheld:
            if w.allowed_elsewhere:
                continue  # the same text is legitimately on the page elsewhere, so also in the streams
            needle = normalise(w.text)
            for channel, haystack in haystacks.items():
                if haystack.count(needle):
                    result.leaks.append(Leak(channel, w.id, None, f"{w.text!r} found in {channel}"))
            for channel, texts in channels.items():
                for t, haystack in texts:
                    if haystack.count(needle):
                        result.leaks.append(Leak(channel, w.id, t.page + 1 if t.page is not None else None,
                                                 f"{w.text!r} found in {t.location}"))
        for page in doc:
            for text in covered_text(page):
                result.leaks.append(Leak("covered-text", "-", page.number + 1,
                                         f"text under a black rectangle, not removed: {text!r}"))
            for span in hidden_spans(page):
                result.leaks.append(Leak("invisible-text", "-", page.number + 1,
                                         f"{span.reason}: {span.text!r}"))
        for name in doc.embfile_names():
            result.leaks.append(Leak("attachment", "-", None, f"embedded file {name!r} present"))
    return result


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
