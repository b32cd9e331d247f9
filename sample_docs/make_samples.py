"""Build the synthetic sample PDFs used by the redactor demo and tests.

Why this exists: real breach reports and FOI correspondence cannot be committed, so this script
fabricates realistic-looking ones (every person and organisation is invented, apart from public
bodies such as the Information Commissioner's Office) that exercise the awkward cases a true
redactor must handle:

* personal data (s40(2)), security details such as hostnames and IP addresses (s31(1)(a)) and
  regulator case references (s31(1)(g)) mixed with text that must survive: legislation
  citations, dates, public body names and headings;
* a name split across two lines by a hyphen, a word containing the U+FB01 ligature, a page with
  tight line spacing (line height == font size) where names sit directly above and below words
  that must be kept, a two-column section, a page with /Rotate 90, and a personal name in the
  document metadata;
* an email thread with "Surname, Firstname" <address> headers and quoted replies, and a letter
  with a home address block and a signature block.

Alongside the PDFs it writes ``expected.json``: for each PDF, the exact strings a correct
redaction must remove ("withhold") and must leave alone ("keep"). Before exiting, the script
checks that every listed string really occurs, on one extracted line, in ``page.get_text()``.

The output is deterministic: fixed metadata dates, no wall clock, and ``garbage=4, deflate=True``,
so running it twice produces byte-identical files.

Usage: python sample_docs/make_samples.py sample_docs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pymupdf

FIXED_DATE = "D:20240502090000Z"
A4 = pymupdf.paper_rect("a4")
MARGIN = 57.0  # about 20 mm
BLACK = (0.0, 0.0, 0.0)
GREY = (0.35, 0.35, 0.35)
LIGHT = (0.88, 0.90, 0.93)
BRAND = (0.05, 0.27, 0.45)

# Base-14 fonts written with insert_text use a WinAnsi encoding, which has no glyph for U+FB01 ("fi").
# The same Helvetica face loaded as a Font object is embedded (Type0, Identity-H) and does have it.
EMBEDDED_HELV = pymupdf.Font("helv")

Font = str | pymupdf.Font

# --- the invented cast ---------------------------------------------------------------------------

COUNCIL = "Harbourside Borough Council"
COUNCIL_ADDRESS = ("Civic Centre", "Quayside Road", "Harbourside", "HB1 4QZ")
COUNCIL_SWITCHBOARD = "01632 960000"  # Ofcom drama-range number; a public number, so in neither list
FOI_MAILBOX = "foi@harbourside.gov.uk"  # functional mailbox, not personal data: in neither list

DPO_NAME = "Priya Raghunathan"
DPO_EMAIL = "priya.raghunathan@harbourside.gov.uk"
DPO_PHONE_INTL = "+44 7700 900361"
DPO_PHONE_LOCAL = "01632 960418"

IGO_NAME = "Adaeze Okonkwo"
IGO_EMAIL = "adaeze.okonkwo@harbourside.gov.uk"
IGO_PHONE = "01632 960572"
IGO_MOBILE = "+44 7700 900482"

ICT_NAME = "Tom Whitfield"
ICT_EMAIL = "tom.whitfield@harbourside.gov.uk"
ICT_PHONE = "01632 960733"
ICT_HOME = ("14 Lantern Walk", "Harbourside", "HB3 7LX")

PAYROLL_NAME = "Siobhan O'Neill-Baptiste"
RESIDENT_1 = "Marek Zielinski"
RESIDENT_1_ADDRESS = "7 Ferry Lane"
RESIDENT_1_POSTCODE = "HB2 8TR"
RESIDENT_2 = "Hannah Pemberton-Vey"
HEAD_IG_NAME = "Catrin Moorcroft"
HEAD_IG_EMAIL = "catrin.moorcroft@harbourside.gov.uk"
HEAD_IG_PHONE = "01632 960251"

ICO_OFFICER = "Daniel Achterberg"
ICO_OFFICER_EMAIL = "daniel.achterberg@ico.org.uk"
REQUESTER = "Jamie McAllister"
REQUESTER_EMAIL = "j.mcallister@example.com"

ICO_CASE = "IC-304588-B6D4"
INCIDENT_REF = "HBC-DPB-2024-0117"
TICKET = "INC0012345"
ACTION_FRAUD_REF = "NFRC240512345"
FOI_REF = "FOI-2024-0456"

FILE_SERVER = "HBC-FS01"
DOMAIN_CONTROLLER = "HBC-DC02"
LAPTOP = "HBC-WS114"
MAIL_HOST = "mail01.hbc.corp.local"
VPN_HOST = "vpn.harbourside.gov.uk"
IP_FILE_SERVER = "10.20.4.17"
IP_MAIL = "10.20.4.30"
IP_DC = "10.20.8.250"
IP_LAPTOP = "192.168.10.5"
IP_ATTACKER = "203.0.113.45"

HEALTH_PHRASE = "signed off work with anxiety"
LIGATURE_PHRASE = "\ufb01le share"  # "file share" spelt with the U+FB01 ligature


# --- low-level drawing -----------------------------------------------------------------------------


def text_width(text: str, font: Font, size: float) -> float:
    """Advance width of ``text`` in points."""
    if isinstance(font, pymupdf.Font):
        return font.text_length(text, fontsize=size)
    return pymupdf.get_text_length(text, fontname=font, fontsize=size)


def to_page(page: pymupdf.Page, shape: pymupdf.Point | pymupdf.Rect) -> pymupdf.Point | pymupdf.Rect:
    """Map a point or rect from the visible (possibly rotated) page to unrotated PDF space."""
    return shape * page.derotation_matrix if page.rotation else shape


def put(page: pymupdf.Page, point: pymupdf.Point, text: str, font: Font, size: float, color=BLACK) -> None:
    """Write one line of text at ``point`` (visible coordinates), upright as the reader sees it."""
    if isinstance(font, pymupdf.Font):
        if page.rotation:
            raise ValueError("embedded-font text is only supported on unrotated pages")
        writer = pymupdf.TextWriter(page.rect)
        writer.append(point, text, font=font, fontsize=size)
        writer.write_text(page, color=color)
        return
    page.insert_text(to_page(page, point), text, fontname=font, fontsize=size, color=color, rotate=page.rotation)


def wrap(text: str, width: float, font: Font, size: float, protected: Sequence[str]) -> list[str]:
    """Greedy word wrap that never breaks inside a protected (expected) phrase."""
    glue = "\x00"
    for phrase in protected:
        if " " in phrase and phrase in text:
            text = text.replace(phrase, phrase.replace(" ", glue))
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate.replace(glue, " "), font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return [line.replace(glue, " ") for line in lines]


# --- a tiny flowing layout engine --------------------------------------------------------------------


class Flow:
    """Top-to-bottom writer over A4 pages with automatic page breaks.

    ``self.y`` is the baseline of the last line written; coordinates are those the reader sees,
    so the same code lays out portrait pages and pages rotated with /Rotate 90.
    """

    def __init__(self, doc: pymupdf.Document, protected: Iterable[str]) -> None:
        self.doc = doc
        self.protected = sorted(set(protected), key=len, reverse=True)
        self.page: pymupdf.Page
        self.new_page()

    def new_page(self, rotated: bool = False) -> None:
        self.page = self.doc.new_page(width=A4.width, height=A4.height)
        if rotated:
            self.page.set_rotation(90)
        view = self.page.rect
        self.left, self.right = MARGIN, view.width - MARGIN
        self.bottom = view.height - MARGIN
        self.y = MARGIN

    @property
    def width(self) -> float:
        return self.right - self.left

    def gap(self, points: float) -> None:
        self.y += points

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page(rotated=bool(self.page.rotation))

    def line(
        self, text: str, *, x: float | None = None, font: Font = "helv", size: float = 10,
        leading: float = 1.35, color=BLACK,
    ) -> None:
        """Write exactly one line; refuses text that would overflow the right margin."""
        x = self.left if x is None else x
        if text_width(text, font, size) > self.right - x + 0.5:
            raise ValueError(f"line too long for the measure: {text!r}")
        self.ensure(size * leading)
        self.y += size * leading
        put(self.page, pymupdf.Point(x, self.y), text, font, size, color)

    def para(
        self, text: str, *, font: Font = "helv", size: float = 10, leading: float = 1.35,
        indent: float = 0, after: float = 6, color=BLACK,
    ) -> None:
        """A wrapped paragraph; a newline in ``text`` forces a line break."""
        for chunk in text.split("\n"):
            for ln in wrap(chunk, self.width - indent, font, size, self.protected):
                self.line(ln, x=self.left + indent, font=font, size=size, leading=leading, color=color)
        self.gap(after)

    def lines(self, lines: Iterable[str], **style) -> None:
        """Pre-broken lines (used where the exact line break matters)."""
        for ln in lines:
            self.line(ln, **style)
        self.gap(6)

    def heading(self, text: str, size: float = 12) -> None:
        self.ensure(size * 3)
        self.gap(size * 0.6)
        self.line(text, font="hebo", size=size, color=BRAND)
        self.gap(3)

    def rule(self, color=GREY, width: float = 0.6) -> None:
        self.gap(4)
        a, b = pymupdf.Point(self.left, self.y), pymupdf.Point(self.right, self.y)
        self.page.draw_line(to_page(self.page, a), to_page(self.page, b), color=color, width=width)
        self.gap(2)

    def key_values(self, rows: Sequence[tuple[str, str]], label_width: float = 120, size: float = 10) -> None:
        """Label/value pairs, label in bold, value wrapped in the remaining measure."""
        for label, value in rows:
            values = wrap(value, self.width - label_width, "helv", size, self.protected)
            self.ensure(size * 1.35 * len(values))
            for i, ln in enumerate(values):
                self.line(ln, x=self.left + label_width, size=size)
                if i == 0:
                    put(self.page, pymupdf.Point(self.left, self.y), label, "hebo", size)
        self.gap(6)

    def table(self, header: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[str]],
              size: float = 9) -> None:
        """A ruled table; cell text is wrapped within its column."""
        if abs(sum(widths) - self.width) > 1:
            raise ValueError("table widths must add up to the measure")
        pad = 4.0
        for index, row in enumerate([header, *rows]):
            font = "hebo" if index == 0 else "helv"
            cells = [wrap(cell, w - 2 * pad, font, size, self.protected) for cell, w in zip(row, widths, strict=True)]
            height = max(len(c) for c in cells) * size * 1.3 + 2 * pad
            self.ensure(height)
            top = self.y
            x = self.left
            for cell, w in zip(cells, widths, strict=True):
                box = pymupdf.Rect(x, top, x + w, top + height)
                fill = LIGHT if index == 0 else None
                self.page.draw_rect(to_page(self.page, box), color=GREY, fill=fill, width=0.5)
                for n, ln in enumerate(cell):
                    baseline = top + pad + size * (1.3 * n + 1.0)
                    put(self.page, pymupdf.Point(x + pad, baseline), ln, font, size)
                x += w
            self.y = top + height
        self.gap(8)

    def columns(self, left: Sequence[tuple[str, str]], right: Sequence[tuple[str, str]],
                size: float = 9.5, gutter: float = 18) -> None:
        """Two side-by-side columns of (kind, text) items; kind is "h" (heading) or "p"."""
        col_width = (self.width - gutter) / 2
        start = self.y
        bottoms = []
        for x0, items in ((self.left, left), (self.left + col_width + gutter, right)):
            y = start
            for kind, text in items:
                font = "hebo" if kind == "h" else "helv"
                for ln in wrap(text, col_width, font, size, self.protected):
                    y += size * 1.35
                    put(self.page, pymupdf.Point(x0, y), ln, font, size, BRAND if kind == "h" else BLACK)
                y += 5
            bottoms.append(y)
        if max(bottoms) > self.bottom:
            raise ValueError("two-column section does not fit on the page")
        self.y = max(bottoms)


def stamp_pages(doc: pymupdf.Document, header: str, footer_ref: str) -> None:
    """Protective marking at the top and 'Page n of N' at the bottom of every page."""
    total = doc.page_count
    for number, page in enumerate(doc, start=1):
        view = page.rect
        put(page, pymupdf.Point(MARGIN, 32), header, "hebo", 8, GREY)
        footer = f"{footer_ref}    Page {number} of {total}"
        x = view.width - MARGIN - text_width(footer, "helv", 8)
        put(page, pymupdf.Point(x, view.height - 28), footer, "helv", 8, GREY)


def letterhead(flow: Flow) -> None:
    """Coloured band with the council's name and public address."""
    band = pymupdf.Rect(0, 0, flow.page.rect.width, 6)
    flow.page.draw_rect(band, color=None, fill=BRAND)
    flow.line(COUNCIL, font="tibo", size=18, color=BRAND)
    flow.line(", ".join(COUNCIL_ADDRESS) + f"    Tel {COUNCIL_SWITCHBOARD}", size=8.5, color=GREY)
    flow.rule(color=BRAND, width=1.2)


