"""MAC addresses: six hex pairs with colons or hyphens (00:1A:2B:3C:4D:5E), or Cisco's dotted form
(001a.2b3c.4d5e)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer


class HardwareAddressRecognizer(RegexRecognizer):
    ENTITY = "MAC_ADDRESS"
    PATTERNS: ClassVar[list[Pattern]] = [
        # also wrapped over a line end after a separator ("B4-38-99-" / "D3-BE-E9")
        Pattern("MAC, colon or hyphen", r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])\n?(?:[0-9A-Fa-f]{2}\1\n?){4}[0-9A-Fa-f]{2}(?![\w:-])", 0.8),
        Pattern("MAC, Cisco dotted", r"(?<![\w.])[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}(?![\w.])", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["mac", "hardware", "device", "adapter", "ethernet"]
