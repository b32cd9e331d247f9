"""Bank details: sort codes and account numbers after a word that says so, and IBANs (mod 97 checked).
Six digits in pairs are too common (dates, version numbers) to take without "sort code" nearby."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer


def iban_ok(text: str) -> bool:
    s = text.replace(" ", "").upper()
    if len(s) < 15:
        return False
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1


class BankAccountRecognizer(RegexRecognizer):
    ENTITY = "BANK_ACCOUNT"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "sort code in context",
            r"(?<=\b(?i:sort\s?code|s/c)[^\d.;]{0,12})\d{2}[- ]?\d{2}[- ]?\d{2}\b(?![/-]\d)",
            0.75,
        ),
        Pattern(
            "account number in context",
            r"(?<=\b(?i:account\s(?:number|no\.?)|acc(?:ount)?[ ]no\.?|a/c(?:[ ]no\.?)?|acct)[^\d.;]{0,12})"
            r"\d{6,10}\b",
            0.75,
        ),
        Pattern("GB IBAN", r"\bGB\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{4}){3}[ ]?\d{2}\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["sort code", "account", "bank", "iban", "payment"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return iban_ok(pattern_text) if pattern_text.startswith("GB") else None