def save(doc: pymupdf.Document, path: Path, title: str, author: str, subject: str) -> None:
    """Save with fixed metadata, a fixed file /ID and deterministic options."""
    doc.set_metadata({
        "title": title,
        "author": author,
        "subject": subject,
        "keywords": "",
        "creator": "sample_docs/make_samples.py",
        "producer": "PyMuPDF",
        "creationDate": FIXED_DATE,
        "modDate": FIXED_DATE,
    })
    doc.subset_fonts()
    # MuPDF would otherwise derive the trailer /ID from the clock; fix it, and keep it on save.
    file_id = hashlib.md5(path.name.encode()).hexdigest().upper()
    doc.xref_set_key(-1, "ID", f"[<{file_id}><{file_id}>]")
    doc.save(path, garbage=4, deflate=True, no_new_id=True)


# --- document 1: breach notification -----------------------------------------------------------------

BREACH_EXPECTED = {
    "withhold": [
        DPO_NAME, "Raghu-", "nathan", DPO_EMAIL, DPO_PHONE_INTL, DPO_PHONE_LOCAL,
        IGO_NAME, ICT_NAME, PAYROLL_NAME, RESIDENT_1, RESIDENT_1_ADDRESS, RESIDENT_1_POSTCODE, RESIDENT_2,
        ICO_CASE, INCIDENT_REF, TICKET, ACTION_FRAUD_REF,
        FILE_SERVER, DOMAIN_CONTROLLER, LAPTOP, MAIL_HOST, VPN_HOST,
        IP_FILE_SERVER, IP_MAIL, IP_DC, IP_LAPTOP, IP_ATTACKER,
        HEALTH_PHRASE,
    ],
    "keep": [
        "Personal Data Breach Report", "1. Controller details", "3. Timeline of the incident",
        "6. People affected", "Annex A: Incident log", "Annex B: System inventory extract",
        COUNCIL, "Data Protection Officer", "Information Commissioner's Office",
        "National Cyber Security Centre", "Action Fraud", "Section 31(1)(a)", "Section 31(1)(g)",
        "Article 33 UK GDPR", "Article 34 UK GDPR", "section 132(1) of the Data Protection Act 2018",
        "Freedom of Information Act 2000", "29 April 2024", "30 April 2024", "1 May 2024", "2 May 2024",
        "OFFICIAL-SENSITIVE", "Page 1 of 4", LIGATURE_PHRASE,
        "Service Desk", "Records Management", "Head of ICT", "Information Governance",
        "multi-factor authentication", "Payroll Officer", "ICT Service Manager",
    ],
}


