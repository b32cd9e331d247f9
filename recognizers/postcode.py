"""Postcodes of other countries than the UK's (uk_postcode.py does those): after a "Postcode" / "ZIP" /
"Eircode" label; a US ZIP code or an Australian postcode after a state abbreviation (", AR 88016",
"NSW 2000"); a Canadian postal code (A1A 1A1: letters and digits alternate, a shape nothing else has);
and the four- or five-digit code that opens the town line under a street address in continental letters
("Michellehof 137" / "9999 US Leiderdorp", "80 rue Potier" / "47212 Saint-Alphonse"). A bare number
elsewhere is a number."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer, make_result
from recognizers.street_address import StreetAddressRecognizer

_LABEL = r"\b(?i:post[ ]?code|postal[ ]code|zip(?:[ ]?code)?|eircode|code[ ]postal|plz|cap)"
# US states and DC, Canadian provinces and territories, Australian states and territories
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND"
    "|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|VI|GU|AS|MP|AA|AE|AP"  # + territories, military
)
_AU_STATES = "NSW|VIC|QLD|SA|WA|TAS|NT|ACT"
_CANADIAN = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ ]?\d[ABCEGHJ-NPRSTV-Z]\d"
# a town line: the code, then a capitalised word
_TOWN_LINE = regex.compile(r"^[ ]*(\d{4,5}(?:[ ]?[A-Z]{2}(?=[ ]))?)[ ]+\p{Lu}", regex.MULTILINE)


class InternationalPostcodeRecognizer(RegexRecognizer):
    ENTITY = "POSTCODE"
    PATTERNS: ClassVar[list[Pattern]] = [
        GatedPattern(
            "postcode after its label",
            rf"(?=[A-Z0-9])(?<={_LABEL}[:]?[ ]{{1,3}})(?=[A-Z]*\d)[A-Z0-9]{{2,4}}(?:[ -]?[A-Z0-9]{{2,4}})?\b",
            0.7,
            gate=_LABEL,
        ),
        Pattern("US ZIP after a state", rf"(?<=,[ ](?:{_US_STATES})[ ])\d{{5}}(?:-\d{{4}})?\b", 0.6),
        Pattern("Australian postcode after a state", rf"(?<=,[ ](?:{_AU_STATES})[ ])\d{{4}}\b(?![/.-]\d)", 0.55),
        Pattern("Canadian postal code", rf"\b{_CANADIAN}\b", 0.5),
    ]
    CONTEXT: ClassVar[list[str]] = ["postcode", "zip", "address", "eircode"]

    def __init__(self) -> None:
        super().__init__()
        self._streets = StreetAddressRecognizer()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        towns = list(_TOWN_LINE.finditer(text))
        if not towns:
            return results
        # the line above must end a street address ("Michellehof 137", "80 rue Potier")
        street_ends = {text.find("\n", r.end) if "\n" in text[r.end:r.end + 3] else -2
                       for r in self._streets.analyze(text, ["STREET_ADDRESS"], nlp_artifacts, regex_flags)}
        for m in towns:
            if m.start() - 1 in street_ends:
                results.append(make_result(self, self.ENTITY, m.start(1), m.end(1), 0.6, "code opening a town line"))
        return results
