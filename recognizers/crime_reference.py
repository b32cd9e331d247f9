"""Police, NCA and Action Fraud crime references -> CRIME_REFERENCE (s31(1)(b) under uk-foia).

Action Fraud reports are NFRC + 9-12 digits; a police incident log is "CAD 1234 12/05/24" or
"CAD 2793/03DEC21" (the log number and its date together identify it); force crime numbers vary
(43/12345/24, CR/012345/24, SC-24-012345), so any reference right after "crime reference", "crime
number", "CRN" or "NCA reference" is taken.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_LABEL = (
    r"\b(?i:crime\s(?:ref(?:erence)?\.?|number|no\.?|report(?:\snumber)?)(?:\s(?:no\.?|number))?"
    r"|CRN|police[ ]ref(?:erence)?(?:[ ]number)?|NCA[ ]ref(?:erence)?(?:[ ]number)?"
    r"|(?:Action[ ]Fraud|NFIB)[ ]ref(?:erence)?(?:[ ]number)?|occurrence[ ]number|log[ ]number)"
)


class CrimeReferenceRecognizer(RegexRecognizer):
    REPEAT_MATCHES = True
    HYPHEN_WRAPS = True
    ENTITY = "CRIME_REFERENCE"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("Action Fraud report", r"\bNFRC\d{9,12}\b", 0.9),
        # "CAD 1234 12/05/24", and the Met's "CAD 2793/03DEC21" (log number / day, month, year)
        Pattern(
            "police CAD log",
            r"\bCAD\s?(?:no\.?[ ]?)?\d{2,6}(?:[ ](?:of[ ])?\d{1,2}/\d{1,2}/\d{2,4}|/\d{1,2}[A-Z]{3}\d{2,4})?\b",
            0.7,
        ),
        # The label lookbehind runs only where a reference can start (a capital or digit, with a digit in
        # the run ahead); pages without a label skip the pattern.
        GatedPattern(
            "crime reference in context",
            r"(?=[A-Z0-9])(?=[A-Z0-9/-]*\d)"
            rf"(?<={_LABEL}"
            r"\s?[:#]?[ ]?)[A-Z0-9][A-Z0-9/ -]{3,}?[A-Z0-9](?=[\s.,;)]|$)",
            0.8,
            gate=_LABEL,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["crime", "police", "action fraud", "nca", "cad", "reported", "constabulary"]
