"""Street addresses: a house number (optionally after "Flat 3," / "Unit 2") and a street name ending in
a street word ("14 Marsh Lane", "Flat 2, 27 Albion Street", "3a St Mary's Road", "790 Miller Circles
Suite 770"), the continental order with the number after the street ("Michellehof 137",
"Schwitalstr. 7", "rue Potier 12") or before a French/Spanish/Italian street word ("80 rue Potier"),
and any numbered street line where the text says it is an address ("Address: 3/25 Nicole Underpass",
"lives at 41 Moore Tunnel", "sent to Flat 3, Simon Land"). Street names without a number ("Quayside
Road") are not taken: on their own they rarely identify anyone.

Street words are the UK's common ones and the US Postal Service's standard street suffixes
(Publication 28, appendix C1), singular and plural."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer

# UK street words (also used by ner_person: "7 Ferry Lane" is a place, not a person)
_UK_STREET = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|Gardens|Gdns|Place|Pl|Terrace|Court|Ct"
    "|Grove|Row|Square|Sq|Walk|Mews|Rise|View|Hill|Park|Parade|Green|Wharf|Quay|Yard|Villas|Cottages|Hollow|Vale"
    "|Meadow|Meadows|Fields|Orchard|Chase|Gate|Heights|Embankment"
)
# USPS Publication 28, appendix C1: primary street suffix names
_USPS_STREET = (
    "Alley|Annex|Arcade|Bayou|Beach|Bend|Bluff|Bottom|Boulevard|Blvd|Branch|Bridge|Brook|Burg|Bypass|Camp"
    "|Canyon|Cape|Causeway|Center|Centre|Circle|Cliff|Club|Common|Corner|Course|Cove|Creek|Crest|Crossing"
    "|Crossroad|Curve|Dale|Dam|Divide|Estate|Expressway|Extension|Fall|Ferry|Field|Flat|Ford|Forest|Forge"
    "|Fork|Fort|Freeway|Garden|Gateway|Glen|Harbor|Harbour|Haven|Highway|Hwy|Inlet|Island|Isle|Junction"
    "|Key|Knoll|Lake|Land|Landing|Light|Loaf|Lock|Lodge|Loop|Mall|Manor|Mill|Mission|Motorway|Mount"
    "|Mountain|Neck|Oval|Overpass|Parkway|Pkwy|Pass|Passage|Path|Pike|Pine|Plain|Plaza|Point|Port"
    "|Prairie|Radial|Ramp|Ranch|Rapid|Rest|Ridge|River|Route|Run|Shoal|Shore|Skyway|Spring|Spur"
    "|Station|Stravenue|Stream|Summit|Throughway|Trace|Track|Trafficway|Trail|Trailer|Tunnel|Turnpike"
    "|Underpass|Union|Valley|Viaduct|Village|Ville|Vista|Wall|Well|Wells"
)
STREET_WORDS = rf"(?:(?:{_UK_STREET}|{_USPS_STREET})(?:e?s)?)"
_WORD = r"(?:St\.?[ ])?\p{Lu}[\p{Ll}\p{Mn}]+(?:'s)?(?:-\p{Lu}[\p{Ll}\p{Mn}]+)?"
_UNIT = r"(?:Flat|Apartment|Apt\.?|Unit|Room|Studio|Suite|Ste\.?|Level|Floor)[ \n]\d+[A-Za-z]?"
# continental street words, before the name (French, Spanish, Portuguese, Italian) ...
_LATIN_STREET = r"(?i:rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|calle|avenida|rua|via|viale|piazza|corso)"
# ... or ending the name, with the number after it (German, Dutch, Nordic, Polish)
_SUFFIX_STREET = (
    r"\p{Lu}[\p{L}-]*(?i:stra(?:ß|ss)e|str\.|weg|ring|platz|allee|gasse|damm|ufer|hof|laan|straat|gracht|plein"
    r"|kade|dijk|singel|gade|vej|gatan|vägen|väg|gata|tie|katu|utca|ulica)"
)
_NUMBER_AT_LINE_END = regex.compile(r"\d{1,5}[A-Za-z]?(?:[/-]\d{1,4})?,?\n")
_LOWER_WORD_BEFORE = regex.compile(r"(?:^|[ ])\p{Ll}[\p{L}']*[ ]\Z")
# words that say an address follows
_ADDRESS_CUE = r"(?i:address|lives[ ]at|live[ ]at|living[ ]at|resides[ ]at|reside[ ]at|sent[ ]to|posted[ ]to|moved[ ]to)"


class StreetAddressRecognizer(RegexRecognizer):
    ENTITY = "STREET_ADDRESS"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "numbered street",
            rf"(?<![\w/.-])(?:{_UNIT},?[ ](?:[A-Z][a-z]+[ ](?:House|Court|Lodge),?[ ])?)?"
            rf"\d{{1,5}}[A-Za-z]?(?:[/-]\d{{1,4}})?,?[ \n](?:{_WORD}[ \n]){{1,3}}{STREET_WORDS}\b(?:,?[ \n]{_UNIT})?",
            0.6,
        ),
        Pattern(
            "unit in a named street",
            rf"(?<![\w/.-]){_UNIT},?[ \n](?:{_WORD}[ \n]){{1,3}}{STREET_WORDS}\b",
            0.6,
        ),
        Pattern(
            "named building",
            r"(?<![\w/.-])(?:Flat|Apartment|Apt\.?)[ ]\d+[A-Za-z]?,?[ ][A-Z][a-z]+[ ](?:House|Court|Lodge|Mansions|Tower)\b",
            0.55,
        ),
        Pattern(
            "number before a continental street word",
            rf"(?<![\w/.-])\d{{1,4}}[A-Za-z]?,?[ ]{_LATIN_STREET}[ ](?:(?:de|du|des|la|le|del|da|do|dos)[ ])?"
            rf"(?:{_WORD}[ ]?){{1,3}}",
            0.6,
        ),
        # (\b first, then the lookahead for "a word, a space, a number", before any suffix is looked for:
        # 0.04 ms a page where one pattern for both orders with a lookbehind first cost 0.27)
        Pattern(
            "street then number",
            rf"\b(?<![/.-])(?=\p{{Lu}}[\p{{L}}.-]*[ ]\d){_SUFFIX_STREET}[ ]\d{{1,4}}[A-Za-z]?(?:[/-]\d{{1,4}})?\b(?![/.]\d)",
            0.6,
        ),
        Pattern(
            "continental street word, name, number",
            rf"\b(?<![/.-]){_LATIN_STREET}[ ](?:{_WORD}[ ]){{0,2}}{_WORD}[ ]\d{{1,4}}[A-Za-z]?\b(?![/.]\d)",
            0.6,
        ),
        # (?=[\dFASULR]) starts the expensive lookbehind only where a numbered street or unit can begin
        GatedPattern(
            "numbered street after an address cue",
            rf"(?=[\dFSAULR])(?<=\b{_ADDRESS_CUE}[:]?[ ]{{1,3}})"
            rf"(?:{_UNIT},?[ ](?:\d{{1,5}}[A-Za-z]?,?[ ])?|\d{{1,5}}[A-Za-z]?(?:[/-]\d{{1,4}})?,?[ ])"  # a number or a unit
            rf"(?:(?:\p{{Lu}}[\p{{Ll}}\p{{Mn}}'-]+|{_LATIN_STREET})[ ]?){{1,4}}(?<![ ])(?=,|\n|$)",
            0.55,
            gate=rf"\b{_ADDRESS_CUE}",
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "lives", "resides", "home", "flat", "postcode"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        # a house number that ends its line ("sent to 144" / "Misty Rapids") is a wrapped address only in a
        # sentence: after "Total 12", "Page 2" the next line is something else
        return [r for r in results if not _NUMBER_AT_LINE_END.match(text, r.start, r.end)
                or _LOWER_WORD_BEFORE.search(text, max(0, r.start - 30), r.start)]
