"""Fixture PDFs for the red-team suite: one builder per hiding place of issue 5.

Each builder writes a one-page PDF with ordinary visible text and SECRET (an e-mail address the offline
e-mail recognizer finds, so the stub detector needs no spaCy model) planted in one channel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf

SECRET = "tom.whitfield@harbourside.gov.uk"
NAME = "Whitfield"
BODY = "Routine council business that must survive redaction."
Builder = Callable[[pymupdf.Document, pymupdf.Page], None]


def new_doc() -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), BODY, fontname="helv", fontsize=11)
    return doc, page


def build(path: Path, plant: Builder) -> Path:
    doc, page = new_doc()
    plant(doc, page)
    doc.save(path, garbage=1)
    doc.close()
    return path


def _xref_key(doc: pymupdf.Document, xref: int, key: str, value: str) -> None:
    doc.xref_set_key(xref, key, pymupdf.get_pdf_str(value))


def info_metadata(doc, page):
    doc.set_metadata({"author": SECRET, "title": "Quarterly report"})


def info_custom_key(doc, page):
    doc.set_metadata({"title": "Quarterly report"})
    info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
    _xref_key(doc, info, "Reviewer", SECRET)


def xmp_metadata(doc, page):
    doc.set_xml_metadata(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                         f'22-rdf-syntax-ns#"><rdf:Description><dc:creator>{SECRET}</dc:creator>'
                         f'</rdf:Description></rdf:RDF></x:xmpmeta>')


def annot_contents(doc, page):
    annot = page.add_text_annot((300, 300), f"Ask {SECRET} before release")
    annot.update()


def annot_author(doc, page):
    annot = page.add_text_annot((300, 300), "Looks fine")
    annot.set_info(title=SECRET)
    annot.update()


def annot_popup(doc, page):
    annot = page.add_highlight_annot(pymupdf.Rect(72, 60, 200, 75))
    annot.set_info(content=f"cc {SECRET}")
    annot.set_popup(pymupdf.Rect(300, 300, 500, 400))
    annot.update()


def annot_appearance(doc, page):
    annot = page.add_freetext_annot(pymupdf.Rect(72, 400, 400, 430), f"Reply to {SECRET}", fontsize=10)
    annot.update()


def form_field(doc, page):
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "contact"
    widget.field_value = SECRET
    widget.rect = pymupdf.Rect(72, 500, 400, 520)
    page.add_widget(widget)


def outline(doc, page):
    doc.set_toc([[1, "Introduction", 1], [2, f"Complaint from {SECRET}", 1]])


def embedded_text_file(doc, page):
    doc.embfile_add("notes.txt", f"Contact: {SECRET}\n".encode(), filename="notes.txt", desc="notes")


def embedded_pdf(doc, page):
    inner = pymupdf.open()
    inner.new_page().insert_text((72, 72), f"Inner document for {SECRET}", fontname="helv", fontsize=11)
    doc.embfile_add("inner.pdf", inner.tobytes(), filename="inner.pdf")


def attachment_annot(doc, page):
    page.add_file_annot((300, 600), f"Forward to {SECRET}".encode(), "memo.txt")


def invisible_render_mode(doc, page):
    page.insert_text((72, 200), f"OCR ghost {SECRET}", fontname="helv", fontsize=11, render_mode=3)


def white_on_white(doc, page):
    page.insert_text((72, 220), f"White {SECRET}", fontname="helv", fontsize=11, color=(1, 1, 1))


def tiny_text(doc, page):
    page.insert_text((72, 240), f"Tiny {SECRET}", fontname="helv", fontsize=0.5)


def outside_mediabox(doc, page):
    page.insert_text((72, -40), f"Off page {SECRET}", fontname="helv", fontsize=11)


def under_image(doc, page):
    page.insert_text((72, 300), f"Hidden {SECRET}", fontname="helv", fontsize=11)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pix.clear_with(230)
    page.insert_image(pymupdf.Rect(60, 280, 400, 310), pixmap=pix)


def hidden_layer(doc, page):
    ocg = doc.add_ocg("draft notes", on=False)
    page.insert_text((72, 320), f"Layer {SECRET}", fontname="helv", fontsize=11, oc=ocg)


def actual_text(doc, page):
    """Marked content whose /ActualText says what the (harmless) glyphs stand for."""
    _append_content(doc, page, f"/Span <</ActualText ({SECRET})>> BDC BT /helv 11 Tf 72 500 Td (Contact) Tj ET EMC"
                    .encode())


def structure_alt(doc, page):
    elem = doc.get_new_xref()
    doc.update_object(elem, f"<</Type/StructElem/S/Figure/Alt {pymupdf.get_pdf_str(SECRET)}/Pg {page.xref} 0 R>>")
    root = doc.get_new_xref()
    doc.update_object(root, f"<</Type/StructTreeRoot/K [{elem} 0 R]>>")
    doc.xref_set_key(doc.pdf_catalog(), "StructTreeRoot", f"{root} 0 R")


def link_uri(doc, page):
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 60, 200, 75), "uri": f"mailto:{SECRET}"})


def named_destination(doc, page):
    dest = doc.get_new_xref()
    doc.update_object(dest, f"<</Names [{pymupdf.get_pdf_str(SECRET)} [{page.xref} 0 R /XYZ 0 0 0]]>>")
    names = doc.get_new_xref()
    doc.update_object(names, f"<</Dests {dest} 0 R>>")
    doc.xref_set_key(doc.pdf_catalog(), "Names", f"{names} 0 R")


def page_label(doc, page):
    doc.set_page_labels([{"startpage": 0, "prefix": f"{SECRET}-", "style": "D"}])


def javascript(doc, page):
    js = doc.get_new_xref()
    source = pymupdf.get_pdf_str(f"app.alert('{SECRET}')")
    doc.update_object(js, f"<</S/JavaScript/JS {source}>>")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{js} 0 R")


def thumbnail(doc, page):
    """A page thumbnail: an image of the page as it was (here: a plain image carrying the secret as text
    in its dictionary, which MuPDF would keep)."""
    xref = doc.get_new_xref()
    doc.update_object(xref, f"<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray"
                            f"/BitsPerComponent 8/Name {pymupdf.get_pdf_str(SECRET)}>>")
    doc.update_stream(xref, b"\x80")
    doc.xref_set_key(page.xref, "Thumb", f"{xref} 0 R")


# name -> (builder, verify channels any of which must report the planted secret)
CHANNEL_CASES: dict[str, tuple[Builder, set[str]]] = {
    "info-metadata": (info_metadata, {"metadata"}),
    "info-custom-key": (info_custom_key, {"metadata", "streams"}),
    "xmp": (xmp_metadata, {"xmp"}),
    "annotation-contents": (annot_contents, {"annotation"}),
    "annotation-author": (annot_author, {"annotation"}),
    "annotation-popup": (annot_popup, {"annotation"}),
    "annotation-appearance": (annot_appearance, {"annotation"}),
    "form-field": (form_field, {"form"}),
    "outline": (outline, {"outline"}),
    "embedded-text-file": (embedded_text_file, {"attachment"}),
    "embedded-pdf": (embedded_pdf, {"attachment"}),
    "attachment-annotation": (attachment_annot, {"attachment"}),
    "invisible-render-mode": (invisible_render_mode, {"page-text", "invisible-text"}),
    "white-on-white": (white_on_white, {"page-text", "invisible-text"}),
    "tiny-text": (tiny_text, {"page-text", "invisible-text"}),
    "outside-mediabox": (outside_mediabox, {"offpage", "invisible-text"}),
    "under-image": (under_image, {"page-text", "invisible-text"}),
    "hidden-layer": (hidden_layer, {"page-text"}),
    "actualtext": (actual_text, {"marked-content"}),
    "structure-alt": (structure_alt, {"structure"}),
    "link-uri": (link_uri, {"link"}),
    "named-destination": (named_destination, {"destination"}),
    "page-label": (page_label, {"page-label"}),
    "javascript": (javascript, {"javascript"}),
    "thumbnail": (thumbnail, {"streams"}),
}


def line_pdf(path: Path, lines: list[str], size: float = 11, leading: float = 1.0, x: float = 72) -> Path:
    """Lines of Helvetica at `leading` x size line spacing (1.0 = ascenders touch descenders)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 100.0
    for line in lines:
        page.insert_text((x, y), line, fontname="helv", fontsize=size)
        y += size * leading
    doc.save(path)
    doc.close()
    return path


