"""Office documents and images -> PDF: the inputs FOI and SAR bundles are mostly made of (issue 21, part 1).

Word, Excel, PowerPoint and OpenDocument files (and RTF and CSV) are turned into PDF by LibreOffice headless
(libreoffice.py: private profile, macros off, no network, a timeout), then redacted like any PDF; images
(PNG, JPEG, TIFF with every page, BMP, GIF, HEIC) become one PDF page per frame, sized to the image's
resolution, so that `--ocr auto` reads them as scanned pages (images.py).

Nothing hidden may slip through. What an Office file holds but does not print is surfaced BEFORE the
conversion (hidden.py), so that it is on the pages the pipeline detects and redacts, and is listed in
`hidden` and the warnings:
  - .docx: text formatted as hidden is unhidden in place; tracked insertions and deletions are shown with
    change marks (LibreOffice prints both; a deletion it did not print is added on a page at the end);
    comments are added on pages at the end (LibreOffice does not print them).
  - .xlsx: hidden and very hidden sheets, hidden rows and columns are unhidden; print areas (which would
    leave the rest of a sheet out of the PDF) are removed; cell comments are added on pages at the end.
  - .pptx: hidden slides are unhidden (LibreOffice leaves them out of a PDF); speaker notes and comments
    are added on pages at the end.
  - document properties (author, last modified by, company, the authors of comments and changes...) are
    returned in `properties`: personal data the report lists. LibreOffice copies some of them into the
    PDF's own metadata, which the pipeline's hardening removes.
  - spreadsheets: every cell's whole text is printed (columns widened, text wrapped, rows made tall
    enough): LibreOffice would cut a cell's text at a filled neighbour ("Tom Whitfi") or show "###".
.doc .odt .rtf .xls .ods .csv .ppt .pptm .odp files (and a legacy binary file named .docx/.xlsx/.pptx) are
re-saved by LibreOffice as .docx/.xlsx/.pptx first (one more run, about 2 s), so the same inspection covers
them. Macro-enabled files (.docm .xlsm .pptm) are converted too; their macros never run and are reported.

The one entry point: convert_file(path, timeout=...) (or convert_bytes for an attachment) -> OfficeConverted;
SUFFIXES tells supported files from the ones a batch must list as skipped.
"""

from __future__ import annotations

import html
import io
import time
import zipfile
from pathlib import Path

import pymupdf
from lxml import etree

from redactor.errors import EmptyPdf, EncryptedPdf, LimitExceeded
from redactor.office import hidden, images, libreoffice
from redactor.office.common import (
    IMAGE_SUFFIXES,
    OFFICE_SUFFIXES,
    OLE_MAGIC,
    SUFFIXES,
    ZIP_FORMATS,
    ConversionFailed,
    ConversionTimeout,
    ConverterMissing,
    Hidden,
    OfficeConverted,
    UnsupportedFormat,
    one_line,
    unsupported_format,
)
from redactor.pdf.files import read_input

__all__ = ["SUFFIXES", "OFFICE_SUFFIXES", "IMAGE_SUFFIXES", "DEFAULT_TIMEOUT", "OfficeConverted", "Hidden",
           "UnsupportedFormat", "ConversionFailed", "ConversionTimeout", "ConverterMissing", "is_supported",
           "convert_file", "convert_bytes"]

DEFAULT_TIMEOUT = 180.0  # seconds for one document's LibreOffice conversion
MAX_ZIP_ENTRIES = 20_000
MAX_UNZIPPED = 1 << 30  # a package that inflates past 1 GiB is refused (a zip bomb, or not for this tool)
PAGE = pymupdf.paper_rect("a4")
MARGIN = 57.0
SURFACERS = {"docx": hidden.surface_docx, "docm": hidden.surface_docx, "xlsx": hidden.surface_xlsx,
             "xlsm": hidden.surface_xlsx, "pptx": hidden.surface_pptx}
# The other formats are re-saved by LibreOffice in the OOXML format of their kind first (tracked changes,
# comments, hidden sheets, rows and slides, notes and properties survive it), so that one inspection covers
# every input; a CSV becomes a workbook whose columns are made wide enough (sheets.py).
RESAVED_AS = {"doc": "docx", "odt": "docx", "rtf": "docx", "xls": "xlsx", "ods": "xlsx", "csv": "xlsx",
              "ppt": "pptx", "pptm": "pptx", "odp": "pptx"}


