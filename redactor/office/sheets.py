"""Spreadsheet cells printed whole, so no cell's text is cut short on the page.

LibreOffice prints what a screen would show: text running into a filled neighbour is cut at the cell's
edge and the cut-off characters are not in the PDF at all ("Tom Whitfi"); a number wider than its
column becomes "###" or "7.7E+12"; a column wider than the page is cut at the page's edge. A part of a
name or number on the release is personal data that detection may no longer recognise, and the rest of
the cell is held content silently left out. So, in the package's XML before conversion: every cell style
wraps its text, each column is widened to its longest text (up to WRAP_WIDTH characters; longer text wraps)
or its widest number, a column wider than a page is narrowed to WRAP_WIDTH, and each row is given the
height of its wrapped lines (LibreOffice does not fit imported rows to wrapped text itself). The widths and
line counts are estimates from character counts, made generous; a cell longer than a page stays cut.
"""

from __future__ import annotations

import math
import re

from lxml import etree

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WRAP_WIDTH = 60.0  # characters: wider text wraps (a column this wide still fits a portrait A4 page)
PAGE_WIDTH = 90.0  # about the widest column a portrait A4 page prints whole; a wider one is narrowed
MAX_WIDTH = PAGE_WIDTH  # for a number, which cannot wrap
DEFAULT_WIDTH = 8.43  # Excel's default column width in characters (Calibri 11)
LINE_HEIGHT = 15.0  # points: Excel's default row height, one line of its default 11 pt font
CHAR = 1.2  # a proportional font's character against the width unit (the width of a digit), with margin


def shared_strings(root) -> list[str]:
    """xl/sharedStrings.xml's strings, in order (a cell of type "s" holds an index into them)."""
    return ["".join(t.text or "" for t in si.iter(f"{{{S}}}t")) for si in root.iter(f"{{{S}}}si")]


def wrap_styles(styles) -> int:
    """Every cell format and cell style (xl/styles.xml cellXfs, cellStyleXfs) wraps its text; returns how
    many were changed."""
    changed = 0
    for xf in [*styles.iterfind(f"{{{S}}}cellStyleXfs/{{{S}}}xf"), *styles.iterfind(f"{{{S}}}cellXfs/{{{S}}}xf")]:
        alignment = xf.find(f"{{{S}}}alignment")
        if alignment is None:
            alignment = etree.Element(f"{{{S}}}alignment")
            xf.insert(0, alignment)  # CT_Xf: alignment comes first
        if alignment.get("wrapText") not in ("1", "true"):
            alignment.set("wrapText", "1")
            xf.set("applyAlignment", "1")
            changed += 1
    return changed


def reveal_formats(styles) -> int:
    """Number formats that print nothing (";;;", a common way to hide a cell's value) become General;
    returns how many there were."""
    changed = 0
    for fmt in styles.iterfind(f"{{{S}}}numFmts/{{{S}}}numFmt"):
        code = fmt.get("formatCode", "")
        if code and not code.replace(";", "").strip():
            fmt.set("formatCode", "General")
            changed += 1
    return changed


def _column(ref: str | None) -> int | None:
    match = re.match(r"([A-Z]{1,3})\d", ref or "")
    if not match:
        return None
    n = 0
    for ch in match.group(1):
        n = n * 26 + ord(ch) - 64
    return n


def _cells(sheet, strings: list[str]):
    """(row element, column number, text, is a number) for each cell with a value."""
    for row in sheet.iter(f"{{{S}}}row"):
        for cell in row.iterfind(f"{{{S}}}c"):
            col = _column(cell.get("r"))
            value = cell.find(f"{{{S}}}v")
            kind = cell.get("t", "n")
            if col is None:
                continue
            if kind == "s" and value is not None and (value.text or "").strip().isdigit():
                i = int(value.text)
                text = strings[i] if i < len(strings) else ""
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{S}}}t"))
            elif value is not None:
                text = value.text or ""
            else:
                continue
            yield row, col, text, kind in ("n", "d")


def _chars(text: str) -> float:
    return max((len(line) for line in text.split("\n")), default=0) * CHAR + 2


def fit_columns(sheet, strings: list[str]) -> int:
    """Widen the sheet's columns to their text and narrow those wider than a page, and make each row tall
    enough for its wrapped text (see the module docstring); returns how many columns were changed."""
    fmt = sheet.find(f"{{{S}}}sheetFormatPr")
    default = float(fmt.get("defaultColWidth", DEFAULT_WIDTH)) if fmt is not None else DEFAULT_WIDTH
    line = max(LINE_HEIGHT, float(fmt.get("defaultRowHeight", LINE_HEIGHT)) if fmt is not None else LINE_HEIGHT)
    cols = sheet.find(f"{{{S}}}cols")
    ranges = [] if cols is None else [(int(c.get("min", "1")), int(c.get("max", "1")), dict(c.attrib))
                                      for c in cols.iterfind(f"{{{S}}}col")]
    narrowed = 0
    for _lo, _hi, attrs in ranges:
        if float(attrs.get("width", default)) > PAGE_WIDTH:  # would be cut at the page's edge
            attrs.update(width=f"{WRAP_WIDTH:.2f}", customWidth="1")
            narrowed += 1

    def width(col: int) -> float:
        return float(next((a for lo, hi, a in ranges if lo <= col <= hi), {}).get("width", default))

    cells = list(_cells(sheet, strings))
    widen: dict[int, float] = {}
    for _row, col, text, number in cells:
        needed = min(MAX_WIDTH if number else WRAP_WIDTH, _chars(text))
        if needed > max(width(col), widen.get(col, 0.0)):
            widen[col] = needed
    lines: dict[object, int] = {}
    for row, col, text, number in cells:
        if not number:
            room = max(1.0, widen.get(col, width(col)) - 2)
            wrapped = sum(max(1, math.ceil(len(part) * CHAR / room)) for part in text.split("\n"))
            lines[row] = max(lines.get(row, 1), wrapped)
    for row in sheet.iter(f"{{{S}}}row"):
        for name in ("customHeight", "ht"):
            row.attrib.pop(name, None)
        if lines.get(row, 1) > 1:  # LibreOffice does not fit imported rows to wrapped text by itself
            row.set("ht", f"{lines[row] * line:.2f}")
            row.set("customHeight", "1")
    if not widen and not narrowed:
        return 0
    pieces = []  # the old ranges split around each widened column, then the widened columns
    for lo, hi, attrs in ranges:
        start = lo
        for col in sorted(c for c in widen if lo <= c <= hi):
            if col > start:
                pieces.append((start, col - 1, attrs))
            pieces.append((col, col, {**attrs, "width": f"{widen[col]:.2f}", "customWidth": "1"}))
            start = col + 1
        if start <= hi:
            pieces.append((start, hi, attrs))
    covered = {c for c in widen if any(lo <= c <= hi for lo, hi, _ in ranges)}
    pieces += [(c, c, {"width": f"{w:.2f}", "customWidth": "1"}) for c, w in widen.items() if c not in covered]
    if cols is None:
        cols = etree.Element(f"{{{S}}}cols")
        sheet.find(f"{{{S}}}sheetData").addprevious(cols)  # CT_Worksheet: cols come just before sheetData
    for old in list(cols):
        cols.remove(old)
    for lo, hi, attrs in sorted(pieces, key=lambda p: p[0]):
        etree.SubElement(cols, f"{{{S}}}col", {**attrs, "min": str(lo), "max": str(hi)})
    return len(widen) + narrowed
