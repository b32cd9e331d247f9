"""Secrets: passwords and PINs after a label ("password: Summer2024!", "the password was X"), cloud and
SaaS keys with a known shape (AWS AKIA..., GitHub ghp_..., Slack xox?-..., Google AIza..., Stripe
sk_live_...), JSON Web Tokens, bearer tokens, PEM private key blocks, and long high-entropy strings
after "key", "token" or "secret"."""

from __future__ import annotations

import math
from collections import Counter
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_VALUE = r"[^\s\"'`]*[^\s\"'`.,;:)]"
_LABEL = (
    r"\b(?i:password|passwd|pwd|passcode|passphrase|pin|pass|secret|shared[ ]key|psk|pre-shared[ ]key"
    r"|api\skey|apikey|access\skey|secret\skey|token|client[ ]secret)\b"
)
_KEY_WORD = r"\b(?i:key|token|secret|credential|signature|sas)\b"


def shannon_entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


class CredentialRecognizer(RegexRecognizer):
    ENTITY = "CREDENTIAL"
    PATTERNS: ClassVar[list[Pattern]] = [
        # The label lookbehind is the costly part, so it runs only where a value can start: after a space,
        # ":", "=" or a quote (what the lookbehind ends with), at a character the value may begin with.
        GatedPattern(
            "value after a password label",
            r"(?<=[\s:=\"'`])(?=[^\s\"'`])"
            rf"(?<={_LABEL}"
            r"(?:[ ]?[:=]\s?|[ ](?i:was|is)[ ]|(?:[ ](?i:was|is|has|had))?(?:[ ](?i:been))?[ ](?i:set|changed|reset)[ ](?i:to)[ ])[\"'`]?)"
            rf"(?![Tt]he\b|[Aa]\b|[Ii]s\b|[Ww]as\b|[Rr]eset\b|[Cc]hanged\b|[Pp]olicy\b|[Ff]or\b|[Aa]nd\b|[Tt]o\b|[Kk]ey\b|[Ww]hich\b|[Ss]et\b|[Hh]as\b|[Mm]ust\b|[Pp]olicy\b){_VALUE}",
            0.5,
            gate=_LABEL,
        ),
        Pattern("AWS access key", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b", 0.9),
        Pattern("GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b", 0.9),
        Pattern("Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,72}\b", 0.9),
        Pattern("Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b", 0.9),
        Pattern("Stripe key", r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,99}\b", 0.9),
        Pattern("JWT", r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}", 0.9),
        GatedPattern("bearer token", r"(?<=\b(?i:bearer)[ ])[A-Za-z0-9._~+/-]{16,}=*", 0.8, gate=r"\b(?i:bearer)"),
        Pattern(
            "PEM private key",
            r"-----BEGIN[ ](?:RSA[ ]|EC[ ]|DSA[ ]|OPENSSH[ ]|ENCRYPTED[ ])?PRIVATE[ ]KEY-----.*?"
            r"-----END[ ](?:RSA[ ]|EC[ ]|DSA[ ]|OPENSSH[ ]|ENCRYPTED[ ])?PRIVATE[ ]KEY-----",
            0.95,
        ),
        # Only the start of a 24+ character run can match, so test that before the keyword lookbehind.
        GatedPattern(
            "high-entropy string after key/token/secret",
            rf"(?<![\w+/=-])(?=[A-Za-z0-9+/_=-]{{24}})(?<={_KEY_WORD}\s?[^\n]{{0,20}}?)[A-Za-z0-9+/_=-]{{24,}}",
            0.4,
            gate=_KEY_WORD,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["password", "credential", "key", "token", "secret", "pin", "login"]

    def validate_result(self, pattern_text: str) -> bool | None:
        if len(pattern_text) >= 24 and not pattern_text.startswith("-----"):
            # a long run must look random (and not be a hex hash, which FileHashRecognizer labels)
            if all(c in "0123456789abcdefABCDEF" for c in pattern_text):
                return False
            return shannon_entropy(pattern_text) >= 3.5 or None
        return None
