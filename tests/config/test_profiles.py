"""Profiles are validated when loaded: a bad one fails at start-up naming the file and the key."""

from __future__ import annotations

import pytest

from redactor.config.profiles import available_profiles, load_profile
from redactor.errors import ConfigError

GOOD = """
name: tiny
title: Tiny test profile
exemptions:
  s40(2):
    title: Personal information
    type: absolute
    justification: Third-party personal data.
entities:
  PERSON: s40(2)
"""


def test_default_profile_maps_core_entities():
    profile = load_profile("uk-foia")
    code = lambda entity: [e.code for e in profile.exemptions_for(entity)]  # noqa: E731
    assert code("PERSON") == ["s40(2)"]
    assert code("CASE_REFERENCE") == ["s31(1)(g)"]
    assert code("CRIME_REFERENCE") == ["s31(1)(b)"]
    assert code("IP_ADDRESS") == ["s31(1)(a)"]
    assert code("NOT_MAPPED") == []
    assert profile.exemptions["s31(1)(a)"].type == "qualified"
    assert profile.exemptions["s40(2)"].type == "absolute"


def test_every_shipped_profile_loads():
    for name in available_profiles():
        assert load_profile(name).exemptions


def test_profile_by_path(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD)
    assert load_profile(str(path)).name == "tiny"


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (lambda s: s.replace("PERSON: s40(2)", "PERSN: s40(2)"), "entities.PERSN: unknown entity type"),
        (lambda s: s.replace("PERSON: s40(2)", "PERSON: s99"), "exemption code 's99' is not defined"),
        (lambda s: s.replace("    justification: Third-party personal data.\n", ""), "justification"),
        (lambda s: s.replace("type: absolute", "type: sometimes"), "type"),
        (lambda s: s + "colour: blue\n", "colour"),
        (lambda s: s.replace("entities:", "entities: [\n"), "invalid YAML at line"),
    ],
)
def test_bad_profile_names_file_and_key(tmp_path, mutation, message):
    path = tmp_path / "bad.yaml"
    path.write_text(mutation(GOOD))
    with pytest.raises(ConfigError) as err:
        load_profile(str(path))
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_profile_hardening_options_validated(tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text(GOOD + "hardening:\n  remove_links: false\n  keep_metadata: [title]\n")
    options = load_profile(str(path)).harden_options()
    assert options.remove_links is False and tuple(options.keep_metadata) == ("title",)
    path.write_text(GOOD + "hardening:\n  remove_lnks: false\n")
    with pytest.raises(ConfigError, match="hardening.remove_lnks: unknown option"):
        load_profile(str(path))
    path.write_text(GOOD + "hardening:\n  annotations: burn\n")
    with pytest.raises(ConfigError, match="annotations"):
        load_profile(str(path))