def breach_notification(path: Path) -> dict[str, list[str]]:
    doc = pymupdf.open()
    flow = Flow(doc, BREACH_EXPECTED["withhold"] + BREACH_EXPECTED["keep"])
    breach_page_one(flow)
    flow.new_page()
    breach_page_two(flow)
    flow.new_page()
    breach_incident_log(flow)
    flow.new_page(rotated=True)
    breach_inventory(flow)
    stamp_pages(doc, "OFFICIAL-SENSITIVE", f"{COUNCIL} - breach report {INCIDENT_REF}")
    save(doc, path, "Personal Data Breach Report", DPO_NAME, f"Report to the ICO, case {ICO_CASE}")
    return BREACH_EXPECTED


def breach_page_one(flow: Flow) -> None:
    letterhead(flow)
    flow.line("Personal Data Breach Report", font="hebo", size=17)
    flow.para("Notification to the Information Commissioner's Office under Article 33 UK GDPR", size=10.5,
              color=GREY)
    flow.key_values([
        ("ICO case reference", f"{ICO_CASE} (assigned on acknowledgement)"),
        ("Our reference", INCIDENT_REF),
        ("Service Desk ticket", TICKET),
        ("Date of this report", "2 May 2024"),
        ("Report type", "Initial report - further information to follow"),
    ])

    flow.heading("1. Controller details")
    flow.key_values([
        ("Controller", COUNCIL),
        ("Address", ", ".join(COUNCIL_ADDRESS)),
        ("Data Protection Officer", DPO_NAME),
        ("DPO email", DPO_EMAIL),
        ("DPO telephone", f"{DPO_PHONE_LOCAL} (office), {DPO_PHONE_INTL} (mobile, out of hours)"),
    ], label_width=135)

    flow.heading("2. Summary of the breach")
    flow.para(
        "On 29 April 2024 a member of staff entered their credentials on a spoofed sign-in page after "
        "receiving a phishing email. Using those credentials an unauthorised party connected through the "
        f"VPN gateway {VPN_HOST} and copied part of the HR and payroll records "
        f"held on {FILE_SERVER}. The Council became aware of the breach on 30 April 2024, when the "
        f"National Cyber Security Centre alerted us to traffic from {IP_ATTACKER}."
    )
    flow.lines([
        "Questions about this report should be directed to our Data Protection Officer, Priya Raghu-",
        "nathan, who is the single point of contact for the Information Commissioner's Office.",
    ])

    flow.heading("3. Timeline of the incident")
    flow.table(
        ["Date and time", "Event"],
        [130, flow.width - 130],
        [
            ["Monday 29 April 2024, 09:02", "Phishing email received by 14 members of staff; one entered their "
             "credentials on a spoofed sign-in page."],
            ["29 April 2024, 11:40", f"Unusual sign-in from {IP_ATTACKER} to {MAIL_HOST}; "
             f"ticket {TICKET} raised by the Service Desk."],
            ["29 April 2024, 14:15", f"Attacker reaches file server {FILE_SERVER} ({IP_FILE_SERVER}) "
             f"through {VPN_HOST}."],
            ["30 April 2024, 08:30", "National Cyber Security Centre alert received; account disabled and "
             "file server isolated."],
            ["30 April 2024, 16:00", f"Crime reported: Action Fraud ref {ACTION_FRAUD_REF}."],
            ["1 May 2024, 10:00", "Breach assessed as reportable under Article 33 UK GDPR; DPO opens "
             f"{INCIDENT_REF}."],
            ["2 May 2024, 09:00", "This report sent to the Information Commissioner's Office."],
        ],
    )


