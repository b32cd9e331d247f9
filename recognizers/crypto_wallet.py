"""Cryptocurrency wallet addresses from ransom notes: Bitcoin legacy/P2SH (Base58Check-verified),
Bitcoin bech32 (bc1...), Ethereum (0x + 40 hex) and Monero (4/8 + 94 Base58 characters)."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check_ok(address: str) -> bool:
    num = 0
    for c in address:
        if c not in _B58:
            return False
        num = num * 58 + _B58.index(c)
    raw = num.to_bytes(25, "big") if num.bit_length() <= 200 else b""
    if len(raw) != 25:
        return False
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


class CryptoWalletRecognizer(RegexRecognizer):
    ENTITY = "CRYPTO_WALLET"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("Bitcoin Base58", r"\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b", 0.5),
        Pattern("Bitcoin bech32", r"\b(?:bc1|tb1)[02-9ac-hj-np-z]{11,71}\b", 0.8),
        Pattern("Ethereum", r"\b0x[0-9a-fA-F]{40}\b", 0.7),
        Pattern("Monero", r"\b[48][1-9A-HJ-NP-Za-km-z]{94}\b", 0.7),
    ]
    CONTEXT: ClassVar[list[str]] = ["wallet", "bitcoin", "btc", "ransom", "payment", "address", "crypto"]

    def validate_result(self, pattern_text: str) -> bool | None:
        if pattern_text[0] in "13":
            return base58check_ok(pattern_text)
        return None
