"""The generated evaluation set (evaluation/): deterministic, honest labels, disjoint halves, wide coverage.

Only the last test loads the real spaCy model (marked slow); the others read the cached set in
.cache/eval/, building it on first use (about 15 s).
"""

from __future__ import annotations

import json
import random
from collections import Counter

import phonenumbers
import pytest

from evaluation import generate, sources
from evaluation.generate import (
    DEV_GENRES,
    GENRES_BY_HALF,
    SENSITIVE_TYPES,
    TEST_ONLY_GENRES,
    TEST_ONLY_VARIANTS,
    build_doc,
    label_bytes,
    load_half,
)
from evaluation.legacy import extract_pages, locate


@pytest.fixture(scope="module")
def halves() -> dict[str, list[generate.GenDoc]]:
    return {half: load_half(half) for half in ("dev", "test")}


def test_generator_is_deterministic() -> None:
    for half, index in (("dev", 0), ("dev", 4), ("test", 9)):
        first, second = build_doc(half, index), build_doc(half, index)
        assert label_bytes(first.labels) == label_bytes(second.labels)
        assert first.pdf == second.pdf


def test_cache_matches_a_fresh_build(halves) -> None:
    for doc in (halves["dev"][3], halves["test"][10]):
        fresh = build_doc(doc.half, int(doc.name.split("_")[1]))
        assert label_bytes(fresh.labels) == label_bytes(doc.labels)
        assert fresh.pdf == doc.pdf


def _values(docs: list[generate.GenDoc]) -> tuple[set[str], set[str]]:
    """(normalised non-name values, name tokens): what must never be shared by the two halves."""
    values, tokens = set(), set()
    for doc in docs:
        initials = {t for t, e in doc.labels["sensitive"] if e == "PERSON" and t.isupper() and len(t) <= 3}
        for text, entity in doc.labels["sensitive"]:
            if entity == "PERSON":
                if text not in initials:
                    tokens.update(sources.name_tokens(text))
            elif entity not in ("HEALTH",):  # health phrases are a shared vocabulary, not values
                values.add("".join(c for c in text.casefold() if c.isalnum()))
    return values, tokens


def test_halves_share_no_value(halves) -> None:
    dev_values, dev_tokens = _values(halves["dev"])
    test_values, test_tokens = _values(halves["test"])
    assert len(dev_values) > 1000 and len(test_values) > 1000
    assert not dev_values & test_values
    assert not dev_tokens & test_tokens


def test_every_label_is_found_in_the_extracted_text(halves) -> None:
    for docs in halves.values():
        for doc in docs:
            pages = extract_pages(doc.pdf)
            assert 1 <= len(pages) <= generate.MAX_PAGES
            sensitive, keep = locate(doc.eval_doc(), pages, hyphen_joins=True)  # raises when one is missing
            assert sensitive and keep, doc.name


def test_coverage_of_locales_regions_and_card_networks(halves) -> None:
    for docs in halves.values():
        info = generate.summary(docs)
        assert len(info["locales"]) >= 25
        assert len(info["phone_regions"]) >= 20
        assert set(info["distinct_gold_strings"]) == set(SENSITIVE_TYPES)
    cards = {c for docs in halves.values() for c in generate.summary(docs)["card_types"]}
    assert cards == set(sources.CARD_TYPES)


def test_genres_and_test_only_material(halves) -> None:
    dev = Counter(d.genre for d in halves["dev"])
    test = Counter(d.genre for d in halves["test"])
    assert set(dev) == set(DEV_GENRES)
    assert set(test) == set(GENRES_BY_HALF["test"])
    assert not set(TEST_ONLY_GENRES) & set(dev)
    dev_variants = {d.labels["style"]["variant"] for d in halves["dev"]}
    test_variants = {d.labels["style"]["variant"] for d in halves["test"]}
    assert set(TEST_ONLY_VARIANTS) <= test_variants and not set(TEST_ONLY_VARIANTS) & dev_variants
    assert {"story", "textbox"} <= dev_variants


def test_keep_items_present(halves) -> None:
    for docs in halves.values():
        keep = Counter(k for d in docs for k in d.labels["keep"])
        assert sum(keep.values()) >= 500
        for word in ("Data Protection Officer", "Website", "Information Commissioner's Office"):
            assert keep[word] > 0, word
        assert any(k.startswith("section 40") for k in keep)


def test_names_in_every_position(halves) -> None:
    docs = halves["dev"] + halves["test"]
    text = "\n".join(extract_pages(d.pdf)[0].text for d in docs)
    names = [t for d in docs for t, e in d.labels["sensitive"] if e == "PERSON"]
    assert any(n.islower() for n in names)                      # "contacts: john smith, mary jones"
    assert any(n.isupper() and len(n) <= 3 for n in names)      # initials, used alone later
    assert any(", " in n for n in names)                        # "Smith, John"
    assert any(n.split()[0].isupper() and len(n.split()[0]) > 1 for n in names if " " in n)  # "WANG Xiuying"
    for particle in ("Ní ", "van ", " bin ", "al-", "O'"):
        assert any(particle in n for n in names), particle
    assert "My name is " in text
    assert "Name:" in text
    assert "Interviewer: " in text or any(f"\n{n}: " in text for n in names)
    assert "'s " in text


def test_identifiers_follow_their_rules() -> None:
    rng = random.Random(7)
    for _ in range(200):
        digits = "".join(c for c in sources.nhs_number(rng) if c.isdigit())
        check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11) % 11
        assert check == int(digits[9])
        nino = sources.nino(rng).replace(" ", "").upper()
        assert nino[0] not in "DFIQUV" and nino[1] not in "DFIOQUV" and nino[:2] not in sources._NINO_BAD
        assert nino[-1] in "ABCD"
        assert len(sources.driving_licence(rng, sources.Source("dev").person(rng),
                                           sources.Source("dev").dob(rng)).replace(" ", "")) == 16
    source = sources.Source("test")
    for region in sources.PHONE_REGIONS:
        phone = source.phone(rng, region, "e164")
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone.e164))


@pytest.mark.slow
def test_run_end_to_end_on_a_slice(tmp_path) -> None:
    from evaluation import run

    out = tmp_path / "eval.json"
    assert run.main(["--limit", "6", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["halves"]) == {"dev", "test"}
    for half in data["halves"].values():
        assert half["documents"] == 6
        assert set(half["systems"]) == {"redactor", "presidio-default"}
        for system in half["systems"].values():
            assert 0 <= system["recall"] <= 1 and 0 <= system["keep"] <= 1 and 0 <= system["span_precision"] <= 1
            assert system["sensitive"] == sum(t["total"] for t in system["by_type"].values())
            assert set(system["by_type"]) <= set(SENSITIVE_TYPES)
            assert system["by_genre"]
