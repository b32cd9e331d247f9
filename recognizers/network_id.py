"""Network configuration identifiers: VLAN numbers, firewall rule and ACL numbers, and named rules
(FW-IN-0231, ACL-DMZ-12). They map an attacker's path through the network."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer


class NetworkIdRecognizer(RegexRecognizer):
    ENTITY = "NETWORK_ID"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("VLAN", r"\b(?i:vlan)[ ]?(?i:id[ ]?)?#?\d{1,4}\b", 0.7),
        Pattern(
            "numbered firewall rule or ACL",
            r"\b(?i:(?:firewall|fw|nat|acl|access[ -]list)[ ](?:rule|policy|entry)?|rule)[ ]?(?i:id|no\.?|number)?[ ]?#?\d{1,6}\b",
            0.6,
        ),
        Pattern("named rule", r"\b(?:FW|FWR|ACL|NAT|POL|RULE)(?:-[A-Z0-9]{1,8}){1,3}\b(?<=\d)", 0.65),
        # skipped on pages without "ssid", the lookbehind's word
        GatedPattern("Wi-Fi SSID in context", r"(?<=\b(?i:ssid)[ ]?:?[ ]?[\"']?)[A-Za-z0-9_-]{3,32}\b", 0.6,
                     gate=r"\b(?i:ssid)"),
    ]
    CONTEXT: ClassVar[list[str]] = ["vlan", "firewall", "rule", "acl", "segment", "network"]
