"""An organisation's own breach, incident, ticket and complaint references -> INCIDENT_REFERENCE.

Shapes seen in breach notifications: HBC-DPB-2024-0117, CSIRT-2024-031, NCSC-2024-00123 (prefix + year +
serial), SR/2024/00871 (slashed), INC0012345 and RITM0012345 (ServiceNow), SEC-1432 (Jira key + number,
only with a word like "ticket" before it: ISO-9001 and SHA-256 have the same shape), and anything after
"our ref:" / "incident reference". Legislation ("section 31(1)(g)", "Article 33"), dates, ISO standards,
CVSS scores and CVE identifiers never match.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer

_CONTEXT_WORDS = (
    r"(?i:our|your|my|incident|ticket|case|complaint|breach|ncsc|reference|ref|request|issue|jira"
    r"|servicenow|problem|change|report|log|logged|raised|call|job|cert|csirt)"
)
# Standards, algorithms and other KEY-number shapes that are not references.
_NOT_KEYS = frozenset(
    "FOI EIR SAR EA GIA FER FS ISO BS EN IEC CVE CWE CVSS SHA MD AES RSA TLS SSL DES ECC COVID PCI UTF HTTP HTTPS WPA IPV IEEE NIST "
    "ISO/IEC GDPR DPA FOI EIR SOC OWASP CAPEC MITRE ATT CIS TCP UDP SMB RDP KB MS".split()
)
_DATE_LIKE = regex.compile(r"^\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?$|^\d{1,4}$")


class IncidentReferenceRecognizer(RegexRecognizer):
    REPEAT_MATCHES = True
    ENTITY = "INCIDENT_REFERENCE"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("prefix-year-serial", r"\b[A-Z]{2,8}(?:-[A-Z]{2,8}){0,2}-(?:19|20)\d{2}-[A-Z]?\d{2,7}\b", 0.7),
        Pattern("slashed reference", r"(?<![\w/])[A-Z]{2,5}/(?:19|20)?\d{2}/\d{3,7}(?:/[A-Z0-9]{1,4})?\b", 0.6),
        Pattern("ServiceNow record", r"\b(?:INC|RITM|REQ|CHG|PRB|TASK|SCTASK|SIR|SIRT|CS)\d{6,10}\b", 0.8),
        # The context words are common, so instead of a gate these two test where a reference can start
        # (a key's shape; a capital or digit with both a digit and a letter or separator in the run ahead)
        # before the context-word lookbehind.
        Pattern(
            "Jira-style key after a context word",
            rf"\b(?=[A-Z][A-Z0-9]{{1,9}}-\d)(?<=\b{_CONTEXT_WORDS}\b[^\n.;]{{0,25}}?)\b[A-Z][A-Z0-9]{{1,9}}-\d{{1,6}}\b(?!\.\d|-)",
            0.6,
        ),
        Pattern(
            "any reference after 'our ref:' and the like",
            r"(?=[A-Z0-9])(?=[A-Z0-9/-]*[0-9])(?=[A-Z0-9/-]*[A-Z/-])"
            rf"(?<=\b{_CONTEXT_WORDS}(?:\s(?i:ref(?:erence)?|no\.?|number|id))?\.?[ ]?[:#]?\s?)"
            r"[A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9]\b",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["incident", "ticket", "reference", "ref", "case", "breach", "complaint", "logged"]

    def invalidate_result(self, pattern_text: str) -> bool:
        key = pattern_text.split("-")[0].split("/")[0]
        return key in _NOT_KEYS or bool(_DATE_LIKE.match(pattern_text))
