"""redactor.office: Office documents and images made into PDF documents, hidden content surfaced.

Every input is made here (python-docx, openpyxl, python-pptx, Pillow) and converted for real with
LibreOffice; each conversion takes one to three seconds. Nothing is cached in the repository: the files
live in pytest's tmp_path, and LibreOffice's temporary folders are checked to be gone afterwards.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from redactor import office
from redactor.errors import EmptyPdf, EncryptedPdf, ExitCode, InputMissing, LimitExceeded, NotAPdf
from redactor.office import hidden, libreoffice
from tests.convert.inputs import (
    EMAIL,
    PERSON,
    make_docx,
    make_every_input,
    make_odt_with_macro,
    make_pptx,
    make_xlsx,
    text_image,
)

needs_soffice = pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice (soffice) not installed")


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """LibreOffice's temporary folders go under this test's own folder, so leftovers can be counted."""
    where = tmp_path / "system-tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    yield where
    assert list(where.iterdir()) == [], "temporary files left behind"


def pdf_text(converted: office.OfficeConverted) -> str:
    return " ".join("".join(page.get_text() for page in converted.document).split())


def timed(path: Path, **kw) -> office.OfficeConverted:
    t0 = time.monotonic()
    result = office.convert_file(path, **kw)
    print(f"{path.name}: {time.monotonic() - t0:.2f} s, {result.document.page_count} page(s)")
    return result


# --- Office documents, converted for real -------------------------------------------------------------------

@needs_soffice
def test_docx_tracked_changes_comments_hidden_text_and_properties(tmp_path):
    result = timed(make_docx(tmp_path / "case.docx"))
    text = pdf_text(result)
    assert result.format == "docx" and result.original_name == "case.docx"
    assert "Inserted sentence." in text
    assert "Deleted: call Alice Brown on 07700 900123." in text  # printed with change marks
    assert "Ask Mary Jones before release" in text and "Priya Patel" in text  # the comment, on a page at the end
    assert "Hidden note about Bob Green" in text
    kinds = {h.kind for h in result.hidden}
    assert {"tracked insertions", "tracked deletions", "comments", "hidden-text formats"} <= kinds
    assert any("comments" in w and "pages at the end" in w for w in result.warnings)
    assert result.properties["author"] == "Sarah Author"
    assert result.properties["last modified by"] == "Peter Editor"
    assert result.properties["tracked change authors"] == "Tom Whitfield"
    assert result.properties["comment authors"] == "Priya Patel"
    assert "ﬁ" not in text and "ﬀ" not in text  # the added pages are ligature-free


@needs_soffice
def test_xlsx_hidden_rows_columns_sheets_print_area_and_comments(tmp_path):
    result = timed(make_xlsx(tmp_path / "staff.xlsx"))
    text = pdf_text(result)
    for email in ("visible@example.org", "hidden.row@example.org", "hidden.column@example.org",
                  "hidden.sheet@example.org", "very.hidden@example.org"):
        assert email in text, email
    assert "Query Carol White about this" in text
    assert "7700900456" in text  # its ';;;' format printed nothing
    found = {(h.kind, h.where) for h in result.hidden}
    assert ("hidden rows", "sheet 'Staff'") in found
    assert ("hidden columns", "sheet 'Staff'") in found
    assert ("hidden sheet", "sheet 'Contacts'") in found
    assert ("very hidden sheet", "sheet 'Lookup'") in found
    assert any(k.startswith("print area") for k, _ in found)
    assert any("hidden rows (sheet 'Staff'): unhidden and converted" in w for w in result.warnings)
    assert result.properties["comment authors"] == "Dan Reviewer"


@needs_soffice
def test_every_cell_is_printed_whole(tmp_path):
    """LibreOffice cuts a cell's text at a filled neighbour ("Tom Whitfi"), shows a wide number as
    "7.7E+12" and cuts a column wider than the page at its edge; none of that may reach the PDF."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    long_note = " ".join(f"note{i}" for i in range(150)) + " ends with Quentin Blake"
    ws.append(["Name", "Phone", "Notes", "Email"])
    ws.append(["Tom Whitfield-Harrington", 447700900123, long_note, "tom.whitfield@example.org"])
    ws.column_dimensions["C"].width = 250
    ws.row_dimensions[2].height = 15  # a fixed height: wrapped text would be cut at it
    path = tmp_path / "narrow.xlsx"
    wb.save(path)
    result = timed(path)
    text = pdf_text(result)
    for whole in ("Tom Whitfield-Harrington", "447700900123", "ends with Quentin Blake", "tom.whitfield@example.org"):
        assert whole in text, whole
    assert any("print their text whole" in w for w in result.warnings)


