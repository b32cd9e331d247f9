"""Staff, employee and payroll numbers, which only mean something next to a word that says what they
are ("staff ID: E104233", "employee no. 004521", "payroll number 88120"), plus the explicit prefixed
forms EMP-004521 / STF-1234."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_LABEL = (
    r"\b(?i:staff|employee|employee's|payroll|personnel|warrant|collar|badge|pass|service)"
    r"[ \n](?i:id|no\.?|number|ref(?:erence)?|card|code)"  # "staff" / "number" may wrap
)


class StaffIdRecognizer(RegexRecognizer):
    ENTITY = "STAFF_ID"
    PATTERNS: ClassVar[list[Pattern]] = [
        # "Where could an ID start" (three digits ahead) is tested before the label lookbehind, which is
        # the slow part; the gate skips pages without a label at all.
        GatedPattern(
            "ID after staff/employee/payroll",
            rf"(?=[A-Z]{{0,4}}[/-]?\d{{3}})(?<={_LABEL}(?:[ \n](?i:no\.?|number))?[ ]?[:#]?[ \n]?)"
            r"(?=[A-Z]{0,4}[/-]?\d)[A-Z]{0,4}[/-]?\d{3,9}[A-Z]?\b",
            0.7,
            gate=_LABEL,
        ),
        Pattern("prefixed staff number", r"\b(?:EMP|STF|STAFF|EE|PAY)[-/]?\d{4,8}\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["staff", "employee", "payroll", "personnel", "id", "number"]
