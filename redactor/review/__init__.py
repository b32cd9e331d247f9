"""Review workflow (issue 6): propose -> a person decides in the review page -> apply exactly what they decided.

`analyze_file` writes NAME.proposals.json and the self-contained NAME.review.html and never changes the PDF.
The reviewer's page exports NAME.decisions.json; `apply_decisions` redacts exactly the accepted proposals
and the reviewer's manual boxes, through the same release path as `redact` (harden, verify, rename).

How a decision is tied back to the PDF: every proposal carries its page and its [start, end) offsets into
the page's normalised text, plus the text itself. Apply re-extracts the pages of the *same file* (the
decisions file records the source sha256 and apply refuses any other file), rebuilds each decision with
PageText.pieces(start, end) and cross-checks that the text there is still the recorded text. Apply does
not re-run detection: it needs no spaCy model, and a changed model or config between analyze and apply
cannot silently change which passages are withheld. Only an extraction change (a new PyMuPDF) could
shift offsets, and the text cross-check turns that into a clear error instead of a wrong redaction.
"""

from redactor.review.apply import ApplyResult, Reviewed, apply_decisions, find_decisions
from redactor.review.decisions import DecisionsFile, ManualRedaction, ProposalDecision, plan_from_decisions
from redactor.review.proposals import (
           AnalyzeResult,
           Propose,
           analyze_file,
           build_proposals,
           render_review_page,
)

__all__ = ["AnalyzeResult", "ApplyResult", "DecisionsFile", "ManualRedaction", "ProposalDecision", "Propose",
           "Reviewed", "analyze_file", "apply_decisions", "build_proposals", "find_decisions", "plan_from_decisions",
           "render_review_page"]
