"""Bank details: sort codes and account numbers after a word that says so, and IBANs (mod 97 checked).
Six digits in pairs are too common (dates, version numbers) to take without "sort code" nearby."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer


def iban_ok(text: str) -> bool:
    s = text.replace(" ", "").upper()
    if len(s) < 15:
        return False
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1

_ACCOUNT_LABEL = r"\b(?i:account\s(?:number|no\.?)|acc(?:ount)?[ ]no\.?|a/c(?:[ ]no\.?)?|acct)"


class BankAccountRecognizer(RegexRecognizer):
    ENTITY = "BANK_ACCOUNT"
    PATTERNS: ClassVar[list[Pattern]] = [
        # Both skipped on pages without their label (the lookbehind's, verbatim). The account number's
        # lookbehind, which scans back 12 characters, is tried only where six digits start.
        GatedPattern(
            "sort code in context",
            r"(?<=\b(?i:sort\s?code|s/c)[^\d.;]{0,12})\d{2}[- ]?\d{2}[- ]?\d{2}\b(?![/-]\d)",
            0.75,
            gate=r"\b(?i:sort\s?code|s/c)",
        ),
        GatedPattern(
            "account number in context",
            rf"(?=\d{{6}})(?<={_ACCOUNT_LABEL}[^\d.;]{{0,12}})\d{{6,10}}\b",
            0.75,
            gate=_ACCOUNT_LABEL,
        ),
        Pattern("GB IBAN", r"\bGB\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{4}){3}[ ]?\d{2}\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["sort code", "account", "bank", "iban", "payment"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return iban_ok(pattern_text) if pattern_text.startswith("GB") else None
