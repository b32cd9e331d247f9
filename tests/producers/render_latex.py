"""pdfLaTeX: Type1 fonts (Latin Modern via lmodern, or the default Computer Modern from amsfonts),
ligatures (fi, ff), kerning, TeX's own hyphenation, footnotes, tabular with \\hline (TeX rules are filled
thin rectangles) and colortbl cell fills, two columns, pdflscape pages (/Rotate 90)."""

from __future__ import annotations

import os
import re
import subprocess
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

# Reproducible output: pdfTeX takes its dates from SOURCE_DATE_EPOCH and its /ID from \pdftrailerid.
ENV = {"SOURCE_DATE_EPOCH": "1714640400", "FORCE_SOURCE_DATE": "1"}

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", SHY: r"\-",
            "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}


def esc(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _para(p: Para) -> str:
    out = []
    for part in p.parts:
        if isinstance(part, Note):
            out.append(rf"\footnote{{{esc(part.text)}}}")
        elif isinstance(part, Covered):
            out.append(rf"\blackout{{{esc(part.text)}}}")
        else:
            out.append(esc(part))
    return "".join(out)


def _table(t: Table, width: str, env: str) -> str:
    total = sum(t.widths)
    cols = "|".join(rf">{{\raggedright\arraybackslash}}p{{{w / total:.3f}\dimexpr {width}-{2 * len(t.widths)}\tabcolsep-{len(t.widths) + 1}\arrayrulewidth\relax}}"
                    for w in t.widths)
    lines = [r"\begingroup\small", rf"\begin{{{env}}}{{|{cols}|}}", r"\hline"]
    head = " & ".join(rf"\textbf{{{esc(h)}}}" for h in t.header)
    if t.dark_header:
        lines.append(r"\rowcolor[gray]{0.15}" + " & ".join(rf"\color{{white}}\textbf{{{esc(h)}}}" for h in t.header) + r"\\ \hline")
    else:
        lines.append(head + r"\\ \hline")
    if env == "longtable":
        lines.append(r"\endhead")  # the header row again on every page of the table
    for i, row in enumerate(t.rows):
        zebra = r"\rowcolor[gray]{0.92}" if t.zebra and i % 2 else ""
        lines.append(zebra + " & ".join(esc(c) for c in row) + r"\\ \hline")
    lines += [rf"\end{{{env}}}", r"\endgroup"]
    return "\n".join(lines)


def to_latex(doc: Doc, *, lmodern: bool = True, two_column: bool | None = None) -> str:
    two = doc.two_column if two_column is None else two_column
    opts = "a4paper,10pt" + (",twocolumn" if two else "")
    pre = [
        rf"\documentclass[{opts}]{{article}}",
        r"\pdftrailerid{}",
        r"\usepackage[margin=2cm]{geometry}" if not two else r"\usepackage[margin=1.6cm]{geometry}",
        r"\usepackage[T1]{fontenc}\usepackage{lmodern}" if lmodern else "",
        r"\usepackage[table]{xcolor}", r"\usepackage{longtable,array,fancyhdr,pdflscape}",
        r"\usepackage{microtype}" if two else "",
        r"\pagestyle{fancy}\fancyhf{}",
        rf"\fancyhead[L]{{\small {esc(doc.header)}}}", rf"\fancyfoot[L]{{\small {esc(doc.footer)}}}",
        r"\fancyfoot[R]{\small Page \thepage}",
        # a box drawn over text that stays in the file: the 'redacted before' of issue 19
        r"\newcommand{\blackout}[1]{\setbox0\hbox{#1}\rlap{#1}\rule[-\dp0]{\wd0}{\dimexpr\ht0+\dp0\relax}}",
        r"\setlength{\parindent}{0pt}\setlength{\parskip}{5pt}",
        r"\sloppy\emergencystretch=3em",  # long e-mail addresses go to the next line, not off the page
        r"\begin{document}",
    ]
    body: list[str] = []
    if doc.landscape:
        body.append(r"\begin{landscape}")
    body.append(rf"{{\Large\bfseries {esc(doc.title)}\par}}\medskip")
    width = r"\linewidth"
    for b in doc.blocks:
        if isinstance(b, Heading):
            body.append((r"\section*{" if b.level == 1 else r"\subsection*{") + esc(b.text) + "}")
        elif isinstance(b, Para):
            body.append(_para(b) + "\n")
        elif isinstance(b, Lines):
            body.append(r"\\ ".join(esc(line) for line in b.lines) + "\n")
        elif isinstance(b, Bullets):
            body.append(r"\begin{itemize}" + "".join(rf"\item {esc(i)}" for i in b.items) + r"\end{itemize}")
        elif isinstance(b, Code):
            # verbatim: no escaping, a monospace face (cmtt / lmtt), lines as written
            body.append(r"{\scriptsize" + "\n" + r"\begin{verbatim}" + "\n" + "\n".join(b.lines).replace(SHY, "")
                        + "\n" + r"\end{verbatim}}")
        elif isinstance(b, Table):
            # longtable breaks across pages but is not allowed in two-column mode
            body.append(_table(b, width, "tabular" if two else "longtable"))
        elif isinstance(b, PageBreak):
            body.append(r"\newpage")
    if doc.landscape:
        body.append(r"\end{landscape}")
    return "\n".join(pre + body + [r"\end{document}", ""])


def build(doc: Doc, out_pdf: Path, work: Path, **options) -> None:
    tex = work / (out_pdf.stem + ".tex")
    tex.write_text(to_latex(doc, **options), encoding="utf-8")
    # twice, so that longtable's column widths settle
    for _ in range(2):
        proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                              cwd=work, capture_output=True, text=True, env={**os.environ, **ENV}, timeout=300)
        if proc.returncode != 0:
            tail = "\n".join(re.findall(r"^!.*$", proc.stdout, re.M)[:5]) or proc.stdout[-2000:]
            raise RuntimeError(f"pdflatex failed on {tex}: {tail}")
    (work / (out_pdf.stem + ".pdf")).replace(out_pdf)
