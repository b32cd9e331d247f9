"""UK postcodes (outward code + inward code), e.g. SK9 5AF, EC1A 1BB, PO1 2AB."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from recognizers._base import instance_pattern


class PostcodeRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "UK postcode",
            r"\b(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
            r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}\b",
            0.6,
        ),
    ]
    CONTEXT = ["postcode", "address", "post code", "road", "street"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="UK_POSTCODE",
            patterns=[instance_pattern(p) for p in self.PATTERNS],  # compiled once, per instance
            context=self.CONTEXT,
            name="PostcodeRecognizer",
        )
