"""Secrets: passwords and PINs after a label ("password: Summer2024!", "the password was X"), cloud and
SaaS keys with a known shape (AWS AKIA..., GitHub ghp_..., Slack xox?-..., Google AIza..., Stripe
sk_live_..., Azure AD client secrets ...8Q~..., GitLab glpat-...), AWS secret access keys (40 base64
characters on a line that says AWS), JSON Web Tokens, bearer tokens, PEM private keys (the header alone
too), values assigned to a key/secret/token label ("client_secret: ...", "key=..."), and long random
strings after "key", "token" or "secret". Passwords quoted with no label are quoted_credential.py's.

Why not the detect-secrets package: its plugins are these same shapes, written for source code; it scans
line by line and reports the secret's value, not where it is, and its keyword and entropy plugins take
any quoted high-entropy string in code, which in prose is noise. The shapes here are tested in
tests/recognizers/test_rec_security.py, and a value after a generic label must look random
(`looks_random`), so "Key: Table 3" and "token: expired" are not taken.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer

_VALUE = r"[^\s\"'`]*[^\s\"'`.,;:)]"
_LABEL = (
    r"\b(?i:password|passwd|pwd|passcode|passphrase|pin|pass|secret|shared[ ]key|psk|pre-shared[ ]key"
    r"|api\skey|apikey|access\skey|secret\skey|token|client[ ]secret)\b"
)
# "key", "token" or "secret" as a word or a part of an identifier (aws_secret_access_key, api-key,
# accessToken): not inside a longer word ("keynote", "tokenise", "secretary").
_KEY_WORD = r"(?<![A-Za-z])(?i:key|token|secret|credential|signature|sas)(?![a-z])"
# A label that a value is assigned to: "client_secret: ...", "key=...", "AccountKey=...", "x-api-key: ...".
_ASSIGN_LABEL = r"(?i:key|secret|token|sig|signature|credentials?|auth)s?[\"']?[ ]?[:=][ ]?[\"']?"
_HASH_WORD = regex.compile(r"(?i:md5|sha-?\d*|hash|checksum|digest|fingerprint|thumbprint)")
_HEX = regex.compile(r"[0-9a-fA-F]+")
# A base64 character; "/" may end a PDF line, which the extracted text keeps as "/\n".
_B64 = r"(?:[A-Za-z0-9+]|/\n?)"
_WAS_IS = regex.compile(r"[ ](?i:was|is)[ ]$")
_JOINER = regex.compile(r"[-_.]")
_WORD_RUN = regex.compile(r"[A-Z]?[a-z]{3,}")
# Patterns whose value is only a credential when it looks random (see looks_random).
_RANDOM_ONLY = frozenset({"value after key/secret/token label", "high-entropy string after key/token/secret",
                          "AWS secret access key"})


def shannon_entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _char_class(c: str) -> int:
    return 0 if c.islower() else 1 if c.isupper() else 2 if c.isdigit() else 3


def looks_random(value: str) -> bool:
    """A generated key or token rather than words. Hex (a digit and a letter) always is. Otherwise:
    not words and numbers joined by - _ . ("Key_Plan_2024"), under 60% of its letters in word-like runs
    ("HarbourSideReport2024"), the character class changing between at least 30% of neighbouring
    characters (1% of random 32-character base64 strings fall under 0.42; CamelCase names reach 0.31),
    and an entropy of at least 3 bits a character. Base64 padding at the end is ignored."""
    body = value.replace("\n", "").rstrip("=")
    if len(body) < 16 or not any(c.isdigit() for c in body) or not any(c.isalpha() for c in body):
        return False
    if _HEX.fullmatch(body):
        return shannon_entropy(body) >= 2.5  # random hex of 16+ characters: about 3.4 and up
    segments = _JOINER.split(body)
    if len(segments) > 1 and all(s.isalpha() or s.isdigit() or not s for s in segments):
        return False
    letters = sum(c.isalpha() for c in body)
    if sum(len(m) for m in _WORD_RUN.findall(body)) >= 0.6 * letters:
        return False
    packed = _JOINER.sub("", body)
    changes = sum(_char_class(a) != _char_class(b) for a, b in zip(packed, packed[1:], strict=False))
    return changes / (len(packed) - 1) >= 0.3 and shannon_entropy(packed) >= 3.0


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
            rf"(?![Tt]he\b|[Aa]\b|[Ii]s\b|[Ww]as\b|[Rr]eset\b|[Cc]hanged\b|[Pp]olicy\b|[Ff]or\b|[Aa]nd\b|[Tt]o\b|[Kk]ey\b|[Ww]hich\b|[Ss]et\b|[Hh]as\b|[Mm]ust\b|[Pp]olicy\b"
            r"|[Ee]xpired\b|[Rr]evoked\b|[Rr]otated\b|[Rr]edacted\b|[Rr]emoved\b|[Nn]one\b|[Uu]nknown\b|[Ii]nvalid\b)"
            rf"{_VALUE}",
            0.5,
            gate=_LABEL,
        ),
        Pattern("AWS access key", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b", 0.9),
        # 40 base64 characters on a line that mentions AWS (the shape detect-secrets looks for too), or
        # shortly after an access key ID ("an access key AKIA... and its pair ..."). A PDF line may break
        # the value after a "/", which the extracted text keeps as "/\n".
        GatedPattern(
            "AWS secret access key",
            rf"(?<![A-Za-z0-9/+=])(?={_B64}{{40}}(?![A-Za-z0-9/+=]))"
            r"(?<=(?:(?i:aws)[^\n]{0,60}?|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b.{0,60}?))"
            rf"{_B64}{{40}}",
            0.8,
            gate=r"(?i:aws|akia|asia)",  # a cheap superset of the two lookbehinds' keys
        ),
        Pattern("GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b", 0.9),
        Pattern("GitLab token", r"\bgl(?:pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_-]{20,64}\b", 0.9),
        Pattern("Slack token", r"\bxox[abposr]-(?:[A-Za-z0-9]|-\n?){10,72}(?<=[A-Za-z0-9])\b", 0.9),
        Pattern("Slack webhook", r"\bhttps://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,}", 0.9),
        Pattern("Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b", 0.9),
        Pattern("Stripe key", r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,99}\b", 0.9),
        Pattern("SendGrid key", r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b", 0.9),
        # Azure AD (Entra ID) client secrets: three characters, a digit, "Q~", then 31-34 more
        Pattern("Azure client secret", r"(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~-])", 0.85),
        Pattern("JWT", r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}", 0.9),
        GatedPattern("bearer token", r"(?<=\b(?i:bearer)[ ])[A-Za-z0-9._~+/-]{16,}=*", 0.8, gate=r"\b(?i:bearer)"),
        # The whole block when it is there; the header (and any body lines after it) when the block is cut
        # off by a page break or quoted only in part.
        Pattern(
            "PEM private key",
            r"-----BEGIN[ ](?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP)[ ])?PRIVATE[ ]KEY(?:[ ]BLOCK)?-----"
            r"(?:.*?-----END[ ](?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP)[ ])?PRIVATE[ ]KEY(?:[ ]BLOCK)?-----"
            r"|(?:\n[A-Za-z0-9+/=:, -]{16,})*)",
            0.95,
        ),
        Pattern("PuTTY private key", r"\bPuTTY-User-Key-File-\d:[^\n]*", 0.9),
        # "client_secret: ...", "key=...": the start of a 16+ character value is tested before the label.
        GatedPattern(
            "value after key/secret/token label",
            rf"(?=(?:[A-Za-z0-9+_~.=-]|/\n?){{16}})(?<={_ASSIGN_LABEL})(?:[A-Za-z0-9+_~.%=-]|/\n?){{15,255}}[A-Za-z0-9=]",
            0.6,
            # tried only at ":" and "=", far rarer than the letters the label starts with
            gate=r"[:=](?<=(?i:key|secret|token|sig|signature|credential|auth)s?[\"']?[ ]?[:=])",
        ),
        # Only the start of a 24+ character run can match, so test that before the keyword lookbehind.
        GatedPattern(
            "high-entropy string after key/token/secret",
            rf"(?<![\w+/=-])(?=(?:[A-Za-z0-9+_=-]|/\n?){{24}})(?<={_KEY_WORD}\s?[^\n]{{0,20}}?)(?:[A-Za-z0-9+_=-]|/\n?){{24,}}",
            0.5,
            gate=_KEY_WORD,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["password", "credential", "key", "token", "secret", "pin", "login"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if self._keep(text, r)]

    @staticmethod
    def _keep(text: str, r: RecognizerResult) -> bool:
        name = r.analysis_explanation.pattern_name if r.analysis_explanation else ""
        value = text[r.start:r.end].replace("\n", "")
        if name == "value after a password label":
            # "the token was lost", "the password is weak": a lower-case word after "was"/"is" is prose
            return not (_WAS_IS.search(text, max(0, r.start - 5), r.start) and value.isalpha() and value.islower())
        if name not in _RANDOM_ONLY:
            return True
        if not looks_random(value):
            return False
        # a hex digest after "SHA-256", "hash" or "checksum" is a file hash (FileHashRecognizer's)
        return not (_HEX.fullmatch(value) and _HASH_WORD.search(text, max(0, r.start - 40), r.start))
