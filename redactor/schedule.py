"""The disclosure schedule: the requester's view of what was withheld (NAME.schedule.csv and .html).

Per document and page: each exemption applied, its title, how many passages, the justification and, for
qualified exemptions, the public interest reasoning. Never the withheld text: rows are built from the
report's exemption fields only, and a justification a reviewer wrote is refused if it quotes withheld
text (ICO guidance: the requester is told what was withheld and why, not the information itself).
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import ConfigError
from redactor.verify import count_occurrences, normalise

COLUMNS = ("document", "page", "exemption", "title", "type", "count", "justification", "public_interest")
_MIN_QUOTE = 4  # withheld texts shorter than this ("Tom") are ordinary words too often to police


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    document: str
    page: int
    exemption: str  # code, or codes joined by "; " where one passage is withheld under several
    title: str
    type: str  # absolute | qualified
    count: int
    justification: str
    public_interest: str = ""


def _profile_public_interest(profile_name: str) -> dict[str, str]:
    from redactor.exemptions import load_profile

    try:
        profile = load_profile(profile_name)
    except ConfigError:
        return {}
    return {code: e.public_interest or "" for code, e in profile.exemptions.items() if e.type == "qualified"}


def entries_from_report(report: dict, document: str | None = None) -> list[ScheduleEntry]:
    """Schedule rows for one document from its report (NAME.report.json as a dict)."""
    if document is None:
        out = (report.get("output") or {}).get("path")
        document = Path(out).name if out else Path(report["source"]["path"]).name
    defaults = _profile_public_interest(report.get("profile", ""))
    withheld = list(dict.fromkeys(normalise(e["text"]) for e in report["redactions"]
                                  if len(e["text"].strip()) >= _MIN_QUOTE))
    quotes: dict[str, bool] = {}  # per distinct wording: a few justifications serve thousands of redactions
    counts: dict[tuple, int] = {}
    for e in report["redactions"]:
        public_interest = e.get("public_interest")
        if public_interest is None and e["exemption_type"] == "qualified":
            public_interest = " ".join(defaults.get(c, "") for c in e["exemptions"]).strip()
        for field, value in (("justification", e["justification"]), ("public interest", public_interest or "")):
            said = normalise(value)
            if said not in quotes:
                quotes[said] = any(count_occurrences(w, said) for w in withheld)
            if quotes[said]:
                raise ConfigError(f"{e['id']}: the {field} quotes withheld text; reword it before the schedule "
                                  "goes to the requester")
        key = (document, e["page"], e["exemption"], e["exemption_title"], e["exemption_type"], e["justification"],
               public_interest or "")
        counts[key] = counts.get(key, 0) + 1
    return [
        ScheduleEntry(doc, page, code, title, kind, n, just, pi)
        for (doc, page, code, title, kind, just, pi), n in sorted(counts.items(), key=lambda kv: kv[0][:3])
    ]


def _safe_cell(value: object) -> object:
    """Spreadsheets run a cell starting with = + - @ as a formula; a schedule is opened in one."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def render_csv(entries: Iterable[ScheduleEntry]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([_safe_cell(getattr(e, c)) for c in COLUMNS])
    return buf.getvalue()


_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Disclosure schedule</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .35em .5em; text-align: left; vertical-align: top; }}
th {{ background: #eee; }} td.n {{ text-align: right; }}
</style></head><body>
<h1>Schedule of withheld information</h1>
<p>{summary}</p>
{table}
</body></html>
"""


def render_html(entries: list[ScheduleEntry]) -> str:
    if not entries:
        return _HTML.format(summary="No information was withheld.", table="")
    total = sum(e.count for e in entries)
    docs = sorted({e.document for e in entries})
    summary = (f"{total} passage(s) withheld in {len(docs)} document(s). Each row gives the page, the exemption "
               "relied on and why; the withheld information itself is not shown.")
    head = "".join(f"<th>{html.escape(c.replace('_', ' ').capitalize())}</th>" for c in COLUMNS)
    rows = []
    for e in entries:
        cells = [html.escape(str(getattr(e, c))) for c in COLUMNS]
        rows.append("<tr>" + "".join(
            f'<td class="n">{v}</td>' if c in ("page", "count") else f"<td>{v}</td>" for c, v in zip(COLUMNS, cells,
                                                                                                     strict=True)
        ) + "</tr>")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    return _HTML.format(summary=html.escape(summary), table=table)


def write_schedule(entries: Iterable[ScheduleEntry], path_stem: Path) -> tuple[Path, Path]:
    """Write PATH_STEM.schedule.csv and PATH_STEM.schedule.html (for a batch: all documents' entries)."""
    entries = sorted(entries, key=lambda e: (e.document, e.page, e.exemption))
    path_stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in ((".schedule.csv", render_csv(entries)), (".schedule.html", render_html(entries))):
        path = path_stem.with_name(path_stem.name + suffix)
        tmp = path.with_name(f".{path.name}.partial")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written[0], written[1]


def read_report(path: Path) -> dict:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        report["redactions"]  # noqa: B018 - the one key every report has
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"not a redactor report: {exc}", path) from None
    return report


def write_report_schedule(report_path: Path) -> tuple[Path, Path]:
    """The per-document schedule beside NAME.report.json: NAME.schedule.csv and NAME.schedule.html."""
    stem = report_path.name.removesuffix(".report.json")
    return write_schedule(entries_from_report(read_report(report_path)), report_path.with_name(stem))
