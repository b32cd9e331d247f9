"""Postal addresses of many countries, found from the shape of an address rather than from street words.

A postal address ends in a town line that carries a postcode, and the line (or comma-separated part)
before it is the street. That order holds across countries, while street words do not ("Kathy Round",
"Niekpad 8", "Cañada de Florentino Moraleda 24", "boulevard Louis Ferrand" have no English street
word; a house number may come first, last, or not at all). So this recognizer looks for the town part
first, in the forms postal services publish:

- a code before the town: 4 or 5 digits, or the Dutch 4 digits + 2 letters ("32287 Sainte Colette",
  "2187MD Rijkevoort", "5044 JQ Zieuwent": Germany, France, Spain, Italy, the Netherlands, the Nordic
  countries, Belgium, Switzerland, Austria and many more);
- a state or province and a code after the town ("Lopezmouth, MH 79569", "Glennberg, NSW 2619",
  "North Susan, SK C8M6S3": the US with all USPS state codes, Australia, Canada);
- a UK postcode or an Irish Eircode after the town ("Nathaniel Ville, X65 NDY2"; Eircode: a routing
  key of a letter and two digits, then four characters of the published Eircode alphabet).

It then takes the street: in a block, the one or two lines above the town line; written on one line, the
comma-separated part before the town, read back from the comma over the words an address is made of
(numbers, capitalised words, unit words such as "Flat 7,", "Apt.", "Piso", particles such as "de",
"van der", lower-case street words such as "rue", "avenue"). The street must hold a capitalised word and
either a house number or a street word; words that make it a date ("12 March, 2024 ...") are refused.

Reported: STREET_ADDRESS for the street and POSTCODE for a code other than a UK postcode (uk_postcode
reports those). The town itself is kept: on its own it identifies nobody. Line breaks inside a one-line
address (a narrow column wraps it) are read as spaces.

What it misses: an address with no postcode and no cue word ("sent to 14 Quayside" mid-sentence is left
to street_address), a street of three or more lines, a town line a layout split over two lines.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import make_result
from recognizers.postcode import _AU_STATES, _CANADIAN, _US_STATES
from recognizers.street_address import STREET_WORDS

# --- the town part -----------------------------------------------------------------------------------
_CAPWORD = r"\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{L}[\p{L}\p{M}'’.]*)*"
_TOWN_PARTICLE = r"(?:de|du|des|la|le|les|sur|sous|en|am|an|im|ob|bei|upon|on|under|by|y|del|di|da|aan|op|bij|den|der)"
_TOWN = (rf"(?:(?:{_TOWN_PARTICLE}|'t|het|la|el|il|lo|l')[ ])?{_CAPWORD}"
         rf"(?:[ ](?:{_TOWN_PARTICLE}[ ])?{_CAPWORD}){{0,4}}")
# UK postcode (as uk_postcode) and Eircode (routing key, unique identifier: Eircode's alphabet)
_UK_POSTCODE = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[ ]?[0-9][ABD-HJLNP-UW-Z]{2}"
)
_EIR = "ACDEFHKNPRTVWXY"
EIRCODE = rf"(?:[{_EIR}]\d{{2}}|D6W)[ ]?[{_EIR}0-9]{{4}}"
# 4 digits + 2 letters (NL); 4-3 (PT) and 2-3 (PL) digits; 3 2 digits (SE, CZ, SK, GR); 4 or 5 digits
_CODE_FIRST = (r"(?:\d{4}[ ]?[A-Z]{2}(?![\p{L}\d])|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}[ ]\d{2}"
               r"|\d{4,5})(?![\p{L}\d/.,:-])")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_STATE_CODE = (rf"(?:(?:{_US_STATES}|FM|MH|PW)[ ]\d{{5}}(?:-\d{{4}})?|(?:{_AU_STATES})[ ]\d{{4}}"
               rf"|(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)[ ]{_CANADIAN})")

# a town part starts a line, or follows a comma (one-line form); the comma is consumed (a pattern that
# starts with a character scans far faster than one starting with a lookbehind)
# 32287 Sainte Colette: the code opens a line or follows a comma
_CODE_TOWN = regex.compile(rf"(?<![\w/.,:-])(?P<body>(?P<code>{_CODE_FIRST})[ ](?P<town>{_TOWN}))")
# Lopezmouth, MH 79569 / Nathaniel Ville, X65 NDY2: found from the code, then the town before it (a town
# pattern tried at every line start and comma is what cost)
_STATE_CODE_RE = regex.compile(rf"\b(?:{_STATE_CODE})\b")
_CODE_AFTER_TOWN = regex.compile(rf"\b(?:{_UK_POSTCODE}|{EIRCODE})\b")
_LINE_START = regex.compile(r"(?:^|\n)[ \t]*\Z")
_TOWN_FULL = regex.compile(_TOWN)
_SOFT_BREAK = regex.compile(r"(?<!-)\n")
_STATE_SPLIT = regex.compile(r"^\S+[ ]")

# --- the street part ---------------------------------------------------------------------------------
_NUMBER = r"\d{1,5}[A-Za-z]?(?:(?:/|-\n?)\d{1,5}[A-Za-z]?)?"
_UNIT_WORD = (r"(?:Flat|Apartment|Apt\.?|Unit|Suite|Ste\.?|Level|Floor|Studio|Room|Piso|Puerta|Planta|Piano"
              r"|Appartamento|Interno|Scala|Bus|bus|Etage|Stock|Whg\.?|bte\.?|Bte\.?)")
_PARTICLE = (r"(?:de|del|della|delle|dei|degli|di|da|das|do|dos|du|des|d'|la|le|les|los|las|el|al|van|der|den"
             r"|het|von|zu|zum|zur|am|an|im|y|e|et|sur|sous|aan|op|bij|'t|St\.?)")
_STREET_LOWER = (r"(?:ul\.|al\.|rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|cours|route|calle|avenida|paseo"
                 r"|plaza|camino|rua|travessa|via|viale|piazza|corso|strada|vicolo|largo|straat|laan|weg|plein"
                 r"|gracht|kade|dijk|singel|steeg|pad|dreef)")
# any of these words anywhere in the street makes it a street even with no number
_STREET_TYPE = regex.compile(
    rf"(?i:\b{_STREET_LOWER}\b|\b{STREET_WORDS}\b|(?:stra(?:ß|ss)e|str\.|weg|ring|platz|allee|gasse|damm|ufer"
    r"|laan|straat|gracht|plein|kade|dijk|singel|steeg|pad|dreef|baan|gade|vej|gatan|vägen|gata|katu|utca"
    r"|ulica)\b|\b(?:calle|cañada|cuesta|ronda|camino|paseo|pasaje|travesía|glorieta|rambla|alameda|callejón"
    r"|urbanización|carretera|strada|stretto|viale|vicolo|contrada|borgo|rotonda|largo|piazzale)\b)"
)
_TOKEN = (rf"(?:{_NUMBER}|{_UNIT_WORD}|{_PARTICLE}|{_STREET_LOWER}|\p{{Lu}}[\p{{L}}\p{{M}}'’]*\.?"
          rf"(?:-\n?\p{{L}}[\p{{L}}\p{{M}}'’]*\.?)*)")
# a street read back from the end of a part: tokens separated by spaces, with a comma only after a unit
# ("Flat 7, Heather Pine") or a number ("Strada Tonia, 86")
_STREET_TAIL = regex.compile(
    rf"(?:(?<=^|[^\p{{L}}\p{{N}}'’.-]))(?:{_TOKEN}(?:,?[ ]))*{_TOKEN}\Z"
)
_HAS_NUMBER = regex.compile(r"(?<![\p{L}\d])\d")
_HAS_CAP = regex.compile(r"\p{Lu}\p{Ll}")
_CAPS = regex.compile(r"\p{Lu}[\p{L}\p{M}'’]*")
_UNITS = regex.compile(rf"\b{_UNIT_WORD}(?![\p{{L}}])")
_UNIT_ONLY = regex.compile(rf"{_UNIT_WORD}[ ]{_NUMBER}\Z")
_LEADING_UNIT = regex.compile(rf"{_UNIT_WORD}[ ]{_NUMBER},?[ ]")  # "Level 0 1 Lopez Parkway": not a level of a plan
# a number next to these words makes a date ("12 March", "March 2024", "Monday 4") or a citation
# ("Section 3", "Part 2"), not a street; a house number may still precede a month-named street ("586 April Branch")
_MONTH_DAY = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
              r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)")
_CITATION = (r"(?i:section|article|regulation|schedule|part|chapter|page|paragraph|clause|annex|appendix|table"
             r"|figure|item|step|version|windows|server|phase|stage|tier|year|years|week|weeks|day|days)")
_NOT_STREET = regex.compile(
    rf"(?<![\d/.-])\d{{1,2}}(?:st|nd|rd|th)?[ ]{_MONTH_DAY}\b|\b{_MONTH_DAY}[ ](?:\d{{1,2}}|(?:19|20)\d\d)\b"
    rf"|(?<![\d/.-])(?:19|20)\d\d[ ]{_MONTH_DAY}\b|\d[ ]{_CITATION}\b|\b{_CITATION}[ ]\d"
)
# a label a one-line address may open with
_LABEL = regex.compile(r"(?i:\baddress(?:es)?)\b[ ]?[:\-]?[ ]?")
# a street as the first part of a labelled one-line address ("Address: Niekpad 8, Rijkevoort")
_LABELLED = regex.compile(r"(?i:\baddress)\b[ ]?[:\-]?[ ]{1,3}(?P<part>(?:[^,:\n]|(?<=-)\n){3,80})(?=,|\n|$)",
                          regex.MULTILINE)
_MAX_STREET = 70


def _street_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The street in text[start:end] read back from its end, or None when it does not look like one."""
    part = text[start:end].rstrip(" ,")
    end = start + len(part)
    if not part:
        return None
    window = part[-_MAX_STREET:]
    m = _STREET_TAIL.search(window)
    if m is None:
        return None
    s = end - len(window) + m.start()
    street = text[s:end]
    # drop leading particles and an opening label word that the scan took ("Address 12 Foo Road")
    lead = regex.match(rf"(?:(?:{_PARTICLE}|Address|Addresses|At|To|In|On)[ ])+", street)
    if lead:
        s += lead.end()
        street = text[s:end]
    if not _HAS_CAP.search(_UNITS.sub("", street)):
        return None  # only units and numbers ("Room 4, Level 2")
    if not (_HAS_NUMBER.search(street) or _STREET_TYPE.search(street)):
        return None
    unit = _LEADING_UNIT.match(street)
    if _NOT_STREET.search(street[unit.end():] if unit else street):
        return None
    if len(street.split()) > 9:
        return None
    return s, end