# --- dark shapes next to, around and over text (issue 19): what is and is not "covered" -------------------

def _word_rect(page: pymupdf.Page, word: str) -> pymupdf.Rect:
    return next(pymupdf.Rect(w[:4]) for w in page.get_text("words") if w[4] == word)


def _glyph_rect(page: pymupdf.Page, word: str, index: int) -> pymupdf.Rect:
    """The box of one character of `word` as the text trace gives it (what the verifier looks at)."""
    for span in page.get_texttrace():
        text = "".join(chr(c[0]) for c in span["chars"])
        at = text.find(word)
        if at >= 0:
            return pymupdf.Rect(span["chars"][at + (index % len(word))][3])
    raise LookupError(word)


def shapes_pdf(path: Path, draw: Callable[[pymupdf.Page], None], lines: list[str] | None = None) -> Path:
    """Helvetica lines (11 pt, from y=100, 20 pt apart), then `draw(page)` adds shapes (and text) to it."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines or ["Staff contact list for the harbour office."]):
        page.insert_text((72, 100 + 20 * i), line, fontname="helv", fontsize=11)
    draw(page)
    doc.save(path)
    doc.close()
    return path


def fill(page: pymupdf.Page, rect, colour=(0, 0, 0), even_odd: bool = False, *more) -> None:
    shape = page.new_shape()
    shape.draw_rect(rect)
    for r in more:
        shape.draw_rect(r)
    shape.finish(color=None, fill=colour, even_odd=even_odd, width=0)
    shape.commit()


def vertical_rule_through_last_letter(page):
    """A table's 1.5 pt column rule drawn as a filled black rectangle through the 'C' ending a cell."""
    box = _glyph_rect(page, "ABC", 2)
    x = (box.x0 + box.x1) / 2
    fill(page, (x - 0.75, box.y0 - 4, x + 0.75, box.y1 + 4))


