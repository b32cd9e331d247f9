"""NHS numbers: ten digits, usually 3-3-4, whose last digit is a modulus 11 check digit
(NHS Data Dictionary, "NHS NUMBER")."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer


def nhs_check_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


class UkNhsRecognizer(RegexRecognizer):
    ENTITY = "UK_NHS"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("NHS number", r"(?<![\w/.+-])\d{3}(?:[ \n]|-\n?)?\d{3}(?:[ \n]|-\n?)?\d{4}\b(?![/-]\d)", 0.3),
    ]
    CONTEXT: ClassVar[list[str]] = ["nhs", "nhs number", "patient", "hospital", "gp"]

    def validate_result(self, pattern_text: str) -> bool:
        return nhs_check_ok(pattern_text)
