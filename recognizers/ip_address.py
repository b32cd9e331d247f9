"""IPv4 and IPv6 addresses with optional CIDR suffix and port, validated with the ipaddress module."""

from __future__ import annotations

import ipaddress
import re

from presidio_analyzer import Pattern, PatternRecognizer

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"


class IpAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("IPv4", rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?:/(?:3[0-2]|[12]?\d))?(?::\d{{1,5}})?(?![\d.]\d)", 0.6),
        Pattern(
            "IPv6",
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?:/\d{1,3})?(?![\w:])",
            0.5,
        ),
    ]
    CONTEXT = ["ip", "address", "ipv4", "ipv6", "host", "server", "subnet", "source", "connection"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="IP_ADDRESS",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name="IpAddressRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool:
        addr = re.sub(r"(?<=\d):\d+$", "", pattern_text)  # IPv4 port
        try:
            ipaddress.ip_network(addr, strict=False)
        except ValueError:
            return False
        return True
