""""This is us": the authority's own public contact details, never withheld.

A council's switchboard, its FOI mailbox and the postcode of its offices are on every letter it sends.
They are not personal data, yet a recognizer finds them as a phone number, an email address and a
postcode, and a profile withholds those under s40(2). An organisation file (`--organisation FILE`, or an
`organisation:` section in a profile) lists them so they are released by design.

Only what is listed is kept: a named officer's direct line or personal mailbox at the same domain
(jane.smith@council.gov.uk) is still withheld. Phone numbers are compared by their digits (as
`phonenumbers` normalises them: "0121 303 1234", "+44 (0)121 3031234" and "01213031234" are one number),
mailboxes and everything else case-insensitively.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import phonenumbers
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

KEPT_REASON = "the authority's own public contact details"

_MIN_PHONE_DIGITS = 6
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WEB_TYPES = frozenset({"INTERNAL_URL", "HOSTNAME"})
_ADDRESS_TYPES = frozenset({"STREET_ADDRESS", "UK_POSTCODE", "POSTCODE"})


def phone_key(text: str, region: str = "GB") -> str:
    """One form of a phone number, whatever its spacing and prefix: E.164 when `phonenumbers` can read it
    ("+441213031234"), else its digits without a leading 0 or 44."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and number.national_number:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return re.sub(r"\D", "", text).removeprefix("44").lstrip("0")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


