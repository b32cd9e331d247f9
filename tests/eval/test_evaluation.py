"""The labelled evaluation set (tests/eval/docs) through the real pipeline and the real spaCy model."""

from __future__ import annotations

import pytest

from evaluation.legacy import evaluate, load_documents


def test_set_is_big_enough_and_labels_are_found() -> None:
    docs = load_documents()
    assert len(docs) >= 10
    assert sum(len(d.sensitive) for d in docs) >= 200  # distinct strings; occurrences are counted in the run


@pytest.mark.slow
def test_targets_reached() -> None:
    tool, = evaluate(presidio=False)
    assert tool.sensitive >= 300 and tool.keep >= 150
    assert tool.recall >= 0.99, [m.text for m in tool.misses]
    assert tool.keep_rate >= 0.97, [o.text for o in tool.over]
