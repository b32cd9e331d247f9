"""Regulator case references -> CASE_REFERENCE (s31(1)(g) under uk-foia).

ICO case references are IC- + 6 digits + - + 4 alphanumerics (IC-304588-B6D4); older and enforcement
forms are RFA/ENF/INV/COM + digits, and letters quote "ICO ref: ..." followed by any of these.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer


class CaseReferenceRecognizer(RegexRecognizer):
    REPEAT_MATCHES = True
    HYPHEN_WRAPS = True
    ENTITY = "CASE_REFERENCE"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("ICO case reference", r"\bIC-\d{6}-[A-Z0-9]{4}\b", 0.9),
        Pattern("ICO enforcement/investigation reference", r"\b(?:RFA|ENF|INV|COM|CSR)[/-]?\d{5,10}\b", 0.7),
        # "ICO ref: 0123456/AB", "ICO reference number ABC/12345"
        # skipped on pages without "ICO ", where the lookbehind starts
        GatedPattern(
            "ICO ref in context",
            r"(?<=\bICO[ ](?i:case[ ])?(?i:ref(?:erence)?\.?)(?:[ ](?i:no\.?|number))?[ ]?[:#]?[ ]?)"
            r"(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9]\b",
            0.8,
            gate=r"\bICO[ ]",
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["case", "reference", "ref", "ico", "our ref", "your ref", "logged", "complaint"]