def horizontal_rule_through_text(page):
    """A 1.1 pt rule across the middle of a line (a table border the text overflows onto)."""
    box = _glyph_rect(page, "Staff", 0)
    mid = (box.y0 + box.y1) / 2  # through the glyphs' centres
    fill(page, (60, mid - 0.55, 400, mid + 0.55))


def frame_around_text(page):
    """A box outline drawn as one even-odd filled path: outer rectangle minus inner rectangle."""
    box = _word_rect(page, "Staff")
    outer = (box.x0 - 8, box.y0 - 8, box.x0 + 300, box.y1 + 8)
    inner = (outer[0] + 1.5, outer[1] + 1.5, outer[2] - 1.5, outer[3] - 1.5)
    fill(page, outer, (0, 0, 0), True, inner)


def label_beside_dark_circle(page):
    """A filled dark disc with its label just outside it, inside the disc's bounding box corner."""
    box = _word_rect(page, "Staff")
    shape = page.new_shape()
    r = 30
    shape.draw_circle((box.x0 - r * 0.6, box.y0 - r * 0.6), r)
    shape.finish(color=None, fill=(0.05, 0.05, 0.1), width=0)
    shape.commit()


def preexisting_black_box(page):
    """A document "redacted" before: a black box drawn over a code word, the text left underneath."""
    fill(page, _word_rect(page, "BLUEBIRD"))


def preexisting_box_with_label(page):
    """The same, with a white "REDACTED" label on the box (as many tools draw)."""
    box = _word_rect(page, "BLUEBIRD")
    fill(page, box)
    page.insert_text((box.x0 + 1, box.y1 - 3), "REDACTED", fontname="helv", fontsize=6, color=(1, 1, 1))


def dark_text_on_dark_box(page):
    """Black text written on a black box drawn first: on the page, nothing can be read."""
    fill(page, (165, 108, 260, 124))  # after "The code word is" on the second line
    page.insert_text((170, 120), "BLUEBIRD", fontname="helv", fontsize=11, color=(0.05, 0.05, 0.05))


def red_text_on_black_box(page):
    """Red on black is legible (contrast 5:1): not hidden."""
    fill(page, (300, 88, 450, 104))
    page.insert_text((305, 100), "Warning", fontname="helv", fontsize=11, color=(1, 0, 0))


