"""spaCy PERSON entities, cleaned up for letters and tables: the small English model often runs a name
into the next line ("Adaeze Okonkwo\\nInformation Governance Officer") or tags a team, a place or an
acronym as a person ("Complaints Officer", "Civic Centre", "NCSC"). Each entity is cut at line breaks
and pieces that name an organisation, a role or a document are dropped.

Enable this one instead of the detector's plain "spacy_person" (configs/recognizers.yaml does).
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from recognizers._names import looks_like_org, ordinary_words
from recognizers.street_address import STREET_WORDS

_ROLE_WORDS = frozenset(
    """officer adviser advisor manager director head chief assistant analyst engineer lead clerk secretary
    coordinator co-ordinator administrator consultant specialist controller executive fraud action centre
    civic guidance detected isolated executed senior junior principal hr ict it address
    telephone email field details case team unit service services requester applicant complainant
    claimant resident tenant customer caller subject witness victim respondent interviewer interviewee
    caseworker worker receptionist paralegal solicitor surveyor inspector auditor investigator councillor
    trainee apprentice intern volunteer contractor supervisor technician""".split()
)
_ORG_ENDINGS = frozenset(
    "council borough county constabulary police trust university college school hospital ltd limited plc "
    "group services authority agency partnership centre office house road street".split()
)
# "Tyne" in "Tyne and Wear County Council", "Stoke" in "Stoke-on-Trent City Council": the start of an
# organisation's name, when the words after it on the line end in an organisation word
_ORG_CONTINUATION = regex.compile(r"(?:[ \n-]+(?:and|&|of|upon|on|in|the)?[ \n-]*[A-Z][\w'’-]*){1,4}")
_HAS_NAME_WORD = regex.compile(r"\b(?:[A-Z][a-z]|[A-Z]'[A-Z]|[a-z]{3,}\b)")
# "7 Ferry Lane": the small model tags the street of an address as a person (seen on OCR text); a piece
# after a house number that ends in a street word is the street address recognizer's, not a name
_AFTER_HOUSE_NUMBER = regex.compile(r"(?:^|[\s,])\d{1,4}[A-Za-z]?,?[ ]$")
_ENDS_IN_STREET_WORD = regex.compile(rf"\b{STREET_WORDS}$")


def _line_of(text: str, start: int, end: int) -> str:
    """The whole line that text[start:end] stands on."""
    line_end = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1:line_end if line_end >= 0 else len(text)]


class NerPersonRecognizer(SpacyRecognizer):
    ENTITY = "PERSON"
    PATTERNS: ClassVar[list[str]] = []  # model-based: no regex patterns
    CONTEXT: ClassVar[list[str]] = []

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        results = []
        # "Harbourside" alone is a person to the small model; "Harbourside Borough Council" elsewhere on
        # the page says it is not
        org_prefixes = {m.group(1) for m in regex.finditer(r"\b([A-Z][a-z]+)[ ]+(?:[A-Z][a-z]+[ ]+)?(\w+)", text)
                        if m.group(2).lower() in _ORG_ENDINGS}
        for r in super().analyze(text, entities, nlp_artifacts):
            offset, kept = r.start, []
            lines = text[r.start:r.end].split("\n")
            for line in lines:
                start = offset + len(line) - len(line.lstrip(" ,;:(\"'"))
                end = offset + len(line.rstrip(" ,;:)\"'"))
                offset += len(line) + 1
                piece = text[start:end] if end > start else ""
                street = (_ENDS_IN_STREET_WORD.search(piece)
                          and _AFTER_HOUSE_NUMBER.search(text, max(start - 10, 0), start))
                tail = _ORG_CONTINUATION.match(text, end)
                org = tail is not None and tail.group().split()[-1].lower().strip("'’") in _ORG_ENDINGS
                if (self.plausible(piece) and piece not in org_prefixes and not street and not org
                        and not self.heading_word(piece, _line_of(text, start, end))):
                    kept.append(RecognizerResult(r.entity_type, start, end, r.score,
                                                 r.analysis_explanation, r.recognition_metadata))
            # "Civic Centre\nLive" (a table row): one lone word left over from a run-on entity is noise;
            # "Priya\nRaghunathan" (two plausible pieces) is a name broken over a line
            if len(lines) > 1 and len(kept) == 1 and " " not in text[kept[0].start:kept[0].end]:
                continue
            results.extend(kept)
        return results

    @staticmethod
    def plausible(piece: str) -> bool:
        """A line piece of a PERSON entity that could be a person's name."""
        words = piece.split()
        if not words or len(piece) < 2 or not _HAS_NAME_WORD.search(piece) or any(c.isdigit() for c in piece):
            return False
        if len(words) == 1 and piece.isupper() and len(piece) <= 5:  # NCSC, HMRC: acronyms
            return False
        if any(w.lower().strip(".,'") in _ROLE_WORDS for w in words):
            return False
        # "Website", "Personal Info", "Resident": ordinary words, not a name. (Surnames that are words too,
        # "Jenkins" 3.8 on the Zipf scale, stay under the threshold; the lower one is for headings below.)
        return not ordinary_words([w.strip(".,'’") for w in words]) and not looks_like_org(piece)

    @staticmethod
    def heading_word(piece: str, line: str) -> bool:
        """"Dashboard" in "Dashboard | Personal Info | Sign in": a fairly common lone word on a line with no
        lower-case word (a menu, a heading, a row of labels) is a label, not a person."""
        words = piece.split()
        return (len(words) == 1 and ordinary_words(words, threshold=3.3)
                and not any(w[:1].islower() for w in line.split() if w[:1].isalpha()))
