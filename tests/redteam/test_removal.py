"""Issue 19, item 2: removal that works on every producer's files. What is not withheld stays exactly where
it was, whatever operators the producer used, and what is withheld is gone."""

from __future__ import annotations

import pymupdf
import pytest

from tests.redteam import builders as b
from tests.redteam.conftest import requester_text


def _positions(path, skip=()):
    with pymupdf.open(path) as doc:
        return sorted((w[4], round(w[0], 1), round(w[3], 1)) for w in doc[0].get_text("words")
                      if w[4] not in skip)


def test_lines_moved_by_the_leading_stay_in_place(tmp_path, redact):
    """Ghostscript's T*, ' and ": after release every line is where it was (the redacted line excepted)."""
    path = b.build(tmp_path / "leading.pdf", b.leading_operators)
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    redacted_line = ("Present:", "Mr", "Whitfield", "and", "the", "team.", "s40(2)")
    assert _positions(result.output, redacted_line) == _positions(path, redacted_line)
    assert "whitfield" not in requester_text(result.output)
    assert "present:" in requester_text(result.output) and "the team." in requester_text(result.output)


def test_a_file_with_nothing_withheld_keeps_its_layout(tmp_path, redact):
    """No redaction at all: hardening and the cleaning save must not move a line either."""
    path = b.build(tmp_path / "nothing.pdf", lambda doc, page: b._append_content(
        doc, page, b"BT /helv 11 Tf 1 0 0 1 72 700 Tm 14 TL (First line.) Tj (Second line.) ' "
                   b"0 0 (Third line.) \" T* (Fourth line.) Tj ET"))
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    assert _positions(result.output) == _positions(path)


def _words_after(stream: bytes, rewrite: bool, clean: bool):
    from redactor.pdf.content_stream import fix_line_moves

    doc, page = b.new_doc()
    b._append_content(doc, page, stream)
    if rewrite:
        fix_line_moves(doc)
    data = doc.tobytes(garbage=4, clean=clean)
    with pymupdf.open(stream=data, filetype="pdf") as out:
        return sorted((w[4], round(w[0], 2), round(w[3], 2)) for w in out[0].get_text("words"))


STREAMS = {
    "tstar": b"BT /helv 11 Tf 72 700 Td 13 TL (One) Tj T* (Two) Tj T*(Three)Tj ET",
    "quotes": b"BT /helv 11 Tf 72 700 Td 13 TL (it's one) Tj (don't) ' 1 0.5 (two\\) (x)) \" ET",
    "td-sets-leading": b"BT /helv 11 Tf 72 700 Td 0 -20 TD (One) Tj T* (Two) Tj ET",
    "q-restores-leading": b"q BT /helv 11 Tf 72 700 Td 12 TL (One) Tj ET q 30 TL Q BT /helv 11 Tf 72 600 Td "
                          b"12 TL (A) Tj T* (B) Tj ET Q",
    "inline-image": b"q 10 0 0 10 300 300 cm BI /W 2 /H 1 /BPC 8 /CS /G ID T*' EI Q "
                    b"BT /helv 11 Tf 72 700 Td 13 TL (One) Tj T* (Two) Tj ET",
    "comment-and-hex": b"% T* ' not an operator\nBT /helv 11 Tf 72 700 Td 13 TL <4f6e65> Tj <54776f> ' ET",
}


def test_explicit_line_moves_change_no_position():
    for name, stream in STREAMS.items():
        original = _words_after(stream, rewrite=False, clean=False)
        assert _words_after(stream, rewrite=True, clean=False) == original, name
        assert _words_after(stream, rewrite=True, clean=True) == original, name  # and MuPDF's filter keeps them


def test_explicit_line_moves_leave_no_line_move():
    """A second pass finds nothing left to rewrite; comments, strings and image data were never touched."""
    from redactor.pdf.content_stream import explicit_line_moves

    for name, stream in STREAMS.items():
        new, _leading = explicit_line_moves(stream)
        assert new != stream, name
        assert explicit_line_moves(new)[0] is new, (name, new)
        for kept in (b"% T* ' not an operator", b"(it's one)", b"(don't)", b"(two\\) (x))", b"ID T*' EI"):
            assert kept not in stream or kept in new, (name, kept)


