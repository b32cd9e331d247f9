"""process_document: the one flow every command runs (redact, analyze, apply, batch).

It opens the input (with its password; correspondence rendered to PDF, its header names seeded, its
attachments processed as documents of their own), has a `Plan` decide what to withhold (detection, or a
reviewer's decisions), applies the unreviewed-page policy, releases, and writes the requester's
schedule. Every failure becomes a RedactorError with its exit code in one place, `as_error`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import pymupdf

from redactor import office
from redactor.config.run import RunOptions
from redactor.convert import (
    MAX_ATTACHMENT_DEPTH,
    Attachment,
    _handler,
    attachment_name,
    convert_file,
    is_correspondence,
)
from redactor.detect import Detector
from redactor.errors import ConfigError, ProcessingFailed, RedactorError, ScheduleNotWritten, UnreviewedPages
from redactor.image_text import flagged_warnings
from redactor.model import Decision, Finding
from redactor.pdf.checks import classify
from redactor.pdf.files import OutputNames, sha256_file
from redactor.pdf.open import open_pdf
from redactor.pipeline.analysis import Analysis, analyze
from redactor.pipeline.release import release
from redactor.pipeline.result import DocumentResult
from redactor.report.schedule import write_report_schedule
from redactor.timing import stage


@dataclass(slots=True)
class Opened:
    """An input open as a PDF: what it was (pdf; eml, msg, txt, md; an Office format or an image), for
    correspondence the display names of its address headers and its attachments, for an Office file or an
    image what the conversion found (warnings, and report entries: the input, its document properties,
    the hidden content it surfaced)."""

    source: Path
    doc: pymupdf.Document
    format: str = "pdf"
    header_names: frozenset[str] = frozenset()
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report_extra: dict = field(default_factory=dict)
    _sha256: str | None = None

    @property
    def converted(self) -> bool:
        return self.format != "pdf"

    def sha256(self) -> str:
        """Of the input file as given (the decisions and the report refer to it)."""
        if self._sha256 is None:
            self._sha256 = sha256_file(self.source)
        return self._sha256


def open_document(source: Path, password: str | None = None, timeout: float | None = None) -> Opened:
    """The one place an input becomes a PDF to work on. Correspondence is rendered (convert.py), Office
    files and images converted (office/; `timeout`: seconds the conversion may take, default
    office.DEFAULT_TIMEOUT); a PDF is opened with every robustness check and the password."""
    if is_correspondence(source):
        converted = convert_file(source)
        return Opened(source, converted.document, converted.format, converted.header_names, converted.attachments)
    if office.is_supported(source):
        made = office.convert_file(source, timeout=timeout or office.DEFAULT_TIMEOUT)
        return Opened(source, made.document, made.format, warnings=list(made.warnings),
                      report_extra=_office_entries(source, made))
    return Opened(source, open_pdf(source, password))


def _office_entries(source: Path, made: office.OfficeConverted) -> dict:
    """The report's account of a converted Office file or image: what it was, its document properties
    (author, company, comment authors, a photo's camera and GPS position: personal data, listed here and
    never in the release) and the hidden content made visible so that it was redacted like the rest."""
    image = source.suffix.lower() in office.IMAGE_SUFFIXES
    return {
        "input": {"original_name": made.original_name, "format": made.format,
                  "converted_by": "image" if image else "libreoffice"},
        "document_properties": dict(made.properties),
        "hidden_content": [{"kind": h.kind, "where": h.where, "count": h.count, "action": h.action}
                           for h in made.hidden],
    }


def as_error(exc: BaseException, source: Path | str | None, *, reraise: bool = True) -> RedactorError:
    """The one map from a failure while processing a document to the error the user sees, which carries
    the exit code: a RedactorError as it is; a hostile or damaged file's MuPDF error, or running out of
    memory, as the documented error (pdf.checks.classify); anything else is a bug, INTERNAL_ERROR.
    REDACTOR_DEBUG=1 re-raises a bug with its traceback (unless `reraise` is off: a batch worker)."""
    if isinstance(exc, RedactorError):
        return exc
    if reraise and os.environ.get("REDACTOR_DEBUG"):
        raise exc
    return classify(exc, source or "") or ProcessingFailed(
        f"unexpected {type(exc).__name__} while processing: {exc}", source)


def _check_unreviewed(source: Path, analysis: Analysis, options: RunOptions, result: DocumentResult) -> None:
    """Never silent: pages whose text could not be read are warned about, or fail the document (--strict)."""
    result.unreviewed_pages = [u.page + 1 for u in analysis.unreviewed]
    reasons = [f"page {u.page + 1} not reviewed: {u.reason}" for u in analysis.unreviewed]
    if reasons and options.strict:
        raise UnreviewedPages(f"{len(reasons)} page(s) could not be read, nothing released (--strict); "
                              f"{reasons[0]}", source)
    result.warnings.extend(reasons)
    result.warnings.extend(flagged_warnings(analysis.ocr))  # signatures, photographs: for a person to judge


class Plan(Protocol):
    """How one document's redactions are decided, and whether they are released.

    `Detect` (redact, a batch) decides by detection; review.Propose (analyze) writes proposals instead of
    releasing; review.Reviewed (apply) takes a reviewer's decisions file."""

    release: bool  # False: the analysis is the product (analyze's proposals, a batch's first pass)
    attachments: bool  # process a correspondence's attachments (each with for_attachment's plan)

    def decide(self, opened: Opened, options: RunOptions) -> Analysis: ...

    def analysed(self, opened: Opened, analysis: Analysis, options: RunOptions, result: DocumentResult) -> None:
        """Called with the document still open, before attachments and release."""

    def for_attachment(self, path: Path) -> Plan | str:
        """The plan for one of a correspondence's attachments (written to PATH), or why it is withheld."""


