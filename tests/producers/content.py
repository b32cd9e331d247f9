"""The seeded content every producer typesets: one invented council incident, as document blocks.

Why one content for all producers: a document that is refused by one producer and released by another
then differs only in how the PDF was written (fonts, operators, tables drawn as lines or rectangles),
which is what issue 19 measures. Everything here is invented: names, numbers in the Ofcom drama
ranges (01632 960xxx, 07700 900xxx), IP addresses in private and documentation ranges (10/8,
192.168/16, 203.0.113/24, 198.51.100/24), NI numbers with allocated prefixes.

A document is a list of blocks (headings, paragraphs with footnotes and previously-blacked-out spans,
tables, code, bullet lists). Each sensitive value goes through ``Doc.w`` as the template is written,
so ``Doc.withhold`` is exactly the set of strings that the document prints and that must not survive
redaction; it is written next to each PDF as ``NAME.expect.json``.

Soft hyphens (U+00AD) mark where a producer may break a long word (``Raghu\\u00adnathan``); each
renderer turns them into its own discretionary hyphen. Expected strings never contain them.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

SHY = "\u00ad"
SEED = 19
COUNCIL = "Harbourside Borough Council"
DOMAIN = "harbourside.gov.uk"

# Invented names, diverse as a UK council's staff and residents are; a few long surnames carry soft
# hyphens so that narrow columns break them across lines.
FORENAMES = [
    "Priya", "Tomasz", "Adaeze", "Siobhan", "Gareth", "Mei", "Oluwaseun", "Fiona", "Rhys", "Aisling",
    "Kwabena", "Bethan", "Imran", "Catrin", "Declan", "Harriet", "Yusuf", "Eleanor", "Niamh", "Rupert",
    "Agnieszka", "Callum", "Zainab", "Lachlan", "Morwenna", "Dariusz", "Ffion", "Tariq", "Isobel", "Ewan",
]
SURNAMES = [
    "Raghu\u00adnathan", "Whitfield", "Okonkwo", "Penhallow", "Zielinski", "Achterberg", "Moorcroft",
    "Fitzwilliam", "Oyelaran", "Castellanos", "Llewellyn", "MacGillivray", "Hargreaves", "Nakamura",
    "Pemberton", "Trevithick", "Abernethy", "Kowalczyk", "Blackwood", "Featherstone", "Quarshie",
    "Szymanski", "Attenborough", "Drummond", "Ashworth", "Rosenthal", "Montgomerie", "Ekwueme",
    "Chamberlain", "Wolstenholme",
]
ROLES = [
    "Data Protection Officer", "ICT Service Manager", "Information Governance Officer", "Payroll Officer",
    "Head of Information Governance", "Network Engineer", "Service Desk Analyst", "Revenues Officer",
    "Housing Officer", "Customer Services Adviser", "Security Analyst", "Records Manager",
    "Benefits Assessor", "Planning Officer", "Democratic Services Officer", "Finance Business Partner",
]
STREETS = ["Ferry Lane", "Lantern Walk", "Gull Terrace", "Anchor Row", "Saltmarsh Close", "Pilot Street",
           "Capstan Way", "Netloft Lane", "Harbour View", "Tidewater Road"]
# Letters allowed in an NI number prefix (HMRC NIM39110), see recognizers/uk_nino.py.
NINO_FIRST = "ABCEGHJKLMNPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXY"
NINO_NOT_ALLOCATED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def plain(text: str) -> str:
    """The text as a reader sees it when no line break falls inside a word."""
    return text.replace(SHY, "")


@dataclass(frozen=True)
class Person:
    name: str  # may hold soft hyphens; plain(name) is what must be withheld
    role: str
    email: str
    phone: str
    mobile: str
    nino: str
    staff_id: str
    account: str  # DOMAIN\user

    @property
    def forename(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def surname(self) -> str:
        return self.name.split(" ", 1)[1]


@dataclass(frozen=True)
class Resident:
    name: str
    address: str
    postcode: str


@dataclass(frozen=True)
class Host:
    name: str
    ip: str
    role: str


@dataclass(frozen=True)
class Case:
    """The incident: who, which machines, which references. Built once from ``SEED``."""

    staff: tuple[Person, ...]
    residents: tuple[Resident, ...]
    hosts: tuple[Host, ...]
    fqdn: str
    vpn_host: str
    attacker_ips: tuple[str, ...]
    incident_ref: str
    ticket: str
    ico_case: str
    crime_ref: str
    password: str
    api_key: str


def build_case(seed: int = SEED) -> Case:
    rng = random.Random(seed)
    forenames = rng.sample(FORENAMES, len(FORENAMES))
    surnames = rng.sample(SURNAMES, len(SURNAMES))
    roles = ROLES[:]
    staff = []
    used_ninos: set[str] = set()
    for i in range(16):
        first, last = forenames[i], surnames[i]
        user = f"{first[0]}.{plain(last)}".lower()
        while True:
            prefix = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
            if prefix not in NINO_NOT_ALLOCATED:
                break
        digits = f"{rng.randrange(10**6):06d}"
        nino = f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {rng.choice('ABCD')}"
        assert nino not in used_ninos
        used_ninos.add(nino)
        staff.append(Person(
            name=f"{first} {last}", role=roles[i % len(roles)],
            email=f"{first}.{plain(last)}@{DOMAIN}".lower(),
            phone=f"01632 960{rng.randrange(100, 999):03d}", mobile=f"07700 900{rng.randrange(100, 999):03d}",
            nino=nino, staff_id=f"HBC{rng.randrange(10000, 99999)}", account=f"HBC\\{user}",
        ))
    residents = []
    for i in range(14):
        first, last = forenames[16 + i], surnames[16 + i]
        area = rng.randrange(1, 9)
        postcode = f"HB{area} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        residents.append(Resident(f"{first} {last}", f"{rng.randrange(2, 98)} {STREETS[i % len(STREETS)]}", postcode))
    roles_h = ["file server", "domain controller", "mail server", "SQL server", "payroll workstation",
               "VPN concentrator", "backup server", "print server"]
    codes = ["FS", "DC", "MX", "SQL", "WS", "VPN", "BK", "PRN"]
    hosts = tuple(Host(f"HBC-{c}{rng.randrange(1, 99):02d}", f"10.20.{rng.randrange(1, 30)}.{rng.randrange(2, 250)}", r)
                  for c, r in zip(codes, roles_h, strict=True))
    return Case(
        staff=tuple(staff), residents=tuple(residents), hosts=hosts,
        fqdn="mail01.hbc.corp.local", vpn_host="vpn.harbourside.gov.uk",
        attacker_ips=(f"203.0.113.{rng.randrange(2, 250)}", f"198.51.100.{rng.randrange(2, 250)}"),
        incident_ref=f"HBC-DPB-2024-{rng.randrange(100, 999):04d}", ticket=f"INC00{rng.randrange(10**5, 10**6)}",
        ico_case=f"IC-{rng.randrange(10**5, 10**6)}-{rng.choice('ABCDEF')}{rng.randrange(1, 9)}D{rng.randrange(1, 9)}",
        crime_ref=f"NFRC2405{rng.randrange(10**5, 10**6)}",
        password=f"Harbour!Tide{rng.randrange(10, 99)}", api_key="AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
    )


# --- blocks ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    """A footnote, attached after the preceding text."""
    text: str


@dataclass(frozen=True)
class Covered:
    """Text that was blacked out by someone before: drawn, then a black box over it (or black shading)."""
    text: str


Part = str | Note | Covered


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text if isinstance(p, Covered) else "" for p in self.parts)


@dataclass(frozen=True)
class Lines:
    """Lines kept as they are (address blocks, signatures)."""
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Code:
    """A monospace log excerpt or configuration snippet."""
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    dark_header: bool = True  # white text on a dark header row
    zebra: bool = True


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Lines | Bullets | Code | Table | PageBreak


@dataclass
class Doc:
    """One document: its blocks, its layout wishes, and what it must have withheld."""

    kind: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    two_column: bool = False
    landscape: bool = False
    long: bool = False  # must come out at 40 pages or more
    header: str = f"{COUNCIL} - OFFICIAL-SENSITIVE"
    footer: str = "Information Governance"
    withhold: set[str] = field(default_factory=set)

    def w(self, value: str) -> str:
        """Register ``value`` as sensitive and return it for the template."""
        self.withhold.add(plain(value))
        return value

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def expect(self) -> dict:
        return {"kind": self.kind, "title": self.title, "withhold": sorted(self.withhold)}

    def text(self) -> str:
        """All the text, plain, for checks that every expected string is printed."""
        out: list[str] = [self.title]
        for b in self.blocks:
            if isinstance(b, Heading):
                out.append(b.text)
            elif isinstance(b, Para):
                out.append(b.text)
                out += [p.text for p in b.parts if isinstance(p, Note)]
            elif isinstance(b, Lines | Bullets | Code):
                out += list(getattr(b, "lines", getattr(b, "items", ())))
            elif isinstance(b, Table):
                out += [" ".join(r) for r in (b.header, *b.rows)]
        return plain("\n".join(out))


# --- the document kinds ------------------------------------------------------------------------------

def breach_report(c: Case) -> Doc:
    d = Doc("breach_report", "Personal Data Breach Report")
    dpo, ict, igo, pay = c.staff[0], c.staff[1], c.staff[2], c.staff[3]
    fs, dc, mx = c.hosts[0], c.hosts[1], c.hosts[2]
    d.add(
        Heading("1. Controller details"),
        Para((f"Controller: {COUNCIL}. Data Protection Officer: {d.w(dpo.name)}, email {d.w(dpo.email)}, "
              f"telephone {d.w(dpo.phone)}. Our reference {d.w(c.incident_ref)}; ICO case {d.w(c.ico_case)}.",)),
        Heading("2. Summary of the incident"),
        Para((f"On 29 April 2024 at 07:42 the {COUNCIL} Service Desk received an automated alert (ticket "
              f"{d.w(c.ticket)}) that the file server {d.w(fs.name)} ({d.w(fs.ip)}) was receiving an unusual "
              f"number of authentication requests from {d.w(c.attacker_ips[0])}.",
              Note(f"Alert first triaged by {d.w(ict.name)}, {ict.role}."),
              f" The ICT Service Manager, {d.w(ict.name)}, confirmed that the account {d.w(ict.account)} had been "
              f"used to sign in to the VPN gateway {d.w(c.vpn_host)} after its password was reset to "
              f"{d.w(c.password)} by a social-engineering call to the service desk. The attacker then reached the "
              f"domain controller {d.w(dc.name)} ({d.w(dc.ip)}) and the mail host {d.w(c.fqdn)}.",)),
        Para((f"An access key {d.w(c.api_key)} stored in a deployment script on {d.w(mx.name)} was also exposed; "
              "it was revoked the same afternoon. Notwithstanding the incomprehensibility of the audit trail's "
              "characteristically uninformative timestamps, the counter-intelligence-style reconstruction "
              "established the sequence of events beyond reasonable doubt.",
              Note(f"Police reference {d.w(c.crime_ref)} (Action Fraud)."),)),
        Heading("3. Timeline"),
        Table(("Date and time", "Event", "Recorded by", "System"),
              (("29 April 2024 07:42", "Alert raised", d.w(ict.name), d.w(fs.name)),
               ("29 April 2024 09:15", "Account disabled", d.w(igo.name), d.w(dc.name)),
               ("30 April 2024 11:00", "Forensic image taken", d.w(ict.name), d.w(fs.ip)),
               ("1 May 2024 16:30", "ICO notified", d.w(dpo.name), d.w(c.ico_case))),
              (1.3, 1.4, 1.3, 1.0)),
        Heading("4. People affected"),
        Para((f"The payroll export on the file share held the names, home addresses and National Insurance "
              f"numbers of staff, among them {d.w(pay.name)} (NI number {d.w(pay.nino)}). Residents whose "
              "housing files were opened include:",)),
        Bullets(tuple(f"{d.w(r.name)}, {d.w(r.address)}, Harbourside {d.w(r.postcode)}" for r in c.residents[:4])),
        Para((f"One officer, {d.w(c.staff[4].name)}, has been signed off work with anxiety since the incident. "
              f"Contact the Information Governance Officer, {d.w(igo.name)}, on {d.w(igo.mobile)} with any "
              "question about this report.",)),
    )
    return d


def incident_timeline(c: Case) -> Doc:
    d = Doc("incident_timeline", "Incident Timeline")
    d.add(Para((f"Incident {d.w(c.incident_ref)}: entries from the security log and the service desk, "
                "in time order. Times are local (BST).",)))
    rows = []
    for i in range(22):
        who = c.staff[i % 8]
        host = c.hosts[i % len(c.hosts)]
        src = c.attacker_ips[i % 2] if i % 3 == 0 else host.ip
        event = ["Failed sign-in burst", "VPN session opened", "Password reset", "File share enumerated",
                 "Mailbox rule created", "Account disabled", "Firewall rule added", "Forensic image taken"][i % 8]
        rows.append((f"{29 + i // 12} Apr 2024 {7 + i % 12:02d}:{(i * 7) % 60:02d}", event, d.w(who.name),
                     d.w(host.name), d.w(src)))
    d.add(Table(("Time", "Event", "Actor", "Host", "Source IP"), tuple(rows), (1.3, 1.6, 1.4, 0.9, 1.0)))
    d.add(Para((f"Compiled by {d.w(c.staff[1].name)} ({d.w(c.staff[1].email)}).",)))
    return d


def staff_contacts(c: Case) -> Doc:
    d = Doc("staff_contacts", "Incident Response Contact List")
    rows = tuple((d.w(p.name), p.role, d.w(p.email), d.w(p.phone), d.w(p.nino)) for p in c.staff)
    d.add(Para(("Staff to be contacted during the incident. Do not forward outside the response team.",)),
          Table(("Name", "Role", "Email", "Telephone", "NI number"), rows, (1.3, 1.6, 2.2, 1.0, 1.0)))
    return d


def investigation_report(c: Case) -> Doc:
    """The long one: 140 sections of interviews, findings and log excerpts (40+ pages in every producer)."""
    d = Doc("investigation_report", "Investigation Report: Unauthorised Access to Council Systems", long=True)
    d.add(Para((f"Reference {d.w(c.incident_ref)}. Investigating officer: {d.w(c.staff[13].name)}, "
                f"{c.staff[13].role}. This report is OFFICIAL-SENSITIVE.",)))
    for n in range(140):
        p = c.staff[n % len(c.staff)]
        r = c.residents[n % len(c.residents)]
        h = c.hosts[n % len(c.hosts)]
        d.add(Heading(f"{n + 1}. Interview and findings, part {n + 1}"))
        d.add(Para((f"The investigator interviewed {d.w(p.name)} ({p.role}) about the events on {h.role} "
                    f"{d.w(h.name)}. {d.w(p.forename)} confirmed that the account {d.w(p.account)} was used from "
                    f"{d.w(h.ip)} and that no change request authorised the administrative reconfiguration. "
                    "The interviewee described the organisation's internationalisation programme, the "
                    "unsatisfactory documentation of responsibilities and the disproportionately burdensome "
                    "change-management procedures that, in the interviewee's words, encouraged workarounds.",)))
        d.add(Para((f"The housing file of {d.w(r.name)}, {d.w(r.address)}, {d.w(r.postcode)}, was opened twice "
                    f"during the session. {d.w(p.surname)} could not explain the second access and agreed to "
                    f"provide the notes kept under staff number {d.w(p.staff_id)}. Contact for follow-up: "
                    f"{d.w(p.email)}, {d.w(p.phone)}.",)))
        d.add(Para(("The panel considered whether the access was proportionate to a legitimate business need. "
                    "It weighed the written procedures, the training records and the statements of the "
                    "service desk against the audit trail, and concluded that the procedures were followed "
                    "in form but not in substance: approvals were recorded after the event, and the "
                    "records management team was not consulted before the export was made.",)))
        if n % 5 == 2:
            d.add(Code((f"2024-04-29T{7 + n % 12:02d}:14:03Z sshd[2211]: Accepted password for "
                        f"{d.w(p.email.split('@')[0])} from {d.w(c.attacker_ips[n % 2])} port 51{n:03d}",
                        f"2024-04-29T{7 + n % 12:02d}:14:09Z smbd[812]: {d.w(h.name)} share \\\\{d.w(h.name)}\\payroll "
                        "opened read-only")))
        if n % 7 == 3:
            d.add(Table(("Finding", "Owner", "Due"),
                        ((f"Rotate the service account on {d.w(h.name)}", d.w(p.name), "31 May 2024"),
                         ("Review VPN conditional access", d.w(c.staff[1].name), "14 June 2024")),
                        (2.4, 1.4, 0.8)))
    return d


def letter(c: Case) -> Doc:
    d = Doc("letter", "Notification of a personal data breach", header="", footer=f"{COUNCIL}, Civic Centre, Quayside Road, HB1 4QZ")
    r = c.residents[0]
    head = c.staff[4]
    surname = r.name.split(" ", 1)[1]
    d.add(
        Lines((d.w(r.name), d.w(r.address), "Harbourside", d.w(r.postcode))),
        Lines((f"Our ref: {d.w(c.incident_ref)}", "Date: 2 May 2024")),
        Para((f"Dear {d.w('Mr ' + surname)},",)),
        Para((f"I am writing to tell you that on 29 April 2024 an unauthorised person gained access to a "
              f"council file server ({d.w(c.hosts[0].name)}) that held your housing file. The file contained "
              "your name, address and the details of your housing application.",)),
        Para(("We have reported the incident to the Information Commissioner's Office under Article 33 UK GDPR "
              f"(their reference {d.w(c.ico_case)}) and to Action Fraud. If you have any questions, please "
              f"contact our Data Protection Officer, {d.w(c.staff[0].name)}, on {d.w(c.staff[0].phone)} or "
              f"at {d.w(c.staff[0].email)}.",)),
        Para(("Yours sincerely,",)),
        Lines((d.w(head.name), head.role, d.w(head.email), f"Direct line {d.w(head.phone)}")),
    )
    return d


def log_excerpt(c: Case) -> Doc:
    d = Doc("log_excerpt", "Annex B: Log Excerpts")
    fs, dc, vpn = c.hosts[0], c.hosts[1], c.hosts[5]
    u = c.staff[1]
    d.add(Para((f"Extracts from the VPN concentrator {d.w(vpn.name)} and the domain controller {d.w(dc.name)}, "
                "copied without change. Analyst's notes follow each block.",)))
    d.add(Code((
        f"Apr 29 07:41:58 {d.w(vpn.name)} vpnd[411]: auth fail user={d.w(u.account)} src={d.w(c.attacker_ips[0])}",
        f"Apr 29 07:42:03 {d.w(vpn.name)} vpnd[411]: auth ok   user={d.w(u.account)} src={d.w(c.attacker_ips[0])}",
        f"Apr 29 07:42:04 {d.w(vpn.name)} vpnd[411]: assigned {d.w('192.168.10.57')} gw={d.w(c.vpn_host)}",
        f"Apr 29 07:44:31 {d.w(dc.name)} EventID=4624 Account={d.w(u.account)} Source={d.w('192.168.10.57')}",
        f"Apr 29 07:45:10 {d.w(fs.name)} smbd: connect share=payroll ip={d.w('192.168.10.57')}",
    )))
    d.add(Para((f"The second line shows the successful sign-in with the password {d.w(c.password)}, which the "
                f"service desk had set during call {d.w(c.ticket)}. Analyst: {d.w(c.staff[10].name)}.",)))
    d.add(Code((
        "# deploy.sh (extract)",
        f"export AWS_ACCESS_KEY_ID={d.w(c.api_key)}",
        f"scp payroll.csv backup@{d.w(c.fqdn)}:/srv/export/",
        f"ssh {d.w(u.email.split('@')[0])}@{d.w(fs.ip)} 'ls /srv/payroll'",
    )))
    d.add(Para((f"Escalated to {d.w(c.staff[0].name)}, Data Protection Officer, at 09:02.",)))
    return d


def newsletter_twocol(c: Case) -> Doc:
    d = Doc("newsletter_twocol", "Staff Bulletin: Lessons from the April Incident", two_column=True)
    for i in range(6):
        p = c.staff[i]
        d.add(Heading(f"{p.role}s' corner" if i % 2 else "From the response team", 2))
        d.add(Para((f"Thanks go to {d.w(p.name)}, whose quick response limited the damage. "
                    f"{d.w(p.forename)} asks colleagues to report suspicious calls to {d.w(p.email)} or "
                    f"extension {d.w(p.phone)}. Uncharacteristically, the counterproductive "
                    "interdepartmental miscommunication was acknowledged straight away, and "
                    f"{d.w(c.staff[i + 6].name)} led the reconfiguration of {d.w(c.hosts[i].name)}.",)))
        d.add(Para(("Remember: never read a password out over the telephone, and never approve a "
                    "multi-factor prompt that you did not start yourself.",)))
    return d


def redacted_before(c: Case) -> Doc:
    """A memo that someone redacted before, badly: black boxes over text that is still in the file."""
    d = Doc("redacted_before", "Memo: Disciplinary Referral (previously redacted copy)")
    p, q = c.staff[5], c.staff[6]
    d.add(
        Para((f"To: {d.w(c.staff[13].name)}, Head of Human Resources. From: {d.w(c.staff[0].name)}.",)),
        Para(("Following the investigation, the officer ", Covered(d.w(p.name)), " (staff number ",
              Covered(d.w(p.staff_id)), f") is referred for a disciplinary hearing. The officer's line manager, "
              f"{d.w(q.name)}, will attend. Home telephone: ", Covered(d.w(p.mobile)), ".")),
        Para(("Witness statements were taken from ", Covered(d.w(c.residents[2].name)), " and from ",
              f"{d.w(c.residents[3].name)}, {d.w(c.residents[3].address)}.",)),
        Para((f"The shared administrator password {d.w(c.password)} was found written on a note at the desk of "
              "the officer named above; it has since been changed.",)),
    )
    return d


def landscape_register(c: Case) -> Doc:
    d = Doc("landscape_register", "Information Asset Register: Systems in Scope", landscape=True)
    rows = tuple((d.w(h.name), d.w(h.ip), h.role, d.w(c.staff[i].name), d.w(c.staff[i].email),
                  "Yes" if i % 2 else "No") for i, h in enumerate(c.hosts))
    d.add(Para((f"Systems named in incident {d.w(c.incident_ref)}, with their owners.",)),
          Table(("Host", "IP address", "Function", "Owner", "Owner email", "Holds personal data"),
                rows, (0.9, 0.9, 1.3, 1.3, 2.3, 0.8)))
    return d


KINDS = {f.__name__: f for f in (breach_report, incident_timeline, staff_contacts, investigation_report,
                                 letter, log_excerpt, newsletter_twocol, redacted_before, landscape_register)}


def build_doc(kind: str, seed: int = SEED) -> Doc:
    return KINDS[kind](build_case(seed))


def content_fingerprint() -> str:
    """Hash of every document's text and expectations: part of the corpus cache key."""
    h = hashlib.sha256()
    for kind in KINDS:
        doc = build_doc(kind)
        h.update(repr((doc.blocks, doc.two_column, doc.landscape, sorted(doc.withhold))).encode())
    return h.hexdigest()[:16]
