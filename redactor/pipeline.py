"""One document through the whole pipeline: open -> extract -> detect -> decide -> redact -> harden ->
save to a temporary name -> verify -> rename to the release name -> report.

Nothing is written under a release name until verification has passed; a failure at any step leaves no
partial output behind.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pymupdf

from redactor.certificate import build_certificate, write_certificate
from redactor.config.run import RunOptions
from redactor.convert import convert_file, is_correspondence, process_attachments
from redactor.decide import plan, propagate_names
from redactor.detect import Detector
from redactor.errors import (
    ProcessingFailed,
    RedactorError,
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

    @property
    def ok(self) -> bool:
        return self.error is None


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


def redact_file(source: Path, options: RunOptions, detector: Detector,
                known_findings: list[Finding] | None = None) -> DocumentResult:
    """Redact one file. Never raises for a bad input: the error is in the result.

    `known_findings` are the detector's findings from an earlier analysis of the same file (a batch's
    first pass); they are reused when they still match the extracted text, so detection runs once."""
    result = DocumentResult(source=source)
    try:
        _redact(source, options, detector, result, known_findings)
    except RedactorError as exc:
        result.error = exc
    except Exception as exc:  # a bug or a hostile file we did not foresee: fail this document only
        if os.environ.get("REDACTOR_DEBUG"):
            raise
        result.error = classify(exc, source) or ProcessingFailed(  # MuPDF limits, late damage, MemoryError
            f"unexpected {type(exc).__name__} while processing: {exc}", source)
    return result


@dataclass(slots=True)
class Analysis:
    """What the tool proposes for one document: its pages and the redaction decisions."""

    pages: list[PageText]
    decisions: list[Decision]
    kept: list[Kept] = field(default_factory=list)  # found but released by design, with the reason
    channel_redactions: list[ChannelRedaction] = field(default_factory=list)  # metadata, annotations, ...
    ocr: OcrResult | None = None  # pages read with OCR, and pages that could not be read
    findings: list[Finding] = field(default_factory=list)  # the detector's raw findings on the pages

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
        pad_pieces(result.decisions, ocr)  # scanned letters' edges lie just outside Tesseract's word boxes
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


def _redact(source: Path, options: RunOptions, detector: Detector, result: DocumentResult,
            known_findings: list[Finding] | None = None) -> None:
    with stage("open"):
        converted = convert_file(source) if is_correspondence(source) else None
        doc = converted.document if converted else open_pdf(source, options.password)
    try:
        attachments = None
        if converted:  # names in the address headers are searched for everywhere, like a bundle's names
            options = replace(options, bundle_names=options.bundle_names | converted.header_names)
        analysis = analyze(doc, options, detector, known_findings)
        _check_unreviewed(source, analysis, options, result)
        if converted:
            attachments = process_attachments(source, converted, analysis.decisions, options, detector, result)
        release(doc, source, analysis, options, result, source_format=converted.format if converted else "pdf",
                attachments=attachments)
    finally:
        doc.close()


def release(doc: pymupdf.Document, source: Path, analysis: Analysis, options: RunOptions,
            result: DocumentResult, *, source_format: str = "pdf", attachments: list[dict] | None = None) -> None:
    """Redact, harden, save to a temporary name, verify, and only then rename to the release name."""
    out_pdf, out_report = output_paths(source, options.out_dir)
    started, t0 = datetime.now(UTC), time.monotonic()
    source_sha = sha256_file(source)
    result.pages = doc.page_count
    if doc.is_repaired:
        result.warnings.append("input was damaged and repaired by MuPDF on opening; check the output")
    if (count := revisions(doc)) > 1:  # the save is never incremental: only the last revision is written
        result.warnings.append(f"input had {count} revisions (incremental updates); earlier revisions were "
                               "not carried over, only the last one was redacted and released")
    decisions = analysis.decisions
    with stage("redact"):
        replaced = redact_document(doc, decisions, analysis.pages)  # first: re-typesetting moves the boxes
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
