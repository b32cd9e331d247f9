"""redact.py's shortcuts around PyMuPDF must give exactly what PyMuPDF gives: the same widths, the same
content-stream bytes, the same redaction rectangles (the width-leak tests compare content streams byte
for byte, and the output must not change with the speed-up)."""

from __future__ import annotations

import random
import struct

import pymupdf
import pytest

from redactor.pdf.fonts import ROTATE_CM, TextOps, text_length
from redactor.redact import _remove
from redactor.retypeset import Bounds

FONTS = ("helv", "hebo", "heit", "hebi", "tiro", "tibo", "tiit", "tibi", "cour", "cobo", "coit", "cobi")
TEXTS = ("", "a", "Dear Mr", "s40(2); s43", "  two  spaces ", "tab\there", "naïve café", "éa", "€5 – “q”",
         "Ωmega", "[<41>]", "two\nlines", "x\u2028y", "\x0bv")
COLORS = ((0, 0, 0), (1, 1, 1), (0.2, 0.4, 0.6), (0.5,), (0.1, 0.2, 0.3, 0.4))


@pytest.mark.parametrize("font", FONTS)
def test_text_length_is_pymupdfs(font):
    for text in TEXTS:
        for size in (1, 0.37, 7.3, 11, 12.000001):
            assert text_length(text, font, size) == pymupdf.get_text_length(text, fontname=font, fontsize=size)


def _page(kind: str) -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), "Existing text", fontname="tiro")
    if kind == "cropped":  # the Shape's x/y offsets are not zero
        page.set_cropbox(pymupdf.Rect(20, 30, 500, 800))
    elif kind == "rotated":
        page.set_rotation(90)
    elif kind == "odd-helv":  # the page already has a non-simple font called "helv": the fast path must step aside
        xref = page.insert_font(fontname="XX", fontbuffer=pymupdf.Font("cjk").buffer)
        kind_, value = doc.xref_get_key(page.xref, "Resources")
        resources = int(value.split()[0]) if kind_ == "xref" else page.xref
        doc.xref_set_key(resources, "Font/helv" if kind_ == "xref" else "Resources/Font/helv", f"{xref} 0 R")
    return doc, page


def _calls(rng: random.Random) -> list[tuple]:
    calls = []
    for _ in range(120):
        point = (rng.uniform(-10, 600), rng.uniform(-10, 850))
        calls.append((point, rng.choice(TEXTS), rng.choice(FONTS[:6]), rng.choice((3, 7.3, 11, rng.uniform(1, 30))),
                      rng.choice(COLORS), rng.choice(tuple(ROTATE_CM))))
    return calls


@pytest.mark.parametrize("kind", ["plain", "cropped", "rotated", "odd-helv"])
def test_text_ops_write_what_insert_text_writes(kind):
    calls = _calls(random.Random(kind))
    outputs = []
    fallbacks = []
    for fast in (False, True):
        doc, page = _page(kind)
        shape = page.new_shape()
        ops = TextOps(shape)
        insert_text = shape.insert_text
        shape.insert_text = lambda *a, _f=insert_text, **k: fallbacks.append(1) or _f(*a, **k)
        for point, text, font, size, color, rotate in calls:
            if fast:
                ops.insert(point, text, font, size, color, rotate)
            else:
                insert_text(point, text, fontname=font, fontsize=size, color=color, rotate=rotate)
        text_cont = shape.text_cont
        shape.commit(overlay=True)
        outputs.append((text_cont, page.get_fonts(), doc.tobytes(garbage=4, deflate=True, no_new_id=True)))
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][1] == outputs[1][1]
    assert outputs[0][2] == outputs[1][2]
    if kind != "odd-helv":  # the shortcut was really taken (not every call handed back to insert_text)
        assert len(fallbacks) < len(calls) / 2


def _f32(v: float) -> float:
    return struct.unpack("f", struct.pack("f", v))[0]


def test_bounds_is_rect_union():
    """As stored in a redaction annotation (float32), Bounds equals pymupdf.Rect() | r | ..."""
    rng = random.Random(7)
    for _ in range(500):
        rects = []
        for _ in range(rng.randint(0, 6)):
            x0, y0 = rng.uniform(0, 500), rng.uniform(0, 800)
            w = rng.choice((0.0, -1.0, 1e-3, rng.uniform(0.01, 50)))
            h = rng.choice((0.0, rng.uniform(0.01, 5)))
            rects.append((x0, y0, x0 + w, y0 + h))
        expected, one_by_one, together = pymupdf.Rect(), Bounds(), Bounds()
        for r in rects:
            expected |= r
            one_by_one.include(*r)
        together.include_all(rects)
        for got in (one_by_one.rect(), together.rect()):
            assert [_f32(v) for v in got] == [_f32(v) for v in expected]


def _text_doc() -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(6):
        page.insert_text((72, 100 + 20 * i), f"Line {i} with Whitfield and more words", fontname="helv")
    page.draw_rect(pymupdf.Rect(300, 300, 400, 350), fill=(0, 0, 1))
    return doc


@pytest.mark.parametrize("foreign", [False, True])
def test_remove_is_apply_redactions(foreign):
    """Direct MuPDF call (only our annotations on the page) or the wrapper (another Redact annotation,
    with a fill and overlay text, is already there): the same result as add_redact_annot + apply_redactions."""
    rects = [pymupdf.Rect(100, 100 + 20 * i - 6, 200, 100 + 20 * i - 2) for i in range(4)]
    rects.append(pymupdf.Rect(290, 290, 410, 360))
    outputs = []
    for fast in (False, True):
        doc = _text_doc()
        page = doc[0]
        if foreign:
            page.add_redact_annot(pymupdf.Rect(60, 193, 90, 197), text="X", fill=(1, 0, 0))  # "Line" of line 5
        opts = dict(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                    text=pymupdf.PDF_REDACT_TEXT_REMOVE)
        if fast:
            _remove(page, rects, **opts)
        else:
            for r in rects:
                page.add_redact_annot(r, fill=False)
            page.apply_redactions(**opts)
        outputs.append((page.get_text("words"), doc.tobytes(garbage=4, deflate=True, no_new_id=True)))
    assert outputs[0] == outputs[1]
    assert [w[4] for w in outputs[1][0]].count("Whitfield") == 2  # lines 0-3 redacted, 4 and 5 intact
