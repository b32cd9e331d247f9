"""Network configuration identifiers: VLAN numbers, firewall rule and ACL numbers, and named rules
(FW-IN-0231, ACL-DMZ-12). They map an attacker's path through the network.

Also cloud and mail-system GUIDs: a Microsoft 365 / Entra tenant ID, a message-trace, correlation or
request ID, an object, client (application) or subscription ID. They identify the organisation's tenant
and let anyone with access to the logs follow the attack, so they are taken as network identifiers
(s31(1)(a) in the UK profiles, like the rest of this file). A GUID is taken when the line it is on, or
the line before (a label above a value, a table header), says what it is ("tenant", "trace",
"correlation", "request", "message", "object id", ...), when its line is a log line (starting with a
timestamp, or key=value / JSON pairs), or when it is a line of its own (a table cell). A GUID in the
middle of ordinary prose with no such word is left.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer

_GUID_CUE = regex.compile(
    r"(?<![A-Za-z])(?i:tenant|trace|correlation|request|message|object|client|subscription|application|app[ _-]?id"
    r"|directory|session|activity|operation|device|user[ _-]?id|instance|resource|workspace|event|transaction"
    r"|job|run[ _-]?id|policy|guid|uuid|identifier|ids?\b|x-ms-|ms-)",
)
_LOG_LINE = regex.compile(
    r"^\s*(?:\[?\d{4}-\d{2}-\d{2}[T ]|\[?\d{1,2}/\d{1,2}/\d{2,4}[ ,T]|\[?\d{2}:\d{2}:\d{2}"
    r"|[A-Z][a-z]{2}[ ]+\d{1,2}[ ]\d{2}:\d{2})|\w+=\S|\"\w+\"[ ]?:",
    regex.MULTILINE,
)


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
        Pattern("GUID", r"\b[0-9a-fA-F]{8}-\n?[0-9a-fA-F]{4}-\n?[0-9a-fA-F]{4}-\n?[0-9a-fA-F]{4}-\n?[0-9a-fA-F]{12}\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["vlan", "firewall", "rule", "acl", "segment", "network"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if r.analysis_explanation is None
                or r.analysis_explanation.pattern_name != "GUID" or _guid_in_context(text, r.start, r.end)]


def _guid_in_context(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start:start].strip(" \t{([\"'") and not text[end:line_end].strip(" \t})]\"',;."):
        return True  # a line, or a table cell, of its own
    previous = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    before = text[previous:start]  # the line before, and this line up to the GUID
    return bool(_GUID_CUE.search(before) or _LOG_LINE.search(text, line_start, line_end)
                or _GUID_CUE.search(text, end, min(line_end, end + 40)))
