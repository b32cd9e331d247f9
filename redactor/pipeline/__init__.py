"""One document through the whole pipeline: open -> extract -> detect -> decide -> redact -> harden ->
save to a temporary name -> verify -> rename to the release name -> report -> certificate -> schedule.

`process_document` (document.py) is the one flow every command runs; a `Plan` says how the redactions
are decided (`Detect`; review's Propose and Reviewed) and whether they are released (release.py).
analysis.py: what detection proposes; result.py: DocumentResult, from which the exit code is computed.
"""

import pymupdf

from redactor.pipeline.analysis import Analysis, analyze, prepare_pages
from redactor.pipeline.document import (
    Detect,
    Opened,
    Plan,
    as_error,
    open_document,
    process_attachments,
    process_document,
    redact_file,
    refuse_output_clashes,
)
from redactor.pipeline.result import DocumentResult

pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's own stderr chatter; errors still raise
pymupdf.TOOLS.mupdf_display_warnings(False)

__all__ = ["Analysis", "Detect", "DocumentResult", "Opened", "Plan", "analyze", "as_error", "open_document",
           "prepare_pages", "process_attachments", "process_document", "redact_file",
           "refuse_output_clashes"]
