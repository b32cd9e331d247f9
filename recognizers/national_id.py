"""National identity numbers other than the UK's NINO and NHS number (uk_nino.py, uk_nhs.py): US social
security numbers, UK and US passport numbers and UK driving-licence numbers.

A social security number in its printed form (123-45-6789) is distinctive enough alone, once the SSA's
never-issued ranges are excluded (area 000, 666 or 900-999; group 00; serial 0000). Written without
dashes, and passport numbers (nine digits, or a letter and eight digits), are ordinary numbers unless a
word says what they are, so those need "SSN", "social security" or "passport" close before them. The UK
driving-licence number has a fixed shape (DVLA: five letters of the surname padded with 9s, six digits
encoding the date of birth, two initials, a check digit and two letters)."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_SSN_WORDS = r"\b(?i:ssn|social[ ]security(?:[ ]number|[ ]no\.?)?|ss[ ]?#)"
_PASSPORT_WORDS = r"\b(?i:passport)"
_SSN = regex.compile(r"(\d{3})(?:[ \n]|-\n?)(\d{2})(?:[ \n]|-\n?)(\d{4})")  # printed form; a bare label-led number is taken as is


class NationalIdRecognizer(RegexRecognizer):
    ENTITY = "NATIONAL_ID"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("US SSN, dashed", r"(?<![\w/.-])\d{3}-\n?\d{2}-\n?\d{4}(?![\w/-]|[.,]\d)", 0.5),
        GatedPattern("US SSN after its label",
                     rf"(?=\d{{3}}[ \n]?\d{{2}}[ \n]?\d{{4}}\b)(?<={_SSN_WORDS}[^\d\n]{{0,16}}\n?)\d{{3}}[ \n]?\d{{2}}[ \n]?\d{{4}}\b",
                     0.7, gate=_SSN_WORDS),
        GatedPattern("passport number after its label",
                     rf"(?=[A-Z]?\d{{8,9}}\b)(?<={_PASSPORT_WORDS}[^\d\n]{{0,24}}\n?)[A-Z]?\d{{8,9}}\b",
                     0.7, gate=_PASSPORT_WORDS),
        Pattern("UK driving licence",
                r"\b[A-Z9]{5}[ \n]?\d[0156]\d(?:0[1-9]|[12]\d|3[01])\d[ \n]?[A-Z9]{2}\d[A-Z]{2}(?:[ ]?\d{2})?\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["ssn", "social", "security", "passport", "licence", "license", "driving"]

    def validate_result(self, pattern_text: str) -> bool | None:
        m = _SSN.fullmatch(pattern_text)
        if m is None:
            return None
        area, group, serial = m.groups()
        return not (area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000")
