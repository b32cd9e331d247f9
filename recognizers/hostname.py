"""Internal host names: FQDNs under internal zones (corp.local, .internal, .lan) and machine names
like HBC-FS01 or SRV-DC02 (letters, a hyphen, a role code with digits)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class HostnameRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "internal FQDN",
            r"\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:local|internal|lan|corp|intranet|ad|localdomain)\b",
            0.7,
        ),
        Pattern("machine name", r"\b[A-Z]{2,6}-(?:[A-Z]{1,6}\d{1,4}|\d{2,4}[A-Z]{0,3})\b", 0.4),
    ]
    CONTEXT = ["server", "host", "hostname", "machine", "workstation", "laptop", "domain controller", "system"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="HOSTNAME",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="HostnameRecognizer",
        )
