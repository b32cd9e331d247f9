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

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Literal

import pymupdf
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from redactor import __version__, pipeline
from redactor.config.profiles import Exemption, Profile, _describe
from redactor.config.run import RunOptions
from redactor.detect import Detector
from redactor.errors import ConfigError, DecisionsMismatch, RedactorError
from redactor.extract import extract_document
from redactor.model import Decision
from redactor.ocr import pad_pieces
from redactor.page import REMOVE_BAND, VISUAL_BAND, LinePiece, PageText
from redactor.pdf.files import OutputNames, sha256_file, write_json_atomic, write_text_atomic
from redactor.pipeline import Analysis, DocumentResult, Opened, process_document
from redactor.report import decision_entry
from redactor.report.reviewcopy import review_copy_path, write_review_copy

PROPOSALS_FORMAT = "redactor.proposals/1"
DECISIONS_FORMAT = "redactor.decisions/1"
MANUAL_ENTITY = "MANUAL"
PAGE_IMAGE_ZOOM = 1.5  # 108 dpi: small words stay legible in the review page, a page stays ~100-200 kB


# --- proposals (analyze) ----------------------------------------------------------------------------


def output_paths(source: Path, out_dir: Path) -> tuple[Path, Path]:
    """NAME.proposals.json and NAME.review.html."""
    names = OutputNames.for_source(source, out_dir)
    return names.proposals, names.review_page


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
            "width": round(page.rect.width, 2),
            "height": round(page.rect.height, 2),
            "image": "data:image/png;base64," + base64.b64encode(pix.tobytes("png")).decode("ascii"),
            "words": words,
        })
    return out


def _template(name: str) -> str:
    return files("redactor").joinpath(f"templates/{name}").read_text(encoding="utf-8")


_MARKER = re.compile(r"\{\{(TITLE|DATA)\}\}|/\*\{\{(STYLE|SCRIPT)\}\}\*/")


