"""The entity types profiles may map to exemptions (the recognizers' vocabulary).

Kept here, light, so that loading a profile does not import the recognizers (and Presidio with them);
recognizers/__init__.py takes it from here.
"""

from __future__ import annotations

ENTITY_TYPES: frozenset[str] = frozenset(
    {
        "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "UK_POSTCODE", "STREET_ADDRESS", "UK_NINO", "UK_NHS",
        "STAFF_ID", "DATE_OF_BIRTH", "BANK_ACCOUNT", "CREDIT_CARD", "VEHICLE_REGISTRATION", "HEALTH",
        "CASE_REFERENCE", "INCIDENT_REFERENCE", "CRIME_REFERENCE", "IP_ADDRESS", "MAC_ADDRESS",
        "HOSTNAME", "INTERNAL_URL", "ACCOUNT_NAME", "FILE_PATH", "CREDENTIAL", "FILE_HASH",
        "CRYPTO_WALLET", "NETWORK_ID", "DENY_LIST", "MALWARE", "NATIONAL_ID", "POSTCODE", "VULNERABILITY_ID",
    }
)
