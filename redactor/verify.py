"""Verification: re-open the written file and prove that nothing withheld survives.

Checks, per withheld passage: no text remains under its box; its normalised text occurs in the output's
page text no more often than it did unredacted in the input; and it is not in any decompressed stream,
the metadata or the XMP. The raw stream search is what `qpdf --qdf` plus `strings` would show a requester.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from redactor.extract import extract_page

_BINARY_STREAM = re.compile(r"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b")
CHANNELS = ("page-text", "under-box", "streams", "metadata", "xmp")


def normalise(text: str) -> str:
    """Compare text as a requester would search it: NFKC, case-folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def count_occurrences(needle: str, haystack: str) -> int:
    """Occurrences of normalised `needle` in normalised `haystack` as a whole word/phrase."""
    if not needle:
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack))


@dataclass(frozen=True, slots=True)
class Withheld:
    """What verification needs to know about one redaction."""

    id: str
    page: int  # 0-based
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

    @property
    def ok(self) -> bool:
        return not self.leaks


def _words_under(page: pymupdf.Page, rects: tuple[tuple[float, float, float, float], ...]) -> list[str]:
    found = []
    for x0, y0, x1, y1, word, *_ in page.get_text("words", flags=0):
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
            found.append(word)
    return found


def _decoded_streams(doc: pymupdf.Document) -> str:
    parts = []
    for xref in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(xref, compressed=False)
            parts.append(obj)
            # image samples and font programs are binary: a short name could match by chance
            if doc.xref_is_stream(xref) and not _BINARY_STREAM.search(obj):
                parts.append((doc.xref_stream(xref) or b"").decode("latin-1"))
        except (RuntimeError, ValueError):
            continue
    raw = "\n".join(parts)
    # hex strings <...> in content streams and objects, decoded
    hexes = [bytes.fromhex(h).decode("latin-1", "replace") for h in re.findall(r"<([0-9A-Fa-f\s]{8,})>", raw)
             if len(re.sub(r"\s", "", h)) % 2 == 0]
    # literal strings with escapes removed, then TJ arrays joined so (Pri) -20 (ya) reads "Priya"
    joined = re.sub(r"\)\s*-?\d*\.?\d*\s*\(", "", raw)
    return normalise("\n".join([raw, joined, *hexes]))


def verify_document(path: Path, withheld: list[Withheld]) -> VerifyResult:
    result = VerifyResult()
    with pymupdf.open(path) as doc:
        page_texts = {p.number: normalise(extract_page(p).text) for p in doc}
        all_text = " ".join(page_texts.values())
        labels = {w.label for w in withheld} | {part for w in withheld for part in w.label.split("; ")}
        for w in withheld:
            if w.page < doc.page_count:
                under = [t for t in _words_under(doc[w.page], w.rects) if t not in labels and t.strip(";")
                         not in labels]
                if under:
                    result.leaks.append(Leak("under-box", w.id, w.page + 1, f"text under box: {' '.join(under)!r}"))
            needle = normalise(w.text)
            n = count_occurrences(needle, all_text)
            if n > w.allowed_elsewhere:
                result.leaks.append(Leak("page-text", w.id, w.page + 1,
                                         f"{w.text!r} found {n} times, {w.allowed_elsewhere} expected"))
        streams = _decoded_streams(doc)
        meta = normalise(" ".join(v for v in (doc.metadata or {}).values() if v))
        xmp = normalise(doc.get_xml_metadata() or "")
        for w in withheld:
            if w.allowed_elsewhere:
                continue  # the same text is legitimately on the page elsewhere, so also in the streams
            needle = normalise(w.text)
            for channel, haystack in (("streams", streams), ("metadata", meta), ("xmp", xmp)):
                if count_occurrences(needle, haystack):
                    result.leaks.append(Leak(channel, w.id, None, f"{w.text!r} found in {channel}"))
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
    ]
    return verify_document(released, withheld)
