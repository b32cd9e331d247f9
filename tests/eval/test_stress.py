"""evaluation.stress runs on dev-half values only and its recognizer-level probes stay high (a smoke test:
the numbers that count are the evaluation's test half)."""

from __future__ import annotations

import random

from evaluation import sources, stress


def test_probes_draw_dev_values_only(monkeypatch) -> None:
    halves = []
    real = sources.Source.__init__

    def spy(self, half: str) -> None:
        halves.append(half)
        real(self, half)

    monkeypatch.setattr(sources.Source, "__init__", spy)
    stress.addresses(random.Random(1), 1, wrap=False)
    stress.identifiers(random.Random(1), 1, wrap=False)
    assert halves and set(halves) == {"dev"}


def test_recognizer_probes_find_almost_everything() -> None:
    for probe in (stress.addresses, stress.identifiers):
        for wrap in (False, True):
            table, _examples = probe(random.Random(5), 3, wrap)
            got, total = sum(v[0] for v in table.values()), sum(v[1] for v in table.values())
            assert got / total >= 0.95, (probe.__name__, wrap, got, total)
