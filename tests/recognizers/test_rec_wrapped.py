"""Values a narrow column breaks over two lines (at a space, or after a hyphen, as PDF layout engines do)
are still found whole; and what the line break separates (two numbers in two table rows) is not joined.
Also the number shapes the wrap work touched: Maestro's 12-digit cards, JCB's 15-digit 1800 cards, the
DVLA licence printed in groups, phone numbers of other countries grouped like UK ones."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from presidio_analyzer import PatternRecognizer

from recognizers import RECOGNIZERS
from recognizers._base import REGEX_FLAGS

THRESHOLD = yaml.safe_load((Path(__file__).resolve().parents[2] / "configs" / "recognizers.yaml")
                           .read_text(encoding="utf-8"))["score_threshold"]


def find(name: str, text: str) -> list[str]:
    recognizer = RECOGNIZERS[name]()
    kwargs = {"regex_flags": REGEX_FLAGS} if isinstance(recognizer, PatternRecognizer) else {}
    results = recognizer.analyze(text=text, entities=recognizer.supported_entities, nlp_artifacts=None, **kwargs)
    return [text[r.start:r.end] for r in sorted(results, key=lambda r: (r.start, r.end)) if r.score >= THRESHOLD]


POSITIVES = [
    ("uk_nino", "National Insurance number: YX\n05 39 64 C", ["YX\n05 39 64 C"]),
    ("uk_nino", "NI number:\nqq123456c", []),  # QQ is never allocated: still refused when wrapped
    ("uk_nino", "NI number: ab 12\n34 56 c", ["ab 12\n34 56 c"]),
    ("uk_nhs", "NHS number: 943-\n476-5919", ["943-\n476-5919"]),
    ("national_id", "Social Security number: 548 33\n7663", ["548 33\n7663"]),
    ("national_id", "SSN 208-01-\n4067 on file", ["208-01-\n4067"]),
    ("national_id", "Passport number:\n123456789", ["123456789"]),
    ("national_id", "Driving licence number: MORGA\n753116 SM9IJ", ["MORGA\n753116 SM9IJ"]),
    ("national_id", "Driving licence number: HUG99 402239 E99NF", ["HUG99 402239 E99NF"]),
    ("credit_card", "Card number: 4539 1488\n0343 6467", ["4539 1488\n0343 6467"]),
    ("credit_card", "card 6011-7963-\n5800-6333 was used", ["6011-7963-\n5800-6333"]),
    ("credit_card", "taken from her card 566565700390 without", ["566565700390"]),
    ("credit_card", "Maestro debit card 5018 5652\n1379", ["5018 5652\n1379"]),
    ("credit_card", "JCB 180027562870423", ["180027562870423"]),
    ("date_of_birth", "Date of birth: 03-\n01-1962", ["03-\n01-1962"]),
    ("date_of_birth", "my date of birth is June 28,\n1995.", ["June 28,\n1995"]),
    ("date_of_birth", "born on 4\nMarch 1990", ["4\nMarch 1990"]),
    ("mac_address", "MAC address F0-\nB0-26-5F-DE-B9", ["F0-\nB0-26-5F-DE-B9"]),
    ("network_id", "Tenant ID: 47af6a44-82cd-4e6c-\nb52c-f5658bf9d816", ["47af6a44-82cd-4e6c-\nb52c-f5658bf9d816"]),
    ("phone_number", "call me on +63 2 3233\n8542 today", ["+63 2 3233\n8542"]),
    ("phone_number", "Phone: 0802-\n127-7623", ["0802-\n127-7623"]),
    ("phone_number", "Phone (11)\n96121-9833", ["(11)\n96121-9833"]),
    ("phone_number", "Tel 0121 238 1191 x\n7217", ["0121 238 1191 x\n7217"]),
    ("phone_number", "Tel 07400 122808\next 8006", ["07400 122808\next 8006"]),
    # grouped like a UK number, allocated elsewhere (Ireland, South Africa, Australia)
    ("phone_number", "Mobile 085 019 8710", ["085 019 8710"]),
    ("phone_number", "Phone 0412 397 172", ["0412 397 172"]),
    ("phone_number", "Phone 01-23-44-40-82", ["01-23-44-40-82"]),
    ("street_address", "the documents had been sent to 144\nMisty Rapids in error", ["144\nMisty Rapids"]),
    ("street_address", "sent to Studio\n06, Kevin Skyway in error", ["Studio\n06, Kevin Skyway"]),
    ("street_address", "Level 0 1\nLopez Parkway", ["Level 0 1\nLopez Parkway"]),
    # broken after a hyphen
    ("vulnerability_id", "attackers exploited CVE-2021-\n10989 to get in", ["CVE-2021-\n10989"]),
    ("hostname", "The form gave the host SPI-ADFS-\n15 for the record.", ["SPI-ADFS-\n15"]),
    ("hostname", "logs from WKS-\n10293 were pulled", ["WKS-\n10293"]),
    ("case_reference", "ICO case reference IC-841425-\n0YM4 was opened", ["IC-841425-\n0YM4"]),
    ("incident_reference", "NCSC reference NCSC-\n2021-34016 today", ["NCSC-\n2021-34016"]),
    ("address_block", "sent to Greta-\nSchmidtke-Platz 9-8, 24376 Marienberg in error",
     ["Greta-\nSchmidtke-Platz 9-8", "24376"]),
    ("address_block", "Address: Bohlanderweg 50-\n49, Osterburg", ["Bohlanderweg 50-\n49"]),
]

NEGATIVES = [
    # two numbers in two rows of a table stay two (each found on its own, not glued)
    ("phone_number", "Tel 020 7946 0123\n4571 staff"),
    ("credit_card", "Order 1234 5678\n9012 3456 shipped"),          # fails Luhn
    ("credit_card", "reference 566565700390 closed"),                 # 12 digits with no card word
    ("credit_card", "Invoice 5018 5652 1379"),
    ("date_of_birth", "Meeting on 03-\n01-2024 about the breach"),    # a date with no birth word
    ("date_of_birth", "Reviewed 4\nMarch 2024"),
    ("uk_nino", "Version AB\n12 34 56 E"),                             # suffix E is never issued
    ("uk_nhs", "Order 123-\n456-7890"),                                 # fails mod 11
    ("national_id", "Invoice 123 45\n6789"),                            # no SSN word
    ("national_id", "Product code MORGA\n753116"),
    ("mac_address", "Build 12-\n34-56"),
    ("network_id", "Build 47af6a44-82cd-\n4e6c shipped"),
    ("phone_number", "Section 40(2)\n2024 report"),
    ("phone_number", "Dated 01-23-44"),
    ("street_address", "Total 12\nHigh Street branch closed"),  # a count ending its line, then a heading
    ("street_address", "Page 2\nStation Road"),
    ("vulnerability_id", "the CVE-\nlist was reviewed"),
    ("incident_reference", "a follow-\nup meeting in 2024-\n25"),
    ("hostname", "a well-\nknown issue with Wi-\nFi"),
]


@pytest.mark.parametrize(("name", "text", "expected"), POSITIVES)
def test_positive(name: str, text: str, expected: list[str]) -> None:
    assert find(name, text) == expected


@pytest.mark.parametrize(("name", "text"), NEGATIVES)
def test_negative(name: str, text: str) -> None:
    found = find(name, text)
    if name == "phone_number" and "\n4571" in text:
        assert found == ["020 7946 0123"]
    else:
        assert found == []
