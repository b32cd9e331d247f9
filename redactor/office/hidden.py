"""Hidden Office content made visible before conversion, and document properties read.

The parts of an OOXML package are edited with lxml, never re-saved by python-docx or openpyxl: openpyxl drops
the charts, images and shapes it does not read when it saves a workbook, and only the attributes that hide
content need to change; every other part is copied byte for byte. Presentations are read with python-pptx
(it keeps what it does not read when it saves), which resolves the slide -> notes order.

What LibreOffice would not print is either unhidden in place (hidden text, sheets, rows, columns, slides;
print areas that leave part of a sheet out; ';;;' number formats; cells cut short, see sheets.py) or
returned as text to be added on pages after the document (comments, speaker notes, text placed off a
slide). Tracked deletions are returned too: LibreOffice prints them with change marks, and the caller
checks that it did. Embedded files and macros are only reported. The people named in the package's
metadata (comment and change authors) are returned for the report with the document properties.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import PurePosixPath

from lxml import etree

from redactor.office import sheets as sheets_layout
from redactor.office.common import OLE_MAGIC, ZIP_FORMATS, Hidden, Surfaced

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
ODF_META_NAME = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}name"


def member(z: zipfile.ZipFile, name: str) -> bytes:
    try:
        return z.read(name)
    except KeyError:
        return b""


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _xml(data: bytes):
    return etree.fromstring(data, _PARSER)


def _to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rewrite(data: bytes, edited: dict[str, bytes]) -> bytes:
    """The package with the `edited` parts replaced, every other entry copied as it was, in its order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, edited.get(info.filename, src.read(info)), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _local(el) -> str:
    return etree.QName(el).localname


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter() if isinstance(t.tag, str) and _local(t) == "t")


def _embedded(z: zipfile.ZipFile, out: Surfaced, folder: str) -> None:
    """Files embedded in the document (a workbook in a letter...): only the picture of them on the page is
    converted; what else they hold is not released, and is reported for review."""
    count = sum(1 for n in z.namelist() if n.startswith(folder) and not n.endswith("/"))
    if count:
        out.hidden.append(Hidden("embedded files", folder.rstrip("/"), count,
                                 "only their picture on the page is converted: open them to review the rest"))


_OLE_VBA = "_VBA_PROJECT".encode("utf-16-le")  # the stream name in a legacy file's directory


def has_macros(data: bytes) -> bool:
    """Whether the file carries macros: a VBA project (OOXML vbaProject.bin, or a legacy file's
    _VBA_PROJECT stream) or OpenDocument Basic/script libraries."""
    if data.startswith(OLE_MAGIC):
        return _OLE_VBA in data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lower().endswith("vbaproject.bin") or n.startswith(("Basic/", "Scripts/"))
                       for n in z.namelist())
    except zipfile.BadZipFile:
        return False


# --- document properties ---------------------------------------------------------------------------------------

_CORE = {"creator": "author", "lastModifiedBy": "last modified by", "title": "title", "subject": "subject",
         "keywords": "keywords", "description": "description", "category": "category",
         "contentStatus": "status", "created": "created", "modified": "modified", "lastPrinted": "last printed"}
_APP = {"Company": "company", "Manager": "manager", "Template": "template", "Application": "application"}
_ODF_META = {"initial-creator": "author", "creator": "last modified by", "title": "title", "subject": "subject",
             "description": "description", "keyword": "keywords", "printed-by": "last printed by",
             "creation-date": "created", "date": "modified"}


