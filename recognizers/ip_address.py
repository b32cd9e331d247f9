"""IPv4 and IPv6 addresses with optional CIDR suffix and port, validated with the ipaddress module (so
times such as 10:30:00 and version strings with a fifth part are rejected)."""

from __future__ import annotations

import ipaddress
from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"


class IpAddressRecognizer(RegexRecognizer):
    ENTITY = "IP_ADDRESS"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("IPv4", rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?:/(?:3[0-2]|[12]?\d))?(?::\d{{1,5}})?(?![\d.]\d|\.\d)", 0.6),
        Pattern(
            "IPv6",
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,6}[0-9A-Fa-f]{0,4}(?:/\d{1,3})?(?![\w:])",
            0.5,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["ip", "address", "ipv4", "ipv6", "host", "server", "subnet", "source", "connection"]

    def validate_result(self, pattern_text: str) -> bool:
        addr = regex.sub(r"(?<=\d):\d+$", "", pattern_text) if "." in pattern_text else pattern_text
        if ":" in addr and addr.count(":") < 2:
            return False
        try:
            ipaddress.ip_network(addr, strict=False)
        except ValueError:
            return False
        return True
