"""The reviewer's decisions file (NAME.decisions.json, exported by the review page), validated, and each
decision rebuilt against the PDF: a proposal from its recorded page offsets (cross-checked against the
recorded text), a manual box from the glyphs under it. See the package docstring for why this is safe."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pymupdf
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from redactor.config.profiles import Exemption, Profile, describe_error
from redactor.errors import ConfigError, DecisionsMismatch
from redactor.extract import extract_document
from redactor.model import Decision
from redactor.page import REMOVE_BAND, VISUAL_BAND, LinePiece, PageText
from redactor.pdf.files import read_json

DECISIONS_FORMAT = "redactor.decisions/1"
MANUAL_ENTITY = "MANUAL"


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
        data = read_json(path, "a redactor decisions file")  # InputMissing (3) / ConfigError (8), as every file
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(f"not a redactor decisions file: {describe_error(exc)}", path) from None


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
        # glyphs are removed (see page.REMOVE_BAND).
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