def test_a_form_that_inherits_its_leading_is_left_alone():
    from redactor.pdf.content_stream import explicit_line_moves

    assert explicit_line_moves(b"BT (a) Tj T* (b) Tj ET", None) == (None, None)
    new, leading = explicit_line_moves(b"BT 9 TL (a) Tj T* (b) Tj ET", None)
    assert b"0 -9 Td" in new and leading == 9


@pytest.mark.parametrize("plant", [b.matplotlib_lines, b.unmoved_text_objects])
def test_removal_at_a_line_end_does_not_push_the_next_line(tmp_path, redact, plant):
    """matplotlib: the filter carried the removed width into the next text object (+197 pt on one file)."""
    path = b.build(tmp_path / "mpl.pdf", plant)
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    keep = ("receiving", "an", "unusual", "number", "of", "requests.")
    assert [w for w in _positions(result.output) if w[0] in keep] == [w for w in _positions(path) if w[0] in keep]


def test_a_redacted_line_does_not_run_into_the_next_text_of_its_row(tmp_path, redact):
    """The first line's box (whole cells) and its redrawn full stop stay left of the second line, which is
    untouched up to its own box: nothing drawn over a box, no label damaged, nothing removed as covered."""
    path = b.build(tmp_path / "row.pdf", b.two_lines_one_row)
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    assert not [s for s in report["hardening"] if "dark shape" in s], report["hardening"]
    first, second = sorted((r for e in report["redactions"] for r in e["rects"]), key=lambda r: r[0])
    assert first[2] <= second[0]
    with pymupdf.open(result.output) as doc:
        words = doc[0].get_text("words")
    stop = [w for w in words if w[4] == "." and 290 < w[3] < 305]
    assert stop and stop[0][2] <= second[0] + 0.01
    assert sum(w[4] == "s40(2)" for w in words) == 2
    assert [w[4] for w in words if w[0] >= second[2]] == ["confirmed", "it."]


def test_an_ocr_layer_squeezed_by_tz_is_not_tiny_text(tmp_path, redact):
    from redactor.pdf.visibility import hidden_spans

    path = b.build(tmp_path / "tz.pdf", b.ocr_squeezed_glyph)
    with pymupdf.open(path) as doc:
        assert hidden_spans(doc[0]) == []  # the OCR layer over the page image, as any other
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    assert "am writing" in requester_text(result.output)  # still searchable


def test_text_under_a_labelled_box_is_removed_without_touching_the_label(tmp_path):
    """The 20 pt OCR glyph under the box is covered: hardening removes it through a point of it clear of
    every other glyph, so the label (drawn over the same place) survives."""
    from redactor.harden import _remove_hidden_text
    from redactor.pdf.visibility import covered_text

    path = b.build(tmp_path / "under.pdf", b.ocr_glyph_under_a_labelled_box)
    with pymupdf.open(path) as doc:
        page = doc[0]
        assert covered_text(page) == ["EE"]
        _remove_hidden_text(page)
        assert covered_text(page) == []
        assert "s40(2)" in [w[4] for w in page.get_text("words")]
        assert "EE" not in page.get_text()


def test_a_scan_word_is_covered_whole(tmp_path, redact):
    """The text layer's letters are not where the image's are: the box (and the pixels removed under it)
    reaches over the whole OCR word and its space, here past the comma."""
    path = b.build(tmp_path / "scanword.pdf", b.searchable_scan_word)
    with pymupdf.open(path) as doc:
        word = next(w for w in doc[0].get_text("words") if w[4].startswith("tomw@"))
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    [entry] = [e for e in report["redactions"] if e["text"].startswith("tomw@")]
    assert entry["rects"][0][0] <= word[0] + 0.01 and entry["rects"][0][2] >= word[2] - 0.01


@pytest.mark.parametrize("plant", [b.type3_text, b.type3_nested, b.type3_nested_empty_bbox])
def test_type3_glyphs_are_removed(tmp_path, redact, plant):
    """Type3 fonts with an empty FontBBox, and Type3 glyphs drawn with another Type3 font."""
    path = b.build(tmp_path / "t3.pdf", plant)
    assert b.SECRET in requester_text(path)
    result, report = redact(path)
    assert result.ok, report and report["verification"]["leaks"]
    assert b.SECRET not in requester_text(result.output)
    assert "today." in requester_text(result.output)
