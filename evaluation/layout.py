"""Lay a generated document out as a real PDF, in one of several house styles.

Two engines, as real documents come from different tools: PyMuPDF's `Story` (HTML and CSS: headings,
bordered, plain or zebra tables, one or two columns) and `Page.insert_textbox` (a plain typesetter
that flows paragraphs and draws table grids itself, like a report writer). Fonts: the base-14 faces
(Helvetica, Times, Courier) when every character is Latin-1, else DejaVu (Sans, Serif, Mono) embedded
from a TTF, since the base-14 fonts have no glyphs for Polish, Czech, Turkish or Vietnamese letters.

Output is deterministic: fixed metadata dates, no new /ID, fonts subset.
"""

from __future__ import annotations

import html
import io
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import pymupdf

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# family -> (CSS generic, base-14 name, base-14 bold, DejaVu file, DejaVu bold file)
FONTS = {
    "sans": ("sans-serif", "helv", "hebo", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("serif", "tiro", "tibo", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "mono": ("monospace", "cour", "cobo", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
FIXED_DATE = "D:20240101000000Z"
TWO_COLUMN_GENRES = {"email_thread", "interview_notes", "prose", "complaint_letter", "chat_transcript", "minutes",
                     "form"}


@dataclass(frozen=True)
class Style:
    engine: str        # "story" | "textbox"
    columns: int       # 1 or 2 (story only)
    font: str          # key of FONTS
    size: float        # body font size, pt
    page: str          # "a4" | "letter"
    margin: float      # pt
    table: str         # "ruled" | "plain" | "zebra"
    kv: str            # form fields as "table" or "lines"

    @property
    def variant(self) -> str:
        return f"{self.engine}{'-2col' if self.columns == 2 else ''}"


def pick_style(rng: random.Random, variants: tuple[str, ...], genre: str) -> Style:
    variant = rng.choice(variants)
    if variant == "story-2col" and genre not in TWO_COLUMN_GENRES:
        variant = "story"  # wide tables do not fit half a page
    engine = "textbox" if variant == "textbox" else "story"
    font = rng.choice(["sans", "sans", "serif", "mono"] if genre in ("incident_log", "chat_transcript")
                      else ["sans", "sans", "serif"])
    return Style(engine=engine, columns=2 if variant == "story-2col" else 1, font=font,
                 size=float(rng.choice([8, 9, 9.5, 10, 10, 11, 12]) if variant != "story-2col"
                            else rng.choice([8, 8.5, 9])),
                 page=rng.choice(["a4", "a4", "letter"]), margin=float(rng.choice([36, 45, 54, 60, 72])),
                 table=rng.choice(["ruled", "plain", "zebra"]), kv=rng.choice(["table", "lines"]))


def _latin1(text: str) -> bool:
    return all(ord(c) < 256 for c in text)


# --- Story (HTML) ----------------------------------------------------------------------------------

def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def to_html(blocks: list[tuple], style: Style) -> str:
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h":
            out.append(f"<h{b[1]}>{_esc(b[2])}</h{b[1]}>")
        elif kind == "p":
            out.append(f"<p>{_esc(b[1])}</p>")
        elif kind == "lines":
            out.append("<p>" + "<br/>".join(_esc(x) if x else "&#160;" for x in b[1]) + "</p>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{_esc(x)}</li>" for x in b[1]) + "</ul>")
        elif kind == "pre":
            out.append('<div class="log">' + "".join(f"<p>{_esc(x)}</p>" for x in b[1]) + "</div>")
        elif kind == "hr":
            out.append('<p class="rule">&#160;</p>')
        elif kind == "kv":
            if style.kv == "table":
                out.append('<table class="kv">' + "".join(
                    f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>" for k, v in b[1]) + "</table>")
            else:
                out.append("<p>" + "<br/>".join(f"<b>{_esc(k)}</b> {_esc(v)}" if k else _esc(v)
                                                 for k, v in b[1]) + "</p>")
        elif kind == "table":
            rows, header = b[1], b[2]
            cls = style.table
            body = []
            for i, row in enumerate(rows):
                tag = "th" if header and i == 0 else "td"
                zebra = ' class="z"' if cls == "zebra" and i % 2 == 0 and i else ""
                body.append(f"<tr{zebra}>" + "".join(f"<{tag}>{_esc(c)}</{tag}>" for c in row) + "</tr>")
            out.append(f'<table class="{cls}">' + "".join(body) + "</table>")
        else:
            raise ValueError(kind)
    return "\n".join(out)


def _css(style: Style, dejavu: bool) -> str:
    generic, _, _, regular, bold = FONTS[style.font]
    mono = FONTS["mono"]
    faces = ""
    family, monofam = generic, "monospace"
    if dejavu:
        faces = (f"@font-face {{font-family: body; src: url({regular});}}\n"
                 f"@font-face {{font-family: body; font-weight: bold; src: url({bold});}}\n"
                 f"@font-face {{font-family: mono; src: url({mono[3]});}}\n")
        family, monofam = "body", "mono"
    s = style.size
    return faces + f"""
body {{font-family: {family}; font-size: {s}pt; line-height: 1.25;}}
h1 {{font-size: {s + 5}pt; margin: 0 0 {s}pt 0;}}
h2 {{font-size: {s + 2}pt; margin: {s}pt 0 {s / 2}pt 0;}}
h3 {{font-size: {s + 1}pt; margin: {s / 2}pt 0 {s / 4}pt 0;}}
p {{margin: 0 0 {s * 0.6}pt 0;}}
table {{border-collapse: collapse; margin: 0 0 {s}pt 0;}}
td, th {{padding: 2pt 5pt; text-align: left; vertical-align: top;}}
table.ruled td, table.ruled th {{border: 0.5pt solid #777;}}
table.zebra th {{border-bottom: 1pt solid #333;}}
tr.z {{background-color: #e8e8e8;}}
table.kv td {{border: none; padding: 1pt 6pt 1pt 0;}}
div.log p {{font-family: {monofam}; font-size: {max(7.0, s - 1.5)}pt; margin: 0;}}
p.rule {{border-bottom: 0.5pt solid #999; font-size: 4pt;}}
"""


def _story_pdf(blocks: list[tuple], style: Style, text: str) -> pymupdf.Document:
    dejavu = not _latin1(text)
    story = pymupdf.Story(to_html(blocks, style), user_css=_css(style, dejavu),
                          archive=pymupdf.Archive(str(FONT_DIR)))
    rect = pymupdf.paper_rect(style.page)
    m = style.margin
    if style.columns == 2:
        mid, gap = rect.width / 2, 14
        frames = [pymupdf.Rect(m, m, mid - gap / 2, rect.height - m),
                  pymupdf.Rect(mid + gap / 2, m, rect.width - m, rect.height - m)]
    else:
        frames = [pymupdf.Rect(m, m, rect.width - m, rect.height - m)]
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    more = 1
    while more:
        device = writer.begin_page(rect)
        for frame in frames:
            more, _ = story.place(frame)
            story.draw(device)
            if not more:
                break
        writer.end_page()
    writer.close()
    return pymupdf.open("pdf", buf.getvalue())


# --- insert_textbox --------------------------------------------------------------------------------

class _Textbox:
    """Flows blocks down pages with `insert_textbox`, drawing table grids and zebra fills itself."""

    def __init__(self, style: Style, dejavu: bool) -> None:
        self.style = style
        self.doc = pymupdf.open()
        self.rect = pymupdf.paper_rect(style.page)
        _, b14, b14b, regular, bold = FONTS[style.font]
        mono = FONTS["mono"]
        if dejavu:
            self.fonts = {"body": ("dvbody", str(FONT_DIR / regular)), "bold": ("dvbold", str(FONT_DIR / bold)),
                          "mono": ("dvmono", str(FONT_DIR / mono[3]))}
        else:
            self.fonts = {"body": (b14, None), "bold": (b14b, None), "mono": (mono[1], None)}
        self._font_objects: dict[tuple, pymupdf.Font] = {}
        self.new_page()

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=self.rect.width, height=self.rect.height)
        self.y = self.style.margin

    @property
    def bottom(self) -> float:
        return self.rect.height - self.style.margin

    @property
    def width(self) -> float:
        return self.rect.width - 2 * self.style.margin

    def _length(self, text: str, size: float, font: str = "body") -> float:
        name, file = self.fonts[font]
        key = (name, file)
        if key not in self._font_objects:
            self._font_objects[key] = pymupdf.Font(fontfile=file) if file else pymupdf.Font(name)
        return self._font_objects[key].text_length(text, fontsize=size)

    def _measure(self, text: str, width: float, font: str, size: float) -> float:
        scratch = pymupdf.open()
        page = scratch.new_page(width=width + 10, height=2000)
        name, file = self.fonts[font]
        rc = page.insert_textbox(pymupdf.Rect(0, 0, width, 2000), text, fontsize=size, fontname=name,
                                 fontfile=file, lineheight=1.25)
        scratch.close()
        if rc < 0:
            raise ValueError("text does not fit")
        return 2000 - rc

    def _write(self, rect: pymupdf.Rect, text: str, font: str, size: float) -> None:
        name, file = self.fonts[font]
        self.page.insert_textbox(rect + (0, 0, 0, 2), text, fontsize=size, fontname=name, fontfile=file,
                                 lineheight=1.25)

    def text(self, text: str, font: str = "body", size: float | None = None, after: float = 0.6) -> None:
        size = size or self.style.size
        height = self._measure(text, self.width, font, size)
        if self.y + height > self.bottom:
            self.new_page()
        self._write(pymupdf.Rect(self.style.margin, self.y, self.style.margin + self.width, self.y + height),
                    text, font, size)
        self.y += height + size * after

    def table(self, rows: list[list[str]], header: bool, kind: str) -> None:
        ncols = max(len(r) for r in rows)
        rows = [r + [""] * (ncols - len(r)) for r in rows]
        # a column is at least as wide as its longest word (a table that cannot fit is set smaller, as a
        # word processor's autofit would), and shares the rest by the length of its text
        size = self.style.size
        while True:
            minimum = [max(self._length(w, size, "bold") for r in rows for w in (r[i].split() or [""])) + 8
                       for i in range(ncols)]
            if sum(minimum) <= self.width or size <= 6.5:
                break
            size -= 0.5
        content = [max(self._length(r[i], size) for r in rows) + 8 for i in range(ncols)]
        spare = max(0.0, self.width - sum(minimum))
        extra = [max(0.0, c - m) for c, m in zip(content, minimum, strict=True)]
        widths = [m + (spare * e / sum(extra) if sum(extra) else spare / ncols)
                  for m, e in zip(minimum, extra, strict=True)]
        for i, row in enumerate(rows):
            font = "bold" if header and i == 0 else "body"
            heights = [self._measure(c, w - 6, font, size) if c else size for c, w in zip(row, widths, strict=True)]
            height = max(heights) + 2
            if self.y + height > self.bottom:
                self.new_page()
            x = self.style.margin
            if kind == "zebra" and i % 2 == 0 and i:
                self.page.draw_rect(pymupdf.Rect(x, self.y - 1, x + self.width, self.y + height),
                                    color=None, fill=(0.91, 0.91, 0.91))
            for cell, w in zip(row, widths, strict=True):
                if cell:
                    self._write(pymupdf.Rect(x + 3, self.y, x + w - 3, self.y + height), cell, font, size)
                if kind == "ruled":
                    self.page.draw_rect(pymupdf.Rect(x, self.y - 1, x + w, self.y + height),
                                        color=(0.45, 0.45, 0.45), width=0.5)
                x += w
            self.y += height + (0 if kind == "ruled" else 1)
        self.y += size * 0.6


def _textbox_pdf(blocks: list[tuple], style: Style, text: str) -> pymupdf.Document:
    t = _Textbox(style, not _latin1(text))
    s = style.size
    for b in blocks:
        kind = b[0]
        if kind == "h":
            t.text(b[2], "bold", s + {1: 5, 2: 2, 3: 1}[b[1]], after=0.5)
        elif kind == "p":
            t.text(b[1])
        elif kind == "lines":
            t.text("\n".join(b[1]))
        elif kind == "ul":
            for item in b[1]:
                t.text("- " + item, after=0.2)
        elif kind == "pre":
            for line in b[1]:
                t.text(line, "mono", max(7.0, s - 1.5), after=0.05)
        elif kind == "hr":
            t.page.draw_line((style.margin, t.y), (style.margin + t.width, t.y), color=(0.6, 0.6, 0.6), width=0.5)
            t.y += s * 0.6
        elif kind == "kv":
            if style.kv == "table":
                t.table([[k, v] for k, v in b[1]], False, "plain")
            else:
                t.text("\n".join(f"{k} {v}".strip() for k, v in b[1]))
        elif kind == "table":
            t.table(b[1], b[2], style.table)
    return t.doc


def render(blocks: list[tuple], style: Style, text: str, title: str) -> bytes:
    doc = (_textbox_pdf if style.engine == "textbox" else _story_pdf)(blocks, style, text)
    doc.set_metadata({"title": title, "author": "", "subject": "", "keywords": "", "creator": "evaluation",
                      "producer": "evaluation", "creationDate": FIXED_DATE, "modDate": FIXED_DATE})
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def style_dict(style: Style) -> dict:
    return asdict(style) | {"variant": style.variant}
