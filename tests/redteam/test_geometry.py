"""Issue 5, items 3 and 4: the width leak, and tight layouts."""

from __future__ import annotations

import pymupdf

from redactor.retypeset import QUANTUM_EM, quantised_width
from tests.redteam.builders import line_pdf

SIZE = 11.0


def _words(path):
    with pymupdf.open(path) as doc:
        return [(round(w[0], 3), round(w[1], 3), w[4]) for w in doc[0].get_text("words")]


def _content(path) -> bytes:
    with pymupdf.open(path) as doc:
        return doc[0].read_contents()


def test_width_leak_two_names_same_geometry(tmp_path, redact):
    """Two removed names of different widths (same number of cells) -> identical surviving glyph
    positions and byte-identical page content streams."""
    short, long_ = "Mr Jones", "Mr Whitfield"
    w_short = pymupdf.get_text_length("Jones", "helv", SIZE)
    w_long = pymupdf.get_text_length("Whitfield", "helv", SIZE)
    assert w_long - w_short > 5  # really different widths ...
    assert quantised_width(w_short, SIZE) == quantised_width(w_long, SIZE)  # ... in the same number of cells
    outputs = []
    for n, who in enumerate((short, long_)):
        src = line_pdf(tmp_path / f"w{n}.pdf", [f"Dear {who}, thank you for the letter of 2 May.",
                                               "Routine council business that must survive."])
        result, _ = redact(src)
        assert result.ok, result.error
        outputs.append(result.output)
    a, b = (_words(p) for p in outputs)
    assert a == b, "surviving glyph positions depend on the removed name"
    assert _content(outputs[0]) == _content(outputs[1])


def test_width_leak_naive_redaction_differs(tmp_path):
    """The baseline the test above guards against: MuPDF alone keeps positions (and TJ gaps)."""
    positions = []
    for n, who in enumerate(("Whitfield", "Abercrombie")):
        src = line_pdf(tmp_path / f"n{n}.pdf", [f"Dear Mr {who}, thank you for the letter."])
        with pymupdf.open(src) as doc:
            page = doc[0]
            page.add_redact_annot(page.search_for(who)[0])
            page.apply_redactions()
            positions.append(next(w[0] for w in page.get_text("words") if w[4] == "thank"))
    assert abs(positions[1] - positions[0]) > 5  # the gap reveals the width difference


def test_box_width_is_whole_cells(tmp_path, redact):
    src = line_pdf(tmp_path / "cells.pdf", ["Dear Mr Whitfield, thank you."])
    result, report = redact(src)
    x0, _, x1, _ = report["redactions"][0]["rects"][0]
    cells = (x1 - x0) / (QUANTUM_EM * SIZE)
    assert abs(cells - round(cells)) < 0.01


def test_tight_spacing_neighbour_lines_intact(tmp_path, redact):
    """Line spacing 1.0 with descenders above and ascenders below: nothing of them is removed."""
    above, below = "gjpqy jumping quickly gypsy", "bdfhkl THE BOLD HILL kldfhb"
    src = line_pdf(tmp_path / "tight.pdf", [above, "Dear Mr Whitfield, please call.", below], leading=1.0)
    result, _ = redact(src)
    assert result.ok, result.error
    with pymupdf.open(result.output) as doc:
        text = doc[0].get_text()
    assert above in text and below in text
    assert "Whitfield" not in text


def test_neighbour_words_same_line_intact(tmp_path, redact):
    src = line_pdf(tmp_path / "same.pdf", ["xMr Whitfield, Whitfieldx and Mr Whitfield's file."])
    result, _ = redact(src)
    assert result.ok, result.error
    with pymupdf.open(result.output) as doc:
        text = doc[0].get_text()
    assert "Whitfield" not in text.replace("Whitfieldx", "")
    assert "Whitfieldx" in text and "xMr" in text and "file." in text and "and" in text


def test_lines_above_keep_positions(tmp_path, redact):
    """Only the redacted line is re-typeset: other lines keep their exact glyph positions."""
    src = line_pdf(tmp_path / "keep.pdf", ["First line stays exactly here.", "Dear Mr Whitfield, hello."])
    before = [w for w in _words(src) if w[2] in ("First", "stays", "here.", "Dear")]
    result, _ = redact(src)
    after = [w for w in _words(result.output) if w[2] in ("First", "stays", "here.", "Dear")]
    assert before == after