def breach_page_two(flow: Flow) -> None:
    flow.heading("4. Systems affected and containment")
    flow.columns(
        [
            ("h", "Systems affected"),
            ("p", f"File server {FILE_SERVER} ({IP_FILE_SERVER}): HR and payroll shares, read access "
                  "only."),
            ("p", f"Exchange server {MAIL_HOST} ({IP_MAIL}): one mailbox accessed for about three hours."),
            ("p", f"Domain controller {DOMAIN_CONTROLLER} ({IP_DC}): no evidence of compromise."),
            ("p", f"Staff laptop {LAPTOP} ({IP_LAPTOP} on a home network): the device used for the "
                  "phishing sign-in."),
        ],
        [
            ("h", "Containment and recovery"),
            ("p", "The compromised account was disabled within 23 hours of the phishing email and all "
                  "Service Desk administrator passwords were reset."),
            ("p", "The Council now enforces multi-factor authentication on the VPN and on webmail for every "
                  "account."),
            ("p", "We are following guidance from the National Cyber Security Centre and have engaged an "
                  "accredited incident response provider."),
        ],
    )
    flow.gap(6)
    flow.para(
        f"The Council's {LIGATURE_PHRASE} for HR on {FILE_SERVER} held scanned \ufb01les going back to 2016.",
        font=EMBEDDED_HELV,
    )

    flow.heading("5. Data involved")
    flow.para(
        "Names, home addresses, bank details, National Insurance numbers, salary and sickness absence "
        "records of about 1,240 current and former staff, and housing benefit correspondence for 37 "
        "residents. Sickness absence records are special category data (health)."
    )

    flow.heading("6. People affected")
    flow.para("The individuals below raised concerns directly with the Council and are named so that the "
              "Commissioner can link their complaints to this report.")
    flow.table(
        ["Name", "Role", "Data affected"],
        [150, 140, flow.width - 290],
        [
            [PAYROLL_NAME, "Payroll Officer", "Payroll record, bank details, sickness absence record"],
            [ICT_NAME, "ICT Service Manager", "HR file, home address, bank details"],
            [RESIDENT_1, "Resident (housing benefit)", "Benefit claim, income details, home address"],
            [RESIDENT_2, "Resident (council tax)", "Council tax account, email address"],
        ],
    )
    flow.para(
        f"{PAYROLL_NAME}, whose sickness absence record was in the copied files, was {HEALTH_PHRASE} "
        "shortly after the incident and has been offered support through Occupational Health. "
        f"{RESIDENT_1} of {RESIDENT_1_ADDRESS}, Harbourside {RESIDENT_1_POSTCODE} told us that a "
        "letter quoting his claim number was sent to him by someone claiming to be from the Council."
    )

    flow.heading("7. Legal basis and disclosure")
    flow.para(
        "This report is made under Article 33 UK GDPR. Affected individuals are being told under Article 34 "
        "UK GDPR because the breach is likely to result in a high risk to their rights and freedoms."
    )
    flow.para(
        "If this report is requested under the Freedom of Information Act 2000, the Council considers that "
        "system names and network addresses are exempt under Section 31(1)(a) (prevention or detection of "
        "crime) and that the regulator's case references are exempt under Section 31(1)(g). Information "
        "given to the Commissioner is also protected by section 132(1) of the Data Protection Act 2018."
    )


def breach_incident_log(flow: Flow) -> None:
    """Tight page: 9 pt text on a 9 pt line pitch, names directly above and below kept words."""
    flow.heading("Annex A: Incident log")
    flow.para("Contemporaneous log kept by Information Governance. Times are BST.", size=9, color=GREY)
    size = 9.0
    columns = (flow.left, flow.left + 40, flow.left + 170)
    header = ("Time", "Source", "Entry")
    rows = [
        ("09:02", "Service Desk", f"Ticket {TICKET} raised: phishing email reported by two users"),
        ("09:04", IGO_NAME, "Confirmed she did not open the link; mailbox checked, no rules added"),
        ("09:06", "Records Management", "Asked whether scanned HR files are also held offsite"),
        ("09:11", ICT_NAME, f"Isolated {LAPTOP} and disabled the account; Section 31(1)(a) applies"),
        ("09:15", "Head of ICT", f"Requested VPN logs for {VPN_HOST} from the supplier"),
        ("09:21", PAYROLL_NAME, "Reported a call from someone claiming to be from the bank"),
        ("09:30", "Information Governance", "Breach record opened; Article 33 UK GDPR clock started"),
        ("09:42", DPO_NAME, f"Notified; will lead on contact with the ICO under {INCIDENT_REF}"),
        ("10:05", "Service Desk", f"Blocked {IP_ATTACKER} at the firewall; {FILE_SERVER} kept offline"),
        ("10:20", RESIDENT_1, "Phoned the contact centre about a suspicious letter"),
        ("10:31", "Records Management", "Confirmed offsite copies were not affected"),
    ]
    for index, row in enumerate([header, *rows]):
        font = "hebo" if index == 0 else "helv"
        flow.y += size  # line height == font size
        for x, text in zip(columns, row, strict=True):
            put(flow.page, pymupdf.Point(x, flow.y), text, font, size)
    flow.gap(12)
    flow.para(
        f"Notes from the 11:00 call. {ICT_NAME} explained that the VPN accepted the stolen password because "
        f"multi-factor authentication was not yet enforced for contractors. {IGO_NAME} noted that the "
        "Information Commissioner's Office expects an initial report within 72 hours and that the National "
        f"Cyber Security Centre had already been told. {PAYROLL_NAME} and two colleagues from Payroll asked "
        f"whether their bank details had been taken; {DPO_NAME} agreed to write to every affected person "
        f"under Article 34 UK GDPR. {RESIDENT_2} has asked for her council tax account to be flagged.",
        size=size, leading=1.0,
    )


