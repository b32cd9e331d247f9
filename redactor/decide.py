"""Findings -> redaction decisions: which spans are withheld, under which exemptions.

Here the profile is applied (entity type -> exemption codes), overlapping findings are merged so one
passage gets one box, and names found once are searched for everywhere else in the document: a name
redacted on page 1 and left on page 3 is a disclosure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from redactor.config.lists import TermList, covered_by, find_terms
from redactor.config.organisation import KEPT_REASON, Organisation, OrganisationMatcher
from redactor.config.profiles import ContextRule, Exemption, Profile
from redactor.config.run import Requester
from redactor.model import Decision, Finding, Kept
from redactor.page import PageText
from redactor.text.names import COMMON_WORD_NAMES, ORG_WORDS, TITLE_PREFIX, name_variants

PROPAGATED = "NamePropagation"
# recognizers whose PERSON findings of two to four capitals are initials the document itself defines
_DEFINES_INITIALS = frozenset({"TableColumn", "GivenNameRecognizer"})
DENY_ENTITY = "DENY_LIST"


def _name_piece(char: str) -> str:
    """How one character of a name is matched in page text: spaces as any run of white space, a hyphen
    also when the line breaks after it ("O'Neill-\nBaptiste"), an apostrophe in either form."""
    if char == " ":
        return r"\s+"
    if char == "-":
        return r"-\n?"
    if char == "'":
        return "['\u2019]"
    return re.escape(char)


def _trie(names: list[str]) -> dict:
    """Names as a character trie; the key "" marks the end of a name."""
    trie: dict = {}
    for name in set(names):
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def alternation(names: list[str]) -> str:
    r"""One regex matching any of `names` (literal strings, spelled as _name_piece says), the longest
    possible at each position, factored as a trie: "Ann|Anna|Anne Smith" becomes
    "An(?:n(?:a|e\s+Smith)?)". For the few names matched only in context; NameMatcher does the many."""
    trie = _trie(names)

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [_name_piece(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 and not ends else f"(?:{'|'.join(branches)})"
        return f"{group}?" if ends else group

    return emit(trie)


_NAME_LEFT = r"(?<![\w@.\\/-])"  # a name does not start inside a word, an address or a path
_NAME_RIGHT = re.compile(r"(?![\w@]|-\w|\.\w)")  # ... nor end inside one


class NameMatcher:
    """Finds any of many names in text with the matches of the regex
    `_NAME_LEFT (?:name1|name2|...) _NAME_RIGHT` (each name's characters as _name_piece spells them, the
    longest name first), without building that regex: with a few hundred people in a long document the
    regex took longer to compile than to run. Names are kept in a character trie; the text is searched
    once for places a name could start, and at each the trie is walked, longer names before the shorter
    ones they extend."""

    def __init__(self, names: list[str]):
        self.trie = _trie(names)
        firsts = "|".join(_name_piece(c) for c in sorted(self.trie) if c)
        self.starts = re.compile(rf"{_NAME_LEFT}(?=(?:{firsts}))") if firsts else None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self.starts is None:
            return
        resume = 0  # like finditer: the next match starts where the last one ended
        for m in self.starts.finditer(text):
            start = m.start()
            if start < resume:
                continue
            end = self._walk(text, start)
            if end is not None and end > start:
                yield start, end
                resume = end

    def _walk(self, text: str, start: int) -> int | None:
        """The end of the longest name matching text[start:], or None. Depth-first over the trie with an
        explicit stack (a long "name" must not hit Python's recursion limit), trying at each step what the
        regex would try first: the hyphen with its line break, then without, then a name ending here."""
        stack: list[tuple[dict, int, bool]] = [(self.trie, start, False)]  # (node, position, end here?)
        while stack:
            node, i, end_here = stack.pop()
            if end_here:
                if _NAME_RIGHT.match(text, i):
                    return i
                continue
            if "" in node:  # pushed first: tried last
                stack.append((node, i, True))
            if i >= len(text):
                continue
            char = text[i]
            if char.isspace():  # a space in a name: any run of white space (\s+)
                child = node.get(" ")
                if child is not None:
                    j = i + 1
                    while j < len(text) and text[j].isspace():
                        j += 1
                    # (giving back white space never helps: no name has two spaces or ends in one)
                    stack.append((child, j, False))
            else:
                child = node.get("'" if char == "\u2019" else char)
                if child is not None:
                    stack.append((child, i + 1, False))
                    if char == "-" and text.startswith("\n", i + 1):  # "O'Neill-\nBaptiste" (-\n?)
                        stack.append((child, i + 2, False))
        return None


def propagate_names(pages: list[PageText], findings: list[Finding],
                    allow: frozenset[str] = frozenset()) -> list[Finding]:
    """Every other occurrence of a found person on every page: full name, forename, surname, initials +
    surname and initials, including possessives ("Okonkwo's"), ALL-CAPS and lower-case forms and names
    broken across a line ("O'Neill-\nBaptiste"). Names that are also ordinary words ("Will", "Hill",
    "May") are matched only after a title or salutation, and only in their capitalised form. Names on
    the allow-list (`allow`, compared case-insensitively) seed nothing."""
    allowed = {a.casefold() for a in allow}
    variants: set[str] = set()
    for f in findings:
        if f.entity_type != "PERSON" or f.recognizer == PROPAGATED or f.text.strip().casefold() in allowed:
            continue
        # a lone word the statistical model calls a person ("Harbourside", "Beacon") is redacted where it
        # stands but not searched for elsewhere: rule-based finds and full names are
        if f.recognizer in ("SpacyRecognizer", "NerPersonRecognizer") and len(f.text.split()) < 2:
            continue
        variants |= name_variants(f.text)
    variants = {v for v in variants if v.casefold() not in allowed}
    if not variants or not pages:
        return []
    acronyms = {"IT", "HR", "PC", "DC", "DS", "UK", "EU", "ID", "OK", "AM", "PM", "IP", "NI", "TV", "CC", "RE",
                "FW", "AD", "DPO", "ICO", "FOI", "CEO", "CIO", "SIRO", "NHS", "NCSC", "NCA", "MFA", "VPN"}

    # Initials a document defines for a person ("Hans-Peter Fritsch (HPF)", an attendance table's initials
    # column) are that person even when they spell an acronym ("DS", "AM"), and are found after a slash too
    # ("ACTION BP/DS"); initials only derived from a name must not be an acronym.
    defined = {f.text.strip() for f in findings if f.entity_type == "PERSON" and f.recognizer in _DEFINES_INITIALS
               and re.fullmatch(r"[A-Z]{2,4}", f.text.strip())}
    initials: list[str] = sorted(defined)
    plain: list[str] = []      # matched as written and in capitals
    lower: list[str] = []      # also matched in lower case (multi-word or distinctive names)
    contextual: list[str] = []  # ordinary words: only after a title or salutation
    for v in variants:
        if re.fullmatch(r"[A-Z]{2,4}", v):
            if v not in acronyms and v not in defined:
                initials.append(v)
            continue
        if " " not in v and (v.lower() in COMMON_WORD_NAMES or v.lower() in ORG_WORDS):
            contextual.append(v)
            continue
        plain += (v, v.upper())
        if " " in v or (len(v) >= 6 and "." not in v):
            lower.append(v.lower())

    matchers = [NameMatcher(names) for names in (plain, lower) if names]
    patterns = []
    if initials:
        patterns.append(re.compile(rf"(?<![\w@.\\-])(?:{alternation(initials)}){_NAME_RIGHT.pattern}"))
    edge_r = _NAME_RIGHT.pattern
    if contextual:
        titles = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|DC|DS|DI|PC|Cllr|Dear|Hi|Hello|Thanks)\.?\s"
        patterns.append(re.compile(rf"\b{titles}((?:{alternation(contextual)})){edge_r}"))
        # ... or as the subject of a reporting verb: "Grace said", "May confirmed"
        verbs = r"said|asked|confirmed|explained|agreed|noted|told|wrote|reported|rang|called|emailed|replied"
        patterns.append(re.compile(rf"(?<![\w.-])((?:{alternation(contextual)}))\s+(?:{verbs})\b"))
        # ... or as a possessor: "Hall's laptop", "Green's account"
        patterns.append(re.compile(rf"(?<![\w.-])((?:{alternation(contextual)}))(?=['\u2019]s\b)"))
    extra = []
    for page in pages:  # one pass per matcher over each page: linear in the text, whatever the names
        for matcher in matchers:
            extra += [Finding(page.number, start, end, "PERSON", 0.8, PROPAGATED, page.text[start:end])
                      for start, end in matcher.spans(page.text)]
        for pattern in patterns:
            for m in pattern.finditer(page.text):
                group = 1 if pattern.groups else 0  # the contextual pattern captures the name after its title
                extra.append(Finding(page.number, m.start(group), m.end(group), "PERSON", 0.8, PROPAGATED,
                                     m.group(group)))
    return extra


def _merge(findings: list[Finding]) -> list[list[Finding]]:
    """Group findings whose spans overlap on the same page."""
    groups: list[list[Finding]] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.page, f.start, -f.end)):
        if groups and f.page == groups[-1][0].page and f.start < end:
            groups[-1].append(f)
            end = max(end, f.end)
        else:
            groups.append([f])
            end = f.end
    return groups


@dataclass(slots=True)
class Plan:
    decisions: list[Decision]
    kept: list[Kept] = field(default_factory=list)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text).removeprefix("44").lstrip("0")


class _Keeper:
    """Decides whether a finding is released by design: allow-list, the authority's own listed contact
    details (organisation), the profile's public people, role titles and contact details, or (subject
    access) the requester's own data."""

    def __init__(self, pages: list[PageText], findings: list[Finding], profile: Profile,
                 allow: TermList | None, requester: Requester | None, organisation: Organisation | None = None):
        self.allowed = {p.number: find_terms(p.text, allow) for p in pages} if allow else {}
        self.organisation = OrganisationMatcher(organisation) if organisation else None
        self.org_written = {p.number: self.organisation.written_spans(p.text) for p in pages} if organisation else {}
        self.terms = {t.casefold() for t in profile.keep.terms}
        self.public: set[str] = set()
        for name in profile.keep.people:
            self.public |= name_variants(name)
        texts = self.texts = {p.number: p.text for p in pages}
        titles = [t.casefold() for t in profile.keep.role_titles]
        for f in findings:
            if f.entity_type == "PERSON" and titles and self._beside_title(texts[f.page], f, titles):
                self.public |= name_variants(f.text)
        self.requester: set[str] = set()
        self.requester_digits: set[str] = set()
        if requester is not None:
            if requester.name:
                # Forms of the requester's name that another person found here also has ("Bhriain" when a
                # "Tom Bhriain" is named) are not released on their own; the full name always is.
                own = {_key(v) for v in name_variants(requester.name)}
                others = {_key(v) for f in findings if f.entity_type == "PERSON" and _key(f.text) not in own
                          for v in name_variants(f.text)}
                self.requester |= {v for v in own if v not in others or v == _key(requester.name)}
            self.requester |= {_key(v) for v in (*requester.emails, *requester.terms)}
            self.requester_digits = {_digits(p) for p in requester.phones if _digits(p)}
        self.public = {_norm(v) for v in self.public}
        self.address_blocks = self._address_blocks(pages, requester) if requester and requester.name else {}

    @staticmethod
    def _address_blocks(pages: list[PageText], requester: Requester) -> dict[int, list[tuple[int, int]]]:
        """Where a letter is addressed to the requester: the lines under a line that holds their full
        name ("Ms Siobhán Ní Bhriain" / "27 Kestrel Avenue" / "Harbourside HB4 2PL"), up to the first
        blank line. The address a letter was sent to is the requester's own data."""
        name = re.compile(r"\s+".join(re.escape(w) for w in _key(requester.name).split()), re.IGNORECASE)
        blocks: dict[int, list[tuple[int, int]]] = {}
        for page in pages:
            text = page.text
            for m in name.finditer(text):
                line_start = text.rfind("\n", 0, m.start()) + 1
                line_end = text.find("\n", m.end())
                before = text[line_start:m.start()].strip()
                if line_end < 0 or text[m.end():line_end].strip() or (before and not TITLE_PREFIX.fullmatch(before + " ")):
                    continue  # the name inside a sentence or after a label, not the first line of an address
                end = line_end
                for _ in range(_ADDRESS_BLOCK_LINES):  # the short lines under it: street, town, postcode
                    next_end = text.find("\n", end + 1)
                    line = text[end + 1:next_end if next_end >= 0 else len(text)].strip()
                    if not line or len(line.split()) > 6 or line.endswith((".", ":", ",")) and not line[:1].isdigit():
                        break
                    end = next_end if next_end >= 0 else len(text)
                if end > line_end:
                    blocks.setdefault(page.number, []).append((line_end, end))
        return blocks

    @staticmethod
    def _beside_title(text: str, f: Finding, titles: list[str]) -> bool:
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = text.find("\n", f.end)
        before = text[line_start:f.start].casefold().rstrip(" ,")
        after = text[f.end:line_end if line_end != -1 else len(text)].casefold().lstrip(" ,")
        return any(before.endswith(t) or after.startswith(t) for t in titles)

    def reason(self, f: Finding) -> str | None:
        text = _norm(f.text)
        if f.page in self.allowed and covered_by(self.allowed[f.page], f.start, f.end):
            return "allow-list"
        if self.organisation is not None and (
                self.organisation.keeps(f.entity_type, f.text)
                or any(s <= f.start and f.end <= e for s, e in self.org_written.get(f.page, ()))):
            return KEPT_REASON
        if f.entity_type == "PHONE_NUMBER" and _PUBLIC_LINE.search(self.texts.get(f.page, ""), max(0, f.start - 40), f.start):
            return "the organisation's public number (switchboard, general enquiries), not personal data"
        if text.casefold() in self.terms:
            return "public contact detail (profile keep list)"
        if f.entity_type == "PERSON" and text in self.public:
            return "named in a public role (profile keep list)"
        if _key(text) in self.requester or (f.entity_type == "PHONE_NUMBER" and _digits(text) in self.requester_digits):
            return "requester's own personal data, released by design"
        if f.entity_type in _ADDRESS_TYPES and any(s <= f.start and f.end <= e for s, e in self.address_blocks.get(f.page, ())):
            return "requester's own address (the letter is addressed to them), released by design"
        return None


