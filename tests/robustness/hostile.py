"""Hostile and malformed PDFs, built from hand-written PDF syntax or by mutating PyMuPDF-made files.

Each builder writes one file and returns its path. `SECRET` (a fixture person the stub NLP knows) is on
the page wherever the file still has readable text, so a released output can be checked for it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import pymupdf

SECRET = "Tom Whitfield"  # in conftest.FIXTURE_PEOPLE: the stub NLP finds it, so it must not survive
OLD_SECRET = "Adaeze Okonkwo"  # only in an earlier revision of a page
LINE = f"Dear {SECRET}, your complaint reference is below."
HELV = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


# --- raw PDF syntax ------------------------------------------------------------------------------------

def stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    n = len(data) if length is None else length
    return b"<< %s /Length %d >>\nstream\n" % (extra, n) + data + b"\nendstream"


def flate(data: bytes, extra: bytes = b"") -> bytes:
    return stream(zlib.compress(data, 9), b"/Filter /FlateDecode " + extra)


def text_ops(text: str = LINE, x: float = 72, y: float = 700, size: float = 12, font: bytes = b"/F1",
             matrix: str | None = None) -> bytes:
    pos = f"{matrix} Tm" if matrix else f"{x} {y} Td"
    return b"BT %s %g Tf %s (%s) Tj ET" % (font, size, pos.encode(), text.encode("latin-1"))


def raw_pdf(objects: list[bytes], *, header: bytes = b"%PDF-1.7", trailer: bytes = b"",
            offset_shift: int = 0) -> bytes:
    """Objects 1..n (1 is the catalog) with a classic xref table. offset_shift breaks every offset."""
    out = bytearray(header + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % (off + offset_shift)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, start)
    return bytes(out)


def one_page(content: bytes = b"", *, box: bytes = b"[0 0 612 792]", page_extra: bytes = b"",
             resources: bytes = b"<< /Font << /F1 5 0 R >> >>", more: list[bytes] = (),
             header: bytes = b"%PDF-1.7", catalog_extra: bytes = b"", font: bytes = HELV) -> bytes:
    """Catalog 1, Pages 2, Page 3, Contents 4, Helvetica 5, then `more` as objects 6, 7, ..."""
    content = content or text_ops()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R /Resources %s %s>>" % (box, resources,
                                                                                       page_extra),
        stream(content),
        font,
        *more,
    ], header=header)


def good_pdf(pages: int = 2, **save) -> bytes:
    """A plain PyMuPDF-made file to mutate."""
    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        page.insert_text((72, 90), LINE, fontname="helv", fontsize=11)
        page.insert_text((72, 120), f"Page {n + 1} of the incident file.", fontname="helv", fontsize=11)
    data = doc.tobytes(**save)
    doc.close()
    return data


# --- the cases -----------------------------------------------------------------------------------------
# Each returns the file's bytes (some need a scratch folder for an intermediate file).

def empty_file() -> bytes:
    return b""


def header_only() -> bytes:
    return b"%PDF-1.7\n"


def html_renamed() -> bytes:
    return b"<!DOCTYPE html><html><head><title>Error 404</title></head><body>%PDF-1.4 Not found</body></html>\n"


def zip_renamed() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f"<w:document>{LINE}</w:document>")
    return buf.getvalue()


def junk_before_header() -> bytes:
    return b"Content-Type: application/pdf\r\nX-Junk: yes\r\n\r\n" + one_page()


def header_too_late() -> bytes:
    return b" " * 2048 + one_page()


def truncated_half() -> bytes:
    data = good_pdf(4)
    return data[: len(data) // 2]


def truncated_tail() -> bytes:
    data = one_page()
    return data[: data.rindex(b"\nxref\n")]


def garbage_after_eof() -> bytes:
    return one_page() + b"\x00\xff garbage <<>> " * 5000 + b"%%EOF\n\x1b[0m"


def broken_xref() -> bytes:
    return one_page().replace(b"0000000000 65535 f", b"000000000x 65535 f").replace(b"00000 n", b"00000 q")


def wrong_xref_offsets() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>", stream(text_ops()), HELV]
    return raw_pdf(objs, offset_shift=37)


def missing_xref() -> bytes:
    data = one_page()
    return data[: data.rindex(b"\nxref\n")] + b"\n%%EOF\n"


def startxref_nowhere() -> bytes:
    return re.sub(rb"startxref\n\d+", b"startxref\n999999999", one_page())


def stream_length_short() -> bytes:
    content = text_ops()
    return one_page(content).replace(b"/Length %d" % len(content), b"/Length 5", 1)


def stream_length_long() -> bytes:
    content = text_ops()
    return one_page(content).replace(b"/Length %d" % len(content), b"/Length 99999", 1)


def stream_length_missing_ref() -> bytes:
    content = text_ops()
    return one_page(content).replace(b"/Length %d" % len(content), b"/Length 77 0 R", 1)


def object_streams() -> bytes:
    return good_pdf(3, garbage=3, use_objstms=1)


def xref_stream_bad_w() -> bytes:
    data = good_pdf(2, garbage=3, use_objstms=1)
    return re.sub(rb"/W\s*\[\s*\d+\s+\d+\s+\d+\s*\]", b"/W [9 -1 40]", data, count=1)


def free_list_loop() -> bytes:
    # objects 6 and 7 are free and point at each other (and 0 points at 6): a cycle in the free list
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>", stream(text_ops()), HELV, b"null", b"null"]
    data = raw_pdf(objs)
    cut = data.rindex(b"\nxref\n") + 1
    entries = data[cut:].split(b"\n")
    entries[2] = b"0000000006 65535 f "
    entries[8] = b"0000000007 00001 f "
    entries[9] = b"0000000006 00001 f "
    return data[:cut] + b"\n".join(entries)


def prev_xref_loop() -> bytes:
    data = one_page()
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return data.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % start)


def page_tree_cycle() -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(text_ops()), HELV,
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 1000 >>",  # contains its ancestor and itself
    ])


def page_count_lies() -> bytes:
    return one_page().replace(b"/Count 1", b"/Count 2000000000")


def kids_missing() -> bytes:
    return one_page().replace(b"/Kids [3 0 R]", b"/Kids [3 0 R 40 0 R 41 0 R]").replace(b"/Count 1", b"/Count 3")


def no_pages() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def ten_thousand_pages() -> bytes:
    doc = pymupdf.open()
    for n in range(10_000):
        page = doc.new_page(width=200, height=200)
        if n in (0, 4999, 9999):
            page.insert_text((20, 50), f"{SECRET} on page {n + 1}", fontsize=8)
    data = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return data


def huge_mediabox() -> bytes:
    return one_page(text_ops(x=10000, y=10000, size=48), box=b"[0 0 20000 20000]")


def zero_mediabox() -> bytes:
    return one_page(box=b"[0 0 0 0]")


def negative_mediabox() -> bytes:
    return one_page(text_ops(x=-500, y=-400), box=b"[0 0 -612 -792]")


def inverted_mediabox() -> bytes:
    return one_page(box=b"[612 792 0 0]")


def cropbox_outside() -> bytes:
    return one_page(page_extra=b"/CropBox [5000 5000 5100 5100] /TrimBox [-10 -10 -5 -5]")


def rotated_text() -> bytes:
    content = text_ops(matrix="0 1 -1 0 300 100") + b"\n" + text_ops(matrix="0.7071 0.7071 -0.7071 0.7071 100 300")
    return one_page(content, page_extra=b"/Rotate 90")


def mirrored_text() -> bytes:
    content = text_ops(matrix="-1 0 0 1 540 700") + b"\n" + text_ops(matrix="1 0 0 -1 72 500")
    return one_page(content)


def invalid_rotate() -> bytes:
    return one_page(page_extra=b"/Rotate 45 /UserUnit 1000")


def _type3(codes: bytes, first: int, names: bytes, to_unicode: bytes | None = None) -> bytes:
    """A Type3 font (object 5) drawing a box per glyph; codes shown with it."""
    count = len(names.split())
    font = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/CharProcs 6 0 R /Encoding << /Type /Encoding /Differences [%d %s] >> /FirstChar %d /LastChar %d "
            b"/Widths [%s] /Resources << >> %s>>"
            % (first, names, first, first + count - 1, b" ".join([b"600"] * count),
               b"/ToUnicode 8 0 R " if to_unicode else b""))
    procs = b"<< " + b" ".join(b"/%s 7 0 R" % n.lstrip(b"/") for n in names.split()) + b" >>"
    glyph = stream(b"600 0 0 0 500 700 d1 0 0 500 700 re f")
    content = b"BT /F1 12 Tf 72 700 Td <%s> Tj ET" % codes.hex().encode()
    more = [procs, glyph] + ([stream(to_unicode)] if to_unicode else [])
    return one_page(content, more=more, font=font)


def type3_font() -> bytes:
    """Type3 glyphs with standard glyph names: the text is readable, so the name must be found and removed."""
    special = {" ": b"/space", ",": b"/comma", ".": b"/period"}
    glyphs = [special.get(chr(c), b"/" + bytes([c]) if chr(c).isalpha() else b"/space") for c in range(32, 128)]
    return _type3(LINE.encode(), 32, b" ".join(glyphs))


def no_tounicode_controls() -> bytes:
    """Subset-style font: codes 1..n, glyph names g1..gn, no ToUnicode: extracts as control characters."""
    names = b" ".join(b"/g%d" % i for i in range(1, 21))
    return _type3(bytes([(i % 20) + 1 for i in range(60)]), 1, names)


def no_tounicode_cid() -> bytes:
    """Type0 Identity-H font, nothing embedded, no ToUnicode: MuPDF guesses, the text is garbage."""
    codes = b"".join(b"%04x" % (17 + (i * 7) % 60) for i in range(40))
    content = b"BT /F1 12 Tf 72 700 Td <%s> Tj ET" % codes
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Secret /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    cid = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Secret /CIDSystemInfo << /Registry (Adobe) "
           b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 600 >>")
    desc = (b"<< /Type /FontDescriptor /FontName /ABCDEF+Secret /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
            b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>")
    return one_page(content, more=[cid, desc], font=font)


def tounicode_private_use() -> bytes:
    """A ToUnicode map that sends every glyph into the Private Use Area (seen in icon and barcode fonts)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            b"1 begincodespacerange <01> <FF> endcodespacerange 1 beginbfrange <01> <14> <E001> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    names = b" ".join(b"/g%d" % i for i in range(1, 21))
    return _type3(bytes([(i % 20) + 1 for i in range(60)]), 1, names, to_unicode=cmap)