@needs_soffice
def test_pptx_speaker_notes_and_hidden_slide(tmp_path):
    result = timed(make_pptx(tmp_path / "deck.pptx"))
    text = pdf_text(result)
    assert "Quarterly update" in text
    assert "Hidden slide about Erin Black" in text
    assert "Speaker: mention Tom Whitfield's complaint" in text
    assert "Parked off the slide: Gina Lord" in text
    assert any(h.kind == "text boxes (partly) off the slide" for h in result.hidden)
    assert any(h.kind == "speaker notes" for h in result.hidden)
    assert any(h.kind == "hidden slide" and h.where == "slide 2" for h in result.hidden)
    assert result.properties["author"] == "Sarah Author"


@needs_soffice
def test_csv_and_rtf_are_resaved_as_ooxml_first(tmp_path):
    csv = tmp_path / "list.csv"
    csv.write_text("name,email\nZoë Quinn,zoe.quinn@example.org\n", encoding="utf-8")
    result = timed(csv)
    assert "zoe.quinn@example.org" in pdf_text(result) and "Zoë Quinn" in pdf_text(result)
    assert any("converted to .xlsx first" in w for w in result.warnings)
    rtf = tmp_path / "letter.rtf"
    rtf.write_text(r"{\rtf1\ansi\deff0 {\fonttbl {\f0 Helvetica;}}\f0 Dear Ms Harriet Vane,\par}", encoding="ascii")
    result = timed(rtf)
    assert "Dear Ms Harriet Vane," in pdf_text(result)
    assert any("converted to .docx first" in w for w in result.warnings)


@needs_soffice
def test_a_document_macro_never_runs(tmp_path):
    marker = tmp_path / "macro-ran.txt"
    result = timed(make_odt_with_macro(tmp_path / "auto.odt", marker))
    assert "Macro test document" in pdf_text(result)
    assert not marker.exists()


@pytest.mark.slow
@needs_soffice
def test_one_file_of_every_supported_type(tmp_path):
    made = make_every_input(tmp_path / "inputs")
    assert set(made) == set(office.SUFFIXES)
    for suffix, path in sorted(made.items()):
        result = timed(path)
        assert result.document.page_count >= 1, suffix
        if suffix in office.OFFICE_SUFFIXES:
            assert PERSON in pdf_text(result) and EMAIL in pdf_text(result), suffix
            resaved = office.SUFFIXES[suffix] in office.RESAVED_AS
            assert any("first, so that its hidden content" in w for w in result.warnings) == resaved, suffix
        else:
            assert len(result.document[0].get_images()) == 1, suffix


@pytest.mark.slow
@needs_soffice
def test_a_legacy_doc_named_docx_is_converted(tmp_path):
    from tests.convert.inputs import _libreoffice_save_as, simple_docx

    legacy = _libreoffice_save_as(simple_docx(tmp_path / "letter.docx"), "doc", tmp_path / "made")
    renamed = tmp_path / "renamed.docx"
    renamed.write_bytes(legacy.read_bytes())
    result = timed(renamed)
    assert PERSON in pdf_text(result) and any("converted to .docx first" in w for w in result.warnings)


# --- images ------------------------------------------------------------------------------------------------------

def test_multipage_tiff_one_page_per_frame_sized_to_its_dpi(tmp_path):
    frames = [text_image([f"Page {n}"]) for n in (1, 2, 3)]
    path = tmp_path / "scan.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(150, 150), compression="tiff_lzw")
    result = timed(path)
    assert result.format == "tiff" and result.document.page_count == 3
    for page in result.document:
        assert page.rect.width == pytest.approx(1275 * 72 / 150) and page.rect.height == pytest.approx(1650 * 72 / 150)
        assert len(page.get_images()) == 1 and page.get_text().strip() == ""  # pixels only: for OCR


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tiff", ".heic"])
def test_each_image_format_is_one_page(tmp_path, suffix):
    if suffix == ".heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    path = tmp_path / f"photo{suffix}"
    text_image(["x"], size=(400, 300)).convert("RGB").save(path)
    result = office.convert_file(path)
    assert result.document.page_count == 1 and len(result.document[0].get_images()) == 1


