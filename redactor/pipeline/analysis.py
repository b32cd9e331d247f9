"""What to withhold from a document, by detection: its page text (every layer on, scanned pages read with
OCR, unreadable pages listed), the non-page channels, the detector's findings and the decisions on them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pymupdf

from redactor.config.run import RunOptions
from redactor.decide import plan, propagate_names
from redactor.detect import Detector
from redactor.extract import extract_document
from redactor.harden import ChannelScan, scan_channels
from redactor.image_text import read_images, spread_over_copies
from redactor.model import ChannelRedaction, Decision, Finding, Kept, OcrResult, Unreviewed
from redactor.ocr import ocr_document, pad_pieces
from redactor.page import PageText
from redactor.pdf.checks import unreadable_pages
from redactor.pdf.visibility import reveal_layers
from redactor.timing import stage


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
    pages, ocr = ocr_document(doc, pages, options.ocr, options.ocr_min_confidence, options.ocr_dpi,  # scanned
                              options.ocr_cache)
    pages, ocr = read_images(doc, pages, ocr, options.ocr_cache, options.ocr_min_confidence)  # text in images
    listed = {u.page for u in ocr.unreviewed} | set(ocr.pages)  # fonts without Unicode: text is not readable
    unreadable = [Unreviewed(n, why) for n, why in unreadable_pages(doc, pages, skip=listed)]
    ocr = replace(ocr, unreviewed=[*ocr.unreviewed, *unreadable])
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
                      requester=options.requester, organisation=options.organisation)
        channels = channel_scan.redactions(result.decisions, options.profile, options.allow)
        result.decisions = spread_over_copies(result.decisions, ocr, pages)  # one image on many pages
        result.decisions = pad_pieces(result.decisions, ocr)  # scanned letters' edges lie just outside Tesseract's word boxes
    return Analysis(pages, result.decisions, result.kept, channels, ocr, detected)
