"""Issue 5, item 5/6: `verify` catches what the naive path leaves, independent of the report where it can,
and the CLI keeps its exit-code contract (0 clean, 7 leak, one line per finding)."""

from __future__ import annotations

import json

import pymupdf
import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.model import Withheld
from redactor.pdf.visibility import covered_text
from redactor.verify import verify_document
from tests.redteam.builders import SECRET, annot_contents, build, info_metadata, line_pdf, outline


def _naive(src, dst, needle):
    """search_for -> add_redact_annot -> apply_redactions -> plain save: what most scripts do."""
    with pymupdf.open(src) as doc:
        for page in doc:
            for rect in page.search_for(needle):
                page.add_redact_annot(rect, fill=(0, 0, 0))
            page.apply_redactions()
        doc.save(dst)
    return dst


def _plant_everywhere(doc, page):
    page.insert_text((72, 100), f"Contact {SECRET} today.", fontname="helv", fontsize=11)
    for plant in (info_metadata, annot_contents, outline):
        plant(doc, page)


def test_naive_redaction_leaks_found_by_verify(tmp_path):
    src = build(tmp_path / "src.pdf", _plant_everywhere)
    out = _naive(src, tmp_path / "naive.pdf", SECRET)
    with pymupdf.open(out) as doc:
        assert SECRET not in doc[0].get_text()  # the page looks redacted ...
    result = verify_document(out, [Withheld("p1-0001", 0, SECRET, (), "s40(2)")])
    channels = {leak.channel for leak in result.leaks}
    assert {"metadata", "annotation", "outline"} <= channels, channels  # ... the file is not


def test_redactor_release_of_same_file_is_clean(tmp_path, redact):
    src = build(tmp_path / "src.pdf", _plant_everywhere)
    result, report = redact(src)
    assert result.ok, report and report["verification"]["leaks"]
    assert report["verification"]["ok"]


def test_covered_not_removed_flagged_without_report(tmp_path):
    src = line_pdf(tmp_path / "covered.pdf", ["Dear Mr Whitfield, hello."])
    with pymupdf.open(src) as doc:
        page = doc[0]
        page.draw_rect(page.search_for("Whitfield")[0], color=None, fill=(0, 0, 0))  # cosmetic "redaction"
        doc.save(tmp_path / "drawn.pdf")
    result = verify_document(tmp_path / "drawn.pdf", [])
    assert [leak for leak in result.leaks if leak.channel == "covered-text" and "Whitfield" in leak.detail]


def test_own_labels_are_not_covered_text(tmp_path, redact):
    src = line_pdf(tmp_path / "labels.pdf", ["Dear Mr Whitfield, see IC-123456-ABCD and HB3 7LX."])
    result, report = redact(src)
    assert result.ok
    with pymupdf.open(result.output) as doc:
        assert covered_text(doc[0]) == []


@pytest.mark.parametrize("planted", [True, False])
def test_verify_cli_exit_codes(tmp_path, redact, planted):
    src = build(tmp_path / "src.pdf", _plant_everywhere)
    result, report = redact(src)
    released = result.output
    report_path = result.report
    if planted:  # tamper: put the withheld address back into the metadata of the released file
        with pymupdf.open(released) as doc:
            doc.set_metadata({"author": SECRET})
            doc.save(tmp_path / "tampered.pdf")
        released = tmp_path / "tampered.pdf"
    run = CliRunner().invoke(main, ["verify", str(released), "--report", str(report_path)])
    if planted:
        assert run.exit_code == 7, run.output
        assert "LEAK metadata" in run.output
    else:
        assert run.exit_code == 0, run.output
        assert "clean" in run.output
    assert json.loads(report_path.read_text())["channel_redactions"]


def test_failed_verification_is_not_released(tmp_path, detector, monkeypatch):
    """redact runs verify on every output; a leak means no file under the release name."""
    from redactor import harden as harden_module
    from redactor import pipeline
    from redactor.config.run import RunOptions

    src = build(tmp_path / "src.pdf", info_metadata)
    monkeypatch.setattr(pipeline.release, "harden", lambda doc, *a, **k: harden_module.HardenResult())  # hardening off
    result = pipeline.redact_file(src, RunOptions.build(tmp_path / "out"), detector)
    assert result.error is not None and int(result.error.exit_code) == 7
    assert not (tmp_path / "out" / "src.redacted.pdf").exists()


@pytest.mark.slow
def test_samples_release_and_verify_with_real_model(tmp_path):
    """The real model: every sample is released by the pipeline, and `redactor verify` agrees it is clean."""
    from pathlib import Path

    from redactor.config.run import RunOptions
    from redactor.detect import Detector
    from redactor.pipeline import redact_file

    options = RunOptions.build(tmp_path)
    detector = Detector(options.settings)
    for sample in sorted(Path("sample_docs").glob("*.pdf")):
        result = redact_file(sample, options, detector)
        assert result.ok, result.error
        check = CliRunner().invoke(main, ["verify", str(result.output), "--report", str(result.report)])
        assert check.exit_code == 0, check.output