def test_image_without_resolution_is_sized_at_96_dpi_and_at_most_a3(tmp_path):
    small, huge = tmp_path / "small.png", tmp_path / "huge.png"
    Image.new("L", (960, 480), 255).save(small)
    Image.new("L", (8000, 2000), 255).save(huge)
    page = office.convert_file(small).document[0]
    assert (page.rect.width, page.rect.height) == pytest.approx((720, 360))
    result = office.convert_file(huge)
    assert max(result.document[0].rect.width, result.document[0].rect.height) == pytest.approx(16.54 * 72)
    assert any("no usable resolution" in w for w in result.warnings)


def test_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    Image.new("RGB", (400, 200), "white").save(path, exif=exif, dpi=(100, 100))
    page = office.convert_file(path).document[0]
    assert page.rect.width < page.rect.height


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".tif"])
def test_image_metadata_is_listed_and_never_reaches_the_pdf(tmp_path, suffix):
    """A phone photo's EXIF (camera, artist, GPS) and a PNG's text chunks are personal data: the report
    lists them, the PDF holds the pixels only (MuPDF would embed a JPEG's EXIF segment as it is)."""
    from PIL import PngImagePlugin

    path = tmp_path / f"photo{suffix}"
    image = text_image(["x"], size=(400, 300)).convert("RGB")
    exif = Image.Exif()
    exif[0x013B] = "Artist Jane Doe"
    exif[0x0110] = "SecretPhone 12"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPSLatitude
    extra = {"pnginfo": PngImagePlugin.PngInfo()} if suffix == ".png" else {}
    if suffix == ".png":
        extra["pnginfo"].add_text("Author", "Jane Doe")
    image.save(path, exif=exif, dpi=(100, 100), **extra)
    result = office.convert_file(path)
    assert result.properties.get("artist") == "Artist Jane Doe" or result.properties.get("text: Author") == "Jane Doe"
    if suffix != ".png":
        assert result.properties["camera model"] == "SecretPhone 12"
    if suffix == ".jpg":
        assert result.properties["GPS position"] == "present"
    released = result.document.tobytes(garbage=3)
    assert b"Jane Doe" not in released and b"SecretPhone" not in released
    assert any("image metadata" in w for w in result.warnings)


def test_strip_jpeg_keeps_the_image_and_drops_metadata(tmp_path):
    from redactor.office.images import strip_jpeg

    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = "Artist Jane Doe"
    text_image(["x"], size=(64, 48)).convert("RGB").save(buf, "JPEG", exif=exif, comment=b"note by Jane Doe")
    stripped = strip_jpeg(buf.getvalue())
    assert b"Jane Doe" in buf.getvalue() and b"Jane Doe" not in stripped
    assert Image.open(io.BytesIO(stripped)).tobytes() == Image.open(buf).tobytes()
    assert strip_jpeg(b"not a jpeg") is None


@needs_soffice
def test_converted_office_pdf_carries_no_metadata(tmp_path):
    result = office.convert_file(make_docx(tmp_path / "titled.docx"))
    assert result.properties["title"] == "Case 4471"
    assert not any(result.document.metadata.get(k) for k in ("title", "author", "subject", "keywords"))
    assert result.document.get_xml_metadata() == ""


@pytest.mark.slow
def test_image_page_is_read_by_ocr(tmp_path):
    from redactor import ocr

    if ocr.tesseract_problem():
        pytest.skip(ocr.tesseract_problem())
    path = tmp_path / "letter.png"
    text_image(["Dear Mr Tom Whitfield,", "Your reference is FOI 4471."]).save(path, dpi=(150, 150))
    result = timed(path)
    t0 = time.monotonic()
    words, confidence, _rotation, _seconds = ocr.read_page(result.document[0])
    print(f"OCR of the converted page: {time.monotonic() - t0:.2f} s, confidence {confidence:.0f}")
    read = " ".join(w.text for w in words)
    assert "Whitfield," in read and "4471." in read
    assert confidence >= ocr.MIN_CONFIDENCE


# --- refusals ------------------------------------------------------------------------------------------------------

def test_unsupported_suffix_lists_the_supported_formats(tmp_path):
    path = tmp_path / "data.key"
    path.write_bytes(b"whatever")
    with pytest.raises(office.UnsupportedFormat) as err:
        office.convert_file(path)
    message = str(err.value)
    assert "\n" not in message and ".key" in message
    for suffix in (".pdf", ".eml", ".docx", ".xlsx", ".pptx", ".odt", ".csv", ".png", ".tif"):
        assert suffix in message
    assert err.value.exit_code == ExitCode.NOT_A_PDF
    assert not office.is_supported(path) and office.is_supported("A.DOCX")
    assert set(office.SUFFIXES) >= {".docx", ".xls", ".odp", ".jpeg", ".gif"}


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(EmptyPdf, match="empty file"):
        office.convert_file(empty)
    with pytest.raises(InputMissing):
        office.convert_file(tmp_path / "absent.xlsx")


