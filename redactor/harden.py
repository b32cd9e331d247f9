"""Strip the channels that apply_redactions does not touch (pdf-redaction-pitfalls.md, "The naive path").

Document metadata and XMP, outlines, annotations and form widgets, links, embedded files, JavaScript,
thumbnails and unused objects can each carry the text we removed from the page. A release keeps only
the page content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

# Save options for every output: full garbage collection (drops the orphaned pre-redaction content
# streams), compressed, content streams cleaned, never an incremental update (which would keep every
# earlier revision in the file).
SAVE_OPTIONS = dict(garbage=4, deflate=True, deflate_images=True, deflate_fonts=True, clean=True,
                    incremental=False, no_new_id=True)


@dataclass(slots=True)
class HardenResult:
    steps: list[str] = field(default_factory=list)


def harden(doc: pymupdf.Document) -> HardenResult:
    result = HardenResult()
    if doc.get_toc():
        doc.set_toc([])
        result.steps.append("outline removed")
    for page in doc:
        annots = list(page.annots())
        widgets = list(page.widgets())
        for annot in annots:
            page.delete_annot(annot)
        for widget in widgets:
            page.delete_widget(widget)
        if annots or widgets:
            result.steps.append(f"page {page.number + 1}: {len(annots)} annotations, {len(widgets)} form fields removed")
    # scrub: metadata, XMP, embedded and attached files, JavaScript, links, thumbnails, form values.
    # hidden_text=False: invisible text was analysed like visible text and redacted where needed; removing
    # all of it would also delete the searchable layer of OCR'd pages.
    doc.scrub(
        attached_files=True, clean_pages=True, embedded_files=True, hidden_text=False, javascript=True,
        metadata=True, redactions=True, remove_links=True, reset_fields=True, reset_responses=True,
        thumbnails=True, xml_metadata=True,
    )
    doc.set_metadata({})
    result.steps.append("metadata, XMP, embedded files, JavaScript, links and thumbnails removed")
    return result


def save(doc: pymupdf.Document, path: Path) -> None:
    doc.save(str(path), **SAVE_OPTIONS)
