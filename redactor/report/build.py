"""The internal redaction report (NAME.report.json): what was withheld, where, under which exemption.

This file contains the withheld text itself: it is for the organisation's records and its reviewers,
never for the requester (the disclosure schedule is the requester's view).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from redactor import __version__
from redactor.model import ChannelRedaction, Decision, Kept, VerifyResult

SCHEMA_VERSION = 1


def _exemption_fields(exemptions) -> dict:
    """Codes, titles and type of the exemption(s) one redaction is withheld under."""
    return {
        "exemption": "; ".join(e.code for e in exemptions),
        "exemptions": [e.code for e in exemptions],
        "exemption_title": "; ".join(e.title for e in exemptions),
        "exemption_type": "absolute" if all(e.type == "absolute" for e in exemptions) else "qualified",
    }


def decision_entry(d: Decision) -> dict:
    entry = {
        "id": d.id,
        "page": d.page + 1,
        "rects": [[round(v, 2) for v in piece.visual] for piece in d.pieces],
        "text": d.text,
        "entity_type": d.entity_type,
        **_exemption_fields(d.exemptions),
        "justification": d.justification or " ".join(e.justification for e in d.exemptions),
        "score": d.score,
        "recognizer": d.recognizer,
        "channel": "page",
    }
    # Review workflow (issue 6): present only when a person decided, so one-shot reports are unchanged.
    for key in ("decision", "reviewer", "decided_at", "public_interest", "reason"):
        if getattr(d, key) is not None:
            entry[key] = getattr(d, key)
    if d.manual:
        entry["manual"] = True
    # qualified exemptions carry the profile's public interest reasoning unless a reviewer overrode it
    if "public_interest" not in entry:
        reasons = [e.public_interest for e in d.exemptions if e.type == "qualified" and e.public_interest]
        if reasons:
            entry["public_interest"] = " ".join(reasons)
    return entry


def channel_entry(c: ChannelRedaction) -> dict:
    """Sensitive text found outside the page content (metadata, annotation, ...) and removed with it."""
    return {
        "id": c.id,
        "channel": c.channel,
        "location": c.location,
        "page": c.page + 1 if c.page is not None else None,
        "text": c.text,
        "entity_type": c.entity_type,
        **_exemption_fields(c.exemptions),
        "justification": " ".join(e.justification for e in c.exemptions),
        "score": c.score,
        "recognizer": c.recognizer,
        "action": c.action,
    }


def _with_allowed(entry: dict, verification: VerifyResult) -> dict:
    """How often the withheld text stays unredacted elsewhere in the input, so `redactor verify` can tell
    those occurrences from a leak (present only when not zero)."""
    allowed = verification.allowed_elsewhere.get(entry["id"], 0)
    if allowed:
        entry["allowed_elsewhere"] = allowed
    return entry


def build_report(*, source: Path, source_sha256: str, output: Path | None, output_sha256: str | None,
                 profile: str, page_count: int, decisions: list[Decision], verification: VerifyResult,
                 warnings: list[str], hardening: list[str], status: str,
                 kept: list[Kept] | None = None,
                 channel_redactions: list[ChannelRedaction] | None = None, run: dict | None = None,
                 source_format: str = "pdf", unreviewed_pages: list[dict] | None = None,
                 ocr_pages: list[dict] | None = None, attachments: list[dict] | None = None,
                 image_text: list[dict] | None = None, images: list[dict] | None = None) -> dict:
    """The report. Everything outside `run` depends only on the input bytes and the rules, so a re-run
    of the same job gives an identical report apart from `run` (where, when, by whom, how long)."""
    counts = Counter(code for d in decisions for code in (e.code for e in d.exemptions))
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "redactor", "version": __version__},
        "status": status,
        "source": {"path": source.name, "sha256": source_sha256},
        "output": {"path": output.name if output else None, "sha256": output_sha256},
        "profile": profile,
        "page_count": page_count,
        "counts": {"redactions": len(decisions), "by_exemption": dict(sorted(counts.items()))},
        "redactions": [_with_allowed(decision_entry(d), verification) for d in decisions],
        "verification": {
            "ok": verification.ok,
            "channels": list(verification.channels),
            "leaks": [{"channel": lk.channel, "redaction_id": lk.redaction_id, "page": lk.page,
                       "detail": lk.detail} for lk in verification.leaks],
        },
        "released_by_design": [{"page": k.page + 1, "text": k.text, "entity_type": k.entity_type, "reason": k.reason}
                               for k in (kept or [])],
        "channel_redactions": [_with_allowed(channel_entry(c), verification) for c in channel_redactions or ()],
        "hardening": hardening,
        "warnings": warnings,
        # issue 8: what the input was, which pages were read with OCR, which could not be read at all
        # (a release with unreviewed pages is never reported as clean) and what became of attachments
        "source_format": source_format,
        "unreviewed_pages": unreviewed_pages or [],
        "ocr_pages": ocr_pages or [],
        "attachments": attachments or [],
        # issue 22: words withheld inside images (page, image xref, box) and every image looked at
        "image_text": image_text or [],
        "images": images or [],
        "run": run or {},
    }
