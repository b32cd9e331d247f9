"""UK vehicle registration marks (current AB12 CDE, prefix A123 BCD, suffix ABC 123D), only near a
word about vehicles: the same shapes turn up as product codes."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_VEHICLE_WORD = r"\b(?i:registration|reg\.?|vrm|number[ ]plate|vehicle|car|van|motorcycle|lorry|driving)\b"
_VRM = r"(?:[A-Z]{2}\d{2}[ ]?[A-Z]{3}|[A-Z]\d{1,3}[ ]?[A-Z]{3}|[A-Z]{3}[ ]?\d{1,3}[A-Z])"


class VehicleRegistrationRecognizer(RegexRecognizer):
    ENTITY = "VEHICLE_REGISTRATION"
    PATTERNS: ClassVar[list[Pattern]] = [
        # The vehicle-word lookbehind scans back up to 40 characters, so it runs only where a mark starts.
        GatedPattern(
            "VRM near a vehicle word",
            rf"(?=\b{_VRM}\b)(?<={_VEHICLE_WORD}[^.]{{0,40}}?)\b{_VRM}\b",
            0.7,
            gate=_VEHICLE_WORD,
        ),
        Pattern("VRM", r"\b(?:[A-Z]{2}\d{2}[ ][A-Z]{3})\b", 0.3),
    ]
    CONTEXT: ClassVar[list[str]] = ["registration", "vehicle", "car", "van", "vrm", "reg", "parked", "driving"]
