"""Extraction: normalised text for detection, with exact glyph boxes kept for redaction."""

from __future__ import annotations

import pymupdf
import pytest

from redactor.extract import EXTRACT_FLAGS, extract_page
from redactor.page import REMOVE_BAND


def _page_with(*lines: str, fontsize: float = 11, leading: float = 1.3) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + i * fontsize * leading), line, fontsize=fontsize)
    return page


def test_hyphenated_line_break_is_joined_and_maps_to_both_pieces():
    page = extract_page(_page_with("Contact Priya Raghu-", "nathan today"))
    assert "Priya Raghunathan today" in page.text
    start = page.text.index("Raghunathan")
    pieces = page.pieces(start, start + len("Raghunathan"))
    assert len(pieces) == 2  # one box per line piece
    assert page.source_text(start, start + len("Raghunathan")) == "Raghu-\nnathan"


def test_hyphen_before_capital_is_kept():
    page = extract_page(_page_with("the Harbourside-", "Council building"))
    assert "Harbourside-\nCouncil" in page.text


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("O\u2019Neill", "O'Neill"),  # curly apostrophe
        ("Tom\u00a0Whitfield", "Tom Whitfield"),  # no-break space
        ("Okon\u00adkwo", "Okonkwo"),  # soft hyphen
        ("\u201cquoted\u201d", '"quoted"'),
    ],
)
def test_characters_normalised_for_detection(raw, normalised):
    doc = pymupdf.open()
    page = doc.new_page()
    writer = pymupdf.TextWriter(page.rect)
    writer.append((72, 100), raw, font=pymupdf.Font("helv"), fontsize=11)
    writer.write_text(page)
    text = extract_page(page)
    assert normalised in text.text
    start = text.text.index(normalised)
    # every normalised character still maps back to glyphs on the page
    assert text.glyphs_for(start, start + len(normalised))


def test_ligature_expanded_for_detection_but_one_glyph_on_page():
    doc = pymupdf.open()
    page = doc.new_page()
    writer = pymupdf.TextWriter(page.rect)
    writer.append((72, 100), "Grif\ufb01th", font=pymupdf.Font("helv"), fontsize=11)
    writer.write_text(page)
    text = extract_page(page)
    assert "Griffith" in text.text
    start = text.text.index("Griffith")
    assert text.source_text(start, start + 8) == "Grif\ufb01th"


def test_rotated_page_text_is_extracted():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Server HBC-FS01", fontsize=11)
    page.set_rotation(90)
    assert "HBC-FS01" in extract_page(page).text


def test_text_outside_media_box_is_extracted():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "visible")
    page.set_cropbox(pymupdf.Rect(0, 0, 300, 300))
    page.insert_text((400, 500), "hidden Tom Whitfield")  # outside the crop box
    assert "hidden Tom Whitfield" in extract_page(page).text


def test_removal_band_is_thin_and_inside_the_line():
    page = extract_page(_page_with("Tom"))
    piece = page.pieces(0, 3)[0]
    size = 11
    assert piece.remove.height == pytest.approx((REMOVE_BAND[0] - REMOVE_BAND[1]) * size, abs=0.01)
    assert piece.visual.contains(piece.remove)


def test_words_have_boxes():
    page = extract_page(_page_with("alpha beta"))
    words = list(page.words())
    assert [w.text for w in words] == ["alpha", "beta"]
    assert words[0].rect.x1 <= words[1].rect.x0


def test_glyph_table_behaves_like_the_list_it_replaces():
    from redactor.page import Glyph, GlyphTable

    glyphs = [Glyph("A", (1.0, 2.0, 3.5, 4.25), 0, (1.0, 4.0), 11.0, True, 0),
              Glyph("b", (3.5, 2.0, 6.0, 4.25), 0, (3.5, 4.0), 11.0, True, 1),
              Glyph("ﬁ", (10.0, 20.0, 16.0, 24.0), 3, (10.0, 23.0), 9.5, False, 1)]
    table = GlyphTable(glyphs)
    assert len(table) == 3 and list(table) == glyphs and table == glyphs
    assert table[-1] == glyphs[2] and table[0].bbox == (1.0, 2.0, 3.5, 4.25) and table[2].origin == (10.0, 23.0)
    assert table.lines() == [0, 0, 3] and table.char(2) == "ﬁ"
    assert table.bbox(1) == glyphs[1].bbox
    with pytest.raises(IndexError):
        table[3]
    table.append(Glyph("z", (0.0, 0.0, 1.0, 1.0), 4, (0.0, 1.0), 8.0, False, -1))
    assert table[3].line == 4 and table[3].style == -1 and len(table) == 4
    assert table != glyphs


def test_extracted_glyph_table_matches_rawdict(make_pdf):
    """Every glyph keeps MuPDF's exact box, origin, size and span style (nothing rounded on the way)."""
    path = make_pdf("g.pdf", ["Tom Whitfield, 4 Mill Lane", ("Caf\u00e9 \ufb01le", {"fontsize": 9})])
    with pymupdf.open(path) as doc:
        page = doc[0]
        text = extract_page(page)
        raw = page.get_text("rawdict", flags=EXTRACT_FLAGS, clip=pymupdf.INFINITE_RECT())
    chars = [(ch, span["size"]) for b in raw["blocks"] for line in b.get("lines", ())
             for span in line["spans"] for ch in span["chars"]]
    assert len(text.glyphs) == len(chars)
    for glyph, (ch, size) in zip(text.glyphs, chars, strict=True):
        assert glyph.char == ch["c"] and glyph.bbox == tuple(ch["bbox"]) and glyph.origin == tuple(ch["origin"])
        assert glyph.size == size


def test_an_image_drawn_between_words_does_not_break_the_line():
    """Image blocks are not extracted: with them MuPDF split a line wherever an image was drawn between
    its words, and a name across the split ("Tom" / "Whitfield") was two lines to detection."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "Dear Tom", fontsize=11)
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 40, 20), False)
    pix.clear_with(128)
    page.insert_image(pymupdf.Rect(72, 300, 472, 420), pixmap=pix)
    page.insert_text((72 + pymupdf.get_text_length("Dear Tom ", fontsize=11), 90), "Whitfield, thank you",
                     fontsize=11)
    assert not EXTRACT_FLAGS & pymupdf.TEXT_PRESERVE_IMAGES
    assert extract_page(page).text == "Dear Tom Whitfield, thank you"


@pytest.mark.parametrize("turned", [False, True])
def test_ocr_words_keep_their_spaces_on_a_turned_scan(turned):
    """OCR word boxes are in the unrotated page's space: on a scan stored with /Rotate 90 a line of words
    runs down the page there, and the gap between two words is along y. The decision text ("exact text
    withheld, as on the page", searched for again by verification) keeps the space either way."""
    from redactor.extract import page_text_with_ocr
    from redactor.page import PageText

    boxes = [(100, 100, 112, 130), (100, 136, 112, 200)] if turned else [(100, 100, 130, 112), (136, 100, 200, 112)]
    page, _words = page_text_with_ocr(PageText(number=0), [("Tom", boxes[0], 0), ("Whitfield", boxes[1], 0)])
    assert page.text.strip() == "Tom Whitfield"
    start = page.text.index("Tom")
    assert page.source_text(start, start + len("Tom Whitfield")) == "Tom Whitfield"
