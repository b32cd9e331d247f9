"""validate_report's fast check against jsonschema itself: whatever the fast check accepts, jsonschema
accepts; validate_report raises exactly when jsonschema.validate raises, with the same error."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from redactor.report.schema import _validators, report_schema, validate_report

SHA = "ab" * 32


def _entry(n: int, **extra) -> dict:
    return {"id": f"r-{n:04d}", "page": 1 + n % 3, "rects": [[10.0, 20.5, 30, 40.25]], "text": f"Name {n}",
            "entity_type": "PERSON", "exemption": "s40(2)", "exemptions": ["s40(2)"],
            "exemption_title": "Personal information", "exemption_type": "absolute",
            "justification": "Third-party personal data.", "score": 0.85, "recognizer": "SpacyRecognizer",
            "channel": "page", **extra}


def _report() -> dict:
    return {
        "schema_version": 1,
        "tool": {"name": "redactor", "version": "1.0"},
        "status": "released",
        "source": {"path": "a.pdf", "sha256": SHA},
        "output": {"path": "a.redacted.pdf", "sha256": SHA},
        "profile": "uk-foia",
        "page_count": 3,
        "counts": {"redactions": 3, "by_exemption": {"s40(2)": 3}},
        "redactions": [_entry(0), _entry(1, allowed_elsewhere=2, public_interest="Balance."),
                       _entry(2, text="", manual=True, decision="manual", reviewer="amy", decided_at="2024-01-01")],
        "verification": {"ok": True, "channels": ["text"], "leaks": [
            {"channel": "text", "redaction_id": "r-0001", "page": None, "detail": "x"}]},
        "released_by_design": [{"page": 1, "text": "Council", "entity_type": "ORG", "reason": "public body"}],
        "channel_redactions": [{"id": "c-0001", "channel": "metadata", "location": "Info author", "page": None,
                                "text": "Priya", "entity_type": "PERSON", "exemption": "s40(2)",
                                "exemptions": ["s40(2)"], "exemption_title": "t", "exemption_type": "qualified",
                                "justification": "j", "score": 1, "recognizer": "r", "action": "removed"}],
        "hardening": ["fonts subset"],
        "warnings": [],
        "source_format": "pdf",
        "unreviewed_pages": [],
        "ocr_pages": [],
        "attachments": [],
        "run": {"user": "amy"},
        "rejected": [_entry(9, decision="rejected", reason="not personal")],
        "review": {"decisions_file": "d.json", "decisions_sha256": SHA, "reviewers": ["amy"], "exported_at": None},
    }


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


# wrong types (bool for a number, 1.0 for an integer, a tuple for an array), empty, out of range, NaN
REPLACEMENTS = (None, True, 1, -1, 1.0, 0.5, "", "x", [], [1.0, 2.0, 3.0, 4.0], {}, (1, 2), float("nan"))


def _mutants():
    base = _report()
    for path in _paths(base):
        if not path:
            continue
        *parent_path, key = path
        for replacement in (*REPLACEMENTS, "DELETE"):
            report = copy.deepcopy(base)
            parent = report
            for p in parent_path:
                parent = parent[p]
            if replacement == "DELETE":
                del parent[key]
            else:
                parent[key] = copy.deepcopy(replacement)
            yield report
        if isinstance(key, str):  # an unknown key next to this one
            report = copy.deepcopy(base)
            parent = report
            for p in parent_path:
                parent = parent[p]
            parent["unexpected"] = 1
            yield report


def test_fast_check_is_available_and_accepts_valid_reports():
    _validator, fast = _validators()
    assert fast is not None, "the schema uses a keyword the fast check does not know"
    assert fast(_report())
    jsonschema.validate(_report(), report_schema())


def test_fast_check_never_accepts_what_jsonschema_rejects():
    validator, fast = _validators()  # the schema is checked there, as jsonschema.validate does each time
    checked = accepted = 0
    for report in _mutants():
        expected = jsonschema.exceptions.best_match(validator.iter_errors(report))  # jsonschema.validate's error
        if fast(report):
            accepted += 1
            assert expected is None, report
        if expected is None:
            validate_report(report)
        else:
            with pytest.raises(jsonschema.ValidationError) as got:
                validate_report(report)
            assert (got.value.message, list(got.value.path)) == (expected.message, list(expected.path))
        checked += 1
    assert checked > 500 and accepted > 50  # both outcomes exercised