def breach_inventory(flow: Flow) -> None:
    """Landscape annex on a page carrying /Rotate 90."""
    flow.heading("Annex B: System inventory extract")
    flow.para("Extract from the configuration management database, 1 May 2024.", size=9, color=GREY)
    flow.table(
        ["Hostname", "IP address", "Role", "Site", "Status on 1 May 2024"],
        [150, 110, 190, 120, flow.width - 570],
        [
            [FILE_SERVER, IP_FILE_SERVER, "File server (HR, Payroll, Finance)", "Civic Centre", "Isolated, imaged"],
            [MAIL_HOST, IP_MAIL, "Exchange mailbox server", "Civic Centre", "Live, monitored"],
            [DOMAIN_CONTROLLER, IP_DC, "Domain controller", "Depot", "Live, no compromise found"],
            [LAPTOP, IP_LAPTOP, "Staff laptop", "Home worker", "Recalled and wiped"],
            [VPN_HOST, "-", "VPN gateway", "Hosted", "Contractor access suspended"],
        ],
    )


# --- document 2: FOI email thread --------------------------------------------------------------------

FOI_EXPECTED = {
    "withhold": [
        IGO_NAME, "Okonkwo, Adaeze", "Ms Okonkwo", "Adaeze", IGO_EMAIL, IGO_PHONE, IGO_MOBILE,
        ICT_NAME, "Whitfield, Tom", "Hi Tom", ICT_EMAIL, ICT_PHONE,
        ICO_OFFICER, "Achterberg, Daniel", ICO_OFFICER_EMAIL,
        REQUESTER, "McAllister, Jamie", "Mr McAllister", REQUESTER_EMAIL,
        ICO_CASE, FILE_SERVER, IP_FILE_SERVER,
    ],
    "keep": [
        "Freedom of Information Act 2000", "Section 31(1)(a)", "Section 31(1)(g)",
        "Information Commissioner's Office", "National Cyber Security Centre", COUNCIL,
        "Information Governance Officer", "ICT Service Manager", "Case Officer", FOI_REF,
        "23 May 2024", "2 May 2024", "Subject:", "Kind regards",
    ],
}


def foi_thread(path: Path) -> dict[str, list[str]]:
    doc = pymupdf.open()
    flow = Flow(doc, FOI_EXPECTED["withhold"] + FOI_EXPECTED["keep"])
    flow.line(IGO_NAME, font="hebo", size=13)
    flow.rule(color=BLACK, width=1.0)

    email_headers(flow, [
        ("From:", f'"Okonkwo, Adaeze" <{IGO_EMAIL}>'),
        ("Sent:", "Thursday, 23 May 2024 14:37"),
        ("To:", f'"McAllister, Jamie" <{REQUESTER_EMAIL}>'),
        ("Cc:", f'"Whitfield, Tom" <{ICT_EMAIL}>; FOI Team <{FOI_MAILBOX}>'),
        ("Subject:", f"RE: Freedom of Information request {FOI_REF} - cyber incident, April 2024"),
    ])
    flow.para("Dear Mr McAllister,")
    flow.para(
        "Thank you for your request of 2 May 2024, which we have handled under the Freedom of Information "
        f"Act 2000 as {FOI_REF}. The Council holds information about the cyber incident in April 2024. We "
        "can confirm that the incident has been reported to the Information Commissioner's Office and the "
        "National Cyber Security Centre."
    )
    flow.para(
        "The names and addresses of servers and network equipment are withheld under Section 31(1)(a) "
        "because publishing them would help an attacker. The regulator's case reference is withheld under "
        "Section 31(1)(g). Names of staff below senior management are withheld as personal data."
    )
    flow.para("If you are unhappy with this response you may ask for an internal review within 40 working "
              "days, and after that complain to the Information Commissioner's Office.")
    signature(flow, "Kind regards", IGO_NAME, "Information Governance Officer",
              f"Tel: {IGO_PHONE} | Mob: {IGO_MOBILE}")

    quoted_message(flow, [
        ("From:", f'"Whitfield, Tom" <{ICT_EMAIL}>'),
        ("Sent:", "Tuesday, 21 May 2024 16:05"),
        ("To:", f'"Okonkwo, Adaeze" <{IGO_EMAIL}>'),
        ("Subject:", f"RE: {FOI_REF} - input needed"),
    ], [
        "Hi Adaeze,",
        f"The box that was accessed is {FILE_SERVER} ({IP_FILE_SERVER}). Please don't release either - the "
        "National Cyber Security Centre asked us to keep system details out of anything public.",
        "Thanks,",
        f"{ICT_NAME} | ICT Service Manager | {COUNCIL} | {ICT_PHONE}",
    ])
    quoted_message(flow, [
        ("From:", f'"Okonkwo, Adaeze" <{IGO_EMAIL}>'),
        ("Sent:", "Monday, 20 May 2024 10:12"),
        ("To:", f'"Whitfield, Tom" <{ICT_EMAIL}>'),
        ("Subject:", f"{FOI_REF} - input needed"),
    ], [
        "Hi Tom,",
        "Could you confirm which systems were affected? The request is below and the response is due on "
        "31 May 2024. The ICO's note is underneath for context.",
        "Thanks, Adaeze",
    ])
    quoted_message(flow, [
        ("From:", f'"Achterberg, Daniel" <{ICO_OFFICER_EMAIL}>'),
        ("Sent:", "Friday, 17 May 2024 11:48"),
        ("To:", f'"Okonkwo, Adaeze" <{IGO_EMAIL}>'),
        ("Subject:", f"Our reference: {ICO_CASE}"),
    ], [
        "Dear Ms Okonkwo,",
        "Thank you for the Council's breach report. I am the Case Officer dealing with it under "
        f"reference {ICO_CASE}; please quote this in all correspondence with the Information "
        "Commissioner's Office.",
        "Yours sincerely,",
        f"{ICO_OFFICER}, Case Officer, Information Commissioner's Office",
    ])
    quoted_message(flow, [
        ("From:", f"{REQUESTER} <{REQUESTER_EMAIL}>"),
        ("Sent:", "Thursday, 2 May 2024 18:45"),
        ("To:", f"FOI Team <{FOI_MAILBOX}>"),
        ("Subject:", "Freedom of Information request - cyber incident"),
    ], [
        "Dear Sir or Madam,",
        "Under the Freedom of Information Act 2000 please tell me (1) whether the Council suffered a cyber "
        "incident in April 2024, (2) which systems were affected, and (3) whether it was reported to the "
        "Information Commissioner's Office.",
        "Yours faithfully,",
        REQUESTER,
    ], prefix="> ")
    save(doc, path, f"RE: Freedom of Information request {FOI_REF}", COUNCIL, "FOI email thread")
    return FOI_EXPECTED


