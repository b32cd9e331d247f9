"""Plain data passed between the stages: what was found (Finding), what is withheld or kept (Decision,
Kept, ChannelRedaction), what verification checks and finds (Withheld, Leak, VerifyResult, HiddenSpan),
and what OCR read (OcrWord, OcrPage, Unreviewed, ImageRead, OcrResult).

No behaviour beyond a few derived properties; it imports only the page model and the profiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redactor.config.profiles import Exemption
from redactor.page import LinePiece

# --- detection and decisions -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Finding:
    page: int  # 0-based
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    text: str  # normalised text[start:end]


@dataclass(frozen=True, slots=True)
class Decision:
    """One passage withheld, and where. Frozen: a stage that moves a box (redaction's re-typesetting, OCR
    padding) returns new decisions (dataclasses.replace), so no result depends on call order."""

    id: str
    page: int  # 0-based
    start: int
    end: int
    text: str  # exact text withheld, as on the page
    entity_type: str
    exemptions: tuple[Exemption, ...]
    score: float
    recognizer: str
    pieces: tuple[LinePiece, ...] = ()  # one per line; a list given is kept as a tuple
    # Set by the review workflow (redactor.review); None/False on the one-shot `redact` path.
    decision: str | None = None  # "accepted" | "rejected" | "manual"
    reviewer: str | None = None
    decided_at: str | None = None  # ISO 8601, as recorded by the review page
    manual: bool = False  # drawn or selected by a reviewer, not proposed by the tool
    justification: str | None = None  # reviewer's wording; None = the profile's
    public_interest: str | None = None  # reviewer's reasoning for qualified exemptions; None = profile's
    reason: str | None = None  # why a proposal was rejected

    def __post_init__(self) -> None:
        if not isinstance(self.pieces, tuple):
            object.__setattr__(self, "pieces", tuple(self.pieces))

    @property
    def label(self) -> str:
        return "; ".join(e.code for e in self.exemptions)


@dataclass(frozen=True, slots=True)
class Kept:
    """A finding deliberately released, with the reason (audit trail for the report)."""

    page: int  # 0-based
    text: str
    entity_type: str
    reason: str


@dataclass(frozen=True, slots=True)
class ChannelRedaction:
    """Sensitive text found in a non-page channel; hardening removes the channel's content."""

    id: str
    channel: str
    location: str
    page: int | None  # 0-based
    text: str
    entity_type: str
    exemptions: tuple[Exemption, ...]
    score: float
    recognizer: str
    action: str = "removed"

    @property
    def label(self) -> str:
        return "; ".join(e.code for e in self.exemptions)


# --- verification ------------------------------------------------------------------------------------

CHANNELS = ("page-text", "under-box", "streams", "metadata", "xmp", "annotation", "form", "outline", "link",
            "destination", "page-label", "javascript", "marked-content", "structure", "object", "attachment",
            "offpage", "clipped", "hidden-layer", "covered-text", "invisible-text")


@dataclass(frozen=True, slots=True)
class Withheld:
    """What verification needs to know about one redaction."""

    id: str
    page: int  # 0-based; -1 for text found in a document-level channel (metadata, outline, ...)
    text: str
    rects: tuple[tuple[float, float, float, float], ...]
    label: str
    allowed_elsewhere: int = 0  # unredacted occurrences of the same text in the input


@dataclass(frozen=True, slots=True)
class Leak:
    channel: str
    redaction_id: str
    page: int | None
    detail: str


@dataclass(frozen=True, slots=True)
class VerifyResult:
    leaks: list[Leak] = field(default_factory=list)
    channels: tuple[str, ...] = CHANNELS
    allowed_elsewhere: dict[str, int] = field(default_factory=dict)  # redaction id -> unredacted occurrences

    @property
    def ok(self) -> bool:
        return not self.leaks


@dataclass(frozen=True, slots=True)
class HiddenSpan:
    reason: str
    text: str
    bbox: tuple[float, float, float, float]
    chars: tuple  # texttrace chars: (unicode, glyph, origin, bbox)
    size: float
    # the span's font ascender and descender (em) and whether it runs left to right: where MuPDF looks
    # for the glyphs when removing them (harden.removal_rects)
    ascender: float = 0.8
    descender: float = -0.2
    horizontal: bool = True


# --- OCR -----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OcrWord:
    text: str
    rect: tuple[float, float, float, float]  # unrotated PDF page space (as extract's glyph boxes), tight
    confidence: float
    line: int  # line index within the page's OCR result
    angle: int  # reading direction on the visible page, degrees counter-clockwise (0, 90, 180, 270)


@dataclass(frozen=True, slots=True)
class OcrPage:
    number: int  # 0-based
    words: list[OcrWord]
    confidence: float
    rotation: int  # degrees counter-clockwise the rendered page must turn to be upright
    seconds: float
    dpi: int
    reused: bool = False  # the reading came from the run's OCR cache (same image, same settings)
    word_of_glyph: dict[int, int] = field(default_factory=dict)  # PageText glyph index -> index in words

    @property
    def text_height(self) -> float:
        """Median word height (across the reading direction): the scale for padding boxes."""
        heights = sorted(min(w.rect[2] - w.rect[0], w.rect[3] - w.rect[1]) for w in self.words)
        return heights[len(heights) // 2] if heights else 0.0


@dataclass(frozen=True, slots=True)
class Unreviewed:
    page: int  # 0-based
    reason: str


@dataclass(frozen=True, slots=True)
class ImageRead:
    """One image placed on a page and looked at for text (redactor.image_text)."""

    page: int  # 0-based
    xref: int  # the image XObject; 0 for an inline image
    bbox: tuple[float, float, float, float]  # where it is drawn, unrotated page space
    digest: str  # MuPDF's image hash: placements of the same image share it
    kind: str  # "text" | "no-text" | "signature" | "photo" (the last two are flagged for review)
    words: tuple[int, ...] = ()  # indices into the page's OcrPage.words read from this image
    confidence: float = 0.0
    reused: bool = False  # read earlier in this run (another placement) or taken from the OCR cache
    reason: str = ""  # why a signature/photo was flagged


@dataclass(frozen=True, slots=True)
class OcrResult:
    mode: str = "auto"
    pages: dict[int, OcrPage] = field(default_factory=dict)
    unreviewed: list[Unreviewed] = field(default_factory=list)
    images: list[ImageRead] = field(default_factory=list)  # images of born-digital pages looked at

    @property
    def seconds(self) -> float:
        return sum(p.seconds for p in self.pages.values())
