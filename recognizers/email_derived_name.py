"""Names derived from personal email addresses: a.okonkwo@ or adaeze.okonkwo@ tells us that "Okonkwo"
(and "Adaeze") elsewhere in the text is a person, even where the NER model did not see one. Functional
mailboxes (foi@, it.servicedesk@) give nothing. Occurrences are matched in Title Case and UPPER CASE;
parts that are also ordinary words ("will.rose@") are not propagated."""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import make_result
from recognizers._names import COMMON_WORD_NAMES, FUNCTIONAL_MAILBOX_WORDS, ORG_WORDS

# The lookahead (the local part's characters, possessively, then digits and "@") is implied by the rest;
# it stops the backtracking search for an "@" at every word that is not an address.
EMAIL = regex.compile(
    r"(?<![\w.+-])(?=[A-Za-z'._-]*+\d*+@)([A-Za-z][A-Za-z'-]*(?:[._][A-Za-z][A-Za-z'-]*){0,2})(\d*)@[\w-]+(?:\.[\w-]+)+"
)
_LOCAL_SPLIT = regex.compile(r"[._]")
_FORENAME_BEFORE = regex.compile(r"(?<![\w'-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ ]$")


def name_parts(local: str) -> list[str]:
    """Name words of an address's local part ("adaeze.okonkwo" -> [Adaeze, Okonkwo]; "a.okonkwo" ->
    [Okonkwo]); [] for functional mailboxes and single-word local parts."""
    words = [w for w in _LOCAL_SPLIT.split(local) if w]
    if len(words) < 2 or any(w.lower() in FUNCTIONAL_MAILBOX_WORDS for w in words):
        return []
    parts = []
    for w in words:
        if len(w) >= 3 and w.lower() not in COMMON_WORD_NAMES and w.lower() not in ORG_WORDS:
            parts.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return parts


class EmailDerivedNameRecognizer(EntityRecognizer):
    ENTITY = "PERSON"
    PATTERNS: ClassVar[list[regex.Pattern[str]]] = [EMAIL]
    CONTEXT: ClassVar[list[str]] = []
    SCORE = 0.6

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__, context=self.CONTEXT)

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        if "@" not in text:  # no address, nothing to derive
            return []
        matches = list(EMAIL.finditer(text))
        emails = [(m.start(), m.end()) for m in matches]
        parts = {p for m in matches for p in name_parts(m.group(1))}
        if not parts:
            return []
        # surname -> initials of forenames seen in addresses ("h.adebayo" -> {"H"}), so that "Hope Adebayo"
        # is taken whole even though "Hope" on its own is an ordinary word
        initials: dict[str, set[str]] = {}
        for m in matches:
            words = [w for w in _LOCAL_SPLIT.split(m.group(1)) if w]
            names = name_parts(m.group(1))
            if len(words) >= 2 and names:
                initials.setdefault(names[-1], set()).add(words[0][0].upper())
        alternation = "|".join(
            regex.escape(v) for p in sorted(parts, key=len, reverse=True) for v in (p, p.upper())
        )
        results = []
        for m in regex.finditer(rf"(?<![\w@.'-])(?:{alternation})(?![\w@-]|\.\w)", text):
            if any(s <= m.start() < e for s, e in emails):
                continue
            start = m.start()
            before = _FORENAME_BEFORE.search(text[max(0, start - 40):start])
            if before and before.group(1)[0] in initials.get(m.group().title(), set()):
                start -= len(before.group(0))
            results.append(make_result(self, self.ENTITY, start, m.end(), self.SCORE))
        return results