class AddressBlockRecognizer(EntityRecognizer):
    ENTITIES: ClassVar[list[str]] = ["STREET_ADDRESS", "POSTCODE"]
    PATTERNS: ClassVar[list] = []  # the patterns above work together, not one by one
    CONTEXT: ClassVar[list[str]] = ["address", "postcode", "eircode", "zip"]
    SCORE: ClassVar[float] = 0.6

    def __init__(self) -> None:
        super().__init__(supported_entities=list(self.ENTITIES), name=type(self).__name__, context=list(self.CONTEXT))

    def load(self) -> None:  # nothing to load
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        seen: set[tuple[str, int, int]] = set()

        def add(entity: str, start: int, end: int, why: str) -> None:
            if (entity, start, end) not in seen and entity in entities:
                seen.add((entity, start, end))
                results.append(make_result(self, entity, start, end, self.SCORE, why))

        # one-line addresses wrapped by a narrow column: a line break read as a space (same offsets), but
        # kept after a hyphen, where it joins the parts of a word ("Greta-" / "Schmidtke-Platz 9")
        flat = _SOFT_BREAK.sub(" ", text)
        for source, block in ((text, True), (flat, False)):
            for kind, m, code, t_start in self._town_parts(source):
                body = t_start
                if kind == "code":
                    body = m.start("body")
                    if not (block or source[body - 2:body] == ", "):
                        continue
                    if _NOT_STREET.search(m.group("body")):
                        continue  # "2024 March", "1998 Windows": a year, not a code
                street = self._street_before(source, body, block)
                if street is None:
                    continue
                if (kind == "code" and _YEAR.fullmatch(m.group("code"))
                        and not _STREET_TYPE.search(source, street[0], street[1])):
                    continue  # "Ref 12 Data Breach, 2024 Annual Report": a year opens a title
                add("STREET_ADDRESS", *street, "street before a town part with a postcode")
                if not regex.fullmatch(_UK_POSTCODE, text[code[0]:code[1]]):
                    add("POSTCODE", *code, "postcode in a town part")
            for m in _LABELLED.finditer(source):
                part_end = m.end("part")
                if _UNIT_ONLY.fullmatch(m.group("part")) and source.startswith(", ", part_end):
                    nxt = regex.match(r"[^,:\n]{3,60}(?=,|\n|$)", source[part_end + 2:])
                    part_end = part_end + 2 + nxt.end() if nxt else part_end  # "Address: Studio 5, Wayne Vista"
                span = _street_span(source, m.start("part"), part_end)
                if span is not None and span[0] == m.start("part"):
                    add("STREET_ADDRESS", *span, "street opening a labelled address")
        # a block line that is only the end of a wrapped one-line street ("sent to 144" / "Misty Rapids, ...")
        streets = [(r.start, r.end) for r in results if r.entity_type == "STREET_ADDRESS"]
        return [r for r in results if r.entity_type != "STREET_ADDRESS"
                or not any(s <= r.start and r.end <= e and (s, e) != (r.start, r.end) for s, e in streets)]

    @staticmethod
    def _town_parts(text: str):
        """(kind, match, code span, town start) of each town part with a postcode (see the module docstring)."""
        for m in _CODE_TOWN.finditer(text):
            s = m.start()  # the code opens a line or follows a comma
            if text[s - 2:s] == ", " or _LINE_START.search(text, max(0, s - 8), s):
                yield "code", m, (m.start("code"), m.end("code")), m.start("town")
        for kind, finder in (("state", _STATE_CODE_RE), ("code3", _CODE_AFTER_TOWN)):
            for m in finder.finditer(text):
                if text[m.start() - 2:m.start()] == ", ":
                    sep = 2
                elif kind == "code3" and m.start() and text[m.start() - 1] == "\n":
                    sep = 1
                else:
                    continue
                end = m.start() - sep  # the town ends before ", " (or the line break)
                line = text.rfind("\n", 0, end) + 1
                comma = text.rfind(", ", line, end)
                t_start = comma + 2 if comma >= 0 else line
                while t_start < end and text[t_start] in " \t":
                    t_start += 1
                if end <= t_start or not _TOWN_FULL.fullmatch(text, t_start, end):
                    continue
                if kind == "state":
                    skip = _STATE_SPLIT.match(m.group()).end()
                    yield kind, m, (m.start() + skip, m.end()), t_start
                else:
                    yield kind, m, (m.start(), m.end()), t_start

    def _street_before(self, text: str, start: int, block: bool) -> tuple[int, int] | None:
        """The street ending just before `start` (a town part): the line above in a block, the comma
        part before on one line. For a UK/Irish town on a line of its own, the street is above the town."""
        if start >= 2 and text[start - 2:start] == ", ":
            part_end = start - 2
            line_break = text.rfind("\n", 0, part_end)
            while line_break > 0 and text[line_break - 1] == "-":  # a word broken after its hyphen
                line_break = text.rfind("\n", 0, line_break)
            part_start = max(text.rfind(", ", 0, part_end) + 2 if text.rfind(", ", 0, part_end) >= 0 else 0,
                             line_break + 1, text.rfind(":", 0, part_end) + 1)
            span = _street_span(text, part_start, part_end)
            if span is None:
                return None
            # "Flat 7, Heather Pine": a unit in the part before belongs to the street
            before = text[max(0, span[0] - 20):span[0]]
            unit = regex.search(rf"{_UNIT_WORD}[ ]{_NUMBER},[ ]\Z", before)
            if unit and span[0] == part_start:
                return span[0] - len(unit.group()), span[1]
            return span
        if not block or start == 0 or text[start - 1] != "\n":
            return None
        line_end = start - 1
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end]
        label = _LABEL.match(line)
        span = _street_span(text, line_start + (label.end() if label else 0), line_end)
        if span is None or span[0] != line_start + (label.end() if label else 0):
            return None  # in a block the whole line is the street
        return span
