"""Profiles beyond FOIA (EIR, SAR, US FOIA), several exemptions per redaction, context rules, keep rules,
subject-access mode, and allow/deny lists: decided on real extracted pages with the stub detector."""

from __future__ import annotations

import pymupdf
import pytest
import yaml

from redactor.config.lists import load_term_list
from redactor.config.profiles import available_profiles, load_profile
from redactor.config.run import Requester
from redactor.decide import plan
from redactor.extract import extract_document

LETTER = [
    "Subject access request from Tom Whitfield (t.whitfield@example.com, 07700 900123).",
    "Our officer Adaeze Okonkwo spoke to Priya Raghunathan about case IC-304588-B6D4.",
    "The file server HBC-FS01 at 10.20.4.17 was accessed.",
    "John Edwards, Information Commissioner, was informed.",
]


def _pages(lines: list[str]):
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((50, 80 + 16 * i), line, fontsize=10)
    return extract_document(doc)


@pytest.fixture
def letter(detector):
    pages = _pages(LETTER)
    return pages, detector.detect(pages)


def _codes(result) -> dict[str, str]:
    return {d.text: "; ".join(e.code for e in d.exemptions) for d in result.decisions}


@pytest.mark.parametrize(
    ("profile", "person", "ip", "case"),
    [
        ("uk-foia", "s40(2)", "s31(1)(a)", "s31(1)(g)"),
        ("uk-eir", "reg13(1)", "reg12(5)(a)", "reg12(5)(b)"),
        ("uk-dpa-sar", "Sch2-Pt3-para16", "Sch2-Pt1-para2", None),
        ("us-foia", "(b)(6)", "(b)(7)(E)", "(b)(7)(E)"),
    ],
)
def test_profile_mapping(letter, profile, person, ip, case):
    pages, findings = letter
    codes = _codes(plan(pages, findings, load_profile(profile)))
    assert codes["Adaeze Okonkwo"] == person
    assert codes["10.20.4.17"] == ip
    assert codes.get("IC-304588-B6D4") == case  # a SAR does not withhold the requester's own case ref


def test_public_official_in_role_is_kept(letter):
    pages, findings = letter
    result = plan(pages, findings, load_profile("uk-foia"))
    assert "John Edwards" not in _codes(result)
    assert any(k.text == "John Edwards" and "public role" in k.reason for k in result.kept)


def test_sar_requester_data_released_third_parties_withheld(letter):
    pages, findings = letter
    who = Requester(name="Tom Whitfield", emails=("t.whitfield@example.com",), phones=("+44 7700 900123",))
    result = plan(pages, findings, load_profile("uk-dpa-sar"), requester=who)
    codes = _codes(result)
    assert "Tom Whitfield" not in codes
    assert "t.whitfield@example.com" not in codes
    assert "07700 900123" not in codes  # same number, written nationally
    assert "Adaeze Okonkwo" in codes and "Priya Raghunathan" in codes
    reasons = {k.text: k.reason for k in result.kept}
    assert "released by design" in reasons["Tom Whitfield"]


def test_without_requester_everyone_is_withheld(letter):
    pages, findings = letter
    codes = _codes(plan(pages, findings, load_profile("uk-dpa-sar")))
    assert "Tom Whitfield" in codes


def _with_rule(tmp_path, mode: str) -> str:
    data = yaml.safe_load(available_profiles()["uk-foia"].read_text())
    data["context_rules"] = [{"name": "ns", "keywords": ["national security"], "scope": "document",
                              "entity_types": ["IP_ADDRESS", "HOSTNAME"], "exemptions": ["s24(1)"], "mode": mode}]
    path = tmp_path / f"ns-{mode}.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


@pytest.mark.parametrize(("mode", "expected"), [("replace", "s24(1)"), ("add", "s31(1)(a); s24(1)")])
def test_context_rule_relabels_security_details(detector, tmp_path, mode, expected):
    pages = _pages([*LETTER, "This concerns national security systems."])
    result = plan(pages, detector.detect(pages), load_profile(_with_rule(tmp_path, mode)))
    codes = _codes(result)
    assert codes["10.20.4.17"] == expected
    assert codes["Adaeze Okonkwo"] == "s40(2)"  # not a security detail: untouched


def test_context_rule_not_triggered_without_keywords(detector, tmp_path, letter):
    pages, findings = letter
    assert _codes(plan(pages, findings, load_profile(_with_rule(tmp_path, "replace"))))["10.20.4.17"] == "s31(1)(a)"