def _norm(text: str) -> str:
    return " ".join(text.replace("'s", "").split())


def _key(text: str) -> str:
    """A name or term as the requester's data is compared: no title, no possessive, any case ("Ms
    NÍ BHRIAIN's" is "ní bhriain")."""
    return TITLE_PREFIX.sub("", _norm(text.replace("\u2019", "'"))).casefold()


# A number introduced as the organisation's own line is public: "Switchboard (public) 0121 ...",
# "General enquiries: ...". A direct line or mobile is not.
_PUBLIC_LINE = re.compile(r"(?i:\bswitchboard|\bgeneral[ ]enquiries|\bmain[ ](?:tele)?phone[ ]number|\bcustomer[ ]contact[ ]centre)"
                          r"[^\n\d]{0,30}$")
_ADDRESS_TYPES = frozenset({"STREET_ADDRESS", "UK_POSTCODE", "POSTCODE"})
_ADDRESS_BLOCK_LINES = 6


def _context_codes(profile: Profile, pages: list[PageText]) -> list[tuple[ContextRule, set[int] | None]]:
    """For each context rule: the pages it applies to (None = the whole document), or nothing."""
    active = []
    for rule in profile.context_rules:
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(k)}(?!\w)" for k in rule.keywords), re.IGNORECASE)
        hits = {p.number for p in pages if pattern.search(p.text)}
        if hits:
            active.append((rule, None if rule.scope == "document" else hits))
    return active


