"""File hashes: MD5 (32), SHA-1 (40) and SHA-256 (64) hex digests. A run of hex with no digit or no
letter is not taken (it is a number or a word)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer


class FileHashRecognizer(RegexRecognizer):
    ENTITY = "FILE_HASH"
    PATTERNS: ClassVar[list[Pattern]] = [
        # Not inside a longer word: \b, as hex digits are word characters, is the same test as (?<!\w) and
        # (?!\w), and a pattern that starts with a character class is scanned much faster than one that
        # starts with a lookbehind.
        Pattern("SHA-256", r"\b[0-9a-fA-F]{64}\b", 0.8),
        Pattern("SHA-1", r"\b[0-9a-fA-F]{40}\b", 0.7),
        Pattern("MD5", r"\b[0-9a-fA-F]{32}\b", 0.7),
    ]
    CONTEXT: ClassVar[list[str]] = ["hash", "md5", "sha1", "sha256", "sha-256", "checksum", "ioc", "indicator"]

    def validate_result(self, pattern_text: str) -> bool:
        return any(c.isdigit() for c in pattern_text) and any(c.isalpha() for c in pattern_text)
