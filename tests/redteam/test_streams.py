"""Issue 19, item 3: the raw stream search reads what `qpdf --qdf` + `strings` shows a requester, but the
words of PDF syntax are not text: operators (TD), standard names (/Normal), keywords, a font's style suffix.
Strings (literal, hex, TJ arrays), comments and other names still count; withheld strings of fewer than four
letters or digits (initials) are checked in the extracted text and channels, never in raw bytes."""

from __future__ import annotations

import pytest

from redactor.model import Withheld
from redactor.verify import verify_document
from tests.redteam import builders as b

SYNTAX = {  # builder -> a withheld word its PDF syntax spells
    "td-operator": (b.td_operator, "TD"),
    "normal-blend-mode": (b.normal_blend_mode, "Normal"),
    "font-style-name": (b.font_style_name, "Normal"),
}
TEXT = {  # builder -> where Whitfield really is, outside the page text
    "string-in-object": b.string_in_unpainted_object,
    "comment": b.comment_in_content,
    "name": b.name_object,
}


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_pdf_syntax_is_not_a_stream_leak(case, tmp_path):
    plant, word = SYNTAX[case]
    path = b.build(tmp_path / f"{case}.pdf", plant)
    result = verify_document(path, [Withheld("p1-0001", 0, word, (), "s40(2)")])
    assert not [leak for leak in result.leaks if leak.channel == "streams"], result.leaks


@pytest.mark.parametrize("case", sorted(TEXT))
def test_text_outside_the_page_is_still_found_in_streams(case, tmp_path):
    path = b.build(tmp_path / f"{case}.pdf", TEXT[case])
    result = verify_document(path, [Withheld("p1-0001", 0, b.NAME, (), "s40(2)")])
    assert [leak for leak in result.leaks if leak.channel in ("streams", "object")], result.leaks


def test_short_withheld_text_is_checked_in_the_page_text(tmp_path):
    """Initials withheld on one line and left on another: a page-text leak, found without raw bytes."""
    path = b.line_pdf(tmp_path / "initials.pdf", ["Minutes taken by TD on 2 May.", "Approved: TD"])
    result = verify_document(path, [Withheld("p1-0001", 0, "TD", (), "s40(2)")])
    assert [leak for leak in result.leaks if leak.channel == "page-text"]
    assert not [leak for leak in result.leaks if leak.channel == "streams"]


def test_initials_withheld_in_a_td_document_release(tmp_path, detector):
    """The held-out failure: initials 'TD' withheld (deny-list) in a file whose content uses TD."""
    from redactor.config.run import RunOptions
    from redactor.pipeline import redact_file

    path = b.build(tmp_path / "td.pdf", b.td_operator)
    with_initials = tmp_path / "td2.pdf"
    import pymupdf

    with pymupdf.open(path) as doc:
        doc[0].insert_text((72, 300), "Notes by TD, reviewed.", fontname="helv", fontsize=11)
        doc.save(with_initials)
    deny = tmp_path / "deny.txt"
    deny.write_text("TD\n")
    result = redact_file(with_initials, RunOptions.build(tmp_path / "out", deny_lists=(deny,)), detector)
    assert result.ok, result.error
    with pymupdf.open(result.output) as doc:
        assert "TD" not in doc[0].get_text().split()


def test_a_name_is_read_with_its_escapes_decoded(tmp_path):
    """/Whitfield#20file reads "Whitfield file" in `strings`-like tools that decode names (qpdf --qdf)."""
    path = b.build(tmp_path / "name.pdf", b.name_object)
    result = verify_document(path, [Withheld("p1-0001", 0, f"{b.NAME} file", (), "s40(2)")])
    assert [leak for leak in result.leaks if leak.channel == "streams"], result.leaks


# --- numbers of the syntax ----------------------------------------------------------------------------

def _font_width_numbers(doc) -> set[str]:
    """The 3- and 4-digit numbers of the document's CID font /W arrays (glyph ids and widths)."""
    import re

    numbers: set[str] = set()
    for xref in range(1, doc.xref_length()):
        kind, value = doc.xref_get_key(xref, "W")
        if kind == "xref":  # MuPDF writes the array as an object of its own
            kind, value = "array", doc.xref_object(int(value.split()[0]))
        if kind == "array":
            numbers |= set(re.findall(r"(?<![\d.])\d{3,4}(?![\d.])", value))
    return numbers


def test_a_number_in_an_embedded_fonts_widths_is_not_a_leak(tmp_path):
    """A withheld extension "3518" matched a glyph id in the /W array of a font MuPDF embedded (a re-typeset
    tail in Liberation Sans) and refused the release: numbers of the syntax are not text."""
    import pymupdf

    font = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"  # make system-deps
    path = tmp_path / "widths.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_font(fontname="F0", fontfile=font)
        page.insert_text((72, 100), "Call the duty officer on extension [withheld].", fontname="F0", fontsize=11)
        doc.subset_fonts()
        doc.save(path)
    with pymupdf.open(path) as doc:
        text = doc[0].get_text()
        numbers = sorted(n for n in _font_width_numbers(doc) if n not in text)
    assert numbers, "the fixture's font has no /W array to test with"
    result = verify_document(path, [Withheld(f"p1-{i:04d}", 0, n, (), "s40(2)") for i, n in enumerate(numbers)])
    assert result.ok, result.leaks


def test_tj_spacing_is_not_a_leak_but_a_number_in_a_string_is(tmp_path):
    """MuPDF writes a removed word's width as TJ spacing ([(Dear) -4390 ( )]): syntax. The same number in a
    string of an unpainted object is what `strings` shows a requester: a leak."""
    import pymupdf

    path = tmp_path / "tj.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_text((72, 100), "Dear", fontname="helv", fontsize=11)
        b._append_content(doc, page, b"BT /helv 11 Tf 72 120 Td [(Dear) -4390 ( colleague)] TJ ET")
        unpainted = doc.get_new_xref()
        doc.update_object(unpainted, "<</Type/XObject/Subtype/Form/BBox[0 0 10 10]>>")
        doc.update_stream(unpainted, b"BT /helv 11 Tf 0 0 Td (extension 3518) Tj ET")
        doc.save(path)
    spacing = verify_document(path, [Withheld("p1-0001", 0, "4390", (), "s40(2)")])
    assert spacing.ok, spacing.leaks
    string = verify_document(path, [Withheld("p1-0001", 0, "3518", (), "s40(2)")])
    assert [leak for leak in string.leaks if leak.channel == "streams"], string.leaks
