"""Table columns as evidence (redactor/tables.py): cells under a known header, in real PDFs."""

from __future__ import annotations

import pymupdf
import pytest

from redactor.extract import extract_page
from redactor.tables import column_cells

HEADER = ["Name", "Date of birth", "Mobile", "Role"]
ROWS = [
    ["Juliana Alves", "25.09.1961", "07400 146140", "FOI Officer"],
    ["KOCSIS Terez", "1981-07-12", "+44 121 232 1760", "Caseworker"],
    ["Dr Krištof Sklár", "13/12/2000", "x1679", "Head of Legal Services"],
]


def _page(rows, header=HEADER, after: str | None = "Josephine is recovering and the team met on 3 May.",
          widths=(60, 170, 260, 360)):
    doc = pymupdf.open()
    page = doc.new_page()
    font = pymupdf.Font(fontfile="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    y = 100
    for row in [header, *rows]:
        for x, cell in zip(widths, row, strict=True):
            writer = pymupdf.TextWriter(page.rect)
            writer.append((x, y), cell, font=font, fontsize=9)
            writer.write_text(page)
        y += 20
    if after:
        page.insert_text((60, y + 10), after, fontsize=9)
    return extract_page(page)


def _found(page) -> dict[str, str]:
    return {page.text[s:e]: entity for s, e, entity in column_cells(page)}


def test_cells_under_known_headers_are_tagged_with_the_columns_type():
    found = _found(_page(ROWS))
    assert found["Juliana Alves"] == "PERSON"
    assert found["KOCSIS Terez"] == "PERSON"
    assert found["Krištof Sklár"] == "PERSON"  # the title stays visible
    assert found["25.09.1961"] == found["1981-07-12"] == "DATE_OF_BIRTH"
    assert found["07400 146140"] == found["x1679"] == "PHONE_NUMBER"


@pytest.mark.parametrize("kept", ["FOI Officer", "Caseworker", "Head of Legal Services", "Name", "Role",
                                  "Josephine is recovering and the team met on 3 May."])
def test_other_columns_headers_and_the_paragraph_after_the_table_are_not(kept):
    assert kept not in _found(_page(ROWS))


def test_a_single_header_word_is_not_a_table():
    """A form's labels in one column ("Name" above "Role") are not a header row."""
    page = _page([["Juliana Alves", "25.09.1961", "07400 146140", "FOI Officer"]],
                 header=["Name", "Summary", "Notes", "Status"])
    assert _found(page) == {}


def test_a_cell_without_the_shape_of_its_column_is_not_tagged():
    found = _found(_page([["n/a", "unknown", "none", "FOI Officer"], ["42 Hill Road", "1990", "ext", "Clerk"]]))
    assert "n/a" not in found and "unknown" not in found and "none" not in found and "ext" not in found
    assert found["1990"] == "DATE_OF_BIRTH"  # a year of birth is still the person's
    assert "42 Hill Road" not in found  # a name has no digits


def test_page_without_headers_costs_nothing():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((60, 100), "Juliana Alves   25.09.1961   07400 146140", fontsize=9)
    assert column_cells(extract_page(page)) == []


def test_a_table_running_off_the_page_continues_on_the_next_without_its_header():
    from redactor.tables import document_column_cells

    doc = pymupdf.open()
    first = doc.new_page()
    widths = (60, 170, 260, 360)
    for x, cell in zip(widths, HEADER, strict=True):
        first.insert_text((x, 100), cell, fontsize=9)
    y = 120
    while y < 800:  # rows down to the foot of the page
        for x, cell in zip(widths, ["Tom Davies", "01.02.1970", "07400 146140", "Clerk"], strict=True):
            first.insert_text((x, y), cell, fontsize=9)
        y += 20
    second = doc.new_page()
    second.insert_text((60, 40), "Team directory (continued)", fontsize=9)
    for x, cell in zip(widths, ["Amara Okafor", "03.04.1981", "07400 999000", "Caseworker"], strict=True):
        second.insert_text((x, 70), cell, fontsize=9)
    second.insert_text((60, 200), "Amara Okafor is a paragraph across the columns of the page.", fontsize=9)
    pages = [extract_page(p) for p in doc]
    found = document_column_cells(pages)
    on_second = {pages[1].text[s:e]: t for s, e, t in found[1]}
    assert on_second == {"Amara Okafor": "PERSON", "03.04.1981": "DATE_OF_BIRTH", "07400 999000": "PHONE_NUMBER"}
    # a page on its own (no table above it) has no columns
    assert column_cells(pages[1]) == []