def cid_font() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), LINE, fontname="china-s", fontsize=11)
    page.insert_text((72, 120), "报告编号 2024-17", fontname="china-s", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


def broken_embedded_font() -> bytes:
    font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Broken /FirstChar 32 /LastChar 126 "
            b"/Widths [%s] /FontDescriptor 6 0 R /Encoding /WinAnsiEncoding >>" % b" ".join([b"500"] * 95))
    desc = (b"<< /Type /FontDescriptor /FontName /Broken /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
            b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>")
    return one_page(more=[desc, stream(b"\x00\x01\x00\x00" + b"\xde\xad\xbe\xef" * 500)], font=font)


def deflate_bomb() -> bytes:
    """~4 GiB of NUL (PDF whitespace) as a content stream: deflated twice it is a few kilobytes."""
    chunk = b"\0" * (64 << 20)
    inner = zlib.compressobj(9)
    once = b"".join(inner.compress(chunk) for _ in range(64)) + inner.flush()
    twice = zlib.compress(once, 9)
    bomb = stream(twice, b"/Filter [/FlateDecode /FlateDecode]")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 6 0 R] "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(text_ops()), HELV, bomb,
    ])


def image_dimension_bomb() -> bytes:
    """An image that claims 100,000 x 100,000 RGB pixels (30 GB) with a few bytes of data."""
    img = flate(b"\x80" * 3000, b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                                b"/ColorSpace /DeviceRGB /BitsPerComponent 8")
    content = text_ops() + b"\nq 612 0 0 792 0 0 cm /Im1 Do Q"
    return one_page(content, resources=b"<< /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >>", more=[img])