class Organisation(BaseModel):
    """The authority's own public contact details (the fields of an organisation file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    domains: tuple[str, ...] = ()  # web domains: a URL or host name at one of them (or a subdomain) is kept
    mailboxes: tuple[str, ...] = ()  # generic mailboxes only: foi@council.gov.uk, or foi@ for every domain
    phones: tuple[str, ...] = ()  # switchboard and other public numbers
    addresses: tuple[str, ...] = ()  # postal addresses of the authority's offices
    postcodes: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # other public references: ICO registration, company or charity number
    region: str = "GB"  # the country of phone numbers written without a country code

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for domain in value:
            host = ((urlsplit(domain).hostname or "") if "//" in domain else domain).strip().strip(".").casefold()
            host = host.removeprefix("www.")
            if not host or "." not in host or "@" in host or " " in host:
                raise ValueError(f"{domain!r} is not a web domain (e.g. council.gov.uk)")
            out.append(host)
        return tuple(out)

    @field_validator("phones")
    @classmethod
    def _phones(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for phone in value:
            if len(re.sub(r"\D", "", phone)) < _MIN_PHONE_DIGITS:
                raise ValueError(f"{phone!r} is not a phone number")
        return value

    @field_validator("mailboxes")
    @classmethod
    def _mailboxes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for box in value:
            if not (_EMAIL.fullmatch(box.strip()) or re.fullmatch(r"[^@\s]+@", box.strip())):
                raise ValueError(f"{box!r} is not a mailbox (foi@council.gov.uk, or foi@ for every domain)")
        return tuple(b.strip().casefold() for b in value)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if value.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"{value!r} is not a country code phonenumbers knows (e.g. GB, IE, US)")
        return value.upper()

    @model_validator(mode="after")
    def _short_mailboxes_need_domains(self) -> Organisation:
        for box in self.mailboxes:
            if box.endswith("@") and not self.domains:
                raise ValueError(f"mailboxes: {box!r} needs the organisation's domains")
        return self

    def is_empty(self) -> bool:
        return not (self.name or self.domains or self.mailboxes or self.phones or self.addresses
                    or self.postcodes or self.references)

    def merged(self, other: Organisation | None) -> Organisation:
        """This organisation's details and `other`'s (a profile's section and an --organisation file)."""
        if other is None:
            return self
        return Organisation(
            name=other.name or self.name,
            domains=(*self.domains, *other.domains),
            mailboxes=(*self.mailboxes, *other.mailboxes),
            phones=(*self.phones, *other.phones),
            addresses=(*self.addresses, *other.addresses),
            postcodes=(*self.postcodes, *other.postcodes),
            references=(*self.references, *other.references),
            region=other.region if "region" in other.model_fields_set else self.region,
        )

    def all_mailboxes(self) -> frozenset[str]:
        """The listed mailboxes, "foi@" spelled out at every domain."""
        full = {b for b in self.mailboxes if not b.endswith("@")}
        full |= {b + d for b in self.mailboxes if b.endswith("@") for d in self.domains}
        return frozenset(full)

    def terms(self) -> frozenset[str]:
        """Every listed detail as written, case-folded (for channels matched by whole value)."""
        return frozenset(t.casefold() for t in (*self.all_mailboxes(), *self.phones, *self.postcodes,
                                                 *self.references, *([self.name] if self.name else ())))


class OrganisationMatcher:
    """Tells whether one finding is one of the organisation's listed details."""

    def __init__(self, org: Organisation):
        self.org = org
        self.phones = {phone_key(p, org.region) for p in org.phones}
        self.mailboxes = org.all_mailboxes()
        self.postcodes = {_compact(p) for p in org.postcodes}
        self.literal = {" ".join(t.split()).casefold() for t in (*org.references, *([org.name] if org.name else ()))}
        # an address may be found with or without its postcode, whole or in part ("Quayside Road, Harbourside")
        self.addresses = [_words(a) for a in org.addresses]
        self.addresses += [a + _words(p) for a in list(self.addresses) for p in org.postcodes]
        # where the name and the addresses are written out on a page: a piece of one that a recognizer
        # took for a person or a place ("Harbourside" of "Harbourside City Council") is theirs too
        written = [t for t in (org.name, *org.addresses) if t and t.strip()]
        self.written = re.compile("|".join(r"\W+".join(map(re.escape, _words(t))) for t in written),
                                  re.IGNORECASE) if written else None

    def written_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the organisation's name or one of its addresses is written out in `text`."""
        return [m.span() for m in self.written.finditer(text)] if self.written else []

    def keeps(self, entity_type: str, text: str) -> bool:
        text = text.strip().strip(".,;:()<>[]")
        if not text:
            return False
        if entity_type == "PHONE_NUMBER":
            return phone_key(text, self.org.region) in self.phones
        if entity_type == "EMAIL_ADDRESS" or _EMAIL.fullmatch(text):
            return text.removeprefix("mailto:").casefold() in self.mailboxes
        if _compact(text) in self.postcodes or " ".join(text.split()).casefold() in self.literal:
            return True
        if entity_type in _WEB_TYPES:
            return self._on_domain(text)
        if entity_type in _ADDRESS_TYPES:
            words = _words(text)
            return len(words) >= 2 and any(_contains(address, words) for address in self.addresses)
        return False

    def _on_domain(self, text: str) -> bool:
        try:
            host = (urlsplit(text if "//" in text else f"//{text}").hostname or "").casefold()
        except ValueError:  # not a URL after all ("http://[::1")
            return False
        return any(host == d or host.endswith("." + d) for d in self.org.domains)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


STARTER = """\
# Organisation file: the authority's own public contact details, never withheld ("this is us").
# Use it with  redactor redact|analyze|apply|batch ... --organisation THIS_FILE
# (or paste these keys under `organisation:` in a profile). Every released document's report lists what
# it kept under released_by_design, with the reason "the authority's own public contact details", and
# the release certificate records this file and its sha256.
#
# Only what is listed here is kept. A named officer's direct line or personal mailbox
# (jane.smith@council.gov.uk) is still withheld as personal data: list generic mailboxes and public
# numbers only. Delete the examples you do not need; keep the [] of an empty list.

# The authority's name as it appears in documents.
name: ""                       # e.g. Harbourside City Council

# Web domains: a URL or host name at one of these (or a subdomain such as www.) is kept. A domain does
# NOT keep email addresses at it: list the generic mailboxes below.
domains: []                    # e.g. [harbourside.gov.uk]

# Generic mailboxes: foi@harbourside.gov.uk, or foi@ for the same mailbox at every domain above.
# Compared case-insensitively.
mailboxes: []                  # e.g. [foi@harbourside.gov.uk, info@, dpo@]

# Switchboard and other public numbers, written any way: they are compared by their digits, so
# "0121 303 1234", "+44 (0)121 303 1234" and "01213031234" are one number.
phones: []                     # e.g. ["0121 303 1234", "0800 123 4567"]

# Postal addresses of the authority's offices (an address found whole or in part is kept) ...
addresses: []                  # e.g. ["Civic Centre, Quayside Road, Harbourside"]
# ... and their postcodes.
postcodes: []                  # e.g. [HB1 1AA]

# Other public references: ICO registration number, company or charity number, VAT number.
references: []                 # e.g. [Z1234567]

# The country of phone numbers written without a country code (GB, IE, US, ...).
region: GB
"""
