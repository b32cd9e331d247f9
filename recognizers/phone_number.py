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

A narrow column may break a number over two lines, at a space or after a hyphen ("+63 2 3233" /
"8542", "02-" / "1239-9155"). Around each line break between digits the text is read once more with the
break as the space (or, after a hyphen, as nothing) it stands for, and a candidate that crosses it is
checked as above: an international one always, a national one after a phone word (as for a bare digit
run: the digits at the ends of two table rows are more often two numbers). Two numbers on consecutive lines stay two: their digits together are no valid number.
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

# an extension; a narrow column may break the line before or after "ext" / "x"
_EXT = r"(?:(?:[ \n]?,?[ ]?(?i:ext(?:ension|n)?\.?)[ \n]?|[ \n]?,?[ ]?(?i:x|\#)[ \n]?(?=\d))\d{1,6})?"
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
_EXT_SPLIT = regex.compile(r"[ \n]?,?[ ]?(?i:ext(?:ension|n)?\.?|x|\#)[ \n]?(\d{1,6})$")
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
# a date inside a candidate; not three groups of a longer dashed number ("01-23-44-40-82")
_DATE = regex.compile(r"(?<![\d./-])(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b(?![./-]\d)")
# A geographic (01, 02, 03) or mobile (07, as 07xxx xxxxxx) number in the UK's own groupings (Ofcom:
# 0xxxx xxxxxx, 0xxx xxx xxxx, 0xx xxxx xxxx), 10 or 11 digits: a UK national number, whatever else would
# also accept it. Other starts and groupings ("085 019 8710" Irish, "041 231 4990" South African,
# "0802 127 7623" Nigerian, "0412 397 172" Australian) are tried in the other regions.
_UK_SHAPE = regex.compile(
    r"\(?0(?:[123]\d{3}\)?[ -]?\d{5,6}|[123]\d{2}\)?[ -]?\d{3}[ -]?\d{3,4}|[123]\d\)?[ -]?\d{4}[ -]?\d{4}"
    r"|7\d{3}[ -]?\d{6})"
)
# a line break after a digit (or its hyphen or bracket), before a digit or a bracket
_LINE_BREAK_IN_NUMBER = regex.compile(r"(?<=\d|\d-|\d\))\n(?=[\d(])")
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
            result = self._check(text, m.group(), m.start(), m.end())
            if result is not None:
                results.append(result)
        if "\n" in text:
            wrapped = self._wrapped(text, results)
            if wrapped:  # the tail of a wrapped number is no number of its own
                results = [r for r in results if not any(w.start <= r.start and r.end <= w.end for w in wrapped)]
                results.extend(wrapped)
        return results

    def _wrapped(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """Numbers broken over a line end (see the module's docstring)."""
        out: list[RecognizerResult] = []
        # a line that ends with a whole number (9 digits or more) found on its own: a row of a contact
        # table, not the first half of a number broken in two
        ends = {r.end for r in found if len(_digits(text[r.start:r.end])) >= 9}
        for w in _LINE_BREAK_IN_NUMBER.finditer(text):
            i = w.start()
            if i in ends or any(r.start <= i < r.end for r in found + out):
                continue
            lo = max(0, i - 32)
            if lo:
                gap = regex.search(r"\s", text[lo:i])
                lo = lo + gap.end() if gap else i
            hi = text.find("\n", i + 1)
            hi = min(len(text), i + 32) if hi < 0 else min(hi, i + 32)
            hyphen = text[i - 1] == "-"
            window = text[lo:i] + ("" if hyphen else " ") + text[i + 1:hi]
            for m in CANDIDATE.finditer(window):
                if not m.start() < i - lo < m.end():
                    continue  # does not cross the break
                shift = 1 if hyphen else 0
                start, end = lo + m.start(), lo + m.end() + (shift if m.end() > i - lo else 0)
                if not m.group().startswith(("+", "00", "(+")) and not PHONE_WORDS.search(
                        text, max(0, start - 40), start):
                    continue  # a national number broken over a line is taken after a phone word only
                result = self._check(text, m.group(), start, end)
                if result is not None:
                    out.append(result)
        return out

    def _check(self, text: str, candidate: str, start: int, end: int) -> RecognizerResult | None:
        """A result for a candidate found at text[start:end] (candidate: its text, line breaks read out),
        or None when it is not a valid phone number."""
        digits = _digits(_EXT_SPLIT.sub("", candidate))
        if not 7 <= len(digits) <= 15:
            return None
        if NOT_A_PHONE.fullmatch(candidate) or _DATE.search(candidate) or text.startswith(":", end):
            return None  # a date, a timestamp ("2024-09-28 20:49:50"), a time
        international = candidate.startswith(("+", "00", "(+"))
        grouped = any(c in candidate for c in " .-/()")
        if not (international or grouped) and not PHONE_WORDS.search(text, max(0, start - 40), start):
            return None  # a bare digit run: an account or order number unless a phone word says otherwise
        if not valid_phone(candidate):
            return None
        score = SCORE_INTERNATIONAL if international else SCORE_NATIONAL
        return make_result(self, self.ENTITY, start, end, score, "valid number (phonenumbers)")
