"""Office documents and images made for the tests, one of each input type redactor.office takes.

The makers write real files with python-docx, openpyxl, python-pptx and Pillow; the formats those cannot
write (.doc .docm .odt .rtf .xls .xlsm .ods .ppt .pptm .odp) are made from them by LibreOffice
(`make_every_input`). Every file
holds PERSON's name and EMAIL, so a test (or the batch's) can check that each one's text reaches the PDF.
"""

from __future__ import annotations

import subprocess
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from redactor.office import libreoffice

PERSON = "Tom Whitfield"
EMAIL = "tom.whitfield@example.org"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path: Path) -> Path:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph("The visible paragraph. ")
    p._p.append(parse_xml(f'<w:ins {W_NS} w:id="101" w:author="Tom Whitfield" w:date="2024-03-01T10:00:00Z">'
                          f'<w:r><w:t>Inserted sentence.</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="102" w:author="Tom Whitfield" w:date="2024-03-01T10:00:00Z">'
                          f'<w:r><w:delText>Deleted: call Alice Brown on 07700 900123.</w:delText></w:r></w:del>'))
    commented = d.add_paragraph("A paragraph with a comment on it.")
    d.add_comment(commented.runs, text="Ask Mary Jones before release", author="Priya Patel", initials="PP")
    secret = d.add_paragraph().add_run("Hidden note about Bob Green")
    secret.font.hidden = True
    d.core_properties.author = "Sarah Author"
    d.core_properties.last_modified_by = "Peter Editor"
    d.core_properties.title = "Case 4471"
    d.save(path)
    return path