def decide(pages: list[PageText], findings: list[Finding], profile: Profile,
           allow: TermList | None = None, seed_names: frozenset[str] = frozenset(),
           requester: Requester | None = None, organisation: Organisation | None = None) -> list[Decision]:
    """The decisions only (see plan())."""
    return plan(pages, findings, profile, allow=allow, seed_names=seed_names, requester=requester,
                organisation=organisation).decisions


def plan(pages: list[PageText], findings: list[Finding], profile: Profile, *,
         allow: TermList | None = None, deny: tuple[TermList, ...] = (),
         seed_names: frozenset[str] = frozenset(), requester: Requester | None = None,
         organisation: Organisation | None = None) -> Plan:
    """Turn findings into one decision per withheld passage, in page and reading order.

    `seed_names` are people found elsewhere (other documents of a bundle): they are searched for here
    exactly like names found in this document.
    """
    by_page = {p.number: p for p in pages}
    seeds = [Finding(-1, 0, 0, "PERSON", 1.0, "BundleName", name) for name in sorted(seed_names)]
    keeper = _Keeper(pages, findings, profile, allow, requester, organisation)
    denied = [
        Finding(p.number, start, end, DENY_ENTITY, 1.0, f"{DENY_ENTITY}:{i}", p.text[start:end])
        for i, term_list in enumerate(deny) for p in pages for start, end, _ in find_terms(p.text, term_list)
    ]
    deny_codes = {f"{DENY_ENTITY}:{i}": term_list.exemption for i, term_list in enumerate(deny)}
    candidates, kept = list(denied), []
    for f in [*findings, *propagate_names(pages, [*findings, *seeds])]:
        if not profile.exemptions_for(f.entity_type):
            continue
        why = keeper.reason(f)
        if why is None:
            candidates.append(f)
        else:
            kept.append(Kept(f.page, f.text, f.entity_type, why))
    rules = _context_codes(profile, pages)
    decisions = []
    for group in _merge(candidates):
        page = by_page[group[0].page]
        start, end = min(f.start for f in group), max(f.end for f in group)
        best = max(group, key=lambda f: (f.recognizer != PROPAGATED, f.score))
        codes: dict[str, Exemption] = {}
        for f in sorted(group, key=lambda f: -f.score):
            if f.entity_type == DENY_ENTITY:
                ex = profile.exemptions[deny_codes[f.recognizer]]
                codes.setdefault(ex.code, ex)
                continue
            for ex in _codes_for(profile, f.entity_type, page.number, rules):
                codes.setdefault(ex.code, ex)
        decisions.append(
            Decision(
                id=f"p{page.number + 1}-{len(decisions) + 1:04d}",
                page=page.number,
                start=start,
                end=end,
                text=page.source_text(start, end),
                entity_type=best.entity_type,
                exemptions=tuple(codes.values()),
                score=best.score,
                recognizer=best.recognizer,
                pieces=page.pieces(start, end),
            )
        )
    unique_kept = sorted(set(kept), key=lambda k: (k.page, k.text, k.reason))
    return Plan([d for d in decisions if d.pieces], unique_kept)


def _codes_for(profile: Profile, entity_type: str, page: int,
               rules: list[tuple[ContextRule, set[int] | None]]) -> tuple[Exemption, ...]:
    codes = [e.code for e in profile.exemptions_for(entity_type)]
    for rule, pages in rules:
        if entity_type in rule.entity_types and (pages is None or page in pages):
            codes = list(rule.exemptions) if rule.mode == "replace" else [*codes, *rule.exemptions]
    return tuple(profile.exemptions[c] for c in dict.fromkeys(codes))