@dataclass(slots=True)
class Detect:
    """Redactions decided by detection. `known_findings`: the detector's findings from an earlier analysis
    of the same file (a batch's first pass), reused when they still match the extracted text.
    `channels=False` and `release=False`: a batch's first pass, which only learns who is named."""

    detector: Detector
    known_findings: list[Finding] | None = None
    channels: bool = True
    release: bool = True
    attachments: bool = True
    on_analysis: Callable[[Opened, Analysis], None] | None = None

    def decide(self, opened: Opened, options: RunOptions) -> Analysis:
        return analyze(opened.doc, options, self.detector, self.known_findings, self.channels)

    def analysed(self, opened: Opened, analysis: Analysis, options: RunOptions, result: DocumentResult) -> None:
        if self.on_analysis is not None:
            self.on_analysis(opened, analysis)

    def for_attachment(self, path: Path) -> Plan:
        return Detect(self.detector, release=self.release)


def process_document(source: Path, options: RunOptions, plan: Plan, *, schedule: bool = False) -> DocumentResult:
    """One document, by every command: open, decide (`plan`), check unreviewed pages, process attachments,
    release (if the plan releases) and, with `schedule`, write the requester's schedule beside the report.
    Never raises for a bad input: the error, and so the exit code, is in the result."""
    result = DocumentResult(source=source)
    try:
        _process(source, options, plan, result, schedule)
    except Exception as exc:  # a bug or a hostile file we did not foresee: fail this document only
        result.error = as_error(exc, source)
    if schedule and plan.release and result.ok:
        _write_schedule(result)
    return result


def refuse_output_clashes(inputs: Sequence[Path], out_dir: Path) -> None:
    """Inputs that would write the same NAME.* files into one folder (a/x.pdf and b/x.pdf, x.pdf and x.eml)
    are refused before anything is processed."""
    seen: dict[Path, Path] = {}
    clashes = []
    for source in inputs:
        target = OutputNames.for_source(source, out_dir).released
        if target in seen and seen[target] != source:
            clashes.append(f"{seen[target]} and {source}")
        seen[target] = source
    if clashes:
        raise ConfigError(f"inputs would overwrite each other's outputs: {', '.join(clashes)}")


def redact_file(source: Path, options: RunOptions, detector: Detector,
                known_findings: list[Finding] | None = None, *, schedule: bool = False) -> DocumentResult:
    """Redact one file by detection (`redactor redact`, a batch's second pass)."""
    return process_document(source, options, Detect(detector, known_findings), schedule=schedule)


