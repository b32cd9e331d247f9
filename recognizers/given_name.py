"""People's names found by a given-name gazetteer where the small NER model sees none: in tables and
lists, at the start of a dialogue line, after "My name is", and names of every origin the English model
was not trained on ("Adaeze Okonkwo", "Siobhán Ní Bhriain", "WANG Fang", "Søren Kierkegaard").

Evidence, not guesswork: a run of capitalised words on one line is a name when its first word is a
known given name (recognizers._names.given_names: ~45,000 forenames of 54 countries from the
gender-guesser package) and none of its words names an organisation, place or document (ORG_WORDS).
Family-name-first forms count when the surname is in capitals ("WANG Fang") or the last word is the
given name. A given name that is also a common English word ("John" is, "Hope" is ruled out entirely)
needs more when it starts a sentence: "In London" must not become a person.

Other forms, each with its own evidence:
- "Surname, Forename" when the forename is a given name ("Smith, Philip", "bin Ramzi, Ahmed"), across a
  line only when the surname starts its line (a wrapped table cell, never "Dear Mr Smith," / "Sarah");
- two capitalised words English does not have, inside a sentence ("Adaeze Okonkwo");
- a name followed by the initials it defines ("Hans-Peter Fritsch (HPF)"): both are taken, and the
  initials propagate through the document (redactor.decide);
- lower-case pairs in a list after ":", "," or "and" ("contacts: lewis lucas, tadeja skok"), and the other
  pairs of a list in which one pair is such a name ("fariq sha, josephine parkinson and mark olawale");
- a single word only where the text says it is a name: "My name is X", "I'm X", "call me X", a dialogue or
  chat speaker ("Amara: I saw it", "[09:14] Tom:") when the word is a given name; after a chat stamp
  (time, or date and time: "[12/03/2023, 14:02] Okafor, Amara:") any display name that is not ordinary
  words or an organisation's; a chat mention ("@Amara") of a given name or a word English does not have; a given name as a
  possessor ("Chantal's school"), a capitalised word that is not a common English word as the possessor of
  something only a person has ("Adams's card", "Akinwale's care team", "Nowak's daughter"), and initials
  that open two or more lines as a speaker ("TM:"); a given name that is not an everyday word as the
  one spoken to, told or asked, or the one who said, explained or confirmed ("We spoke to Grace on
  Tuesday", "In her statement Tünde explained");
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import make_result
from recognizers._names import (
    CAPS_NAME,
    COMMON_WORD_NAMES,
    INITIALS,
    NAME,
    ORG_WORDS,
    PARTICLE,
    PARTICLE_WORDS,
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
# a speaker at the start of a line, after a chat's timestamp if any ("[09:14] Amara Okafor: ...", "14:02 - Tom:")
# chat exports stamp a line with a time, or a date and a time: "[09:14]", "14:02 -", "[12/03/2023, 14:02:11]"
# (WhatsApp), "12/03/2023 14:02 -", "[2023-03-12 14:02]"
_DATE_PART = r"(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2}),?[ T]"
_TIME_STAMP = rf"\[?(?:{_DATE_PART})?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ ]?[AaPp][Mm])?\]?[ ]*(?:-[ ]*)?"
_STAMP = rf"(?:{_TIME_STAMP})?"
SPEAKER = regex.compile(rf"^[ ]*{_STAMP}<?({NAME}|{CAPS_NAME})(?:[ ]({NAME}|{CAPS_NAME}))?>?[ ]?:", regex.MULTILINE)
# Initials a document defines for a name: "Hans-Peter Fritsch (HPF)", "Chen Ya-ting (YTC)"
DEFINED_INITIALS = regex.compile(rf"({_WORD}(?:[ ](?:{PARTICLE}[ ])?{_WORD}){{1,3}})[ ]?\(([A-Z]{{2,4}})\)")
# "Smith, Philip", "da Rocha, Enrico", "bin Ramzi, Ahmed": surname first, then the given name
# (across a line break only when the surname starts its line: a wrapped table cell, not "Dear Mr Smith,")
SURNAME_COMMA = regex.compile(
    rf"(?=\p{{Lu}}|{PARTICLE}[ ]\p{{Lu}})(?<![\p{{L}}\p{{N}}'’@._-])((?:{PARTICLE}[ ])?{_WORD}(?:[ -]{_WORD})?),(?:[ ]|(?<=^[ ]*[^ \n]*(?:[ -][^ \n]*)?,)\n)"
    rf"({NAME}(?:[ ]{NAME})?)"
    rf"(?![\p{{L}}\p{{N}}@]|,[ ]?\p{{Lu}})",
    regex.MULTILINE,
)
_COMMA_CAPITAL = regex.compile(r",[ \n]\p{Lu}")
# Names typed in lower case in a list: "contacts: lewis lucas, tadeja skok", "I, aytuna duran, confirm"
# (a narrow column may break the line inside a list)
LOWER_PAIR = regex.compile(
    r"(?:[:,;]|\band|\bor)[ \n]+\K(\p{Ll}[\p{Ll}\p{Mn}'’-]+)[ \n](\p{Ll}[\p{Ll}\p{Mn}'’-]+)(?=[ ]*(?:,|;|\.|\band\b|\bor\b|$))",
    regex.MULTILINE,
)
# Lower-case names after "to", "from", "by", "with", "cc": "forwarded to gail thompson by mistake"
LOWER_AFTER = regex.compile(
    r"\b(?:to|from|by|with|cc|contact|contacted|emailed|called|phoned|told|asked|thanked)[ \n]+\K"
    r"(\p{Ll}[\p{Ll}\p{Mn}'’-]+)[ \n](\p{Ll}[\p{Ll}\p{Mn}'’-]+)"
    r"(?=[ ]*(?:[,;.:)]|\b(?:and|or|by|on|at|in|about|for|who|regarding|because|after|before|when)\b|$))",
    regex.MULTILINE,
)
# A single capitalised word inside a sentence that is a given name English hardly uses as a word
# ("In her statement Ludvík explained", "a letter to Þórlaug"); the next word is not capitalised (a run
# of two is RUN's), and the word does not start a sentence
LONE_GIVEN = regex.compile(rf"(?=\p{{Lu}})(?<=\b\p{{Ll}}+[,;]?[ ])({NAME})(?![\p{{L}}\p{{N}}'’@-]|[ \n]\p{{Lu}}|\.\w)")
RARE_GIVEN_ZIPF = 3.0
# A given name alone where the sentence says it is someone: the one spoken to, told, asked ("We spoke to
# Grace on Tuesday", "we told Justin"), or the one who explained, said, confirmed ("Tünde explained that")
_SPEECH_OBJECT = regex.compile(
    rf"(?<=\b(?:spoke|speak|spoken|speaking|talked|talk|wrote|write|written|apologised|apologized|explained|replied"
    rf"|listened|chatted)[ ](?:to|with)[ ]|\b(?:told|asked|thanked|met|interviewed|emailed|phoned|rang|informed"
    rf"|reassured|advised|contacted|visited|called[ ]on)[ ])({NAME})(?![\p{{L}}\p{{N}}'’@-]|[ \n]\p{{Lu}})"
)
_SPEECH_SUBJECT = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’@.-])({NAME})[ \n](?:explained|said|says|confirmed|stated|replied|agreed|added|noted"
    rf"|wrote|told|asked|complained|reported|admitted|denied|insisted|recalled|mentioned|emailed|phoned|rang)\b"
)
# "Chantal's school", "Akinwale's care team": a given name as a possessor
POSSESSIVE = regex.compile(rf"(?<![\p{{L}}\p{{N}}'’@._-])({NAME})['’]s\b")
# ... or any capitalised word that is not a common English word, when what follows is something only a
# person has ("Adams's card", "Okafor's GP", "Nowak's daughter"): organisations have letters and cases too,
# but not these
PERSONAL_AFTER = regex.compile(
    r"[ ](?:(?:own|late|new|former|elderly|young|eldest|youngest)[ ])?(?i:card|bank[ ]card|debit[ ]card|care|carer"
    r"|gp|doctor|consultant|mother|father|mum|dad|parents?|wife|husband|partner|spouse|son|daughter|child|children"
    r"|baby|family|brother|sister|sibling|grandmother|grandfather|grandson|granddaughter|aunt|uncle|niece|nephew"
    r"|neighbour|home|house|flat|tenancy|landlord|address|phone|mobile|personal|private|medical|health|illness"
    r"|condition|diagnosis|medication|treatment|surgery|operation|injury|disability|sickness|sick|death|funeral"
    r"|school|salary|pay|payslip|pension|benefits?|passport|driving|date[ ]of[ ]birth|birthday|marriage|divorce"
    r"|line[ ]manager|solicitor|representative|next[ ]of[ ]kin|grievance|disciplinary|dismissal|absence"
    r"|sick[ ]leave|maternity|paternity)\b"
)
RARE_POSSESSOR_ZIPF = 4.0
# A speaker after a chat line's stamp, in any form a chat shows a display name: "[..] Tseng I-ting:",
# "[..] Okafor, Amara:" (Teams' "Surname, Forename"), "[..] WANG Fang:". The stamp and the colon are the
# evidence, so the words need not be in the gazetteer; they must not be ordinary words or an organisation
# ("[09:14] System:", "[09:15] Service Desk:").
CHAT_SPEAKER = regex.compile(
    rf"^[ ]*{_TIME_STAMP}<?((?:{PARTICLE}[ ])?{_WORD}(?:,?[ ](?:{PARTICLE}[ ])?(?:{INITIALS}[ ]?)?{_WORD}){{0,3}})>?[ ]?:",
    regex.MULTILINE,
)
# A chat mention: "@Amara can you check", "@Tseng I-ting" (an e-mail address has a word before its "@")
MENTION = regex.compile(rf"(?<![\p{{L}}\p{{N}}._%+-])@({NAME}(?:[ ]{NAME})?)")
# Speakers by initials, when the same initials open two or more lines: "TM: Can you state your name?"
INITIALS_SPEAKER = regex.compile(rf"^[ ]*{_STAMP}([A-Z]{{2,3}}):[ ]", regex.MULTILINE)
_SENTENCE_START = regex.compile(r"(?:^|[.!?;]\s+|\n)\s*$")
_TITLE_PREFIX = regex.compile(rf"(?:{TITLES}\.?[ ])+")
_STREET_END = regex.compile(rf"\b{STREET_WORDS}$")
_NUMBER_BEFORE = regex.compile(r"\d[A-Za-z]?,?[ ]$")
# Surnames that are also organisation or place words: after a given name they are the surname ("Robert
# Page", "Annette Hall", "Emma Wood"), not a building or a document part.
SURNAME_WORDS = frozenset("page hall wood field house bank hill king price bell cook baker mason marshall porter "
                          "carter hunter fox wells hart read best law lord rose moss ash heath dean case green lane "
                          "park brook brooks ford dale bridges mills grove marsh cross rivers".split())
COMMON_GIVEN_ZIPF = 4.6  # "John" 5.4, "David" 5.4: names, but also the first word of many headings
ORDINARY_WORD_ZIPF = 4.0


_SPACES = regex.compile(r"[ \n]+")
_NON_SPACE = regex.compile(r"\S+")
_HYPHEN_PARTS = regex.compile(r"[-'’]")
_DEFINED_GATE = regex.compile(r"\([A-Z]{2,4}\)")


def _words(run: str) -> list[str]:
    return [w for w in _SPACES.split(run) if w]


def _trailing_ordinary(word: str) -> bool:
    """A table's next cell run into a name ("Role", "Status"): a common word that is not a name."""
    return word_zipf(word) >= 4.5 and not is_given_name(word) and word.casefold() not in SURNAME_WORDS