def box_over_most_of_a_word(page):
    """A black box over the middle 70% of the x-height band of a word: the word cannot be read."""
    box = _word_rect(page, "BLUEBIRD")
    base = box.y1 - 0.21 * 11
    fill(page, (box.x0, base - 0.7 * 11, box.x1, base - 0.05 * 11))


def thick_stroke_over_word(page):
    """A marker pen: a 12 pt black stroked line drawn over a word."""
    box = _word_rect(page, "BLUEBIRD")
    y = (box.y0 + box.y1) / 2
    page.draw_line((box.x0 - 2, y), (box.x1 + 2, y), color=(0, 0, 0), width=12)


def polygon_box_over_word(page):
    """A black box drawn as a closed path of four lines (not a rectangle operator)."""
    box = _word_rect(page, "BLUEBIRD")
    page.draw_polyline([box.tl, box.tr, box.br, box.bl, box.tl], color=None, fill=(0, 0, 0), closePath=True)


# --- PDF syntax that spells a withheld word, and real text outside the page text (issue 19) ----------------

def _append_content(doc: pymupdf.Document, page: pymupdf.Page, stream: bytes) -> None:
    """`stream` as one more content stream of the page (after its own)."""
    page.insert_text((72, 90), "x", fontname="helv", fontsize=1)  # makes sure /helv is in the resources
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, stream)
    contents = page.get_contents()
    doc.xref_set_key(page.xref, "Contents", "[" + " ".join(f"{c} 0 R" for c in [*contents, xref]) + "]")


def td_operator(doc, page):
    """Text positioned with the TD operator (as many producers do): 'TD' in every content stream."""
    _append_content(doc, page, b"BT /helv 11 Tf 72 700 TD (Minutes of the meeting.) Tj 0 -14 TD (Next item.) Tj ET")


def normal_blend_mode(doc, page):
    """An ExtGState with blend mode /Normal, used by the page (LibreOffice, Chromium and Word write these)."""
    gs = doc.get_new_xref()
    doc.update_object(gs, "<</Type/ExtGState/BM/Normal/ca 1/CA 1>>")
    page.insert_text((72, 90), "x", fontname="helv", fontsize=1)
    kind, val = doc.xref_get_key(page.xref, "Resources")
    res = int(val.split()[0]) if kind == "xref" else page.xref
    doc.xref_set_key(res, "ExtGState" if kind == "xref" else "Resources/ExtGState", f"<</GS7 {gs} 0 R>>")
    _append_content(doc, page, b"q /GS7 gs BT /helv 11 Tf 72 680 Td (Shaded note.) Tj ET Q")


def font_style_name(doc, page):
    """A font whose PostScript name ends in a style word: /BaseFont /ABCDEF+Carlito-Normal."""
    page.insert_font(fontname="F9", fontbuffer=pymupdf.Font("tiro").buffer)
    page.insert_text((72, 660), "Set in a named font.", fontname="F9", fontsize=11)
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "BaseFont")[0] == "name":
            doc.xref_set_key(xref, "BaseFont", "/ABCDEF+Carlito-Normal")


def string_in_unpainted_object(doc, page):
    """A literal string in an object no page shows (a producer's private dictionary)."""
    xref = doc.get_new_xref()
    doc.update_object(xref, f"<</Type/PrivateData/Note (reviewed by {NAME})>>")
    doc.xref_set_key(page.xref, "PieceInfo", f"<</Tool<</Private {xref} 0 R>>>>")


def comment_in_content(doc, page):
    """A PDF comment in a content stream: no viewer shows it, `strings` does."""
    _append_content(doc, page, f"% drafted by {NAME}\nq Q".encode())


def name_object(doc, page):
    """A name (not a string) that spells the word: /Whitfield#20file in a dictionary."""
    xref = doc.get_new_xref()
    doc.update_object(xref, f"<</Type/Private/Owner/{NAME}#20file>>")
    doc.xref_set_key(doc.pdf_catalog(), "Private", f"{xref} 0 R")


# --- content streams that MuPDF's content filter rewrites wrongly (issue 19) ------------------------------