def make_xlsx(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = "Staff"
    ws.append(["Name", "Role", "Email"])
    ws.append(["Visible Person", "Clerk", "visible@example.org"])
    ws.append(["Hidden Row Person", "Officer", "hidden.row@example.org"])
    ws.row_dimensions[3].hidden = True
    ws["E1"] = "hidden.column@example.org"
    ws.column_dimensions["E"].hidden = True
    ws["A2"].comment = Comment("Query Carol White about this", "Dan Reviewer")
    ws.print_area = "A1:B2"  # would leave the email column and the rest out of the PDF
    ws["F2"] = 7700900456
    ws["F2"].number_format = ";;;"  # prints nothing
    contacts = wb.create_sheet("Contacts")
    contacts["A1"] = "hidden.sheet@example.org"
    contacts.sheet_state = "hidden"
    very = wb.create_sheet("Lookup")
    very["A1"] = "very.hidden@example.org"
    very.sheet_state = "veryHidden"
    wb.properties.creator = "Sarah Author"
    wb.save(path)
    return path


def make_pptx(path: Path) -> Path:
    from pptx import Presentation

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Quarterly update"
    slide.notes_slide.notes_text_frame.text = "Speaker: mention Tom Whitfield's complaint"
    hidden_slide = prs.slides.add_slide(prs.slide_layouts[1])
    hidden_slide.shapes.title.text = "Hidden slide about Erin Black"
    hidden_slide.element.set("show", "0")
    from pptx.util import Emu

    aside = slide.shapes.add_textbox(Emu(prs.slide_width + 100000), Emu(0), Emu(2000000), Emu(500000))
    aside.text_frame.text = "Parked off the slide: Gina Lord"
    prs.core_properties.author = "Sarah Author"
    prs.save(path)
    return path


def text_image(lines: list[str], size=(1275, 1650)) -> Image.Image:
    """A page of black text on white, as a scanner would make it at 150 dpi."""
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", 40) if _has_dejavu() else ImageFont.load_default(size=40)
    for i, line in enumerate(lines):
        draw.text((100, 150 + i * 70), line, fill=0, font=font)
    return img


def _has_dejavu() -> bool:
    try:
        ImageFont.truetype("DejaVuSans.ttf", 10)
        return True
    except OSError:
        return False


def make_every_input(folder: Path) -> dict[str, Path]:
    """One file of each suffix in redactor.office.SUFFIXES, each with PERSON and EMAIL in its text (in its
    pixels for the images). Needs LibreOffice for the formats python-docx/openpyxl/python-pptx do not write
    (about 2 s each)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {".docx": simple_docx(folder / "letter.docx"), ".xlsx": simple_xlsx(folder / "register.xlsx"),
            ".pptx": simple_pptx(folder / "briefing.pptx")}
    csv = folder / "contacts.csv"
    csv.write_text(f"name,email\n{PERSON},{EMAIL}\n", encoding="utf-8")
    made[".csv"] = csv
    for target, source in (("doc", ".docx"), ("docm", ".docx"), ("odt", ".docx"), ("rtf", ".docx"),
                           ("xls", ".xlsx"), ("xlsm", ".xlsx"), ("ods", ".xlsx"), ("ppt", ".pptx"),
                           ("pptm", ".pptx"), ("odp", ".pptx")):
        made[f".{target}"] = _libreoffice_save_as(made[source], target, folder)
    page = text_image([f"Dear {PERSON},", EMAIL])
    for suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif"):
        path = folder / f"scan{suffix}"
        if suffix in (".heic", ".heif"):
            from pillow_heif import register_heif_opener

            register_heif_opener()
        page.save(path, dpi=(150, 150)) if suffix != ".gif" else page.save(path)
        made[suffix] = path
    return made


def simple_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(f"Dear {PERSON}, please write to {EMAIL}.")
    d.save(path)
    return path


def simple_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Name", "Email"])
    wb.active.append([PERSON, EMAIL])
    wb.save(path)
    return path


def simple_pptx(path: Path) -> Path:
    from pptx import Presentation

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = f"Complaint from {PERSON}"
    slide.placeholders[1].text = EMAIL
    prs.save(path)
    return path


def _libreoffice_save_as(source: Path, target: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = libreoffice.soffice()
    assert program, "LibreOffice (soffice) is needed to make this input"
    with tempfile.TemporaryDirectory(prefix="make-input-") as profile:
        out = Path(profile) / "out"
        subprocess.run([program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", target, "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=120)
        made = folder / f"{source.stem}.{target}"
        made.write_bytes((out / f"{source.stem}.{target}").read_bytes())
    return made


def make_odt_with_macro(path: Path, marker: Path) -> Path:
    """An .odt whose OnLoad event runs a Basic macro that writes `marker`: the file must never appear."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">'
        '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script" '
        'script:event-name="dom:load" xlink:type="simple" '
        'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
        '</office:event-listeners></office:scripts>'
        '<office:body><office:text><text:p>Macro test document</text:p></office:text></office:body>'
        '</office:document-content>')
    entries = "".join(f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
                      for name in ("content.xml", "Basic/script-lc.xml", "Basic/Standard/script-lb.xml",
                                   "Basic/Standard/Module1.xml"))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="application/vnd.oasis.opendocument.text"/>{entries}</manifest:manifest>')
    libraries = ('<?xml version="1.0" encoding="UTF-8"?><library:libraries '
                 'xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">'
                 '<library:library library:name="Standard" library:link="false"/></library:libraries>')
    library = ('<?xml version="1.0" encoding="UTF-8"?><library:library '
               'xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
               'library:readonly="false" library:passwordprotected="false">'
               '<library:element library:name="Module1"/></library:library>')
    module = ('<?xml version="1.0" encoding="UTF-8"?><script:module xmlns:script="http://openoffice.org/2000/script" '
              'script:name="Module1" script:language="StarBasic">Sub Main\n'
              f'  Open "{marker}" For Output As #1\n  Print #1, "macro ran"\n  Close #1\nEnd Sub\n</script:module>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
        z.writestr("Basic/script-lc.xml", libraries)
        z.writestr("Basic/Standard/script-lb.xml", library)
        z.writestr("Basic/Standard/Module1.xml", module)
    return path
