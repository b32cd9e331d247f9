"""analyze: redactions proposed by detection, for a person to decide. NAME.proposals.json (every proposal
with its page, offsets, boxes, text and exemptions, all pending) and NAME.review.html, a self-contained
page (styles, script, data and page images inline; a CSP forbids any fetch) that exports the decisions.
Nothing is released and the PDF is never changed."""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import pymupdf

from redactor import __version__
from redactor.config.profiles import Exemption, Profile
from redactor.config.run import RunOptions
from redactor.detect import Detector
from redactor.errors import RedactorError
from redactor.image_text import flagged_entries
from redactor.model import Decision
from redactor.page import PageText
from redactor.pdf.files import OutputNames, write_json_atomic, write_text_atomic
from redactor.pipeline import Analysis, DocumentResult, Opened, analyze, process_document
from redactor.report.reviewcopy import write_review_copy

PROPOSALS_FORMAT = "redactor.proposals/1"
PAGE_IMAGE_ZOOM = 1.5  # 108 dpi: small words stay legible in the review page, a page stays ~100-200 kB


def _exemption_dict(e: Exemption) -> dict:
    return {"code": e.code, "title": e.title, "type": e.type, "justification": e.justification,
            "public_interest": e.public_interest}


def proposal_entry(d: Decision) -> dict:
    qualified = [e.public_interest for e in d.exemptions if e.type == "qualified" and e.public_interest]
    return {
        "id": d.id,
        "page": d.page + 1,
        "start": d.start,
        "end": d.end,
        "rects": [[round(v, 2) for v in piece.visual] for piece in d.pieces],
        "text": d.text,
        "entity_type": d.entity_type,
        "score": d.score,
        "recognizer": d.recognizer,
        "exemptions": [e.code for e in d.exemptions],
        "justification": " ".join(e.justification for e in d.exemptions),
        "public_interest": " ".join(qualified) or None,
        "decision": "pending",
    }


