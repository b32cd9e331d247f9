"""UK telephone numbers: +44 / 0 prefixes, spaced or not, with optional extension."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class UkPhoneRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "UK phone, international",
            r"(?<![\w+])\+44\s?\(?0?\)?\s?\d{2,5}[\s-]?\d{3,4}[\s-]?\d{3,4}(?:\s?(?:ext\.?|x)\s?\d{1,5})?\b",
            0.7,
        ),
        Pattern(
            "UK phone, national",
            r"(?<![\w/.-])\(?0\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?:\s?(?:ext\.?|x)\s?\d{1,5})?\b",
            0.5,
        ),
    ]
    CONTEXT = ["tel", "telephone", "phone", "mobile", "direct line", "call", "contact", "ext"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="UkPhoneRecognizer",
        )
