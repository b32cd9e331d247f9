"""Where the generated documents' values come from: Faker's locale data, `phonenumbers`' metadata, and the
published formats of identifiers (NINO prefix rules, NHS mod-11, DVLA licence layout, card networks).

Nothing here knows what the recognizers look for. Every draw takes a `random.Random`, so a document is a
pure function of its seed. Values are split between the dev and test halves by a hash of their key (a
name's tokens, a number's digits): `Source(half)` only ever returns values whose key hashes to its half,
so no name token, number or secret is shared between the halves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import string
import unicodedata
from dataclasses import dataclass
from functools import cache

import phonenumbers
from faker import Faker
from phonenumbers import PhoneNumberFormat as PNF
from phonenumbers import PhoneNumberType as PNT

HALVES = ("dev", "test")

# Faker locales with a person provider of their own that writes Latin script (checked by
# `test_generalise`); en_GB is weighted up because the documents are British public-sector ones.
# zh_CN, zh_TW and ja_JP use Faker's romanised names. Korean and Arabic-script locales have no Latin
# names in Faker: Arabic-origin names come from en_PK and fr_DZ (with "al-" and "bin"/"binti" forms).
NAME_LOCALES = (
    "en_GB", "en_US", "en_IE", "ga_IE", "en_IN", "en_KE", "en_NG", "en_PK", "en_NZ", "fr_FR", "fr_CA",
    "fr_CH", "fr_DZ", "de_DE", "de_AT", "de_CH", "nl_NL", "nl_BE", "es_ES", "es_MX", "es_CO", "es_AR",
    "it_IT", "pt_BR", "pt_PT", "pl_PL", "cs_CZ", "sk_SK", "sv_SE", "da_DK", "no_NO", "fi_FI", "is_IS",
    "hu_HU", "ro_RO", "hr_HR", "sl_SI", "lt_LT", "lv_LV", "et_EE", "tr_TR", "az_AZ", "id_ID", "vi_VN",
    "yo_NG", "ig_NG", "ha_NG", "sw", "zu_ZA", "tw_GH", "zh_CN", "zh_TW", "ja_JP",
)
ROMANISED = {"zh_CN", "zh_TW", "ja_JP"}
FAMILY_FIRST = {"zh_CN": 0.6, "zh_TW": 0.6, "ja_JP": 0.4, "hu_HU": 0.5, "vi_VN": 1.0}
# Name particles: not keys for the dev/test split (they are shared by many families).
PARTICLES = {"van", "der", "den", "de", "del", "della", "da", "di", "du", "von", "le", "la", "bin", "binti",
             "al", "ní", "nic", "mac", "mc", "ó", "ua", "an", "dos", "das", "do", "y", "e", "o"}
TITLES_F = ("Ms", "Mrs", "Miss", "Dr", "Ms.", "Mrs.", "Dr.")
TITLES_M = ("Mr", "Dr", "Mr.", "Dr.", "Prof.")

PHONE_REGIONS = ("GB", "IE", "US", "CA", "AU", "NZ", "FR", "DE", "NL", "BE", "ES", "IT", "PT", "PL", "CZ",
                 "SE", "NO", "DK", "FI", "CH", "AT", "IN", "NG", "ZA", "KE", "BR", "MX", "JP", "CN", "SG",
                 "TR", "AE", "PK", "PH")
ADDRESS_COUNTRIES = ("GB", "US", "IE", "AU", "DE", "FR", "NL", "ES", "IT", "CA")
IBAN_LOCALES = ("en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT", "en_IE", "pl_PL", "pt_PT", "fi_FI",
                "de_AT", "de_CH", "cs_CZ", "no_NO", "da_DK", "tr_TR", "ro_RO", "nl_BE", "pt_BR")
CARD_TYPES = ("visa13", "visa16", "visa19", "amex", "diners", "discover", "jcb15", "jcb16", "maestro",
              "mastercard")


def half_of(key: str) -> int:
    """0 (dev) or 1 (test): a value's half, from a hash of its normalised key."""
    norm = "".join(c for c in unicodedata.normalize("NFKC", key).casefold() if c.isalnum())
    return hashlib.sha256(norm.encode()).digest()[0] & 1


