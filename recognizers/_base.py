"""Shared base for the regex recognizers: PATTERNS / CONTEXT / ENTITY as class constants, and the same
regex flags in unit tests as in production (Presidio's own default adds IGNORECASE, which would make
"May" or "Will" match as names and "ico" as an ICO reference)."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# The flags redactor.detect passes to every analyze() call; use (?i) inside a pattern where wanted.
REGEX_FLAGS = regex.DOTALL | regex.MULTILINE


class RegexRecognizer(PatternRecognizer):
    """A PatternRecognizer configured entirely by class constants."""

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]] = []

    # References recur in a document ("Ticket SEC-1432" ... "the update on SEC-1432"): when True, every
    # other occurrence of a matched string on the page is reported too, context or not.
    REPEAT_MATCHES: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            name=type(self).__name__,
            global_regex_flags=REGEX_FLAGS,
        )


    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if not self.REPEAT_MATCHES or not results:
            return results
        seen = {(r.start, r.end) for r in results}
        best: dict[str, RecognizerResult] = {}
        for r in results:
            key = text[r.start:r.end]
            if key not in best or r.score > best[key].score:
                best[key] = r
        for key, r in best.items():
            for m in regex.finditer(rf"(?<![\w/-]){regex.escape(key)}(?![\w/-]|\.\w)", text):
                if (m.start(), m.end()) not in seen:
                    seen.add((m.start(), m.end()))
                    results.append(RecognizerResult(r.entity_type, m.start(), m.end(), r.score,
                                                    r.analysis_explanation, r.recognition_metadata))
        return results


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
