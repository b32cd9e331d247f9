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

import stubnlp  # noqa: E402

stubnlp.install()  # Detector(settings) and every batch worker's detector use the stub pipeline

if __name__ == "__main__":
    from redactor.cli import main

    sys.argv[0] = "redactor"
    main()
