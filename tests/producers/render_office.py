"""LibreOffice headless: Word documents (python-docx) and spreadsheets (openpyxl) exported to tagged PDF
by Writer and Calc, as a council's own office suite would: TrueType subsets (DejaVu), ruled tables with
shaded cells, headers and footers, sections in two columns or landscape, soft hyphens, and the classic
bad redaction of an office document: text shaded black (the text stays, under a black fill)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from tests.producers.content import (
    SHY,
    Bullets,
    Code,
    Covered,
    Doc,
    Heading,
    Lines,
    Note,
    PageBreak,
    Para,
    Table,
)

BODY_FONT = "DejaVu Sans"
MONO_FONT = "DejaVu Sans Mono"
# LibreOffice 7.4+ takes export options as JSON after the filter name.
TAGGED = json.dumps({"UseTaggedPDF": {"type": "boolean", "value": "true"}})


def _shade(cell_or_run_props, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell_or_run_props.append(shd)


def _run(paragraph, text: str, *, bold: bool = False, covered: bool = False, mono: bool = False,
         size: float | None = None, white: bool = False):
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.name = MONO_FONT if mono else BODY_FONT
    if size:
        run.font.size = Pt(size)
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if covered:  # black text on black shading: looks redacted, is not
        run.font.color.rgb = RGBColor(0, 0, 0)
        _shade(run._r.get_or_add_rPr(), "000000")
    return run


def _columns(section, n: int) -> None:
    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), str(n))
    cols.set(qn("w:space"), "454")


def to_docx(doc: Doc, path: Path) -> None:
    d = Document()
    style = d.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(10)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    if doc.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.left_margin = sec.right_margin = Mm(18)
    if doc.header:
        _run(sec.header.paragraphs[0], doc.header, size=8)
    _run(sec.footer.paragraphs[0], doc.footer, size=8)
    h = d.add_paragraph()
    _run(h, doc.title, bold=True, size=16)
    if doc.two_column:
        body_sec = d.add_section(0)  # WD_SECTION.CONTINUOUS: the title spans, the body has two columns
        _columns(body_sec, 2)
    notes: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            p = d.add_paragraph()
            _run(p, b.text, bold=True, size=12.5 if b.level == 1 else 11)
        elif isinstance(b, Para):
            p = d.add_paragraph()
            for part in b.parts:
                if isinstance(part, Note):
                    notes.append(part.text)
                    r = _run(p, str(len(notes)))
                    r.font.superscript = True
                elif isinstance(part, Covered):
                    _run(p, part.text, covered=True)
                else:
                    _run(p, part)
        elif isinstance(b, Lines):
            p = d.add_paragraph()
            for i, line in enumerate(b.lines):
                r = _run(p, line)
                if i < len(b.lines) - 1:
                    r.add_break()
        elif isinstance(b, Bullets):
            for item in b.items:
                _run(d.add_paragraph(style="List Bullet"), item)
        elif isinstance(b, Code):
            for line in b.lines:
                p = d.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                _run(p, line, mono=True, size=7.5)
        elif isinstance(b, Table):
            t = d.add_table(rows=1 + len(b.rows), cols=len(b.header))
            t.style = "Table Grid"  # single ruled borders on every cell
            t.autofit = False
            total = sum(b.widths)
            usable = (sec.page_width - sec.left_margin - sec.right_margin) / (2 if doc.two_column else 1)
            for c_i, col in enumerate(t.columns):
                col.width = int(usable * b.widths[c_i] / total)
            for r_i, row in enumerate((b.header, *b.rows)):
                for c_i, text in enumerate(row):
                    cell = t.cell(r_i, c_i)
                    cell.width = int(usable * b.widths[c_i] / total)
                    par = cell.paragraphs[0]
                    par.paragraph_format.space_after = Pt(1)
                    if r_i == 0 and b.dark_header:
                        _shade(cell._tc.get_or_add_tcPr(), "1D2B3A")
                        _run(par, text, bold=True, white=True, size=9)
                    else:
                        if b.zebra and r_i % 2 == 0 and r_i:
                            _shade(cell._tc.get_or_add_tcPr(), "E9EEF4")
                        _run(par, text, size=9, bold=r_i == 0)
        elif isinstance(b, PageBreak):
            d.add_page_break()
    if notes:
        p = d.add_paragraph()
        _run(p, "Notes", bold=True)
        for i, n in enumerate(notes, 1):
            _run(d.add_paragraph(), f"{i}. {n}", size=8)
    d.core_properties.author = "Information Governance"
    d.save(path)


def to_xlsx(doc: Doc, path: Path) -> None:
    """The document's tables as a worksheet: a contact list or register kept in a spreadsheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = doc.kind[:31]
    thin = Side(style="thin", color="444444")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([doc.title])
    ws["A1"].font = Font(name=BODY_FONT, bold=True, size=14)
    row_no = 2
    for b in doc.blocks:
        if isinstance(b, Para):
            ws.cell(row=row_no, column=1, value=b.text.replace(SHY, "")).font = Font(name=BODY_FONT, italic=True)
            row_no += 2
        if not isinstance(b, Table):
            continue
        for c_i, w in enumerate(b.widths, 1):
            ws.column_dimensions[chr(64 + c_i)].width = 18 * w
        for r_i, row in enumerate((b.header, *b.rows)):
            for c_i, text in enumerate(row, 1):
                cell = ws.cell(row=row_no, column=c_i, value=text.replace(SHY, ""))
                cell.border = border
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if r_i == 0:
                    cell.font = Font(name=BODY_FONT, bold=True, color="FFFFFF")
                    cell.fill = PatternFill("solid", fgColor="1D2B3A")
                else:
                    cell.font = Font(name=BODY_FONT, size=10)
                    if b.zebra and r_i % 2 == 0:
                        cell.fill = PatternFill("solid", fgColor="E9EEF4")
            row_no += 1
        row_no += 1
    ws.oddHeader.center.text = doc.header
    ws.oddFooter.left.text = doc.footer
    ws.oddFooter.right.text = "Page &P of &N"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if doc.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(path)


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if path := shutil.which(name):
            return path
    raise RuntimeError("LibreOffice (soffice) not found: run `make system-deps`")


def convert(sources: list[Path], out_dir: Path, work: Path, filter_name: str) -> None:
    """One soffice run for many files (start-up is the slow part); a private profile in ``work``."""
    profile = (work / "lo-profile").resolve()
    cmd = [soffice(), "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", f"pdf:{filter_name}:{TAGGED}", "--outdir", str(out_dir), *map(str, sources)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    missing = [s for s in sources if not (out_dir / (s.stem + ".pdf")).exists()]
    if proc.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice conversion failed ({filter_name}) for {missing}: {proc.stderr[-1500:]}")