def properties(data: bytes, fmt: str) -> dict[str, str]:
    """Document properties (OOXML docProps/core.xml, app.xml, custom.xml; ODF meta.xml) that hold a value."""
    if fmt not in ZIP_FORMATS or data.startswith(OLE_MAGIC):
        return {}
    found: dict[str, str] = {}

    def put(label: str, value: str | None) -> None:
        value = " ".join((value or "").split())
        if value:
            found[label] = f"{found[label]}; {value}" if label in found and value not in found[label] else value

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: member(z, n) for n in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
                                                  "meta.xml")}
        for name, raw in parts.items():
            if not raw:
                continue
            root = _xml(raw)
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                local = _local(el)
                if name == "docProps/core.xml" and local in _CORE:
                    put(_CORE[local], el.text)
                elif name == "docProps/app.xml" and local in _APP and el.getparent() is root:
                    put(_APP[local], el.text)
                elif name == "docProps/custom.xml" and local == "property":
                    put(f"custom: {el.get('name')}", "".join(el.itertext()))
                elif name == "meta.xml" and local == "user-defined":
                    put(f"custom: {el.get(ODF_META_NAME) or '?'}", el.text)
                elif name == "meta.xml" and local in _ODF_META:
                    put(_ODF_META[local], el.text)
    except (zipfile.BadZipFile, etree.XMLSyntaxError):
        pass  # properties are extra: a damaged part is reported by the conversion, if at all
    return found


# --- .docx -------------------------------------------------------------------------------------------------------

def surface_docx(data: bytes) -> Surfaced:
    out = Surfaced(data, people={"tracked change authors": set(), "comment authors": set()})
    edited: dict[str, bytes] = {}
    vanish = inserted = deleted = 0
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"word/[^/]+\.xml", n)]
        for name in names:
            root = _xml(z.read(name))
            changed = False
            for el in list(root.iter(f"{{{W}}}vanish", f"{{{W}}}specVanish")):  # text formatted as hidden
                el.getparent().remove(el)
                vanish += 1
                changed = True
            for el in root.iter(f"{{{W}}}ins", f"{{{W}}}moveTo"):
                if el.find(f".//{{{W}}}t") is not None:
                    inserted += 1
                    out.people["tracked change authors"].add(el.get(f"{{{W}}}author") or "")
            for el in root.iter(f"{{{W}}}del", f"{{{W}}}moveFrom"):
                text = "".join(t.text or "" for t in el.iter(f"{{{W}}}delText", f"{{{W}}}t"))
                if text.strip():
                    deleted += 1
                    out.deleted.append(text)
                    out.people["tracked change authors"].add(el.get(f"{{{W}}}author") or "")
            if name == "word/settings.xml":
                for el in list(root.iter(f"{{{W}}}revisionView")):  # would print the document without marks
                    el.getparent().remove(el)
                    changed = True
            if name == "word/comments.xml":
                entries = []
                for c in root.iter(f"{{{W}}}comment"):
                    author = c.get(f"{{{W}}}author") or "unknown"
                    out.people["comment authors"].add(author)
                    text = "\n".join(_text(p) for p in c.iter(f"{{{W}}}p"))
                    entries.append((f"Comment {len(entries) + 1} by {author}", text))
                if entries:
                    out.appendix.append(("Comments in the document (not printed on its pages)", entries))
                    out.hidden.append(Hidden("comments", "document", len(entries), "added on pages at the end"))
            if changed:
                edited[name] = _to_bytes(root)
        _embedded(z, out, "word/embeddings/")
    for people in out.people.values():
        people.discard("")
    if vanish:
        out.hidden.append(Hidden("hidden-text formats", "document", vanish, "unhidden and converted"))
    if inserted:
        out.hidden.append(Hidden("tracked insertions", "document", inserted, "shown with change marks"))
    if deleted:
        out.hidden.append(Hidden("tracked deletions", "document", deleted, "shown with change marks"))
    out.data = _rewrite(data, edited) if edited else data
    return out


# --- .xlsx -------------------------------------------------------------------------------------------------------

def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type's last word, target part name)."""
    p = PurePosixPath(part)
    raw = member(z, str(p.parent / "_rels" / f"{p.name}.rels"))
    if not raw:
        return {}
    rels = {}
    for rel in _xml(raw).iter(f"{{{PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(str(p.parent / target))
        rels[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], full)
    return rels


