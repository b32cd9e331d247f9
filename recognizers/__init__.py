"""Custom Presidio recognizers for breach notifications and correspondence, one per module.

`ENTITY_TYPES` is the vocabulary profiles may map to exemptions (defined in redactor.config.entities, which
loads without Presidio); `build_recognizers` returns the enabled recognizer instances for a settings
object (configs/recognizers.yaml).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from recognizers.account_name import AccountNameRecognizer
from recognizers.address_block import AddressBlockRecognizer
from recognizers.bank_account import BankAccountRecognizer
from recognizers.case_reference import CaseReferenceRecognizer
from recognizers.correspondence_name import CorrespondenceNameRecognizer
from recognizers.credential import CredentialRecognizer
from recognizers.credit_card import PaymentCardRecognizer
from recognizers.crime_reference import CrimeReferenceRecognizer
from recognizers.crypto_wallet import CryptoWalletRecognizer
from recognizers.date_of_birth import DateOfBirthRecognizer
from recognizers.email_address import OfflineEmailRecognizer
from recognizers.email_derived_name import EmailDerivedNameRecognizer
from recognizers.file_hash import FileHashRecognizer
from recognizers.file_path import FilePathRecognizer
from recognizers.given_name import GivenNameRecognizer
from recognizers.health import HealthRecognizer
from recognizers.hostname import HostnameRecognizer
from recognizers.iban import AnyCaseIbanRecognizer
from recognizers.incident_reference import IncidentReferenceRecognizer
from recognizers.initials_name import InitialsNameRecognizer
from recognizers.internal_url import InternalUrlRecognizer
from recognizers.ip_address import IpAddressRecognizer
from recognizers.mac_address import HardwareAddressRecognizer
from recognizers.malware import MalwareRecognizer
from recognizers.national_id import NationalIdRecognizer
from recognizers.ner_person import NerPersonRecognizer
from recognizers.network_id import NetworkIdRecognizer
from recognizers.phone_number import PhoneNumberRecognizer
from recognizers.postcode import InternationalPostcodeRecognizer
from recognizers.quoted_credential import QuotedCredentialRecognizer
from recognizers.staff_id import StaffIdRecognizer
from recognizers.street_address import StreetAddressRecognizer
from recognizers.titled_name import TitledNameRecognizer
from recognizers.uk_nhs import UkNhsRecognizer
from recognizers.uk_nino import NationalInsuranceRecognizer
from recognizers.uk_phone import UkPhoneRecognizer
from recognizers.uk_postcode import PostcodeRecognizer
from recognizers.vehicle_registration import VehicleRegistrationRecognizer
from recognizers.vulnerability_id import VulnerabilityIdRecognizer
from redactor.config.entities import ENTITY_TYPES as ENTITY_TYPES

# name in configs/recognizers.yaml -> class. The spaCy PERSON recognizer is added by redactor.detect.
RECOGNIZERS: dict[str, type[EntityRecognizer]] = {
    # references
    "case_reference": CaseReferenceRecognizer,
    "incident_reference": IncidentReferenceRecognizer,
    "crime_reference": CrimeReferenceRecognizer,
    # names ("ner_person" is spaCy's PERSON, split at line breaks and cleaned; see ner_person.py)
    "ner_person": NerPersonRecognizer,
    "titled_name": TitledNameRecognizer,
    "correspondence_name": CorrespondenceNameRecognizer,
    "initials_name": InitialsNameRecognizer,
    "email_derived_name": EmailDerivedNameRecognizer,
    "given_name": GivenNameRecognizer,
    # contacts and identifiers
    "email_address": OfflineEmailRecognizer,
    "uk_phone": UkPhoneRecognizer,
    "phone_number": PhoneNumberRecognizer,
    "uk_postcode": PostcodeRecognizer,
    "postcode": InternationalPostcodeRecognizer,
    "street_address": StreetAddressRecognizer,
    "address_block": AddressBlockRecognizer,
    "uk_nino": NationalInsuranceRecognizer,
    "uk_nhs": UkNhsRecognizer,
    "national_id": NationalIdRecognizer,
    "staff_id": StaffIdRecognizer,
    "date_of_birth": DateOfBirthRecognizer,
    "bank_account": BankAccountRecognizer,
    "iban": AnyCaseIbanRecognizer,
    "credit_card": PaymentCardRecognizer,
    "vehicle_registration": VehicleRegistrationRecognizer,
    # security details
    "ip_address": IpAddressRecognizer,
    "mac_address": HardwareAddressRecognizer,
    "hostname": HostnameRecognizer,
    "internal_url": InternalUrlRecognizer,
    "account_name": AccountNameRecognizer,
    "file_path": FilePathRecognizer,
    "credential": CredentialRecognizer,
    "quoted_credential": QuotedCredentialRecognizer,
    "file_hash": FileHashRecognizer,
    "network_id": NetworkIdRecognizer,
    "malware": MalwareRecognizer,
    "vulnerability_id": VulnerabilityIdRecognizer,
    "crypto_wallet": CryptoWalletRecognizer,
    # special category
    "health": HealthRecognizer,
}


def build_recognizers(enabled: dict[str, bool] | None = None) -> list[EntityRecognizer]:
    """Instances of every recognizer not disabled in `enabled` (name -> on/off)."""
    enabled = enabled or {}
    return [cls() for name, cls in RECOGNIZERS.items() if enabled.get(name, True)]
