"""Release one analysed document: redact, harden, save to a temporary name, verify, and only then rename
to the release name; then the report (complete, review data included) and the certificate that hashes it.
Nothing is written under a release name until verification has passed."""

from __future__ import annotations

import contextlib
import getpass
import time
from datetime import UTC, datetime
from pathlib import Path

import pymupdf

from redactor.config.run import RunOptions
from redactor.errors import VerificationFailed
from redactor.harden import harden
from redactor.image_text import check_pixels, image_entries, image_text_entries
from redactor.model import ChannelRedaction, Decision, Withheld
from redactor.ocr import add_text_layers
from redactor.page import PageText
from redactor.pdf.checks import revisions
from redactor.pdf.files import OutputNames, sha256_file, temp_path, write_json_atomic
from redactor.pdf.save import save
from redactor.pipeline.analysis import Analysis
from redactor.pipeline.result import DocumentResult
from redactor.redact import redact_document
from redactor.report import build_report, validate_report
from redactor.report.certificate import build_certificate, write_certificate
from redactor.text.normalise import Haystack, normalise
from redactor.timing import add as add_time
from redactor.timing import stage
from redactor.verify import verify_document


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


def release(doc: pymupdf.Document, source: Path, analysis: Analysis, options: RunOptions,
            result: DocumentResult, *, source_format: str = "pdf", attachments: list[dict] | None = None,
            source_sha256: str | None = None) -> None:
    """Redact, harden, save to a temporary name, verify, and only then rename to the release name. The
    report is complete (analysis.report_extra included) before it is written and the certificate hashes it."""
    names = OutputNames.for_source(source, options.out_dir)
    out_pdf, out_report = names.released, names.report
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
            verification = check_pixels(tmp, analysis.ocr, decisions, verification)  # words read in images
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
            image_text=image_text_entries(decisions, analysis.ocr), images=image_entries(analysis.ocr),
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
