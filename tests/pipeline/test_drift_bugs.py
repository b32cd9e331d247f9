"""The five user-visible bugs of issue 20, each from the four copies of the document flow (redact,
analyze, apply, batch) drifting apart. Each test failed before the flows became one process_document."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from conftest import build_pdf, page_text

import redactor.batch
from redactor.cli import main
from redactor.errors import ExitCode

# The CLI, and batch workers (forked: they inherit the patch), build their detector on the stub pipeline.
pytestmark = pytest.mark.usefixtures("stub_model")


@pytest.fixture(autouse=True)
def _fresh_batch_detectors():
    redactor.batch.tasks._detectors.clear()
    yield
    redactor.batch.tasks._detectors.clear()


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _encrypted(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 90), "Contact Tom Whitfield on 01632 960123.", fontsize=11)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    doc.close()
    return path


def _eml(tmp_path: Path, attachments=()) -> Path:
    msg = EmailMessage()
    msg["From"] = "Tom Whitfield <tom.whitfield@harbourside.gov.uk>"
    msg["To"] = "FOI Team <foi@harbourside.gov.uk>"
    msg["Date"] = "Tue, 30 Apr 2024 09:41:00 +0100"
    msg["Subject"] = "incident summary"
    msg.set_content("Hi team,\n\nThe summary is attached; see the report.\n\nTom Whitfield\n")
    for filename, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    path = tmp_path / "thread.eml"
    path.write_bytes(msg.as_bytes())
    return path


def _accept_all(proposals_path: Path, decisions_path: Path) -> Path:
    """The decisions file the review page exports when a reviewer accepts every proposal."""
    proposals = json.loads(proposals_path.read_text(encoding="utf-8"))
    signed = {"decision": "accepted", "reviewer": "Jane Reviewer", "decided_at": "2026-01-01T10:00:00Z"}
    decisions = {"format": "redactor.decisions/1", "source": proposals["source"], "profile": proposals["profile"],
                 "reviewer": "Jane Reviewer", "exported_at": "2026-01-01T10:05:00Z",
                 "proposals": [{**p, **signed} for p in proposals["proposals"]], "manual": []}
    decisions_path.write_text(json.dumps(decisions), encoding="utf-8")
    return decisions_path


# --- a. --password in every command that opens a document -----------------------------------------------


@pytest.mark.parametrize("how", ["--password", "--password-file"])
def test_password_opens_encrypted_input_in_redact_analyze_apply_and_batch(tmp_path, how):
    src = _encrypted(tmp_path / "locked.pdf")
    secret = tmp_path / "pw.txt"
    secret.write_text("u\n")
    pw = ["--password", "u"] if how == "--password" else ["--password-file", secret]

    redacted = _run("redact", src, "--out", tmp_path / "r", *pw)
    assert redacted.exit_code == 0, redacted.output

    analysed = _run("analyze", src, "--out", tmp_path / "a", *pw)
    assert analysed.exit_code == 0, analysed.output
    decisions = _accept_all(tmp_path / "a" / "locked.proposals.json", tmp_path / "locked.decisions.json")

    applied = _run("apply", src, "--decisions", decisions, "--out", tmp_path / "ap", *pw)
    assert applied.exit_code == 0, applied.output
    assert "Whitfield" not in page_text(tmp_path / "ap" / "locked.redacted.pdf")

    in_dir = tmp_path / "in"
    in_dir.mkdir()
    _encrypted(in_dir / "locked.pdf")
    batch = _run("batch", in_dir, "--out", tmp_path / "b", "--workers", "1", "-q", *pw)
    assert batch.exit_code == 0, batch.output
    assert (tmp_path / "b" / "locked.redacted.pdf").exists()


def test_without_the_password_every_command_says_encrypted(tmp_path):
    src = _encrypted(tmp_path / "locked.pdf")
    for args in (("redact", src, "--out", tmp_path / "r"), ("analyze", src, "--out", tmp_path / "a")):
        result = _run(*args)
        assert result.exit_code == ExitCode.ENCRYPTED and "encrypted" in result.output, result.output


# --- b. every release made by apply passes certify-check -------------------------------------------------


def test_apply_release_passes_certify_check(tmp_path, make_pdf):
    src = make_pdf("notice.pdf", ["Contact Tom Whitfield on 01632 960123."])
    assert _run("analyze", src, "--out", tmp_path / "a").exit_code == 0
    decisions = _accept_all(tmp_path / "a" / "notice.proposals.json", tmp_path / "notice.decisions.json")
    out = tmp_path / "released"
    assert _run("apply", src, "--decisions", decisions, "--out", out).exit_code == 0
    report = json.loads((out / "notice.report.json").read_text(encoding="utf-8"))
    assert report["review"]["decisions_file"] == str(decisions)  # the review data is in the hashed report

    check = _run("certify-check", out / "notice.redacted.pdf", out / "notice.certificate.json", "--source", src)
    assert check.exit_code == 0, check.output
    assert "MISMATCH" not in check.output


# --- c. apply on an email processes its attachments --------------------------------------------------------


def _eml_with_pdf(tmp_path: Path) -> Path:
    inner = build_pdf(tmp_path / "summary.pdf", [["Incident summary", "Reported by Adaeze Okonkwo"]])
    return _eml(tmp_path, attachments=[("summary.pdf", "application/pdf", inner.read_bytes())])


def test_apply_on_an_email_releases_its_reviewed_attachment(tmp_path):
    eml = _eml_with_pdf(tmp_path)
    analysed = _run("analyze", eml, "--out", tmp_path / "a")
    assert analysed.exit_code == 0, analysed.output
    child_proposals = tmp_path / "a" / "thread.attachment-1-summary.proposals.json"
    assert child_proposals.exists(), "analyze proposes for the attachment too"
    decisions = _accept_all(tmp_path / "a" / "thread.proposals.json", tmp_path / "thread.decisions.json")
    _accept_all(child_proposals, tmp_path / "thread.attachment-1-summary.decisions.json")

    out = tmp_path / "released"
    applied = _run("apply", eml, "--decisions", decisions, "--out", out)
    assert applied.exit_code == 0, applied.output
    entry, = json.loads((out / "thread.report.json").read_text(encoding="utf-8"))["attachments"]
    assert entry["action"] == "redacted" and entry["output"] == "thread.attachment-1-summary.redacted.pdf"
    child = out / entry["output"]
    assert "Okonkwo" not in page_text(child) and "Incident summary" in page_text(child)
    child_report = json.loads((out / entry["report"]).read_text(encoding="utf-8"))
    assert child_report["review"]["decisions_file"].endswith("thread.attachment-1-summary.decisions.json")


def test_apply_on_an_email_without_the_attachments_decisions_lists_and_warns(tmp_path):
    eml = _eml_with_pdf(tmp_path)
    assert _run("analyze", eml, "--out", tmp_path / "a").exit_code == 0
    decisions = _accept_all(tmp_path / "a" / "thread.proposals.json", tmp_path / "thread.decisions.json")
    out = tmp_path / "released"
    applied = _run("apply", eml, "--decisions", decisions, "--out", out)
    assert applied.exit_code == 0, applied.output
    report = json.loads((out / "thread.report.json").read_text(encoding="utf-8"))
    entry, = report["attachments"]
    assert entry["action"] == "withheld" and "decisions" in entry["note"]
    assert any("attachment 1" in w for w in report["warnings"])
    assert "attachment 1" in applied.output
    assert not list(out.glob("*attachment*"))


# --- d. a schedule that cannot be written, for an email attachment ----------------------------------------


def test_unwritable_attachment_schedule_is_one_line_and_a_documented_exit_code(tmp_path):
    eml = _eml_with_pdf(tmp_path)
    out = tmp_path / "out"
    (out / "thread.attachment-1-summary.schedule.csv").mkdir(parents=True)  # the schedule cannot be written
    result = _run("redact", eml, "--out", out, "-q")
    assert "Traceback" not in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "schedule not written" in errors[0], result.output
    assert result.exit_code == ExitCode.SCHEDULE_NOT_WRITTEN
    assert (out / "thread.attachment-1-summary.redacted.pdf").exists(), "the release itself stands"


def test_unwritable_schedule_after_apply_is_one_line_not_an_internal_error(tmp_path, make_pdf):
    src = make_pdf("notice.pdf", ["Contact Tom Whitfield on 01632 960123."])
    assert _run("analyze", src, "--out", tmp_path / "a").exit_code == 0
    decisions = _accept_all(tmp_path / "a" / "notice.proposals.json", tmp_path / "notice.decisions.json")
    out = tmp_path / "released"
    (out / "notice.schedule.csv").mkdir(parents=True)
    result = _run("apply", src, "--decisions", decisions, "--out", out)
    assert "Traceback" not in result.output and "unexpected" not in result.output, result.output
    assert result.exit_code == ExitCode.SCHEDULE_NOT_WRITTEN
    assert (out / "notice.redacted.pdf").exists()


# --- e. certify-check: one verdict per check ---------------------------------------------------------------


def test_certify_check_gives_one_verdict_per_check(tmp_path, make_pdf):
    src = make_pdf("notice.pdf", ["Contact Tom Whitfield on 01632 960123."])
    out = tmp_path / "out"
    assert _run("redact", src, "--out", out).exit_code == 0
    report = out / "notice.report.json"
    report.write_text(report.read_text(encoding="utf-8") + " ", encoding="utf-8")
    other = make_pdf("other.pdf", ["Something else."])
    result = _run("certify-check", out / "notice.redacted.pdf", out / "notice.certificate.json", "--source", other)
    assert result.exit_code == ExitCode.CERTIFICATE_MISMATCH
    lines = result.output.splitlines()
    for check in ("report sha256", "input sha256"):
        verdicts = [ln for ln in lines if check in ln]
        assert len(verdicts) == 1 and verdicts[0].startswith("MISMATCH"), (check, result.output)
    assert any(ln.startswith("ok") and "output sha256" in ln for ln in lines)


def test_the_batch_config_hash_never_depends_on_the_password(tmp_path):
    """Now that a batch uses --password, the password must not reach the ledger and batch report, not even
    hashed with the rest of the configuration (a weak password is found from its hash by trying)."""
    import dataclasses

    from redactor.batch import config_hash
    from redactor.config.run import RunOptions

    options = RunOptions.build(tmp_path / "out")
    assert config_hash(dataclasses.replace(options, password="hunter2")) == config_hash(options)
