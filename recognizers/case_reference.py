"""Regulator case references: ICO cases are IC- + 6 digits + - + 4 alphanumerics (IC-304588-B6D4)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class CaseReferenceRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("ICO case reference", r"\bIC-\d{6}-[A-Z0-9]{4}\b", 0.9),
        Pattern("ICO enforcement/investigation reference", r"\b(?:RFA|ENF|INV)\d{6,8}\b", 0.7),
    ]
    CONTEXT = ["case", "reference", "ref", "ico", "our ref", "your ref", "logged"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="CASE_REFERENCE",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="CaseReferenceRecognizer",
        )
