"""Findings -> redaction decisions: which spans are withheld, under which exemptions.

Here the profile is applied (entity type -> exemption codes), overlapping findings are merged so one
passage gets one box, and names found once are searched for everywhere else in the document: a name
redacted on page 1 and left on page 3 is a disclosure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redactor.detect import Finding
from redactor.exemptions import Exemption, Profile
from redactor.extract import LinePiece, PageText

PROPAGATED = "NamePropagation"
# Surname/forename tokens shorter than this, or in this list, are not propagated on their own: they are
# too often ordinary words. The full name is always propagated.
_MIN_PART = 3
_COMMON_WORDS = frozenset(
    "will may rose hill mark bill grace hope joy faith dawn april june august summer sky page long king "
    "young white green brown black field house park lane street road dean case bank".split()
)


@dataclass(slots=True)
class Decision:
    id: str
    page: int  # 0-based
    start: int
    end: int
    text: str  # exact text withheld, as on the page
    entity_type: str
    exemptions: tuple[Exemption, ...]
    score: float
    recognizer: str
    pieces: list[LinePiece] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "; ".join(e.code for e in self.exemptions)


def _name_variants(name: str) -> set[str]:
    words = re.findall(r"[A-Z][\w'’-]*", name)
    variants = {name.strip()}
    if len(words) >= 2:
        variants.add(" ".join(words))
        for part in (words[0], words[-1]):
            if len(part) >= _MIN_PART and part.lower() not in _COMMON_WORDS:
                variants.add(part)
    return {v for v in variants if v}


def propagate_names(pages: list[PageText], findings: list[Finding]) -> list[Finding]:
    """Every occurrence of a found person's full name, forename or surname, on every page."""
    variants: set[str] = set()
    for f in findings:
        if f.entity_type == "PERSON":
            variants |= _name_variants(f.text)
    if not variants:
        return []
    alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    # Case-sensitive on purpose (a name in lower case is usually an ordinary word), with a trailing
    # possessive allowed so "Okonkwo's" is caught by "Okonkwo".
    pattern = re.compile(rf"(?<![\w@.])(?:{alternation})(?![\w@])")
    extra = []
    for page in pages:
        for m in pattern.finditer(page.text):
            extra.append(Finding(page.number, m.start(), m.end(), "PERSON", 0.8, PROPAGATED, m.group()))
    return extra


def _merge(findings: list[Finding]) -> list[list[Finding]]:
    """Group findings whose spans overlap on the same page."""
    groups: list[list[Finding]] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.page, f.start, -f.end)):
        if groups and f.page == groups[-1][0].page and f.start < end:
            groups[-1].append(f)
            end = max(end, f.end)
        else:
            groups.append([f])
            end = f.end
    return groups


def decide(pages: list[PageText], findings: list[Finding], profile: Profile,
           allow: frozenset[str] = frozenset(), seed_names: frozenset[str] = frozenset()) -> list[Decision]:
    """Turn findings into one decision per withheld passage, in page and reading order.

    `seed_names` are people found elsewhere (other documents of a bundle): they are searched for here
    exactly like names found in this document.
    """
    by_page = {p.number: p for p in pages}
    allowed = {a.casefold() for a in allow}
    seeds = [Finding(-1, 0, 0, "PERSON", 1.0, "BundleName", name) for name in sorted(seed_names)]
    candidates = [
        f for f in [*findings, *propagate_names(pages, [*findings, *seeds])]
        if profile.exemptions_for(f.entity_type) and f.text.strip().casefold() not in allowed
    ]
    decisions = []
    for group in _merge(candidates):
        page = by_page[group[0].page]
        start, end = min(f.start for f in group), max(f.end for f in group)
        best = max(group, key=lambda f: (f.recognizer != PROPAGATED, f.score))
        codes: dict[str, Exemption] = {}
        for f in sorted(group, key=lambda f: -f.score):
            for ex in profile.exemptions_for(f.entity_type):
                codes.setdefault(ex.code, ex)
        decisions.append(
            Decision(
                id=f"p{page.number + 1}-{len(decisions) + 1:04d}",
                page=page.number,
                start=start,
                end=end,
                text=page.source_text(start, end),
                entity_type=best.entity_type,
                exemptions=tuple(codes.values()),
                score=best.score,
                recognizer=best.recognizer,
                pieces=page.pieces(start, end),
            )
        )
    return [d for d in decisions if d.pieces]