def is_latin(text: str) -> bool:
    return all(c in " -'." or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in text)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def faker(locale: str, rng: random.Random) -> Faker:
    fake = _faker(locale)
    fake.seed_instance(rng.getrandbits(48))
    return fake


def name_tokens(text: str) -> list[str]:
    """A name's tokens that carry identity (particles and one-letter pieces left out)."""
    out = []
    for tok in text.replace("-", " ").replace("'", " ").replace("’", " ").split():
        t = tok.strip(".").casefold()
        if len(t) > 1 and t not in PARTICLES:
            out.append(t)
    return out


# --- people ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    given: str
    family: str
    locale: str
    female: bool
    family_first: bool
    title: str

    @property
    def full(self) -> str:
        return f"{self.family} {self.given}" if self.family_first else f"{self.given} {self.family}"

    @property
    def initials(self) -> str:
        parts = self.given.replace("-", " ").split() + [
            w for w in self.family.replace("-", " ").split() if w.casefold() not in PARTICLES]
        return "".join(p[0].upper() for p in parts if p[0].isalpha())[:3]

    @property
    def ascii_given(self) -> str:
        return "".join(c for c in strip_accents(self.given).lower() if c.isascii() and c.isalpha())

    @property
    def ascii_family(self) -> str:
        return "".join(c for c in strip_accents(self.family).lower() if c.isascii() and c.isalpha())


_LENITE = set("bcdfgmpt")


def _lenite(word: str) -> str:
    """Irish lenition after Ní/Nic: Féith -> Fhéith, Conghamhna -> Chonghamhna (not before h, or s+cons.)."""
    if len(word) > 1 and word[0].lower() in _LENITE and word[1].lower() != "h":
        return word[0] + "h" + word[1:]
    return word


def _raw_person(rng: random.Random) -> Person:
    locale = "en_GB" if rng.random() < 0.2 else rng.choice(NAME_LOCALES)
    fake = faker(locale, rng)
    female = rng.random() < 0.5
    if locale in ROMANISED:
        gendered = getattr(fake, "first_romanized_name_female" if female else "first_romanized_name_male", None)
        given = gendered() if gendered else fake.first_romanized_name()
        family = fake.last_romanized_name()
        if locale == "zh_TW":  # Wade-Giles, upper case in Faker: CHEN SHU-MEI -> Chen Shu-mei
            given, family = given.capitalize(), family.capitalize()
    else:
        given = fake.first_name_female() if female else fake.first_name_male()
        family = (fake.last_name_female() if female and hasattr(fake, "last_name_female")
                  else fake.last_name())
    roll = rng.random()
    if locale == "ga_IE" and female and family.startswith(("Ó ", "Mac ")) and roll < 0.7:
        head, rest = family.split(" ", 1)
        family = ("Ní " if head == "Ó" else "Nic ") + _lenite(rest)
    elif locale in ("en_PK", "fr_DZ") and roll < 0.35:
        father = faker(locale, rng).first_name_male()
        family = ("binti " if female else "bin ") + father
    elif locale in ("en_PK", "fr_DZ") and roll < 0.6:
        family = "al-" + family
    elif locale in ("en_GB", "en_US", "fr_FR", "de_DE", "en_NZ", "es_ES") and roll < 0.12:
        family = f"{family}-{fake.last_name()}"
    if rng.random() < 0.1:
        given, family = strip_accents(given), strip_accents(family)
    given, family = unicodedata.normalize("NFC", given), unicodedata.normalize("NFC", family)
    family_first = rng.random() < FAMILY_FIRST.get(locale, 0.0)
    title = rng.choice(TITLES_F if female else TITLES_M)
    return Person(given, family, locale, female, family_first, title)


