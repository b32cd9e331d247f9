"""Passwords quoted without the word "password" nearby -> CREDENTIAL: "the value read out over the phone
was 'Tr0ub4dor&3'", "reset it to `Welcome1!`", unquoted right after a verb of entering one ("he typed
Summer2024! into the prompt"), and unquoted after "was", "is" or a colon in a sentence about entering or
logging in ("the new one was Sunday2023!, which I read out to them").

Quoted words are everywhere (subjects, product names, headings), so a candidate must look like a password
and the sentence must be about telling, sharing or using one:
- shape: 8-64 characters without spaces, with a letter and at least three of lower case, upper case,
  digits and symbols, or a digit between lower-case letters ("p4ssw0rd"). Joiners (- _ . ') between
  plain words and numbers do not count as symbols ("Invoice-2024-05", "svc_backup2", "Windows-11"), and
  dates, versions, file names, e-mail and web addresses, and all-capital references (COVID-19,
  HBC-FS01) are never taken.
- sentence: a value with a symbol or a leetspeak digit needs any word of telling or using ("shared",
  "told", "used"); a plain word-and-number value ("Summer2024") needs a word of entering or a login
  ("typed", "read out", "reset ... to", "log in", "passphrase", "over the phone").
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer, sentence_bounds

# Verbs after which an unquoted value is what was entered ("typed X", "reset it to X").
_ENTRY_VERB = (
    r"\b(?i:typed(?:[ ]in)?|entered|keyed[ ]in|read[ ](?:it[ ])?(?:out|back)(?:[ ]as)?|spel(?:t|led)[ ]out"
    r"|(?:re)?set[ ](?:(?:it|them|this|the|his|her|their|a|its|my|our)[ ])?(?:\w+[ ])?to|changed[ ](?:(?:it|them"
    r"|this|the|his|her|their|its|my|our)[ ])?(?:\w+[ ])?to)"
)
_STRONG_CUE = regex.compile(
    r"\b(?:read[ ](?:it[ ])?(?:out|back)|spel(?:t|led)|typed|typing|entered|entering|keyed|(?:re)?set[ ]\w+[ ]to"
    r"|(?:re)?set[ ]to|changed[ ](?:\w+[ ])?to|pass(?:word|phrase|code|wd)s?|credentials?|log(?:ged|ging)?[ -]?(?:in|on)"
    r"|sign(?:ed|ing)?[ -]?(?:in|on)|login|logon|prompt(?:ed)?|over[ ]the[ ](?:phone|telephone)|unlock\w*|PIN"
    r"|authenticat\w*|MFA|2FA|one-time[ ]code|reset[ ]it|new[ ]one)\b".replace("[ ]", r"\s+"),  # lines break anywhere
    regex.IGNORECASE,
)
_WEAK_CUE = regex.compile(
    r"\b(?:(?:re)?us(?:e|ed|es|ing)|shar(?:e|ed|es|ing)|disclos(?:e|ed|ing)|told|tell|gave|give|given|sent|send"
    r"|text(?:ed)?|e-?mail(?:ed)?|post(?:ed)?|wr(?:ote|itten|ite)|cho(?:se|sen)|account|secret|key|token|value"
    r"|string|phrase|code|combination)\b",
    regex.IGNORECASE,
)

_JOINERS = "-_.'"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_NOT_A_PASSWORD = regex.compile(
    r"^(?:"
    r"[A-Z0-9]+(?:[/_.:-][A-Z0-9]+)+"  # all-capital references and codes: COVID-19, HBC-FS01, FOI/2024/01
    r"|.*\d{1,2}[-/. ]?" + _MONTH + r"[-/. ]?\d{2,4}.*"  # dates: 12-May-2024
    r"|(?i:v)?\d+(?:\.\d+)+.*|.*[A-Za-z][- ]?v?\d+\.\d+(?:\.\d+)*"  # versions: 2.3.1-beta, Python-3.11
    r"|.*\.(?i:pdf|docx?|xlsx?|csv|txt|exe|dll|zip|rar|7z|msi|ps1|bat|js|html?|png|jpe?g|eml|msg|pptx?|log|iso)"
    r"|.*://.*|[^@]+@[\w-]+\.[\w.-]+|[@#].*|.*\\.*|/.*"  # URLs, e-mail addresses, handles, paths
    r"|[\w-]+(?:\.[\w-]+)*\.(?i:[a-z]{2,6})"  # domain names: mail.example.com
    r"|\d{1,2}:\d{2}.*"  # times
    r"|(?i:office|microsoft|windows|win|server|sql|exchange|outlook|teams|azure|iphone|ipad|galaxy|pixel|python"
    r"|java|oracle|sharepoint|onedrive|dynamics|android|ios|macos|ubuntu|debian|fedora|adobe|acrobat|ms|m)\d+\w*"
    r")$"
)


def password_shape(value: str) -> str | None:
    """'strong' (a symbol or a leetspeak digit: Welcome1!, p4ssw0rd), 'plain' (letters and digits in
    three classes: Summer2024) or None (not a password: a word, a reference, a date, a file name)."""
    if not 8 <= len(value) <= 64 or _NOT_A_PASSWORD.match(value):
        return None
    letters = [c for c in value if c.isalpha()]
    if not letters:
        return None
    has_digit = any(c.isdigit() for c in value)
    symbols = [c for c in value if not c.isalnum() and c not in _JOINERS]
    if not symbols and not has_digit:
        return None
    if not symbols:
        # Words and numbers joined by - _ . ' are identifiers and subjects, not passwords.
        segments = regex.split(r"[-_.']", value)
        if all(s.isalpha() or s.isdigit() or not s for s in segments) and len(segments) > 1:
            return None
    if not has_digit and all(c.isalnum() or c in _JOINERS for c in value.strip("!?.,;:()[]")):
        return None  # a word in punctuation: "Welcome!", "(Important)"
    classes = sum([any(c.islower() for c in letters), any(c.isupper() for c in letters), has_digit, bool(symbols)])
    leet = bool(regex.search(r"[a-z]\d+[a-z]", value))
    if (symbols and classes >= 3) or (leet and classes >= 2):
        return "strong"
    if classes >= 3:
        return "plain"
    return None


class QuotedCredentialRecognizer(RegexRecognizer):
    ENTITY = "CREDENTIAL"
    PATTERNS: ClassVar[list[Pattern]] = [
        # \K drops the opening quote from the match, so the scan starts at a quote character rather than
        # at a lookbehind tried at every position.
        Pattern("quoted value", r"[\"'`]\K[^\s\"'`]{8,64}(?=[\"'`])", 0.6),
        # Skipped on pages without such a verb; the verb lookbehind runs only where 8 non-space
        # characters start.
        GatedPattern(
            "value after a verb of entering",
            rf"(?<=[ \n])(?=[^\s\"'`]{{8}})(?<={_ENTRY_VERB}[ \n])[^\s\"'`]{{7,63}}[^\s\"'`.,;:)]",  # also at a line start
            0.6,
            gate=_ENTRY_VERB,
        ),
        # "the new one was Sunday2023!, which I read out", "a Teams message: July2021*.": unquoted after
        # "was", "is" or a colon, only in a sentence with a word of entering or a login (see analyze()).
        # \K starts the match after the word, so the scan is for the word, not a lookbehind everywhere.
        Pattern(
            "value after was, is or a colon",
            r"(?:\b(?i:was|is|were|be)|:)\s\K(?=[^\s\"'`]{8})[^\s\"'`]{7,63}[^\s\"'`.,;:)]",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["password", "typed", "read out", "shared", "login"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for r in results:
            shape = password_shape(text[r.start:r.end])
            if shape is None:
                continue
            pattern = r.analysis_explanation.pattern_name if r.analysis_explanation else ""
            if pattern == "value after a verb of entering":
                kept.append(r)
                continue
            left, right = sentence_bounds(text, r.start - 1, r.end + 1)  # outside the quotes
            sentence = text[left:r.start - 1] + " " + text[r.end + 1:right]
            if _STRONG_CUE.search(sentence) or (
                    shape == "strong" and pattern == "quoted value" and _WEAK_CUE.search(sentence)):
                kept.append(r)
        return kept
