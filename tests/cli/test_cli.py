"""The CLI as a user runs it: exit codes for every kind of bad input, no traceback, no partial output,
and a batch of inputs that carries on past a bad file."""

from __future__ import annotations

from pathlib import Path

import click
import pymupdf
import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.errors import ExitCode

# CLI tests use the stub pipeline (tests/stubnlp.py); the real model is exercised in the slow tests.
pytestmark = pytest.mark.usefixtures("stub_model")


def _run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def _good(make_pdf, name="good.pdf") -> Path:
    return make_pdf(name, ["Contact Tom Whitfield on 01632 960123 about IC-304588-B6D4."])


def _encrypted(tmp_path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret Tom Whitfield")
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    return path


BAD_INPUTS = {
    "missing": (lambda tmp: tmp / "nope.pdf", ExitCode.INPUT_MISSING, "file not found"),
    "empty file": (lambda tmp: _write(tmp / "empty.pdf", b""), ExitCode.EMPTY, "empty file"),
    "not a pdf": (lambda tmp: _write(tmp / "page.pdf", b"<html><body>hi</body></html>"), ExitCode.NOT_A_PDF,
                  "not a PDF"),
    "corrupt": (lambda tmp: _write(tmp / "corrupt.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8), ExitCode.NOT_A_PDF,
                "corrupt PDF"),
    "zero pages": (lambda tmp: _write(tmp / "zero.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                                      b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
                   ExitCode.EMPTY, "no pages"),
    "encrypted": (_encrypted, ExitCode.ENCRYPTED, "encrypted"),
    "a directory": (lambda tmp: _mkdir(tmp / "folder.pdf"), ExitCode.INPUT_MISSING, "not a regular file"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_one_line_error_exit_code_no_output(case, tmp_path):
    make, code, reason = BAD_INPUTS[case]
    src = make(tmp_path)
    out = tmp_path / "out"
    result = _run("redact", src, "--out", out)
    assert result.exit_code == code, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert str(src) in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_batch_continues_past_bad_file_and_reports_first_failure(make_pdf, tmp_path):
    good1, good2 = _good(make_pdf, "a.pdf"), _good(make_pdf, "b.pdf")
    bad = _write(tmp_path / "bad.pdf", b"not a pdf")
    out = tmp_path / "out"
    result = _run("redact", good1, bad, good2, "--out", out)
    assert result.exit_code == ExitCode.NOT_A_PDF
    assert (out / "a.redacted.pdf").exists() and (out / "b.redacted.pdf").exists()
    assert not (out / "bad.redacted.pdf").exists()
    assert "a.pdf: 1 page(s)" in result.output


def test_success_prints_one_summary_line_per_document(make_pdf, tmp_path):
    result = _run("redact", _good(make_pdf), "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    summary = [ln for ln in result.output.splitlines() if "page(s)" in ln]
    assert len(summary) == 1
    assert "s40(2)" in summary[0] and "s31(1)(g)" in summary[0]


def test_inputs_with_the_same_name_are_refused(make_pdf, tmp_path):
    a = _good(make_pdf, "x.pdf")
    (tmp_path / "sub").mkdir()
    b = _write(tmp_path / "sub" / "x.pdf", a.read_bytes())
    result = _run("redact", a, b, "--out", tmp_path / "out")
    assert result.exit_code == ExitCode.CONFIG_ERROR
    assert "overwrite" in result.output


def test_unknown_profile_is_a_config_error(make_pdf, tmp_path):
    result = _run("redact", _good(make_pdf), "--out", tmp_path / "out", "--profile", "nope")
    assert result.exit_code == ExitCode.CONFIG_ERROR
    assert "unknown profile 'nope'" in result.output


def test_bad_config_names_the_key(make_pdf, tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("score_threshold: 7\n")
    result = _run("redact", _good(make_pdf), "--out", tmp_path / "out", "--config", cfg)
    assert result.exit_code == ExitCode.CONFIG_ERROR
    assert "score_threshold" in result.output and str(cfg) in result.output


def test_extra_regex_from_config_redacts(make_pdf, tmp_path):
    cfg = tmp_path / "extra.yaml"
    cfg.write_text(
        "extra:\n  - name: codename\n    entity_type: CASE_REFERENCE\n    regex: '\\bPROJECT-[A-Z]{4}\\b'\n"
        "    score: 0.9\n    case_sensitive: true\n"
    )
    src = make_pdf("code.pdf", ["Operation PROJECT-KITE is ongoing."])
    out = tmp_path / "out"
    result = _run("redact", src, "--out", out, "--config", cfg)
    assert result.exit_code == 0, result.output
    with pymupdf.open(out / "code.redacted.pdf") as doc:
        assert "PROJECT-KITE" not in doc[0].get_text()


def test_profiles_lists_default_profile():
    result = _run("profiles")
    assert result.exit_code == 0
    assert "uk-foia" in result.output and "s40(2)" in result.output


def test_profiles_show_prints_mapping():
    result = _run("profiles", "show", "uk-foia")
    assert result.exit_code == 0
    assert "IP_ADDRESS" in result.output and "s31(1)(a)" in result.output


def test_verify_command_clean_and_leak(make_pdf, tmp_path):
    src = _good(make_pdf)
    out = tmp_path / "out"
    assert _run("redact", src, "--out", out).exit_code == 0
    ok = _run("verify", out / "good.redacted.pdf", "--report", out / "good.report.json")
    assert ok.exit_code == 0, ok.output
    # the unredacted original checked against the same report: every withheld item is a leak
    leak = _run("verify", src, "--report", out / "good.report.json")
    assert leak.exit_code == ExitCode.VERIFICATION_FAILED
    assert "LEAK" in leak.output and "Whitfield" in leak.output


def _all_commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _all_commands(cmd, (*prefix, name))


def test_every_command_and_option_has_help_text():
    for path, cmd in _all_commands(main):
        assert cmd.help, f"command {' '.join(path)} has no help"
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"option {param.name} of {' '.join(path)} has no help"


def test_batch_timeout_reaches_the_office_conversion(monkeypatch, tmp_path):
    """batch --timeout T: an Office conversion may take 0.8 T (office.convert_file's own limit stops
    LibreOffice cleanly and fails the document as TIMEOUT before the worker itself is killed)."""
    import redactor.batch
    from redactor.batch import BatchResult
    from redactor.cli.batch import CONVERT_SHARE

    seen = {}

    def fake_run_batch(config, progress=None):
        seen["convert_timeout"] = config.options.convert_timeout
        return BatchResult(config.in_dir, config.out_dir, documents=1)

    monkeypatch.setattr(redactor.batch, "run_batch", fake_run_batch)
    result = _run("batch", tmp_path, "--out", tmp_path / "out", "--timeout", "50", "-q")
    assert result.exit_code == 0, result.output
    assert seen["convert_timeout"] == pytest.approx(CONVERT_SHARE * 50) == pytest.approx(40)


def test_open_document_passes_the_timeout_to_office(monkeypatch, tmp_path):
    from redactor import office
    from redactor.pipeline import open_document

    calls = []

    def fake_convert(path, *, timeout):
        calls.append(timeout)
        raise office.ConversionTimeout("stop here", path)

    monkeypatch.setattr(office, "convert_file", fake_convert)
    docx = _write(tmp_path / "letter.docx", b"PK")
    for given, expected in ((40.0, 40.0), (None, office.DEFAULT_TIMEOUT)):
        with pytest.raises(office.ConversionTimeout):
            open_document(docx, None, given)
        assert calls.pop() == expected