def email_headers(flow: Flow, headers: Sequence[tuple[str, str]], prefix: str = "") -> None:
    rows = [(f"{prefix}{label}", value) for label, value in headers]
    flow.key_values(rows, label_width=62, size=9.5)


def signature(flow: Flow, closing: str, name: str, title: str, contact: str) -> None:
    flow.para(closing, after=10)
    flow.lines([name], font="hebo")
    flow.gap(-6)
    flow.lines([title, COUNCIL, contact], size=9)


def quoted_message(flow: Flow, headers: Sequence[tuple[str, str]], body: Sequence[str],
                   prefix: str = "") -> None:
    """An earlier message in the thread, Outlook style; ``prefix`` adds '> ' quoting."""
    flow.rule()
    email_headers(flow, headers, prefix)
    for paragraph in body:
        flow.para(f"{prefix}{paragraph}", size=9.5, color=GREY if prefix else BLACK, after=4)


# --- document 3: letter with signature -----------------------------------------------------------------

LETTER_EXPECTED = {
    "withhold": [
        ICT_NAME, "Mr Whitfield", "14 Lantern Walk", "HB3 7LX", INCIDENT_REF,
        HEAD_IG_NAME, HEAD_IG_EMAIL, HEAD_IG_PHONE,
    ],
    "keep": [
        "PRIVATE AND CONFIDENTIAL", "24 May 2024", "29 April 2024", "What happened", "What this means for you",
        "Article 34 UK GDPR", "Information Commissioner's Office", COUNCIL, "Head of Information Governance",
        "Yours sincerely",
    ],
}


def letter_signature(path: Path) -> dict[str, list[str]]:
    doc = pymupdf.open()
    flow = Flow(doc, LETTER_EXPECTED["withhold"] + LETTER_EXPECTED["keep"])
    letterhead(flow)
    flow.gap(10)
    flow.lines(["PRIVATE AND CONFIDENTIAL"], font="hebo", size=9)
    flow.lines([f"Mr {ICT_NAME}", *ICT_HOME], leading=1.25)
    flow.gap(6)
    flow.lines([f"Our ref: {INCIDENT_REF}", "Date: 24 May 2024"], size=9.5)
    flow.gap(6)
    flow.para("Dear Mr Whitfield,", after=8)
    flow.line("Personal data breach affecting your HR records", font="hebo", size=11)
    flow.gap(6)
    flow.heading("What happened", size=10.5)
    flow.para(
        "On 29 April 2024 an unauthorised person used a stolen password to reach one of the Council's file "
        "servers and copied part of the HR and payroll records. Your HR file, home address and bank details "
        "were among the records copied. We are writing to you under Article 34 UK GDPR because this could "
        "put you at risk of fraud."
    )
    flow.heading("What this means for you", size=10.5)
    flow.para(
        "Please be alert to calls, emails or letters that quote your personal details, and tell your bank "
        "that your account details may have been exposed. The Council will pay for two years of credit "
        "monitoring; details are enclosed. We have reported the breach to the Information Commissioner's "
        "Office and you have the right to complain to them if you are unhappy with how we have handled it."
    )
    flow.para("I am very sorry that this has happened. If you have any questions please contact me directly.")
    flow.para("Yours sincerely", after=4)
    draw_signature_squiggle(flow)
    flow.lines([HEAD_IG_NAME], font="hebo")
    flow.gap(-6)
    flow.lines([
        "Head of Information Governance",
        COUNCIL,
        f"Direct line: {HEAD_IG_PHONE}",
        f"Email: {HEAD_IG_EMAIL}",
    ], size=9.5)
    save(doc, path, "Letter: personal data breach", COUNCIL, "Article 34 notification to a data subject")
    return LETTER_EXPECTED


def draw_signature_squiggle(flow: Flow) -> None:
    """A hand-signature stand-in: vector strokes only, no text."""
    x, y = flow.left, flow.y + 8
    shape = flow.page.new_shape()
    shape.draw_bezier((x, y + 18), (x + 20, y - 6), (x + 30, y + 34), (x + 55, y + 10))
    shape.draw_bezier((x + 55, y + 10), (x + 75, y - 8), (x + 90, y + 30), (x + 120, y + 14))
    shape.draw_line((x + 10, y + 26), (x + 110, y + 22))
    shape.finish(color=(0.1, 0.1, 0.45), width=1.3, closePath=False)
    shape.commit()
    flow.gap(40)


