"""Per-recognizer tables: each row is (recognizer, text, the strings it must find). Positives first,
then at least as many negatives (look-alikes that must not match: legislation, dates, standards,
ordinary words). Recognizers run without spaCy, with the regex flags the detector uses."""

from __future__ import annotations

import pytest
from presidio_analyzer import PatternRecognizer

from recognizers import RECOGNIZERS
from recognizers._base import REGEX_FLAGS
from redactor.options import load_settings

THRESHOLD = load_settings(None).score_threshold  # what the detector drops before context boosts


def find(name: str, text: str) -> list[str]:
    """What one recognizer reports at or above the configured threshold, without context enhancement."""
    recognizer = RECOGNIZERS[name]()
    results = recognizer.analyze(text=text, entities=recognizer.supported_entities, nlp_artifacts=None,
                                 **({"regex_flags": REGEX_FLAGS} if isinstance(recognizer, PatternRecognizer) else {}))
    return [text[r.start:r.end] for r in sorted(results, key=lambda r: (r.start, r.end)) if r.score >= THRESHOLD]


POSITIVES = [
    # references
    ("case_reference", "ICO case reference IC-304588-B6D4.", ["IC-304588-B6D4"]),
    ("case_reference", "enforcement file ENF0874412 and RFA0623190", ["ENF0874412", "RFA0623190"]),
    ("case_reference", "ICO ref: 01234567/AB", ["01234567/AB"]),
    ("case_reference", "investigation INV0231877 opened", ["INV0231877"]),
    ("incident_reference", "Our ref: HBC-DPB-2024-0117", ["HBC-DPB-2024-0117"]),
    ("incident_reference", "logged as INC0012345 in ServiceNow", ["INC0012345"]),
    ("incident_reference", "NCSC reference CSIRT-2024-031", ["CSIRT-2024-031"]),
    ("incident_reference", "see SR/2024/00871 for notes", ["SR/2024/00871"]),
    ("incident_reference", "Ticket SEC-1432 was raised; the update on SEC-1432 follows", ["SEC-1432", "SEC-1432"]),
    ("incident_reference", "reference 2024/RV/33812", ["2024/RV/33812"]),
    ("crime_reference", "Action Fraud NFRC240512345", ["NFRC240512345"]),
    ("crime_reference", "police log CAD 1234 12/05/24", ["CAD 1234 12/05/24"]),
    ("crime_reference", "crime reference number 43/18822/24.", ["43/18822/24"]),
    ("crime_reference", "NCA reference NCA-2024-7712", ["NCA-2024-7712"]),
    # names
    ("titled_name", "Mr Tom Whitfield and DC Sarah Whitmore", ["Tom Whitfield", "Sarah Whitmore"]),
    ("titled_name", "Dr A. Okonkwo agreed", ["A. Okonkwo"]),
    ("titled_name", "Dear Priya,\nThanks", ["Priya"]),
    ("titled_name", "Hi Tom,", ["Tom"]),
    ("titled_name", "Cllr Will Grant asked", ["Will Grant"]),
    ("titled_name", "Ms O'Neill-Baptiste replied", ["O'Neill-Baptiste"]),
    ("correspondence_name", "From: Okonkwo, Adaeze <a.okonkwo@x.gov.uk>", ["Okonkwo, Adaeze"]),
    ("correspondence_name", "To: Tom Whitfield [mailto:t@x.gov.uk]", ["Tom Whitfield"]),
    ("correspondence_name", 'Cc: "Raghunathan, Priya" <p@x>; Tom Whitfield <t@x>', ["Raghunathan, Priya", "Tom Whitfield"]),
    ("correspondence_name", "Kind regards,\nPriya Raghunathan\nData Protection Officer", ["Priya Raghunathan"]),
    ("correspondence_name", "Yours sincerely,\nDEREK ASHWORTH-KHAN", ["DEREK ASHWORTH-KHAN"]),
    ("correspondence_name", "Prepared by: Gareth Pryce-Llewellyn\n", ["Gareth Pryce-Llewellyn"]),
    ("initials_name", "J. R. Whitfield signed", ["J. R. Whitfield"]),
    ("email_derived_name", "mail a.okonkwo@x.gov.uk. Okonkwo said OKONKWO", ["Okonkwo", "OKONKWO"]),
    ("email_derived_name", "Hope Adebayo h.adebayo@x.gov.uk", ["Hope Adebayo"]),
    # contacts and identifiers
    ("email_address", "write to a.okonkwo@harbourside.gov.uk today", ["a.okonkwo@harbourside.gov.uk"]),
    ("uk_phone", "Tel 01632 960418 ext 4412 or +44 7700 900361", ["01632 960418 ext 4412", "+44 7700 900361"]),
    ("uk_phone", "call +44 (0)20 7946 0317", ["+44 (0)20 7946 0317"]),
    ("uk_phone", "extension 4417", ["4417"]),
    ("uk_postcode", "Harbourside HB3 7QT", ["HB3 7QT"]),
    ("street_address", "lives at 14 Marsh Lane, Harbourside", ["14 Marsh Lane"]),
    ("street_address", "Flat 2, 27 Albion Street", ["Flat 2, 27 Albion Street"]),
    ("uk_nino", "NI number JT 48 21 93 B", ["JT 48 21 93 B"]),
    ("uk_nino", "NINO AB123456C", ["AB123456C"]),
    ("uk_nhs", "NHS number 943 476 5919", ["943 476 5919"]),
    ("staff_id", "staff ID: E104233 and employee no. 004521", ["E104233", "004521"]),
    ("staff_id", "payroll number 88120", ["88120"]),
    ("date_of_birth", "date of birth: 03/07/1961", ["03/07/1961"]),
    ("date_of_birth", "DOB 22 March 1994", ["22 March 1994"]),
    ("bank_account", "sort code 20-45-67, account number 41234567", ["20-45-67", "41234567"]),
    ("bank_account", "IBAN GB82 WEST 1234 5698 7654 32", ["GB82 WEST 1234 5698 7654 32"]),
    ("credit_card", "card 4929 1234 5678 9015", ["4929 1234 5678 9015"]),
    ("credit_card", "Visa 4111111111111111", ["4111111111111111"]),
    ("vehicle_registration", "vehicle registration HX19 KTR", ["HX19 KTR"]),
    # security details
    ("ip_address", "from 10.20.30.40/24:3389 and fe80::1c2b:3a4d", ["10.20.30.40/24:3389", "fe80::1c2b:3a4d"]),
    ("ip_address", "blocked 185.220.101.47.", ["185.220.101.47"]),
    ("mac_address", "MAC 00:1A:2B:3C:4D:5E and 001a.2b3c.4d5e", ["00:1A:2B:3C:4D:5E", "001a.2b3c.4d5e"]),
    ("hostname", "server HBC-FS01 and hbc-sql01.corp.local", ["HBC-FS01", "hbc-sql01.corp.local"]),
    ("hostname", "the VPN at vpn.harbourside.gov.uk and DESKTOP-7H3KQ2P", ["vpn.harbourside.gov.uk", "DESKTOP-7H3KQ2P"]),
    ("internal_url", "see https://intranet.harbourside.gov.uk/hr and http://10.1.2.3:8080/x",
     ["https://intranet.harbourside.gov.uk/hr", "http://10.1.2.3:8080/x"]),
    # an explicit port that urlsplit cannot parse used to crash the whole document; a port is still a port
    ("internal_url", "the service at https://www.example.com:99999/x and https://portal.example.gov.uk:port/page",
     ["https://www.example.com:99999/x", "https://portal.example.gov.uk:port/page"]),
    ("account_name", r"logged in as HBC\jsmith_adm then svc_backup", [r"HBC\jsmith_adm", "svc_backup"]),
    ("account_name", "UPN j.fenwick@hbc.corp.local", ["j.fenwick@hbc.corp.local"]),
    ("account_name", "username: tw_admin", ["tw_admin"]),
    ("file_path", r"\\HBC-FS01\Finance$\Payroll and C:\Users\tom\run.ps1", [r"\\HBC-FS01\Finance$\Payroll", r"C:\Users\tom\run.ps1"]),
    ("file_path", "script /opt/scripts/backup_sync.sh dropped invoice_0423.pdf.exe",
     ["/opt/scripts/backup_sync.sh", "invoice_0423.pdf.exe"]),
    ("credential", "password: Summer2024! and the password was set to Welcome123", ["Summer2024!", "Welcome123"]),
    ("credential", "key AKIAIOSFODNN7EXAMPLE", ["AKIAIOSFODNN7EXAMPLE"]),
    ("credential", "token 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", ["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"]),
    ("credential", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqZiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r",
     ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqZiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r"]),
    ("credential", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
     ["-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"]),
    ("credential", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, client_secret: 0a1b2c3d4e5f6A7B8C9D0e1f2a3b4c5d",
     ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "0a1b2c3d4e5f6A7B8C9D0e1f2a3b4c5d"]),
    ("quoted_credential", "he typed Summer2024! into the prompt; the value read out was 'Tr0ub4dor&3'",
     ["Summer2024!", "Tr0ub4dor&3"]),
    ("vulnerability_id", "The attackers exploited CVE-2024-3400 in the firewall.", ["CVE-2024-3400"]),
    ("incident_reference", "NCSC incident reference: 123456", ["123456"]),
    ("file_hash", "md5 44d88612fea8a8f36de82e79ce9a4ec2", ["44d88612fea8a8f36de82e79ce9a4ec2"]),
    ("file_hash", "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]),
    ("network_id", "moved to VLAN 20 via firewall rule 1042 and FW-IN-0231", ["VLAN 20", "firewall rule 1042", "FW-IN-0231"]),
    ("malware", "LockBit 3.0 deployed Cobalt Strike; attackers used AnyDesk", ["LockBit 3.0", "Cobalt Strike", "AnyDesk"]),
    ("crypto_wallet", "pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
     ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"]),
    # special category
    ("health", "She was diagnosed with type 2 diabetes and takes sertraline 50mg.", ["type 2 diabetes", "sertraline 50mg"]),
    ("health", "You are a wheelchair user.", ["wheelchair user"]),
    ("health", "Mr Nowak is on long-term sick leave with depression.", ["long-term sick leave", "depression"]),
    ("given_name", "offered a named contact, Adaeze Okonkwo, for any questions.", ["Adaeze Okonkwo"]),
    ("given_name", "attended: Siobhán Ní Bhriain, WANG Fang and Jean-Luc Côté", ["Siobhán Ní Bhriain", "WANG Fang", "Jean-Luc Côté"]),
    ("given_name", "My name is Amara and I'm Kwame Mensah.", ["Amara", "Kwame Mensah"]),
    ("given_name", "Amara: I saw it happen.\nTom: yes", ["Amara", "Tom"]),
    ("given_name", "Dr Ayşe Yılmaz met Hans van der Berg", ["Ayşe Yılmaz", "Hans van der Berg"]),
    ("given_name", "| Tom Davies | 01632 960418 |", ["Tom Davies"]),
    ("postcode", "Port Ericborough, AR 88016", ["88016"]),
    ("postcode", "South Nancy, YT Postcode: B2S 3H2 Phone", ["B2S 3H2"]),
    ("postcode", "Michellehof 137\n9999US Leiderdorp", ["9999US"]),
    ("postcode", "80 rue Potier\n47212 Saint Alphonse", ["47212"]),
    ("postcode", "East Melanie, QLD 4559 in error", ["4559"]),
    ("street_address", "Address: 790 Miller Circles Suite 770, South Nancy", ["790 Miller Circles Suite 770"]),
    ("street_address", "the Applicant of Flat 3, Glenn Isle, West", ["Flat 3, Glenn Isle"]),
    ("street_address", "Kelly\n219 rue Noémi Daniel\n03661 Marion", ["219 rue Noémi Daniel"]),
    ("street_address", "Kirk\nHeinz-Peter-Schmiedecke-Ring 38\n06420 Aue", ["Heinz-Peter-Schmiedecke-Ring 38"]),
    ("street_address", "the Resident of 0 Patel Locks, Leighview", ["0 Patel Locks"]),
    ("uk_nino", "My National Insurance number is ey859828a. Your", ["ey859828a"]),
    ("iban", "paid to PL51 8779 1598 7565 2908 2117\n4827, and", ["PL51 8779 1598 7565 2908 2117\n4827"]),
    ("phone_number", "Tel: +1-202-555-0143, mobile (212) 555-0199 x12", ["+1-202-555-0143", "(212) 555-0199 x12"]),
    ("phone_number", "Zurich office +41 (0)44 668 18 00", ["+41 (0)44 668 18 00"]),
    ("phone_number", "Ruf 030 901820; NL 06-12345678", ["030 901820", "06-12345678"]),
    ("phone_number", "dial 0049 30 901820 or +81 3-1234-5678", ["0049 30 901820", "+81 3-1234-5678"]),
    ("phone_number", "phone 2015550123", ["2015550123"]),
    ("phone_number", "+91 98765 43210 and +33 1 23 45 67 89", ["+91 98765 43210", "+33 1 23 45 67 89"]),
    ("iban", "IBAN: GB82 WEST 1234 5698 7654 32", ["GB82 WEST 1234 5698 7654 32"]),
    ("iban", "pay to de89370400440532013000 please", ["de89370400440532013000"]),
    ("iban", "fr14 2004 1010 0505 0001 3m02 606", ["fr14 2004 1010 0505 0001 3m02 606"]),
    ("national_id", "SSN 536-90-1234 on file", ["536-90-1234"]),
    ("national_id", "social security number: 536 90 1234", ["536 90 1234"]),
    ("national_id", "Passport no. 925665416 expires", ["925665416"]),
    ("national_id", "US passport A12345678", ["A12345678"]),
    ("national_id", "driving licence MORGA753116SM9IJ", ["MORGA753116SM9IJ"]),
]

NEGATIVES = [
    ("case_reference", "under section 31(1)(g) and Article 33"),
    ("case_reference", "decision notice FS50812345"),
    ("case_reference", "the ico said"),
    ("case_reference", "IC-30458-B6D4 is too short"),
    ("incident_reference", "section 31(1)(g), Article 33, s.132(1), Regulation 12(5)(a)"),
    ("incident_reference", "certified to ISO 27001 and ISO-27001, scored CVSS 9.8"),
    ("incident_reference", "signed with SHA-256 over TLS 1.2; COVID-19 guidance"),
    ("incident_reference", "on 12/05/2024 at page 3 of 12"),
    ("incident_reference", "request FOI/2024/0456 and tribunal appeal EA/2019/0154"),
    ("incident_reference", "the case 2024 review"),
    ("incident_reference", "CVE-2024-3400 was exploited"),
    ("crime_reference", "the crime was reported on 12 May"),
    ("crime_reference", "section 31(1)(b) applies"),
    ("crime_reference", "CADENCE of work"),
    ("crime_reference", "Action Fraud was told"),
    ("titled_name", "Dear Sir or Madam,"),
    ("titled_name", "Dear Colleagues,"),
    ("titled_name", "we will meet in May and walk up the hill"),
    ("titled_name", "Mr Justice"),
    # an OCR'd table row runs the cells together: a role ending in a title, then a department
    ("titled_name", "Siobhan O'Neill-Baptiste Payroll Officer Payroll record, bank details"),
    ("correspondence_name", "From: Casework Team <casework@ico.org.uk>"),
    ("correspondence_name", "Kind regards,\nInformation Governance Team"),
    ("correspondence_name", "Subject: RE: payroll"),
    ("correspondence_name", "Contact: Data Protection Officer\n"),
    ("initials_name", "the U.K. Government"),
    ("initials_name", "see s. 31 and p. 12"),
    ("email_derived_name", "write to foi@harbourside.gov.uk or it.servicedesk@x.gov.uk about the Servicedesk"),
    ("email_derived_name", "will.rose@x.gov.uk: we will plant a rose"),
    ("email_address", "no address here @ all"),
    ("uk_phone", "reference HBC-DPB-2024-0117 dated 12/05/2024"),
    ("uk_phone", "ISO 27001 and 412 staff"),
    ("uk_phone", "the extension of the deadline"),
    ("uk_postcode", "ISO 27001 and CVSS 9.8"),
    ("uk_postcode", "section 31(1)(a)"),
    ("street_address", "Quayside Road and Water Lane"),
    ("street_address", "paragraph 14 of the Act"),
    ("uk_nino", "QQ 12 34 56 C and GB123456A"),
    ("uk_nino", "DA123456A"),
    ("uk_nhs", "943 476 5918"),
    ("uk_nhs", "01632 960418"),
    ("staff_id", "412 staff were affected in 2024"),
    ("staff_id", "employee numbers rose"),
    ("date_of_birth", "on 12 May 2024 the breach happened"),
    ("date_of_birth", "reported 03/07/2024"),
    ("bank_account", "the code 20-45-67 is a version"),
    ("bank_account", "account of what happened on 12 May"),
    ("bank_account", "GB82 WEST 1234 5698 7654 33"),
    ("credit_card", "4929 1234 5678 9012"),
    ("credit_card", "order 1234 5678 9012 3456"),
    ("vehicle_registration", "product code HX19 KTR in the catalogue"),
    ("vehicle_registration", "we registered 12 vehicles"),
    ("ip_address", "version 1.2.3.4.5 at 10:30:00"),
    ("ip_address", "section 31.1 and 999.1.1.1"),
    ("mac_address", "time 12:30:45 and ratio 1:2"),
    ("mac_address", "ISO 27001"),
    ("hostname", "COVID-19, SHA-256, SEC-1432 and ISO-27001"),
    ("hostname", "the public site www.harbourside.gov.uk"),
    ("hostname", "HBC-DPB-2024-0117"),
    ("internal_url", "see https://ico.org.uk/for-organisations/ and https://www.ncsc.gov.uk/collection/caf"),
    ("internal_url", "www.harbourside.gov.uk"),
    ("account_name", "the account number was changed"),
    ("account_name", "the user was told"),
    ("account_name", "Supplier account manager"),
    ("file_path", "dates 12/05/2024 and and/or the 24/7 service"),
    ("file_path", "a public web page https://ico.org.uk/about"),
    ("credential", "the password policy in section 4.3"),
    ("credential", "Passwords must meet the password policy; the password was reset"),
    ("credential", "pre-shared key which has now been rotated"),
    ("credential", "key=HarbourSideCouncilReport2024Final and the token was lost"),
    ("quoted_credential", 'The attackers used "Mimikatz" and typed COVID-19 into the search box.'),
    ("vulnerability_id", "The breach scored 9.8 on CVSS v3.1 and the vendor's advisory is CVE-2024-3400."),
    ("incident_reference", "Thank you for your request FOI/2024/0456. Our ref: FOI/2024/0456."),
    ("file_hash", "12345678901234567890123456789012"),
    ("file_hash", "abcdefabcdefabcdefabcdefabcdefab"),
    ("network_id", "the rule of law and ISO 27001"),
    ("network_id", "section 31(1)(a)"),
    ("malware", "Royal Mail delivered the letter"),
    ("malware", "the children play in the hive of activity"),
    ("crypto_wallet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),
    ("crypto_wallet", "ISO 27001"),
    ("health", "Our Mental Health Awareness Week and the Disability Discrimination Act."),
    ("health", "The council runs diabetes prevention programmes."),
    ("health", "Stress testing of the backups was completed."),
    ("given_name", "Website Resident Personal Info Contact Details Data Protection Officer"),
    ("given_name", "Hi team, Good Morning. Harbourside Borough Council, Victoria Station, 14 Ferry Lane"),
    ("given_name", "In London the Council met. Microsoft Exchange Online and Windows Server 2019"),
    ("given_name", "Interviewer: go on\nNote: the Requester asked"),
    ("given_name", "The National Cyber Security Centre and Action Fraud"),
    ("given_name", "Will Hope Grace the Page?"),
    ("postcode", "In 2024 there were 12345 requests\n2023 Annual report"),
    ("postcode", "ISO 27001 and 30 staff, case 88016"),
    ("postcode", "Windows 11\n2019 Server"),
    ("postcode", "reference AB12 CD34 and NSW 2000"),
    ("postcode", "on 12 May 2024\n12345 records"),
    ("street_address", "of 3 May 2024, the"),
    ("street_address", "Records of Special Agent Tom Whitfield, FBI investigation."),
    ("street_address", "section 31 of the Freedom of Information Act"),
    ("street_address", "page 3 of Schedule 2, Windows 11 Pro"),
    ("street_address", "Article 33 of the UK GDPR, the"),
    ("street_address", "in 2024 Station staff and 3 Park rangers met"),
    ("uk_nino", "the ni number was requested; ab123456c is a product code"),
    ("phone_number", "on 12.05.2024 at 02:14 from 185.220.101.47 to 10.20.4.17"),
    ("phone_number", "412 staff, ISO 27001, CVSS 9.8, INC0012345, HBC-DPB-2024-0117"),
    ("phone_number", "sort code 20-45-67, account 41234567, order 123456789 shipped"),
    ("phone_number", "cost £1,234.56 for 1 000 000 records"),
    ("phone_number", "ref 2024/00123 and 2023-11-05"),
    ("phone_number", "version 3.8.0 released 2024"),
    ("iban", "GB82 WEST 1234 5698 7654 33 (check digits wrong)"),
    ("iban", "ab12 cdef ghij klmn opqr"),
    ("iban", "the code de12 is short"),
    ("national_id", "invoice 536901234 paid"),
    ("national_id", "SSN 000-12-3456 is never issued, nor 666-12-3456 or 900-12-3456"),
    ("national_id", "passport photo taken on 12/05/2024"),
    ("national_id", "reference SMITH and 12345678"),
    ("national_id", "the call 202-555-0143"),
]


@pytest.mark.parametrize(("name", "text", "expected"), POSITIVES)
def test_positive(name: str, text: str, expected: list[str]) -> None:
    found = find(name, text)
    for item in expected:
        assert item in found, f"{name} missed {item!r} in {text!r} (found {found})"


@pytest.mark.parametrize(("name", "text"), NEGATIVES)
def test_negative(name: str, text: str) -> None:
    assert find(name, text) == []


def test_negatives_at_least_as_many_as_positives() -> None:
    assert len(NEGATIVES) >= len(POSITIVES)


def test_every_recognizer_has_rows() -> None:
    tested = {row[0] for row in POSITIVES} & {row[0] for row in NEGATIVES}
    assert tested >= set(RECOGNIZERS) - {"ner_person"}


@pytest.mark.parametrize("cls", list(RECOGNIZERS.values()))
def test_patterns_and_context_are_class_constants(cls: type) -> None:
    assert isinstance(cls.PATTERNS, list)
    assert isinstance(cls.CONTEXT, list)
