"""The real `redactor` CLI with the stub NLP pipeline (spacy.blank + an entity ruler of the fixture
people) in place of the statistical model, so each hostile-input case runs in a second, not ten.

Nothing else is replaced: file opening, extraction, redaction, hardening and verification are the
shipped code. Used as `python tests/robustness/stubcli.py redact FILE --out DIR` (and `batch`, `verify`).
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

import spacy  # noqa: E402
from conftest import FIXTURE_PEOPLE  # noqa: E402

import redactor.detect  # noqa: E402


def stub_spacy(model: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": n} for n in FIXTURE_PEOPLE])
    return nlp


redactor.detect.load_spacy = stub_spacy  # Detector(settings) and every batch worker's make_detector use it

if __name__ == "__main__":
    from redactor.cli import main

    sys.argv[0] = "redactor"
    main()
