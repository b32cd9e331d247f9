"""A small typesetter for the producers that only draw: hand-written PostScript for Ghostscript, PyMuPDF
pages and matplotlib figures. It places every line, cell and rule itself, so each backend gets the same
page geometry and writes it in its own operators:

- PostScript (``ps2pdf``): base-14 names that Ghostscript replaces by URW Type1 fonts, tables ruled with
  stroked lines, zebra rows and dark header rows with ``rectfill``, pages drawn sideways so that
  Ghostscript's AutoRotatePages gives them /Rotate;
- PyMuPDF: an embedded TrueType (DejaVu) or base-14 Helvetica, tables ruled with filled thin rectangles,
  ``/Rotate 90`` pages whose content is a form XObject (``show_pdf_page``);
- matplotlib: Type3 (``pdf.fonttype: 3``) or TrueType (42) text, rules and fills as patches.

Long words break at soft hyphens and at their own hyphens (an incident reference split
``HBC-DPB-`` / ``2024-0416``), as word processors do.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pymupdf

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

A4 = (595.0, 842.0)
Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
WHITE: Color = (1.0, 1.0, 1.0)
DARK: Color = (0.11, 0.17, 0.23)
ZEBRA: Color = (0.91, 0.93, 0.96)
GREY: Color = (0.35, 0.35, 0.35)
CODE_BG: Color = (0.95, 0.95, 0.95)


class Backend:
    """Drawing primitives in top-left page coordinates (points, y down)."""

    faces: dict[str, pymupdf.Font]

    def width(self, text: str, face: str, size: float) -> float:
        return self.faces[face].text_length(text, fontsize=size)

    def new_page(self, w: float, h: float) -> None: ...
    def text(self, x: float, y: float, s: str, face: str, size: float, color: Color = BLACK) -> None: ...
    def fill(self, x: float, y: float, w: float, h: float, color: Color, *, over: bool = False) -> None: ...
    def line(self, x0: float, y0: float, x1: float, y1: float, width: float, color: Color = BLACK) -> None: ...
    def save(self, path: Path) -> None: ...


@dataclass
class Style:
    body: float = 10.0
    leading: float = 1.32
    margin: float = 56.0
    rules: str = "lines"  # table rules: "lines" (stroked) or "rects" (filled thin rectangles)
    rule_width: float = 0.6


def _break_word(word: str, fits) -> tuple[str, str] | None:
    """Split ``word`` at the last soft hyphen or hyphen whose prefix (plus '-') fits."""
    best = None
    for i, ch in enumerate(word):
        if ch == SHY and fits(word[:i].replace(SHY, "") + "-"):
            best = (word[:i].replace(SHY, "") + "-", word[i + 1:])
        elif ch == "-" and 2 < i < len(word) - 2 and fits(word[:i + 1].replace(SHY, "")):
            best = (word[:i + 1].replace(SHY, ""), word[i + 1:])
    return best


def wrap(text: str, width: float, measure) -> list[str]:
    words = text.split()
    lines: list[str] = []
    cur = ""
    while words:
        word = words.pop(0)
        cand = (cur + " " + word) if cur else word
        if measure(cand.replace(SHY, "")) <= width:
            cur = cand
            continue
        lead = (cur + " ") if cur else ""
        split = _break_word(word, lambda s, lead=lead: measure(lead + s) <= width)
        if split:
            lines.append(lead + split[0])
            words.insert(0, split[1])
            cur = ""
        elif cur:
            lines.append(cur.replace(SHY, ""))
            cur = word
        else:  # a single word wider than the line: cut it by characters
            cut = len(word)
            while cut > 1 and measure(word[:cut].replace(SHY, "")) > width:
                cut -= 1
            lines.append(word[:cut].replace(SHY, ""))
            words.insert(0, word[cut:])
    if cur:
        lines.append(cur.replace(SHY, ""))
    return lines


class Flow:
    def __init__(self, be: Backend, doc: Doc, style: Style):
        self.be, self.doc, self.st = be, doc, style
        self.w, self.h = (A4[1], A4[0]) if doc.landscape else A4
        self.cols = 2 if doc.two_column else 1
        self.gap = 20.0
        self.colw = (self.w - 2 * style.margin - (self.cols - 1) * self.gap) / self.cols
        self.page = 0
        self.col = 0
        self.y = 0.0
        self._new_page()

    @property
    def x0(self) -> float:
        return self.st.margin + self.col * (self.colw + self.gap)

    @property
    def bottom(self) -> float:
        return self.h - self.st.margin - 10

    def _new_page(self) -> None:
        self.page += 1
        self.be.new_page(self.w, self.h)
        self.col = 0
        m = self.st.margin
        if self.doc.header:
            self.be.text(m, m - 20, self.doc.header, "sans", 7.5, GREY)
            self.be.line(m, m - 16, self.w - m, m - 16, 0.4, GREY)
        self.be.text(m, self.h - m + 22, self.doc.footer, "sans", 7.5, GREY)
        label = f"Page {self.page}"
        self.be.text(self.w - m - self.be.width(label, "sans", 7.5), self.h - m + 22, label, "sans", 7.5, GREY)
        self.y = m

    def need(self, height: float) -> None:
        if self.y + height <= self.bottom:
            return
        if self.col + 1 < self.cols:
            self.col += 1
            self.y = self.st.margin + self.top_offset
        else:
            self._new_page()
            self.top_offset = 0.0

    top_offset = 0.0

    def lines(self, lines: list[str], face: str, size: float, *, indent: float = 0.0,
              covered: list[str] | None = None) -> None:
        lead = size * self.st.leading
        for line in lines:
            self.need(lead)
            self.y += size
            self.be.text(self.x0 + indent, self.y, line, face, size)
            for c in covered or []:  # a black box over each covered span on this line
                at = line.find(c)
                if at >= 0:
                    x = self.x0 + indent + self.be.width(line[:at], face, size)
                    self.be.fill(x - 1, self.y - size * 0.8, self.be.width(c, face, size) + 2, size * 1.05, BLACK,
                                 over=True)
            self.y += lead - size

    def para(self, text: str, face: str = "sans", size: float | None = None, *, indent: float = 0.0,
             covered: list[str] | None = None, after: float = 5.0) -> None:
        size = size or self.st.body
        width = self.colw - indent
        self.lines(wrap(text, width, lambda s: self.be.width(s, face, size)), face, size, indent=indent,
                   covered=covered)
        self.y += after

    def code(self, lines: tuple[str, ...]) -> None:
        size = 7.2
        width = self.colw - 8
        out: list[str] = []
        for line in lines:  # monospace: hard-wrap by characters, as a log viewer does
            per = max(10, int(width / self.be.width("M", "mono", size)))
            out += [line[i:i + per] for i in range(0, len(line), per)] or [""]
        lead = size * 1.25
        for line in out:
            self.need(lead)
            self.be.fill(self.x0, self.y, self.colw, lead, CODE_BG)
            self.be.text(self.x0 + 4, self.y + size, line, "mono", size)
            self.y += lead
        self.y += 6

    def table(self, t: Table) -> None:
        size = 8.2
        lead = size * 1.25
        pad = 3.0
        total = sum(t.widths)
        widths = [self.colw * w / total for w in t.widths]

        def cell_lines(row, face):
            return [wrap(c, w - 2 * pad, lambda s, f=face: self.be.width(s, f, size)) for c, w in zip(row, widths, strict=True)]

        def draw_row(row, face, fill, color):
            cells = cell_lines(row, face)
            hgt = max(len(c) for c in cells) * lead + 2 * pad
            top = self.y
            if fill:
                self.be.fill(self.x0, top, self.colw, hgt, fill)
            x = self.x0
            for c, w in zip(cells, widths, strict=True):
                for i, line in enumerate(c):
                    self.be.text(x + pad, top + pad + size + i * lead, line, face, size, color)
                x += w
            # rules: the top edge and every vertical edge of this row
            xs = [self.x0]
            for w in widths:
                xs.append(xs[-1] + w)
            self._rule(self.x0, top, self.x0 + self.colw, top)
            for xv in xs:
                self._rule(xv, top, xv, top + hgt)
            self.y = top + hgt
            return hgt

        def header():
            if t.dark_header:
                draw_row(t.header, "sans-bold", DARK, WHITE)
            else:
                draw_row(t.header, "sans-bold", None, BLACK)

        self.need(60)
        header()
        for i, row in enumerate(t.rows):
            hgt = max(len(c) for c in cell_lines(row, "sans")) * lead + 2 * pad
            if self.y + hgt > self.bottom:
                self._rule(self.x0, self.y, self.x0 + self.colw, self.y)
                self.need(self.bottom)  # next column or page, and the header again
                header()
            draw_row(row, "sans", ZEBRA if t.zebra and i % 2 else None, BLACK)
        self._rule(self.x0, self.y, self.x0 + self.colw, self.y)
        self.y += 8

    def _rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        rw = self.st.rule_width
        if self.st.rules == "rects":  # as a filled rectangle, rw thick
            if y0 == y1:
                self.be.fill(x0 - rw / 2, y0 - rw / 2, x1 - x0 + rw, rw, BLACK)
            else:
                self.be.fill(x0 - rw / 2, y0, rw, y1 - y0, BLACK)
        else:
            self.be.line(x0, y0, x1, y1, rw)

    def run(self) -> None:
        notes: list[str] = []
        self.para(self.doc.title, "sans-bold", 16, after=8)
        self.top_offset = self.y - self.st.margin
        for b in self.doc.blocks:
            if isinstance(b, Heading):
                self.need(40)
                self.y += 4
                self.para(b.text, "sans-bold", 12 if b.level == 1 else 10.5, after=3)
            elif isinstance(b, Para):
                text = ""
                for part in b.parts:
                    if isinstance(part, Note):
                        notes.append(part.text)
                        text += f" [{len(notes)}]"
                    else:
                        text += part if isinstance(part, str) else part.text
                self.para(text, covered=[p.text for p in b.parts if isinstance(p, Covered)])
            elif isinstance(b, Lines):
                self.lines(list(b.lines), "sans", self.st.body)
                self.y += 5
            elif isinstance(b, Bullets):
                for item in b.items:
                    self.need(self.st.body * self.st.leading)
                    self.be.text(self.x0 + 4, self.y + self.st.body, "-", "sans", self.st.body)
                    self.para(item, indent=14, after=1)
                self.y += 4
            elif isinstance(b, Code):
                self.code(b.lines)
            elif isinstance(b, Table):
                self.table(b)
            elif isinstance(b, PageBreak):
                self._new_page()
        if notes:
            self.para("Notes", "sans-bold", 10, after=2)
            for i, n in enumerate(notes, 1):
                self.para(f"[{i}] {n}", size=8, after=1)


def typeset(doc: Doc, be: Backend, style: Style | None = None) -> int:
    flow = Flow(be, doc, style or Style())
    flow.run()
    return flow.page


# --- PostScript ----------------------------------------------------------------------------------------

PS_FONTS = {"sans": ("Helvetica", "helv"), "sans-bold": ("Helvetica-Bold", "hebo"), "mono": ("Courier", "cour"),
            "serif": ("Times-Roman", "tiro")}


def ps_string(s: str) -> str:
    out = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "(" + "".join(c if ord(c) < 128 else f"\\{ord(c) & 0xFF:03o}" for c in out) + ")"


class PostScript(Backend):
    """Hand-written PostScript; ``sideways`` draws landscape content on portrait media, rotated."""

    def __init__(self, *, sideways: bool = False, title: str = ""):
        self.faces = {k: pymupdf.Font(v[1]) for k, v in PS_FONTS.items()}
        self.sideways = sideways
        self.parts = ["%!PS-Adobe-3.0", f"%%Title: {title}", "%%Creator: council records system", "%%EndComments"]
        # The fonts keep StandardEncoding (the text is ASCII): re-encoding to ISOLatin1Encoding would draw
        # '-' (0x2D) as /minus, which text extraction then reads as U+2212.
        self.h = 0.0
        self.open = False

    def new_page(self, w: float, h: float) -> None:
        if self.open:
            self.parts.append("grestore showpage")
        self.h = h
        if self.sideways:  # portrait media, content turned 90 degrees
            self.parts.append(f"<< /PageSize [{h:g} {w:g}] >> setpagedevice gsave {h:g} 0 translate 90 rotate")
        else:
            self.parts.append(f"<< /PageSize [{w:g} {h:g}] >> setpagedevice gsave")
        self.open = True

    def text(self, x, y, s, face, size, color=BLACK):
        self.parts.append(f"{color[0]:.3g} {color[1]:.3g} {color[2]:.3g} setrgbcolor /{PS_FONTS[face][0]} findfont "
                          f"{size:g} scalefont setfont {x:.2f} {self.h - y:.2f} moveto {ps_string(s)} show")

    def fill(self, x, y, w, h, color, *, over=False):
        self.parts.append(f"{color[0]:.3g} {color[1]:.3g} {color[2]:.3g} setrgbcolor "
                          f"{x:.2f} {self.h - y - h:.2f} {w:.2f} {h:.2f} rectfill")

    def line(self, x0, y0, x1, y1, width, color=BLACK):
        self.parts.append(f"{color[0]:.3g} {color[1]:.3g} {color[2]:.3g} setrgbcolor {width:g} setlinewidth newpath "
                          f"{x0:.2f} {self.h - y0:.2f} moveto {x1:.2f} {self.h - y1:.2f} lineto stroke")

    def save(self, path: Path) -> None:
        if self.open:
            self.parts.append("grestore showpage")
        self.parts.append("%%EOF")
        path.write_text("\n".join(self.parts) + "\n", encoding="latin-1")


def ps2pdf(ps: Path, pdf: Path) -> None:
    # AutoRotatePages (the default, made explicit) turns sideways pages upright with /Rotate
    proc = subprocess.run(["ps2pdf", "-dAutoRotatePages=/PageByPage", str(ps), str(pdf)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"ps2pdf failed on {ps}: {proc.stderr[-1500:] or proc.stdout[-1500:]}")


def gs_pdfwrite(src: Path, pdf: Path) -> None:
    """Re-distil a PDF through Ghostscript, as print-to-PDF drivers and 'optimise PDF' tools do."""
    proc = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={pdf}",
                           str(src)], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"gs pdfwrite failed on {src}: {proc.stderr[-1500:] or proc.stdout[-1500:]}")


# --- PyMuPDF ------------------------------------------------------------------------------------------

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


class MuPDF(Backend):
    """PyMuPDF pages; ``truetype`` embeds DejaVu (Identity-H), else base-14 Helvetica/Courier."""

    def __init__(self, *, truetype: bool = True):
        self.truetype = truetype
        if truetype:
            files = {"sans": "DejaVuSans.ttf", "sans-bold": "DejaVuSans-Bold.ttf", "mono": "DejaVuSansMono.ttf",
                     "serif": "DejaVuSerif.ttf"}
            self.files = {k: str(DEJAVU / v) for k, v in files.items()}
            self.faces = {k: pymupdf.Font(fontfile=v) for k, v in self.files.items()}
        else:
            self.faces = {k: pymupdf.Font(v[1]) for k, v in PS_FONTS.items()}
        self.doc = pymupdf.open()
        self.page = None
        self.shape = None
        self.over: list = []

    def _flush(self) -> None:
        if self.shape is not None:
            self.shape.commit()
            if self.over:  # boxes drawn after the text, over it
                top = self.page.new_shape()
                for r in self.over:
                    top.draw_rect(r)
                    top.finish(fill=BLACK, color=None, width=0)
                top.commit()
        self.over = []

    def new_page(self, w, h):
        self._flush()
        self.page = self.doc.new_page(width=w, height=h)
        self.shape = self.page.new_shape()

    def text(self, x, y, s, face, size, color=BLACK):
        if self.truetype:
            self.shape.insert_text((x, y), s, fontname=f"F{face.replace('-', '')}", fontfile=self.files[face],
                                   fontsize=size, color=color)
        else:
            self.shape.insert_text((x, y), s, fontname=PS_FONTS[face][1], fontsize=size, color=color)

    def fill(self, x, y, w, h, color, *, over=False):
        if over:
            self.over.append(pymupdf.Rect(x, y, x + w, y + h))
            return
        self.shape.draw_rect(pymupdf.Rect(x, y, x + w, y + h))
        self.shape.finish(fill=color, color=None, width=0)

    def line(self, x0, y0, x1, y1, width, color=BLACK):
        self.shape.draw_line((x0, y0), (x1, y1))
        self.shape.finish(color=color, width=width)

    def save(self, path: Path, *, rotate: bool = False) -> None:
        self._flush()
        doc = self.doc
        if rotate:  # each landscape page shown on a portrait page with /Rotate 90, through a form XObject
            out = pymupdf.open()
            for n in range(doc.page_count):
                page = out.new_page(width=A4[0], height=A4[1])
                page.set_rotation(90)
                page.show_pdf_page(page.cropbox, doc, n, rotate=90)  # the unrotated rectangle
            doc = out
        if self.truetype:
            doc.subset_fonts()
        doc.set_metadata({"title": "", "producer": "PyMuPDF", "creator": "council records system",
                          "creationDate": "D:20240502090000Z", "modDate": "D:20240502090000Z"})
        doc.save(path, garbage=4, deflate=True, no_new_id=True)  # no random /ID: the same bytes each build


# --- matplotlib -----------------------------------------------------------------------------------------

class Matplotlib(Backend):
    """Each page a figure; fonttype 3 (Type3, glyphs as procedures) or 42 (TrueType)."""

    def __init__(self, fonttype: int):
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager
        self.fonttype = fonttype
        ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        self.faces = {"sans": pymupdf.Font(fontfile=str(ttf / "DejaVuSans.ttf")),
                      "sans-bold": pymupdf.Font(fontfile=str(ttf / "DejaVuSans-Bold.ttf")),
                      "mono": pymupdf.Font(fontfile=str(ttf / "DejaVuSansMono.ttf")),
                      "serif": pymupdf.Font(fontfile=str(ttf / "DejaVuSans.ttf"))}
        self.props = {"sans": font_manager.FontProperties(family="DejaVu Sans"),
                      "sans-bold": font_manager.FontProperties(family="DejaVu Sans", weight="bold"),
                      "mono": font_manager.FontProperties(family="DejaVu Sans Mono"),
                      "serif": font_manager.FontProperties(family="DejaVu Sans")}
        self.figs: list = []

    def new_page(self, w, h):
        from matplotlib.figure import Figure
        self.w, self.h = w, h
        self.figs.append(Figure(figsize=(w / 72, h / 72)))

    def text(self, x, y, s, face, size, color=BLACK):
        self.figs[-1].text(x / self.w, 1 - y / self.h, s, fontproperties=self.props[face], fontsize=size, color=color,
                           va="baseline", ha="left", zorder=3)

    def fill(self, x, y, w, h, color, *, over=False):
        from matplotlib.patches import Rectangle
        fig = self.figs[-1]
        fig.patches.append(Rectangle((x / self.w, 1 - (y + h) / self.h), w / self.w, h / self.h, facecolor=color,
                                     edgecolor="none", transform=fig.transFigure, figure=fig, zorder=10 if over else 1))

    def line(self, x0, y0, x1, y1, width, color=BLACK):
        from matplotlib.lines import Line2D
        fig = self.figs[-1]
        fig.lines.append(Line2D([x0 / self.w, x1 / self.w], [1 - y0 / self.h, 1 - y1 / self.h], linewidth=width,
                                color=color, transform=fig.transFigure, figure=fig, zorder=2))

    def save(self, path: Path) -> None:
        import matplotlib
        from matplotlib.backends.backend_pdf import PdfPages
        with matplotlib.rc_context({"pdf.fonttype": self.fonttype, "pdf.compression": 6}):
            with PdfPages(path, metadata={"CreationDate": None, "Creator": "matplotlib", "Producer": None}) as pdf:
                for fig in self.figs:
                    pdf.savefig(fig)