def test_several_exemptions_on_one_redaction(detector):
    pages = _pages(["Records of Special Agent Tom Whitfield, FBI investigation."])
    codes = _codes(plan(pages, detector.detect(pages), load_profile("us-foia")))
    assert codes["Tom Whitfield"] == "(b)(6); (b)(7)(C)"


def test_deny_list_withholds_with_its_exemption(letter, tmp_path):
    pages, findings = letter
    deny = tmp_path / "deny.yaml"
    deny.write_text("exemption: s43(2)\nterms: [file server]\n")
    codes = _codes(plan(pages, findings, load_profile("uk-foia"), deny=(load_term_list(deny),)))
    assert codes["file server"] == "s43(2)"


def test_allow_list_keeps_terms(letter, tmp_path):
    pages, findings = letter
    allow = tmp_path / "allow.txt"
    allow.write_text("# public DPO\nPriya Raghunathan\n")
    result = plan(pages, findings, load_profile("uk-foia"), allow=load_term_list(allow))
    assert "Priya Raghunathan" not in _codes(result)
    assert "Adaeze Okonkwo" in _codes(result)


def test_deny_list_code_must_exist_in_profile(tmp_path):
    from redactor.config.run import RunOptions
    from redactor.errors import ConfigError

    deny = tmp_path / "deny.yaml"
    deny.write_text("exemption: s99\nterms: [x]\n")
    with pytest.raises(ConfigError, match="s99"):
        RunOptions.build(tmp_path, deny_lists=(deny,))


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"context_rules": [{"name": "x", "keywords": ["a"], "entity_types": ["NOPE"], "exemptions": ["s24(1)"]}]},
         "unknown entity type 'NOPE'"),
        ({"context_rules": [{"name": "x", "keywords": ["a"], "entity_types": ["IP_ADDRESS"], "exemptions": ["s1"]}]},
         "'s1' is not defined"),
    ],
)
def test_bad_context_rule_is_reported(tmp_path, patch, message):
    from redactor.errors import ConfigError

    data = yaml.safe_load(available_profiles()["uk-foia"].read_text())
    data.update(patch)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_profile(str(path))


SAR_LETTER = [
    "Ms Siobhán Ní Bhriain",
    "27 Kestrel Avenue",
    "Harbourside HB4 2PL",
    "Dear Ms Ní Bhriain,",
    "Requester: Siobhán Ní Bhriain",
    "Ms Ní Bhriain's complaint was handled by Tom Whitfield, who spoke to her neighbour",
    "Mr Daniel Achterberg of 14 Marsh Lane, Harbourside HB3 7QT.",
]


def test_sar_requester_title_particle_surname_and_address_block_released(detector):
    """Issue 18: the letter's "Ms <name>" and the address it was sent to are the requester's own; a
    third party's address in the same letter is not, and role words are never names."""
    pages = _pages(SAR_LETTER)
    result = plan(pages, detector.detect(pages), load_profile("uk-dpa-sar"),
                  requester=Requester(name="Siobhán Ní Bhriain"))
    withheld = " | ".join(_codes(result))
    for own in ("Bhriain", "27 Kestrel Avenue", "HB4 2PL", "Requester"):
        assert own not in withheld
    for third_party in ("Tom Whitfield", "Daniel Achterberg", "14 Marsh Lane", "HB3 7QT"):
        assert third_party in withheld
    reasons = {k.text: k.reason for k in result.kept}
    assert "addressed to them" in reasons["27 Kestrel Avenue"]
    assert "released by design" in reasons["Ní Bhriain"]


def test_sar_shared_surname_of_another_person_not_released_alone(detector):
    pages = _pages(["Ms Siobhán Ní Bhriain wrote about her brother Cathal Ní Bhriain.", "Cathal said no."])
    result = plan(pages, detector.detect(pages), load_profile("uk-dpa-sar"),
                  requester=Requester(name="Siobhán Ní Bhriain"))
    assert any("Cathal" in d.text for d in result.decisions)
    assert "Siobhán Ní Bhriain" not in _codes(result)


def test_switchboard_number_is_public_and_a_direct_line_is_not(detector):
    pages = _pages(["Switchboard (public): 0121 496 0000", "Direct line: 0121 496 0123",
                    "General enquiries 0300 123 4567; Mobile: 07700 900361"])
    result = plan(pages, detector.detect(pages), load_profile("uk-foia"))
    withheld = " | ".join(_codes(result))
    assert "0121 496 0000" not in withheld and "0300 123 4567" not in withheld
    assert "0121 496 0123" in withheld and "07700 900361" in withheld
    reasons = {k.text: k.reason for k in result.kept}
    assert "public number" in reasons["0121 496 0000"]