def xobject_self_recursion() -> bytes:
    form = stream(text_ops() + b"\nq 0.5 0 0 0.5 0 0 cm /X1 Do Q",
                  b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                  b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>")
    return one_page(b"/X1 Do", resources=b"<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>", more=[form])


def xobject_deep_chain(depth: int = 400) -> bytes:
    """Form 6 draws form 7 draws ... form 6+depth-1, the last one draws text: nesting far past any sane limit."""
    forms = []
    for i in range(depth):
        nxt = 6 + i + 1
        body = text_ops() if i == depth - 1 else b"/X Do"
        res = b"<< /Font << /F1 5 0 R >> >>" if i == depth - 1 else b"<< /XObject << /X %d 0 R >> >>" % nxt
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + res))
    return one_page(b"/X Do", resources=b"<< /XObject << /X 6 0 R >> >>", more=forms)


def deeply_nested_arrays() -> bytes:
    return one_page(page_extra=b"/Junk " + b"[" * 100_000 + b"]" * 100_000)


def jbig2_image() -> bytes:
    """A JBIG2 image whose segment data is corrupt (MuPDF must fail the decode, not the document)."""
    img = stream(b"\x00\x00\x00\x00\x30\x00\x01\x00\x00\x00\x13" + b"\x97" * 400,
                 b"/Type /XObject /Subtype /Image /Width 800 /Height 600 /ColorSpace /DeviceGray "
                 b"/BitsPerComponent 1 /Filter /JBIG2Decode")
    content = text_ops() + b"\nq 300 0 0 200 72 300 cm /Im1 Do Q"
    return one_page(content, resources=b"<< /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >>", more=[img])


