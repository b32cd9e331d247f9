"""The one way to read a NAME.report.json back: parsed and validated against the report schema, so every
reader (schedule, verify, certify-check, the batch, `redactor report`) can rely on its fields."""

from __future__ import annotations

from pathlib import Path

import jsonschema

from redactor.errors import ConfigError
from redactor.model import VerifyResult, Withheld
from redactor.pdf.files import read_json
from redactor.pdf.open import open_pdf
from redactor.report.schema import validate_report
from redactor.verify import verify_document


def load_report(path: Path) -> dict:
    """NAME.report.json as a dict, or ConfigError('not a redactor report: ...') naming the file
    (InputMissing when there is no such file)."""
    report = read_json(path, "a redactor report")
    if isinstance(report, dict) and (other := _other_kind(report)):
        raise ConfigError(f"not a redactor report but {other}", path)
    try:
        validate_report(report)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise ConfigError(f"not a redactor report: {where}: {exc.message}", path) from None
    return report


def _other_kind(data: dict) -> str | None:
    """What another of the tool's JSON files is, named for someone who gave it where a report is due."""
    if {"in_dir", "summary", "documents"} <= data.keys():
        return "a batch report: read batch-report.html beside it, or give one document's NAME.report.json"
    if "certificate_version" in data:
        return "a release certificate: check it with `redactor certify-check`; give NAME.report.json here"
    if str(data.get("format", "")).startswith("redactor.proposals/"):
        return "proposals (analyze): review them in NAME.review.html; a report is written by redact or apply"
    if str(data.get("format", "")).startswith("redactor.decisions/"):
        return "a decisions file: release with `redactor apply --decisions`; a report is written then"
    return None


def withheld_entries(report: dict) -> list[Withheld]:
    """What the report says was withheld, as verification targets: page redactions with their boxes, and
    text removed from other channels (no box: searched for everywhere)."""
    return [
        Withheld(e["id"], e["page"] - 1, e["text"], tuple(tuple(r) for r in e["rects"]), e["exemption"],
                 e.get("allowed_elsewhere", 0))
        for e in report["redactions"]
    ] + [
        Withheld(e["id"], -1, e["text"], (), e["exemption"], e.get("allowed_elsewhere", 0))
        for e in report.get("channel_redactions", [])
    ]


def verify_released(released: Path, report_path: Path) -> VerifyResult:
    """Verify a released file against the report written with it (`redactor verify`, certify-check)."""
    report = load_report(report_path)
    open_pdf(released).close()  # same input checks (missing, not a PDF, encrypted) as redact
    return verify_document(released, withheld_entries(report))
