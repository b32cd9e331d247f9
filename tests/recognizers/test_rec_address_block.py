"""address_block: postal addresses of many countries found from their shape (a street before a town part
with a postcode), not from street words. Positives in each country's published order; negatives are
dates, citations, counts, product names and references that sit where an address could."""

from __future__ import annotations

import pytest

from recognizers.address_block import AddressBlockRecognizer


def found(text: str) -> list[tuple[str, str]]:
    r = AddressBlockRecognizer()
    return [(x.entity_type, text[x.start:x.end])
            for x in sorted(r.analyze(text, r.supported_entities), key=lambda x: (x.start, x.end))]


S, P = "STREET_ADDRESS", "POSTCODE"

POSITIVES = [
    # Ireland: street, town, Eircode (spaced or not)
    ("Ms Ann Lee\n88 McMahon Street\nConstance Ville\nH31 34YC\n", [(S, "88 McMahon Street"), (P, "H31 34YC")]),
    ("Ms Ann Lee\n4 Main Street\nKilkenny\nR95X2F7\n", [(S, "4 Main Street"), (P, "R95X2F7")]),
    ("I live at 12 O'Connell Street, Ennis, V95 T2XR. Call me", [(S, "12 O'Connell Street"), (P, "V95 T2XR")]),
    # code before the town: France, Germany, Netherlands, Spain, Italy, Sweden, Portugal, Poland
    ("sent to 99 rue Mercier, 32287 Sainte Colette in error", [(S, "99 rue Mercier"), (P, "32287")]),
    ("Mme Roux\nboulevard Louis Ferrand\n92725 Lejeune\n", [(S, "boulevard Louis Ferrand"), (P, "92725")]),
    ("Hermannstraße 5\n10115 Berlin", [(S, "Hermannstraße 5"), (P, "10115")]),
    ("Anna-Seghers-Ring 27-93, 54148 Moers", [(S, "Anna-Seghers-Ring 27-93"), (P, "54148")]),
    ("Keizersgracht 123\n1015 CJ Amsterdam", [(S, "Keizersgracht 123"), (P, "1015 CJ")]),
    ("Lexsingel 47, 8632SY 't Haantje", [(S, "Lexsingel 47"), (P, "8632SY")]),
    ("Cuesta de Daniela Cases 72 Piso 5, 11505 Álava", [(S, "Cuesta de Daniela Cases 72 Piso 5"), (P, "11505")]),
    ("Via Roma 12, 00184 Roma", [(S, "Via Roma 12"), (P, "00184")]),
    ("Storgatan 12\n111 51 Stockholm", [(S, "Storgatan 12"), (P, "111 51")]),
    ("Rua Augusta 100, 1100-053 Lisboa", [(S, "Rua Augusta 100"), (P, "1100-053")]),
    ("ul. Marszałkowska 10, 00-590 Warszawa", [(S, "ul. Marszałkowska 10"), (P, "00-590")]),
    # state and code after the town: US (every USPS code), Australia, Canada
    ("sent to 6641 Deleon Via Apt. 376, Lake Richardbury, SC 70359.", [(S, "6641 Deleon Via Apt. 376"), (P, "70359")]),
    ("06064 Adams Route Apt. 048\nLopezmouth, MH 79569", [(S, "06064 Adams Route Apt. 048"), (P, "79569")]),
    ("write to 586 April Branch, East Timothy, ID 20808", [(S, "586 April Branch"), (P, "20808")]),
    ("648 Kathy Round\nGlennberg, NSW 2619", [(S, "648 Kathy Round"), (P, "2619")]),
    ("85834 Yu Rue Suite 171, West Williammouth, AB T5J 9H9", [(S, "85834 Yu Rue Suite 171"), (P, "T5J 9H9")]),
    # UK: the street before the town (uk_postcode reports the postcode)
    ("lives at Flat 7, Heather Pine, Benjaminmouth, BA7 0JZ now", [(S, "Flat 7, Heather Pine")]),
    # a one-line address wrapped by a narrow column
    ("the documents had been sent to 144\nMisty Rapids, Jenniferhaven, NB E7S6C3 in error",
     [(S, "144\nMisty Rapids"), (P, "E7S6C3")]),
    ("sent to avenue\nGeneviève Arnaud, 79487 Sainte\nMarine in error", [(S, "avenue\nGeneviève Arnaud"), (P, "79487")]),
    # a labelled address with no postcode after it
    ("Address: boulevard Louis Ferrand, Lejeune\nPostcode: 92725", [(S, "boulevard Louis Ferrand")]),
    ("Address: Niekpad 8, Rijkevoort-De Walsert", [(S, "Niekpad 8")]),
    ("Address: Studio 5, Wayne Vista, Smithborough", [(S, "Studio 5, Wayne Vista")]),
]

NEGATIVES = [
    "On 12 March, 2024 Council Tax bills were sent.",
    "Under section 3, 2019 Regulations apply.",
    "Windows Server 2019, 2022 Datacenter was patched.",
    "The meeting on Monday 4, 1200 Staff attended.",
    "Minutes\nItem 4 Budget\n2024 Annual Review\n",
    "Affected service Microsoft 365\n2023 Incident Log\n",
    "We received 1,234 complaints, 5000 Residents replied.",
    "Version 2, 1000 Users\n",
    "Citrix NetScaler ADC 13.1, CVE-2023-3519 Exploited\n",
    "Opened 20 February 2025\n2025 Event timeline\n",
    "Room 4, Level 2\n1200 Visitors\n",
    "Ref 12 Data Breach, 2024 Annual Report",
    "Council Offices, Main Hall, Town Centre",
    "INC0012345, EIR/2022/326 closed",
    "Host AB-XY-01, T1000XX\n",
    "IP address: 192.168.10.4, 8080 Proxy",
    "Email address: jo@example.org, 2024 Survey",
    "Address: n/a",
    "Table 3\n2024 Budget Lines",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_positive(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_negative(text: str) -> None:
    assert found(text) == []


def test_negatives_at_least_as_many_as_positives_minus_layouts() -> None:
    assert len(NEGATIVES) >= 15
