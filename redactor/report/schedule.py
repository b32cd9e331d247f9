"""The disclosure schedule: the requester's view of what was withheld (NAME.schedule.csv and .html).

Per document and page: each exemption applied, its title, how many passages, the justification and, for
qualified exemptions, the public interest reasoning. Never the withheld text (ICO guidance: the requester
is told what was withheld and why, not the information itself): rows are built from the report's exemption
fields only, and where a reviewer's own wording quotes a withheld passage, that passage is replaced by its
exemption code ("[s40(2)]") and a warning says so. The profile's own wording is not searched: it was written
before any document was seen, so a word it shares with an over-redacted one ("requester") reveals nothing.
A schedule is always written; it never holds back a release.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from redactor.config.profiles import load_profile
from redactor.errors import ConfigError
from redactor.pdf.files import OutputNames, write_text_atomic
from redactor.report.load import load_report
from redactor.text.normalise import count_occurrences, normalise

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


def _profile_texts(profile_name: str) -> tuple[dict[str, str], dict[str, str]]:
    """The profile's justification and public interest wording by exemption code ({} if it cannot be
    loaded, e.g. a profile file that has moved since the run)."""
    try:
        profile = load_profile(profile_name)
    except ConfigError:
        return {}, {}
    return ({code: e.justification for code, e in profile.exemptions.items()},
            {code: e.public_interest or "" for code, e in profile.exemptions.items() if e.type == "qualified"})


def _redact_quotes(value: str, quoted: list[tuple[str, str]]) -> str:
    """`value` with every whole-word occurrence of each (normalised withheld text, code) replaced by
    "[code]". The match is as loose as normalise (case, NFKC, runs of whitespace, soft hyphens, line-break
    hyphens); if a quote survives anyway, the whole text is replaced."""
    text = unicodedata.normalize("NFKC", value).replace("\u00ad", "")
    for needle, code in quoted:
        # a line-break hyphen may fall between any two letters ("Whit-\nfield"), like normalise allows
        words = [r"(?:-\s*\n\s*)?".join(map(re.escape, w)) for w in needle.split(" ")]
        pattern = r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"
        text = re.sub(pattern, f"[{code}]", text, flags=re.IGNORECASE)
    if any(count_occurrences(needle, normalise(text)) for needle, _code in quoted):
        return f"[{quoted[0][1]}]: wording withheld because it quoted withheld information"
    return text


def entries_from_report(report: dict, document: str | None = None,
                        warnings: list[str] | None = None) -> list[ScheduleEntry]:
    """Schedule rows for one document from its report (NAME.report.json as a dict).

    A justification or public interest text that is not the profile's own wording and quotes withheld
    text is written with the quote replaced by the exemption code; one line per such wording is added to
    `warnings` (when given) for the officer to reword it."""
    if document is None:
        out = (report.get("output") or {}).get("path")
        document = Path(out).name if out else Path(report["source"]["path"]).name
    justifications, defaults = _profile_texts(report.get("profile", ""))
    codes: dict[str, str] = {}  # normalised withheld text -> the exemption code of its first redaction
    for e in report["redactions"]:
        if len(e["text"].strip()) >= _MIN_QUOTE:
            codes.setdefault(normalise(e["text"]), e["exemption"])
    withheld = list(codes)
    checked: dict[str, str | None] = {}  # per distinct wording: a few justifications serve thousands of redactions
    counts: dict[tuple, int] = {}
    for e in report["redactions"]:
        public_interest = e.get("public_interest")
        if public_interest is None and e["exemption_type"] == "qualified":
            public_interest = " ".join(defaults.get(c, "") for c in e["exemptions"]).strip()
        own = {normalise(" ".join(justifications.get(c, "") for c in e["exemptions"])),
               normalise(" ".join(defaults.get(c, "") for c in e["exemptions"]))}
        # without the profile (moved since the run), a redaction nobody reviewed still has its wording
        unknown_profile_wording = not justifications and "decision" not in e
        texts = {}
        for field, value in (("justification", e["justification"]), ("public interest", public_interest or "")):
            said = normalise(value)
            if said in own or not said or unknown_profile_wording:  # the profile's wording, or nothing
                texts[field] = value
                continue
            if said not in checked:
                quoted = [(w, codes[w]) for w in withheld if count_occurrences(w, said)]
                checked[said] = _redact_quotes(value, quoted) if quoted else None
                if quoted and warnings is not None:
                    warnings.append(f"{e['id']}: the {field} quotes withheld text; the schedule shows "
                                    f"{', '.join(sorted({f'[{c}]' for _w, c in quoted}))} in its place "
                                    "(reword it and write the schedule again)")
            texts[field] = value if checked[said] is None else checked[said]
        key = (document, e["page"], e["exemption"], e["exemption_title"], e["exemption_type"],
               texts["justification"], texts["public interest"])
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
        path = write_text_atomic(path_stem.with_name(path_stem.name + suffix), text)
        written.append(path)
    return written[0], written[1]


def write_report_schedule(report_path: Path, warnings: list[str] | None = None) -> tuple[Path, Path]:
    """The per-document schedule beside NAME.report.json: NAME.schedule.csv and NAME.schedule.html
    (`warnings` as for entries_from_report)."""
    return write_schedule(entries_from_report(load_report(report_path), warnings=warnings),
                          OutputNames.for_report(report_path).schedule_stem)
