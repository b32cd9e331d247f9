"""redactor.pdf.files: the one atomic writer and the one place NAME.* outputs are named (issue 20)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from redactor.pdf.files import (
    OutputNames,
    sha256_file,
    temp_path,
    write_atomic,
    write_json_atomic,
    write_text_atomic,
)


def test_temporaries_are_unique_beside_the_target_and_named_for_the_batch_sweep(tmp_path):
    target = tmp_path / "a.report.json"
    first, second = temp_path(target), temp_path(target)
    assert first != second and first.parent == second.parent == tmp_path
    assert first.name.startswith(".a.report.json.") and first.name.endswith(".partial")
    assert first.match(".*.partial") and first.match(OutputNames.for_source(Path("a.pdf"), tmp_path).partial_glob)


def test_a_write_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    write_json_atomic(target, {"name": "Zoë"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"name": "Zoë"}
    assert target.read_text(encoding="utf-8").endswith("}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def half(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, half)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_written_files_get_the_usual_permissions(tmp_path):
    """mkstemp makes owner-only files; a release is as readable as any other file the user writes."""
    path = write_text_atomic(tmp_path / "a.schedule.csv", "x\n")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_sha256_file(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(b"abc")
    assert sha256_file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_output_names():
    names = OutputNames.for_source(Path("in/letter.eml"), Path("out"))
    assert names.released == Path("out/letter.redacted.pdf")
    assert names.report == Path("out/letter.report.json")
    assert names.certificate == Path("out/letter.certificate.json")
    assert (names.proposals, names.review_page, names.decisions) == (
        Path("out/letter.proposals.json"), Path("out/letter.review.html"), Path("out/letter.decisions.json"))
    assert names.review_copy == Path("out/letter.REVIEW-COPY-NOT-FOR-RELEASE.pdf")
    assert (names.schedule_csv, names.schedule_html) == (Path("out/letter.schedule.csv"), Path("out/letter.schedule.html"))
    assert names.attachment(2, "cv", ".pdf") == "letter.attachment-2-cv.pdf"
    assert names.attachment(1, "", ".txt") == "letter.attachment-1.txt"
    assert OutputNames.for_release(names.released) == names
    assert OutputNames.for_report(names.report) == names
