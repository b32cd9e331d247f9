"""Allow/deny term lists (redactor.config.lists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.config.lists import Term, TermList, covered_by, find_terms, load_term_list
from redactor.errors import ConfigError, InputMissing


def spans(text: str, terms: TermList) -> list[str]:
    return [text[s:e] for s, e, _ in find_terms(text, terms)]


def test_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "deny.txt"
    path.write_text("# people\nPriya Raghunathan\ni:operation nightjar\nre:\\bPROJ-[A-Z]{4}\\b\n\nHill\n")
    terms = load_term_list(path)
    assert len(terms) == 4 and terms.exemption == "s40(2)"
    text = "Priya  Raghunathan ran Operation NIGHTJAR (PROJ-ABCD) near Hillside and Hill."
    assert spans(text, terms) == ["Priya  Raghunathan", "Operation NIGHTJAR", "PROJ-ABCD", "Hill"]


def test_case_sensitive_by_default(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_text("John Edwards\n")
    assert spans("JOHN EDWARDS and john edwards", load_term_list(path)) == []


def test_yaml(tmp_path: Path) -> None:
    path = tmp_path / "deny.yaml"
    path.write_text(
        "exemption: s31(1)(a)\ncase_insensitive: true\nterms:\n  - nightjar\n"
        "  - {term: 'Falcon', case_insensitive: false}\n  - {term: 'HBC-[A-Z]{2}\\d{2}', regex: true}\n"
    )
    terms = load_term_list(path)
    assert terms.exemption == "s31(1)(a)"
    assert spans("NIGHTJAR, falcon, Falcon, hbc-fs01", terms) == ["NIGHTJAR", "Falcon", "hbc-fs01"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.txt", "re:([unclosed\n", "line 1: regex does not compile"),
        ("bad.yaml", "terms: [a\n", "invalid YAML"),
        ("bad.yaml", "words: [a]\n", "needs a 'terms:' list"),
        ("bad.yaml", "terms: [a]\ncolour: red\n", "unknown key"),
        ("bad.yaml", "terms: [{x: 1}]\n", "terms[0]"),
    ],
)
def test_errors_name_the_problem(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_term_list(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputMissing, match="file not found"):  # exit 3, as every missing file (issue 21)
        load_term_list(tmp_path / "nope.txt")


def test_covered_by() -> None:
    hits = find_terms("call John Edwards now", (Term("John Edwards"),))
    assert covered_by(hits, 5, 9) and covered_by(hits, 5, 17) and not covered_by(hits, 0, 9)
