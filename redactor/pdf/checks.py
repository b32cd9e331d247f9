"""Hostile and damaged inputs: sanity checks when a PDF is opened, and the mapping of MuPDF's failures
to documented exit codes.

Real inboxes hold PDFs from every generator since 1995, and some files are built to hurt. The pipeline
must fail such a document with a one-line reason and a documented exit code, never a traceback, never a
hang, never a release with text nobody analysed:

- page tree and rotation: every page is loaded once at open time, so a cycle, a lying /Count or a missing page fails
  the document as damaged (NOT_A_PDF) before any work, not halfway through with an internal error;
- decompression bombs: every Flate stream that could expand past MAX_STREAM_BYTES is inflated in
  bounded chunks and the document fails with LIMIT_EXCEEDED when one does (verification reads every
  decompressed stream into memory, so a 4 GiB stream of NULs would otherwise take minutes or all memory);
- MuPDF's own limits (overly large images, nesting too deep for its exception stack) and MemoryError
  under the worker's RLIMIT_AS become LIMIT_EXCEEDED, damage found late becomes NOT_A_PDF;
- unreadable text: a page whose text extracts as U+FFFD, control or private-use characters, or is drawn
  with a composite font that has no ToUnicode map (codes are glyph ids: whatever MuPDF extracts is a
  guess), is returned as unreviewed: it needs OCR, and is never released as clean;
- revisions: an input with incremental updates is saved as its last revision only (never
  incrementally, garbage=4); `revisions` counts them so the report can say so.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

import pymupdf

from redactor.errors import LimitExceeded, NotAPdf, RedactorError
from redactor.page import PageText

MAX_STREAM_BYTES = 256 << 20  # decompressed size of any one stream
FLATE_MAX_RATIO = 1032  # deflate cannot expand one pass by more than ~1032:1 (RFC 1951 block limits)
UNREADABLE_SHARE = 0.2  # a page with at least this share of unreadable characters is unreviewed
MIN_UNREADABLE = 3  # ... and at least this many (one stray private-use bullet is not a broken font)
_CHUNK = 16 << 20


def check_document(doc: pymupdf.Document, path: Path | str) -> None:
    """Open-time checks: a loadable page tree and no decompression bomb. Raises a RedactorError."""
    check_page_tree(doc, path)
    check_streams(doc, path)
    normalise_rotation(doc)


def normalise_rotation(doc: pymupdf.Document) -> None:
    """A /Rotate that is not a multiple of 90 (invalid; seen: 45) is shown by MuPDF as 0, but not every
    PyMuPDF call agrees (re-typeset text landed beside its box): write down what MuPDF shows."""
    for page in doc:
        kind, value = doc.xref_get_key(page.xref, "Rotate")
        if kind in ("int", "float") and float(value) % 90:
            doc.xref_set_key(page.xref, "Rotate", str(page.rotation))


def check_page_tree(doc: pymupdf.Document, path: Path | str) -> None:
    try:
        count = doc.page_count
        for number in range(count):
            doc.load_page(number)
    except Exception as exc:  # noqa: BLE001 -- MuPDF raises many types for a broken tree
        message = " ".join(str(exc).split())[:200]
        raise classify(exc, path, "damaged page tree") or NotAPdf(
            f"damaged page tree ({type(exc).__name__}: {message})", path) from None


def _filters(doc: pymupdf.Document, xref: int) -> list[str]:
    kind, value = doc.xref_get_key(xref, "Filter")
    if kind == "name":
        return [value]
    if kind == "array":
        return re.findall(r"/\w+", value)
    return []


def check_streams(doc: pymupdf.Document, path: Path | str, limit: int = MAX_STREAM_BYTES) -> None:
    """Fail a document one of whose Flate streams inflates past `limit` (checked without holding it)."""
    for xref in range(1, doc.xref_length()):
        try:
            if not doc.xref_is_stream(xref):
                continue
            filters = _filters(doc, xref)
            if not filters or any(f not in ("/FlateDecode", "/Fl") for f in filters):
                continue  # other filters: MuPDF's own limits and the memory limit apply
            raw = doc.xref_stream_raw(xref)
        except Exception:  # noqa: BLE001 -- a damaged object is MuPDF's to repair or report later
            continue
        if raw is None or (len(filters) == 1 and len(raw) * FLATE_MAX_RATIO <= limit):
            continue
        if _inflated_size(raw, len(filters), limit) > limit:
            raise LimitExceeded(f"object {xref} inflates to more than {limit >> 20} MiB "
                                "(a decompression bomb?); nothing processed", path)


def _inflated_size(data: bytes, passes: int, limit: int) -> int:
    """Bytes after `passes` rounds of inflate, counting at most limit + 1 (never held in memory)."""
    if passes > 1:
        # only the last pass's output is counted; the inner ones are inflated into a bounded buffer
        inner = _bounded_inflate(data, limit + 1)
        if inner is None:
            return 0
        return _inflated_size(inner, passes - 1, limit)
    d = zlib.decompressobj()
    total = 0
    try:
        chunk = d.decompress(data, _CHUNK)
        while chunk:
            total += len(chunk)
            if total > limit:
                return total
            chunk = d.decompress(d.unconsumed_tail, _CHUNK)
    except zlib.error:
        return total  # damaged data: MuPDF decodes what it can, no bomb
    return total


def _bounded_inflate(data: bytes, cap: int) -> bytes | None:
    d = zlib.decompressobj()
    try:
        return d.decompress(data, cap)
    except zlib.error:
        return None


def classify(exc: BaseException, path: Path | str, what: str = "cannot process") -> RedactorError | None:
    """The documented error for an exception a hostile or damaged file causes (MuPDF limit, damage found
    late, out of memory), or None when it is not one of those (a bug: INTERNAL_ERROR)."""
    if isinstance(exc, RedactorError):
        return exc
    if isinstance(exc, MemoryError):
        return LimitExceeded("out of memory (the per-process memory limit was reached): the document is "
                             "too large or hostile; nothing released", path)
    message = " ".join(str(exc).split())[:200]
    code = _mupdf_code(exc)
    if code == pymupdf.mupdf.FZ_ERROR_LIMIT:
        return LimitExceeded(f"{what}: MuPDF limit reached ({message}); nothing released", path)
    if code in (pymupdf.mupdf.FZ_ERROR_FORMAT, pymupdf.mupdf.FZ_ERROR_SYNTAX) or message == "bad xref":
        return NotAPdf(f"{what}: damaged PDF ({message})", path)
    return None


def _mupdf_code(exc: BaseException) -> int | None:
    if isinstance(exc, pymupdf.mupdf.FzErrorBase):
        return getattr(exc, "m_code", None) or _code_in(str(exc))
    return _code_in(str(exc)) if isinstance(exc, RuntimeError | ValueError) else None


def _code_in(message: str) -> int | None:
    match = re.match(r"code=(\d+):", message)
    return int(match.group(1)) if match else None


# --- unreadable text ---------------------------------------------------------------------------------

def _unreadable(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Cc", "Co", "Cn", "Cs")  # control, private use, unassigned, lone surrogate


def _fonts_without_unicode(doc: pymupdf.Document) -> set[int]:
    """Composite fonts with Identity encoding, Identity ordering and no ToUnicode: codes are glyph ids."""
    found = set()
    for xref in range(1, doc.xref_length()):
        try:
            if doc.xref_get_key(xref, "Subtype")[1] != "/Type0":
                continue
            if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
                continue
            if doc.xref_get_key(xref, "Encoding")[1] not in ("/Identity-H", "/Identity-V"):
                continue
            kind, value = doc.xref_get_key(xref, "DescendantFonts")
            match = re.search(r"(\d+) 0 R", value) if kind in ("array", "xref") else None
            ordering = ""
            if match:
                ordering = doc.xref_get_key(int(match.group(1)), "CIDSystemInfo/Ordering")[1]
            if ordering in ("", "Identity", "(Identity)", "null"):
                found.add(xref)
        except Exception:  # noqa: BLE001 -- a damaged font object: extraction decides
            continue
    return found


def _strip_subset(name: str) -> str:
    return re.sub(r"^[A-Z]{6}\+", "", name)


def unreadable_pages(doc: pymupdf.Document, pages: list[PageText], skip: set[int] = frozenset()
                     ) -> list[tuple[int, str]]:
    """(0-based page, reason) for pages whose extracted text cannot be trusted to be the text shown."""
    result: list[tuple[int, str]] = []
    suspect_fonts = _fonts_without_unicode(doc)
    for page in pages:
        if page.number in skip:
            continue
        chars = [c for c in page.text if not c.isspace()]
        bad = sum(1 for c in chars if _unreadable(c))
        if chars and bad >= MIN_UNREADABLE and bad >= UNREADABLE_SHARE * len(chars):
            result.append((page.number, f"{bad} of {len(chars)} characters extract as U+FFFD, control or "
                                        "private-use characters (a font without a usable ToUnicode map): "
                                        "the text needs OCR"))
            continue
        if suspect_fonts and chars:
            names = _suspect_fonts_used(doc[page.number], suspect_fonts)
            if names:
                result.append((page.number, f"text in font(s) {', '.join(sorted(names))} has no ToUnicode map "
                                            "(glyph ids, not characters): the text needs OCR"))
    return result


def _suspect_fonts_used(page: pymupdf.Page, suspect: set[int]) -> set[str]:
    on_page = {_strip_subset(f[3]) for f in page.get_fonts() if f[0] in suspect}
    if not on_page:
        return set()
    used = set()
    for block in page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                if span["text"].strip() and _strip_subset(span["font"]) in on_page:
                    used.add(_strip_subset(span["font"]))
    return used


def revisions(doc: pymupdf.Document) -> int:
    """How many revisions (the original plus incremental updates) the input file holds."""
    try:
        return max(1, int(doc.version_count))
    except Exception:  # noqa: BLE001
        return 1
