"""Phone numbers of any country, validated by `phonenumbers` (Google's libphonenumber metadata, the
library Presidio's own PhoneRecognizer uses).

Presidio's recognizer runs `PhoneNumberMatcher` once per region over the whole text: a full scan per
region, so it is limited to eight regions and misses the national formats of every other country. Here
one cheap regex finds phone-shaped candidates (7-15 digits in groups, an optional "+CC", a "(0)" trunk
marker, an extension), and only those are parsed: a "+" number by its own country code, a national one
against each region in REGIONS until one says the number is valid. The libphonenumber check does the real
work; the regex only decides what is worth asking.

A bare run of digits with no grouping and no "+" is too often an account, order or reference number: it
is taken only when a phone word is close before it (PHONE_WORDS). UK numbers are also matched by
uk_phone.py (bare extensions, split lines); overlapping findings merge when decisions are made.
"""

from __future__ import annotations

import functools
from typing import ClassVar

import phonenumbers
import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import make_result

# National formats are tried against these regions in order: the UK first (the product's home), then
# the countries with the most speakers of languages written in Latin script and the largest diasporas in
# UK case files. A "+" number needs no region. The order only matters when two regions accept the same
# digits, and then either answer means "a phone number".
REGIONS: tuple[str, ...] = (
    "GB", "IE", "US", "CA", "AU", "NZ", "IN", "PK", "BD", "LK", "NG", "GH", "KE", "ZA", "UG", "ZW",
    "FR", "DE", "NL", "BE", "LU", "ES", "PT", "IT", "CH", "AT", "PL", "CZ", "SK", "HU", "RO", "BG", "GR",
    "SE", "NO", "DK", "FI", "IS", "EE", "LV", "LT", "HR", "SI", "RS", "UA", "TR", "CY", "MT",
    "BR", "MX", "AR", "CL", "CO", "PE", "JM", "CN", "HK", "TW", "JP", "KR", "SG", "MY", "PH", "ID", "VN",
    "TH", "AE", "SA", "QA", "EG", "MA", "IL", "RU",
)

_EXT = r"(?:[ ]?,?[ ]?(?i:ext(?:ension|n)?\.?|x|\#)[ ]?\d{1,6})?"
# "+41 (0)44 668 18 00", "+1-202-555-0143", "(020) 7946 0958", "030 901820", "06-12345678",
# "555.123.4567", "+44 7700 900361 ext. 204". Groups of digits separated by one space, dot, hyphen or
# slash, optionally bracketed; the lookarounds refuse pieces of longer numbers, references and decimals.
CANDIDATE = regex.compile(
    r"(?<![\w+/.,-]|\d[ ])"
    r"(?:\+[ ]?\d{1,3}(?:[ .-]?\(0\))?[ .-]?|\(\+?\d{1,4}\)[ .-]?|00[ ]?\d{1,3}[ .-])?"
    r"(?:\(0?\d{1,5}\)[ .-]?)?"
    r"\d{1,12}(?:[ .\-/]\d{1,10}){0,5}"
    + _EXT
    + r"(?![\w/-]|[.,]\d|[ ]\d)"
)
_EXT_SPLIT = regex.compile(r"[ ]?,?[ ]?(?i:ext(?:ension|n)?\.?|x|\#)[ ]?(\d{1,6})$")
PHONE_WORDS = regex.compile(
    r"(?i:\b(?:tel(?:ephone)?|phone[ds]?|ph|mob(?:ile)?|cell(?:phone)?|fax|call(?:ed|s)?|ring|rang|text(?:ed)?|sms"
    r"|whatsapp|contact(?:able)?|number|no|direct(?:[ ]line)?|landline|switchboard|helpline|hotline)\b)[^\n\d]{0,24}$"
)
# Shapes that pass libphonenumber's check in some country but are something else: dates, IPv4
# addresses, times with seconds, and numbers with thousands separators.
NOT_A_PHONE = regex.compile(
    r"\d{1,4}([./-])\d{1,2}\1\d{2,4}|\d{1,3}(?:\.\d{1,3}){3}|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,2}(?:[ ]\d{3}){1,2}|\d{3}[ ]\d{3}|(?:19|20)\d\d/\d+"  # to "12 345 678"; "912 304 863" is a phone
)
_DATE = regex.compile(r"\b(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b")
# 0 + area code + two groups, 10 or 11 digits: a UK national number, whatever else would also accept it
_UK_SHAPE = regex.compile(r"\(?0\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}")
SCORE_INTERNATIONAL = 0.7
SCORE_NATIONAL = 0.6


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@functools.lru_cache(maxsize=8192)  # a bundle repeats its numbers; an invalid one is tried in 76 regions
def valid_phone(candidate: str, regions: tuple[str, ...] = REGIONS) -> bool:
    """True when libphonenumber says the candidate (its extension set aside) is a valid number: by its
    own country code when it has one, else in one of `regions`."""
    body = _EXT_SPLIT.sub("", candidate).replace("(0)", " ")
    if body.startswith("00"):
        body = "+" + body[2:]
    try:
        if body.lstrip("(").startswith("+"):
            return phonenumbers.is_valid_number(phonenumbers.parse(body, None))
        for region in regions:
            if phonenumbers.is_valid_number(phonenumbers.parse(body, region)):
                return True
            if region == "GB" and _UK_SHAPE.fullmatch(body) and len(_digits(body)) in (10, 11):
                return False  # a UK-shaped number the UK does not allocate (01632 960xxx): uk_phone.py's
    except phonenumbers.NumberParseException:
        return False
    return False


class PhoneNumberRecognizer(EntityRecognizer):
    ENTITY = "PHONE_NUMBER"
    PATTERNS: ClassVar[list[regex.Pattern[str]]] = [CANDIDATE]
    CONTEXT: ClassVar[list[str]] = ["tel", "telephone", "phone", "mobile", "call", "contact", "fax", "number"]

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__, context=self.CONTEXT)

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        results = []
        for m in CANDIDATE.finditer(text):
            candidate = m.group()
            digits = _digits(_EXT_SPLIT.sub("", candidate))
            if not 7 <= len(digits) <= 15:
                continue
            if NOT_A_PHONE.fullmatch(candidate) or _DATE.search(candidate) or text.startswith(":", m.end()):
                continue  # a date, a timestamp ("2024-09-28 20:49:50"), a time
            international = candidate.startswith(("+", "00", "(+"))
            grouped = any(c in candidate for c in " .-/()")
            if not (international or grouped) and not PHONE_WORDS.search(text, max(0, m.start() - 40), m.start()):
                continue  # a bare digit run: an account or order number unless a phone word says otherwise
            if not valid_phone(candidate):
                continue
            score = SCORE_INTERNATIONAL if international else SCORE_NATIONAL
            results.append(make_result(self, self.ENTITY, m.start(), m.end(), score, "valid number (phonenumbers)"))
        return results
