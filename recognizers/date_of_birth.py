"""Dates of birth. A date on its own is kept (letters are full of them); one after "date of birth",
"DOB", "born on" or "d.o.b." is personal data.

In a table the birth word heads a column and the dates sit in the rows below it, where the table reader
(redactor/tables.py) finds them by geometry. When a cell wraps ("June 28," / "1995") or the geometry is
lost, the text still shows the shape: a header block of short cells without digits, one of them "Date of
birth", none of them another date's ("Date", "Opened", "Reported"...), then rows. A date in those rows
(up to the next paragraph of prose) whose year is a birth year (1900-2012) is taken too."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer, make_result

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# 25/09/1961, 25.09.61, 25 Sep 1961, 25th September 1961, September 25, 1961 (US order), 1961-09-25; a narrow
# column may break the line at a space or after a hyphen
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\n?\d{{1,2}}[/.-]\n?(?:19|20)?\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?[ \n]{_MONTH}\.?,?[ \n](?:19|20)\d{{2}}"
    rf"|{_MONTH}\.?[ \n]\d{{1,2}}(?:st|nd|rd|th)?,?[ \n](?:19|20)\d{{2}}|\d{{4}}[-/.]\n?\d{{2}}[-/.]\n?\d{{2}})"
)

_BIRTH_WORD = r"\b(?i:date[ ]of[ ]birth|d\.?o\.?b\.?|born(?:[ ]on)?|birth[ ]date|birthday)"


class DateOfBirthRecognizer(RegexRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS: ClassVar[list[Pattern]] = [
        # skipped on pages without a birth word (the lookbehind's, verbatim)
        GatedPattern(
            "date after a birth word",
            rf"(?<={_BIRTH_WORD}\)?[ ]?[:\-,]?\s{{0,3}}(?:\(?[A-Za-z/ ]{{0,12}}\)?[ ]?[:,]?\s{{0,3}})?){_DATE}\b",
            0.8,
            gate=_BIRTH_WORD,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["birth", "dob", "born", "d.o.b"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if _HEADER_GATE.search(text) is None:
            return results
        seen = {(r.start, r.end) for r in results}
        for start, end in _column_dates(text):
            if (start, end) not in seen:
                seen.add((start, end))
                results.append(make_result(self, self.ENTITY, start, end, 0.6, "date under a date-of-birth header"))
        return results


_HEADER_GATE = regex.compile(r"(?i:date[ ]of[ ]birth|\bd\.?o\.?b\b|birth[ ]date)")
_HEADER_LINE = regex.compile(
    r"^[^\n\d]{0,60}\b(?i:date[ ]of[ ]birth|d\.?o\.?b\.?|birth[ ]date)(?![\w])[^\n\d]{0,60}$", regex.MULTILINE
)
_CELL = regex.compile(r"^[^\n\d]{1,40}$")  # a header cell: short, no digits
_OTHER_DATE_WORD = regex.compile(
    r"(?i:\b(?:date|dated|when|time|day|opened|closed|reported|issued|expiry|expires|start(?:ed)?|end(?:ed)?|joined"
    r"|visit(?:ed)?|received|sent|due|deadline|period|from|until|updated|created)\b)"
)
_DATE_IN_ROW = regex.compile(_DATE + r"\b")
_YEAR = regex.compile(r"(\d{2,4})\D*$")
_PROSE_WORDS = 10
_MAX_ROWS = 60


def _column_dates(text: str) -> list[tuple[int, int]]:
    """Dates in the rows of a table whose only date column is headed "Date of birth" (module docstring)."""
    out: list[tuple[int, int]] = []
    lines = [(m.start(), m.end()) for m in regex.finditer(r"[^\n]*", text) if m.start() == 0 or text[m.start() - 1] == "\n"]
    index = {s: k for k, (s, _e) in enumerate(lines)}
    done_until = -1
    for m in _HEADER_LINE.finditer(text):
        k = index.get(m.start())
        if k is None or k <= done_until:
            continue
        # the header block: this line and the short digit-free cells right above and below it
        lo = k
        while lo > 0 and k - lo < 8 and _CELL.match(text, *lines[lo - 1]) and len(text[slice(*lines[lo - 1])].split()) <= 4:
            lo -= 1
        hi = k
        while hi + 1 < len(lines) and hi - k < 8 and _CELL.match(text, *lines[hi + 1]) and len(text[slice(*lines[hi + 1])].split()) <= 4:
            hi += 1
        block = " ".join(text[slice(*lines[j])] for j in range(lo, hi + 1))
        if _OTHER_DATE_WORD.search(_HEADER_GATE.sub(" ", block)):
            continue  # another date column: the table reader decides
        rows_start = lines[hi][1]
        rows_end = len(text)
        for j in range(hi + 1, min(len(lines), hi + 1 + _MAX_ROWS)):
            line = text[slice(*lines[j])]
            if len(line.split()) >= _PROSE_WORDS or not line.strip():
                rows_end = lines[j][0]
                break
        else:
            rows_end = lines[min(len(lines), hi + 1 + _MAX_ROWS) - 1][1]
        done_until = hi
        for d in _DATE_IN_ROW.finditer(text, rows_start, rows_end):
            year = _birth_year(d.group())
            if year is not None and 1900 <= year <= 2012:
                out.append((d.start(), d.end()))
    return out


def _birth_year(date: str) -> int | None:
    """The year of a matched date: a four-digit group, or a two-digit one read as 19xx / 20xx."""
    four = regex.search(r"(?:19|20)\d\d", date)
    if four:
        return int(four.group())
    two = regex.search(r"(\d{2})$", date.strip())
    if two is None:
        return None
    yy = int(two.group(1))
    return 1900 + yy if yy > 12 else 2000 + yy
