"""Name propagation (redactor.decide.propagate_names): once a person is found, the other forms of the
name are found everywhere, and ordinary words are left alone."""

from __future__ import annotations

import pytest

from redactor.decide import PROPAGATED, propagate_names
from redactor.model import Finding
from redactor.page import PageText
from redactor.text.names import name_variants


def propagated(text: str, seed: str, recognizer: str = "TitledNameRecognizer") -> list[str]:
    page = PageText(number=0, text=text)
    start = text.index(seed)
    finding = Finding(0, start, start + len(seed), "PERSON", 0.9, recognizer, seed)
    hits = propagate_names([page], [finding])
    assert all(h.recognizer == PROPAGATED for h in hits)
    return [h.text for h in sorted(hits, key=lambda h: h.start)]


@pytest.mark.parametrize(
    ("text", "seed", "expected"),
    [
        ("Adaeze Okonkwo wrote. Okonkwo's notes; Adaeze agreed.", "Adaeze Okonkwo", ["Okonkwo", "Adaeze"]),
        ("Adaeze Okonkwo wrote. A. Okonkwo signed; AO initialled.", "Adaeze Okonkwo", ["A. Okonkwo", "AO"]),
        ("Adaeze Okonkwo wrote. ADAEZE OKONKWO in capitals.", "Adaeze Okonkwo", ["ADAEZE OKONKWO"]),
        ("Priya Raghunathan wrote; priya raghunathan in lower case.", "Priya Raghunathan", ["priya raghunathan"]),
        ("Siobhan O'Neill-Baptiste wrote. Ms O'Neill-\nBaptiste replied.", "Siobhan O'Neill-Baptiste",
         ["O'Neill-\nBaptiste"]),
        ("From: Okonkwo, Adaeze <x>. Adaeze Okonkwo wrote.", "Okonkwo, Adaeze", ["Adaeze Okonkwo"]),
        ("Will Turner chairs. Will Turner will draft; Mr Turner agreed.", "Will Turner", ["Will Turner", "Turner"]),
        ("Rose Hill rang. Mrs Hill is a tenant. Grace said so.", "Rose Hill", ["Hill"]),
    ],
)
def test_propagates(text: str, seed: str, expected: list[str]) -> None:
    found = propagated(text, seed)
    for item in expected:
        assert item in found, f"{item!r} not propagated (found {found})"


@pytest.mark.parametrize(
    ("text", "seed", "not_expected"),
    [
        ("Will Turner chairs. We will meet.", "Will Turner", ["will", "Will"]),
        ("Rose Hill rang. The rose garden on the hill; Hill Farm.", "Rose Hill", ["rose", "hill"]),
        ("May Chen agreed. In May the board met.", "May Chen", ["May"]),
        ("Ian Turner rang. The IT team met.", "Ian Turner", ["IT"]),
        ("Tom Whitfield wrote to tom.whitfield@x.gov.uk.", "Tom Whitfield", ["tom", "whitfield"]),
        ("Harbourside Borough Council met.", "Harbourside Borough Council", ["Harbourside"]),
    ],
)
def test_does_not_propagate(text: str, seed: str, not_expected: list[str]) -> None:
    found = propagated(text, seed)
    assert not set(found) & set(not_expected), found


def test_single_word_from_the_model_is_not_spread() -> None:
    assert propagated("Harbourside HB3 7QT. Harbourside Council.", "Harbourside", "NerPersonRecognizer") == []


def test_allowed_names_seed_nothing() -> None:
    text = "John Edwards, the Commissioner. Edwards said."
    page = PageText(number=0, text=text)
    finding = Finding(0, 0, 12, "PERSON", 0.9, "SpacyRecognizer", "John Edwards")
    assert propagate_names([page], [finding], allow=frozenset({"John Edwards"})) == []


def test_variants() -> None:
    variants = name_variants("Dr J. R. Whitfield")
    assert {"J. Whitfield", "Whitfield"} <= variants
    assert "Dr" not in " ".join(variants)
