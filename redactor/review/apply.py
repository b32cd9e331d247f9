"""apply: release a document with exactly what its reviewer decided, through the same process_document
as redact (harden, verify, rename, report, certificate, schedule), the review's audit trail in the
report before the certificate hashes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from redactor.config.run import RunOptions
from redactor.errors import ConfigError, RedactorError
from redactor.ocr import pad_pieces
from redactor.pdf.files import OutputNames, sha256_file
from redactor.pipeline import Analysis, DocumentResult, Opened, prepare_pages, process_document
from redactor.report import decision_entry
from redactor.report.reviewcopy import write_review_copy
from redactor.review.decisions import DecisionsFile, ReviewedPlan, check_source, plan_from_decisions


@dataclass(slots=True)
class ApplyResult:
    document: DocumentResult  # the release itself: output, report, counts, error, schedule
    rejected: int = 0
    manual: int = 0
    review_copy: Path | None = None

    @property
    def error(self) -> RedactorError | None:
        return self.document.error

    @property
    def schedule(self) -> tuple[Path, ...]:
        return self.document.schedule


@dataclass(slots=True)
class Reviewed:
    """pipeline.Plan of `apply`: exactly what a reviewer decided in DECISIONS_PATH, released. An email's
    attachments are released with their own decisions files (NAME.attachment-N-*.decisions.json, found
    beside this one by the attachment's sha256); an attachment nobody reviewed is withheld and listed."""

    decisions_path: Path
    review_copy: bool = False
    release: bool = True
    attachments: bool = True
    rejected: int = 0
    manual: int = 0
    review_copy_path: Path | None = None

    def decide(self, opened: Opened, options: RunOptions) -> Analysis:
        decisions = DecisionsFile.load(self.decisions_path)
        source_sha256 = opened.sha256()
        check_source(decisions, source_sha256, self.decisions_path)  # before the (possibly slow) OCR
        pages, ocr = prepare_pages(opened.doc, options)
        reviewed = plan_from_decisions(opened.doc, source_sha256, decisions, options.profile, self.decisions_path,
                                       pages)
        reviewed.withheld = pad_pieces(reviewed.withheld, ocr)  # as analyze does: scanned glyph edges beyond Tesseract's boxes
        self.rejected = len(reviewed.rejected)
        self.manual = sum(d.manual for d in reviewed.withheld)
        if self.review_copy:  # before release: redaction may re-typeset a line and move its boxes
            self.review_copy_path = write_review_copy(opened.source, reviewed.withheld, reviewed.rejected,
                                                      OutputNames.for_source(opened.source, options.out_dir).review_copy,
                                                      document=opened.doc)
        return Analysis(reviewed.pages, reviewed.withheld, ocr=ocr,
                        report_extra=review_entries(reviewed, self.decisions_path))

    def analysed(self, opened: Opened, analysis: Analysis, options: RunOptions, result: DocumentResult) -> None:
        pass

    def for_attachment(self, path: Path) -> Reviewed | str:
        found = find_decisions(self.decisions_path.parent, sha256_file(path))
        if found is None:
            return (f"no reviewed decisions for it (analyze the email, review {path.stem}, and put its "
                    f"{path.stem}.decisions.json beside {self.decisions_path.name}); review it by hand")
        return Reviewed(found, self.review_copy)


def find_decisions(folder: Path, source_sha256: str) -> Path | None:
    """The decisions file in FOLDER made for the file with this sha256 (an email's attachment)."""
    for path in sorted(folder.glob("*.decisions.json")):
        try:
            if DecisionsFile.load(path).source.sha256 == source_sha256:
                return path
        except ConfigError:
            continue
    return None


def apply_decisions(source: Path, decisions_path: Path, options: RunOptions, *,
                    review_copy: bool = False, schedule: bool = True) -> ApplyResult:
    """Release SOURCE with exactly the reviewer's decisions. Never raises for a bad input: see result.error."""
    plan = Reviewed(decisions_path, review_copy)
    result = process_document(source, options, plan, schedule=schedule)
    return ApplyResult(result, plan.rejected, plan.manual, plan.review_copy_path)


def review_entries(reviewed: ReviewedPlan, decisions_path: Path) -> dict:
    """The report's audit trail of a review: rejected proposals with their reasons, and which decisions
    file was applied. Part of the report before it is written, so the certificate's hash covers it."""
    reviewers = sorted({d.reviewer for d in [*reviewed.withheld, *reviewed.rejected] if d.reviewer})
    return {
        "rejected": [decision_entry(d) for d in reviewed.rejected],
        "review": {
            "decisions_file": str(decisions_path),
            "decisions_sha256": sha256_file(decisions_path),
            "reviewers": reviewers,
            "exported_at": reviewed.decisions.exported_at,
        },
    }
