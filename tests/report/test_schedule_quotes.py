"""Issue 19, item 4: the disclosure schedule never fails a release. The profile's own wording is never
taken for a quote (it was written before any document was seen), and a reviewer's wording that does quote
withheld text is written with the quote replaced by the exemption code, with a warning."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.config.profiles import load_profile
from redactor.report.schedule import entries_from_report

PROFILE = load_profile("uk-foia")


def _entry(i: int, text: str, code: str = "s40(2)", **extra) -> dict:
    e = PROFILE.exemptions[code]
    entry = {"id": f"p1-{i:04d}", "page": 1, "text": text, "exemption": code, "exemptions": [code],
             "exemption_title": e.title, "exemption_type": e.type, "justification": e.justification}
    if e.public_interest:
        entry["public_interest"] = e.public_interest
    entry.update(extra)
    return entry


def _report(*entries: dict) -> dict:
    return {"profile": "uk-foia", "source": {"path": "x.pdf"}, "output": {"path": "x.redacted.pdf"},
            "redactions": list(entries)}


def test_profile_wording_sharing_a_word_with_an_over_redaction_is_not_a_quote():
    """'Requester' over-redacted; the profile's s40(1) text says "The requester's own personal data"."""
    report = _report(_entry(1, "Requester", "s40(1)"), _entry(2, "Tom Whitfield"))
    warnings: list[str] = []
    entries = entries_from_report(report, warnings=warnings)
    assert warnings == []
    assert {e.justification for e in entries} == {PROFILE.exemptions["s40(1)"].justification,
                                                  PROFILE.exemptions["s40(2)"].justification}


def test_public_interest_of_the_profile_is_not_a_quote():
    report = _report(_entry(1, "Public Interest", "s31(1)(a)"), _entry(2, "Transparency", "s24(1)"))
    warnings: list[str] = []
    entries = entries_from_report(report, warnings=warnings)
    assert warnings == [] and all(e.public_interest for e in entries)


@pytest.mark.parametrize("wording", ["Tom Whitfield's mobile number", "TOM  WHITFIELD's mobile number",
                                     "Tom Whit-\nfield's mobile number"])
def test_reviewer_wording_that_quotes_is_written_with_the_code(wording):
    report = _report(_entry(1, "Tom Whitfield", justification=wording, decision="accepted", reviewer="ann",
                            decided_at="2026-01-01T00:00:00Z"))
    warnings: list[str] = []
    [entry] = entries_from_report(report, warnings=warnings)
    assert "whitfield" not in entry.justification.casefold()
    assert "[s40(2)]" in entry.justification and "mobile number" in entry.justification
    assert len(warnings) == 1 and "p1-0001" in warnings[0] and "[s40(2)]" in warnings[0]
    assert "Whitfield" not in warnings[0]  # the warning does not repeat the quote either


def test_quoting_public_interest_is_replaced_too():
    report = _report(_entry(1, "IC-304588-B6D4", "s31(1)(g)", public_interest="Case IC-304588-B6D4 is live.",
                            decision="accepted", reviewer="ann", decided_at="2026-01-01T00:00:00Z"))
    [entry] = entries_from_report(report)  # no warnings list: still no exception
    assert "304588" not in entry.public_interest and "[s31(1)(g)]" in entry.public_interest


def test_redact_exits_zero_and_writes_the_schedule(tmp_path, make_pdf, stub_model):
    """The held-out failure: released, then exit 8 because the schedule was refused."""
    deny = tmp_path / "deny.yaml"
    deny.write_text("exemption: s40(1)\nterms: [Requester]\n")
    src = make_pdf("request.pdf", ["Requester: Tom Whitfield, 12 Harbour Road, phone 01632 960123."])
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["redact", str(src), "--out", str(out), "--deny-list", str(deny)])
    assert run.exit_code == 0, run.output
    assert (out / "request.redacted.pdf").exists()
    rows = list(csv.DictReader((out / "request.schedule.csv").open(encoding="utf-8")))
    assert {r["exemption"] for r in rows} >= {"s40(1)"}
    assert "schedule not written" not in run.output