def _lower_name(first: str, second: str) -> bool:
    """A lower-case pair in a list that reads as a name: a given name (not an everyday word) and a word
    that is not an ordinary word either, or two words English does not have ("aoki nanami")."""
    if first in ORG_WORDS or second in ORG_WORDS or first in _ROLE_WORDS or second in _ROLE_WORDS:
        return False
    if is_given_name(first) and word_zipf(first) < COMMON_GIVEN_ZIPF:
        return word_zipf(second) < 5.5 or is_given_name(second)  # "maria price", "emma webb"
    return word_zipf(first) < 3.0 and (word_zipf(second) < 3.0 or is_given_name(second))


_LIST_JOIN = regex.compile(r"[ ]*(?:[,;][ ]*(?:(?:and|or)[ ]+)?|(?:and|or)[ ]+)")


def _lower_list_names(text: str) -> list[regex.Match[str]]:
    """LOWER_PAIR matches that read as names: each on its own (_lower_name), or, in a list of such pairs
    of which at least one reads as a name on its own ("fariq sha, josephine parkinson and mark olawale"),
    every pair with a given name or a rare word in it that is not an organisation's or a role's word."""
    matches = list(LOWER_PAIR.finditer(text))
    if not matches:
        return []
    sure = [_lower_name(m.group(1), m.group(2)) for m in matches]
    # lists: runs of pairs joined only by ", ", "; ", " and ", ", and " ...
    groups: list[list[int]] = []
    for k, m in enumerate(matches):
        if k and _LIST_JOIN.fullmatch(text, matches[k - 1].end(), m.start()):
            groups[-1].append(k)
        else:
            groups.append([k])
    out = []
    for group in groups:
        listed = len(group) >= 2 and any(sure[k] for k in group)
        for k in group:
            first, second = matches[k].group(1), matches[k].group(2)
            if sure[k] or listed and _listed_name(first, second):
                out.append(matches[k])
    return out


