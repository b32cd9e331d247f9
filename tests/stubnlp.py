"""The one stub NLP pipeline of the test suite: spacy.blank("en") with an entity ruler that knows the
fixture people by name, so tests of the pipeline do not depend on what a statistical model happens to
tag (tests that load the real model are marked slow).

In-process tests use the `stub_nlp` and `stub_model` fixtures of tests/conftest.py, which are built from
this module. Scripts that run the real CLI in a subprocess (tests/robustness/stubcli.py,
tests/batch/stubrun.py) call `install()` before the CLI starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language

FIXTURE_PEOPLE = [
    "Priya Raghunathan", "Tom Whitfield", "Adaeze Okonkwo", "Siobhan O'Neill-Baptiste", "Daniel McAllister",
    "John Edwards",
]


def make_stub_nlp(patterns: Sequence[dict] | None = None) -> Language:
    """A blank English pipeline with an entity ruler of `patterns` (default: a PERSON pattern for each
    of FIXTURE_PEOPLE). An empty sequence gives the blank pipeline alone: no NER at all."""
    nlp = spacy.blank("en")
    if patterns is None:
        patterns = [{"label": "PERSON", "pattern": name} for name in FIXTURE_PEOPLE]
    if patterns:
        nlp.add_pipe("entity_ruler").add_patterns(list(patterns))
    return nlp


@cache
def stub_load_spacy(model: str) -> Language:
    """Stands in for redactor.detect.load_spacy: the fixture-people stub, whatever model is named."""
    return make_stub_nlp()


def install() -> None:
    """Make every Detector built without an explicit pipeline in this process (the CLI's, every batch
    worker's: forked workers inherit it) use the stub."""
    import redactor.detect

    redactor.detect.load_spacy = stub_load_spacy