def build_proposals(source: Path, source_sha256: str, profile: Profile, page_count: int,
                    decisions: list[Decision]) -> dict:
    return {
        "format": PROPOSALS_FORMAT,
        "tool": {"name": "redactor", "version": __version__},
        "created_at": _now(),
        "source": {"name": source.name, "path": str(source), "sha256": source_sha256},
        "profile": profile.name,
        "page_count": page_count,
        "exemptions": {code: _exemption_dict(e) for code, e in profile.exemptions.items()},
        "proposals": [proposal_entry(d) for d in decisions],
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _page_images(doc: pymupdf.Document, pages: list[PageText]) -> list[dict]:
    out = []
    for page, text in zip(doc, pages, strict=True):
        pix = page.get_pixmap(matrix=pymupdf.Matrix(PAGE_IMAGE_ZOOM, PAGE_IMAGE_ZOOM), alpha=False)
        words = [[w.text, *(round(v, 2) for v in w.rect)] for w in text.words() if not w.rect.is_empty]
        out.append({
            "number": page.number + 1,
            # the page as displayed (its /Rotate applied), as the image is rendered
            "width": round(page.rect.width, 2),
            "height": round(page.rect.height, 2),
            # Word, proposal and manual rectangles stay in the unrotated space text extraction uses (and apply
            # reads manual boxes in); the page draws them through to_view and turns a drawn box back with to_pdf.
            "rotation": page.rotation,
            "to_view": [round(v, 4) for v in page.rotation_matrix],
            "to_pdf": [round(v, 4) for v in page.derotation_matrix],
            "image": "data:image/png;base64," + base64.b64encode(pix.tobytes("png")).decode("ascii"),
            "words": words,
        })
    return out


def _template(name: str) -> str:
    return files("redactor.review").joinpath(f"templates/{name}").read_text(encoding="utf-8")


_MARKER = re.compile(r"\{\{(TITLE|DATA)\}\}|/\*\{\{(STYLE|TOOLS|FLAGS|SCRIPT)\}\}\*/")


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no '<' at all, so document text cannot close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")


def render_review_page(proposals: dict, pages: list[dict]) -> str:
    """One self-contained HTML file: styles, script, data and page images inline; a CSP forbids any fetch."""
    values = {
        "TITLE": html.escape(proposals["source"]["name"]),
        "STYLE": _template("review.css"),
        "TOOLS": _template("review-tools.js"),  # geometry, loading decisions back, moving boxes
        "FLAGS": _template("review-flags.js"),  # flagged images (signatures, photographs): withhold or release
        "SCRIPT": _template("review.js"),
        "DATA": _script_json({**proposals, "pages": pages}),
    }
    # one pass over the template only, so nothing inserted (document text included) is ever substituted again
    return _MARKER.sub(lambda m: values[m.group(1) or m.group(2)], _template("review.html"))


@dataclass(slots=True)
class AnalyzeResult:
    source: Path
    proposals: Path | None = None
    page: Path | None = None
    review_copy: Path | None = None
    pages: int = 0
    count: int = 0
    by_exemption: dict[str, int] = field(default_factory=dict)
    error: RedactorError | None = None
    warnings: list[str] = field(default_factory=list)
    attachments: list[AnalyzeResult] = field(default_factory=list)  # correspondence: each attachment's proposals

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class Propose:
    """pipeline.Plan of `analyze`: propose redactions by detection, write NAME.proposals.json and the
    review page (and the internal review copy), release nothing. An email's attachments are proposed
    for as documents of their own (NAME.attachment-N-*.proposals.json), for apply to find their decisions."""

    detector: Detector
    review_copy: bool = False
    release: bool = False
    attachments: bool = True
    outcome: AnalyzeResult | None = None
    children: list[Propose] = field(default_factory=list)

    def decide(self, opened: Opened, options: RunOptions) -> Analysis:
        return analyze(opened.doc, options, self.detector)

    def analysed(self, opened: Opened, analysis: Analysis, options: RunOptions, result: DocumentResult) -> None:
        source = opened.source
        proposals = build_proposals(source, opened.sha256(), options.profile, opened.doc.page_count,
                                    analysis.decisions)
        proposals["flagged_images"] = flagged_entries(analysis.ocr)  # signatures, photographs (issue 22)
        page_html = render_review_page(proposals, _page_images(opened.doc, analysis.pages))
        outcome = self.outcome = AnalyzeResult(source=source)
        options.out_dir.mkdir(parents=True, exist_ok=True)
        names = OutputNames.for_source(source, options.out_dir)
        json_path, html_path = names.proposals, names.review_page
        write_json_atomic(json_path, proposals)
        write_text_atomic(html_path, page_html)
        outcome.proposals, outcome.page = json_path, html_path
        outcome.pages, outcome.count = proposals["page_count"], len(analysis.decisions)
        counts: dict[str, int] = {}
        for d in analysis.decisions:
            for e in d.exemptions:
                counts[e.code] = counts.get(e.code, 0) + 1
        outcome.by_exemption = dict(sorted(counts.items()))
        if self.review_copy:
            outcome.review_copy = write_review_copy(source, analysis.decisions, [],
                                                    OutputNames.for_source(source, options.out_dir).review_copy,
                                                    heading="PROPOSED redactions (not yet reviewed)",
                                                    document=opened.doc)

    def for_attachment(self, path: Path) -> Propose:
        child = Propose(self.detector, self.review_copy)
        self.children.append(child)
        return child

    def result(self, document: DocumentResult) -> AnalyzeResult:
        outcome = self.outcome if document.ok and self.outcome is not None else AnalyzeResult(document.source)
        outcome.error, outcome.warnings = document.error, document.warnings
        outcome.attachments = [plan.result(child) for plan, child in zip(self.children, document.attachments,
                                                                           strict=True)]
        return outcome


def analyze_file(source: Path, options: RunOptions, detector: Detector, *, review_copy: bool = False) -> AnalyzeResult:
    """Propose redactions for one file. Never raises for a bad input: the error is in the result."""
    plan = Propose(detector, review_copy)
    return plan.result(process_document(source, options, plan))
