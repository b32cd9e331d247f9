"""date_of_birth: dates in the rows under a table header whose only date column is "Date of birth",
read from the text when the table reader's geometry does not help (a wrapped cell). Not: dates under a
header with another date column, event years, dates in the prose after the table."""

from __future__ import annotations

from recognizers._base import REGEX_FLAGS
from recognizers.date_of_birth import DateOfBirthRecognizer


def found(text: str) -> list[str]:
    r = DateOfBirthRecognizer()
    return [text[x.start:x.end] for x in sorted(r.analyze(text, ["DATE_OF_BIRTH"], None, regex_flags=REGEX_FLAGS),
                                                 key=lambda x: x.start)]


CELLS = """Data subjects affected
Name
Date of birth
NI number
VOLK Maj
June 28,
1995
NY 496711 D
Jeannine Schepens
18/04/2000
M. Volk told the panel that he was seen on 12/03/1990 by the team and it was all recorded properly.
Later 04/05/1980.
"""


def test_dates_in_the_rows_of_a_birth_column() -> None:
    assert found(CELLS) == ["June 28,\n1995", "18/04/2000"]


def test_one_line_rows() -> None:
    text = "Name Date of birth NI number\nJo Bloggs 12 March 1980 AB123456C\nAl Smith 1.2.1975 CD123456A\n"
    assert found(text) == ["12 March 1980", "1.2.1975"]


def test_another_date_column_is_left_to_the_table_reader() -> None:
    text = "Name\nDOB\nOpened\nJo Bloggs\n12/03/1980\n01/02/2024\n"
    assert "01/02/2024" not in found(text)


def test_event_dates_under_the_header_are_not_birth_years() -> None:
    text = "Name\nDate of birth\nNotes\nJo Bloggs\n(unknown)\nseen 01/02/2024\n"
    assert found(text) == []


def test_no_header_no_dates() -> None:
    assert found("Jo Bloggs\n12/03/1980\nAl Smith\n1.2.1975\n") == []
