"""Reproducible releases and release certificates (defensible months later)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.errors import ExitCode

pytestmark = pytest.mark.usefixtures("stub_model")  # the stub pipeline of tests/stubnlp.py


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def source(make_pdf):
    return make_pdf("notice.pdf", ["Officer Tom Whitfield handled IC-304588-B6D4 from 10.20.4.17."],
                    ["Second page: Adaeze Okonkwo, 01632 960123."])


def _without_run(report_path):
    report = json.loads(report_path.read_text())
    run = report.pop("run")
    return report, run


def test_same_input_and_rules_give_identical_bytes(source, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert _run("redact", source, "--out", a).exit_code == 0
    assert _run("redact", source, "--out", b, "--user", "someone else").exit_code == 0
    assert (a / "notice.redacted.pdf").read_bytes() == (b / "notice.redacted.pdf").read_bytes()
    report_a, run_a = _without_run(a / "notice.report.json")
    report_b, run_b = _without_run(b / "notice.report.json")
    assert report_a == report_b
    assert run_b["user"] == "someone else" and run_a["source"].endswith("notice.pdf")


def test_input_file_order_does_not_matter(make_pdf, tmp_path):
    x = make_pdf("x.pdf", ["Tom Whitfield wrote."])
    y = make_pdf("y.pdf", ["Adaeze Okonkwo replied."])
    assert _run("redact", x, y, "--out", tmp_path / "one").exit_code == 0
    assert _run("redact", y, x, "--out", tmp_path / "two").exit_code == 0
    for name in ("x", "y"):
        assert (tmp_path / "one" / f"{name}.redacted.pdf").read_bytes() == \
               (tmp_path / "two" / f"{name}.redacted.pdf").read_bytes()


def test_certificate_contents(source, tmp_path):
    out = tmp_path / "out"
    assert _run("redact", source, "--out", out, "--user", "A. Officer").exit_code == 0
    cert = json.loads((out / "notice.certificate.json").read_text())
    report = json.loads((out / "notice.report.json").read_text())
    assert cert["input"]["sha256"] == report["source"]["sha256"]
    assert cert["output"]["sha256"] == report["output"]["sha256"]
    assert cert["issued"]["by"] == "A. Officer" and cert["issued"]["at"]
    assert cert["verification"]["ok"] is True and "streams" in cert["verification"]["channels"]
    assert cert["counts"]["by_exemption"]["s40(2)"] >= 2
    assert {"pymupdf", "mupdf", "spacy", "spacy_model", "presidio_analyzer", "redactor"} <= set(cert["versions"])
    names = {p["path"].rsplit("/", 1)[-1] for p in cert["config_files"]}
    assert {"recognizers.yaml", "uk-foia.yaml"} <= names
    assert len(cert["rules_sha256"]) == 64


def test_certify_check_passes_on_untouched_release(source, tmp_path):
    out = tmp_path / "out"
    _run("redact", source, "--out", out)
    result = _run("certify-check", out / "notice.redacted.pdf", out / "notice.certificate.json", "--source", source)
    assert result.exit_code == 0, result.output
    assert "matches its certificate" in result.output


def test_certify_check_detects_a_changed_release(source, tmp_path):
    out = tmp_path / "out"
    _run("redact", source, "--out", out)
    pdf = out / "notice.redacted.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% appended\n")
    result = _run("certify-check", pdf, out / "notice.certificate.json")
    assert result.exit_code == ExitCode.CERTIFICATE_MISMATCH
    assert "MISMATCH" in result.output and "changed" in result.output


def test_certify_check_detects_a_swapped_input(source, make_pdf, tmp_path):
    out = tmp_path / "out"
    _run("redact", source, "--out", out)
    other = make_pdf("other.pdf", ["Something else"])
    result = _run("certify-check", out / "notice.redacted.pdf", out / "notice.certificate.json", "--source", other)
    assert result.exit_code == ExitCode.CERTIFICATE_MISMATCH


def test_certify_check_detects_a_changed_config(source, tmp_path):
    cfg = tmp_path / "settings.yaml"
    cfg.write_text("score_threshold: 0.4\n")
    out = tmp_path / "out"
    assert _run("redact", source, "--out", out, "--config", cfg).exit_code == 0
    cfg.write_text("score_threshold: 0.9\n")
    result = _run("certify-check", out / "notice.redacted.pdf", out / "notice.certificate.json")
    assert result.exit_code == ExitCode.CERTIFICATE_MISMATCH
    assert "settings.yaml has changed" in result.output


def test_certify_check_catches_an_unredacted_file_under_the_release_name(source, tmp_path):
    """Someone copies the original over the release and edits the certificate hash to match."""
    out = tmp_path / "out"
    _run("redact", source, "--out", out)
    released = out / "notice.redacted.pdf"
    shutil.copy(source, released)
    cert_path = out / "notice.certificate.json"
    cert = json.loads(cert_path.read_text())
    from redactor.pdf.files import sha256_file

    cert["output"]["sha256"] = sha256_file(released)
    cert_path.write_text(json.dumps(cert))
    result = _run("certify-check", released, cert_path)
    assert result.exit_code == ExitCode.CERTIFICATE_MISMATCH
    assert "verification" in result.output


def test_certify_check_bad_certificate_file(tmp_path, source):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = _run("certify-check", source, bad)
    assert result.exit_code == ExitCode.CONFIG_ERROR  # as a bad report is to verify and report (issue 21)
    assert "not a redactor certificate" in result.output


def test_no_certificate_for_a_failed_release(source, tmp_path, monkeypatch):
    from redactor import pipeline

    monkeypatch.setattr(pipeline.release, "redact_document", lambda doc, decisions, *a, **k: (decisions, {}))
    out = tmp_path / "out"
    result = _run("redact", source, "--out", out)
    assert result.exit_code == ExitCode.VERIFICATION_FAILED
    assert not (out / "notice.certificate.json").exists()