def _script_json(data: object) -> str:
    """JSON safe inside <script>: no '<' at all, so document text cannot close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")


def render_review_page(proposals: dict, pages: list[dict]) -> str:
    """One self-contained HTML file: styles, script, data and page images inline; a CSP forbids any fetch."""
    values = {
        "TITLE": html.escape(proposals["source"]["name"]),
        "STYLE": _template("review.css"),
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
        return pipeline.analyze(opened.doc, options, self.detector)

    def analysed(self, opened: Opened, analysis: Analysis, options: RunOptions, result: DocumentResult) -> None:
        source = opened.source
        proposals = build_proposals(source, opened.sha256(), options.profile, opened.doc.page_count,
                                    analysis.decisions)
        page_html = render_review_page(proposals, _page_images(opened.doc, analysis.pages))
        outcome = self.outcome = AnalyzeResult(source=source)
        options.out_dir.mkdir(parents=True, exist_ok=True)
        json_path, html_path = output_paths(source, options.out_dir)
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
                                                    review_copy_path(source, options.out_dir),
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


# --- decisions (the review page's export) -------------------------------------------------------------

Rect = tuple[float, float, float, float]


class _Decided(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    page: int = Field(ge=1)
    exemptions: tuple[str, ...] = Field(min_length=1)
    justification: str | None = None
    public_interest: str | None = None
    reviewer: str | None = None
    decided_at: str | None = None


class ProposalDecision(_Decided):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(min_length=1)
    entity_type: str
    score: float = Field(ge=0, le=1)
    recognizer: str
    decision: Literal["pending", "accepted", "rejected"]
    reason: str | None = None

    @model_validator(mode="after")
    def _signed(self) -> ProposalDecision:
        if self.decision != "pending" and not (self.reviewer and self.decided_at):
            raise ValueError(f"{self.id}: a {self.decision} proposal must record reviewer and decided_at")
        if self.end <= self.start:
            raise ValueError(f"{self.id}: empty span")
        return self


class ManualRedaction(_Decided):
    rects: tuple[Rect, ...] = Field(min_length=1)
    reviewer: str = Field(min_length=1)
    decided_at: str = Field(min_length=1)


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class DecisionsFile(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    format: Literal["redactor.decisions/1"]
    source: SourceRef
    profile: str
    reviewer: str | None = None
    exported_at: str | None = None
    proposals: tuple[ProposalDecision, ...]
    manual: tuple[ManualRedaction, ...] = ()

    @classmethod
    def load(cls, path: Path) -> DecisionsFile:
        if not path.is_file():
            raise ConfigError("decisions file not found", path)
        try:
            return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                raise ConfigError(f"not a redactor decisions file: {_describe(exc)}", path) from None
            raise ConfigError(f"not a redactor decisions file: {exc}", path) from None


def _exemptions(codes: tuple[str, ...], profile: Profile, what: str) -> tuple[Exemption, ...]:
    unknown = [c for c in codes if c not in profile.exemptions]
    if unknown:
        raise ConfigError(f"{what}: exemption {', '.join(unknown)} is not in profile {profile.name!r}")
    return tuple(profile.exemptions[c] for c in codes)


def _overrides(item: _Decided, exemptions: tuple[Exemption, ...]) -> dict:
    """The reviewer's own wording, kept only where it differs from the profile's."""
    default_just = " ".join(e.justification for e in exemptions)
    default_pi = " ".join(e.public_interest for e in exemptions if e.type == "qualified" and e.public_interest)
    just = (item.justification or "").strip()
    pi = (item.public_interest or "").strip()
    return {
        "justification": just if just and just != default_just else None,
        "public_interest": pi if pi and pi != default_pi else None,
    }


def proposal_to_decision(page: PageText, p: ProposalDecision, profile: Profile) -> Decision:
    """Rebuild the decision exactly as analyze made it, from the recorded page offsets."""
    where = f"{p.id} (page {p.page})"
    if p.end > len(page.text) or page.source_text(p.start, p.end) != p.text:
        raise DecisionsMismatch(
            f"{where}: the text at the recorded position is not {p.text!r}; the PDF or the text extraction "
            "changed since analyze: run 'redactor analyze' again"
        )
    exemptions = _exemptions(p.exemptions, profile, where)
    return Decision(
        id=p.id, page=page.number, start=p.start, end=p.end, text=p.text, entity_type=p.entity_type,
        exemptions=exemptions, score=p.score, recognizer=p.recognizer, pieces=page.pieces(p.start, p.end),
        decision=p.decision, reviewer=p.reviewer, decided_at=p.decided_at,
        reason=(p.reason or None) if p.decision == "rejected" else None, **_overrides(p, exemptions),
    )


def _glyphs_in(page: PageText, rects: list[pymupdf.Rect]) -> list[int]:
    """Every visible glyph whose centre lies in one of the rectangles, in reading order."""
    ids = []
    for i, g in enumerate(page.glyphs):
        if g.char.isspace():
            continue
        cx, cy = (g.bbox[0] + g.bbox[2]) / 2, (g.bbox[1] + g.bbox[3]) / 2
        if any(r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1 for r in rects):
            ids.append(i)
    return ids


def _pieces_for_glyphs(page: PageText, ids: list[int]) -> list[LinePiece]:
    """As PageText.pieces, but for an arbitrary set of glyphs (a box need not follow the text order)."""
    by_line: dict[int, list[int]] = {}
    for g in ids:
        by_line.setdefault(page.glyphs[g].line, []).append(g)
    pieces = []
    for line, line_ids in by_line.items():
        remove, visual = pymupdf.Rect(), pymupdf.Rect()
        for g in line_ids:
            remove |= page.glyphs[g].band(REMOVE_BAND)
            visual |= page.glyphs[g].band(VISUAL_BAND)
        pieces.append(LinePiece(line, remove, visual, tuple(line_ids)))
    return pieces


def _non_text_in(pdf_page: pymupdf.Page, rects: list[pymupdf.Rect]) -> bool:
    """Is there an image or a vector drawing under the box (a signature, a stamp, a photo)?"""
    boxes = [pymupdf.Rect(info["bbox"]) for info in pdf_page.get_image_info()]
    boxes += [pymupdf.Rect(d["rect"]) for d in pdf_page.get_cdrawings()]
    return any(b.intersects(r) for b in boxes for r in rects)


def manual_to_decision(page: PageText, pdf_page: pymupdf.Page, m: ManualRedaction, profile: Profile) -> Decision:
    """A reviewer's box (or selected words): the glyphs whose centre lies inside are removed, line by line
    exactly like a proposal; images and drawings under the box are removed as pixels. A box over no text
    (a signature image) is redacted as an area."""
    where = f"{m.id} (page {m.page})"
    rects = [pymupdf.Rect(r).normalize() for r in m.rects]
    if any(r.is_empty for r in rects):
        raise ConfigError(f"{where}: empty rectangle")
    ids = _glyphs_in(page, rects)
    pieces = _pieces_for_glyphs(page, ids)
    if not pieces:
        pieces = [LinePiece(-1, r, r, ()) for r in rects]
    elif _non_text_in(pdf_page, rects):
        # Pixels under the drawn box go too; the text pass reuses a glyph band so that no neighbouring line's
        # glyphs are removed (see extract.REMOVE_BAND).
        pieces += [LinePiece(-1, pieces[0].remove, r, ()) for r in rects]
    id_set = set(ids)
    chars = [i for i, refs in enumerate(page.char_glyphs) if id_set.intersection(refs)]
    start, end = (chars[0], chars[-1] + 1) if chars else (0, 0)
    exemptions = _exemptions(m.exemptions, profile, where)
    return Decision(
        id=m.id, page=page.number, start=start, end=end, text=page.glyph_text(ids), entity_type=MANUAL_ENTITY,
        exemptions=exemptions, score=1.0, recognizer="manual", pieces=pieces, decision="manual",
        reviewer=m.reviewer, decided_at=m.decided_at, manual=True, **_overrides(m, exemptions),
    )


@dataclass(slots=True)
class ReviewedPlan:
    """What a reviewer decided, rebuilt against the PDF: withheld (accepted + manual) and rejected."""

    pages: list[PageText]
    withheld: list[Decision]
    rejected: list[Decision]
    decisions: DecisionsFile


def check_source(decisions: DecisionsFile, source_sha256: str, decisions_path: Path | None = None) -> None:
    """Decisions apply to the exact file they were made on, nothing else."""
    if decisions.source.sha256 != source_sha256:
        raise DecisionsMismatch(
            f"decisions were made for {decisions.source.name} (sha256 {decisions.source.sha256[:12]}...), "
            f"not this file (sha256 {source_sha256[:12]}...); nothing applied", decisions_path)


def plan_from_decisions(doc: pymupdf.Document, source_sha256: str, decisions: DecisionsFile,
                        profile: Profile, decisions_path: Path | None = None,
                        pages: list[PageText] | None = None) -> ReviewedPlan:
    """`pages`: the document's prepared page text (pipeline.prepare_pages: layers on, OCR of scanned
    pages), the same text analyze proposed on; extracted here when not given."""
    check_source(decisions, source_sha256, decisions_path)
    pending = [p.id for p in decisions.proposals if p.decision == "pending"]
    if pending:
        more = f" and {len(pending) - 5} more" if len(pending) > 5 else ""
        raise ConfigError(
            f"{len(pending)} proposal(s) have no decision ({', '.join(pending[:5])}{more}); every proposal needs "
            "a person's accept or reject before release", decisions_path)
    pages = pages if pages is not None else extract_document(doc)
    withheld, rejected = [], []
    for p in decisions.proposals:
        if not 1 <= p.page <= len(pages):
            raise DecisionsMismatch(f"{p.id}: page {p.page} is not in the document", decisions_path)
        d = proposal_to_decision(pages[p.page - 1], p, profile)
        (withheld if p.decision == "accepted" else rejected).append(d)
    for m in decisions.manual:
        if not 1 <= m.page <= len(pages):
            raise DecisionsMismatch(f"{m.id}: page {m.page} is not in the document", decisions_path)
        withheld.append(manual_to_decision(pages[m.page - 1], doc[m.page - 1], m, profile))
    withheld.sort(key=lambda d: (d.page, d.pieces[0].visual.y0, d.pieces[0].visual.x0))
    return ReviewedPlan(pages, withheld, rejected, decisions)


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
        pages, ocr = pipeline.prepare_pages(opened.doc, options)
        reviewed = plan_from_decisions(opened.doc, source_sha256, decisions, options.profile, self.decisions_path,
                                       pages)
        reviewed.withheld = pad_pieces(reviewed.withheld, ocr)  # as analyze does: scanned glyph edges beyond Tesseract's boxes
        self.rejected = len(reviewed.rejected)
        self.manual = sum(d.manual for d in reviewed.withheld)
        if self.review_copy:  # before release: redaction may re-typeset a line and move its boxes
            self.review_copy_path = write_review_copy(opened.source, reviewed.withheld, reviewed.rejected,
                                                      review_copy_path(opened.source, options.out_dir),
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
