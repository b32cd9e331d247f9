"""Dates of birth. A date on its own is kept (letters are full of them); one after "date of birth",
"DOB", "born on" or "d.o.b." is personal data."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# 25/09/1961, 25.09.61, 25 Sep 1961, 25th September 1961, September 25, 1961 (US order), 1961-09-25; a narrow
# column may break the line at a space or after a hyphen
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\n?\d{{1,2}}[/.-]\n?(?:19|20)?\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?[ \n]{_MONTH}\.?,?[ \n](?:19|20)\d{{2}}"
    rf"|{_MONTH}\.?[ \n]\d{{1,2}}(?:st|nd|rd|th)?,?[ \n](?:19|20)\d{{2}}|\d{{4}}[-/.]\n?\d{{2}}[-/.]\n?\d{{2}})"
)

_BIRTH_WORD = r"\b(?i:date[ ]of[ ]birth|d\.?o\.?b\.?|born(?:[ ]on)?|birth[ ]date|birthday)"


class DateOfBirthRecognizer(RegexRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS: ClassVar[list[Pattern]] = [
        # skipped on pages without a birth word (the lookbehind's, verbatim)
        GatedPattern(
            "date after a birth word",
            rf"(?<={_BIRTH_WORD}\)?[ ]?[:\-,]?\s{{0,3}}(?:\(?[A-Za-z/ ]{{0,12}}\)?[ ]?[:,]?\s{{0,3}})?){_DATE}\b",
            0.8,
            gate=_BIRTH_WORD,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["birth", "dob", "born", "d.o.b"]
