"""Allow-lists and deny-lists: terms a reviewer has decided on once for a whole batch.

A deny term is always withheld (under the exemption the file names); an allow term is never withheld
(a public official's name, the organisation's homepage). Files are plain text or YAML:

plain text, one term a line::

    # comment
    Priya Raghunathan           exact, case-sensitive
    i:harbourside borough       case-insensitive
    re:\\bPROJECT-[A-Z]{4}\\b     regular expression (Python `re` syntax)
    i:re:\\bcodename \\w+\\b      both

YAML::

    exemption: s40(2)          # deny-lists: the code applied to every term (default s40(2))
    case_insensitive: true     # default for every term (default false)
    terms:
      - John Edwards
      - {term: "re:\\bOp(?:eration)? [A-Z][a-z]+\\b", case_insensitive: false}

Terms match on word boundaries: "Hill" does not match inside "Hillside".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from redactor.config.profiles import read_text_file
from redactor.errors import ConfigError

DEFAULT_EXEMPTION = "s40(2)"


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written in the file, without prefixes
    regex: bool = False
    case_insensitive: bool = False

    def compile(self) -> re.Pattern[str]:
        body = self.text if self.regex else r"\s+".join(re.escape(w) for w in self.text.split())
        # word boundaries only where the term itself starts/ends with a word character
        if not self.regex:
            body = (r"(?<!\w)" if self.text[:1].isalnum() else "") + body + (r"(?!\w)" if self.text[-1:].isalnum() else "")
        return re.compile(body, re.IGNORECASE if self.case_insensitive else 0)


@dataclass(frozen=True, slots=True)
class TermList:
    terms: tuple[Term, ...]
    exemption: str = DEFAULT_EXEMPTION
    source: Path | None = None

    def __len__(self) -> int:
        return len(self.terms)


def parse_term(line: str, case_insensitive: bool = False) -> Term:
    """One line of a plain-text list (or one YAML string) with its i: / re: prefixes."""
    regex = False
    while True:
        if line.startswith("i:"):
            case_insensitive, line = True, line[2:]
        elif line.startswith("re:"):
            regex, line = True, line[3:]
        else:
            break
    return Term(line.strip() if not regex else line, regex, case_insensitive)


def _check(term: Term, path: Path, where: str) -> Term:
    if not term.text.strip():
        raise ConfigError(f"{where}: empty term", path)
    try:
        term.compile()
    except re.error as exc:
        raise ConfigError(f"{where}: regex does not compile: {exc}", path) from None
    return term


def load_term_list(path: Path | str) -> TermList:
    """Load an allow- or deny-list file (.yaml/.yml as YAML, anything else as plain text)."""
    path = Path(path)
    text = read_text_file(path, "term list")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _load_yaml(text, path)
    terms = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        terms.append(_check(parse_term(line), path, f"line {number}"))
    return TermList(tuple(terms), DEFAULT_EXEMPTION, path)


def _load_yaml(text: str, path: Path) -> TermList:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"invalid YAML{f' at line {mark.line + 1}' if mark else ''}", path) from None
    if isinstance(data, list):
        data = {"terms": data}
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise ConfigError("a YAML term list needs a 'terms:' list", path)
    unknown = set(data) - {"terms", "exemption", "case_insensitive"}
    if unknown:
        raise ConfigError(f"unknown key(s): {', '.join(sorted(unknown))}", path)
    default_ci = bool(data.get("case_insensitive", False))
    terms = []
    for i, item in enumerate(data["terms"]):
        where = f"terms[{i}]"
        if isinstance(item, str):
            term = parse_term(item, default_ci)
        elif isinstance(item, dict) and isinstance(item.get("term"), str):
            term = parse_term(item["term"], bool(item.get("case_insensitive", default_ci)))
            if item.get("regex"):
                term = Term(term.text, True, term.case_insensitive)
        else:
            raise ConfigError(f"{where}: a term is a string or {{term: ..., case_insensitive: ...}}", path)
        terms.append(_check(term, path, where))
    exemption = str(data.get("exemption") or DEFAULT_EXEMPTION)
    return TermList(tuple(terms), exemption, path)


def find_terms(text: str, terms: TermList | tuple[Term, ...] | list[Term]) -> list[tuple[int, int, Term]]:
    """Every occurrence of every term in `text`, as (start, end, term), sorted by position."""
    items = terms.terms if isinstance(terms, TermList) else terms
    hits = [(m.start(), m.end(), t) for t in items for m in t.compile().finditer(text) if m.end() > m.start()]
    return sorted(hits, key=lambda h: (h[0], -h[1]))


def covered_by(spans: list[tuple[int, int, Term]], start: int, end: int) -> bool:
    """True when [start, end) lies within one of the spans (how an allow-list vetoes a finding)."""
    return any(s <= start and end <= e for s, e, _ in spans)
