"""Document genres, written the way public-sector documents are: each genre function fills a `Builder`
with blocks (headings, paragraphs, tables, log lines, form fields) and labels every value it inserts.

`Builder.s(text, type)` inserts a value that must be withheld and labels it; `Builder.k(text)` inserts
a string that must survive. Labels are strings: the evaluation counts every occurrence of each one in
the extracted text, so `Builder.collisions()` rejects a document where a labelled string also occurs
where it was not inserted as that value (a surname that is also a word of the text around it).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from evaluation import sources as src
from evaluation.legacy import _gold_pattern
from evaluation.sources import Person, Source

Block = tuple  # ("h", level, text) | ("p", text) | ("table", rows, header) | ("pre", lines) | ("kv", pairs)
#                | ("ul", items) | ("lines", lines)

# KEEP vocabulary: what a release must leave readable. Hand lists are fine here: these are the
# document's own furniture, not values to find.
LEGISLATION = ("section 40(2)", "section 31(1)(a)", "section 43(2)", "Article 33 UK GDPR", "Article 34 UK GDPR",
               "Data Protection Act 2018", "Freedom of Information Act 2000", "regulation 12(3)",
               "section 21", "Article 6(1)(e)", "Computer Misuse Act 1990", "section 38(1)")
NATIONAL_BODIES = ("Information Commissioner's Office", "National Cyber Security Centre", "Action Fraud",
                   "Metropolitan Police Service", "Police Scotland", "Greater Manchester Police",
                   "NHS England", "Department for Education", "HM Revenue and Customs",
                   "Local Government Association")
PRODUCTS = ("Microsoft 365", "Exchange Online", "Windows Server 2019", "Windows Server 2022", "SharePoint Online",
            "Microsoft Teams", "Microsoft Entra ID", "Citrix NetScaler", "MOVEit Transfer", "FortiGate",
            "Cisco AnyConnect", "VMware ESXi", "Microsoft Defender for Endpoint", "Veeam Backup")
STAFF_ROLES = ("Data Protection Officer", "Information Governance Manager", "Service Desk Analyst",
               "Head of IT Security", "Senior Information Risk Owner", "Caseworker", "Team Manager",
               "Network Engineer", "Customer Services Adviser", "Complaints Officer", "Social Worker",
               "Head of Legal Services", "Infrastructure Lead", "FOI Officer")
SUBJECT_ROLES = ("Requester", "Data Subject", "Resident", "Complainant", "Tenant", "Service User", "Applicant")
UI_WORDS = ("Website", "Personal Info", "Contact Details", "Submit", "Status", "Summary", "Next Steps",
            "Dashboard", "Sign in", "Attachments", "Reference")
GREETINGS = ("Hi team", "Good morning", "Good afternoon", "Hello all", "Dear colleagues", "Hi all")
SIGNOFFS = ("Kind regards", "Many thanks", "Best wishes", "Regards", "Thanks")
TEAMS = ("Information Governance", "IT Service Desk", "Cyber Security", "Housing Services", "Adult Social Care",
         "Revenues and Benefits", "Customer Services", "Legal Services")


@dataclass
class Builder:
    rng: random.Random
    source: Source
    genre: str
    blocks: list[Block] = field(default_factory=list)
    gold: list[tuple[str, str]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    locales: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    card_types: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        county = src.faker("en_GB", self.rng).county()
        self.authority = f"{county} Council" if county.endswith("City") else f"{county} County Council"
        self.domain = re.sub(r"[^a-z]", "", county.lower()) + ".gov.uk"
        self.internal = self.rng.choice(["corp.", "ad.", "int."]) + self.domain.replace(".gov.uk", ".local")

    # -- labelling -------------------------------------------------------------------------------
    def s(self, text: str, kind: str) -> str:
        text = text.strip()
        if (text, kind) not in self.gold:
            self.gold.append((text, kind))
        self.inserted.append(text)
        return text

    def k(self, text: str) -> str:
        if text not in self.keep:
            self.keep.append(text)
        return text

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def choice(self, seq):
        return self.rng.choice(seq)

    def pick(self, *options: Callable[[], str]) -> str:
        """One of several phrasings; only the chosen one is built (and labelled)."""
        return self.rng.choice(options)()

    # -- values ----------------------------------------------------------------------------------
    def person(self) -> Person:
        taken = {t for p in self.people for t in src.name_tokens(p.given + " " + p.family)}
        while True:
            p = self.source.person(self.rng)
            toks = set(src.name_tokens(p.given + " " + p.family))
            if not toks & taken and p.initials not in {q.initials for q in self.people} and len(p.initials) >= 2:
                self.people.append(p)
                self.locales.add(p.locale)
                return p

    def name(self, p: Person, form: str = "full") -> str:
        s = self.s
        if form == "full":
            return s(p.full, "PERSON")
        if form == "title":
            return f"{p.title} {s(p.full, 'PERSON')}"
        if form == "title_family":
            return f"{p.title} {s(p.family, 'PERSON')}"
        if form == "given":
            return s(p.given, "PERSON")
        if form == "family":
            return s(p.family, "PERSON")
        if form == "lower":
            return s(p.full.replace("İ", "i").lower(), "PERSON")
        if form == "upper":
            return s(f"{p.family.upper()} {p.given}", "PERSON")
        if form == "comma":
            return s(f"{p.family}, {p.given}", "PERSON")
        if form == "poss":
            return s(self.choice([p.family, p.given]), "PERSON") + "'s"
        if form == "initials":
            return s(p.initials, "PERSON")
        if form == "initial_family":
            return s(f"{p.given[0]}. {p.family}", "PERSON")
        if form == "defined":
            return f"{s(p.full, 'PERSON')} ({s(p.initials, 'PERSON')})"
        raise ValueError(form)

    def any_name(self, p: Person) -> str:
        return self.name(p, self.choice(["full", "full", "title", "title_family", "given", "family",
                                         "initial_family", "poss"]))

    def phone(self, region: str | None = None, style: str | None = None) -> str:
        ph = self.source.phone(self.rng, region, style)
        self.regions.add(ph.region)
        return self.s(ph.text, "PHONE_NUMBER")

    def email(self, p: Person, work: bool | None = None) -> str:
        g, f = p.ascii_given or "x", p.ascii_family or "y"
        if work is None:
            work = self.rng.random() < 0.6
        if work:
            local = self.choice([f"{g}.{f}", f"{g[0]}{f}", f"{g}.{f}", f"{f}.{g}"])
            return self.s(f"{local}@{self.domain}", "EMAIL_ADDRESS")
        fake = src.faker("en_GB", self.rng)
        local = self.choice([f"{g}{f}{self.rng.randint(1, 99)}", f"{g}.{f}", f"{f}{g[0]}", f"{g}_{f}"])
        return self.s(f"{local}@{fake.free_email_domain()}", "EMAIL_ADDRESS")

    def address(self, country: str | None = None) -> src.Address:
        a = self.source.address(self.rng, country)
        for line in a.street:
            self.s(line, "STREET_ADDRESS")
        self.s(a.postcode, "POSTCODE")
        return a

    def address_lines(self, country: str | None = None) -> list[str]:
        return self.address(country).block()

    def address_inline(self, country: str | None = None) -> str:
        return ", ".join(self.address_lines(country))

    def dob(self) -> str:
        return self.s(src.date_formats(self.rng, self.source.dob(self.rng)), "DATE_OF_BIRTH")

    def national_id(self, kind: str | None = None, person: Person | None = None) -> tuple[str, str]:
        kind = kind or self.choice(["nino", "nhs", "ssn", "passport", "licence"])
        rng, source = self.rng, self.source
        if kind == "nino":
            return "National Insurance number", self.s(source.value(rng, src.nino), "NATIONAL_ID")
        if kind == "nhs":
            return "NHS number", self.s(source.value(rng, src.nhs_number), "NATIONAL_ID")
        if kind == "ssn":
            ssn = source.value(rng, lambda r: src.faker("en_US", r).ssn())
            ssn = self.choice([ssn, ssn.replace("-", " "), ssn.replace("-", "")])
            return "Social Security number", self.s(ssn, "NATIONAL_ID")
        if kind == "passport":
            return "Passport number", self.s(source.value(rng, src.passport), "NATIONAL_ID")
        p = person or self.person()
        dob = source.dob(rng)
        return "Driving licence number", self.s(source.value(rng, src.driving_licence, p, dob), "NATIONAL_ID")

    def card(self) -> str:
        kind = self.choice(src.CARD_TYPES)
        self.card_types.add(kind)
        return self.s(self.source.value(self.rng, src.card_number, kind), "CREDIT_CARD")

    def iban(self) -> str:
        return self.s(self.source.value(self.rng, src.iban), "IBAN")

    def sort_account(self) -> tuple[str, str]:
        rng = self.rng
        sort = self.source.value(rng, lambda r: "-".join(f"{r.randint(0, 99):02d}" for _ in range(3)))
        acct = self.source.value(rng, lambda r: str(r.randint(10_000_000, 99_999_999)))
        return self.s(sort, "BANK_ACCOUNT"), self.s(acct, "BANK_ACCOUNT")

    def ip(self, v6: bool | None = None) -> str:
        fake_draw = (lambda r: src.faker("en_US", r).ipv6()) if (v6 if v6 is not None else self.rng.random() < 0.2) \
            else (lambda r: self.choice([src.faker("en_US", r).ipv4_public(), src.faker("en_US", r).ipv4_private()]))
        return self.s(self.source.value(self.rng, fake_draw), "IP_ADDRESS")

    def mac(self) -> str:
        return self.s(self.source.value(self.rng, src.mac_address), "MAC_ADDRESS")

    def host(self) -> str:
        return self.s(self.source.value(self.rng, src.hostname), "HOSTNAME")

    def fqdn(self) -> tuple[str, str]:
        """(fqdn, bare label), not yet labelled: label each use with `.s(value, "HOSTNAME")`."""
        label = self.source.value(self.rng, src.hostname).lower()
        return f"{label}.{self.internal}", label

    def host_value(self) -> str:
        """A short host name, not yet labelled (for a name used several times)."""
        return self.source.value(self.rng, src.hostname)

    def secret(self, kind: str | None = None) -> str:
        return self.s(self.source.value(self.rng, src.secret, kind or self.choice(src.SECRET_KINDS)), "CREDENTIAL")

    def password(self) -> str:
        return self.s(self.source.value(self.rng, src.password), "CREDENTIAL")

    def cve(self) -> str:
        return self.s(self.source.value(self.rng, src.cve), "CVE")

    def guid(self) -> str:
        value = self.source.value(self.rng, src.guid)
        if value.startswith("{"):  # registry style: the braces are punctuation, not part of the value
            return "{" + self.s(value[1:-1], "GUID") + "}"
        return self.s(value, "GUID")

    def ref(self, kind: str | None = None) -> str:
        return self.s(self.source.value(self.rng, src.reference, kind or self.choice(src.REFERENCE_KINDS)),
                      "REFERENCE")

    def health(self, p: Person) -> str:
        """A sentence putting a health detail next to the person (the detail is the gold string)."""
        phrase, kind = self.choice(src.HEALTH)
        her = "her" if p.female else "his"
        she = "she" if p.female else "he"

        def who() -> str:
            return self.name(p, self.choice(["full", "title", "title_family", "given", "initial_family"]))

        def h() -> str:
            return self.s(phrase, "HEALTH")

        options = {
            "op": [lambda: f"{who()} is recovering from {h()}",
                   lambda: f"{who()} has been off work after {h()}",
                   lambda: f"{who()} is due to have {h()} next month"],
            "mind": [lambda: f"{who()} is on sick leave with {h()}", lambda: f"{who()} has been signed off with {h()}",
                     lambda: f"{who()} told the panel that {she} has been receiving support for {h()}"],
            "treat": [lambda: f"{who()} is currently undergoing {h()}", lambda: f"{who()} attends {h()} twice a week",
                      lambda: f"{who()} has started {h()}"],
            "cond": [lambda: f"{self.name(p, self.choice(['given', 'family']))}'s care team at the hospital is "
                             f"treating {her} {h()}",
                     lambda: f"{who()} lives with {h()}",
                     lambda: f"{who()} was admitted to hospital with complications of {h()}",
                     lambda: f"{who()} has {h()} and asked for reasonable adjustments"],
        }[kind]
        return self.pick(*options)

    # -- keep ------------------------------------------------------------------------------------
    def event_date(self) -> str:
        day = dt.date(2023, 1, 1) + dt.timedelta(days=self.rng.randint(0, 900))
        return self.k(self.choice([f"{day.day} {day:%B %Y}", day.strftime("%d/%m/%Y"), f"{day:%A} {day.day} {day:%B}"]))

    def time(self) -> str:
        return self.k(f"{self.rng.randint(7, 19):02d}:{self.rng.randint(0, 59):02d}")

    def count(self, noun: str) -> str:
        n = self.rng.randint(3, 25000)
        return self.k(f"{n:,} {noun}")

    def kchoice(self, seq) -> str:
        return self.k(self.choice(seq))

    # -- checks ----------------------------------------------------------------------------------
    def text(self) -> str:
        parts: list[str] = []
        for b in self.blocks:
            if b[0] == "h":
                parts.append(b[2])
            elif b[0] == "p":
                parts.append(b[1])
            elif b[0] == "table":
                parts.extend(" ".join(r) for r in b[1])
            elif b[0] == "kv":
                parts.extend(f"{k} {v}" for k, v in b[1])
            elif b[0] != "hr":
                parts.extend(b[1])
        return "\n".join(parts)

    def collisions(self) -> list[str]:
        """Labelled strings that also occur where they were not inserted (counted as `locate` counts), and
        keep strings that occur inside a sensitive value."""
        text = self.text()
        bad = []
        for value in {g for g, _ in self.gold}:
            pat = _gold_pattern(value)
            if len(pat.findall(text)) > sum(len(pat.findall(ins)) for ins in self.inserted):
                bad.append(value)
        for value in self.keep:  # a keep string may recur as furniture, but never inside a value
            pat = _gold_pattern(value)
            if any(pat.search(ins) for ins in self.inserted):
                bad.append(value)
        return bad


def narrative(b: Builder, people: list[Person]) -> str:
    """One more paragraph of the kind that fills reports: people, contact details, security details."""
    a, c = b.rng.sample(people, 2) if len(people) > 1 else (people[0], b.person())
    return b.pick(
        lambda: f"{b.name(a, 'title')} confirmed on {b.event_date()} that the documents had been sent to "
                f"{b.address_inline()} in error. {b.name(a, 'title_family')} has asked that future letters "
                f"go to {b.email(a, False)} instead.",
        lambda: f"A member of the public, {b.name(b.person(), 'full')}, phoned on {b.phone()} to say that "
                f"{b.name(c, 'poss')} details were visible on the {b.k('Website')}. The page was taken down "
                f"at {b.time()}.",
        lambda: f"{b.health(c)}. This has been taken into account in the timetable, and "
                f"{b.name(a, 'given')} will act as the contact in the meantime.",
        lambda: f"The shared mailbox password was sent in clear text in a Teams message: {b.password()}. "
                f"{b.name(a, 'full')} has since reset it, and {b.kchoice(PRODUCTS)} now enforces MFA.",
        lambda: f"The contractor's deployment script contained the token {b.secret()} and connected to "
                f"{b.host()} from {b.ip()}. {b.name(c, 'initial_family')} revoked it the same afternoon.",
        lambda: f"Evidence was shared with the police (reference {b.ref('police')}) and with another "
                f"authority, whose request {b.ref('foi')} covered the same records. The "
                f"{b.kchoice(NATIONAL_BODIES[:2])} was kept informed.",
        lambda: f"Refunds were paid by bank transfer: {b.name(a, 'full')} to {b.iban()}, and "
                f"{b.name(c, 'full')} to sort code {'{}, account {}'.format(*b.sort_account())}.",
        lambda: f"{b.name(a, 'full')}, born {b.dob()}, was named in the disclosure with "
                f"{'her' if a.female else 'his'} NHS number {b.national_id('nhs')[1]}.",
        lambda: f"Team members involved: {b.name(a, 'lower')}, {b.name(c, 'lower')} and "
                f"{b.name(b.person(), 'lower')}. None of them had completed the {b.k('Data Protection Act 2018')} "
                f"training module.",
        lambda: f"The vulnerability exploited was {b.cve()}; the firewall logs show the device {b.mac()} at "
                f"{b.ip()} talking to {b.host()} for {b.count('minutes')}.",
        lambda: f"Payments of {b.k('£' + str(b.rng.randint(20, 900)))} were taken from {b.name(a, 'poss')} card "
                f"{b.card()} without authorisation; the bank refunded them on {b.event_date()}.",
        lambda: f"{b.name(a, 'full')} ({b.phone()}) said {'she' if a.female else 'he'} had been \"completely "
                f"ignored\" by the service, and that {b.name(c, 'title_family')} never called back.",
    )


# --- genres ----------------------------------------------------------------------------------------

def breach_report(b: Builder) -> None:
    reporter, dpo = b.person(), b.person()
    affected = [b.person() for _ in range(b.rng.randint(3, 6))]
    fq, label = b.fqdn()
    host = b.host_value()
    b.add(("h", 1, f"Personal data breach report: {b.k(b.authority)}"),
          ("kv", [("Date of report", b.event_date()), ("Reported by", b.name(reporter, "full")),
                  ("Role", b.kchoice(STAFF_ROLES)), ("Telephone", b.phone("GB")),
                  ("Email", b.email(reporter, True)), ("NCSC reference", b.ref("ncsc"))]),
          ("h", 2, b.k("Summary")),
          ("p", f"On {b.event_date()} at {b.time()}, {b.name(reporter, 'title')} of the "
                f"{b.choice(TEAMS)} team noticed unusual sign-ins to {b.kchoice(PRODUCTS)} from {b.ip()}. "
                f"The attacker exploited {b.cve()} on {b.s(fq, 'HOSTNAME')} and moved to {b.s(host, 'HOSTNAME')}. "
                f"Logs for tenant {b.guid()} show {b.count('records')} were copied from {b.s(label, 'HOSTNAME')} before "
                f"the connection was closed."),
          ("p", f"The breach was reported to the {b.k(NATIONAL_BODIES[0])} under {b.kchoice(LEGISLATION[3:5])} "
                f"(case {b.ref('ico')}) and the police were told (crime reference {b.ref('police')}). "
                f"{b.name(dpo, 'defined')}, {b.k('Data Protection Officer')}, is leading the response."),
          ("h", 2, "Data subjects affected"))
    kind = b.choice(["nhs", "nino"])
    rows = [["Name", "Date of birth", "NHS number" if kind == "nhs" else "NI number", "Address"]]
    for p in affected:
        rows.append([b.name(p, b.choice(["full", "full", "comma", "upper"])), b.dob(),
                     b.national_id(kind)[1], b.address_inline("GB")])
    b.add(("table", rows, True),
          ("p", f"{b.health(affected[0])}. {b.name(affected[1], 'title_family')} asked that "
                f"{'her' if affected[1].female else 'his'} mobile number, {b.phone()}, is no longer used."),
          ("h", 2, "Security details"),
          ("p", f"During the call on {b.event_date()} the value read out over the phone was "
                f"'{b.password()}'; it was changed the same day. An access key {b.secret('aws_id')} and "
                f"its pair {b.secret('aws_secret')} were found in a public repository and revoked."),
          *[("p", narrative(b, affected + [reporter])) for _ in range(b.rng.randint(0, 4))],
          ("h", 2, "Actions"),
          ("ul", [f"{b.name(dpo, 'initials')} to write to each affected {b.kchoice(SUBJECT_ROLES)} "
                  f"by {b.event_date()}",
                  f"Rebuild {b.s(host, 'HOSTNAME')} and rotate the service account on {b.s(label, 'HOSTNAME')} (change {b.ref('servicenow')})",
                  f"Block {b.ip()} at the {b.k('FortiGate')} firewall",
                  f"{b.name(reporter, 'poss')} laptop ({b.mac()}) to be re-imaged"]),
          ("p", f"Approved by {b.name(dpo, 'initial_family')}, {b.k('Data Protection Officer')}, "
                f"{b.k(b.authority)}."))


_LOG_EVENTS = (
    "Failed sign-in for {email} from {ip} (error 50126)",
    "Successful sign-in for {email} from {ip} using legacy authentication",
    "New inbox rule created by {email}: move to RSS Feeds",
    "Connection from {ip} to {label} on port 445 blocked",
    "Process powershell.exe started on {host} by SYSTEM",
    "DHCP lease {ip} assigned to {mac}",
    "Alert raised on {fqdn}: suspicious LSASS access",
    "Service account password changed on {label}",
    "Outbound transfer of {count} to {ip} from {host}",
    "Message trace {guid} shows delivery to external address",
    "User {email} added to group Domain Admins on {label}",
    "Defender isolated {host} (device {mac})",
)


def incident_log(b: Builder) -> None:
    analysts = [b.person() for _ in range(b.rng.randint(2, 4))]
    users = [b.person() for _ in range(b.rng.randint(2, 4))]
    fq, label = b.fqdn()
    hosts = [b.host_value() for _ in range(3)]
    day = dt.datetime(2023, 1, 1, 8) + dt.timedelta(days=b.rng.randint(0, 800))
    b.add(("h", 1, f"Security incident log {b.ref('servicenow')}"),
          ("kv", [("Opened by", b.name(analysts[0], "full")), ("Tenant ID", b.guid()),
                  ("Affected service", b.kchoice(PRODUCTS)), ("Opened", b.event_date())]),
          ("h", 2, "Event timeline"))
    lines = []
    for _ in range(b.rng.randint(15, 60)):
        day += dt.timedelta(seconds=b.rng.randint(5, 2400))
        event = b.choice(_LOG_EVENTS)
        fields = {}
        for key in re.findall(r"\{(\w+)\}", event):
            fields[key] = {"email": lambda: b.email(b.choice(users), True), "ip": b.ip, "label": lambda: b.s(label, "HOSTNAME"),
                           "fqdn": lambda: b.s(fq, "HOSTNAME"), "host": lambda: b.s(b.choice(hosts), "HOSTNAME"), "mac": b.mac,
                           "guid": b.guid, "count": lambda: f"{b.rng.randint(2, 900)} MB"}[key]()
        level = b.choice(["INFO", "WARN", "ALERT", "INFO"])
        lines.append(f"{b.k(day.strftime('%Y-%m-%d %H:%M:%S'))} [{level}] {event.format(**fields)}")
    b.add(("pre", lines), ("h", 2, "Actions taken"))
    rows = [["Time", "Ticket", "Case ref", "Host", "Analyst", "Action"]]
    for _ in range(b.rng.randint(5, 12)):
        day += dt.timedelta(minutes=b.rng.randint(3, 90))
        a = b.choice(analysts)
        rows.append([b.k(day.strftime("%H:%M")), b.ref("servicenow"), b.ref(b.choice(["case", "foi", "police"])),
                     b.s(b.choice(hosts + [label]), "HOSTNAME"), b.name(a, b.choice(["initials", "full", "family"])),
                     b.choice(["Isolated", "Password reset", "Escalated", "Closed", "Reimaged", "Monitored"])])
    b.add(("table", rows, True),
          ("p", f"{b.name(analysts[-1], 'full')} rotated the application secret: the old value "
                f"client_secret={b.secret(b.choice(['azure', 'hex', 'base64']))} must not be reused. "
                f"The Slack bot token {b.secret('slack')} was also revoked. "
                f"Exploitation of {b.cve()} was confirmed by the vendor."))


def minutes(b: Builder) -> None:
    people = [b.person() for _ in range(b.rng.randint(4, 8))]
    absent = b.person()
    body = b.choice(["Information Governance Board", "Cyber Incident Response Group", "Corporate Leadership Team",
                     "Data Protection Working Group", "Housing Panel"])
    b.add(("h", 1, f"{b.k(body)}: minutes"),
          ("p", f"Held on {b.event_date()} at {b.time()}, Committee Room 2, {b.k(b.authority)}."),
          ("h", 2, "Attendance"))
    rows = [["Name", "Initials", "Role"]]
    for p in people:
        rows.append([b.name(p, b.choice(["full", "full", "title", "comma"])), b.name(p, "initials"),
                     b.kchoice(STAFF_ROLES)])
    b.add(("table", rows, True),
          ("p", f"Apologies: {b.name(absent, b.choice(['full', 'title']))}. {b.health(absent)}."))
    items = ["Minutes of the last meeting", "Matters arising", "Incident update", "Risk register",
             "Subject access requests", "Any other business"]
    items += ["Training", "Policy review", "Complaints", "Audit findings"]
    for i, title in enumerate(items[:b.rng.randint(4, 10)], 1):
        a, c = b.rng.sample(people, 2)
        paras = b.pick(
            lambda: f"{b.name(a, 'initials')} reported that {b.count('requests')} had been received since "
                    f"{b.event_date()}. {b.name(c, 'initials')} asked whether the backlog affected "
                    f"{b.k(b.authority)}.",
            lambda: f"{b.name(a, 'given')} explained that the outage on {b.host()} was caused by {b.cve()}. "
                    f"{b.name(c, 'title_family')} noted that {b.kchoice(PRODUCTS)} had been patched.",
            lambda: f"The group discussed the complaint from {b.name(b.person(), 'title')} "
                    f"(ref. {b.ref(b.choice(['case', 'foi']))}). {b.name(a, 'initials')} will reply under "
                    f"{b.kchoice(LEGISLATION)}.",
            lambda: f"{b.name(a, 'poss')} team logged the call as {b.ref('servicenow')}. {b.name(c, 'initials')} "
                    f"and {b.name(a, 'initials')} will review it with the {b.k('Data Protection Officer')}.",
        )
        owner, second = b.rng.sample(people, 2)
        action = b.pick(lambda: f"Action: {b.name(owner, 'initials')}",
                        lambda: f"Action: {b.name(owner, 'initials')} by {b.event_date()}",
                        lambda: f"ACTION {b.name(owner, 'initials')}/{b.name(second, 'initials')}")
        b.add(("h", 3, f"{i}. {b.k(title)}"), ("p", paras), ("p", action))
    b.add(("p", f"Date of next meeting: {b.event_date()}."))


def contact_list(b: Builder) -> None:
    people = [b.person() for _ in range(b.rng.randint(8, 35))]
    b.add(("h", 1, b.choice(["Incident response contact list", "Team directory", "Key contacts"])),
          ("p", f"{b.k(b.authority)}: {b.kchoice(TEAMS)}. Last reviewed {b.event_date()}."))
    cols = b.choice([["Name", "Role", "Phone", "Mobile", "Email"], ["Name", "Phone", "Email"],
                     ["Surname", "First name", "Extension", "Mobile"]])
    rows = [cols]
    for p in people:
        row = []
        for col in cols:
            if col == "Name":
                row.append(b.name(p, b.choice(["full", "full", "comma", "upper", "title"])))
            elif col == "Surname":
                row.append(b.name(p, "family"))
            elif col == "First name":
                row.append(b.name(p, "given"))
            elif col == "Role":
                row.append(b.kchoice(STAFF_ROLES))
            elif col == "Email":
                row.append(b.email(p, True))
            elif col == "Extension":
                row.append(b.s(b.source.value(b.rng, lambda r: str(r.randint(2000, 7999))), "PHONE_NUMBER"))
            elif col == "Phone":
                row.append(b.phone("GB"))
            else:
                row.append(b.phone(b.choice(["GB", None])))
        rows.append(row)
    lower = b.rng.sample(people, 2)
    switchboard = b.source.phone(b.rng, "GB", "national")
    b.add(("table", rows, True),
          ("p", f"Out of hours contacts: {b.name(lower[0], 'lower')}, {b.name(lower[1], 'lower')}."),
          ("kv", [("Switchboard (public)", b.k(switchboard.text)), (b.k("Website"), f"www.{b.domain}")]))


def email_thread(b: Builder) -> None:
    staff = [b.person() for _ in range(3)]
    public = b.person()
    messages = []
    subject = b.choice(["Suspicious sign-in", "Your complaint", "Data request", "Access to shared mailbox",
                        "Password reset", "Incident follow-up"])
    for i in range(b.rng.randint(2, 5)):
        sender = public if i == 0 and b.rng.random() < 0.5 else b.choice(staff)
        to = [q for q in staff if q is not sender][:b.rng.randint(1, 2)]
        head = [f"From: {b.name(sender)} <{b.email(sender, sender is not public)}>",
                f"Sent: {b.event_date()} {b.time()}",
                "To: " + "; ".join(f"{b.name(q)} <{b.email(q, True)}>" for q in to)]
        if b.rng.random() < 0.5:
            cc = b.choice([q for q in staff if q is not sender])
            head.append(f"Cc: {b.name(cc, b.choice(['full', 'comma']))}")
        head.append(f"Subject: {'RE: ' if i else ''}{subject}")
        if sender is public:
            body = [f"{b.choice(['Dear Sir or Madam', 'Hello', 'To whom it may concern'])},",
                    f"My name is {b.name(public)} and I live at {b.address_inline()}. You can call me on "
                    f"{b.phone()}. My date of birth is {b.dob()}.",
                    f"{b.health(public)}, so I would prefer email."]
            sign = [b.k("Yours faithfully") + ",", b.name(public)]
        else:
            greet = b.pick(lambda: b.k(b.choice(GREETINGS)), lambda: f"Hi {b.name(b.choice(to), 'given')}",
                           lambda: f"Dear {b.name(b.choice(to), 'title_family')}")
            caller = b.person()
            body = [f"{greet},", b.pick(
                lambda: f"The value read out over the phone was '{b.password()}'. Please make sure it is "
                        f"changed today.",
                lambda: f"Message trace {b.guid()} shows the email went to {b.email(caller, False)}.",
                lambda: f"I have logged this as {b.ref('servicenow')}; the other council's reference is "
                        f"{b.ref('foi')}.",
                lambda: f"The service principal secret is {b.secret()}. I've pasted it here for now, will "
                        f"rotate later.",
                lambda: f"{b.name(caller, 'title')} rang again about {b.ref('case')}. {b.health(caller)}.",
            ), *[narrative(b, [caller, sender]) for _ in range(b.rng.randint(0, 2))],
                f"The {b.kchoice(PRODUCTS)} logs from {b.host()} are attached."]
            sign = [b.k(b.choice(SIGNOFFS)) + ",", b.name(sender), b.kchoice(STAFF_ROLES), b.k(b.authority),
                    f"Tel: {b.phone('GB')}" + (f" | Mobile: {b.phone('GB')}" if b.rng.random() < 0.5 else "")]
        messages.append((head, body, sign))
    b.add(("h", 2, f"{subject}"))
    for head, body, sign in reversed(messages):
        b.add(("lines", head), *[("p", p) for p in body], ("lines", sign), ("hr",))


def complaint_letter(b: Builder) -> None:
    writer, officer = b.person(), b.person()
    child = b.person()
    country = b.choice(["GB", "GB", "GB", "IE", "US", "DE", "FR", "NL"])
    id_label, id_value = b.national_id(b.choice(["nino", "nino", "nhs", "passport"]))
    sort, acct = b.sort_account()
    lines = [b.name(writer, b.choice(["full", "title"])), *b.address_lines(country)]
    b.add(("lines", lines), ("p", b.event_date()),
          ("lines", ["Complaints Team", b.k(b.authority)]),
          ("p", b.pick(lambda: "Dear Sir or Madam,", lambda: "To whom it may concern,",
                       lambda: f"Dear {b.name(officer, 'title_family')},")),
          ("p", f"I am writing to complain about how my {b.k('Subject Access Request')} was handled. "
                f"My name is {b.name(writer)} and my date of birth is {b.dob()}. "
                f"My {id_label} is {id_value}."),
          ("p", f"Your officer, {b.name(officer, 'title')}, told me on {b.event_date()} that my file had been "
                f"sent to the wrong address. {b.name(officer, 'poss')} letter even quoted my daughter "
                f"{b.name(child, 'given')}'s school and the fact that {b.health(child)}."),
          ("p", f"My bank details were on the form: sort code {sort}, account "
                f"{acct}. I have since had a payment of {b.k('£250')} taken with my card "
                f"{b.card()}. Please phone me on {b.phone()} or email {b.email(writer, False)}."),
          *[("p", narrative(b, [writer, officer])) for _ in range(b.rng.randint(0, 3))],
          ("p", f"I have also written to the {b.kchoice(NATIONAL_BODIES[:1])} (case {b.ref('ico')})."),
          ("lines", [b.k("Yours sincerely") + ",", "", b.name(writer)]))


def form(b: Builder) -> None:
    p = b.person()
    title = b.choice(["Change of circumstances form", "Blue Badge application", "Council Tax reduction claim",
                      "Housing register application", "Visitor parking permit application"])
    idk = b.choice(["nino", "nhs", "passport", "licence", "ssn"])
    id_label, id_value = b.national_id(idk, p)
    addr = b.address(b.choice(["GB", "GB", "IE", "US", "AU", "CA"]))
    sort, acct = b.sort_account()
    sep = b.choice([":", ":", ""])
    b.add(("p", " | ".join(b.k(w) for w in b.rng.sample(UI_WORDS, 4))),  # the web form's navigation, printed
          ("h", 1, title), ("p", f"{b.k(b.authority)}. Fields marked * are required."),
          ("h", 2, b.k("Personal Info")),
          ("kv", [(f"Name{sep}", b.name(p, b.choice(["full", "full", "upper"]))), (f"Title{sep}", p.title),
                  (f"Date of birth{sep}", b.dob()), (f"{id_label}{sep}", id_value),
                  (f"Role{sep}", b.kchoice(SUBJECT_ROLES))]),
          ("h", 2, b.k("Contact Details")),
          ("kv", [(f"Address{sep}", ", ".join([*addr.street, addr.locality])), (f"Postcode{sep}", addr.postcode),
                  (f"Phone{sep}", b.phone()), (f"Mobile{sep}", b.phone()), (f"Email{sep}", b.email(p, False)),
                  (f"{b.k('Website')}{sep}", "n/a")]),
          ("h", 2, "Payment details"),
          ("kv", [(f"Card number{sep}", b.card()), (f"Sort code{sep}", sort), (f"Account number{sep}", acct),
                  (f"IBAN (if abroad){sep}", b.iban())]),
          ("h", 2, "Declaration"),
          ("p", f"I, {b.name(p, b.choice(['full', 'lower']))}, confirm that the information is correct. "
                f"{b.health(p)}, which is why I am applying."),
          ("kv", [(f"Signed{sep}", b.name(p)), (f"Date{sep}", b.event_date()), ("", b.k("Submit"))]))
    if b.rng.random() < 0.5:
        other = b.person()
        b.add(("h", 2, "Second applicant"),
              ("kv", [(f"Name{sep}", b.name(other)), (f"Date of birth{sep}", b.dob()),
                      (f"Phone{sep}", b.phone()), (f"Card number{sep}", b.card())]))


def interview_notes(b: Builder) -> None:
    interviewer, interviewee, notetaker = b.person(), b.person(), b.person()
    other = b.person()
    b.add(("h", 1, f"Interview notes: investigation {b.ref('case')}"),
          ("kv", [("Interviewer:", b.name(interviewer)), ("Interviewee:", b.name(interviewee)),
                  ("Also present:", b.name(notetaker, "defined")), ("Date:", b.event_date())]))
    iv_form = b.choice(["role", "given", "initials"])
    ee_form = b.choice(["given", "full", "initials"])

    def spk_iv() -> str:
        return b.k("Interviewer") if iv_form == "role" else b.name(interviewer, iv_form)

    def spk_ee() -> str:
        return b.name(interviewee, ee_form)

    turns = [
        (spk_iv, "Can you state your name and role for the record?"),
        (spk_ee, f"My name is {b.name(interviewee)}. I'm a {b.kchoice(STAFF_ROLES)} in {b.choice(TEAMS)}."),
        (spk_iv, f"Tell us what happened on {b.event_date()}."),
        (spk_ee, f"{b.name(other, 'title')} rang the service desk and said {'she' if other.female else 'he'} "
                 f"couldn't sign in. I reset it and the new one was {b.password()}, which I read out to them."),
        (spk_iv, f"Did you check who {'she' if other.female else 'he'} was?"),
        (spk_ee, f"I asked for the date of birth, {b.dob()}, and the postcode, {b.s(b.source.address(b.rng, 'GB').postcode, 'POSTCODE')}."),
        (spk_iv, f"The call came from {b.phone()}. Does that match our records?"),
        (spk_ee, f"No. Afterwards I saw {b.name(other, 'poss')} account log in from {b.ip()}."),
        (spk_iv, "Anything else we should know?"),
        (spk_ee, f"{b.health(interviewee)}, so I was covering two desks that week."),
        (lambda: b.name(notetaker, "initials"), f"Noting the time, {b.time()}. Ticket {b.ref('servicenow')}."),
    ]
    for _ in range(b.rng.randint(0, 6)):
        turns.insert(-1, (spk_iv, b.choice(["Go on.", "What happened next?", "Who else knew?",
                                            "Is there anything in writing?"])))
        turns.insert(-1, (spk_ee, narrative(b, [other, interviewee])))
    b.add(*[("p", f"{who() if callable(who) else who}: {what}") for who, what in turns])


def prose(b: Builder) -> None:
    a, c, d, e = (b.person() for _ in range(4))
    fq, label = b.fqdn()
    b.add(("h", 1, b.choice(["Investigation summary", "Report to the Audit Committee", "Lessons learned review"])),
          ("p", f"This report sets out what happened at {b.k(b.authority)} between {b.event_date()} and "
                f"{b.event_date()}, and the steps taken under {b.kchoice(LEGISLATION)}."),
          ("p", f"The matter was first raised by {b.name(a, 'title')}, the {b.kchoice(SUBJECT_ROLES)} "
                f"of {b.address_inline('GB')}, who offered a named contact, {b.name(c)}, for any questions. "
                f"{b.name(a, 'title_family')} later sent a copy of {b.email(a, False)} correspondence."),
          ("p", f"{b.name(d)} investigated. {b.name(d, 'poss')} notes record that a contractor had stored the "
                f"key {b.secret()} in a shared folder on {b.s(fq, 'HOSTNAME')}, and that {b.s(label, 'HOSTNAME')} was reachable from "
                f"{b.ip()}. The vulnerability used was {b.cve()}."),
          ("p", f"{b.health(e)}. Nevertheless {b.name(e, 'given')} answered the panel's questions in writing. "
                f"Contacts for the review were {b.name(c, 'lower')} and {b.name(e, 'lower')}."),
          ("p", f"The other authority involved quoted its own reference {b.ref('foi')} and the police "
                f"reference {b.ref('police')}. A refund was made to {b.iban()}."),
          *[("p", narrative(b, [a, c, d, e])) for _ in range(b.rng.randint(2, 8))],
          ("h", 2, b.k("Next Steps")),
          ("p", f"{b.name(d, 'initial_family')} will report back to the "
                f"{b.k('Senior Information Risk Owner')} by {b.event_date()}."))


def chat_transcript(b: Builder) -> None:
    people = [b.person() for _ in range(b.rng.randint(3, 5))]
    day = dt.datetime(2023, 3, 1, 8) + dt.timedelta(days=b.rng.randint(0, 700))
    b.add(("h", 2, f"Chat export: {b.choice(['#incident-bridge', 'IT Ops', 'Major incident call'])}"))
    templates = [
        lambda: f"can someone check {b.host()}? it's not responding",
        lambda: f"@{b.name(b.choice(people), 'given')} the bridge number is {b.phone()}",
        lambda: f"token for the webhook is {b.secret(b.choice(['slack', 'github']))} - revoking now",
        lambda: f"seeing traffic from {b.ip()} again",
        lambda: (lambda body, kind: f"{b.name(b.person(), 'title')} from the {b.k(body)} says ref {b.ref(kind)}")(
            *b.choice([(NATIONAL_BODIES[0], "ico"), (NATIONAL_BODIES[1], "ncsc"), (NATIONAL_BODIES[2], "police")])),
        lambda: f"temp password is {b.password()} pls change at first login",
        lambda: f"{b.health(b.choice(people))}, so {b.name(b.choice(people), 'given')} is covering",
        lambda: f"raised {b.ref('servicenow')} for the firewall change",
        lambda: f"{b.k(b.choice(GREETINGS))}, call starts at {b.time()}",
        lambda: f"the tenant is {b.guid()}",
    ]
    lines = []
    for _ in range(b.rng.randint(14, 50)):
        day += dt.timedelta(seconds=b.rng.randint(20, 600))
        who = b.choice(people)
        lines.append(f"[{b.k(day.strftime('%d/%m/%Y %H:%M'))}] {b.name(who, b.choice(['full', 'full', 'comma']))}: "
                     f"{b.choice(templates)()}")
    b.add(*[("p", line) for line in lines])


def case_note(b: Builder) -> None:
    subject, worker, mgr = b.person(), b.person(), b.person()
    b.add(("h", 1, "Case file note"),
          ("kv", [("Case reference", b.ref("case")), ("Subject", b.name(subject, b.choice(["full", "upper"]))),
                  ("DOB", b.dob()), ("Address", b.address_inline("GB")), b.national_id("nhs"),
                  ("Allocated worker", b.name(worker, "defined"))]),
          ("h", 2, "Chronology"))
    rows = [["Date", "Entry", "By"]]
    entries = [lambda: f"Home visit. {b.health(subject)}.",
               lambda: f"Call from {b.name(b.person(), 'title')} on {b.phone()} raising concerns.",
               lambda: f"Referral from {b.kchoice(NATIONAL_BODIES[3:6])} (ref {b.ref('police')}).",
               lambda: f"{b.name(subject, 'given')} did not attend; letter sent to {b.address_inline()}.",
               lambda: f"Discussed with {b.name(mgr, 'initials')}; agreed to escalate.",
               lambda: "Benefit paid to sort code {} account {}.".format(*b.sort_account())]
    for _ in range(b.rng.randint(5, 18)):
        rows.append([b.event_date(), b.choice(entries)(), b.name(b.choice([worker, mgr]), "initials")])
    b.add(("table", rows, True),
          ("p", f"Manager's note ({b.name(mgr, 'defined')}): the case meets the threshold under "
                f"{b.kchoice(LEGISLATION)}. {b.name(worker, 'initials')} to review by {b.event_date()}."))


GENRES: dict[str, Callable[[Builder], None]] = {
    "breach_report": breach_report, "incident_log": incident_log, "minutes": minutes,
    "contact_list": contact_list, "email_thread": email_thread, "complaint_letter": complaint_letter,
    "form": form, "interview_notes": interview_notes, "prose": prose,
    "chat_transcript": chat_transcript, "case_note": case_note,
}
