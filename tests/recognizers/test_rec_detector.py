"""The recognizer set inside the real Detector (stub spaCy pipeline): registry, YAML switches, and the
cleaned-up NER person recognizer."""

from __future__ import annotations

import pytest
import spacy
from stubnlp import make_stub_nlp

from recognizers import ENTITY_TYPES, RECOGNIZERS, build_recognizers
from recognizers.ner_person import NerPersonRecognizer
from redactor.config.settings import RecognizerSettings, load_settings
from redactor.detect import Detector
from redactor.page import PageText


@pytest.fixture(scope="module")
def stub_people() -> spacy.language.Language:
    """The stub pipeline tagging what a statistical model might wrongly call a PERSON."""
    return make_stub_nlp([
        {"label": "PERSON", "pattern": [{"TEXT": "Adaeze"}, {"TEXT": "Okonkwo"}, {"TEXT": "\n"}, {"TEXT": "Information"}]},
        {"label": "PERSON", "pattern": "Complaints Officer"},
        {"label": "PERSON", "pattern": "NCSC"},
        {"label": "PERSON", "pattern": "Ferry Lane"},
        {"label": "PERSON", "pattern": "Tom Lane"},
        {"label": "PERSON", "pattern": "Madam"},
    ])


def detect(nlp: spacy.language.Language, text: str, settings: RecognizerSettings | None = None) -> dict[str, str]:
    detector = Detector(settings or load_settings(None), nlp=nlp)
    return {f.text: f.entity_type for f in detector.detect([PageText(number=0, text=text)])}


def test_every_entity_type_is_known() -> None:
    for recognizer in build_recognizers():
        assert set(recognizer.supported_entities) <= ENTITY_TYPES


def test_class_names_do_not_shadow_presidio_defaults() -> None:
    # Presidio's default registry finds predefined recognizers by class name among all subclasses.
    import presidio_analyzer.predefined_recognizers as predefined

    assert not {cls.__name__ for cls in RECOGNIZERS.values()} & set(dir(predefined))


def test_yaml_switches_recognizers_off() -> None:
    assert len(build_recognizers({"health": False})) == len(RECOGNIZERS) - 1


def test_ner_person_cuts_at_line_breaks_and_drops_roles(stub_people: spacy.language.Language) -> None:
    found = detect(stub_people, "Adaeze Okonkwo\nInformation Governance. The NCSC and the Complaints Officer.")
    assert found.get("Adaeze Okonkwo") == "PERSON"
    assert "Information" not in found and "NCSC" not in found and "Complaints Officer" not in found


def test_ner_person_leaves_a_street_after_a_house_number_to_the_address(stub_people) -> None:
    """The small model tags "Ferry Lane" in "7 Ferry Lane" as a person (seen on the scanned sample)."""
    found = detect(stub_people, "The resident of 7 Ferry Lane, Harbourside HB2 8TR was told.")
    assert found.get("7 Ferry Lane") == "STREET_ADDRESS"
    assert "Ferry Lane" not in found
    # a surname that is a street word is still a name where no house number comes before it
    assert detect(stub_people, "Please contact Tom Lane in room 12.").get("Tom Lane") == "PERSON"
    assert detect(stub_people, "Room 12: Tom Lane").get("Tom Lane") == "PERSON"


def test_ner_person_drops_a_salutation(stub_people) -> None:
    """"Dear Sir or Madam": the small model tags "Madam" as a person on the scanned FOI thread."""
    assert "Madam" not in detect(stub_people, "Dear Sir or Madam,\nThank you for your request.")


@pytest.mark.parametrize("piece", ["Harbourside HB3 7QT", "Senior HR", "NCSC", "Civic Centre", "Action Fraud"])
def test_ner_person_implausible(piece: str) -> None:
    assert not NerPersonRecognizer.plausible(piece)


def test_detector_finds_breach_details(stub_people: spacy.language.Language) -> None:
    text = ("Our ref: HBC-DPB-2024-0117 under section 31(1)(g). Dear Priya,\n"
            "HBC-FS01 (10.20.4.17) was encrypted by LockBit 3.0 on 12 May 2024.")
    found = detect(stub_people, text)
    assert found["HBC-DPB-2024-0117"] == "INCIDENT_REFERENCE"
    assert found["Priya"] == "PERSON"
    assert found["HBC-FS01"] == "HOSTNAME" and found["10.20.4.17"] == "IP_ADDRESS"
    assert "section 31(1)(g)" not in " ".join(found) and "12 May 2024" not in found


def test_extra_regex_from_yaml(stub_people: spacy.language.Language) -> None:
    settings = RecognizerSettings.model_validate({
        "extra": [{"name": "codename", "entity_type": "CASE_REFERENCE", "regex": r"\bNIGHTJAR-\d+\b",
                   "score": 0.8, "context": ["operation"], "case_sensitive": True}],
    })
    assert detect(stub_people, "Operation NIGHTJAR-7 began", settings)["NIGHTJAR-7"] == "CASE_REFERENCE"
