"""Custom Presidio recognizers for breach notifications and correspondence, one per module.

`ENTITY_TYPES` is the vocabulary profiles may map to exemptions; `build_recognizers` returns the
enabled recognizer instances for a settings object (configs/recognizers.yaml).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from recognizers.case_reference import CaseReferenceRecognizer
from recognizers.email_address import OfflineEmailRecognizer
from recognizers.hostname import HostnameRecognizer
from recognizers.ip_address import IpAddressRecognizer
from recognizers.titled_name import TitledNameRecognizer
from recognizers.uk_phone import UkPhoneRecognizer
from recognizers.uk_postcode import UkPostcodeRecognizer

ENTITY_TYPES: frozenset[str] = frozenset(
    {
        "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "UK_POSTCODE", "STREET_ADDRESS", "UK_NINO", "UK_NHS",
        "STAFF_ID", "DATE_OF_BIRTH", "BANK_ACCOUNT", "CREDIT_CARD", "VEHICLE_REGISTRATION", "HEALTH",
        "CASE_REFERENCE", "INCIDENT_REFERENCE", "CRIME_REFERENCE", "IP_ADDRESS", "MAC_ADDRESS",
        "HOSTNAME", "INTERNAL_URL", "ACCOUNT_NAME", "FILE_PATH", "CREDENTIAL", "FILE_HASH",
        "CRYPTO_WALLET", "NETWORK_ID", "DENY_LIST",
    }
)

# name in configs/recognizers.yaml -> class. The spaCy PERSON recognizer is added by redactor.detect.
RECOGNIZERS: dict[str, type[EntityRecognizer]] = {
    "case_reference": CaseReferenceRecognizer,
    "email_address": OfflineEmailRecognizer,
    "hostname": HostnameRecognizer,
    "ip_address": IpAddressRecognizer,
    "titled_name": TitledNameRecognizer,
    "uk_phone": UkPhoneRecognizer,
    "uk_postcode": UkPostcodeRecognizer,
}


def build_recognizers(enabled: dict[str, bool] | None = None) -> list[EntityRecognizer]:
    """Instances of every recognizer not disabled in `enabled` (name -> on/off)."""
    enabled = enabled or {}
    return [cls() for name, cls in RECOGNIZERS.items() if enabled.get(name, True)]
