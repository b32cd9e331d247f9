"""Street addresses: a house number (optionally after "Flat 3," / "Unit 2") and a street name ending in
a street word ("14 Marsh Lane", "Flat 2, 27 Albion Street", "3a St Mary's Road"). Street names without a
number ("Quayside Road") are not taken: on their own they rarely identify anyone."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer

STREET_WORDS = (  # also used by ner_person: "7 Ferry Lane" is a place, not a person
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|Gardens|Gdns|Place|Pl"
    r"|Terrace|Court|Ct|Grove|Row|Square|Sq|Walk|Mews|Rise|View|Hill|Park|Parade|Green|Wharf|Quay"
    r"|Yard|Villas|Cottages|Hollow|Vale|Meadow|Meadows|Fields|Orchard|Chase|Gate|Heights|Embankment)"
)
_WORD = r"(?:St\.?[ ])?[A-Z][a-z]+(?:'s)?(?:-[A-Z][a-z]+)?"


class StreetAddressRecognizer(RegexRecognizer):
    ENTITY = "STREET_ADDRESS"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "numbered street",
            rf"(?<![\w/.-])(?:(?:Flat|Apartment|Apt\.?|Unit|Room)[ ]\d+[A-Za-z]?,?[ ](?:[A-Z][a-z]+[ ](?:House|Court|Lodge),?[ ])?)?"
            rf"\d{{1,4}}[A-Za-z]?,?[ ](?:{_WORD}[ ]){{1,3}}{STREET_WORDS}\b",
            0.6,
        ),
        Pattern(
            "named building",
            r"(?<![\w/.-])(?:Flat|Apartment|Apt\.?)[ ]\d+[A-Za-z]?,?[ ][A-Z][a-z]+[ ](?:House|Court|Lodge|Mansions|Tower)\b",
            0.55,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "lives", "resides", "home", "flat", "postcode"]