def test_corrupt_packages_fail_with_one_line(tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"this is not a zip package at all" * 10)
    with pytest.raises(office.ConversionFailed, match="not a valid docx file") as err:
        office.convert_file(junk)
    assert "\n" not in str(err.value) and isinstance(err.value, NotAPdf)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook><sheets><sheet")  # cut off
    with pytest.raises(office.ConversionFailed, match="damaged xlsx file"):
        office.convert_file(broken)
    image = tmp_path / "broken.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(office.ConversionFailed, match="cannot read this png image"):
        office.convert_file(image)


@needs_soffice
def test_a_file_libreoffice_cannot_read_says_so(tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\x00\x01garbage that is no Word file" * 50)
    with pytest.raises(office.ConversionFailed, match="LibreOffice could not convert this doc file") as err:
        timed(doc)
    assert "\n" not in str(err.value)


def test_encrypted_docx_is_refused_before_conversion(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = make_docx(tmp_path / "plain.docx")
    locked = tmp_path / "locked.docx"
    with plain.open("rb") as src, locked.open("wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    with pytest.raises(EncryptedPdf, match="password-protected docx file"):
        office.convert_file(locked)


def test_zip_bomb_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "MAX_UNZIPPED", 1000)
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b" " * 5000)
    with pytest.raises(LimitExceeded):
        office.convert_file(path)


@needs_soffice
def test_timeout_stops_libreoffice_and_leaves_nothing(tmp_path, private_tmp):
    path = make_docx(tmp_path / "slow.docx")
    with pytest.raises(office.ConversionTimeout) as err:
        office.convert_file(path, timeout=0.5)
    assert "slow.docx" in str(err.value) and "0.5 s" in str(err.value) and "\n" not in str(err.value)
    assert err.value.exit_code == ExitCode.TIMEOUT
    # Every process of this conversion named its private profile, under this test's temporary folder.
    assert _processes_naming(private_tmp) == ""


def test_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    """A converter that hangs, with a child of its own: both are stopped at the timeout."""
    fake = tmp_path / "fake-soffice"
    fake.write_text("#!/bin/sh\nsleep 297.25 &\nsleep 298.25\n")
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "soffice", lambda: str(fake))
    path = tmp_path / "hangs.docx"
    shutil.copyfile(make_docx(tmp_path / "src.docx"), path)
    t0 = time.monotonic()
    with pytest.raises(office.ConversionTimeout):
        office.convert_file(path, timeout=0.3)
    assert time.monotonic() - t0 < 5
    assert subprocess.run(["pgrep", "-f", "sleep 29[78].25"], capture_output=True).stdout == b""


