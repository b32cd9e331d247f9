"""Health in prose near a person (issue 18 item 4): conditions, treatments and procedures, not only after
"diagnosed with". Each row is (text, exactly what HealthRecognizer must report); the negatives (ordinary
uses of the same words, organisational health language) are at least as many as the positives."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from recognizers._health_terms import CONDITIONS, MEDICINES
from recognizers.health import HealthRecognizer
from tests.recognizers.test_rec_patterns import find

POSITIVES = [
    ("Tom is recovering from knee surgery.", ["knee surgery"]),
    ("Her care team at St Mary's are treating her diabetes.", ["diabetes"]),
    ("Dev is on sick leave with anxiety.", ["anxiety"]),
    ("Priya is undergoing chemotherapy.", ["chemotherapy"]),
    ("He was sectioned last year.", ["sectioned"]),
    ("Tom was sectioned under the Act in 2023.", ["sectioned"]),
    ("Priya is pregnant.", ["pregnant"]),
    ("Tom has been in hospital after a stroke.", ["a stroke"]),
    ("Mr Patel had an operation on his back in May.", ["operation"]),
    ("She is off work after a shoulder injury.", ["a shoulder injury"]),
    ("The employee was detained under section 2 of the Mental Health Act.",
     ["detained under section 2 of the Mental Health Act"]),
    ("Nadia is recovering from surgery and will return in June.", ["surgery"]),
    ("Her father is awaiting a hip replacement.", ["a hip replacement"]),
    ("He has been unwell with pneumonia since March.", ["pneumonia"]),
    ("The claimant underwent physiotherapy for whiplash.", ["physiotherapy", "whiplash"]),
    ("Ms Okafor had emergency surgery on Friday.", ["emergency surgery"]),
    ("She takes sertraline 50mg and is living with PTSD.", ["sertraline 50mg", "PTSD"]),
    ("The tenant told us he is receiving palliative care at home.", ["palliative care"]),
    ("Siobhan has been off sick with long COVID since January.", ["long COVID"]),
    ("His GP said the migraines were caused by stress.", ["migraines", "stress"]),
    ("Josephine is recovering from hip replacement surgery.", ["hip replacement surgery"]),
    ("A. Abdou has started chemotherapy.", ["chemotherapy"]),
    ("Prof. Duran is due to have a\nhysterectomy next month.", ["a\nhysterectomy"]),
    ("Luisa has started a course of antidepressants.", ["a course of antidepressants"]),
    ("Mr. Seda Sener has started dialysis.", ["dialysis"]),
    ("Kazimierz Golak attends dialysis twice a week.", ["dialysis"]),
    ("Anyi has been off work after a heart bypass.", ["a heart bypass"]),
    ("E. Crevoisier attends IVF treatment twice a week.", ["IVF treatment"]),
    ("Nicholas Vance lives with type 2 diabetes.", ["type 2 diabetes"]),
    ("Graham's care team at the hospital is treating his kidney failure.", ["kidney failure"]),
    ("Dacian has long COVID and asked for reasonable\nadjustments.", ["long COVID"]),
    ("Kirsty was admitted to hospital with complications of Crohn's\ndisease.", ["Crohn's\ndisease"]),
    ("Dr Mac Eoinin lives with early-onset dementia.", ["early-onset dementia"]),
]

NEGATIVES = [
    "It was a stroke of luck that he noticed the email.",
    "The health and safety team reviewed the incident.",
    "System health checks showed the server was fine.",
    "Operation Yewtree led to his arrest.",
    "He was arrested after an operation by the NCA.",
    "The police operation ended at 06:00 and he was released.",
    "The report was sectioned into three parts.",
    "Her MP's surgery is on Fridays.",
    "She called the GP surgery to check her address.",
    "The council admitted that stress testing was not done.",
    "Our disaster recovery plan covers cancer services data.",
    "A security consultant tested the firewall.",
    "The emergency operations centre was opened.",
    "The hospital's cancer services were not affected by the breach.",
    "A major operation to recover the data followed.",
    "Our Mental Health Awareness Week and the Disability Discrimination Act.",
    "The council runs diabetes prevention programmes.",
    "Stress testing of the backups was completed.",
    "After the operation, officers returned to the station and he was interviewed.",
    "The back office team handled the operation of the new system.",
    "He gave a breakdown of the costs to the board.",
    "Their keynote on blind spots in cyber security was well received.",
    "The council has started a review of its stress management policy.",
    "Staff attend the annual health and safety briefing.",
    "The service has a duty of care to all residents.",
    "He attends the Monday meeting and has a Windows 11 laptop.",
    "The team lives with the legacy system until the upgrade in May.",
    "Mr. Patel asked about the cancer services contract renewal.",
    "Prof. Jones gave a lecture on heart failure modelling.",
    "The audit found a condition in the contract that was not met.",
    "A. Smith reported a failure of the backup job.",
    "The operation of the new CCTV system began in June.",
    "Their request was treated as a complaint.",
    "The supplier's infection control policy was reviewed.",
    "The report includes a breakdown of sick leave statistics for all staff.",
    "The police operation to recover the stolen laptop was a success.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_positive(text: str, expected: list[str]) -> None:
    assert find("health", text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_negative(text: str) -> None:
    assert find("health", text) == []


def test_negatives_at_least_as_many_as_positives() -> None:
    assert len(NEGATIVES) >= len(POSITIVES)


def test_a_person_the_ner_model_found_is_a_cue() -> None:
    """In the detector the spaCy PERSON entities reach the recognizer: a name alone ties the condition to
    a person ("Notes for Amara Okafor: diabetes"), where the regex cues find nothing."""
    text = "Notes for Amara Okafor: diabetes, see file."
    recognizer = HealthRecognizer()
    assert recognizer.analyze(text, ["HEALTH"], None) == []
    person = SimpleNamespace(label_="PERSON", start_char=10, end_char=22)
    artifacts = SimpleNamespace(entities=[person], tokens=[], keywords=[])
    found = recognizer.analyze(text, ["HEALTH"], artifacts)
    assert [text[r.start:r.end] for r in found] == ["diabetes"]


@pytest.mark.parametrize("phrases", [CONDITIONS, MEDICINES], ids=["conditions", "medicines"])
def test_no_phrase_is_hidden_by_an_earlier_one(phrases: list[str]) -> None:
    """At one position the first phrase that fits wins, so "cancer" before "cancer treatment" would cut
    the longer one short."""
    lower = [p.lower() for p in phrases]
    assert len(set(lower)) == len(lower)
    for i, phrase in enumerate(lower):
        for earlier in lower[:i]:
            assert not (phrase.startswith(earlier) and not phrase[len(earlier)].isalnum()), (earlier, phrase)
