"""IBANs of every country, in any case and spacing ("GB82 WEST 1234 5698 7654 32", "de89370400440532013000"),
taken only when the ISO 13616 mod-97 check digits are right. Presidio's IbanRecognizer does the same for
upper case only: a lower-case IBAN typed into a form or an email is still someone's bank account.

A printed IBAN runs on into the next word when that word is four letters or more ("AT48 2089 8127 2121
6923 Declaration"), so the candidate is cut back group by group until the check digits agree."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import RegexRecognizer, make_result
from recognizers.bank_account import iban_ok

_GROUP = regex.compile(r"[ \n]?[A-Za-z0-9]{1,4}")


class AnyCaseIbanRecognizer(RegexRecognizer):
    ENTITY = "BANK_ACCOUNT"
    PATTERNS: ClassVar[list[Pattern]] = [
        # country code, two check digits, then 11-30 letters or digits in groups of (usually) four, also
        # wrapped over a line end
        Pattern("IBAN, any case", r"\b(?i:[a-z]{2}\d{2}(?:[ \n]?[a-z0-9]{4}){2,7}(?:[ \n]?[a-z0-9]{1,4})?)\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["iban", "bank", "account", "payment", "transfer"]
    SCORE = 0.85  # a valid check digit pair is strong evidence

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = []
        for m in self.patterns[0].compiled_regex.finditer(text):
            ends = [m.start() + g.end() for g in _GROUP.finditer(m.group(), 4)]
            end = next((e for e in reversed(ends) if _valid(text[m.start():e])), None)
            if end is not None:
                results.append(make_result(self, self.ENTITY, m.start(), end, self.SCORE, "mod-97 check digits"))
        return results


def _valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").replace("\n", "")
    return 15 <= len(compact) <= 34 and compact[4:].isalnum() and iban_ok(compact)
