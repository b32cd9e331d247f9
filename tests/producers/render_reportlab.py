"""ReportLab platypus, the library behind many line-of-business systems' PDF exports: base-14 Helvetica
or an embedded TrueType subset, Table with GRID lines, a dark header row, ROWBACKGROUNDS zebra, Preformatted
code, footnotes as endnotes, landscape pages, and black highlighting (``backColor``) as an earlier
cosmetic redaction. (No /Rotate pages here: ReportLab swaps the media box for /Rotate 90, so its
content would need drawing sideways; pdflatex, ghostscript-ps and pymupdf make rotated pages.)"""

from __future__ import annotations

from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Preformatted,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from tests.producers.content import SHY, Bullets, Code, Covered, Doc, Heading, Lines, Note, Para, Table
from tests.producers.content import PageBreak as PB

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _fonts(truetype: bool) -> tuple[str, str, str]:
    if not truetype:
        return "Helvetica", "Helvetica-Bold", "Courier"
    for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
                       ("DejaVuMono", "DejaVuSansMono.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(DEJAVU / file)))
    return "DejaVu", "DejaVu-Bold", "DejaVuMono"


def _t(s: str) -> str:
    return escape(s.replace(SHY, ""), quote=False)


def build(doc: Doc, out_pdf: Path, work: Path, *, truetype: bool = False, **_) -> None:
    body, bold, mono = _fonts(truetype)
    ss = getSampleStyleSheet()
    normal = ParagraphStyle("b", parent=ss["Normal"], fontName=body, fontSize=10, leading=13, spaceAfter=5)
    h1 = ParagraphStyle("h1", parent=normal, fontName=bold, fontSize=12.5, leading=16, spaceBefore=6)
    h2 = ParagraphStyle("h2", parent=normal, fontName=bold, fontSize=11, leading=14)
    title = ParagraphStyle("t", parent=normal, fontName=bold, fontSize=16, leading=20, spaceAfter=8)
    small = ParagraphStyle("s", parent=normal, fontSize=8, leading=10)
    cell = ParagraphStyle("c", parent=normal, fontSize=8.5, leading=10.5, spaceAfter=0)
    cell_head = ParagraphStyle("ch", parent=cell, fontName=bold, textColor=colors.white)
    code = ParagraphStyle("code", parent=normal, fontName=mono, fontSize=7.2, leading=9, backColor=colors.HexColor("#f2f2f2"))

    pagesize = landscape(A4) if doc.landscape else A4
    w, h = pagesize
    margin = 18 * mm
    ncols = 2 if doc.two_column else 1
    gap = 8 * mm
    colw = (w - 2 * margin - (ncols - 1) * gap) / ncols
    frames = [Frame(margin + i * (colw + gap), margin, colw, h - 2 * margin, id=f"c{i}") for i in range(ncols)]

    def decorate(canvas, _doc):
        canvas.saveState()
        canvas.setFont(body, 7.5)
        canvas.setFillColor(colors.grey)
        if doc.header:
            canvas.drawString(margin, h - margin + 8, doc.header)
        canvas.drawString(margin, margin - 14, doc.footer)
        canvas.drawRightString(w - margin, margin - 14, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    story: list = [Paragraph(_t(doc.title), title)]
    notes: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            story.append(Paragraph(_t(b.text), h1 if b.level == 1 else h2))
        elif isinstance(b, Para):
            parts = []
            for part in b.parts:
                if isinstance(part, Note):
                    notes.append(part.text)
                    parts.append(f"<super>{len(notes)}</super>")
                elif isinstance(part, Covered):  # black text on a black highlight
                    parts.append(f'<span backColor="black" color="black">{_t(part.text)}</span>')
                else:
                    parts.append(_t(part))
            story.append(Paragraph("".join(parts), normal))
        elif isinstance(b, Lines):
            story.append(Paragraph("<br/>".join(_t(line) for line in b.lines), normal))
        elif isinstance(b, Bullets):
            story.append(ListFlowable([ListItem(Paragraph(_t(i), normal)) for i in b.items], bulletType="bullet"))
        elif isinstance(b, Code):
            story.append(Preformatted("\n".join(b.lines), code, maxLineLength=95, newLineChars=""))
            story.append(Spacer(1, 5))
        elif isinstance(b, Table):
            total = sum(b.widths)
            data = [[Paragraph(_t(x), cell_head if b.dark_header else cell) for x in b.header]]
            data += [[Paragraph(_t(x), cell) for x in row] for row in b.rows]
            t = RLTable(data, colWidths=[colw * x / total for x in b.widths], repeatRows=1)
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#444444")),
                     ("VALIGN", (0, 0), (-1, -1), "TOP")]
            if b.dark_header:
                style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1d2b3a")))
            if b.zebra:
                style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#e9eef4")]))
            t.setStyle(TableStyle(style))
            story += [t, Spacer(1, 6)]
        elif isinstance(b, PB):
            story.append(PageBreak())
    if notes:
        story.append(Paragraph("Notes", h2))
        story += [Paragraph(f"{i}. {_t(n)}", small) for i, n in enumerate(notes, 1)]

    # invariant=1: no creation date or random /ID, so the same story gives the same bytes
    template = PageTemplate(id="p", frames=frames, onPage=decorate)
    d = BaseDocTemplate(str(out_pdf), pagesize=pagesize, invariant=1, title=doc.title, author="Information Governance",
                        creator="council case management system", pageTemplates=[template])
    d.build(story)