def jpx_image() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(img).rectangle((20, 20, 380, 100), fill=(200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "JPEG2000")
    jpx = stream(buf.getvalue(), b"/Type /XObject /Subtype /Image /Width 400 /Height 120 /Filter /JPXDecode")
    content = text_ops() + b"\nq 400 0 0 120 72 400 cm /Im1 Do Q"
    return one_page(content, resources=b"<< /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >>", more=[jpx])


USER_PASSWORD = "open-sesame"


def _encrypted(user: str, owner: str) -> bytes:
    doc = pymupdf.open("pdf", good_pdf(1))
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user, owner_pw=owner,
                       permissions=pymupdf.PDF_PERM_PRINT)
    doc.close()
    return data


def encrypted_user_password() -> bytes:
    return _encrypted(USER_PASSWORD, "owner-secret")


def encrypted_owner_only() -> bytes:
    return _encrypted("", "owner-secret")


def encrypted_rc4() -> bytes:
    doc = pymupdf.open("pdf", good_pdf(1))
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_RC4_40, user_pw="", owner_pw="o")
    doc.close()
    return data


def pdf_a() -> bytes:
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
           b'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part>'
           b'<pdfaid:conformance>B</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>'
           b'<?xpacket end="w"?>')
    return one_page(more=[stream(xmp, b"/Type /Metadata /Subtype /XML"),
                          b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) >>"],
                    catalog_extra=b"/Metadata 6 0 R /OutputIntents [7 0 R] ")


def pdf_2_0() -> bytes:
    return one_page(header=b"%PDF-2.0")


def linearized() -> bytes:
    """A file with a (lying) linearization dictionary first, as web-optimised files have."""
    data = good_pdf(3)
    lin = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n999 0 obj\n<< /Linearized 1 /L 1 /H [0 0] /O 4 /E 0 /N 3 /T 0 >>\nendobj\n"
    return lin + data[data.index(b"\n", data.index(b"\n") + 1) + 1:]


