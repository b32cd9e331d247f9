"""Initials followed by a surname: "J. R. Whitfield", "A. Okonkwo", "P.Raghunathan", "Ē. Bērziņa". spaCy tags these
unreliably, and propagation needs them to find the same person elsewhere."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer
from recognizers._names import NAME, looks_like_org


class InitialsNameRecognizer(RegexRecognizer):
    ENTITY = "PERSON"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("initials + surname", rf"(?<![\w.])(?:\p{{Lu}}\.[ ]?){{1,3}}{NAME}\b(?!\.[A-Za-z])", 0.55),
    ]
    CONTEXT: ClassVar[list[str]] = []

    def invalidate_result(self, pattern_text: str) -> bool:
        return looks_like_org(pattern_text)
