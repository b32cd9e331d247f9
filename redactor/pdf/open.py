"""Opening an input PDF: every check that turns a bad file into a one-line reason and an exit code
(missing, empty, not a PDF, damaged, encrypted without the right password, hostile: see checks.py)."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from redactor.errors import EmptyPdf, EncryptedPdf, InputMissing, NotAPdf, RedactorError
from redactor.pdf.checks import check_document, classify


def open_pdf(path: Path, password: str | None = None) -> pymupdf.Document:
    """Open an input PDF or raise the RedactorError that says what is wrong with it. Hostile files
    (broken page tree, decompression bombs) fail here: see checks.py."""
    if not path.exists():
        raise InputMissing("file not found", path)
    if not path.is_file():
        raise InputMissing("not a regular file", path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputMissing(f"cannot read: {exc.strerror}", path) from None
    if not head:
        raise EmptyPdf("empty file (0 bytes)", path)
    if b"%PDF-" not in head:
        raise NotAPdf("not a PDF (no %PDF header)", path)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises plain RuntimeError/FileDataError for damaged files
        raise NotAPdf(f"corrupt PDF that MuPDF cannot open or repair ({type(exc).__name__})", path) from None
    if doc.needs_pass and not (password and doc.authenticate(password)):
        doc.close()
        raise EncryptedPdf("encrypted PDF: the password given does not open it" if password else
                           "encrypted PDF: a password is needed to open it (--password or --password-file)", path)
    try:
        if doc.page_count == 0:
            raise EmptyPdf("PDF has no pages", path)
        check_document(doc, path)
    except Exception as exc:  # MuPDF may fail on the page tree only now
        doc.close()
        if isinstance(exc, RedactorError):
            raise
        raise classify(exc, path) or NotAPdf(f"damaged PDF ({type(exc).__name__}: {exc})", path) from None
    return doc
