"""National Insurance numbers: two prefix letters, six digits, suffix A-D (HMRC NIM39110). The first
letter is never D, F, I, Q, U, V; the second never D, F, I, O, Q, U, V; BG, GB, KN, NK, NT, TN, ZZ are
never allocated."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_LABEL = r"\b(?i:national[ ]insurance(?:[ ]number|[ ]no\.?)?|ni[ ]number|ni[ ]no\.?|nino)"
_NOT_ALLOCATED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


class NationalInsuranceRecognizer(RegexRecognizer):
    ENTITY = "UK_NINO"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "NINO",
            r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \n]?\d{2}[ \n]?\d{2}[ \n]?\d{2}[ \n]?[A-D]\b",
            0.6,
        ),
        # typed in lower case into a form: taken only after its label
        GatedPattern(
            "NINO in any case after its label",
            rf"(?=[a-z]{{2}})(?<={_LABEL}[:]?[ \n]{{1,3}}(?:is[ ]|was[ ])?)(?i:[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z][ \n]?\d{{2}}[ \n]?\d{{2}}[ \n]?\d{{2}}[ \n]?[a-d])\b",
            0.6,
            gate=_LABEL,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["national insurance", "ni number", "nino", "ni no", "insurance"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if pattern_text[:2].upper() not in _NOT_ALLOCATED else False
