"""What every office submodule shares: the formats, the errors, and the result types."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from redactor.errors import ConversionFailed as ConversionFailed
from redactor.errors import ConversionTimeout as ConversionTimeout
from redactor.errors import ConverterMissing as ConverterMissing
from redactor.errors import UnsupportedFormat

OFFICE_SUFFIXES = {".docx": "docx", ".docm": "docm", ".doc": "doc", ".odt": "odt", ".rtf": "rtf",
                   ".xlsx": "xlsx", ".xlsm": "xlsm", ".xls": "xls", ".ods": "ods", ".csv": "csv",
                   ".pptx": "pptx", ".pptm": "pptm", ".ppt": "ppt", ".odp": "odp"}
IMAGE_SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff",
                  ".bmp": "bmp", ".gif": "gif", ".heic": "heic", ".heif": "heif"}
SUFFIXES = {**OFFICE_SUFFIXES, **IMAGE_SUFFIXES}  # what this package converts (the batch skips the rest)
ZIP_FORMATS = {"docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "odt", "ods", "odp"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# The errors (UnsupportedFormat, ConversionFailed, ConversionTimeout, ConverterMissing) are in redactor.errors.
def unsupported_format(path: Path | str) -> UnsupportedFormat:
    """The error for a file of a type no converter takes, naming the types that are supported."""
    suffix = Path(path).suffix.lower() or "(no suffix)"
    return UnsupportedFormat(f"unsupported file type {suffix}: supported are .pdf, .eml .msg .txt .md, "
                             f"{' '.join(OFFICE_SUFFIXES)}, {' '.join(IMAGE_SUFFIXES)}", path)


@dataclass(frozen=True, slots=True)
class Hidden:
    """One kind of hidden content found in one place, and what was done so that it is not missed."""

    kind: str  # "hidden sheet", "hidden rows", "tracked deletions", "comments", "speaker notes", ...
    where: str  # "sheet 'Staff'", "document", "slide 3", ...
    count: int
    action: str  # "unhidden and converted", "shown with change marks", "added on pages at the end", ...


@dataclass(slots=True)
class OfficeConverted:
    document: pymupdf.Document
    format: str  # the input's format: docx, xlsx, pptx, odt, ..., png, jpeg, tiff, ...
    original_name: str
    warnings: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)  # author, company...: personal data to list
    hidden: list[Hidden] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(slots=True)
class Surfaced:
    """An Office package with its hidden content made visible, and what could only be added after it."""

    data: bytes
    hidden: list[Hidden] = field(default_factory=list)
    appendix: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # title, (label, text)
    deleted: list[str] = field(default_factory=list)  # tracked deletions, checked against the PDF text
    people: dict[str, set[str]] = field(default_factory=dict)  # "comment authors" -> names


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
