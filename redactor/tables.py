"""Table columns as evidence: a cell under a header that says what the column holds ("Name", "Date of
birth", "Mobile", "Host", "Analyst") is that thing, whatever a model makes of the cell on its own.

Contact lists, attendance tables, incident logs and affected-person tables hold most of a breach
report's personal data, and their cells are the hardest text to read for a sentence model: "Juliana" /
"Alves" wrapped in a narrow cell, "KOCSIS Terez", "25.09.1961" with no "born" beside it. The page
geometry says which cells form a column. Nothing here reads the cell's words beyond a sanity check of
its shape (a name has no digits; a date or a phone number has enough of them).

A header row is two or more cells side by side on one baseline, at least two of which name a known
column; a cell belongs to a column when it starts inside the column's span; the table ends at the first
line that runs across a column boundary (a paragraph) or after a large vertical gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redactor.page import PageText
from redactor.text.names import TITLE_PREFIX

# header text (case-folded, colon and spaces trimmed) -> entity type of the cells below it
HEADERS: dict[str, str] = {
    **dict.fromkeys(
        ["name", "names", "full name", "surname", "last name", "family name", "first name", "forename",
         "forenames", "given name", "first names", "staff member", "staff name", "employee", "employee name",
         "attendee", "attendees", "member", "contact", "contact name", "person", "individual", "data subject",
         "requester", "complainant", "caller", "customer", "resident", "tenant", "patient", "pupil", "student",
         "victim", "witness", "analyst", "handler", "officer", "case officer", "owner", "assigned to",
         "reported by", "raised by", "actioned by", "author", "chair", "initials", "user", "username"],
        "PERSON"),
    **dict.fromkeys(["date of birth", "dob", "d.o.b.", "d.o.b", "birth date", "born"], "DATE_OF_BIRTH"),
    **dict.fromkeys(["address", "home address", "postal address", "street address", "street"], "STREET_ADDRESS"),
    **dict.fromkeys(["phone", "telephone", "tel", "tel.", "mobile", "mobile number", "phone number", "extension",
                     "ext", "ext.", "direct line", "landline", "contact number"], "PHONE_NUMBER"),
    **dict.fromkeys(["ni number", "nino", "national insurance number", "national insurance no.", "ni no."], "UK_NINO"),
    **dict.fromkeys(["nhs number", "nhs no.", "nhs no"], "UK_NHS"),
    **dict.fromkeys(["host", "hostname", "host name", "device", "server", "machine", "computer name"], "HOSTNAME"),
    **dict.fromkeys(["ref", "ref.", "reference", "case ref", "case reference", "ticket", "ticket ref", "incident ref",
                     "our ref", "their ref", "crime ref", "case number", "case no."], "CASE_REFERENCE"),
    **dict.fromkeys(["staff id", "employee id", "employee number", "payroll number", "staff number"], "STAFF_ID"),
}
# Column words that are not withheld but stand in header rows beside those that are.
_OTHER_HEADERS = ("role", "job title", "title", "position", "department", "team", "service", "status", "date",
                  "time", "action", "actions", "notes", "note", "email", "e-mail", "due", "finding", "description",
                  "details", "type", "location", "site", "event", "outcome", "comments", "id", "no.", "number")
_HEADER_WORDS = "|".join(re.escape(h) for h in sorted({*HEADERS, *_OTHER_HEADERS}, key=len, reverse=True))
# A page can hold a table only if some line is made of header words alone ("Name", "Initials Role"): a
# cheap test that spares prose pages the geometry (2.6 ms a page on the benchmark's letters).
_HEADER_LINE = re.compile(rf"^[ \t]*(?:{_HEADER_WORDS})(?:[ \t]+(?:{_HEADER_WORDS}))*[ \t]*:?[ \t]*$",
                          re.IGNORECASE | re.MULTILINE)
_DIGITS_NEEDED = {"DATE_OF_BIRTH": 4, "PHONE_NUMBER": 3, "UK_NINO": 6, "UK_NHS": 9, "STAFF_ID": 3}
_NAME_LIKE = re.compile(r"[^\W\d_]{2,}")  # "n/a" and "-" are not names
_MAX_CELL_LINE = 80  # characters: longer is prose, not a cell


@dataclass(frozen=True, slots=True)
class Cell:
    start: int  # offsets into the page text: one or more consecutive lines
    end: int
    x0: float
    y0: float
    x1: float
    y1: float

    def text(self, page: PageText) -> str:
        return page.text[self.start:self.end]


def _lines(page: PageText) -> list[Cell]:
    """Each line of the page, split where a horizontal gap is wider than a word space: MuPDF reads two
    cells side by side ("Initials" and "Role") as one line when they are close enough."""
    out, start, text = [], 0, page.text
    bbox, char_glyphs = page.glyphs.bbox, page.char_glyphs
    for line in text.split("\n"):
        end = start + len(line)
        seg_start, box, prev, prev_end = None, None, None, start
        for i in range(start, end + 1):
            refs = char_glyphs[i] if i < end and not text[i].isspace() else ()
            b = next((bb for g in refs if (bb := bbox(g))[0] < bb[2]), None) if refs else None
            if b is None:
                continue
            if box is not None and prev is not None and b[0] - prev[2] > 0.5 * (b[3] - b[1]):
                out.append(Cell(seg_start, prev_end, *box))
                box = None
            if box is None:
                seg_start, box = i, (b[0], b[1], b[2], b[3])
            else:
                box = (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
            prev, prev_end = b, i + 1
        if box is not None:
            out.append(Cell(seg_start, prev_end, *box))
        start = end + 1
    return out


def _cells(lines: list[Cell]) -> list[Cell]:
    """Consecutive lines that start at the same x, each just under the last, are one cell."""
    cells: list[Cell] = []
    for line in lines:
        last = cells[-1] if cells else None
        height = line.y1 - line.y0
        if (last is not None and abs(line.x0 - last.x0) < 2 and -0.2 * height <= line.y0 - last.y1 < 0.6 * height):
            cells[-1] = Cell(last.start, line.end, min(last.x0, line.x0), last.y0, max(last.x1, line.x1), line.y1)
        else:
            cells.append(line)
    return cells


def _header_key(text: str) -> str:
    return " ".join(text.split()).strip(" :").casefold()


@dataclass(frozen=True, slots=True)
class Columns:
    """A table's columns: each one's left edge and the entity type of its cells (None: not withheld)."""

    lefts: tuple[float, ...]  # ascending, then +inf
    types: tuple[str | None, ...]


def column_cells(page: PageText, carried: Columns | None = None) -> list[tuple[int, int, str]]:
    """(start, end, entity type) for every line of every cell under a known column header."""
    return _column_cells(page, carried)[0]


def document_column_cells(pages: list[PageText]) -> dict[int, list[tuple[int, int, str]]]:
    """column_cells for each page, a table that runs off the foot of one page carried on to the next
    (a contact list's second page has no header row of its own)."""
    found, carried = {}, None
    for page in pages:
        found[page.number], carried = _column_cells(page, carried)
    return found


def _column_cells(page: PageText, carried: Columns | None) -> tuple[list[tuple[int, int, str]], Columns | None]:
    if len(page.char_glyphs) < len(page.text) or not (carried or _HEADER_LINE.search(page.text)):
        return [], None  # no header word, or text without page geometry
    cells = _cells(_lines(page))
    found: list[tuple[int, int, str]] = []
    running: Columns | None = None
    i = 0
    if carried is not None:
        # the first row whose cells start at two or more of the carried columns' edges continues the table
        while i < len(cells):
            row = [c for c in cells[i:i + 12] if abs(c.y0 - cells[i].y0) < 2]
            if len({k for c in row for k, left in enumerate(carried.lefts) if abs(c.x0 - left) < 3}) >= 2:
                break
            i += 1
        if i < len(cells):
            i, running = _rows(page, cells, i, carried, cells[i].y0 - 1, found)
    while i < len(cells):
        row = [c for c in cells[i:i + 12] if abs(c.y0 - cells[i].y0) < 2]
        known = [c for c in row if _header_key(c.text(page)) in HEADERS]
        if len(row) < 2 or len(known) < 2 or any(len(c.text(page)) > 40 for c in row):
            i += 1
            continue
        row.sort(key=lambda c: c.x0)
        columns = Columns(tuple(c.x0 for c in row) + (float("inf"),),
                          tuple(HEADERS.get(_header_key(c.text(page))) for c in row))
        i, running = _rows(page, cells, i + len(row), columns, max(c.y1 for c in row), found)
    return found, running


def _rows(page: PageText, cells: list[Cell], j: int, columns: Columns, top: float,
          found: list[tuple[int, int, str]]) -> tuple[int, Columns | None]:
    """The cells of one table from cells[j] on, added to `found`; returns where the table ended, and the
    columns when it ran to the foot of the page (the last quarter), to be carried to the next page."""
    lefts, last_y = columns.lefts, top
    while j < len(cells):
        cell = cells[j]
        height = max(cell.y1 - cell.y0, 1.0)
        if cell.y0 - last_y > 3 * height or cell.y0 < top - 1:
            return j, None
        column = next((k for k in range(len(lefts) - 1) if lefts[k] - 3 <= cell.x0 < lefts[k + 1] - 3), None)
        if column is None or cell.x1 > lefts[column + 1] + 2:
            # a line across a column boundary: the table has ended, or this is the page's footer
            return j, columns if cell.y0 > page.rect.y0 + 0.75 * page.rect.height else None
        entity = columns.types[column]
        if entity is not None:
            found += _cell_lines(page, cell, entity)
        last_y = max(last_y, cell.y1)
        j += 1
    return j, columns if last_y > page.rect.y0 + 0.75 * page.rect.height else None


def _cell_lines(page: PageText, cell: Cell, entity: str) -> list[tuple[int, int, str]]:
    text = page.text[cell.start:cell.end]
    digits = sum(ch.isdigit() for ch in text)
    if entity == "PERSON" and (digits or "@" in text or not _NAME_LIKE.search(text)):
        return []
    if digits < _DIGITS_NEEDED.get(entity, 0):
        return []
    out, offset = [], cell.start
    for line in text.split("\n"):
        stripped = line.strip(" ,;")
        if entity == "PERSON":
            stripped = TITLE_PREFIX.sub("", stripped)  # a title stays visible: "Dr" says nothing about who
        if stripped and len(line) <= _MAX_CELL_LINE:
            lead = line.find(stripped)
            out.append((offset + lead, offset + lead + len(stripped), entity))
        offset += len(line) + 1
    return out