def test_soffice_runs_private_offline_and_nameless(tmp_path, monkeypatch):
    """What LibreOffice is started with: a fake soffice records its arguments, environment and network
    interfaces, then makes the PDF it was asked for."""
    record = tmp_path / "record.txt"
    fake = tmp_path / "fake-soffice"
    fake.write_text(
        "#!/bin/sh\n"
        f'{{ echo "ARGS $*"; echo "HOME $HOME"; cat /proc/net/dev; }} > {record}\n'
        'for a in "$@"; do case "$a" in -env:UserInstallation=file://*) profile="${a#-env:UserInstallation=file://}";; esac; done\n'
        f'cp "$profile/user/registrymodifications.xcu" {tmp_path}/profile-copy.xcu\n'
        'while [ "$1" != "--outdir" ]; do shift; done; out="$2"\n'
        f'{sys.executable} -c "import pymupdf,sys; d=pymupdf.open(); d.new_page(); d.save(sys.argv[1])" "$out/input.pdf"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "soffice", lambda: str(fake))
    path = tmp_path / "Tom Whitfield's letter.docx"
    shutil.copyfile(make_docx(tmp_path / "src.docx"), path)
    office.convert_file(path)
    recorded = record.read_text()
    args = recorded.splitlines()[0]
    assert "Whitfield" not in args and "input.docx" in args  # the user's file name never reaches the command
    assert "--headless" in args and "-env:UserInstallation=file://" in args
    assert f"HOME {tempfile.gettempdir()}" in recorded  # a throw-away home, not the user's
    assert "MacroSecurityLevel" in (tmp_path / "profile-copy.xcu").read_text()
    if libreoffice._no_network_prefix():
        net_dev = recorded.splitlines()[2:]  # /proc/net/dev: two header lines, then one line per interface
        interfaces = [line.split(":")[0].strip() for line in net_dev if ":" in line and "|" not in line]
        assert interfaces == ["lo"], interfaces  # an empty network namespace


def _processes_naming(folder: Path, wait: float = 5.0) -> str:
    deadline = time.monotonic() + wait
    while True:
        found = subprocess.run(["pgrep", "-af", str(folder)], capture_output=True, text=True).stdout.strip()
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_missing_libreoffice_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    path = tmp_path / "a.docx"
    shutil.copyfile(make_docx(tmp_path / "src.docx"), path)
    with pytest.raises(office.ConverterMissing, match="make system-deps") as err:
        office.convert_file(path)
    assert err.value.exit_code == ExitCode.CONFIG_ERROR


# --- the parts, without LibreOffice ---------------------------------------------------------------------------

def test_profile_turns_macros_links_and_network_off():
    registry = libreoffice._REGISTRY
    assert '"MacroSecurityLevel" oor:op="fuse"><value>3<' in registry
    assert '"DisableMacrosExecution" oor:op="fuse"><value>true<' in registry
    assert '"BlockUntrustedRefererLinks" oor:op="fuse"><value>true<' in registry
    assert '"ooInetProxyType" oor:op="fuse"><value>2<' in registry  # manual: a closed local port


def test_surfacing_keeps_every_other_part_byte_for_byte(tmp_path):
    data = make_xlsx(tmp_path / "s.xlsx").read_bytes()
    surfaced = hidden.surface_xlsx(data)
    with zipfile.ZipFile(io.BytesIO(data)) as before, zipfile.ZipFile(io.BytesIO(surfaced.data)) as after:
        assert before.namelist() == after.namelist()
        changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert "xl/workbook.xml" in changed and "xl/styles.xml" in changed
    assert all(n in ("xl/workbook.xml", "xl/styles.xml") or n.startswith("xl/worksheets/sheet") for n in changed)


def test_threaded_comments_are_read_where_there_is_no_legacy_copy(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "x"
    path = tmp_path / "threaded.xlsx"
    wb.save(path)
    ns = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
    parts = {
        "xl/worksheets/_rels/sheet1.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Target="../threadedComments/threadedComment1.xml" '
            'Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"/></Relationships>'),
        "xl/threadedComments/threadedComment1.xml": (
            f'<ThreadedComments xmlns="{ns}"><threadedComment ref="A1" personId="{{P1}}" id="{{C1}}">'
            '<text>Check with Nadia Okafor</text></threadedComment></ThreadedComments>'),
        "xl/persons/person.xml": (
            f'<personList xmlns="{ns}"><person displayName="Owen Price" id="{{P1}}"/></personList>'),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, text in parts.items():
            dst.writestr(name, text)
    surfaced = hidden.surface_xlsx(buf.getvalue())
    assert surfaced.appendix[-1][1] == [("Sheet 'Sheet', cell A1, by Owen Price", "Check with Nadia Okafor")]
    assert surfaced.people["comment authors"] == {"Owen Price"}


def test_embedded_files_are_reported(tmp_path):
    data = make_docx(tmp_path / "with-embedding.docx").read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", b"PK...")
    found = [h for h in hidden.surface_docx(buf.getvalue()).hidden if h.kind == "embedded files"]
    assert [(h.where, h.count) for h in found] == [("word/embeddings", 1)]


@needs_soffice
def test_macros_are_reported_and_not_run(tmp_path):
    data = make_docx(tmp_path / "plain.docx").read_bytes()
    path = tmp_path / "with-macros.docm"
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real project")
    result = timed(path)
    assert "Hidden note about Bob Green" in pdf_text(result)
    assert any(h.kind == "macros" for h in result.hidden)
    assert hidden.has_macros(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "_VBA_PROJECT".encode("utf-16-le"))
    assert not hidden.has_macros(make_xlsx(tmp_path / "none.xlsx").read_bytes())


def test_properties_of_an_odf_package(tmp_path):
    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
            '<meta:initial-creator>Sarah Author</meta:initial-creator><dc:creator>Peter Editor</dc:creator>'
            '<meta:user-defined meta:name="Case officer">Ann Smith</meta:user-defined>'
            '</office:meta></office:document-meta>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("meta.xml", meta)
    props = hidden.properties(buf.getvalue(), "odt")
    assert props == {"author": "Sarah Author", "last modified by": "Peter Editor", "custom: Case officer": "Ann Smith"}
