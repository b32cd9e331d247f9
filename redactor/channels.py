"""Text channels other than the page content (issue 5).

apply_redactions only touches page content. Everything here is text a requester can read without
looking at the page: document Info and XMP, annotations, form fields, outlines, link targets, named
destinations, page labels, JavaScript, marked-content ActualText/Alt, the structure tree, embedded
files, text placed off the page and text drawn outside its clipping path. Detection runs on each of
these exactly as on page text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pymupdf

from redactor.extract import extract_page
from redactor.page import ChannelText
from redactor.pdf.strings import decode_pdf_bytes, keyed_strings
from redactor.pdf.visibility import clipped_spans, intersects, unrotated_rect

MAX_ATTACHMENT_DEPTH = 3


def _xmp_text(xmp: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", xmp)).strip()


def _page_channels(doc: pymupdf.Document, page: pymupdf.Page, traced: bool = True) -> Iterator[ChannelText]:
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
    if not traced:
        return
    # text placed outside the page: not visible, but extractable (and not in extract_page's text)
    # texttrace boxes are in unrotated coordinates: compare with the unrotated page rectangle
    visible = tuple(unrotated_rect(page))
    trace = page.get_texttrace()
    offpage = [s for s in trace if not intersects(s["bbox"], visible)]  # as hidden_spans judges it
    for span in offpage:
        text = "".join(chr(c[0]) for c in span["chars"])
        if text.strip():
            yield ChannelText("offpage", f"{where} text outside the page at {tuple(round(v) for v in span['bbox'])}",
                              text, n)
    # text drawn outside its clipping path: not visible, but every parser that ignores clips reads it
    for span in clipped_spans(page, trace, quick=True):  # (verification checks every page in full)
        if intersects(span.bbox, visible):  # (text off the page is listed above)
            yield ChannelText("clipped", f"{where} text outside its clipping path at "
                              f"{tuple(round(v) for v in span.bbox)}", span.text, n)


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


def extract_channels(doc: pymupdf.Document, depth: int = 1, *, traced: bool = True) -> list[ChannelText]:
    """All text a requester can read outside the page content streams (see the section comment).

    `traced=False` leaves out the two channels read from each page's text trace (text off the page, text
    outside its clip): verification reports every such span as a leak of its own (hidden_spans), and
    reading the trace and the clipped text again cost it two of its slowest calls a page."""
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
        out += _page_channels(doc, page, traced)
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
                out.append(ChannelText("javascript", f"object {xref} JavaScript", decode_pdf_bytes(source)))
    return out
