"""The internal review copy: the original PDF with each redaction outlined and labelled, text still readable.

It is what a senior reviewer signs off, so it contains everything that will be withheld. It is stamped
NOT FOR RELEASE on every page, and it can only be written under a name that says so: never under a
release name (NAME.redacted.pdf), which is reserved for verified, redacted output.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf

from redactor.errors import ConfigError
from redactor.model import Decision
from redactor.pdf.files import OutputNames, write_atomic

SUFFIX = ".REVIEW-COPY-NOT-FOR-RELEASE.pdf"
STAMP = "NOT FOR RELEASE - INTERNAL REVIEW COPY - CONTAINS WITHHELD INFORMATION"
RED = (0.8, 0, 0)
GREY = (0.45, 0.45, 0.45)
# Distinct, print-safe outline colours; exemption codes take them in order of first appearance.
PALETTE = [(0.85, 0.1, 0.1), (0.1, 0.35, 0.85), (0.0, 0.55, 0.25), (0.75, 0.4, 0.0), (0.55, 0.15, 0.7),
           (0.0, 0.5, 0.55), (0.7, 0.1, 0.45), (0.35, 0.35, 0.0)]
LABEL_SIZE = 6.0


def review_copy_path(source: Path, out_dir: Path) -> Path:
    return OutputNames.for_source(source, out_dir).review_copy


def _check_name(path: Path) -> None:
    if not path.name.endswith(SUFFIX) or path.name.endswith(".redacted.pdf"):
        raise ConfigError(f"a review copy must be named *{SUFFIX}, never like a released file", path)


def _on_page(page: pymupdf.Page, rect: pymupdf.Rect) -> pymupdf.Rect:
    """A rectangle of the page as displayed -> the unrotated space PyMuPDF draws in. On a page stored as
    /Rotate 90, 180 or 270 (a landscape page kept as a turned portrait page) drawing and text insertion take
    unrotated coordinates while the page is shown turned: without this the bars and labels land elsewhere."""
    return (rect * page.derotation_matrix).normalize()


def _text(page: pymupdf.Page, at: pymupdf.Point, text: str, **kw) -> None:
    """Text reading left to right on the page as displayed, at a point of the displayed page."""
    page.insert_text(at * page.derotation_matrix, text, rotate=page.rotation, **kw)


def _stamp(page: pymupdf.Page, heading: str | None = None) -> None:
    """The red bars at the top and bottom of the page as displayed, the stamp in them (and the copy's heading
    after it in the top bar of the first page, where it covers nothing of the document), and a watermark."""
    r = page.rect  # the page as displayed (rotation applied)
    for band in (pymupdf.Rect(r.x0, r.y0, r.x1, r.y0 + 14), pymupdf.Rect(r.x0, r.y1 - 14, r.x1, r.y1)):
        page.draw_rect(_on_page(page, band), color=None, fill=RED, fill_opacity=0.9, overlay=True)
        line = f"{STAMP} - {heading}" if heading and band.y0 == r.y0 else STAMP
        # centred by hand: insert_textbox wrote nothing here (8 pt leading did not fit the 11 pt box)
        size = min(8.0, 0.95 * r.width / pymupdf.get_text_length(line, fontname="hebo", fontsize=1))
        width = pymupdf.get_text_length(line, fontname="hebo", fontsize=size)
        _text(page, pymupdf.Point((r.width - width) / 2, band.y0 + 7 + size * 0.35), line, fontname="hebo",
              fontsize=size, color=(1, 1, 1))
    # A diagonal watermark that survives cropping the margins off a print-out.
    centre = pymupdf.Point(r.width / 2, r.height / 2)
    size = min(r.width, r.height) / 9
    width = pymupdf.get_text_length("NOT FOR RELEASE", fontname="hebo", fontsize=size)
    start = (centre - (width / 2, -size / 3)) * page.derotation_matrix
    pivot = centre * page.derotation_matrix
    page.insert_text(start, "NOT FOR RELEASE", fontname="hebo", fontsize=size, color=RED, fill_opacity=0.12,
                     stroke_opacity=0.12, rotate=page.rotation, morph=(pivot, pymupdf.Matrix(-35)))


Label = tuple[pymupdf.Rect, str, tuple[float, float, float]]  # the box as displayed, its label, its colour


def _outline(page: pymupdf.Page, d: Decision, colour: tuple[float, float, float], label: str,
             dashed: bool = False) -> Label:
    for piece in d.pieces:
        rect = piece.visual  # extraction space = the unrotated page, where draw_rect draws
        page.draw_rect(rect, color=colour, fill=None if dashed else colour, fill_opacity=0.12, width=0.8,
                       dashes="[2 1] 0" if dashed else None, overlay=True)
    return d.pieces[0].visual * page.rotation_matrix, label, colour


MIN_MARGIN = 30.0  # points of free margin a note needs


def _ink_columns(page: pymupdf.Page, bands: list[pymupdf.Rect]) -> tuple[float, float]:
    """Where the page's ink starts and ends across the page as displayed, in points, within the heights of
    BANDS (the labelled boxes: a banner or an edge bar elsewhere on the page does not count). From a 72 dpi
    render, so a scanned page (no text to extract) counts as well as a text page."""
    pix = page.get_pixmap(dpi=72, colorspace=pymupdf.csGRAY, alpha=False)  # rendered turned, as displayed
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, 0]
    scale = pix.height / page.rect.height
    rows = np.zeros(pix.height, dtype=bool)
    for band in bands:
        rows[max(int((band.y0 - 2) * scale), 0):int((band.y1 + 2) * scale) + 1] = True
    ink = grey[rows] < 200  # antialiased small type is light grey
    columns = np.nonzero(ink.sum(axis=0) >= 1)[0]
    if not len(columns):
        return page.rect.width / 2, page.rect.width / 2
    return float(columns[0]) / scale, float(columns[-1] + 1) / scale


def _margin_notes(page: pymupdf.Page, labels: list[Label]) -> None:
    """Each box's label as a note in the page margin beside its line, never over the text: a label above
    its box covered the line above in dense text. Labels of boxes on one line share a note; the wider
    margin (right or left of the page's text) takes the notes, in a smaller type if they need it."""
    if not labels:
        return
    width = page.rect.width
    left, right = _ink_columns(page, [box for box, _, _ in labels])
    x, room = (right + 4, width - right - 8) if width - right >= left else (4, left - 8)
    if room < MIN_MARGIN:  # text (or a scan's edge) from side to side: above each box, as a last resort
        for box, text, colour in labels:
            _text(page, pymupdf.Point(box.x0, box.y0 - 1.2), text, fontname="helv", fontsize=LABEL_SIZE,
                  color=colour)
        return
    lines: list[list[Label]] = []
    for label in sorted(labels, key=lambda item: (item[0].y0 + item[0].y1) / 2):
        centre = (label[0].y0 + label[0].y1) / 2
        if lines and abs(centre - (lines[-1][0][0].y0 + lines[-1][0][0].y1) / 2) < 3:
            lines[-1].append(label)
        else:
            lines.append([label])
    for line in lines:
        parts = [f"{text}; " if i < len(line) - 1 else text for i, (_, text, _) in enumerate(line)]
        length = sum(pymupdf.get_text_length(part, fontname="helv", fontsize=1) for part in parts)
        size = max(min(LABEL_SIZE, room / length if length else LABEL_SIZE), 2.5)
        box = line[0][0]
        at = pymupdf.Point(x, (box.y0 + box.y1) / 2 + size * 0.35)
        for part, (_, _, colour) in zip(parts, line, strict=True):
            _text(page, at, part, fontname="helv", fontsize=size, color=colour)
            at += (pymupdf.get_text_length(part, fontname="helv", fontsize=size), 0)


def write_review_copy(source: Path, withheld: list[Decision], rejected: list[Decision], path: Path,
                      heading: str = "Redactions outlined; rejected proposals dashed",
                      document: pymupdf.Document | None = None) -> Path:
    """Write the review copy of SOURCE to PATH (which must carry the NOT-FOR-RELEASE suffix). `document`:
    SOURCE as the pipeline opened it (an email rendered, an encrypted PDF opened with its password), copied;
    without it SOURCE is opened as a PDF."""
    _check_name(path)
    colours: dict[str, tuple[float, float, float]] = {}
    copy = (pymupdf.open("pdf", document.tobytes(encryption=pymupdf.PDF_ENCRYPT_NONE)) if document is not None
            else pymupdf.open(source))
    with copy as doc:
        for page in doc:
            # the original content may leave its graphics state (a CTM) changed at the end; isolate it in
            # q/Q so our outlines are drawn in page coordinates
            page.wrap_contents()
        labels: dict[int, list[Label]] = {}
        for d in withheld:
            colour = colours.setdefault(d.label, PALETTE[len(colours) % len(PALETTE)])
            tag = "manual" if d.manual else d.id
            labels.setdefault(d.page, []).append(_outline(doc[d.page], d, colour, f"{d.label} [{tag}]"))
        for d in rejected:
            reason = f": {d.reason}" if d.reason else ""
            labels.setdefault(d.page, []).append(
                _outline(doc[d.page], d, GREY, f"rejected [{d.id}]{reason}"[:60], dashed=True))
        for page in doc:
            _margin_notes(page, labels.get(page.number, []))
            _stamp(page, heading if page.number == 0 else None)
        doc.set_metadata({"title": f"NOT FOR RELEASE: internal review copy of {source.name}",
                          "subject": STAMP, "creator": "redactor"})
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, lambda tmp: doc.save(tmp, garbage=3, deflate=True))
    return path
