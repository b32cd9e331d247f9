"""Payment card numbers: 13-19 digits, spaced or dashed in groups, with a valid Luhn check digit and a
known issuer prefix (Visa 4, Mastercard 51-55/2221-2720, Amex 34/37, Discover 6, Maestro 50/56-69, JCB 35
and its 15-digit 1800). Maestro's 12-digit cards are taken after a card word ("card", "debit", "maestro").
A narrow column may break a number at a space or after a hyphen: both are read as group separators."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer, luhn_ok

# a group separator: a space, a hyphen, or none; a narrow column may break the line at a space or after a hyphen
_SEP = r"(?:[ \n]|-\n?)?"
_CARD_WORD = r"\b(?i:card|maestro|debit)"


class PaymentCardRecognizer(RegexRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS: ClassVar[list[Pattern]] = [
        # (a class first, then the prefix checked looking back: 0.01 ms a page where an alternation first cost 0.1)
        Pattern("card number",
                rf"(?<![\w/.-])[1-6]\d{{3}}(?<=[2-6]\d{{3}}|1800){_SEP}(?:\d{{4}}{_SEP}){{2}}\d{{1,4}}(?:{_SEP}\d{{3}})?\b", 0.5),
        Pattern("Amex", rf"(?<![\w/.-])3[47]\d{{2}}{_SEP}\d{{6}}{_SEP}\d{{5}}\b", 0.5),
        # Diners Club (30, 36, 38, 39) and 14/15-digit cards printed 4-6-4 or 4-6-5
        Pattern("Diners", rf"(?<![\w/.-])3[0689]\d{{2}}{_SEP}\d{{6}}{_SEP}\d{{4,5}}\b", 0.5),
        # Maestro (50, 56-69) also issues 12-digit cards: taken after a card word, as twelve digits are common
        GatedPattern(
            "Maestro, 12 digits, after a card word",
            rf"(?=5|6|06)(?<={_CARD_WORD}[^\d\n]{{0,40}}\n?)(?:50|5[6-9]|6\d|06)\d{{2}}(?:{_SEP}\d{{4}}){{2}}\b(?!{_SEP}\d)",
            0.5,
            gate=_CARD_WORD,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["card", "visa", "mastercard", "amex", "payment", "debit", "credit"]

    def validate_result(self, pattern_text: str) -> bool:
        digits = "".join(c for c in pattern_text if c.isdigit())
        return 12 <= len(digits) <= 19 and luhn_ok(digits)
