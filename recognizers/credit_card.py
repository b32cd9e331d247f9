"""Payment card numbers: 13-19 digits, spaced or dashed in groups, with a valid Luhn check digit and a
known issuer prefix (Visa 4, Mastercard 51-55/2221-2720, Amex 34/37, Discover 6, Maestro 50/56-69)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer, luhn_ok


class PaymentCardRecognizer(RegexRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("card number", r"(?<![\w/.-])[2-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,4}(?:[ -]?\d{3})?\b", 0.5),
        Pattern("Amex", r"(?<![\w/.-])3[47]\d{2}[ -]?\d{6}[ -]?\d{5}\b", 0.5),
        # Diners Club (30, 36, 38, 39) and 14/15-digit cards printed 4-6-4 or 4-6-5
        Pattern("Diners", r"(?<![\w/.-])3[0689]\d{2}[ -]?\d{6}[ -]?\d{4,5}\b", 0.5),
    ]
    CONTEXT: ClassVar[list[str]] = ["card", "visa", "mastercard", "amex", "payment", "debit", "credit"]

    def validate_result(self, pattern_text: str) -> bool:
        digits = "".join(c for c in pattern_text if c.isdigit())
        return 13 <= len(digits) <= 19 and luhn_ok(digits)