def surface_xlsx(data: bytes) -> Surfaced:
    out = Surfaced(data, people={"comment authors": set()})
    edited: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = _xml(z.read("xl/workbook.xml"))
        rels = _rels(z, "xl/workbook.xml")
        sheets = []  # (name, part)
        book_changed = False
        for sheet in book.iter(f"{{{S}}}sheet"):
            name = sheet.get("name") or "?"
            rel = rels.get(sheet.get(f"{{{R}}}id"))
            if rel:
                sheets.append((name, rel[1]))
            state = sheet.get("state")
            if state in ("hidden", "veryHidden"):
                del sheet.attrib["state"]
                book_changed = True
                out.hidden.append(Hidden("very hidden sheet" if state == "veryHidden" else "hidden sheet",
                                         f"sheet '{name}'", 1, "unhidden and converted"))
        for dn in list(book.iter(f"{{{S}}}definedName")):
            if dn.get("name") == "_xlnm.Print_Area":
                dn.getparent().remove(dn)
                book_changed = True
                out.hidden.append(Hidden("print area (the rest of the sheet would not be printed)",
                                         f"sheet {int(dn.get('localSheetId', '0')) + 1}", 1, "removed"))
        if book_changed:
            edited["xl/workbook.xml"] = _to_bytes(book)
        strings = sheets_layout.shared_strings(_xml(member(z, "xl/sharedStrings.xml") or b"<sst/>"))
        styles_raw = member(z, "xl/styles.xml")
        if styles_raw:
            styles = _xml(styles_raw)
            blank = sheets_layout.reveal_formats(styles)
            if blank:
                out.hidden.append(Hidden("number formats that print nothing (';;;')", "workbook", blank,
                                         "made General: the values are printed"))
            if sheets_layout.wrap_styles(styles) or blank:
                edited["xl/styles.xml"] = _to_bytes(styles)
        for name, part in sheets:
            raw = member(z, part)
            if not raw:
                continue
            root = _xml(raw)
            rows = cols = 0
            for row in root.iter(f"{{{S}}}row"):
                if row.get("hidden") in ("1", "true"):
                    del row.attrib["hidden"]
                    rows += 1
            for col in root.iter(f"{{{S}}}col"):
                if col.get("hidden") in ("1", "true"):
                    del col.attrib["hidden"]
                    cols += int(col.get("max", "1")) - int(col.get("min", "1")) + 1
            widened = sheets_layout.fit_columns(root, strings)
            edited[part] = _to_bytes(root)  # always: rows now fit their text (sheets.py)
            if rows:
                out.hidden.append(Hidden("hidden rows", f"sheet '{name}'", rows, "unhidden and converted"))
            if cols:
                out.hidden.append(Hidden("hidden columns", f"sheet '{name}'", cols, "unhidden and converted"))
            if widened:
                out.hidden.append(Hidden("columns too narrow or too wide to print their text whole",
                                         f"sheet '{name}'", widened, "resized (text wraps) so that no cell is cut short"))
            _cell_comments(z, part, name, out)
        _embedded(z, out, "xl/embeddings/")
    out.data = _rewrite(data, edited) if edited else data
    return out


def _cell_comments(z: zipfile.ZipFile, part: str, name: str, out: Surfaced) -> None:
    """A sheet's cell comments (notes), which LibreOffice does not print, for pages at the end. Excel writes a
    threaded comment twice (a legacy note holds a copy), so threaded comments are read only where a sheet has
    no legacy ones (a file another program wrote)."""
    entries, threaded = [], []
    for kind, target in _rels(z, part).values():
        if kind == "comments" and member(z, target):
            comments = _xml(z.read(target))
            authors = [a.text or "" for a in comments.iter(f"{{{S}}}author")]
            for c in comments.iter(f"{{{S}}}comment"):
                i = int(c.get("authorId", "-1"))
                author = authors[i] if 0 <= i < len(authors) and authors[i] else "unknown"
                out.people["comment authors"].add(author)
                entries.append((f"Sheet '{name}', cell {c.get('ref')}, by {author}", _text(c)))
        elif kind == "threadedComment" and member(z, target):
            persons = {p.get("id"): p.get("displayName") or "unknown" for p in _xml(
                member(z, "xl/persons/person.xml") or b"<personList/>").iter()
                       if isinstance(p.tag, str) and _local(p) == "person"}
            for c in _xml(z.read(target)).iter():
                if isinstance(c.tag, str) and _local(c) == "threadedComment":
                    author = persons.get(c.get("personId"), "unknown")
                    text = "".join(t.text or "" for t in c if isinstance(t.tag, str) and _local(t) == "text")
                    threaded.append((f"Sheet '{name}', cell {c.get('ref')}, by {author}", text))
                    out.people["comment authors"].add(author)
    entries = entries or threaded
    if entries:
        out.appendix.append((f"Cell comments in sheet '{name}' (not printed on its pages)", entries))
        out.hidden.append(Hidden("cell comments", f"sheet '{name}'", len(entries), "added on pages at the end"))