def is_supported(path: Path | str) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def convert_file(path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> OfficeConverted:
    """Read `path` and convert it (see convert_bytes)."""
    path = Path(path)
    if not is_supported(path):
        raise unsupported_format(path)
    return convert_bytes(read_input(path), path.name, timeout=timeout, path=path)


def convert_bytes(data: bytes, name: str, *, timeout: float = DEFAULT_TIMEOUT,
                  path: Path | None = None) -> OfficeConverted:
    """An Office document or image (`name`'s suffix decides which) as a PDF document in memory, with its
    hidden content surfaced. Raises UnsupportedFormat, EmptyPdf (0 bytes or no page), EncryptedPdf
    (password-protected), LimitExceeded (a zip or image bomb), ConversionFailed, ConversionTimeout and
    ConverterMissing (no LibreOffice)."""
    where = path or name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise unsupported_format(where)
    fmt = SUFFIXES[suffix]
    if not data:
        raise EmptyPdf("empty file (0 bytes)", where)
    t0 = time.monotonic()
    result = (_image(data, fmt, name, where) if suffix in IMAGE_SUFFIXES
              else _office(data, fmt, name, where, timeout))
    if result.document.page_count == 0:
        raise EmptyPdf(f"the {fmt} file converted to no pages", where)
    result.seconds = round(time.monotonic() - t0, 3)
    return result


# --- Office documents ----------------------------------------------------------------------------------------

def _office(data: bytes, fmt: str, name: str, where, timeout: float) -> OfficeConverted:
    deadline = time.monotonic() + timeout
    _check_package(data, fmt, where)
    properties = hidden.properties(data, fmt)
    warnings = []
    macros = hidden.has_macros(data)  # looked for in the original: re-saving as OOXML drops them
    inspected = fmt
    legacy = data.startswith(OLE_MAGIC) and fmt in ZIP_FORMATS  # a .doc/.xls/.ppt under a newer name
    if fmt in RESAVED_AS or legacy:  # made into the OOXML format whose hidden content (and cells) is handled
        inspected = RESAVED_AS.get(fmt, fmt)
        data = libreoffice.convert(data, fmt, where, timeout, target=inspected)
        warnings.append(f"converted to .{inspected} first, so that its hidden content could be looked for")
        if not properties:  # a legacy binary file: its properties as LibreOffice carried them over
            properties = {k: v for k, v in hidden.properties(data, inspected).items() if k != "application"}
    try:
        surfaced = SURFACERS[inspected](data)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ConversionFailed(f"damaged {fmt} file ({type(exc).__name__}: {one_line(exc)})", where) from None
    if macros:
        surfaced.hidden.append(Hidden("macros", "document", 1, "never run, not converted (review them in the original)"))
    for label, names in surfaced.people.items():
        if names:
            properties[label] = "; ".join(sorted(names))
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ConversionTimeout(f"LibreOffice did not finish converting this {fmt} file within {timeout:g} s",
                                where)
    doc = pymupdf.open("pdf", libreoffice.convert(surfaced.data, inspected, where, remaining, allowed=timeout))
    doc.set_metadata({})  # LibreOffice copies title, author, subject... in: they are listed in `properties`
    doc.del_xml_metadata()
    if surfaced.deleted:
        text = " ".join("".join(page.get_text() for page in doc).split())
        missing = [d for d in surfaced.deleted if " ".join(d.split()) not in text]
        if missing:
            surfaced.appendix.append(("Tracked deletions not shown on the pages above",
                                      [(f"Deletion {i}", t) for i, t in enumerate(missing, 1)]))
            surfaced.hidden.append(Hidden("tracked deletions not printed", "document", len(missing),
                                          "added on pages at the end"))
    for title, entries in surfaced.appendix:
        _append_pages(doc, title, entries)
    warnings.extend(f"{h.count} {h.kind} ({h.where}): {h.action}" for h in surfaced.hidden)
    return OfficeConverted(doc, fmt, name, warnings, properties, surfaced.hidden)


def _check_package(data: bytes, fmt: str, where) -> None:
    """Refuse, with a message that says why, what LibreOffice would fail on or should never be given."""
    if data.startswith(OLE_MAGIC):  # a legacy binary file, or an encrypted OOXML package ("EncryptedPackage")
        if _ole_encrypted(data):
            raise EncryptedPdf(f"password-protected {fmt} file: remove the password and try again", where)
        return
    if fmt not in ZIP_FORMATS:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if len(infos) > MAX_ZIP_ENTRIES or unpacked > MAX_UNZIPPED:
                raise LimitExceeded(f"the {fmt} package holds {len(infos)} parts, {unpacked >> 20} MiB unpacked: "
                                    f"over the limits ({MAX_ZIP_ENTRIES} parts, {MAX_UNZIPPED >> 20} MiB), "
                                    f"refused as likely hostile", where)
            if fmt in ("odt", "ods", "odp") and b"encryption-data" in hidden.member(z, "META-INF/manifest.xml"):
                raise EncryptedPdf(f"password-protected {fmt} file: remove the password and try again", where)
    except zipfile.BadZipFile:
        raise ConversionFailed(f"not a valid {fmt} file (damaged, or not a zip package)", where) from None


def _ole_encrypted(data: bytes) -> bool:
    """A legacy .doc/.xls with a password to open (msoffcrypto-tool reads the format's encryption flag)."""
    import msoffcrypto

    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # a format msoffcrypto does not know, or damaged: LibreOffice will say
        return False


# --- pages added at the end ----------------------------------------------------------------------------------------

def _append_pages(doc: pymupdf.Document, title: str, entries: list[tuple[str, str]]) -> None:
    """Surfaced text (comments, notes) on A4 pages after the document's own, headed as not being part of it.
    A Story lays it out with MuPDF's fonts and their fallbacks for other scripts; in monospace, whose face has
    no fi/ffi ligatures (a released "oﬃce" is not found by a requester's search; see convert._Writer)."""
    body = "".join(f"<p><b>{html.escape(label)}</b><br/>{html.escape(text).replace(chr(10), '<br/>')}</p>"
                   for label, text in entries)
    story = pymupdf.Story(html=f"<h3>{html.escape(title)}</h3><p>Added by redactor: this text is held in "
                               f"the file but is not printed on its pages.</p>{body}",
                          user_css="body {font-family: monospace; font-size: 9.5pt;}")
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    more = True
    while more:
        device = writer.begin_page(PAGE)
        more, _ = story.place(PAGE + (MARGIN, MARGIN, -MARGIN, -MARGIN))
        story.draw(device)
        writer.end_page()
    writer.close()
    with pymupdf.open("pdf", buf.getvalue()) as extra:
        doc.insert_pdf(extra)


def _image(data: bytes, fmt: str, name: str, where) -> OfficeConverted:
    doc, warnings, properties = images.convert(data, fmt, where)
    return OfficeConverted(doc, fmt, name, warnings, properties)