# --- document 4: a scanned, signed breach letter (issue 8) -------------------------------------------------
# Printed, signed and scanned: the released file must be made from pixels. The born-digital letter is
# rendered, rasterised at 200 dpi in grey, skewed by 1.2 degrees, given scanner noise and speckle and
# stored as a JPEG image: a page with no text layer at all. The same born-digital source is what OCR
# accuracy and recall are measured against (tests/ocr).

SCAN_DPI = 200
SCAN_SKEW = 1.2  # degrees, counter-clockwise
SCANNED_EXPECTED = {
    "withhold": [
        RESIDENT_1, "Mr Zielinski", RESIDENT_1_ADDRESS, RESIDENT_1_POSTCODE, INCIDENT_REF,
        DPO_NAME, DPO_EMAIL, DPO_PHONE_LOCAL,
    ],
    "keep": [
        "PRIVATE AND CONFIDENTIAL", "What happened", "What you can do", "Yours sincerely", "29 April 2024",
        "Data Protection Officer", "Information Commissioner", "credit monitoring",
    ],
}


def scanned_letter_source() -> pymupdf.Document:
    """The letter as it was printed (born-digital; kept in memory, only its scan is shipped)."""
    doc = pymupdf.open()
    flow = Flow(doc, SCANNED_EXPECTED["withhold"] + SCANNED_EXPECTED["keep"])
    letterhead(flow)
    flow.gap(10)
    flow.lines(["PRIVATE AND CONFIDENTIAL"], font="hebo", size=10)
    flow.lines([f"Mr {RESIDENT_1}", RESIDENT_1_ADDRESS, "Harbourside", RESIDENT_1_POSTCODE], size=11, leading=1.3)
    flow.lines([f"Our ref: {INCIDENT_REF}", "Date: 3 May 2024"], size=11)
    flow.para("Dear Mr Zielinski,", size=11, after=8)
    flow.line("Personal data breach: your council tax account", font="hebo", size=12)
    flow.gap(6)
    flow.heading("What happened", size=12)
    flow.para(
        "On 29 April 2024 an unauthorised person used a stolen password to reach one of the Council's file "
        "servers and copied part of the council tax records. Your name, address and payment history were "
        "among the records copied.", size=11)
    flow.heading("What you can do", size=12)
    flow.para(
        "Please be alert to calls or letters that quote your details. The Council will pay for two years of "
        "credit monitoring. We have reported the breach to the Information Commissioner, and you have the "
        "right to complain to them.", size=11)
    flow.para(f"If you have any questions please contact {DPO_NAME} on {DPO_PHONE_LOCAL} or at {DPO_EMAIL}.",
              size=11)
    flow.para("Yours sincerely", size=11, after=4)
    draw_signature_squiggle(flow)
    flow.lines([DPO_NAME], font="hebo", size=11)
    flow.gap(-6)
    flow.lines(["Data Protection Officer", COUNCIL], size=11)
    return doc


def rasterise(src: pymupdf.Document, dpi: int = SCAN_DPI, skew: float = SCAN_SKEW, seed: int = 8,
              turn: int = 0) -> pymupdf.Document:
    """An image-only copy of ``src``, as a cheap office scanner would make it: grey, noisy, slightly
    skewed, JPEG-compressed; ``turn`` (90/180/270, counter-clockwise) puts the paper in sideways or
    upside down. Deterministic for a given seed."""
    import io

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    out = pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
        img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        pixels = np.asarray(img).astype(np.float32) * 0.93 + 6  # paper is not white, toner not black
        pixels += rng.normal(0, 9, pixels.shape)
        pixels[rng.random(pixels.shape) < 0.0008] = 20  # speckle
        img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        if turn:
            img = img.rotate(turn, expand=True)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        rect = page.rect if turn % 180 == 0 else pymupdf.Rect(0, 0, page.rect.height, page.rect.width)
        new = out.new_page(width=rect.width, height=rect.height)
        new.insert_image(new.rect, stream=buf.getvalue())
    return out


def _checked_source(src: pymupdf.Document, name: str, expected: dict[str, list[str]]) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        src.save(path)
        return check(path, expected)


def scanned_letter(path: Path) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    src = scanned_letter_source()
    problems = _checked_source(src, path.name, SCANNED_EXPECTED)
    scan = rasterise(src)
    save(scan, path, "Scanned letter", "", "Scanned letter to a data subject")
    return {path.name: SCANNED_EXPECTED}, problems


# --- document 5: an email thread with a PDF attachment (issue 8) ---------------------------------------------
# An .eml as exported from a mail client: multipart/mixed with a plain and an HTML body (the reply quotes
# the earlier message), a PDF attachment (processed as its own document) and a CSV attachment (no
# handler: withheld with a note). Fixed boundaries, dates and Message-IDs keep the bytes deterministic.

THREAD_EXPECTED = {
    "withhold": [
        "Whitfield, Tom", ICT_EMAIL, "Raghunathan, Priya", DPO_EMAIL, "Okonkwo, Adaeze", IGO_EMAIL,
        "Hi Priya", ICT_PHONE, FILE_SERVER, IP_FILE_SERVER, INCIDENT_REF, RESIDENT_1,
    ],
    "keep": [
        "From:", "Subject:", "Attachments (2)", "29 April 2024", "Information Commissioner's Office",
        "council tax", "wrote:",
    ],
}
ATTACHMENT_NAME = "incident_summary.pdf"
ATTACHMENT_EXPECTED = {
    "withhold": [ICT_NAME, RESIDENT_1, RESIDENT_2, FILE_SERVER, IP_FILE_SERVER, IP_ATTACKER, ICO_CASE],
    "keep": ["Incident summary", "29 April 2024", "Information Commissioner's Office", COUNCIL],
}