# --- phone numbers ---------------------------------------------------------------------------------

def _valid_number(rng: random.Random, region: str, kind: int) -> phonenumbers.PhoneNumber | None:
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:
        return None
    nsn = phonenumbers.national_significant_number(example)
    keep = max(2, len(nsn) - 5)
    for _ in range(60):
        digits = nsn[:keep] + "".join(rng.choice(string.digits) for _ in range(len(nsn) - keep))
        number = phonenumbers.parse("+" + str(example.country_code) + digits)
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
                kind, PNT.FIXED_LINE_OR_MOBILE):
            return number
    return None


def format_phone(rng: random.Random, number: phonenumbers.PhoneNumber, region: str, style: str) -> str:
    national = phonenumbers.format_number(number, PNF.NATIONAL)
    intl = phonenumbers.format_number(number, PNF.INTERNATIONAL)
    prefix = phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix
    if style == "national":
        return national
    if style == "international":
        return intl
    if style == "e164":
        return phonenumbers.format_number(number, PNF.E164)
    if style == "trunk" and prefix:  # +44 (0)20 7946 0123, +41 (0)44 668 18 00
        cc, rest = intl.split(" ", 1)
        return f"{cc} ({prefix}){rest}"
    if style == "00":
        return "00" + intl[1:]
    if style == "compact":
        return "".join(c for c in national if c.isdigit())
    if style == "dashes":
        return "-".join(national.replace("(", "").replace(")", "").split())
    if style == "ext":
        ext = str(rng.randint(10, 9999))
        return national + rng.choice([f" ext. {ext}", f" x{ext}", f" ext {ext}", f" extn {ext}", f" x {ext}"])
    return national


PHONE_STYLES = ("national", "national", "international", "e164", "trunk", "00", "compact", "dashes", "ext")


@dataclass(frozen=True)
class Phone:
    text: str
    region: str
    e164: str


# --- addresses -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Address:
    street: tuple[str, ...]  # street lines: the STREET_ADDRESS gold strings
    locality: str            # town line without the postcode
    postcode: str
    country: str

    def block(self) -> list[str]:
        """Lines as written on an envelope of that country."""
        c, pc = self.country, self.postcode
        if c in ("GB", "IE"):
            return [*self.street, self.locality, pc]
        if c in ("US", "AU", "CA"):
            return [*self.street, f"{self.locality} {pc}"]
        return [*self.street, f"{pc} {self.locality}"]

    def one_line(self) -> str:
        return ", ".join(self.block())


_ADDRESS_LOCALE = {"GB": "en_GB", "US": "en_US", "IE": "en_IE", "AU": "en_AU", "DE": "de_DE", "FR": "fr_FR",
                   "NL": "nl_NL", "ES": "es_ES", "IT": "it_IT", "CA": "en_CA"}


def _raw_address(rng: random.Random, country: str) -> Address:
    fake = faker(_ADDRESS_LOCALE[country], rng)
    # a secondary line ("Flat 3", "Studio 4") is written on the street line: "Flat 3, Glenn Isle"
    street = (", ".join(s.strip() for s in fake.street_address().replace(",", "").split("\n") if s.strip()),)
    if country in ("US", "AU"):
        return Address(street, f"{fake.city()}, {fake.state_abbr()}", fake.postcode(), country)
    if country == "CA":
        return Address(street, f"{fake.city()}, {fake.province_abbr()}", fake.postcode(), country)
    return Address(street, fake.city(), fake.postcode(), country)


# --- identifiers -----------------------------------------------------------------------------------

# HMRC: first letter not D F I Q U V; second not D F I O Q U V; these prefixes never issued.
_NINO_FIRST = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
_NINO_SECOND = [c for c in string.ascii_uppercase if c not in "DFIOQUV"]
_NINO_BAD = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_BAD:
            break
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    suffix = rng.choice("ABCD")
    return rng.choice([
        f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}", f"{prefix}{digits}{suffix}",
        f"{prefix} {digits} {suffix}", f"{prefix.lower()}{digits}{suffix.lower()}"])


