"""Strip the channels that apply_redactions does not touch (pdf-redaction-pitfalls.md, "The naive path").

Document metadata and XMP, outlines, annotations and form widgets, links, named destinations, page
labels, embedded files, JavaScript and actions, the structure tree, marked-content ActualText,
thumbnails, hidden layers, invisible or clipped text and unused objects can each carry the text we
removed from the page. Before anything is removed, `scan_channels` runs the same recognizers over the text of every one
of these channels, so the report lists what was found where (each entry with its channel and exemption).

Every step is on by default for a release; `HardenOptions` switches steps off or keeps a little more
(metadata keys, the look of non-sensitive annotations). Steps are documented in the README.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

import pymupdf

from redactor.channels import extract_channels
from redactor.config.hardening import RELEASE, HardenOptions
from redactor.config.profiles import Profile
from redactor.decide import propagate_names
from redactor.model import ChannelRedaction, Decision, Finding, HiddenSpan
from redactor.page import REMOVE_BAND, ChannelText, PageText
from redactor.pdf.content_stream import before_text_removal
from redactor.pdf.strings import read_pdf_string
from redactor.pdf.visibility import COVERED_REASON, covered_spans, dark_shapes, filled_rects, hidden_spans

# Catalog entries that hold text or behaviour a release does not need: actions and JavaScript, name
# trees (embedded files, destinations, JavaScript), outlines, page labels, the structure tree, forms,
# article threads, web-capture info, portfolio layout, private application data, XMP.
CATALOG_KEYS = ("OpenAction", "AA", "Names", "Dests", "Outlines", "PageLabels", "StructTreeRoot", "AcroForm",
                "Threads", "SpiderInfo", "Collection", "PieceInfo", "Metadata", "URI", "Legal", "Perms")
PAGE_KEYS = ("AA", "Thumb", "PieceInfo", "Metadata", "B", "StructParents", "Tabs")
# Marked-content and structure-element text keys: alternate descriptions that travel with the content.
_MC_TEXT = re.compile(rb"/(?:ActualText|Alt|E)\s*(?=\(|<(?!<))")


@dataclass(slots=True)
class ChannelScan:
    """The text of every non-page channel and what the recognizers found in it."""

    texts: list[ChannelText]
    findings: list[Finding]  # Finding.page is an index into `texts`

    def redactions(self, decisions: list[Decision], profile: Profile,
                   allow: frozenset[str] = frozenset()) -> list[ChannelRedaction]:
        """One entry per (channel text, sensitive string): recognizer findings, plus every page
        decision's text and name variants found again in a channel (a name redacted on the page must not
        survive in the Author field)."""
        allowed = {a.casefold() for a in allow}
        pseudo = [PageText(number=i, text=_clean(t.text)) for i, t in enumerate(self.texts)]
        found = list(self.findings)
        persons = [Finding(d.page, d.start, d.end, d.entity_type, d.score, d.recognizer, d.text)
                   for d in decisions if d.entity_type == "PERSON"]
        found += propagate_names(pseudo, persons)
        folded = [page.text.casefold() for page in pseudo]
        for d in decisions:
            needle = _clean(d.text)
            pattern = None
            for page, text in zip(pseudo, folded, strict=True):
                if needle.casefold() not in text:  # cheap test first: most channels hold none of it
                    continue
                pattern = pattern or re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)", re.IGNORECASE)
                for m in pattern.finditer(page.text):
                    found.append(Finding(page.number, m.start(), m.end(), d.entity_type, d.score,
                                         f"{d.recognizer} ({d.id})", m.group()))
        out: list[ChannelRedaction] = []
        seen: set[tuple[int, str]] = set()
        for f in sorted(found, key=lambda f: (f.page, f.start, -f.score)):
            exemptions = profile.exemptions_for(f.entity_type)
            key = (f.page, f.text.casefold())
            if not exemptions or f.text.strip().casefold() in allowed or key in seen:
                continue
            seen.add(key)
            source = self.texts[f.page]
            out.append(ChannelRedaction(f"c-{len(out) + 1:04d}", source.channel, source.location, source.page,
                                        f.text, f.entity_type, tuple(exemptions), f.score, f.recognizer))
        return out


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


class Detects(Protocol):
    """What scan_channels needs of a detector (detect.Detector): the findings in some pages' text. Named
    here so that hardening does not import detection, and with it spaCy and Presidio."""

    def detect(self, pages: list[PageText]) -> list[Finding]: ...


def scan_channels(doc: pymupdf.Document, detector: Detects) -> ChannelScan:
    texts = [t for t in extract_channels(doc) if t.text.strip()]
    pseudo = [PageText(number=i, text=_clean(t.text)) for i, t in enumerate(texts)]
    return ChannelScan(texts, detector.detect(pseudo) if pseudo else [])


REMOVE_INSET = 0.15  # of a glyph's width, at each end of a removal band: its neighbours are not touched
Rect4 = tuple[float, float, float, float]


def _font_box(char: tuple, size: float, ascender: float, descender: float, horizontal: bool,
              reach: float = 1.0) -> Rect4:
    """Where MuPDF looks for a glyph when removing it: from its font's descender to its ascender over its
    advance, less 10% at every side (pdf-clean.c, pdf_redact_text_filter). `reach` > 1 stretches the box up
    from the baseline, for a glyph whose real height is unknown (horizontal scaling: the text trace
    reports the size times Tz, so a glyph squeezed to 10% width reports a tenth of its height)."""
    x0, y0, x1, y1 = char[3]
    if not horizontal:
        dx, dy = (x1 - x0) / 10, (y1 - y0) / 10
        return (x0 + dx, y0 + dy, x1 - dx, y1 - dy)
    base = char[2][1]
    asc, desc = max(ascender, descender), min(ascender, descender)
    top, bottom = base - asc * size * reach, base - desc * size
    dx, dy = (x1 - x0) / 10, (bottom - top) / 10
    return (x0 + dx, top + dy, max(x1 - dx, x0 + dx), max(bottom - dy, top + dy))


def _band_height(span: HiddenSpan, base: float) -> tuple[float, float]:
    """The top and bottom of a removal band for a horizontal span whose baseline is at `base`: the thin
    strip of page.REMOVE_BAND, which touches nothing of the neighbouring lines, cut to the glyphs' font
    box (_font_box); a font whose ascender and descender leave it no common part (a Type3 font with an
    empty FontBBox, a font claiming no height) gets a strip through the middle of its own box instead."""
    size = span.size
    top, bottom = base - REMOVE_BAND[0] * size, base - REMOVE_BAND[1] * size
    _x0, font_top, _x1, font_bottom = _font_box((0, 0, (0.0, base), (0.0, 0.0, 1.0, 0.0)), size, span.ascender,
                                                span.descender, True)
    top, bottom = max(top, font_top), min(bottom, font_bottom)
    if bottom - top < 0.01:
        middle = (font_top + font_bottom) / 2
        top, bottom = middle - 0.005, middle + 0.005
    return top, bottom


def removal_rects(span: HiddenSpan) -> list[Rect4]:
    """Redaction rectangles for this span's glyphs: for horizontal text one band along each baseline, from
    the first glyph to the last, inset at both ends; otherwise each glyph's box less a fifth at every side."""
    out: list[Rect4] = []
    if not span.horizontal:
        for _u, _g, _origin, (x0, y0, x1, y1) in span.chars:
            dx, dy = (x1 - x0) / 5, (y1 - y0) / 5
            out.append((x0 + dx, y0 + dy, max(x1 - dx, x0 + dx + 0.01), max(y1 - dy, y0 + dy + 0.01)))
        return out
    for _u, _g, origin, (x0, _y0, x1, _y1) in span.chars:
        inset = (x1 - x0) * REMOVE_INSET
        top, bottom = _band_height(span, origin[1])
        left, right = x0 + inset, max(x1 - inset, x0 + inset + 0.01)
        last = out[-1] if out else None
        if last is not None and last[1] == top and last[3] == bottom and left - last[2] <= 2 * inset + 0.01:
            out[-1] = (last[0], top, max(last[2], right), bottom)  # the next glyph of the line: one rectangle
        else:
            out.append((left, top, right, bottom))
    return out


