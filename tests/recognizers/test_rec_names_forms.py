"""Name forms added for issue 18's generalisation work: romanised hyphenated given names ("I-ting"),
the other pairs of a lower-case list of names, a rare capitalised word as the possessor of something
only a person has, initials with diacritics. Negatives: English hyphenated compounds, lists of ordinary
words, organisations' possessives."""

from __future__ import annotations

import pytest

from recognizers._base import REGEX_FLAGS
from recognizers._names import is_given_name
from recognizers.given_name import GivenNameRecognizer
from recognizers.initials_name import InitialsNameRecognizer


def given(text: str) -> list[str]:
    return [text[r.start:r.end] for r in sorted(GivenNameRecognizer().analyze(text, ["PERSON"]), key=lambda r: r.start)]


@pytest.mark.parametrize("word", ["I-ting", "Hsiao-wen", "Seo-yeon", "Ya-ting", "Mei-ling"])
def test_romanised_hyphenated_given_names(word: str) -> None:
    assert is_given_name(word)


@pytest.mark.parametrize("word", ["E-mail", "X-ray", "T-shirt", "Log-in", "Set-up", "Re-use", "Wi-fi", "Follow-up",
                                  "A-level", "Opt-out", "Pre-war"])
def test_english_compounds_are_not_given_names(word: str) -> None:
    assert not is_given_name(word)


POSITIVES = [
    ("Interviewee: Tseng I-ting\nI-ting: My name is Tseng I-ting.", ["Tseng I-ting", "I-ting", "Tseng I-ting"]),
    ("Staff involved: fariq sha, josephine parkinson and mark olawale. None of them", 
     ["fariq sha", "josephine parkinson", "mark olawale"]),
    ("Contacts for the review were paige wright and hadassa\nmendonça.", ["hadassa\nmendonça"]),
    ("the fact that Akinwale's care team at the hospital is treating", ["Akinwale"]),
    ("money was taken from Okonjo's debit card twice", ["Okonjo"]),
    ("Nowak's daughter attends the school", ["Nowak"]),
    # chat exports: a speaker after a stamp of a time, or a date and a time, in any display-name form
    ("[12/03/2023 14:02] Tseng I-ting: can someone check", ["Tseng I-ting"]),
    ("[12/03/2023, 14:03:11] Okafor, Amara: on it", ["Okafor, Amara"]),
    ("12/03/2023 14:04 - WANG Fang: ok", ["WANG Fang"]),
    ("[2023-03-12 14:10] Kowalczyk: hi", ["Kowalczyk"]),
    ("@Amara the bridge is open", ["Amara"]),
    ("thanks @Tseng I-ting", ["Tseng I-ting"]),
    # a name a narrow column wrapped: the line before is full and the sentence goes on below
    ("The caseworker has since left the council and the\nreview panel met twice. Present: Lucas Jauk, Beni\n"
     "Guggenberger and two others from the housing team who\nattended the whole session on Tuesday afternoon.",
     ["Lucas Jauk", "Beni\nGuggenberger"]),
    # lower-case names after to/from/by/with/cc; a rare given name alone inside a sentence
    ("The email was forwarded to gail thompson by mistake.", ["gail thompson"]),
    ("In her statement Ludvík explained that the letter never arrived.", ["Ludvík"]),
    # a given name and a surname that is also a street word
    ("Attendees included Teresa Green and the manager.", ["Teresa Green"]),
    # a given name alone as the one spoken to or the one who explained, also one that is an everyday word
    ("We spoke to Grace on Tuesday about the letter.", ["Grace"]),
    ("In her statement Justin explained that the letter never arrived.", ["Justin"]),
]
NEGATIVES = [
    "She passed her A-level exams. The X-ray and T-shirt. I-beam supports.",
    "we discussed: data protection, cyber security and risk management.",
    "items: email setup, log-in issues and wi-fi access",
    "Fortinet's advisory and Veeam's backup; the Council's letter; Citrix's support team",
    "Microsoft's card reader failed; Google's home page",
    "agenda: budget review, staff survey and office moves.",
    "[14:06] System: call recording started\n[14:07] Service Desk: ticket raised\n[14:09] Bot: hello",
    "[14:11] Action Items: none\n[14:12] Next Steps: review\n[14:08] OK: fine",
    "mail it@harbourside.gov.uk or @Microsoft or @Council, @channel",
    # a form's next field below a full line is no wrapped name
    "Address 88 McMahon Street in Constance Ville near Maureen\nPostcode W98 1FD\nPhone 0121 496 0000\nEmail x@y.org",
    "sent to data protection by post; passed to adult social care on Monday",
    "the server in Azure and the Veeam console, hosted in Dublin by Fortinet",
    "posted to 47212 Saint-Alphonse-les-Bains in error",
    "the meeting at Victoria Road and at Park Lane",
    "Microsoft confirmed the fix; we told Citrix; the Council said no; We spoke to Support about it",
    "Will said he would. The report said so. Patch Tuesday said nothing.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_positive(text: str, expected: list[str]) -> None:
    found = set(given(text))
    assert set(expected) <= found
    assert all(any(e in f or f in e for e in expected) for f in found)  # nothing beside the names


@pytest.mark.parametrize("text", NEGATIVES)
def test_negative(text: str) -> None:
    assert given(text) == []


def test_initials_with_diacritics() -> None:
    text = "connected from 192.168.122.166. Ē. Bērziņa revoked it"
    r = InitialsNameRecognizer()
    assert [text[x.start:x.end] for x in r.analyze(text, ["PERSON"], None, regex_flags=REGEX_FLAGS)] == ["Ē. Bērziņa"]
