"""People's names found by a given-name gazetteer where the small NER model sees none: in tables and
lists, at the start of a dialogue line, after "My name is", and names of every origin the English model
was not trained on ("Adaeze Okonkwo", "Siobhán Ní Bhriain", "WANG Fang", "Søren Kierkegaard").

Evidence, not guesswork: a run of capitalised words on one line is a name when its first word is a
known given name (recognizers._names.given_names: ~45,000 forenames of 54 countries from the
gender-guesser package) and none of its words names an organisation, place or document (ORG_WORDS).
Family-name-first forms count when the surname is in capitals ("WANG Fang") or the last word is the
given name. A given name that is also a common English word ("John" is, "Hope" is ruled out entirely)
needs more when it starts a sentence: "In London" must not become a person.

A single word is taken only where the text says it is a name: "My name is X", "I'm X", "call me X",
and a dialogue speaker ("Amara: I saw it", "AMARA:" at the start of a line) when the word is a given name.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._names import (
    CAPS_NAME,
    INITIALS,
    NAME,
    ORG_WORDS,
    PARTICLE,
    TITLES,
    given_names,
    is_given_name,
    word_zipf,
)
from recognizers.ner_person import _ROLE_WORDS
from recognizers.street_address import STREET_WORDS

_WORD = rf"(?:{NAME}|{CAPS_NAME})"
# Two to four name words on one line, possibly with particles and middle initials between them.
RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’@._-]){_WORD}(?:[ ](?:{PARTICLE}[ ])?(?:{INITIALS}[ ]?)?{_WORD}){{1,3}}(?![\p{{L}}\p{{N}}@]|['’]\p{{L}}\p{{L}})"
)
# A single name where the sentence says so.
INTRODUCED = regex.compile(
    rf"(?<=\b(?i:my[ ]name[ ]is|my[ ]name's|i[ ]am|i'm|this[ ]is|call[ ]me|known[ ]as|ask[ ]for|speak[ ]to"
    rf"|spoke[ ]to|spoke[ ]with|talk[ ]to|named|called)[ ]){NAME}(?:[ ](?:{PARTICLE}[ ])?{NAME}){{0,2}}"
)
SPEAKER = regex.compile(rf"^[ ]*({NAME}|{CAPS_NAME})(?:[ ]({NAME}|{CAPS_NAME}))?[ ]?:", regex.MULTILINE)
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;]\s+|\n)\s*$")
_TITLE_PREFIX = regex.compile(rf"(?:{TITLES}\.?[ ])+")
_STREET_END = regex.compile(rf"\b{STREET_WORDS}$")
COMMON_GIVEN_ZIPF = 4.6  # "John" 5.4, "David" 5.4: names, but also the first word of many headings
ORDINARY_WORD_ZIPF = 4.0


def _words(run: str) -> list[str]:
    return [w for w in regex.split(r"[ \n]+", run) if w]


class GivenNameRecognizer(EntityRecognizer):
    ENTITY = "PERSON"
    PATTERNS: ClassVar[list[regex.Pattern[str]]] = [RUN, INTRODUCED, SPEAKER]
    CONTEXT: ClassVar[list[str]] = []
    SCORE = 0.6

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__, context=self.CONTEXT)

    def load(self) -> None:
        given_names()  # read the gazetteer once, when the detector is built

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
        })

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        results = []
        for m in RUN.finditer(text):
            title = _TITLE_PREFIX.match(m.group())
            start = m.start() + (title.end() if title else 0)
            if self.plausible_run(text, start, text[start:m.end()]):
                results.append(self._result(start, m.end()))
        for m in INTRODUCED.finditer(text):
            words = _words(m.group())
            if not any(w.casefold() in ORG_WORDS or w.casefold() in _ROLE_WORDS for w in words) and (
                    is_given_name(words[0]) or word_zipf(words[0]) < ORDINARY_WORD_ZIPF):
                results.append(self._result(m.start(), m.end()))
        for m in SPEAKER.finditer(text):
            words = [w for w in m.groups() if w]
            if is_given_name(words[0]) and not any(w.casefold() in ORG_WORDS for w in words):
                results.append(self._result(m.start(1), m.end(len(words))))
        return results

    @staticmethod
    def plausible_run(text: str, start: int, run: str) -> bool:
        words = _words(run)
        names = [w for w in words if "." not in w and w.casefold() not in {p.casefold() for p in PARTICLE_WORDS}]
        if len(names) < 2:
            return False
        if any(w.casefold().strip("'’") in ORG_WORDS or w.casefold() in _ROLE_WORDS for w in names):
            return False
        if _STREET_END.search(run):
            return False
        first, last = names[0], names[-1]
        if is_given_name(first) and not first.isupper():
            if word_zipf(first) >= COMMON_GIVEN_ZIPF and _SENTENCE_START.search(text, max(0, start - 3), start):
                # "John Smith said" at the start of a sentence, but not "In London" or "Do Not"
                return word_zipf(names[1]) < ORDINARY_WORD_ZIPF
            return True
        if first.isupper() and len(first) > 1 and is_given_name(last) and not last.isupper():
            return True  # family name first, in capitals: "WANG Fang", "NGUYEN Thi Lan"
        if len(names) <= 3 and is_given_name(last) and word_zipf(first) < 3.0 and word_zipf(last) < COMMON_GIVEN_ZIPF:
            return True  # "Wang Fang", "Nguyen Van An", "Okafor Chidi": a rare word before a given name
        # "Adaeze Okonkwo": two words that are not English words at all, capitalised inside a sentence
        return (len(names) == 2 and all(word_zipf(w) < 2.0 for w in names)
                and not _SENTENCE_START.search(text, max(0, start - 3), start) and not any(w.isupper() for w in names))


PARTICLE_WORDS = frozenset(PARTICLE.strip("(?:)").replace("|", " ").split())
