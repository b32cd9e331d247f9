"""Regex fragments and word lists shared by the name recognizers and by name propagation.

Names are matched case-sensitively: a capital letter is most of what separates "Mr Hill" from "up the
hill". Hyphenated names may be split at a line break (the extractor keeps "O'Neill-\\nBaptiste" when
the second part is capitalised), so a hyphen may be followed by a newline.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

# The surname particles, titles, organisation words and ordinary-word first names are shared with name
# propagation and table cells: one list, in redactor.text.names (which imports nothing from here).
from redactor.text.names import COMMON_WORD_NAMES as COMMON_WORD_NAMES
from redactor.text.names import ORG_WORDS as ORG_WORDS
from redactor.text.names import PARTICLE as PARTICLE
from redactor.text.names import PARTICLE_WORDS as PARTICLE_WORDS
from redactor.text.names import TITLES as TITLES

# One name word: Okonkwo, O'Neill, O’Neill, McAllister, MacLeod, D'Souza, DuBois, and in any Latin script:
# Côté, Ó Briain's "Briain", Şahin, Søren, Nguyễn (a capital letter, then lower-case letters and combining
# marks). Matched with the `regex` module, which knows the Unicode classes.
PART = r"(?:\p{Lu}['’]|Mc|Mac|Di|Du|De|La|Le)?\p{Lu}[\p{Ll}\p{Mn}]+"
CAPS_PART = r"(?:\p{Lu}['’])?\p{Lu}{2,}"
# Hyphenated: Smith-Jones, O'Neill-Baptiste, possibly split over a line.
# ... and Ya-ting, Hsiao-wen, I-ting (romanised given names: a syllable may be one letter)
NAME = rf"(?:{PART}(?:-\n?{PART}|-\p{{Ll}}+)*|\p{{Lu}}-\p{{Ll}}{{2,}})"
CAPS_NAME = rf"{CAPS_PART}(?:-\n?{CAPS_PART})*"
INITIALS = r"(?:[A-Z]\.[ ]?){1,3}"
# Forename [middle] [particle] surname, words on one line separated by single spaces.
FULL_NAME = rf"{NAME}(?:[ ](?:{PARTICLE}[ ])?{NAME}){{0,2}}"
FULL_NAME_OR_CAPS = rf"(?:{FULL_NAME}|{CAPS_NAME}(?:[ ]{CAPS_NAME}){{1,2}})"

# Local parts of shared, functional mailboxes: not a person's name.
FUNCTIONAL_MAILBOX_WORDS = frozenset(
    """
    info foi dpo admin administrator enquiries enquiry contact contacts help helpdesk servicedesk service
    support security soc csirt cert it ict noreply no-reply donotreply postmaster webmaster hr payroll
    finance records governance casework complaints press media office team mail mailbox reception
    accounts sales billing data protection privacy incident incidents breach breaches it-security
    """.split()
)

ORG_WORD_RE = regex.compile(r"[A-Za-z]+")


def looks_like_org(text: str) -> bool:
    """True when a candidate name contains a word that names an organisation, document or date."""
    return any(w.lower() in ORG_WORDS for w in ORG_WORD_RE.findall(text))


@functools.cache
def given_names() -> frozenset[str]:
    """Given names of many countries, case-folded: the ~45,000 forenames of Jörg Michael's name
    dictionary as shipped in the `gender-guesser` package (frequencies for 54 countries and regions),
    read from the installed package, never downloaded. Ordinary words (COMMON_WORD_NAMES, ORG_WORDS)
    are left out: "Will" and "Hope" are names only where a title or salutation says so.

    The file is read directly (the name is a line's second field; "Jean+Luc" stands for "Jeanluc" and
    "Jean-Luc"): gender-guesser's own parser keeps every country's frequencies and took 0.17 s, this 0.05 s."""
    from importlib.resources import files

    from spacy.lang.en.stop_words import STOP_WORDS

    names: set[str] = set()
    with (files("gender_guesser") / "data" / "nam_dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            if line[:1] not in "#=" and line.strip():
                name = line.split(None, 2)[1].lower()
                names.update((name.replace("+", ""), name.replace("+", "-")) if "+" in name else (name,))
    # also out: English function words ("in", "to", "he") and words far more common than any name ("ok",
    # "one"); "John" and "David" (5.4) stay
    return frozenset(n for n in names if n.isalpha() and n not in COMMON_WORD_NAMES and n not in ORG_WORDS
                     and n not in STOP_WORDS and word_zipf(n) < 5.5)


@functools.cache
def _english_zipf() -> dict[str, float]:
    """word -> Zipf value from wordfreq's "small" English list. The list is stored in buckets of one
    centibel each (bucket i: frequency 10^(-i/100), Zipf 9 - i/100); building the dict from them takes
    10 ms where get_frequency_dict's float per word took 90."""
    from wordfreq import get_frequency_list

    return {word: round(9 - i / 100, 2) for i, bucket in enumerate(get_frequency_list("en", wordlist="small"))
            for word in bucket}


@functools.lru_cache(maxsize=65536)
def word_zipf(word: str) -> float:
    """How common a word is in English (wordfreq's "small" list, Zipf scale: 6 is "the", 3 is one in a
    million words, 0 is absent), case-folded. Used to tell ordinary words ("Website", "Resident") from
    names; surnames that are also words (Smith 4.9, Green 5.1) score high too, so callers combine it
    with other evidence."""
    return _english_zipf().get(word.casefold(), 0.0)


def _fold(word: str) -> str:
    """Case and accents folded: the gazetteer spells Siobhán as "siobhan"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


# A romanised two-syllable given name written with a hyphen, the second syllable in lower case (Wade-Giles
# and Korean romanisation: "I-ting", "Hsiao-wen", "Seo-yeon"). English compounds of that shape end in a
# common word ("E-mail", "X-ray", "Log-in", "Co-op", "Set-up"), so the second part must be rare.
_ROMANISED_GIVEN = regex.compile(r"\p{Lu}\p{Ll}{0,5}-\p{Ll}{2,5}")
ROMANISED_SYLLABLE_ZIPF = 3.8


@functools.lru_cache(maxsize=65536)
def is_given_name(word: str) -> bool:
    """True when the word, or the first part of a hyphenated one ("Jean-Luc"), is in given_names(), or it
    has the shape of a romanised hyphenated given name ("I-ting", see _ROMANISED_GIVEN)."""
    names = given_names()
    if any(_fold(w) in names for w in {word, regex.split(r"[-'’]", word)[0]}):
        return True
    if _ROMANISED_GIVEN.fullmatch(word):
        first, second = word.split("-")
        return word_zipf(second) < ROMANISED_SYLLABLE_ZIPF and word_zipf(first + second) < 3.0
    return False


def ordinary_words(words: list[str], threshold: float = 4.0) -> bool:
    """True when every word is a common English word and none is a given name: "Website", "Personal
    Info", "Resident" tagged as a person by the small model."""
    return bool(words) and all(word_zipf(w) >= threshold and not is_given_name(w) for w in words)