def incident_summary_pdf() -> pymupdf.Document:
    doc = pymupdf.open()
    flow = Flow(doc, ATTACHMENT_EXPECTED["withhold"] + ATTACHMENT_EXPECTED["keep"])
    letterhead(flow)
    flow.line("Incident summary", font="hebo", size=15)
    flow.key_values([
        ("Date", "29 April 2024"),
        ("System", f"{FILE_SERVER} ({IP_FILE_SERVER})"),
        ("Source of attack", IP_ATTACKER),
        ("Reported by", ICT_NAME),
        ("Regulator reference", ICO_CASE),
    ])
    flow.para(
        f"Records of two residents were confirmed as copied: {RESIDENT_1} and {RESIDENT_2}. Both will be "
        "written to under Article 34 UK GDPR. The Information Commissioner's Office has been told.")
    return doc


def breach_thread(path: Path) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    import email.policy
    from email.message import EmailMessage

    attachment = incident_summary_pdf()
    problems = _checked_source(attachment, ATTACHMENT_NAME, ATTACHMENT_EXPECTED)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / ATTACHMENT_NAME
        save(attachment, pdf_path, "Incident summary", ICT_NAME, "Incident summary")
        pdf_bytes = pdf_path.read_bytes()

    plain = (
        "Hi Priya,\n\n"
        f"The box that was accessed is {FILE_SERVER} ({IP_FILE_SERVER}). The summary is attached, and the "
        "list of affected council tax accounts is in the CSV. I can talk you through it on "
        f"{ICT_PHONE}.\n\n"
        "Tom\n\n"
        f"On 30 April 2024, at 08:55, Priya Raghunathan <{DPO_EMAIL}> wrote:\n"
        "> Tom, which server was reached on 29 April 2024?\n"
        "> The Information Commissioner's Office will ask, and I need it for\n"
        f"> {INCIDENT_REF}. Was {RESIDENT_1}'s record among those copied?\n"
    )
    quoted = plain.split("wrote:\n", 1)[1].replace("> ", "")
    html_body = (
        "<html><head><style>p {margin: 0}</style></head><body>"
        + "".join(f"<p>{line}</p>" for line in plain.split("wrote:\n", 1)[0].split("\n\n"))
        + "wrote:<blockquote>" + quoted.replace("\n", " ").replace("<", "&lt;") + "</blockquote></body></html>"
    )
    msg = EmailMessage()
    msg["From"] = f'"Whitfield, Tom" <{ICT_EMAIL}>'
    msg["To"] = f'"Raghunathan, Priya" <{DPO_EMAIL}>'
    msg["Cc"] = f'"Okonkwo, Adaeze" <{IGO_EMAIL}>'
    msg["Date"] = "Tue, 30 Apr 2024 09:41:00 +0100"
    msg["Subject"] = f"RE: Breach {INCIDENT_REF} - which server?"
    msg["Message-ID"] = "<20240430094100.hbc-ict-0042@harbourside.gov.uk>"
    msg.set_content(plain)
    msg.add_alternative(html_body, subtype="html")
    msg.add_attachment(pdf_bytes, maintype="application", subtype="pdf", filename=ATTACHMENT_NAME)
    msg.add_attachment(f"account,name\n1001,{RESIDENT_1}\n1002,{RESIDENT_2}\n".encode(), maintype="text",
                       subtype="csv", filename="affected_accounts.csv")
    for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_hbc_boundary_{n}")
    path.write_bytes(msg.as_bytes(policy=email.policy.default))

    text = plain + "\n".join(f"{k}: {v}" for k, v in msg.items()) + "\nAttachments (2)"
    for kind, strings in THREAD_EXPECTED.items():
        problems += [f"{path.name}: {kind} string not in the message: {s!r}" for s in strings if s not in text]
    stem = path.stem
    return {path.name: THREAD_EXPECTED,
            f"{stem}.attachment-1-{Path(ATTACHMENT_NAME).stem}.pdf": ATTACHMENT_EXPECTED}, problems


# --- verification ---------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    return " ".join(text.split())


def check(path: Path, expected: dict[str, list[str]]) -> list[str]:
    """Problems with ``expected``: strings missing, split over lines, or withheld inside a kept one."""
    with pymupdf.open(path) as doc:
        texts = [page.get_text() for page in doc]
    joined = normalise(" ".join(texts))
    lines = [normalise(line) for text in texts for line in text.splitlines()]
    problems = []
    for kind, strings in expected.items():
        for s in strings:
            if normalise(s) not in joined:
                problems.append(f"{path.name}: {kind} string not in text: {s!r}")
            elif not any(s in line for line in lines):
                problems.append(f"{path.name}: {kind} string is split across lines: {s!r}")
    for withheld in expected["withhold"]:
        for kept in expected["keep"]:
            if withheld in kept:
                problems.append(f"{path.name}: withhold {withheld!r} is inside keep {kept!r}")
    return problems


BUILDERS = {
    "breach_notification.pdf": breach_notification,
    "foi_thread.pdf": foi_thread,
    "letter_signature.pdf": letter_signature,
}
# Inputs whose text is not in their own text layer (a scan, an email): each builder checks its expected
# strings against its source and returns {name: expected} (an email adds its attachment's) and problems.
SCAN_AND_MAIL_BUILDERS = {
    "scanned_letter.pdf": scanned_letter,
    "breach_thread.eml": breach_thread,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="folder to write the PDFs and expected.json into")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)

    expected: dict[str, dict[str, list[str]]] = {}
    for name, build in BUILDERS.items():
        expected[name] = build(args.outdir / name)
    problems = []
    for name, build in SCAN_AND_MAIL_BUILDERS.items():
        entries, found = build(args.outdir / name)
        expected.update(entries)
        problems += found
        digest = hashlib.sha256((args.outdir / name).read_bytes()).hexdigest()[:16]
        print(f"{args.outdir / name}  sha256 {digest}...")
    (args.outdir / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")

    for name in BUILDERS:
        strings = expected[name]
        path = args.outdir / name
        problems += check(path, strings)
        with pymupdf.open(path) as doc:
            pages = doc.page_count
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(f"{path}  {pages} page(s)  sha256 {digest}...")
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
