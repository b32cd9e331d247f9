"""Verification: re-open the written file and prove that nothing withheld survives.

Checks, per withheld passage (page redactions and channel removals alike): no text remains under its box;
its normalised text (NFKC, ligatures, case, whitespace, line-break hyphenation) occurs in the output's page
text, with every layer switched on, no more often than it did unredacted in the input; and it is not in
any decompressed object or stream (literal and hex strings decoded, TJ arrays joined), the metadata, the
XMP, or any other text channel of channels.extract_channels (annotations, form fields, outlines, links,
destinations, page labels, JavaScript, marked content, structure tree, embedded files recursively, text
off the page). The raw stream search is what `qpdf --qdf` plus `strings` would show a requester.

Independent of the report, every page is checked for text under a black filled rectangle ("covered, not
removed") and for text that is extractable but invisible (pdf.visibility.hidden_spans: invisible render mode,
transparent, tiny, off the page, light on light, under an image, or drawn outside its clipping path), and the file for
embedded files. Any finding is a leak: the CLI exits VERIFICATION_FAILED (7) and lists each one.
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_left, bisect_right
from pathlib import Path

import pymupdf

from redactor.channels import extract_channels
from redactor.extract import extract_page
from redactor.model import Leak, VerifyResult, Withheld
from redactor.page import ChannelText
from redactor.pdf.strings import pdf_strings
from redactor.pdf.visibility import Rect4, covered_spans, dark_shapes, filled_rects, hidden_spans, layers_on
from redactor.text.normalise import Haystack, normalise, normalise_pieces, split_lines

_BINARY_STREAM = re.compile(r"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b")


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
# Numbers standing as tokens of the syntax (operands, array elements, object numbers: a font's /W widths, a
# TJ array's spacing, "12 0 obj") are not text either; a withheld "3518" (an extension) matched an embedded
# font's glyph widths and refused the release. A number a requester can read is in a string, decoded into
# the search separately (pdf_strings), as are hex strings, whose raw digits are codes (a CMap's <0DBE>).
_NUMBER_TOKEN = re.compile(r"(?<![^\s\[\]()])[+-]?(?:\d+\.?\d*|\.\d+)(?![^\s\[\]()])")
_HEX_STRING = re.compile(r"(?<!<)<[0-9A-Fa-f\s]*>(?!>)")
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
    """Raw object or stream text with the words of the PDF language taken out (section comment), and its
    numbers and hex strings."""
    text = _FONT_NAME.sub(_font_family, text)
    text = _NAME_TOKEN.sub(_name_text, text)
    text = _HEX_STRING.sub(" ", text)
    text = _NUMBER_TOKEN.sub(" ", text)
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
    return normalise_pieces(itertools.chain(split_lines(raw), split_lines(joined), strings, split_lines(hex_joined)))


def short(needle: str) -> bool:
    """Fewer than four letters or digits (initials, "TD"): such a needle is searched for in text only (the
    page text and the text channels), never in raw bytes, where it matches glyph codes and syntax by chance."""
    return sum(ch.isalnum() for ch in needle) < 4


def verify_document(path: Path, withheld: list[Withheld]) -> VerifyResult:
    """Every check of the module docstring. Report-independent checks use redaction id "-"."""
    # normalised once per distinct text: the same name is often withheld many times
    needles = {text: normalise(text) for text in dict.fromkeys(w.text for w in withheld)}
    with pymupdf.open(path) as doc:
        layers_on(doc)
        leaks = _page_leaks(doc, withheld, needles)
        leaks += _channel_leaks(doc, withheld, needles)
        leaks += _report_independent_leaks(doc)
    return VerifyResult(leaks, allowed_elsewhere={w.id: w.allowed_elsewhere for w in withheld if w.allowed_elsewhere})


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
    # text off the page or outside its clip: _report_independent_leaks reports all of it (hidden_spans)
    for text in extract_channels(doc, traced=False):
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