def leading_operators(doc, page):
    """Lines moved by the leading (TL) with T*, ' and ", as Ghostscript writes them. MuPDF's content filter
    (run by apply_redactions, scrub and save(clean=True)) writes its moves as TD, which resets the leading,
    so every later T*, ' or " moved its line elsewhere (up the page, or off it)."""
    _append_content(doc, page, b"BT /helv 11 Tf 1 0 0 1 72 700 Tm 14 TL (Minutes of the harbour meeting.) Tj "
                               b"(Present: Mr Whitfield and the team.) ' (Apologies were received.) ' "
                               b"0 0 (Actions were agreed by all.) \" T* (Meeting closed at noon.) Tj "
                               b"90 -14 Td (Second column note.) Tj T* (Last line of the page.) Tj ET")


def matplotlib_lines(doc, page):
    """Each line its own text object at the origin of its own cm, as matplotlib writes them ("0 0 Td"),
    on a page with drawings (so that two removal passes run); the first line ends with an address."""
    page.draw_line((60, 90), (500, 90), color=(0, 0, 0), width=0.5)
    _append_content(doc, page, b"q 1 0 0 1 56 700 cm BT /helv 10 Tf 0 0 Td [(Write to tom.whitfield@harbourside.gov.uk)] "
                               b"TJ ET Q q 1 0 0 1 56 686 cm BT /helv 10 Tf 0 0 Td [(receiving an unusual number)] TJ "
                               b"ET Q q 1 0 0 1 56 672 cm BT /helv 10 Tf 0 0 Td [(of requests.)] TJ ET Q")


def two_lines_one_row(doc, page):
    """One row that MuPDF reads as two lines (a wide gap, as pdfLaTeX leaves after a full stop, or the next
    table cell): the first ends with a withheld address and a full stop, the second starts with another."""
    first = "Contact a.jones@harbourside.gov.uk."
    page.insert_text((72, 300), first, fontname="helv", fontsize=10)
    x = 72 + pymupdf.get_text_length(first, "helv", 10) + 8
    page.insert_text((x, 300), f"{SECRET} confirmed it.", fontname="helv", fontsize=10)


def _scan_background(page: pymupdf.Page) -> None:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pix.clear_with(250)
    page.insert_image(page.rect, pixmap=pix, overlay=False)


def ocr_squeezed_glyph(doc, page):
    """A searchable scan's OCR layer (Tesseract): render mode 3 over the page image, each word stretched
    or squeezed to its box with Tz; a vertical rule read as '|' squeezed to 9.6% of its width."""
    _scan_background(page)
    _append_content(doc, page, b"BT 3 Tr /helv 10 Tf 1 0 0 1 72 500 Tm 9.6 Tz (|) Tj 100 Tz 5.5 0 Td (am writing) Tj ET")


def ocr_glyph_under_a_labelled_box(doc, page):
    """A scan's OCR layer glyph (render mode 3, taller than the line) under a black box with a white label
    drawn after it, as our own boxes are: its thin removal band would cross the label."""
    _scan_background(page)
    _append_content(doc, page, b"BT 3 Tr /helv 20 Tf 1 0 0 1 110 536 Tm (EE) Tj ET")  # PDF y: page y 306
    fill(page, (100, 285, 250, 310))
    page.insert_text((101, 300), "s40(2)", fontname="helv", fontsize=8.6, color=(1, 1, 1))


def unmoved_text_objects(doc, page):
    """Lines placed by cm alone: each text object shows text without any move (as MuPDF's own filter
    writes matplotlib's lines after one pass)."""
    _append_content(doc, page, b"q 1 0 0 1 56 700 cm BT /helv 10 Tf [(Write to tom.whitfield@harbourside.gov.uk)] TJ "
                               b"ET Q q 1 0 0 1 56 686 cm BT /helv 10 Tf [(receiving an unusual number)] TJ ET Q "
                               b"q 1 0 0 1 56 672 cm BT /helv 10 Tf [(of requests.)] TJ ET Q")


def searchable_scan_word(doc, page):
    """A searchable scan: the page image, and over it an invisible text layer in which an address is
    followed by a comma inside the same OCR word ("tomw@harbourside.gov.uk,")."""
    _scan_background(page)
    page.insert_text((72, 400), "Reply to tomw@harbourside.gov.uk, today.", fontname="helv", fontsize=11,
                     render_mode=3)


