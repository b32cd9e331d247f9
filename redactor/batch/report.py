"""The batch report (batch-report.json and .html: documents, failures, people withheld across the bundle,
duplicates) and the bundle's one disclosure schedule."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from redactor import __version__
from redactor.batch.fingerprints import duplicates
from redactor.batch.job import BatchConfig, BatchResult, Document
from redactor.batch.ledger import OK, AnalysisRow, DocumentRow, Ledger
from redactor.errors import RedactorError
from redactor.pdf.files import OutputNames, write_json_atomic, write_text_atomic
from redactor.report import load_report
from redactor.report.schedule import entries_from_report, write_schedule
from redactor.text.names import name_variants

REPORT_SCHEMA_VERSION = 1


def people_index(rows: list[DocumentRow], names: list[str]) -> list[dict]:
    """Per person: the documents and pages where they were withheld. Forename or surname alone is filed
    under the one full name it belongs to, when exactly one does."""
    full = [n for n in names if " " in n]
    owner: dict[str, str] = {}
    for n in full:
        for v in name_variants(n):
            owner[v] = n if v not in owner or owner[v] == n else ""  # "" = ambiguous
    where: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        for text, page in row.persons:
            person = owner.get(text) or text
            where[person][row.path].add(page)
    return [
        {"name": person, "documents": [{"path": p, "pages": sorted(pages)} for p, pages in sorted(docs.items())],
         "occurrences": sum(len(pages) for pages in docs.values())}
        for person, docs in sorted(where.items())
    ]


def write_bundle_schedule(rows: list[DocumentRow], stem: Path) -> tuple[list[Path], list[str]]:
    """One disclosure schedule for the bundle (redactor.report.schedule), from every released document's report.

    A document whose report cannot go into a schedule (e.g. a reviewer's justification quotes withheld
    text) is left out and named in the returned problems, rather than failing the batch.
    """
    entries, problems = [], []
    for row in rows:
        if not row.report:
            continue
        try:
            entries.extend(entries_from_report(load_report(Path(row.report)), document=row.path))
        except RedactorError as exc:
            problems.append(f"{row.path}: not in the schedule: {exc.reason}")
    return list(write_schedule(entries, stem)), problems


def write_reports(result: BatchResult, config: BatchConfig, ledger: Ledger, docs: list[Document],
                  analyses: dict[str, AnalysisRow], chash: str) -> None:
    rows_by_path = ledger.documents()
    rows = [rows_by_path[d.rel] for d in docs if d.rel in rows_by_path]
    ok_rows = [r for r in rows if r.status == OK]
    bundle_names = sorted({n for a in analyses.values() for n in a.names})
    documents = []
    for row in rows:
        documents.append({
            "path": row.path, "status": row.status,
            "this_run": ("skipped" if row.path in result.skipped else
                         "failed" if row.path in result.failed else "processed"),
            "exit_code": row.exit_code, "error": row.error, "pages": row.pages, "redactions": row.redactions,
            "by_exemption": row.by_exemption, "warnings": row.warnings, "output": row.output, "report": row.report,
            "attempts": row.attempts,
            "seconds": {"analyse": round(row.analyse_seconds, 3), "redact": round(row.redact_seconds, 3)},
        })
    schedule, schedule_problems = write_bundle_schedule(ok_rows, config.out_dir / "bundle")
    result.schedule = schedule[0]
    report = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "redactor", "version": __version__},
        "in_dir": str(config.in_dir), "out_dir": str(config.out_dir),
        "profile": config.options.profile.name, "config_hash": chash,
        "executor": config.executor, "workers": config.workers if config.executor == "process" else None,
        "summary": {
            "documents": result.documents, "ok": len(ok_rows), "failed": len(rows) - len(ok_rows),
            "processed_this_run": len(result.processed), "skipped_this_run": len(result.skipped),
            "failed_this_run": len(result.failed), "pages": result.pages, "redactions": result.redactions,
            "by_exemption": result.by_exemption, "elapsed_seconds": round(result.seconds, 3),
            "unsupported": len(result.unsupported),
        },
        "documents": documents,
        "failures": [{"path": r.path, "exit_code": r.exit_code, "error": r.error} for r in rows if r.status != OK],
        "unsupported": [{"path": path, "reason": reason} for path, reason in result.unsupported.items()],
        "people": people_index(ok_rows, bundle_names),
        "duplicates": duplicates({d.rel: analyses[d.rel] for d in docs if d.rel in analyses}),
        "schedule": [str(p) for p in schedule],
        "schedule_problems": schedule_problems,
    }
    result.report_json = config.out_dir / OutputNames.BATCH_REPORT_JSON
    result.report_html = config.out_dir / OutputNames.BATCH_REPORT_HTML
    write_json_atomic(result.report_json, report)
    write_text_atomic(result.report_html, render_html(report))


def render_html(report: dict) -> str:
    from html import escape

    def table(head: list[str], body: list[list[object]]) -> str:
        th = "".join(f"<th>{escape(h)}</th>" for h in head)
        trs = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in body)
        return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"

    s = report["summary"]
    codes = sorted(s["by_exemption"])
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Batch redaction report</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #999;padding:.25em .5em;text-align:left}.failed{color:#a00}</style></head><body>",
        f"<h1>Batch redaction report</h1><p>{escape(report['in_dir'])} &rarr; {escape(report['out_dir'])}, "
        f"profile {escape(report['profile'])}. Internal: lists withheld names; not for the requester.</p>",
        "<h2>Summary</h2>",
        table(["documents", "ok", "failed", "processed this run", "skipped this run", "pages", "redactions",
               "elapsed (s)"],
              [[s["documents"], s["ok"], s["failed"], s["processed_this_run"], s["skipped_this_run"], s["pages"],
                s["redactions"], s["elapsed_seconds"]]]),
        table(["exemption", "redactions"], [[c, s["by_exemption"][c]] for c in codes]),
        "<h2>Documents</h2>",
        table(["document", "status", "pages", "redactions", *codes, "analyse (s)", "redact (s)", "error"],
              [[d["path"], d["status"], d["pages"], d["redactions"], *(d["by_exemption"].get(c, 0) for c in codes),
                d["seconds"]["analyse"], d["seconds"]["redact"], d["error"] or ""] for d in report["documents"]]),
        "<h2 class='failed'>Failures</h2>" if report["failures"] else "",
        table(["document", "exit code", "reason"], [[f["path"], f["exit_code"], f["error"]]
                                                     for f in report["failures"]]) if report["failures"] else "",
        "<h2 class='failed'>Not processed: no converter for these files (review them by hand)</h2>"
        if report["unsupported"] else "",
        table(["file", "reason"], [[u["path"], u["reason"]] for u in report["unsupported"]])
        if report["unsupported"] else "",
        "<h2>People withheld across the bundle</h2>",
        table(["person", "documents and pages"],
              [[p["name"], "; ".join(f"{d['path']} p. {', '.join(map(str, d['pages']))}" for d in p["documents"])]
               for p in report["people"]]),
        "<h2>Duplicates (redact once, check the others)</h2>",
        table(["kind", "similarity", "documents"],
              [[g["kind"], g["similarity"], ", ".join(g["documents"])] for g in report["duplicates"]]),
        "".join(f"<p class='failed'>{escape(p)}</p>" for p in report["schedule_problems"]),
        f"<p>Disclosure schedule: {escape(', '.join(report['schedule']))}</p></body></html>",
    ]
    return "\n".join(parts)
