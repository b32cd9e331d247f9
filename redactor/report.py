"""The internal redaction report (NAME.report.json): what was withheld, where, under which exemption.

This file contains the withheld text itself: it is for the organisation's records and its reviewers,
never for the requester (the disclosure schedule is the requester's view).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from importlib.resources import files
from pathlib import Path

import jsonschema

from redactor import __version__
from redactor.decide import Decision
from redactor.verify import VerifyResult

SCHEMA_VERSION = 1


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def report_schema() -> dict:
    return json.loads(files("redactor").joinpath("schemas/report.schema.json").read_text(encoding="utf-8"))


def decision_entry(d: Decision) -> dict:
    return {
        "id": d.id,
        "page": d.page + 1,
        "rects": [[round(v, 2) for v in piece.visual] for piece in d.pieces],
        "text": d.text,
        "entity_type": d.entity_type,
        "exemption": d.label,
        "exemptions": [e.code for e in d.exemptions],
        "exemption_title": "; ".join(e.title for e in d.exemptions),
        "exemption_type": "absolute" if all(e.type == "absolute" for e in d.exemptions) else "qualified",
        "justification": " ".join(e.justification for e in d.exemptions),
        "score": d.score,
        "recognizer": d.recognizer,
    }


def build_report(*, source: Path, source_sha256: str, output: Path | None, output_sha256: str | None,
                 profile: str, page_count: int, decisions: list[Decision], verification: VerifyResult,
                 warnings: list[str], hardening: list[str], status: str) -> dict:
    counts = Counter(code for d in decisions for code in (e.code for e in d.exemptions))
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "redactor", "version": __version__},
        "status": status,
        "source": {"path": str(source), "sha256": source_sha256},
        "output": {"path": str(output) if output else None, "sha256": output_sha256},
        "profile": profile,
        "page_count": page_count,
        "counts": {"redactions": len(decisions), "by_exemption": dict(sorted(counts.items()))},
        "redactions": [decision_entry(d) for d in decisions],
        "verification": {
            "ok": verification.ok,
            "channels": list(verification.channels),
            "leaks": [{"channel": lk.channel, "redaction_id": lk.redaction_id, "page": lk.page,
                       "detail": lk.detail} for lk in verification.leaks],
        },
        "hardening": hardening,
        "warnings": warnings,
    }


def validate_report(report: dict) -> None:
    jsonschema.validate(report, report_schema())


def write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
