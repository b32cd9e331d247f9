"""IBANs of every country, in any case and spacing ("GB82 WEST 1234 5698 7654 32", "de89370400440532013000"),
taken only when the ISO 13616 mod-97 check digits are right. Presidio's IbanRecognizer does the same for
upper case only: a lower-case IBAN typed into a form or an email is still someone's bank account."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer
from recognizers.bank_account import iban_ok


class AnyCaseIbanRecognizer(RegexRecognizer):
    ENTITY = "BANK_ACCOUNT"
    PATTERNS: ClassVar[list[Pattern]] = [
        # country code, two check digits, then 11-30 letters or digits in groups of (usually) four
        Pattern("IBAN, any case", r"\b(?i:[a-z]{2}\d{2}(?:[ \n]?[a-z0-9]{4}){2,7}(?:[ \n]?[a-z0-9]{1,4})?)\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["iban", "bank", "account", "payment", "transfer"]

    def validate_result(self, pattern_text: str) -> bool:
        compact = pattern_text.replace(" ", "").replace("\n", "")  # wrapped over a line end too
        return 15 <= len(compact) <= 34 and compact[4:].isalnum() and iban_ok(compact)
