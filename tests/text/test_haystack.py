"""Verification's indexed counting must agree with the plain definition (whole-word, non-overlapping
regex matches) on every needle: a difference would be a missed leak or a false alarm."""

from __future__ import annotations

import random

import pytest

from redactor.text.normalise import Haystack, count_occurrences, normalise

WORDS = ["tom", "whitfield", "tommy", "o'neill", "o", "neill", "ab-12", "ab", "12", "x_y", "hbc-fs01",
         "10.20.4.17", "(ref", "ref)", "é", "éa", "aa", "a"]


@pytest.mark.parametrize("seed", range(4))
def test_indexed_count_equals_regex_count(seed):
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) + rng.choice(["", " ", ", ", "-", "'s"]) for _ in range(3000))
    haystack = Haystack(text)
    for _ in range(1500):
        needle = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.2:
            needle = needle[: rng.randint(1, len(needle))]
        assert haystack.count(needle) == count_occurrences(needle, text), needle


def test_overlapping_occurrences_count_once():
    assert Haystack("neill o'neill o'neill").count("neill o'neill") == 1
    assert Haystack("tommy tom tom.").count("tom") == 2


@pytest.mark.parametrize("seed", range(4))
def test_short_text_count_equals_regex_count(seed):
    """Short texts (one annotation, one form field) answer absent needles with a substring test."""
    rng = random.Random(seed)
    for _ in range(300):
        text = " ".join(rng.choice(WORDS) + rng.choice(["", " ", ", ", "-", "'s"]) for _ in range(rng.randint(0, 30)))
        haystack = Haystack(text)
        for _ in range(20):
            needle = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.2:
                needle = needle[: rng.randint(1, len(needle))]
            assert haystack.count(needle) == count_occurrences(needle, text), (needle, text)


@pytest.mark.parametrize("seed", range(4))
def test_newline_joined_texts_count_the_sum(seed):
    """verify checks a channel's texts joined by newlines first: a normalised needle has no newline, so
    its count there must be the sum of its counts in the separate texts (0 there means 0 in each)."""
    rng = random.Random(seed)
    for _ in range(50):
        texts = [normalise(" ".join(rng.choice(WORDS) + rng.choice(["", " ", ", ", "-", "'s"])
                                    for _ in range(rng.randint(0, 40)))) for _ in range(rng.randint(1, 60))]
        joined = Haystack("\n".join(texts))
        for _ in range(30):
            needle = normalise(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))))
            if rng.random() < 0.2:
                needle = needle[: rng.randint(1, len(needle))]
            assert joined.count(needle) == sum(count_occurrences(needle, t) for t in texts), needle


@pytest.mark.parametrize("scans", [0, 10**9])
@pytest.mark.parametrize("seed", range(3))
def test_scanned_and_indexed_counts_agree(seed, scans, monkeypatch):
    """A long text answers its first needles by str.find scans and the rest from a word index: each way
    alone must give the regex's count (scans=0: always the index; scans=10**9: never)."""
    import redactor.text.normalise as text_normalise

    monkeypatch.setattr(text_normalise, "_SCANS", scans)
    monkeypatch.setattr(text_normalise, "_SHORT_TEXT", 0)
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) + rng.choice(["", " ", ", ", "-", "'s", "_"]) for _ in range(2000))
    haystack = Haystack(text)
    for _ in range(600):
        needle = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.2:
            needle = needle[rng.randint(0, len(needle) - 1):]
        assert haystack.count(needle) == count_occurrences(needle, text), needle
    assert (haystack._starts is None) == (scans > 0)


@pytest.mark.parametrize("seed", range(3))
def test_index_limited_to_known_needles_counts_every_needle(seed, monkeypatch):
    """Told its needles, a haystack indexes only their first words; a needle it was not told of (or one
    asked after the index exists) is still counted exactly, by scanning."""
    import redactor.text.normalise as text_normalise

    monkeypatch.setattr(text_normalise, "_SCANS", 0)
    monkeypatch.setattr(text_normalise, "_SHORT_TEXT", 0)
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) + rng.choice(["", " ", ", ", "-", "'s"]) for _ in range(2000))
    known = [" ".join(rng.choice(WORDS[:9]) for _ in range(rng.randint(1, 3))) for _ in range(40)]
    haystack = Haystack(text, known)
    for needle in known + [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2))) for _ in range(300)]:
        assert haystack.count(needle) == count_occurrences(needle, text), needle
    assert haystack._starts is not None and set(haystack._starts) <= set(WORDS[:9])
