"""Issue 5, item 1/2/5: every hiding place is found, removed, listed in the report with its channel, and
`verify` detects it when planted in an unredacted file."""

from __future__ import annotations

import pytest

from redactor.model import Withheld
from redactor.verify import verify_document
from tests.redteam.builders import CHANNEL_CASES, SECRET, build
from tests.redteam.conftest import requester_text

CASES = sorted(CHANNEL_CASES)


@pytest.mark.parametrize("case", CASES)
def test_redact_removes_planted_secret(case, tmp_path, redact):
    plant, _ = CHANNEL_CASES[case]
    source = build(tmp_path / f"{case}.pdf", plant)
    assert SECRET in requester_text(source), "fixture did not plant the secret where a requester can read it"
    result, report = redact(source)
    assert result.ok, (result.error, report and report["verification"]["leaks"])
    assert SECRET not in requester_text(result.output)
    assert "routine council business" in requester_text(result.output)  # the page itself survives
    listed = [e for e in report["redactions"] + report["channel_redactions"] if SECRET in e["text"]]
    assert listed, "the removal is not listed in the report"
    assert all(e["exemption"] for e in listed) and all(e["channel"] for e in listed)


@pytest.mark.parametrize("case", CASES)
def test_verify_detects_planted_secret(case, tmp_path):
    plant, channels = CHANNEL_CASES[case]
    source = build(tmp_path / f"{case}.pdf", plant)
    result = verify_document(source, [Withheld("t-1", -1, SECRET, (), "s40(2)")])
    assert not result.ok
    assert channels & {leak.channel for leak in result.leaks}, result.leaks


def test_channel_field_in_report(tmp_path, redact):
    from tests.redteam.builders import info_metadata

    result, report = redact(build(tmp_path / "meta.pdf", info_metadata))
    entry = next(e for e in report["channel_redactions"] if e["text"] == SECRET)
    assert entry["channel"] == "metadata" and entry["exemption"] == "s40(2)" and entry["action"] == "removed"
    assert all(e["channel"] == "page" for e in report["redactions"])
