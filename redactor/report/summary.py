"""`redactor report`: a terminal summary of NAME.report.json for reviewers who do not open JSON."""

from __future__ import annotations


def summarise_report(report: dict, lowest: int = 5) -> str:
    """A terminal summary of NAME.report.json for reviewers who do not open JSON."""
    entries = report.get("redactions", [])
    rejected = report.get("rejected", [])
    out = [
        f"{report['source']['path']}: {report['status']}, {report['page_count']} page(s), profile {report['profile']}",
        f"  output: {report['output']['path'] or '(none: not released)'}",
        f"  verification: {'ok' if report['verification']['ok'] else 'FAILED'} "
        f"({len(report['verification']['leaks'])} leak(s))",
        f"  withheld: {len(entries)} passage(s), {sum(1 for e in entries if e.get('manual'))} manual; "
        f"rejected proposals: {len(rejected)}",
    ]

    def table(title: str, counts: dict[str, int]) -> None:
        out.append(f"  {title}:")
        width = max((len(k) for k in counts), default=0)
        out.extend(f"    {k:<{width}}  {n:>4}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        if not counts:
            out.append("    (none)")

    by_code: dict[str, int] = {}
    by_entity: dict[str, int] = {}
    by_page: dict[int, int] = {}
    for e in entries:
        for code in e["exemptions"]:
            by_code[code] = by_code.get(code, 0) + 1
        by_entity[e["entity_type"]] = by_entity.get(e["entity_type"], 0) + 1
        by_page[e["page"]] = by_page.get(e["page"], 0) + 1
    table("by exemption", by_code)
    table("by entity", by_entity)
    pages = ", ".join(f"{p} ({n})" for p, n in sorted(by_page.items())) or "(none)"
    out.append(f"  pages with redactions: {pages}")
    scored = sorted((e for e in entries if not e.get("manual")), key=lambda e: (e["score"], e["page"], e["id"]))
    if scored and lowest > 0:
        out.append("  lowest-score decisions (check these first):")
        for e in scored[:lowest]:
            who = f" [{e['decision']} by {e['reviewer']}]" if e.get("reviewer") else ""
            out.append(f"    {e['score']:.2f}  {e['id']:<10} p{e['page']:<3} {e['entity_type']:<18} "
                       f"{e['exemption']:<10} {e['text']!r}{who}")
    if rejected:
        out.append("  rejected (released):")
        for e in rejected:
            out.append(f"    {e['id']:<10} p{e['page']:<3} {e['text']!r} by {e.get('reviewer', '?')}: "
                       f"{e.get('reason') or '(no reason given)'}")
    if report.get("review"):
        out.append(f"  reviewed by: {', '.join(report['review']['reviewers']) or '?'} "
                   f"({report['review']['decisions_file']})")
    for w in report.get("warnings", []):
        out.append(f"  warning: {w}")
    return "\n".join(out)
