"""HTML printed to PDF by headless Chromium (Skia): TrueType subsets (a web font from @font-face, or
DejaVu from fontconfig), tables with CSS borders, dark header rows with white text, zebra rows, CSS
columns, landscape @page, soft hyphens, and a black box laid over text by CSS (an earlier, cosmetic
redaction: the text is still in the page)."""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

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

WEB_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

CSS = """
@page { size: A4%(orient)s; margin: 18mm 16mm 20mm 16mm; }
%(fontface)s
body { font-family: %(family)s; font-size: 10.5pt; line-height: 1.35; color: #111;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 17pt; margin: 0 0 8pt 0; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt 0; break-after: avoid; }
h3 { font-size: 11pt; margin: 8pt 0 3pt 0; }
p { margin: 0 0 6pt 0; hyphens: manual; }
.cols { column-count: 2; column-gap: 8mm; text-align: justify; }
.running { font-size: 8pt; color: #555; border-bottom: 0.5pt solid #999; margin-bottom: 6pt; }
table { border-collapse: collapse; width: 100%%; margin: 6pt 0; font-size: 9pt; }
th, td { border: 0.6pt solid #444; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th.dark { background: #1d2b3a; color: #fff; }
tr.zebra td { background: #e9eef4; }
pre { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; background: #f3f3f3;
      border-left: 2pt solid #888; padding: 4pt; white-space: pre-wrap; word-break: break-all; }
.covered { position: relative; }
.covered::after { content: ""; position: absolute; left: -1pt; right: -1pt; top: 0; bottom: -1pt; background: #000; }
.notes { font-size: 8.5pt; border-top: 0.5pt solid #999; margin-top: 10pt; }
.pb { break-after: page; }
"""


def _text(s: str) -> str:
    return html.escape(s).replace(SHY, "&shy;")


def to_html(doc: Doc, *, web_font: bool = False) -> str:
    fontface = (f'@font-face {{ font-family: "CouncilSerif"; src: url("{WEB_FONT.as_uri()}") format("truetype"); }}'
                if web_font else "")
    family = '"CouncilSerif", serif' if web_font else '"DejaVu Sans", sans-serif'
    css = CSS % {"orient": " landscape" if doc.landscape else "", "fontface": fontface, "family": family}
    notes: list[str] = []
    body: list[str] = [f'<div class="running">{_text(doc.header)}</div>' if doc.header else "",
                       f"<h1>{_text(doc.title)}</h1>"]
    main: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            main.append(f"<h{b.level + 1}>{_text(b.text)}</h{b.level + 1}>")
        elif isinstance(b, Para):
            out = []
            for part in b.parts:
                if isinstance(part, Note):
                    notes.append(part.text)
                    out.append(f"<sup>{len(notes)}</sup>")
                elif isinstance(part, Covered):
                    out.append(f'<span class="covered">{_text(part.text)}</span>')
                else:
                    out.append(_text(part))
            main.append(f"<p>{''.join(out)}</p>")
        elif isinstance(b, Lines):
            main.append("<p>" + "<br>".join(_text(line) for line in b.lines) + "</p>")
        elif isinstance(b, Bullets):
            main.append("<ul>" + "".join(f"<li>{_text(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Code):
            main.append("<pre>" + "\n".join(html.escape(line) for line in b.lines) + "</pre>")
        elif isinstance(b, Table):
            cls = ' class="dark"' if b.dark_header else ""
            total = sum(b.widths)
            rows = ["<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in b.widths) + "</colgroup>",
                    "<thead><tr>" + "".join(f"<th{cls}>{_text(h)}</th>" for h in b.header) + "</tr></thead><tbody>"]
            for i, row in enumerate(b.rows):
                z = ' class="zebra"' if b.zebra and i % 2 else ""
                rows.append(f"<tr{z}>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>")
            main.append("<table>" + "".join(rows) + "</tbody></table>")
        elif isinstance(b, PageBreak):
            main.append('<div class="pb"></div>')
    body.append(f'<div class="cols">{"".join(main)}</div>' if doc.two_column else "\n".join(main))
    if notes:
        body.append('<div class="notes"><ol>' + "".join(f"<li>{_text(n)}</li>" for n in notes) + "</ol></div>")
    body.append(f'<div class="running">{_text(doc.footer)}</div>')
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{_text(doc.title)}</title>'
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    raise RuntimeError("chromium not found: run `make system-deps`")


def print_pdf(html_file: Path, out_pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="producers-chromium-") as profile:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-pdf-header-footer", "--allow-file-access-from-files", f"--user-data-dir={profile}",
               f"--print-to-pdf={out_pdf}", html_file.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if proc.returncode != 0 or not out_pdf.exists() or out_pdf.stat().st_size == 0:
        raise RuntimeError(f"chromium print-to-pdf failed for {html_file}: {proc.stderr[-1500:]}")


def build(doc: Doc, out_pdf: Path, work: Path, **options) -> None:
    src = work / (out_pdf.stem + ".html")
    src.write_text(to_html(doc, **options), encoding="utf-8")
    out_pdf.unlink(missing_ok=True)
    print_pdf(src, out_pdf)