def nhs_number(rng: random.Random) -> str:
    """Ten digits whose last is the mod-11 check digit (weights 10..2); a remainder giving 10 is never issued."""
    while True:
        body = [rng.randint(4, 7)] + [rng.randint(0, 9) for _ in range(8)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(body)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            break
    s = "".join(map(str, body + [check]))
    return rng.choice([f"{s[:3]} {s[3:6]} {s[6:]}", s, f"{s[:3]}-{s[3:6]}-{s[6:]}"])


def driving_licence(rng: random.Random, person: Person, dob: dt.date) -> str:
    """DVLA layout: surname (5, 9-padded, MAC -> MC), decade, month (+50 for women), day, year digit,
    two initials (9-padded), a 9, two check letters (random here: the algorithm is not published)."""
    surname = "".join(c for c in strip_accents(person.family).upper() if "A" <= c <= "Z")
    if surname.startswith("MAC"):
        surname = "MC" + surname[3:]
    surname = (surname + "99999")[:5]
    month = dob.month + (50 if person.female else 0)
    initials = ("".join(c for c in strip_accents(person.given).upper() if "A" <= c <= "Z")[:1] + "9")[:2]
    body = (f"{surname}{str(dob.year)[2]}{month:02d}{dob.day:02d}{str(dob.year)[3]}{initials}9"
            + "".join(rng.choice(string.ascii_uppercase) for _ in range(2)))
    return body if rng.random() < 0.7 else f"{body[:5]} {body[5:11]} {body[11:]}"


def passport(rng: random.Random) -> str:
    if rng.random() < 0.6:  # UK: 9 digits
        return str(rng.randint(100_000_000, 999_999_999))
    if rng.random() < 0.5:  # US next generation book: a letter and 8 digits
        return rng.choice(string.ascii_uppercase) + str(rng.randint(10_000_000, 99_999_999))
    return str(rng.randint(100_000_000, 999_999_999))


def group(text: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    out, i = [], 0
    for size in sizes:
        out.append(text[i:i + size])
        i += size
    if i < len(text):
        out.append(text[i:])
    return sep.join(p for p in out if p)


def card_number(rng: random.Random, kind: str) -> str:
    number = faker("en_US", rng).credit_card_number(card_type=kind)
    sep = rng.choice([" ", " ", "-", ""])
    if len(number) == 15 and kind == "amex":
        return group(number, (4, 6, 5), sep)
    if len(number) == 14:
        return group(number, (4, 6, 4), sep)
    return group(number, (4,) * (len(number) // 4), sep)


def iban(rng: random.Random) -> str:
    value = faker(rng.choice(IBAN_LOCALES), rng).iban()
    style = rng.random()
    if style < 0.35:
        value = group(value, (4,) * 9)
    elif style < 0.55:
        value = value.lower()
    elif style < 0.7:
        value = group(value.lower(), (4,) * 9)
    return value


def date_formats(rng: random.Random, day: dt.date) -> str:
    return rng.choice([
        day.strftime("%d/%m/%Y"), f"{day.day} {day:%B %Y}", day.isoformat(), f"{day:%B} {day.day}, {day.year}",
        day.strftime("%d.%m.%Y"), f"{day.day} {day:%b %Y}", day.strftime("%d-%m-%Y")])


def mac_address(rng: random.Random) -> str:
    raw = faker("en_US", rng).mac_address().replace(":", "")
    style = rng.random()
    if style < 0.4:
        return ":".join(raw[i:i + 2] for i in range(0, 12, 2))
    if style < 0.7:
        return "-".join(raw[i:i + 2] for i in range(0, 12, 2)).upper()
    return ".".join(raw[i:i + 4] for i in range(0, 12, 4))  # Cisco


def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


_ALNUM = string.ascii_letters + string.digits
_B64 = _ALNUM + "+/"


def secret(rng: random.Random, kind: str) -> str:
    if kind == "aws_id":
        return "AKIA" + _rand(rng, string.ascii_uppercase + "234567", 16)
    if kind == "aws_secret":
        return _rand(rng, _B64, 40)
    if kind == "github":
        return "ghp_" + _rand(rng, _ALNUM, 36)
    if kind == "slack":
        return f"xoxb-{_rand(rng, string.digits, 11)}-{_rand(rng, string.digits, 13)}-{_rand(rng, _ALNUM, 24)}"
    if kind == "hex":
        return _rand(rng, "0123456789abcdef", rng.choice([32, 40, 64]))
    if kind == "base64":
        return _rand(rng, _B64, rng.choice([32, 43])) + rng.choice(["", "="])
    if kind == "azure":
        return _rand(rng, _ALNUM, 3) + "8Q~" + _rand(rng, _ALNUM + "_~.-", 34)
    raise ValueError(kind)


SECRET_KINDS = ("aws_id", "aws_secret", "github", "slack", "hex", "base64", "azure")


def password(rng: random.Random) -> str:
    fake = faker("en_US", rng)
    style = rng.random()
    if style < 0.4:
        return fake.password(length=rng.randint(10, 16), special_chars=rng.random() < 0.8)
    if style < 0.7:
        words = [fake.word().capitalize() for _ in range(rng.randint(2, 3))]
        return rng.choice("-_.!") .join(words) + str(rng.randint(1, 99))
    base = rng.choice([fake.month_name(), fake.day_of_week(), fake.word().capitalize()])
    return f"{base}{rng.randint(2015, 2025)}{rng.choice('!#$*?')}"


_ROLES = ("FS", "DC", "SQL", "APP", "EX", "WEB", "VPN", "PRT", "HV", "BK", "RDS", "CTX", "NAS", "ADFS")


def hostname(rng: random.Random) -> str:
    site = _rand(rng, string.ascii_uppercase, rng.choice([2, 3, 3, 4]))
    style = rng.random()
    if style < 0.5:
        return f"{site}-{rng.choice(_ROLES)}-{rng.randint(1, 24):02d}"
    if style < 0.7:
        return f"{site}-{_rand(rng, string.ascii_uppercase, 2)}-{rng.randint(1, 9):02d}"
    if style < 0.85:
        return f"{rng.choice(['WKS', 'LT', 'PC', 'DT'])}-{rng.randint(100, 99999):05d}"
    return f"{site}{rng.choice(_ROLES)}{rng.randint(1, 24):02d}"


def cve(rng: random.Random) -> str:
    return f"CVE-{rng.randint(2014, 2025)}-{rng.randint(1000, 49999)}"


def guid(rng: random.Random) -> str:
    value = faker("en_US", rng).uuid4()
    style = rng.random()
    return value.upper() if style < 0.3 else "{" + value + "}" if style < 0.4 else value


def reference(rng: random.Random, kind: str) -> str:
    year = rng.randint(2021, 2025)
    d = lambda n: _rand(rng, string.digits, n)  # noqa: E731
    if kind == "servicenow":
        return rng.choice(["INC", "INC", "CHG", "RITM", "REQ", "PRB", "TASK"]) + d(7)
    if kind == "ncsc":
        return rng.choice([f"NCSC-{d(6)}", f"NCSC-{year}-{d(5)}", f"CIR-{d(6)}"])
    if kind == "foi":
        return rng.choice([f"FOI/{year}/{d(5)}", f"FOI-{str(year)[2:]}-{d(4)}", f"EIR/{year}/{d(3)}",
                           f"FOI{year}{d(4)}", f"IR-{year}-{d(4)}"])
    if kind == "ico":
        return rng.choice([f"IC-{d(6)}-{_rand(rng, string.ascii_uppercase + string.digits, 4)}",
                           f"ENF{d(7)}", f"RFA{d(7)}"])
    if kind == "police":
        mon = dt.date(year, rng.randint(1, 12), 1).strftime("%b").upper()
        return rng.choice([f"CAD {d(4)}/{rng.randint(1, 28):02d}{mon}{str(year)[2:]}",
                           f"{_rand(rng, string.ascii_uppercase, 2)}/{d(5)}/{str(year)[2:]}",
                           f"NFRC{str(year)[2:]}{d(10)}", f"{d(2)}/{d(6)}/{str(year)[2:]}"])
    if kind == "case":
        return rng.choice([f"CASE-{d(6)}", f"SR{d(7)}", f"{_rand(rng, string.ascii_uppercase, 3)}/{year}/{d(4)}",
                           f"C{d(8)}", f"HR-{year}-{d(3)}"])
    raise ValueError(kind)


REFERENCE_KINDS = ("servicenow", "ncsc", "foi", "ico", "police", "case")

# Health details: a short hand list is acceptable here (no well-kept package of lay phrasing exists).
# (phrase, kind): kind chooses a sentence that fits.
HEALTH = (
    ("knee surgery", "op"), ("hip replacement surgery", "op"), ("a hysterectomy", "op"),
    ("back surgery", "op"), ("a heart bypass", "op"), ("cataract surgery", "op"),
    ("diabetes", "cond"), ("type 2 diabetes", "cond"), ("epilepsy", "cond"), ("multiple sclerosis", "cond"),
    ("breast cancer", "cond"), ("long COVID", "cond"), ("Crohn's disease", "cond"), ("asthma", "cond"),
    ("rheumatoid arthritis", "cond"), ("early-onset dementia", "cond"), ("kidney failure", "cond"),
    ("anxiety", "mind"), ("depression", "mind"), ("work-related stress", "mind"), ("PTSD", "mind"),
    ("bipolar disorder", "mind"), ("an eating disorder", "mind"),
    ("chemotherapy", "treat"), ("dialysis", "treat"), ("physiotherapy", "treat"), ("IVF treatment", "treat"),
    ("a course of antidepressants", "treat"), ("radiotherapy", "treat"),
)


# --- the source of one half ------------------------------------------------------------------------

class Source:
    """Draws values for one half; each value's key hashes to that half (see `half_of`)."""

    def __init__(self, half: str) -> None:
        self.index = HALVES.index(half)

    def _ok(self, *keys: str) -> bool:
        return all(half_of(k) == self.index for k in keys if k)

    def person(self, rng: random.Random) -> Person:
        while True:
            p = _raw_person(rng)
            if is_latin(p.given + p.family) and self._ok(*name_tokens(p.given), *name_tokens(p.family)):
                return p

    def phone(self, rng: random.Random, region: str | None = None, style: str | None = None,
              kind: int | None = None) -> Phone:
        while True:
            reg = region or ("GB" if rng.random() < 0.4 else rng.choice(PHONE_REGIONS))
            number = _valid_number(rng, reg, kind if kind is not None else rng.choice([PNT.FIXED_LINE, PNT.MOBILE]))
            if number is None:
                continue
            e164 = phonenumbers.format_number(number, PNF.E164)
            if self._ok(e164):
                text = format_phone(rng, number, reg, style or rng.choice(PHONE_STYLES))
                return Phone(text, reg, e164)

    def address(self, rng: random.Random, country: str | None = None) -> Address:
        while True:
            a = _raw_address(rng, country or ("GB" if rng.random() < 0.5 else rng.choice(ADDRESS_COUNTRIES)))
            if a.street and self._ok(" ".join(a.street), a.postcode):
                return a

    def value(self, rng: random.Random, draw, *args):
        """Any other value: draw(rng, *args) until its key falls in this half."""
        while True:
            v = draw(rng, *args)
            if self._ok(v):
                return v

    def dob(self, rng: random.Random) -> dt.date:
        while True:
            day = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 65))
            if self._ok(day.isoformat()):
                return day
