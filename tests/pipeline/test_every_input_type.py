"""Issue 21, "Done when" first bullet: a folder with one file of every input type (made by the test suite
with python-docx, openpyxl, python-pptx, LibreOffice and Pillow), plus a PDF and a file redactor cannot open,
goes through `batch` and through `analyze`/`apply`. Every supported file is released with its personal data
withheld, the Office files with hidden content have it listed in their reports, and the unsupported file is
listed as skipped with its reason."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_pdf, page_text
from stubnlp import FIXTURE_PEOPLE, make_stub_nlp

TESTS = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(TESTS / "convert"), str(TESTS / "review")]
from inputs import EMAIL, PERSON, make_docx, make_every_input, make_xlsx  # noqa: E402
from review_helpers import decisions_from, write_json  # noqa: E402

import redactor.detect  # noqa: E402
from redactor import ocr  # noqa: E402
from redactor.cli import main  # noqa: E402
from redactor.office import SUFFIXES, libreoffice  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice (soffice) not installed"),
    pytest.mark.skipif(ocr.tesseract_problem() is not None, reason="needs Tesseract (the images are read by OCR)"),
]

assert PERSON in FIXTURE_PEOPLE, "the stub NLP must know the person every made input names"

# Every made file gets a name of its own (letter.doc and letter.docx would both release letter.redacted.pdf).
SUPPORTED = [*(f"every-{suffix[1:]}{suffix}" for suffix in SUFFIXES), "notice.pdf", "hidden-docx.docx",
             "hidden-xlsx.xlsx"]
HIDDEN = {  # the made file's hidden content: the kinds its report must list, the personal data held in it
    "hidden-docx.docx": ({"comments", "hidden-text formats", "tracked insertions", "tracked deletions"},
                         {"Bob Green", "Alice Brown", "Mary Jones", "Priya Patel"}),
    "hidden-xlsx.xlsx": ({"hidden sheet", "very hidden sheet", "hidden rows", "hidden columns", "cell comments"},
                         {"hidden.sheet@example.org", "very.hidden@example.org", "hidden.row@example.org",
                          "hidden.column@example.org", "Carol White"}),
}
UNSUPPORTED = "notes.zip"


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def _stem(name: str) -> str:
    return Path(name).stem


def _text(pdf: Path) -> str:
    """What a requester copying the text out of the release reads: pdftotext's and PyMuPDF's."""
    shown = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return shown + "\n" + page_text(pdf)


def _found(entries: list[dict]) -> set[str]:
    return {" ".join(e["text"].split()) for e in entries}


def _withheld(text: str) -> bool:
    flat = " ".join(text.split())
    return EMAIL not in flat and PERSON not in flat and "Whitfield" not in flat


@pytest.fixture(scope="module")
def stubbed():
    with pytest.MonkeyPatch.context() as mp:
        nlp = make_stub_nlp()
        mp.setattr(redactor.detect, "load_spacy", lambda model: nlp)
        yield nlp


@pytest.fixture(scope="module")
def in_dir(tmp_path_factory) -> Path:
    made_dir = tmp_path_factory.mktemp("made")
    folder = tmp_path_factory.mktemp("every") / "in"
    folder.mkdir()
    made = make_every_input(made_dir)
    assert set(made) == set(SUFFIXES), "make_every_input must make one file of every supported suffix"
    for suffix, path in made.items():
        shutil.copyfile(path, folder / f"every-{suffix[1:]}{suffix}")
    build_pdf(folder / "notice.pdf", [[f"Dear {PERSON},", f"Please write to {EMAIL}."]])
    hidden_docx = make_docx(folder / "hidden-docx.docx")
    import docx
    from openpyxl import load_workbook

    doc = docx.Document(hidden_docx)
    doc.add_paragraph(f"Visible: {PERSON} at {EMAIL}.")
    doc.save(hidden_docx)
    hidden_xlsx = make_xlsx(folder / "hidden-xlsx.xlsx")
    wb = load_workbook(hidden_xlsx)
    wb["Staff"].append([PERSON, "Clerk", EMAIL])
    wb.save(hidden_xlsx)
    (folder / UNSUPPORTED).write_bytes(b"PK\x03\x04 an archive redactor does not open")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*SUPPORTED, UNSUPPORTED])
    return folder


@pytest.fixture(scope="module")
def batch_out(in_dir, stubbed, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    _run("batch", in_dir, "--out", out, "--workers", "1", "-q")
    return out


@pytest.fixture(scope="module")
def batch_report(batch_out) -> dict:
    return json.loads((batch_out / "batch-report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SUPPORTED)
def test_batch_releases_every_input_type_with_its_personal_data_withheld(name, batch_out):
    released = batch_out / f"{_stem(name)}.redacted.pdf"
    assert released.exists(), f"{name}: no release in {sorted(p.name for p in batch_out.iterdir())}"
    assert _withheld(_text(released)), f"{name}: the name or email is readable in the release"
    report = json.loads((batch_out / f"{_stem(name)}.report.json").read_text(encoding="utf-8"))
    assert report["status"] == "released"
    assert {PERSON, EMAIL} <= _found(report["redactions"]), f"{name}: the name and email were not both withheld"


def test_batch_lists_the_unsupported_file_as_skipped_with_a_reason(batch_report):
    assert batch_report["summary"]["unsupported"] == 1
    entry, = batch_report["unsupported"]
    assert entry["path"] == UNSUPPORTED and "unsupported file type .zip" in entry["reason"]
    assert not batch_report.get("failed"), batch_report.get("failed")


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_batch_reports_hidden_office_content_and_withholds_it(name, batch_out):
    kinds, personal = HIDDEN[name]
    report = json.loads((batch_out / f"{_stem(name)}.report.json").read_text(encoding="utf-8"))
    assert kinds <= {entry["kind"] for entry in report["hidden_content"]}, report["hidden_content"]
    for entry in report["hidden_content"]:
        assert entry["where"] and entry["count"] >= 1 and entry["action"], entry
    assert personal <= _found(report["redactions"]), "the hidden content's personal data was not withheld"
    text = " ".join(_text(batch_out / f"{_stem(name)}.redacted.pdf").split())
    assert not [item for item in personal if item in text]


@pytest.fixture(scope="module")
def analysed(in_dir, stubbed, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("analyze") / "out"
    _run("analyze", *(in_dir / name for name in SUPPORTED), "--out", out, "-q")
    return out


@pytest.mark.parametrize("name", SUPPORTED)
def test_analyze_then_apply_releases_every_input_type_with_its_email_withheld(name, in_dir, analysed, stubbed,
                                                                               tmp_path):
    proposals = json.loads((analysed / f"{_stem(name)}.proposals.json").read_text(encoding="utf-8"))
    assert {PERSON, EMAIL} <= _found(proposals["proposals"]), f"{name}: the name and email were not both proposed"
    decisions = write_json(tmp_path / f"{_stem(name)}.decisions.json", decisions_from(proposals))
    out = tmp_path / "out"
    _run("apply", in_dir / name, "--decisions", decisions, "--out", out, "-q")
    released = out / f"{_stem(name)}.redacted.pdf"
    report = json.loads((out / f"{_stem(name)}.report.json").read_text(encoding="utf-8"))
    assert report["status"] == "released" and {PERSON, EMAIL} <= _found(report["redactions"])
    assert _withheld(_text(released)), f"{name}: the name or email is readable in the release"
