"""Regex fragments and word lists shared by the name recognizers and by name propagation.

Names are matched case-sensitively: a capital letter is most of what separates "Mr Hill" from "up the
hill". Hyphenated names may be split at a line break (the extractor keeps "O'Neill-\\nBaptiste" when
the second part is capitalised), so a hyphen may be followed by a newline.
"""

from __future__ import annotations

import regex

# One name word: Okonkwo, O'Neill, McAllister, MacLeod, D'Souza, DuBois.
PART = r"(?:[A-Z]'|Mc|Mac|Di|Du|De|La|Le)?[A-Z][a-z]+"
CAPS_PART = r"(?:[A-Z]')?[A-Z]{2,}"
# Hyphenated: Smith-Jones, O'Neill-Baptiste, possibly split over a line.
NAME = rf"{PART}(?:-\n?{PART})*"
CAPS_NAME = rf"{CAPS_PART}(?:-\n?{CAPS_PART})*"
PARTICLE = r"(?:van der|van den|van|von|de la|de|der|den|da|di|du|la|le|bin|ibn|al|el|ap)"
INITIALS = r"(?:[A-Z]\.[ ]?){1,3}"
# Forename [middle] [particle] surname, words on one line separated by single spaces.
FULL_NAME = rf"{NAME}(?:[ ](?:{PARTICLE}[ ])?{NAME}){{0,2}}"
FULL_NAME_OR_CAPS = rf"(?:{FULL_NAME}|{CAPS_NAME}(?:[ ]{CAPS_NAME}){{1,2}})"
TITLES = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Rev|Revd|DC|DS|DI|DCI|DSU|PC|PS|Insp"
    r"|Sgt|Cllr|Councillor|Detective Constable|Detective Sergeant|Detective Inspector|Inspector"
    r"|Sergeant|Constable|Superintendent|Officer)"
)

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
