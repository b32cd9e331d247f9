"""One document through the whole pipeline: open -> extract -> detect -> decide -> redact -> harden ->
save to a temporary name -> verify -> rename to the release name -> report -> certificate -> schedule.

`process_document` is the one flow every command runs (redact, analyze, apply, batch): it opens the input
(with its password; correspondence rendered to PDF, its header names seeded, its attachments processed as
documents of their own), has a `Plan` decide what to withhold (detection, or a reviewer's decisions),
applies the unreviewed-page policy, and releases. Every failure becomes a RedactorError with its exit
code in one place, `as_error`.

Nothing is written under a release name until verification has passed; a failure at any step leaves no
partial output behind.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pymupdf

from redactor.config.run import RunOptions
from redactor.convert import (
    MAX_ATTACHMENT_DEPTH,
    Attachment,
    _handler,
    attachment_name,
    convert_file,
    is_correspondence,
)
from redactor.decide import plan, propagate_names
from redactor.detect import Detector
from redactor.errors import (
    ExitCode,
    ProcessingFailed,
    RedactorError,
    ScheduleNotWritten,
    UnreviewedPages,
    VerificationFailed,
)
from redactor.extract import extract_document
from redactor.harden import ChannelScan, harden, scan_channels
from redactor.model import ChannelRedaction, Decision, Finding, Kept, OcrResult, Unreviewed, Withheld
from redactor.ocr import add_text_layers, ocr_document, pad_pieces
from redactor.page import PageText
from redactor.pdf.checks import classify, revisions, unreadable_pages
from redactor.pdf.files import OutputNames, sha256_file, temp_path, write_json_atomic
from redactor.pdf.open import open_pdf as _open_checked_pdf
from redactor.pdf.save import save
from redactor.pdf.visibility import reveal_layers
from redactor.redact import redact_document
from redactor.report import build_report, validate_report
from redactor.report.certificate import build_certificate, write_certificate
from redactor.report.schedule import write_report_schedule
from redactor.text.normalise import Haystack, normalise
from redactor.timing import add as add_time
from redactor.timing import stage
from redactor.verify import verify_document

pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's own stderr chatter; errors still raise
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass(slots=True)
class DocumentResult:
    source: Path
    output: Path | None = None
    report: Path | None = None
    pages: int = 0
    redactions: int = 0
    by_exemption: dict[str, int] = field(default_factory=dict)
    error: RedactorError | None = None
    warnings: list[str] = field(default_factory=list)
    unreviewed_pages: list[int] = field(default_factory=list)  # 1-based pages whose text could not be read
    attachments: list[DocumentResult] = field(default_factory=list)  # correspondence: processed attachments
    schedule: tuple[Path, ...] = ()  # NAME.schedule.csv and .html, when asked for
    schedule_warnings: list[str] = field(default_factory=list)  # wording the officer must change
    schedule_error: ScheduleNotWritten | None = None  # released, but the schedule could not be written

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def exit_code(self) -> ExitCode:
        """This document's exit code: its error's; else a schedule (its own or an attachment's) that could
        not be written; else OK. A failed attachment is a warning of its parent, as it always was."""
        if self.error is not None:
            return self.error.exit_code
        if any(r.schedule_error is not None for r in self.releases()):
            return ExitCode.SCHEDULE_NOT_WRITTEN
        return ExitCode.OK

    def releases(self) -> list[DocumentResult]:
        """This document and its attachments (and theirs), depth first."""
        return [self, *(r for child in self.attachments for r in child.releases())]


def output_paths(source: Path, out_dir: Path) -> tuple[Path, Path]:
    names = OutputNames.for_source(source, out_dir)
    return names.released, names.report


def open_pdf(path: Path, password: str | None = None) -> pymupdf.Document:
    """Open an input or raise the RedactorError that says what is wrong with it. Correspondence (.eml,
    .msg, .txt, .md) is rendered to a PDF first (convert.py; attachments: see _redact); a PDF is opened
    with every check of redactor.pdf.open (hostile files fail there)."""
    if is_correspondence(path):
        return convert_file(path).document
    return _open_checked_pdf(path, password)


@dataclass(slots=True)
class Opened:
    """An input open as a PDF: what it was (pdf, eml, msg, txt, md), and for correspondence the display
    names of its address headers and its attachments."""

    source: Path
    doc: pymupdf.Document
    format: str = "pdf"
    header_names: frozenset[str] = frozenset()
    attachments: list[Attachment] = field(default_factory=list)
    _sha256: str | None = None

    @property
    def converted(self) -> bool:
        return self.format != "pdf"

    def sha256(self) -> str:
        """Of the input file as given (the decisions and the report refer to it)."""
        if self._sha256 is None:
            self._sha256 = sha256_file(self.source)
        return self._sha256


def open_document(source: Path, password: str | None = None) -> Opened:
    """The one place an input becomes a PDF to work on. Correspondence is rendered (convert.py); a PDF is
    opened with every robustness check and the password."""
    if is_correspondence(source):
        converted = convert_file(source)
        return Opened(source, converted.document, converted.format, converted.header_names, converted.attachments)
    # Other non-PDF inputs (issue 21: Office files, images) are converted here, into an Opened like the above.
    return Opened(source, open_pdf(source, password))


def as_error(exc: BaseException, source: Path | str | None, *, reraise: bool = True) -> RedactorError:
    """The one map from a failure while processing a document to the error the user sees, which carries
    the exit code: a RedactorError as it is; a hostile or damaged file's MuPDF error, or running out of
    memory, as the documented error (robust.classify); anything else is a bug, INTERNAL_ERROR.
    REDACTOR_DEBUG=1 re-raises a bug with its traceback (unless `reraise` is off: a batch worker)."""
    if isinstance(exc, RedactorError):
        return exc
    if reraise and os.environ.get("REDACTOR_DEBUG"):
        raise exc
    return classify(exc, source or "") or ProcessingFailed(
        f"unexpected {type(exc).__name__} while processing: {exc}", source)


def _residual(pages: list[PageText], decisions: list[Decision]) -> str:
    """The normalised page text that stays unredacted."""
    masked = []
    by_page: dict[int, list[Decision]] = {}
    for d in decisions:
        by_page.setdefault(d.page, []).append(d)
    for page in pages:
        chars = list(page.text)
        for d in by_page.get(page.number, []):
            chars[d.start:d.end] = " " * (d.end - d.start)
        masked.append("".join(chars))
    return normalise(" ".join(masked))


def _withheld(pages: list[PageText], decisions: list[Decision],
              channel_redactions: list[ChannelRedaction] = ()) -> list[Withheld]:
    """Verification targets, with how often each text legitimately remains unredacted in the input.
    Text removed from a non-page channel has no box: it is searched for everywhere."""
    needles = {text: normalise(text) for text in dict.fromkeys([d.text for d in decisions] +
                                                               [c.text for c in channel_redactions])}
    residual = Haystack(_residual(pages, decisions), needles.values())
    return [
        Withheld(d.id, d.page, d.text, tuple(tuple(p.visual) for p in d.pieces), d.label,
                 residual.count(needles[d.text]))
        for d in decisions
    ] + [Withheld(c.id, -1, c.text, (), c.label, residual.count(needles[c.text]))
         for c in channel_redactions]


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


@dataclass(slots=True)
class Analysis:
    """What the tool proposes for one document: its pages and the redaction decisions."""

    pages: list[PageText]
    decisions: list[Decision]
    kept: list[Kept] = field(default_factory=list)  # found but released by design, with the reason
    channel_redactions: list[ChannelRedaction] = field(default_factory=list)  # metadata, annotations, ...
    ocr: OcrResult | None = None  # pages read with OCR, and pages that could not be read
    findings: list[Finding] = field(default_factory=list)  # the detector's raw findings on the pages
    report_extra: dict = field(default_factory=dict)  # more report keys (apply: the review), hashed with it

    @property
    def unreviewed(self) -> list[Unreviewed]:
        return self.ocr.unreviewed if self.ocr is not None else []


def _still_valid(pages: list[PageText], findings: list[Finding]) -> bool:
    """Findings from an earlier run over the same file apply only if the text they point at is unchanged."""
    return all(0 <= f.page < len(pages) and pages[f.page].text[f.start:f.end] == f.text for f in findings)


def prepare_pages(doc: pymupdf.Document, options: RunOptions) -> tuple[list[PageText], OcrResult]:
    """The page text every path works on (analyze, and apply after review): every layer on, born-digital
    text extracted, scanned pages read with OCR, and the pages that could not be read listed."""
    reveal_layers(doc)  # hidden-layer text is extracted, detected and redacted like any page text
    pages = extract_document(doc)
    ocr = ocr_document(doc, pages, options.ocr, options.ocr_min_confidence, options.ocr_dpi,  # scanned pages
                       options.ocr_cache)
    listed = {u.page for u in ocr.unreviewed} | set(ocr.pages)  # fonts without Unicode: text is not readable
    ocr.unreviewed += [Unreviewed(n, why) for n, why in unreadable_pages(doc, pages, skip=listed)]
    return pages, ocr


def analyze(doc: pymupdf.Document, options: RunOptions, detector: Detector,
            known_findings: list[Finding] | None = None, channels: bool = True) -> Analysis:
    """What to withhold from this document. `channels=False` (a batch's first pass, which only collects
    the people named on the pages) skips reading metadata, annotations and the other non-page channels:
    names found there are only ever propagated, and the redact pass reads them."""
    with stage("extract"):
        pages, ocr = prepare_pages(doc, options)
    with stage("channels"):
        channel_scan = scan_channels(doc, detector) if channels else ChannelScan([], [])
    with stage("detect"):
        if known_findings is not None and _still_valid(pages, known_findings):
            findings = list(known_findings)
        else:
            findings = detector.detect(pages)
    detected = list(findings)
    with stage("decide"):
        findings += propagate_names(pages, channel_scan.findings)  # a name in the Author field, on the page
        result = plan(pages, findings, options.profile, allow=options.allow_list, deny=options.deny_lists,
                      seed_names=options.bundle_names,
                      requester=options.requester)
        channels = channel_scan.redactions(result.decisions, options.profile, options.allow)
        result.decisions = pad_pieces(result.decisions, ocr)  # scanned letters' edges lie just outside Tesseract's word boxes
    return Analysis(pages, result.decisions, result.kept, channels, ocr, detected)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _missing_public_interest(decisions: list[Decision]) -> list[str]:
    """A qualified exemption must come with public interest reasoning: flag each code that lacks it."""
    missing = sorted({e.code for d in decisions for e in d.exemptions
                      if e.type == "qualified" and not e.public_interest and not getattr(d, "public_interest", None)})
    return [f"qualified exemption {code} is applied without a public interest statement" for code in missing]


def _check_unreviewed(source: Path, analysis: Analysis, options: RunOptions, result: DocumentResult) -> None:
    """Never silent: pages whose text could not be read are warned about, or fail the document (--strict)."""
    result.unreviewed_pages = [u.page + 1 for u in analysis.unreviewed]
    reasons = [f"page {u.page + 1} not reviewed: {u.reason}" for u in analysis.unreviewed]
    if reasons and options.strict:
        raise UnreviewedPages(f"{len(reasons)} page(s) could not be read, nothing released (--strict); "
                              f"{reasons[0]}", source)
    result.warnings.extend(reasons)


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


def redact_file(source: Path, options: RunOptions, detector: Detector,
                known_findings: list[Finding] | None = None, *, schedule: bool = False) -> DocumentResult:
    """Redact one file by detection (`redactor redact`, a batch's second pass)."""
    return process_document(source, options, Detect(detector, known_findings), schedule=schedule)


def _process(source: Path, options: RunOptions, plan: Plan, result: DocumentResult, schedule: bool) -> None:
    with stage("open"):
        opened = open_document(source, options.password)
    try:
        if opened.converted:  # names in the address headers are searched for everywhere, like a bundle's names
            options = replace(options, bundle_names=options.bundle_names | opened.header_names)
        analysis = plan.decide(opened, options)
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
    """The requester's schedule beside a released document's report (schedule.py). A justification that
    quotes withheld text is written with the quote replaced and a warning: it never fails the release.
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
    """Process each PDF (or correspondence) attachment as a document of its own, into the same output
    folder, with the plan's plan for it; list every other attachment as withheld. Returns the parent
    report's `attachments` entries."""
    withheld = [d.text for d in decisions]
    depth = opened.source.name.count(".attachment-")
    entries = []
    with tempfile.TemporaryDirectory(prefix="redactor-attachments-") as tmp:
        for index, att in enumerate(opened.attachments, start=1):
            entry = {"index": index, "name": att.name, "content_type": att.content_type, "size": len(att.data),
                     "sha256": hashlib.sha256(att.data).hexdigest(), "action": "withheld", "output": None,
                     "report": None, "note": ""}
            handler = _handler(att)
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
                result.warnings.append(f"attachment {index} ({att.content_type}) withheld: {entry['note']}")
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


def release(doc: pymupdf.Document, source: Path, analysis: Analysis, options: RunOptions,
            result: DocumentResult, *, source_format: str = "pdf", attachments: list[dict] | None = None,
            source_sha256: str | None = None) -> None:
    """Redact, harden, save to a temporary name, verify, and only then rename to the release name. The
    report is complete (analysis.report_extra included) before it is written and the certificate hashes it."""
    out_pdf, out_report = output_paths(source, options.out_dir)
    started, t0 = datetime.now(UTC), time.monotonic()
    source_sha = source_sha256 or sha256_file(source)
    result.pages = doc.page_count
    if doc.is_repaired:
        result.warnings.append("input was damaged and repaired by MuPDF on opening; check the output")
    if (count := revisions(doc)) > 1:  # the save is never incremental: only the last revision is written
        result.warnings.append(f"input had {count} revisions (incremental updates); earlier revisions were "
                               "not carried over, only the last one was redacted and released")
    decisions = analysis.decisions
    with stage("redact"):
        decisions, replaced = redact_document(doc, decisions, analysis.pages)  # first: re-typesetting moves the boxes
        add_text_layers(doc, analysis.ocr, decisions)  # scanned pages: invisible text of the remaining words
    result.warnings += [f"page {n + 1}: {k} character(s) after a redaction have no glyph in any bundled font "
                        "and were redrawn as \u25a1 (or left out if invisible); check that line" for n, k in replaced.items()]
    withheld = _withheld(analysis.pages, decisions, analysis.channel_redactions)
    for w in withheld:
        if w.allowed_elsewhere:
            result.warnings.append(
                f"{w.id}: {w.text!r} is withheld here but appears {w.allowed_elsewhere} more time(s) "
                "unredacted elsewhere in the document"
            )
    result.warnings.extend(_missing_public_interest(decisions))
    with stage("harden"):
        hardening = harden(doc, options.profile.harden_options(), analysis.channel_redactions).steps
    options.out_dir.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(out_pdf)
    try:
        with stage("save"):
            save(doc, tmp)
        with stage("verify"):
            verification = verify_document(tmp, withheld)
        status = "released" if verification.ok else "failed_verification"
        if verification.ok and analysis.unreviewed:
            status = "released_with_unreviewed_pages"  # never "clean" when pages were not analysed
        report_started = time.perf_counter()
        out_sha = sha256_file(tmp) if verification.ok else None
        report = build_report(
            source=source, source_sha256=source_sha, output=out_pdf if verification.ok else None,
            output_sha256=out_sha, profile=options.profile.name, page_count=result.pages, decisions=decisions,
            verification=verification, warnings=result.warnings, hardening=hardening, status=status,
            kept=analysis.kept, channel_redactions=analysis.channel_redactions,
            source_format=source_format, attachments=attachments,
            unreviewed_pages=[{"page": u.page + 1, "reason": u.reason} for u in analysis.unreviewed],
            ocr_pages=[{"page": n + 1, "words": len(p.words), "confidence": p.confidence, "rotation": p.rotation,
                        "dpi": p.dpi, "reused": p.reused}
                       for n, p in sorted((analysis.ocr.pages if analysis.ocr else {}).items())],
            run={"source": str(source.resolve()), "output": str(out_pdf.resolve()) if verification.ok else None,
                 "started_at": started.isoformat(timespec="seconds"),
                 "seconds": round(time.monotonic() - t0, 3), "user": options.user or _login(),
                 "ocr_seconds": round(analysis.ocr.seconds if analysis.ocr else 0.0, 3)},
        )
        report.update(analysis.report_extra)
        validate_report(report)
        if verification.ok:
            tmp.replace(out_pdf)
        else:
            _remove_quietly(out_pdf)  # an older release of the same name must not pass for this run's
            _remove_quietly(OutputNames.for_release(out_pdf).certificate)
        write_json_atomic(out_report, report)
        if verification.ok:
            cert = build_certificate(source=source, output=out_pdf, report_path=out_report, report=report,
                                     options=options, user=options.user)
            write_certificate(cert, OutputNames.for_release(out_pdf).certificate)
        add_time("report", time.perf_counter() - report_started)
    finally:
        _remove_quietly(tmp)
    result.report = out_report
    result.redactions = len(decisions)
    result.by_exemption = report["counts"]["by_exemption"]
    if not verification.ok:
        first = verification.leaks[0]
        raise VerificationFailed(
            f"verification found {len(verification.leaks)} leak(s), output not released "
            f"(first: {first.channel}: {first.detail}); see {out_report}", source
        )
    result.output = out_pdf
