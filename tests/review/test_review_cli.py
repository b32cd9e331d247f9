"""The review commands as a user runs them (CliRunner, stub spaCy model), and the disclosure schedule."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from review_helpers import by_text, decisions_from, make_review_pdf, write_json

from redactor.cli import main
from redactor.errors import ExitCode
from redactor.report import load_report
from redactor.report.schedule import ScheduleEntry, entries_from_report, write_schedule

pytestmark = pytest.mark.usefixtures("stub_model")  # the stub pipeline of tests/stubnlp.py


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _analysed(tmp_path):
    src = make_review_pdf(tmp_path / "notice.pdf")
    out = tmp_path / "out"
    result = _run("analyze", src, "--out", out, "--review-copy")
    assert result.exit_code == 0, result.output
    return src, out, json.loads((out / "notice.proposals.json").read_text())


def test_analyze_then_apply_then_report(tmp_path):
    src, out, proposals = _analysed(tmp_path)
    assert (out / "notice.review.html").exists() and (out / "notice.REVIEW-COPY-NOT-FOR-RELEASE.pdf").exists()
    assert not (out / "notice.redacted.pdf").exists(), "analyze releases nothing"
    phone = by_text(proposals, "01632 960123")
    decisions = write_json(tmp_path / "notice.decisions.json", decisions_from(
        proposals, decide=lambda p: {"decision": "rejected", "reason": "published"} if p["id"] == phone["id"] else None))
    released = tmp_path / "released"
    result = _run("apply", src, "--decisions", decisions, "--out", released)
    assert result.exit_code == 0, result.output
    assert "1 rejected" in result.output
    for name in ("notice.redacted.pdf", "notice.report.json", "notice.schedule.csv", "notice.schedule.html"):
        assert (released / name).exists(), name
    assert not list(released.glob("*REVIEW-COPY*")), "no review copy unless asked for"

    summary = _run("report", released / "notice.report.json", "--lowest", "2")
    assert summary.exit_code == 0, summary.output
    assert "by exemption" in summary.output and "s40(2)" in summary.output and "PERSON" in summary.output
    assert "lowest-score" in summary.output and "rejected (released)" in summary.output
    assert "published" in summary.output and "Jane Reviewer" in summary.output


def test_apply_with_the_wrong_pdf_is_a_config_error(tmp_path, make_pdf):
    src, out, proposals = _analysed(tmp_path)
    decisions = write_json(tmp_path / "d.json", decisions_from(proposals))
    other = make_pdf("notice2.pdf", ["Contact Tom Whitfield."])
    result = _run("apply", other, "--decisions", decisions, "--out", tmp_path / "rel")
    assert result.exit_code == ExitCode.CONFIG_ERROR
    assert "not this file" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "rel" / "notice2.redacted.pdf").exists()


def test_apply_with_a_broken_decisions_file(tmp_path):
    src = make_review_pdf(tmp_path / "notice.pdf")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = _run("apply", src, "--decisions", bad, "--out", tmp_path / "rel")
    assert result.exit_code == ExitCode.CONFIG_ERROR and "not a redactor decisions file" in result.output


def test_report_command_on_a_non_report(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[]")
    result = _run("report", path)
    assert result.exit_code == ExitCode.CONFIG_ERROR and "not a redactor report" in result.output


def test_redact_writes_the_schedule_without_the_withheld_text(tmp_path):
    src = make_review_pdf(tmp_path / "notice.pdf")
    out = tmp_path / "out"
    assert _run("redact", src, "--out", out).exit_code == 0
    rows = list(csv.DictReader((out / "notice.schedule.csv").open(encoding="utf-8")))
    assert {r["exemption"] for r in rows} >= {"s40(2)", "s31(1)(a)", "s31(1)(g)"}
    assert all(r["document"] == "notice.redacted.pdf" for r in rows)
    qualified = [r for r in rows if r["type"] == "qualified"]
    assert qualified and all(r["public_interest"] for r in qualified), "profile's public interest reasoning"
    text = (out / "notice.schedule.csv").read_text() + (out / "notice.schedule.html").read_text()
    for withheld in ("Whitfield", "01632 960123", "IC-304588-B6D4", "192.168.10.4"):
        assert withheld not in text


def test_batch_schedule_across_documents(tmp_path, make_pdf):
    out = tmp_path / "out"
    a = make_pdf("a.pdf", ["Contact Tom Whitfield on 01632 960123."])
    b = make_pdf("b.pdf", ["Case IC-304588-B6D4 from 192.168.10.4."])
    assert _run("redact", a, b, "--out", out).exit_code == 0
    entries = [e for name in ("a", "b") for e in entries_from_report(load_report(out / f"{name}.report.json"))]
    csv_path, html_path = write_schedule(entries, out / "batch")
    assert csv_path.name == "batch.schedule.csv" and html_path.name == "batch.schedule.html"
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert {r["document"] for r in rows} == {"a.redacted.pdf", "b.redacted.pdf"}
    assert sum(int(r["count"]) for r in rows) == sum(e.count for e in entries)


def test_schedule_never_shows_a_justification_quoting_withheld_text():
    """Issue 19: the quote is replaced by the exemption code and a warning is given; the schedule is written."""
    report = {"profile": "uk-foia", "source": {"path": "x.pdf"}, "output": {"path": "x.redacted.pdf"},
              "redactions": [{"id": "p1-0001", "page": 1, "text": "Tom Whitfield", "exemption": "s40(2)",
                              "exemptions": ["s40(2)"], "exemption_title": "t", "exemption_type": "absolute",
                              "justification": "Tom Whitfield's mobile number"}]}
    warnings: list[str] = []
    [entry] = entries_from_report(report, warnings=warnings)
    assert entry.justification == "[s40(2)]'s mobile number"
    assert warnings and "quotes withheld text" in warnings[0]


def test_schedule_cells_cannot_be_spreadsheet_formulas(tmp_path):
    entry = ScheduleEntry("x.pdf", 1, "s40(2)", "t", "absolute", 1, "=HYPERLINK(\"http://x\")", "")
    csv_path, html_path = write_schedule([entry], tmp_path / "x")
    assert "'=HYPERLINK" in csv_path.read_text()
    assert "&quot;" in html_path.read_text() or "&#x27;" in html_path.read_text()


@pytest.mark.parametrize(("flag", "recorded"), [(("--user", "Sam Senior"), "Sam Senior"), ((), "Jane Reviewer")])
def test_apply_records_the_reviewer_in_report_and_certificate(tmp_path, flag, recorded):
    src, _, proposals = _analysed(tmp_path)
    decisions = write_json(tmp_path / "notice.decisions.json", decisions_from(proposals))  # reviewer Jane Reviewer
    released = tmp_path / "released"
    result = _run("apply", src, "--decisions", decisions, "--out", released, *flag)
    assert result.exit_code == 0, result.output
    assert load_report(released / "notice.report.json")["run"]["user"] == recorded
    [certificate] = released.glob("*certificate*")
    assert json.loads(certificate.read_text())["issued"]["by"] == recorded