def type3_text(doc, page, lines=("Contact " + SECRET + " today.", BODY), bbox="0 0 0 0", nested=False):
    """Text in a Type3 font whose glyphs are filled boxes (an empty FontBBox by default, as some producers
    write), optionally each glyph drawn by showing a glyph of another Type3 font (Type3 inside Type3)."""
    chars = sorted(set("".join(lines)) - {" "})
    codes = {c: 33 + i for i, c in enumerate(chars)}

    def stream_object(data: bytes) -> int:
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, data)
        return xref

    resources = "<<>>"
    if nested:
        proc = stream_object(b"600 0 0 0 500 700 d1 0 0 500 700 re f")
        inner = doc.get_new_xref()
        doc.update_object(inner, f"<</Type/Font/Subtype/Type3/FontBBox[{bbox}]/FontMatrix[0.001 0 0 0.001 0 0]"
                                 f"/CharProcs<</g {proc} 0 R>>/Encoding<</Type/Encoding/Differences[65/g]>>"
                                 f"/FirstChar 65/LastChar 65/Widths[600]/Resources<<>>>>")
        resources = f"<</Font<</In {inner} 0 R>>>>"
    body = b"600 0 d0 BT /In 1000 Tf 0 0 Td (A) Tj ET" if nested else b"600 0 0 0 500 700 d1 50 0 400 700 re f"
    procs = {c: stream_object(body) for c in chars}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def 1 begincodespacerange "
            "<00> <FF> endcodespacerange\n" + f"{len(chars) + 1} beginbfchar\n<20> <0020>\n"
            + "".join(f"<{codes[c]:02X}> <{ord(c):04X}>\n" for c in chars)
            + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    to_unicode = stream_object(cmap.encode())
    first, last = 32, 33 + len(chars)
    widths = " ".join("250" if i == 32 else "600" for i in range(first, last + 1))
    differences = "32/space " + " ".join(f"{codes[c]}/g{codes[c]}" for c in chars)
    char_procs = " ".join(f"/g{codes[c]} {procs[c]} 0 R" for c in chars) + f" /space {procs[chars[0]]} 0 R"
    font = doc.get_new_xref()
    doc.update_object(font, f"<</Type/Font/Subtype/Type3/FontBBox[{bbox}]/FontMatrix[0.001 0 0 0.001 0 0]"
                            f"/CharProcs<<{char_procs}>>/Encoding<</Type/Encoding/Differences[{differences}]>>"
                            f"/FirstChar {first}/LastChar {last}/Widths[{widths}]/ToUnicode {to_unicode} 0 R"
                            f"/Resources{resources}>>")
    ops = [b"BT /T3 11 Tf 14 TL 72 600 Td"]
    ops += [b"<" + bytes(32 if c == " " else codes[c] for c in line).hex().encode() + b"> Tj 0 -14 Td" for line in lines]
    _append_content(doc, page, b"\n".join([*ops, b"ET"]))
    kind, value = doc.xref_get_key(page.xref, "Resources")
    holder, key = (int(value.split()[0]), "Font") if kind == "xref" else (page.xref, "Resources/Font")
    kind, value = doc.xref_get_key(holder, key)
    if kind == "xref":
        holder, key = int(value.split()[0]), ""
    doc.xref_set_key(holder, f"{key}/T3".lstrip("/"), f"{font} 0 R")


def type3_nested(doc, page):
    type3_text(doc, page, bbox="0 0 600 700", nested=True)


def type3_nested_empty_bbox(doc, page):
    type3_text(doc, page, nested=True)


def clipped_text(doc, page):
    """Text drawn outside its clipping path: nothing on screen, every clip-ignoring parser reads it."""
    page.insert_text((72, 90), "x", fontname="helv", fontsize=1)  # the /helv font resource for the stream
    xref = page.get_contents()[0]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\nq 400 100 20 20 re W n BT /helv 11 Tf 72 600 Td ("
                      + SECRET.encode() + b") Tj ET Q\n")


CHANNEL_CASES["clipped-text"] = (clipped_text, {"clipped", "invisible-text"})
