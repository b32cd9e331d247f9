"""Costs that must grow linearly with the document (issue 9). Counted, not timed: the timings live in
`make bench` (the scaling curve of one document of 10, 100 and 1,000 pages)."""

from __future__ import annotations

from redactor.decide import NameMatcher, propagate_names
from redactor.model import Finding
from redactor.page import PageText
from redactor.report import schedule


def _report(n: int) -> dict:
    return {"profile": "uk-foia", "output": {"path": "/out/x.redacted.pdf"}, "source": {"path": "/in/x.pdf"},
            "redactions": [{"id": f"p1-{i:04d}", "page": 1 + i % 50, "text": f"Person Number{i}",
                            "exemption": "s40(2)", "exemptions": ["s40(2)"], "exemption_title": "Personal data",
                            "exemption_type": "absolute",
                            "justification": "Personal data of a third party." if i % 2 else "Third party data."}
                           for i in range(n)]}


def test_schedule_checks_each_wording_once(monkeypatch):
    """The check that no justification quotes withheld text: once per distinct wording and withheld text,
    not once per pair of redactions (a 1,000-page document has 20,000 of them)."""
    calls = 0
    real = schedule.count_occurrences

    def counting(needle: str, haystack: str) -> int:
        nonlocal calls
        calls += 1
        return real(needle, haystack)

    monkeypatch.setattr(schedule, "count_occurrences", counting)
    entries = schedule.entries_from_report(_report(2000))
    assert sum(e.count for e in entries) == 2000
    # 2 justifications + 1 empty public interest = 3 wordings, each against 2,000 distinct withheld texts
    assert calls <= 3 * 2000


def test_schedule_still_catches_a_quoting_justification():
    report = _report(10)
    report["redactions"][7]["justification"] = "We withheld Person Number3 because ..."
    warnings: list[str] = []
    entries = schedule.entries_from_report(report, warnings=warnings)
    assert len(warnings) == 1 and "p1-0007" in warnings[0]
    assert not any("Number3" in e.justification for e in entries)


def test_name_matcher_finds_the_longest_name_in_one_pass():
    matcher = NameMatcher(["Ann", "Ann Smith", "Anne", "O'Neill-Baptiste"])
    text = "Ann Smith, Anne and O\u2019Neill-\nBaptiste met Annabel; ann smith is lower case."
    assert [text[s:e] for s, e in matcher.spans(text)] == ["Ann Smith", "Anne", "O\u2019Neill-\nBaptiste"]


def test_propagation_does_not_compile_per_name(monkeypatch):
    """Thousands of names over many pages: no regex is built from the names (compiling one alternation
    of every variant took longer than matching and grew with the document)."""
    import re

    compiled: list[str] = []
    real_compile = re.compile

    def counting(pattern, flags=0):
        compiled.append(pattern if isinstance(pattern, str) else "")
        return real_compile(pattern, flags)

    names = [f"Firstname{i} Surname{i}" for i in range(3000)]
    pages = [PageText(number=n, text=f"Meeting with Firstname{n} Surname{n} and Surname{n + 1}.") for n in range(200)]
    findings = [Finding(0, 0, 1, "PERSON", 0.9, "TitledNameRecognizer", name) for name in names]
    monkeypatch.setattr(re, "compile", counting)
    found = propagate_names(pages, findings)
    assert len(found) == 200 * 2  # the full name (longest match, once) and the next person's surname
    assert all(len(p) < 20_000 for p in compiled)


def test_name_matcher_handles_a_name_longer_than_the_recursion_limit():
    """A statistical model can tag a very long span as a person; matching it must not crash the document."""
    long_name = "A" + "b" * 5000
    matcher = NameMatcher([long_name, "Ann"])
    text = f"x {long_name} and Ann."
    assert list(matcher.spans(text)) == [(2, 5003), (5008, 5011)]