def _listed_name(first: str, second: str) -> bool:
    """A lower-case pair in a list of names: not an organisation's or a role's words, not two ordinary
    words, and a given name or a word English rarely uses in it ("mark olawale", "scott wilkins")."""
    if {first, second} & (ORG_WORDS | _ROLE_WORDS):
        return False
    if all(word_zipf(w) >= ORDINARY_WORD_ZIPF and not is_given_name(w) for w in (first, second)):
        return False
    return is_given_name(first) or is_given_name(second) or min(word_zipf(first), word_zipf(second)) < 3.0


# A line break between a word and a capitalised word, and whether a narrow column made it (a soft wrap): the
# line before runs (nearly) to the column's width and holds a few words, and the sentence goes on below
_NAME_BREAK = regex.compile(r"(?<=\p{L})\n(?=\p{Lu})")
_NAME_REST = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]*(?:[ ]\p{Lu}[\p{L}\p{M}'’-]*)?")
_LINE_LENGTHS_AROUND = 4
SOFT_WRAP_FILL = 0.7


def _soft_wrap(text: str, i: int) -> bool:
    start = text.rfind("\n", 0, i) + 1
    line = text[start:i]
    if len(line.split()) < 4:
        return False  # a table cell or a heading
    lengths, pos = [], start
    for _ in range(_LINE_LENGTHS_AROUND):  # the lines above ...
        if pos <= 0:
            break
        prev = text.rfind("\n", 0, pos - 1) + 1
        lengths.append(pos - 1 - prev)
        pos = prev
    pos = i + 1
    for _ in range(_LINE_LENGTHS_AROUND):  # ... and below
        nxt = text.find("\n", pos)
        nxt = len(text) if nxt < 0 else nxt
        lengths.append(nxt - pos)
        if nxt >= len(text):
            break
        pos = nxt + 1
    width = max([len(line), *lengths])
    end = text.find("\n", i + 1)
    following = text[i + 1:len(text) if end < 0 else end].rstrip()
    # the sentence goes on below: a line of words, or the last line of a paragraph ("Yamazaki.") -- not a
    # form's next field ("Postcode W98 1FD")
    goes_on = (len(following.split()) >= 4 or following.endswith((".", "!", "?", ";", ",", ")"))
               or _NAME_REST.fullmatch(following) is not None)  # the rest of the name ends the paragraph
    return width >= 30 and len(line) >= SOFT_WRAP_FILL * width and goes_on


def _words_around(text: str, i: int, n: int = 3) -> tuple[int, int]:
    """From the n-th word before the line break at i (on its line) to the end of the n-th word after it."""
    start = text.rfind("\n", 0, i) + 1
    before = list(_NON_SPACE.finditer(text, start, i))
    lo = before[-n].start() if len(before) >= n else start
    end = text.find("\n", i + 1)
    after = list(_NON_SPACE.finditer(text, i + 1, len(text) if end < 0 else end))
    hi = after[min(n, len(after)) - 1].end() if after else i + 1
    return lo, hi


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
        return make_result(self, self.ENTITY, start, end, self.SCORE)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        results = self._runs(text, RUN.finditer(text))
        # a name a narrow column broke over two lines: the words around a soft wrap read as one line
        for br in _NAME_BREAK.finditer(text):
            i = br.start()
            if not _soft_wrap(text, i):
                continue
            lo, hi = _words_around(text, i)
            flat = text[:i] + " " + text[i + 1:]  # same offsets
            results += [r for r in self._runs(flat, RUN.finditer(flat, lo, hi)) if r.start < i < r.end]
        for m in INTRODUCED.finditer(text):
            words = _words(m.group())
            if not any(w.casefold() in ORG_WORDS or w.casefold() in _ROLE_WORDS for w in words) and (
                    is_given_name(words[0]) or word_zipf(words[0]) < ORDINARY_WORD_ZIPF):
                results.append(self._result(m.start(), m.end()))
        for m in SPEAKER.finditer(text):
            words = [w for w in m.groups() if w]
            if (is_given_name(words[0]) and not any(w.casefold() in ORG_WORDS for w in words)
                    and not (len(words) == 1 and words[0].isupper() and len(words[0]) <= 3)):  # "OK:", "TM:"
                results.append(self._result(m.start(1), m.end(len(words))))
        for m in DEFINED_INITIALS.finditer(text) if _DEFINED_GATE.search(text) else ():
            letters = {p[0].upper() for w in _words(m.group(1)) for p in _HYPHEN_PARTS.split(w) if p}
            if set(m.group(2)) <= letters and not any(w.casefold() in ORG_WORDS for w in _words(m.group(1))):
                results += [self._result(m.start(1), m.end(1)), self._result(m.start(2), m.end(2))]
        for m in self._surname_commas(text):
            surname, forename = m.group(1), m.group(2)
            if _TITLE_PREFIX.match(surname + " "):
                continue  # "Mr Smith, Sarah ...": a title, not a surname
            words = _words(surname) + _words(forename)
            # "Scott, Cheryl" (Scott is a given name too): a list of forenames has a third item, which the
            # pattern's lookahead refuses
            if is_given_name(_words(forename)[0]) and not any(w.casefold() in ORG_WORDS for w in words):
                results.append(self._result(m.start(1), m.end(2)))
        results += [self._result(m.start(1), m.end(2)) for m in _lower_list_names(text)]
        for m in LOWER_AFTER.finditer(text):
            if _lower_name(m.group(1), m.group(2)):
                results.append(self._result(m.start(1), m.end(2)))
        for finder in (_SPEECH_OBJECT, _SPEECH_SUBJECT):
            for m in finder.finditer(text):
                word = m.group(1)
                if word.casefold() in ORG_WORDS or word.casefold() in _ROLE_WORDS:
                    continue
                # a name that is also a word ("Grace", "Mark", "Green") counts here, inside a sentence
                word_name = word.casefold() in COMMON_WORD_NAMES and not (
                    finder is _SPEECH_SUBJECT and _SENTENCE_START.search(text, max(0, m.start() - 3), m.start()))
                if is_given_name(word) and word_zipf(word) < COMMON_GIVEN_ZIPF or word_name:
                    results.append(self._result(m.start(1), m.end(1)))
        for m in LONE_GIVEN.finditer(text):
            word = m.group(1)
            if (word_zipf(word) < RARE_GIVEN_ZIPF and is_given_name(word) and word.casefold() not in ORG_WORDS
                    and not _SENTENCE_START.search(text, max(0, m.start() - 3), m.start())
                    and word.count("-") < 2):  # "Saint-Alphonse-les-Bains": a town
                results.append(self._result(m.start(1), m.end(1)))
        for m in POSSESSIVE.finditer(text):
            word = m.group(1)
            if word.casefold() in ORG_WORDS:
                continue
            if is_given_name(word) and word_zipf(word) < COMMON_GIVEN_ZIPF or (
                    word_zipf(word) < RARE_POSSESSOR_ZIPF and PERSONAL_AFTER.match(text, m.end())):
                results.append(self._result(m.start(1), m.end(1)))
        for m in CHAT_SPEAKER.finditer(text):
            words = [w.strip(",") for w in _words(m.group(1))]
            names = [w for w in words if w.casefold() not in PARTICLE_WORDS and "." not in w]
            if names and not any(w.casefold() in ORG_WORDS or w.casefold() in _ROLE_WORDS for w in names) and not (
                    all(word_zipf(w) >= ORDINARY_WORD_ZIPF and not is_given_name(w) for w in names)
                    or len(names) == 1 and (names[0].isupper() and len(names[0]) <= 3  # "OK:", "TM:"
                                            or not is_given_name(names[0]) and word_zipf(names[0]) >= 3.0)):
                results.append(self._result(m.start(1), m.end(1)))
        for m in MENTION.finditer(text) if "@" in text else ():
            words = _words(m.group(1))
            if len(words) == 2 and not self.plausible_run(text, m.start(1), m.group(1)):
                words = words[:1]  # "@Amara can": the next word is not part of the name
            if (is_given_name(words[0]) or word_zipf(words[0]) < 3.0) and not any(
                    w.casefold() in ORG_WORDS or w.casefold() in _ROLE_WORDS for w in words):
                results.append(self._result(m.start(1), m.start(1) + len(" ".join(words))))
        speakers = [m for m in INITIALS_SPEAKER.finditer(text)]
        counts: dict[str, int] = {}
        for m in speakers:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
        results += [self._result(m.start(1), m.end(1)) for m in speakers if counts[m.group(1)] >= 2]
        return results

    def _runs(self, text: str, matches) -> list[RecognizerResult]:
        """The plausible name runs in RUN's matches."""
        results = []
        for m in matches:
            words = [(m.start() + w.start(), m.start() + w.end()) for w in _NON_SPACE.finditer(m.group())]
            first = 0
            while first < len(words) - 1:
                start = words[first][0]
                if _TITLE_PREFIX.match(text, start, m.end()):
                    first += 1  # "Dr" stays visible
                    continue
                # the longest plausible run of two or more words from here: "Annette Hall" of "Annette Hall
                # Role"; none, and the next word is tried: "Tom Whitfield" of "Special Agent Tom Whitfield"
                ends = [e for _s, e in words[first + 1:]]
                end = next((e for e in reversed(ends) if self.plausible_run(text, start, text[start:e])), None)
                if end is None:
                    first += 1
                    continue
                results.append(self._result(start, end))
                first = next((k for k, (s_, _e) in enumerate(words) if s_ >= end), len(words))
        return results

    @staticmethod
    def _surname_commas(text: str) -> list[regex.Match[str]]:
        """SURNAME_COMMA's matches, the pattern tried only near a comma before a capital (its necessary
        part): run over the whole page it cost 0.3 ms, most pages having few such commas."""
        found: dict[int, regex.Match[str]] = {}
        for comma in _COMMA_CAPITAL.finditer(text):
            for m in SURNAME_COMMA.finditer(text, max(0, comma.start() - 60), min(len(text), comma.end() + 60)):
                if text.find(",", m.end(1)) == comma.start():
                    found.setdefault(m.start(), m)
        return list(found.values())

    @staticmethod
    def plausible_run(text: str, start: int, run: str) -> bool:
        words = _words(run)
        if len(words) >= 3 and _trailing_ordinary(words[-1]):
            return False  # "Annette Hall Role": the shorter run is tried next
        names = [w for w in words if "." not in w and w.casefold() not in PARTICLE_WORDS]
        if len(names) < 2:
            return False
        surname_word = (len(names) >= 2 and names[-1].casefold() in SURNAME_WORDS and is_given_name(names[0])
                        and not regex.match(r"[ ]*\d", text[start + len(run):start + len(run) + 3])
                        and not _NUMBER_BEFORE.search(text, max(0, start - 8), start))  # "14 Ferry Lane"
        checked = names[:-1] if surname_word else names
        if any(w.casefold().strip("'’") in ORG_WORDS or w.casefold() in _ROLE_WORDS for w in checked):
            return False
        if _STREET_END.search(run) and not surname_word:
            return False  # "Quayside Road"; but "Teresa Green", "Jo Lane": a given name and a surname
        first, last = names[0], names[-1]
        if is_given_name(first) and not first.isupper():
            if word_zipf(first) >= COMMON_GIVEN_ZIPF and _SENTENCE_START.search(text, max(0, start - 3), start):
                # "John Smith said" at the start of a sentence, but not "In London" or "Do Not"
                return word_zipf(names[1]) < ORDINARY_WORD_ZIPF
            return True
        if first.isupper() and len(first) > 1 and is_given_name(last) and not last.isupper():
            return True  # family name first, in capitals: "WANG Fang", "NGUYEN Thi Lan"
        if len(names) <= 3 and is_given_name(last) and (
                word_zipf(first) < 3.0 and word_zipf(last) < COMMON_GIVEN_ZIPF or word_zipf(first) < 2.0):
            return True  # "Wang Fang", "Nguyen Van An", "Mavuno John": a rare word before a given name
        # "Adaeze Okonkwo": two words that are not English words at all, capitalised inside a sentence
        return (len(names) == 2 and all(word_zipf(w) < 2.0 for w in names)
                and not _SENTENCE_START.search(text, max(0, start - 3), start) and not any(w.isupper() for w in names))

