"""The speed-ups in recognizers._base change no finding: a gated pattern finds what its plain regex finds,
the str.find scan for repeated references finds what the per-reference regex found, phrase_alternation
matches what the flat alternation matched, and patterns are compiled once, not per analyze() call."""

from __future__ import annotations

import random

import pytest
import regex

from recognizers import build_recognizers
from recognizers._base import REGEX_FLAGS, GatedPattern, phrase_alternation, repeat_spans
from tests.recognizers.test_rec_patterns import NEGATIVES, POSITIVES

# Text on which every gate passes somewhere, so that the gated and plain runs are compared on matches.
TEXTS = [row[1] for row in POSITIVES] + [row[1] for row in NEGATIVES] + [
    "\n".join(row[1] for row in POSITIVES),
    "From: Okonkwo, Adaeze <a.okonkwo@x.gov.uk>\nTo: Tom Whitfield; Priya Raghunathan\n"
    "Subject: account lockout\nusername: tw_admin, logged in as jsmith. Password: Hunter2! The api key is\n"
    "'c2VjcmV0LXRva2VuLWZvci10ZXN0aW5nLTEyMzQ1' and the SSID: HBC-Guest. Sort code: 20-45-67, acct 41234567.\n"
    "DOB: (dd/mm/yyyy) 03/07/1961. Vehicle reg HX19 KTR parked. staff number E104233. ICO ref: 0123456/AB.\n"
    "crime reference number 43/18822/24. Our ref: HBC-DPB-2024-0117. Ticket SEC-1432; SEC-1432 again.\n"
    "Kind regards,\nPriya Raghunathan\nReported by: Gareth Pryce-Llewellyn\nBearer abcdefghijklmnop1234=",
]


def _plain(recognizer):
    """The same recognizer with every pattern compiled plainly, without gates."""
    plain = type(recognizer)()
    for p in plain.patterns:
        p.compiled_regex = regex.compile(p.regex, flags=REGEX_FLAGS)
    return plain


def _spans(recognizer, text: str) -> list[tuple]:
    results = recognizer.analyze(text, recognizer.supported_entities, None, regex_flags=REGEX_FLAGS)
    return [(r.start, r.end, r.entity_type, r.score, r.analysis_explanation.pattern_name) for r in results]


GATED = [r for r in build_recognizers() if any(isinstance(p, GatedPattern) for p in getattr(r, "patterns", []))]


@pytest.mark.parametrize("recognizer", GATED, ids=lambda r: r.name)
def test_gates_change_no_finding(recognizer) -> None:
    plain = _plain(recognizer)
    for text in TEXTS:
        assert _spans(recognizer, text) == _spans(plain, text), text


@pytest.mark.parametrize("recognizer", GATED, ids=lambda r: r.name)
def test_every_gate_is_met_by_the_positive_rows(recognizer) -> None:
    """Keeps the comparison above meaningful: each gate passes on some test text."""
    for p in recognizer.patterns:
        if isinstance(p, GatedPattern):
            gate = regex.compile(p.gate, flags=REGEX_FLAGS)
            assert any(gate.search(t) for t in TEXTS), f"no test text meets the gate of {p.name!r}"


def test_patterns_are_compiled_once() -> None:
    for recognizer in build_recognizers():
        for p in getattr(recognizer, "patterns", []):
            before = p.compiled_regex
            recognizer.analyze("x", recognizer.supported_entities, None, regex_flags=REGEX_FLAGS)
            assert p.compiled_regex is before and p.compiled_with_flags == REGEX_FLAGS, (recognizer.name, p.name)


def test_other_flags_still_work() -> None:
    """Presidio recompiles (without the gate) when called with other flags; the result is still right."""
    recognizer = next(r for r in build_recognizers() if r.name == "CredentialRecognizer")
    text = "the password was set to Welcome123"
    found = recognizer.analyze(text, recognizer.supported_entities, None, regex_flags=regex.DOTALL)
    assert [text[r.start:r.end] for r in found] == ["Welcome123"]


def test_repeat_spans_is_the_regex_scan() -> None:
    rng = random.Random(7)
    alphabet = "AB-/. _1\né"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        key = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        expected = [m.span() for m in regex.finditer(rf"(?<![\w/-]){regex.escape(key)}(?![\w/-]|\.\w)", text)]
        assert list(repeat_spans(text, key)) == expected, (text, key)


def test_phrase_alternation_is_the_flat_alternation() -> None:
    phrases = ["a stroke", "stroke", "ab", "abc", "Abd", "b", "ME/CFS", "me", "type 1", "type", "TB", "t"]
    grouped = regex.compile(rf"(?<![\w-])(?i:{phrase_alternation(phrases)})(?![\w-])")
    flat = regex.compile(rf"(?<![\w-])(?i:(?:{'|'.join(regex.escape(p) for p in phrases)}))(?![\w-])")
    rng = random.Random(11)
    words = [*phrases, "ABC", "a", "s", " ", "-", "/", "CFS", "1", "stroked", "\u212a", "\u017f"]
    for _ in range(20000):
        text = "".join(rng.choice(words) + rng.choice(["", " ", "  ", "\n", "-"]) for _ in range(rng.randint(0, 8)))
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)], text
