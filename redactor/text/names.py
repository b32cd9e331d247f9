"""Person names as words: the one list of titles, of first names that are also ordinary words, of words
that make a name an organisation's, the surname particles, and the variants of one found name.

Shared by the name recognizers (recognizers/_names.py takes them from here), name propagation and
keep rules (decide), table cells (tables) and the batch's bundle-wide names (batch).
"""

from __future__ import annotations

import itertools
import re

# Particles between forename and surname: Dutch, German, French, Iberian, Italian, Irish (Ní, Nic, Ó, Mac
# as a separate word), Arabic and Malay (bin, binti, al-), Welsh (ap).
PARTICLE = (
    r"(?:van der|van den|van de|van|von der|von|de la|de los|de las|del|della|dos|das|de|der|den|da|di|du"
    r"|la|le|ter|ten|zu|Ní|Nic|Ó|Ua|Mac|Mhic|bin|binti|binte|bint|ibn|ben|bat|al|el|ap)"
)
# The same particles as single words, case-folded: a surname's particles ("Ní", "van", "der")
PARTICLE_WORDS = frozenset(PARTICLE.strip("(?:)").replace("|", " ").casefold().split())
TITLES = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Rev|Revd|DC|DS|DI|DCI|DSU|PC|PS|Insp"
    r"|Sgt|Cllr|Councillor|Detective Constable|Detective Sergeant|Detective Inspector|Inspector"
    r"|Sergeant|Constable|Superintendent|Officer)"
)
# One or more titles at the start of a name ("Dr", "Mrs.", "DCI"): a title says nothing about who.
TITLE_PREFIX = re.compile(rf"^(?:{TITLES}\.?\s+)+")

# Words that end or make up organisation, team and document names: a "name" containing one is not a person.
ORG_WORDS = frozenset(
    """
    act acts article council borough county city district office commissioner commission team department
    service services unit desk centre center trust authority agency police constabulary force group board
    committee government ministry university college school hospital nhs limited ltd plc llp inc
    partnership regulation regulations section schedule part annex appendix chapter policy procedure
    report notice notification breach incident security cyber information governance data protection
    privacy technology digital ict it helpdesk support operations management directorate division
    directorate-general court tribunal parliament street road avenue close drive
    monday tuesday wednesday thursday friday saturday sunday january february march
    july september october november december the and of for dear regards thanks yours kind best
    sincerely faithfully many warm attachment subject re fw fwd sent date tel mobile email phone fax
    page appendix table figure uk gdpr foi eir ico ncsc nca hmrc dpa officer adviser manager fraud
    complaints centre civic
    payroll finance hr housing revenues benefits procurement legal audit records casework reception
    accounts estates facilities licensing planning madam
    station airport terminal junction bridge tower building castle cathedral church chapel mosque
    temple synagogue abbey palace museum library stadium arena market port harbour island river lake
    valley forest estate
    """.split()
)

# First names that are also ordinary words: only taken as names in name context (a title, a
# salutation, a sign-off), and never propagated on their own.
COMMON_WORD_NAMES = frozenset(
    """
    will may rose hill mark bill grace hope joy faith dawn april june august summer sky page long king
    young white green brown black field house park lane street road dean case bank rich frank earnest
    patience victor sterling bell wood moss ash heath holly ivy daisy fern pearl ruby amber crystal
    christian sunny rob sue pat art chase miles hunter carter cook baker mason marshall porter price
    hall read best fox wells law lord hart rich north west south east reading
    """.split()
)

# Surname/forename tokens shorter than this, or in COMMON_WORD_NAMES, are not propagated on their own:
# they are too often ordinary words. The full name is always propagated.
MIN_PART = 3


def name_variants(name: str) -> set[str]:
    """The forms of one found name that identify the same person elsewhere: the full name, forename +
    surname, each of those alone, initial + surname ("A. Okonkwo", "A Okonkwo"), "Surname, Forename" and
    the initials ("AO"). Titles and a "Surname, Forename" order are undone first."""
    name = re.sub(r"-\s+", "-", " ".join(name.replace("\u2019", "'").split()))
    if "," in name:  # "Okonkwo, Adaeze" (email headers)
        surname, _, rest = name.partition(",")
        name = f"{rest.strip()} {surname.strip()}"
    name = TITLE_PREFIX.sub("", name)
    tokens = name.split()
    initials = [t[0] for t in tokens if re.fullmatch(r"[^\W\d_]\.?", t) and t[0].isupper()]
    words = [t for t in tokens if not (re.fullmatch(r"[^\W\d_]\.?", t) and t[0].isupper())
             and re.fullmatch(r"[^\W\d_][\w'-]*", t)]
    if not words or any(w.lower() in ORG_WORDS for w in words):
        return set()
    variants = {name} if len(name) >= MIN_PART else set()
    forename, surname = (words[0], words[-1]) if len(words) >= 2 else (None, words[0])
    if forename:
        variants |= {f"{forename} {surname}", f"{surname}, {forename}", forename}
        initials = [forename[0], *initials] if not initials else initials
        # "Ní Bhriain", "van der Berg", "bin Salman": the surname with its particles is one name, and must
        # be found whole, or "Bhriain" alone would be withheld and "Ní" left beside the box
        particles = list(itertools.takewhile(lambda w: w.casefold() in PARTICLE_WORDS, reversed(words[1:-1])))
        if particles:
            full_surname = " ".join([*reversed(particles), surname])
            variants |= {full_surname, f"{forename} {full_surname}"}
    for part in (forename, surname):
        if part and len(part) >= MIN_PART:
            variants.add(part)
    if initials and surname[:1].isupper():
        first = initials[0]
        variants |= {f"{first}. {surname}", f"{first} {surname}", f"{first}.{surname}"}
        if len(words) >= 2 or len(initials) >= 2:
            joined = "".join(initials) + (surname[0] if len(words) == 1 else "")
            if forename:
                joined = "".join([forename[0], *[w[0] for w in words[1:]]])
                # "Hans-Peter Fritsch" is "HPF" as well as "HF"
                variants.add("".join(part[0] for w in words for part in w.split("-") if part[:1].isupper()))
            variants.add(joined)
    return {v for v in variants if v and (len(v) >= 2)}