def xfa_form() -> bytes:
    xdp = (f'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><xfa:datasets xmlns:xfa="http://www.xfa.org/schema/'
           f'xfa-data/1.0/"><xfa:data><claim><name>{SECRET}</name></claim></xfa:data></xfa:datasets></xdp:xdp>')
    return one_page(more=[stream(xdp.encode()), b"<< /Fields [] /XFA [(datasets) 6 0 R] /NeedsRendering true >>"],
                    catalog_extra=b"/AcroForm 7 0 R ")


def incremental_update() -> bytes:
    """Revision 1 says OLD_SECRET on the page; revision 2 replaces the page's content stream."""
    base = one_page(text_ops(f"Dear {OLD_SECRET}, this is the first draft."))
    start = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    update = bytearray(base)
    off = len(update)
    update += b"4 0 obj\n" + stream(text_ops()) + b"\nendobj\n"
    xref = len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n4 1\n%010d 00000 n \n" % off
    update += b"trailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (start, xref)
    return bytes(update)


def outline_loop() -> bytes:
    return one_page(more=[b"<< /Type /Outlines /First 7 0 R /Last 8 0 R /Count 2 >>",
                          f"<< /Title ({SECRET}) /Parent 6 0 R /Next 8 0 R /Dest [3 0 R /Fit] >>".encode(),
                          b"<< /Title (Loop) /Parent 6 0 R /Next 7 0 R /Prev 7 0 R /First 7 0 R /Dest [3 0 R /Fit] >>"],
                    catalog_extra=b"/Outlines 6 0 R ")


def hostile_annotations() -> bytes:
    annot = f"<< /Type /Annot /Subtype /Text /Rect [0 0 20 20] /Contents ({SECRET}) /Popup 6 0 R /Parent 6 0 R >>"
    return one_page(page_extra=b"/Annots [6 0 R 99 0 R null 5 0 R]", more=[annot.encode()])


def annots_not_array() -> bytes:
    return one_page(page_extra=b"/Annots 5 0 R")


def names_tree_cycle() -> bytes:
    return one_page(more=[b"<< /Dests 7 0 R >>", b"<< /Kids [7 0 R 8 0 R] >>",
                          f"<< /Names [({SECRET}) [3 0 R /Fit]] /Kids [7 0 R] /Limits [(A) (Z)] >>".encode()],
                    catalog_extra=b"/Names 6 0 R ")


def content_garbage() -> bytes:
    junk = bytes(range(256)) * 40 + b" ] >> } ) ( BT ET Tj TJ Q Q Q Q q q"
    return one_page(text_ops() + b"\n" + junk)


def unterminated_string() -> bytes:
    return one_page(text_ops() + b"\nBT /F1 12 Tf 72 600 Td (never closed \\) Tj ET")


def contents_missing() -> bytes:
    return one_page().replace(b"/Contents 4 0 R", b"/Contents [4 0 R 55 0 R 5 0 R]")


def huge_object_number() -> bytes:
    return one_page().replace(b"/Contents 4 0 R", b"/Contents 4 0 R /Junk 2147483647 0 R /Junk2 99999999 65535 R")


def font_loop() -> bytes:
    """Resources that refer to themselves, and a font dictionary whose descendant is itself."""
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Loop /Encoding /Identity-H /DescendantFonts [5 0 R] >>"
    return one_page(resources=b"6 0 R", more=[b"<< /Font << /F1 5 0 R >> /Self 6 0 R /XObject 6 0 R >>"], font=font)


def huge_text_size() -> bytes:
    return one_page(text_ops(size=1e30) + b"\n" + text_ops(y=500) + b"\n" + text_ops(size=-12, y=400))


def many_tiny_glyphs() -> bytes:
    """200 lines of 300 glyphs each, at 0.1 pt: a dense wall of text in a speck."""
    rows = b"\n".join(text_ops(LINE * 6, x=72, y=700 - i * 0.1, size=0.1) for i in range(200))
    return one_page(rows + b"\n" + text_ops(y=300))


CASES = {
    name: func for name, func in dict(globals()).items()
    if callable(func) and func.__module__ == __name__ and not name.startswith("_")
    and name not in {"stream", "flate", "text_ops", "raw_pdf", "one_page", "good_pdf"}
}
