"""UK telephone numbers: +44 / 0 prefixes, spaced, dashed or bracketed, with optional extension, and a
bare extension after "ext"/"extension". Numbers inside references (HBC-DPB-2024-0117) and dates do not
match: the lookbehind refuses a preceding hyphen, slash, dot or word character."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer

_EXT = r"(?:[ ]?(?:,[ ])?(?i:ext(?:ension)?\.?|x)[ ]?\d{2,5})?"


class UkPhoneRecognizer(RegexRecognizer):
    ENTITY = "PHONE_NUMBER"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "UK phone, international",
            rf"(?<![\w+])\+44[ ]?\(?0?\)?[ \n]?\d{{2,5}}[ \n-]?\d{{3,4}}[ \n-]?\d{{3,4}}{_EXT}\b",
            0.7,
        ),
        Pattern(
            "UK phone, national",
            rf"(?<![\w/.-])\(?0\d{{2,4}}\)?[ \n-]?\d{{3,4}}[ \n-]?\d{{3,4}}{_EXT}\b(?![/-]\d)",
            0.5,
        ),
        Pattern("bare extension", r"(?<=\b(?i:ext(?:ension)?)\.?[ ]?)\d{3,5}\b(?![/-]\d)", 0.45),
    ]
    CONTEXT: ClassVar[list[str]] = ["tel", "telephone", "phone", "mobile", "direct line", "call", "contact", "ext"]