# --- .pptx -------------------------------------------------------------------------------------------------------

def surface_pptx(data: bytes) -> Surfaced:
    from pptx import Presentation

    out = Surfaced(data, people={"comment authors": set()})
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many types on a damaged package
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    notes, off, unhidden = [], [], 0
    for number, slide in enumerate(prs.slides, start=1):
        if slide.element.get("show") in ("0", "false"):  # a hidden slide: LibreOffice leaves it out of a PDF
            slide.element.set("show", "1")
            unhidden += 1
            out.hidden.append(Hidden("hidden slide", f"slide {number}", 1, "unhidden and converted"))
        if slide.has_notes_slide:
            frame = slide.notes_slide.notes_text_frame
            text = frame.text if frame is not None else "\n".join(
                s.text_frame.text for s in slide.notes_slide.shapes if s.has_text_frame)
            if text.strip():
                notes.append((f"Slide {number}", text))
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip() and _off_slide(shape, prs):
                off.append((f"Slide {number}, {shape.name}", shape.text_frame.text))
    if off:  # LibreOffice cuts a slide's PDF page at the slide's edge
        out.appendix.append(("Text placed (partly) off the slides", off))
        out.hidden.append(Hidden("text boxes (partly) off the slide", "presentation", len(off),
                                 "their text added on pages at the end"))
    if notes:
        out.appendix.append(("Speaker notes (not printed on the slides)", notes))
        out.hidden.append(Hidden("speaker notes", "presentation", len(notes), "added on pages at the end"))
    comments = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if name in ("ppt/commentAuthors.xml", "ppt/authors.xml"):
                out.people["comment authors"].update(
                    a.get("name") or "" for a in _xml(z.read(name)).iter() if isinstance(a.tag, str)
                    and _local(a) in ("cmAuthor", "author"))
            elif name.startswith("ppt/comments/") and name.endswith(".xml"):
                for c in _xml(z.read(name)).iter():
                    if isinstance(c.tag, str) and _local(c) == "cm":
                        text = "".join(t.text or "" for t in c.iter() if isinstance(t.tag, str)
                                       and _local(t) in ("text", "t"))
                        if text.strip():
                            comments.append((f"Comment {len(comments) + 1} ({PurePosixPath(name).stem})", text))
        _embedded(z, out, "ppt/embeddings/")
    out.people["comment authors"].discard("")
    if comments:
        out.appendix.append(("Comments in the presentation (not printed on its slides)", comments))
        out.hidden.append(Hidden("comments", "presentation", len(comments), "added on pages at the end"))
    if unhidden:
        buf = io.BytesIO()
        prs.save(buf)
        out.data = buf.getvalue()
    return out


def _off_slide(shape, prs) -> bool:
    """Whether a shape reaches past the slide's edges (its position and size are in EMU)."""
    if None in (shape.left, shape.top, shape.width, shape.height, prs.slide_width, prs.slide_height):
        return False
    return (shape.left < 0 or shape.top < 0 or shape.left + shape.width > prs.slide_width
            or shape.top + shape.height > prs.slide_height)