def _meets(a: Rect4, b: Rect4) -> bool:
    """MuPDF's test: the intersection is a valid rectangle (touching counts)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _char_key(char: tuple) -> tuple:
    return (char[0], round(char[2][0], 2), round(char[2][1], 2))


def _free_point(box: Rect4, others: list[Rect4]) -> Rect4 | None:
    """A tiny rectangle inside `box` that meets none of `others`, from the top of the box down (a
    glyph's top is the part furthest from the lines below it), or None."""
    x0, y0, x1, y1 = box
    for j in range(7):
        y = y0 + (y1 - y0) * (j + 0.5) / 7
        for i in (2, 1, 3, 0, 4):
            x = x0 + (x1 - x0) * (i + 0.5) / 5
            point = (x - 0.005, y - 0.005, x + 0.005, y + 0.005)
            if not any(_meets(point, o) for o in others):
                return point
    return None


def precise_rects(spans: list[HiddenSpan], trace: list[dict], reach: float = 1.0) -> list[Rect4]:
    """Redaction rectangles that remove these spans' glyphs and no other glyph of the page (`trace`): the
    bands of removal_rects where they meet no other glyph's font box; otherwise, glyph by glyph, a point
    of its font box clear of every other (a huge OCR glyph under a box, over our label). Where there is
    none, the band is used anyway: verification then decides."""
    targets = {_char_key(c) for s in spans for c in s.chars}
    others = _Boxes([_font_box(c, t["size"], t.get("ascender", 0.8), t.get("descender", -0.2),
                               tuple(t.get("dir", (1.0, 0.0))) == (1.0, 0.0) and t.get("wmode", 0) == 0)
                     for t in trace for c in t["chars"] if _char_key(c) not in targets and chr(c[0]).strip()])
    out: list[Rect4] = []
    for span in spans:
        bands = removal_rects(span) if reach == 1.0 else []
        if bands and not any(others.meeting(b) for b in bands):
            out += bands
            continue
        for c in span.chars:
            box = _font_box(c, span.size, span.ascender, span.descender, span.horizontal, reach)
            point = _free_point(box, others.meeting(box))
            out.append(point if point is not None else box)
    return out


class _Boxes:
    """Rectangles found by the ones they meet, through 20 pt horizontal strips: a page's glyphs against
    each band and glyph to remove (an invisible OCR layer not over its image can be every span of a page)."""

    STRIP = 20.0
    TALL = 2000.0  # a box taller than this (a broken font's) is looked at every time

    def __init__(self, boxes: list[Rect4]) -> None:
        self.strips: dict[int, list[Rect4]] = defaultdict(list)
        self.tall: list[Rect4] = []
        for box in boxes:
            if not (math.isfinite(box[1]) and math.isfinite(box[3]) and box[3] - box[1] < self.TALL):
                self.tall.append(box)
                continue
            for k in range(int(box[1] // self.STRIP), int(box[3] // self.STRIP) + 1):
                self.strips[k].append(box)

    def meeting(self, rect: Rect4) -> list[Rect4]:
        found = {id(box): box for box in self.tall if _meets(rect, box)}
        if not (math.isfinite(rect[1]) and math.isfinite(rect[3]) and rect[3] - rect[1] < self.TALL):
            candidates = (b for strip in self.strips.values() for b in strip)
        else:
            candidates = (b for k in range(int(rect[1] // self.STRIP), int(rect[3] // self.STRIP) + 1)
                          for b in self.strips.get(k, ()))
        for box in candidates:
            if _meets(rect, box):
                found[id(box)] = box
        return list(found.values())


def _apply(page: pymupdf.Page, rects: list[Rect4]) -> None:
    merged: list[Rect4] = []
    for rect in rects:
        last = merged[-1] if merged else None
        if last is not None and last[1::2] == rect[1::2] and last[0] <= rect[0] <= last[2]:
            merged[-1] = (last[0], last[1], max(last[2], rect[2]), last[3])  # adding one is O(annots)
        else:
            merged.append(rect)
    for rect in merged:
        page.add_redact_annot(pymupdf.Rect(rect), fill=False)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
                          text=pymupdf.PDF_REDACT_TEXT_REMOVE)


def _remove_hidden_text(page: pymupdf.Page, invisible: bool = True) -> list[HiddenSpan]:
    """Remove text a reader cannot see: invisible text (hidden_spans, if `invisible`) and text under a dark
    shape (covered_spans: a box drawn over it before, dark text on a dark box). Returns what was removed.

    A glyph still there after a pass (its real height unknown: see _font_box) is tried again with its box
    reaching 4 and then 16 times as high above the baseline, never over another glyph."""
    trace, drawings = page.get_texttrace(), page.get_drawings()
    # quick: a page whose content cannot clip is not searched for clipped text (verification still is)
    spans = hidden_spans(page, trace, filled_rects(page, drawings), quick=True) if invisible else []
    spans += covered_spans(page, trace, dark_shapes(drawings))
    if not spans:
        return spans
    before_text_removal(page)
    left, reach = spans, 1.0
    while left and reach <= 16:
        _apply(page, precise_rects(left, trace, reach))
        trace = page.get_texttrace()
        present = {_char_key(c) for t in trace for c in t["chars"]}
        left = [s for s in left if any(_char_key(c) in present for c in s.chars)]
        reach *= 4
    return spans


def _strip_marked_content_text(doc: pymupdf.Document) -> int:
    """Remove /ActualText, /Alt and /E strings from marked-content property lists in content streams.

    apply_redactions removes glyphs but leaves a `/Span <</ActualText (Priya)>> BDC` around them.
    One pass over the objects: each stream is cleaned, then the object's own keys.
    """
    changed = 0
    for xref in range(1, doc.xref_length()):
        obj = None
        if doc.xref_is_stream(xref):
            obj = doc.xref_object(xref, compressed=False)
            changed += _strip_stream(doc, xref, obj)
        changed += _null_text_keys(doc, xref, obj)
    return changed


def _strip_stream(doc: pymupdf.Document, xref: int, obj: str) -> int:
    """Cut the marked-content text strings out of one stream (not images or font programs)."""
    if re.search(r"/Subtype\s*/Image|/Length[123]\b", obj):
        return 0
    try:
        data = doc.xref_stream(xref) or b""
    except Exception:
        return 0
    if b"BDC" not in data or not _MC_TEXT.search(data):
        return 0
    parts, i = [], 0
    for m in _MC_TEXT.finditer(data):
        if m.start() < i:
            continue
        parts.append(data[i:m.start()])
        _text, i = read_pdf_string(data, m.end())
    parts.append(data[i:])
    doc.update_stream(xref, b"".join(parts))
    return 1


def _null_text_keys(doc: pymupdf.Document, xref: int, obj: str | None) -> int:
    """The same keys in property-list objects (/Properties <</MC0 12 0 R>>) and any other dictionary."""
    if obj is None:
        try:
            obj = doc.xref_object(xref, compressed=False)
        except Exception:
            obj = None  # xref_get_keys below decides, as it always did
    # Reading an object's keys costs five times as much as printing it, and almost no object has any of
    # these: if none of the names appears anywhere in the object, none is one of its keys.
    if obj is not None and "/ActualText" not in obj and "/Alt" not in obj and "/MCID" not in obj:
        return 0
    try:
        keys = doc.xref_get_keys(xref)
    except Exception:
        return 0
    changed = 0
    for key in ("ActualText", "Alt") + (("E",) if "MCID" in keys or "ActualText" in keys else ()):
        if key in keys:
            doc.xref_set_key(xref, key, "null")
            changed += 1
    return changed


def _sensitive_annots(redactions: list[ChannelRedaction]) -> set[int]:
    return {r.page for r in redactions if r.channel in ("annotation", "form") and r.page is not None}


@dataclass(slots=True)
class HardenResult:
    steps: list[str] = field(default_factory=list)


def harden(doc: pymupdf.Document, options: HardenOptions = RELEASE,
           redactions: list[ChannelRedaction] | None = None) -> HardenResult:
    """Run the hardening steps on a redacted document (before `save`)."""
    result = HardenResult()
    steps = result.steps
    redactions = redactions or []
    original_metadata = dict(doc.metadata or {})
    if doc.get_toc():
        doc.set_toc([])
        steps.append("outline removed")
    dirty_pages = _sensitive_annots(redactions)
    for page in doc:
        annots, widgets = list(page.annots()), list(page.widgets())
        flatten = options.annotations == "flatten" and page.number not in dirty_pages
        if flatten and (annots or widgets):
            continue  # baked below, all pages at once
        for annot in annots:
            page.delete_annot(annot)
        for widget in widgets:
            page.delete_widget(widget)
        if annots or widgets:
            steps.append(f"page {page.number + 1}: {len(annots)} annotations, {len(widgets)} form fields removed")
    if options.annotations == "flatten":
        doc.bake(annots=True, widgets=True)  # pages with sensitive annotations were emptied above
        steps.append("remaining annotations and form fields flattened into the page")
    for page in doc:  # text under a dark shape is removed whatever the options: it is a leak otherwise
        spans = _remove_hidden_text(page, options.remove_invisible_text)
        hidden = [s for s in spans if s.reason != COVERED_REASON]
        if hidden:
            reasons = sorted({s.reason for s in hidden})
            steps.append(f"page {page.number + 1}: {len(hidden)} invisible text span(s) removed ({', '.join(reasons)})")
        if covered := [s.text for s in spans if s.reason == COVERED_REASON]:
            # the report is the officer's: it names what the document's author had hidden, as it names
            # everything withheld; the requester sees a box that was already there
            shown = ", ".join(repr(t[:40]) for t in covered[:5]) + (f" and {len(covered) - 5} more" if len(covered) > 5 else "")
            steps.append(f"page {page.number + 1}: {len(covered)} passage(s) of text {COVERED_REASON} "
                         f"(hidden in the original, covered but not removed) removed: {shown}")
    if options.remove_structure and _strip_marked_content_text(doc):
        steps.append("marked-content ActualText/Alt/E removed")
    catalog = doc.pdf_catalog()
    removed = []
    for key in CATALOG_KEYS:
        if not options.remove_javascript and key in ("OpenAction", "AA"):
            continue
        if not options.remove_structure and key in ("StructTreeRoot", "PageLabels", "Dests"):
            continue
        if doc.xref_get_key(catalog, key)[0] != "null":
            doc.xref_set_key(catalog, key, "null")
            removed.append(key)
    if options.remove_structure and doc.xref_get_key(catalog, "MarkInfo")[0] != "null":
        doc.xref_set_key(catalog, "MarkInfo", "null")
    for page in doc:
        for key in PAGE_KEYS:
            if doc.xref_get_key(page.xref, key)[0] != "null":
                doc.xref_set_key(page.xref, key, "null")
                removed.append(f"page {page.number + 1} {key}")
    if removed:
        steps.append(f"catalog and page entries removed: {', '.join(removed)}")
    # scrub: embedded and attached files, JavaScript, links, thumbnails, form values, metadata.
    # hidden_text=False: invisible text was analysed like visible text and redacted where needed, and the
    # rest removed above except OCR layers over images, which keep the page searchable.
    doc.scrub(
        attached_files=options.remove_attachments, clean_pages=True, embedded_files=options.remove_attachments,
        hidden_text=False, javascript=options.remove_javascript, metadata=True, redactions=True,
        remove_links=options.remove_links, reset_fields=True, reset_responses=True,
        thumbnails=options.remove_thumbnails, xml_metadata=True,
    )
    for name in doc.embfile_names() if options.remove_attachments else ():
        doc.embfile_del(name)
    kept = _kept_metadata(original_metadata, options, redactions)
    doc.set_metadata(kept)
    doc.del_xml_metadata()
    steps.append("metadata and XMP cleared" + (f" (kept: {', '.join(sorted(kept))})" if kept else ""))
    steps.append("embedded files, JavaScript, links and thumbnails removed")
    if options.subset_fonts:
        try:
            doc.subset_fonts()
            steps.append("fonts subset")
        except Exception as exc:  # MuPDF cannot subset some font types; the output is still valid
            steps.append(f"fonts not subset: {exc}")
    return result


def _kept_metadata(original: dict[str, str], options: HardenOptions,
                   redactions: list[ChannelRedaction]) -> dict[str, str]:
    """The Info keys the options keep, minus any in which something sensitive was found."""
    dirty = {r.location.split(" ", 1)[1].lower() for r in redactions if r.channel == "metadata"}
    return {key: value for key, value in original.items()
            if key in options.keep_metadata and key.lower() not in dirty and value}


