"""Shared base for the regex recognizers: PATTERNS / CONTEXT / ENTITY as class constants, and the same
regex flags in unit tests as in production (Presidio's own default adds IGNORECASE, which would make
"May" or "Will" match as names and "ico" as an ICO reference)."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, PatternRecognizer

# The flags redactor.detect passes to every analyze() call; use (?i) inside a pattern where wanted.
REGEX_FLAGS = regex.DOTALL | regex.MULTILINE


class RegexRecognizer(PatternRecognizer):
    """A PatternRecognizer configured entirely by class constants."""

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]] = []

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            name=type(self).__name__,
            global_regex_flags=REGEX_FLAGS,
        )


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards (ISO/IEC 7812-1)."""
    nums = [int(c) for c in digits if c.isdigit()]
    if len(nums) < 2:
        return False
    total = 0
    for i, n in enumerate(reversed(nums)):
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0
