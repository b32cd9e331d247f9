"""Saving a released PDF: never incrementally, so no earlier revision survives in the file."""

from __future__ import annotations

from pathlib import Path

import pymupdf

# Save options for every output: full garbage collection (drops the orphaned pre-redaction content
# streams), compressed, content streams cleaned, never an incremental update (which would keep every
# earlier revision in the file).
SAVE_OPTIONS = dict(garbage=4, deflate=True, deflate_images=True, deflate_fonts=True, clean=True,
                    incremental=False, no_new_id=True)


def save(doc: pymupdf.Document, path: Path) -> None:
    doc.save(str(path), **SAVE_OPTIONS)