def _process(source: Path, options: RunOptions, plan: Plan, result: DocumentResult, schedule: bool) -> None:
    with stage("open"):
        opened = open_document(source, options.password, options.convert_timeout)
    try:
        result.warnings.extend(opened.warnings)
        if opened.converted:  # names in the address headers are searched for everywhere, like a bundle's names
            options = replace(options, bundle_names=options.bundle_names | opened.header_names)
        analysis = plan.decide(opened, options)
        if opened.report_extra:
            analysis = replace(analysis, report_extra={**opened.report_extra, **analysis.report_extra})
        _check_unreviewed(source, analysis, options, result)
        plan.analysed(opened, analysis, options, result)
        attachments = None
        if opened.converted and plan.attachments:
            attachments = process_attachments(opened, analysis.decisions, options, plan, result, schedule)
        if plan.release:
            release(opened.doc, source, analysis, options, result, source_format=opened.format,
                    attachments=attachments, source_sha256=opened.sha256())
    finally:
        opened.doc.close()


def _write_schedule(result: DocumentResult) -> None:
    """The requester's schedule beside a released document's report (report/schedule.py). A justification
    that quotes withheld text is written with the quote replaced and a warning: it never fails the release.
    A schedule that cannot be written at all (the disk full) is the result's schedule_error."""
    if result.report is None:
        return
    try:
        result.schedule = write_report_schedule(result.report, result.schedule_warnings)
    except (RedactorError, OSError) as exc:
        reason = exc.reason if isinstance(exc, RedactorError) else str(exc)
        result.schedule_error = ScheduleNotWritten(f"schedule not written: {reason}", result.source)


def process_attachments(opened: Opened, decisions: list[Decision], options: RunOptions, plan: Plan,
                        result: DocumentResult, schedule: bool = False) -> list[dict]:
    """Process each attachment the pipeline can open (a PDF, correspondence, an Office file or an image) as
    a document of its own, into the same output folder, with the plan's plan for it; list every other
    attachment, and one the plan withholds, as withheld with a warning. Returns the parent report's
    `attachments` entries."""
    withheld = [d.text for d in decisions]
    depth = opened.source.name.count(".attachment-")
    entries = []
    with tempfile.TemporaryDirectory(prefix="redactor-attachments-") as tmp:
        for index, att in enumerate(opened.attachments, start=1):
            entry = {"index": index, "name": att.name, "content_type": att.content_type, "size": len(att.data),
                     "sha256": hashlib.sha256(att.data).hexdigest(), "action": "withheld", "output": None,
                     "report": None, "note": ""}
            handler = _handler(att) or ("office" if office.is_supported(att.name) else None)
            if handler is None:
                child_plan: Plan | str = "no handler for this file type; review it by hand"
            elif depth >= MAX_ATTACHMENT_DEPTH:
                child_plan = "attachments nested this deep are not processed"
            else:
                path = Path(tmp) / attachment_name(opened.source, index, att, withheld)
                path.write_bytes(att.data)
                child_plan = plan.for_attachment(path)
            if isinstance(child_plan, str):
                entry["note"] = f"withheld: {child_plan}"
                result.warnings.append(f"attachment {index} ({att.content_type}) withheld: {child_plan}")
            else:
                child = process_document(path, options, child_plan, schedule=schedule)
                result.attachments.append(child)
                _attachment_outcome(index, handler, child, child_plan.release, entry, result)
            entries.append(entry)
    return entries


def _attachment_outcome(index: int, handler: str, child: DocumentResult, released: bool, entry: dict,
                        result: DocumentResult) -> None:
    if child.report is not None:
        entry["report"] = child.report.name
    if child.ok and released:
        entry.update(action="redacted", output=child.output.name,
                     note=f"processed as its own document ({handler})")
    elif not child.ok:
        entry.update(action="failed", note=f"not released: {child.error.reason}")
        result.warnings.append(f"attachment {index} not released: {child.error.reason}")
    if child.unreviewed_pages:
        result.warnings.append(f"attachment {index}: page(s) {child.unreviewed_pages} not reviewed")
