"""Internal host names: FQDNs under internal zones (corp.local, .internal, .lan), infrastructure hosts
under any domain (vpn., owa., citrix., dc01.), and machine names like HBC-FS01, SRV-DC02 or
DESKTOP-7H3KQ2P (a role code with digits after the hyphen: COVID-19, SHA-256 and SEC-1432 do not fit),
site-role-number names (AB-XY-01, LON-DC-02, SRV-SQL-04), a host role code and a number (WKS-10293,
SRV04, DC01) or a site code and a role code run together (HBCDC06, NQCAPP14), and the same in lower case
as logs write them (hbc-fs01, lon-dc-02, ciwsql19).

Once an FQDN is found, its first label is found alone on the same page too ("fs01.corp.harbourside.local"
... "fs01 was rebooted"), when it has a digit: a label without one ("payroll", "mail", "hbc") is too
often an ordinary word or the organisation's own abbreviation. Pages are analysed one at a time, so a
label whose FQDN is on another page is not found (that would need propagation across the document, as
redactor.decide does for names).

A public homepage such as www.example.gov.uk is not matched; others can be kept with an allow-list.
Not matched: standards and codes (ISO-27001, NIST-SP-800, COVID-19, SHA-256, UTF-8, Windows-11, A-Z),
a role code with a year (SQL-2019, EX2016), references (HBC-DPB-2024-0117, SEC-1432, INC0012345).
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer, phrase_alternation, repeat_spans

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_INFRA = (
    r"(?:vpn|vpn\d|remote|owa|mail\d*|smtp\d*|exchange|citrix|rds|rdweb|rdp|intranet|sharepoint|sso|adfs|"
    r"sts|portal-int|dc\d*|ad\d*|sql\d*|db\d*|backup\d*|bkp\d*|jump\d*|bastion|gw\d*|fw\d*|proxy\d*|ftp|"
    r"sftp|git|gitlab|jira|confluence|wiki|vcenter|esxi\d*|hyperv\d*|nas\d*|fs\d*|files?\d*|print\d*|"
    r"siem|splunk|elk|kibana|grafana|nagios|zabbix|wsus|sccm|mdm|test|dev|uat|staging|int|internal|admin)"
)

# Role codes that name a host on their own with a number (WKS-10293, SRV04, DC01). Short codes that are
# as often something else (APP, WEB, LOG, SW for software, POS, TS) are left to the forms with a site code.
_ROLES = (
    "WKS WS WST PC LT LAP LPT NB DT DSK DESK SRV SVR SERVER DC ADDC ADFS FS SQL DB EXCH MAIL PRN PRT NAS ESX "
    "ESXI HV VM VDI RDS RDSH CTX RTR HOST NODE BK BKP JUMP JMP PROXY VPN DNS DHCP WSUS SCCM SIEM KIOSK"
).split()
# After a site code run together with it (HBCDC06, NQCAPP14, UWPADFS24) the short codes are safe too.
# ("WS" and "TS" are left out: NEWS24, ARTS12.)
_JOINED_ROLES = [r for r in _ROLES if r not in ("WS", "WST")] + ["APP", "EX", "WEB", "SW", "MX", "FW"]
# Where a role code and its number end: tried at the first digit (digits are rarer than letters, so this
# is where the scan is cheap), and the match is widened to the role code in analyze().
_ROLE_BEFORE = regex.compile(
    rf"(?<![\w/-])(?:(?i:[a-z]{{2,4}}(?:{phrase_alternation(_JOINED_ROLES)}))|(?i:{phrase_alternation(_ROLES)}))(?:-\n?)?$")
_NOT_HOST_END = r"(?!(?:x64|x86|v\d+|amd64|i386|i686|arm64|aarch64|h26[45]|mp[34]|sha\d+|md5|ipv[46]|utf8|e2e|b2b|p2p)\b)"
# First segments that are standards, algorithms and reference keys, not site or role codes.
_NOT_SITES = frozenset(
    "ISO BS EN IEC NIST PCI CVE CWE CVSS SHA MD AES RSA TLS SSL DES COVID SARS MERS UTF HTTP HTTPS IPV IEEE "
    "GDPR RFC FOI EIR SAR KB MS SP CIS SOC OWASP NCSC CSIRT CERT INC CHG RITM PRB REQ GHSA ICO NHS HMRC DVLA "
    "UK EU US NFRC FW FWR ACL NAT POL RULE".split()
)
_DISEASES = frozenset({"COVID", "SARS", "MERS"})
_YEAR_ONLY = regex.compile(r"^[A-Za-z-]+?-?(?:19|20)\d{2}$")
# The first label of an FQDN that can stand alone for the host: letters and a digit (fs01, hbc-sql01).
_BARE_LABEL = regex.compile(r"(?=[^.]*\d)(?=[^.]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{1,62}")
_FQDN_PATTERNS = frozenset({"internal FQDN", "infrastructure host"})
_ZONES = r"(?i:local|internal|lan|corp|intranet|ad|localdomain|priv|home\.arpa)"


class HostnameRecognizer(RegexRecognizer):
    ENTITY = "HOSTNAME"
    # The two domain-name patterns start by testing that a dot ends the first word (a possessive run of
    # label characters, which both need before their first "."), so the long alternations are tried
    # only at words followed by a dot rather than at every word.
    PATTERNS: ClassVar[list[Pattern]] = [
        # Skipped on pages without an internal zone / an infrastructure label before a dot. The gates are
        # tried only at dots ("\." first), which is cheaper than the patterns' scan of every word.
        GatedPattern(
            "internal FQDN",
            rf"(?<![\w@.-])(?=[A-Za-z0-9-]++\.)(?:{_LABEL}\.)+{_ZONES}\b(?![.-]\w)",
            0.7,
            gate=rf"\.{_ZONES}\b",
        ),
        GatedPattern(
            "infrastructure host",
            rf"(?<![\w@./-])(?=(?i:[a-z\d-])++\.)(?i:{_INFRA})(?:-{_LABEL})?\.(?:{_LABEL}\.)*[a-z]{{2,}}\b(?![.-]\w|@)",
            0.6,
            gate=rf"\.(?<=(?i:{_INFRA})(?:-{_LABEL})?\.)",
        ),
        Pattern(
            "machine name",
            r"(?<![\w/-])[A-Z]{2,6}(?:-\n?[A-Z]{2,6})?-\n?[A-Z]{1,6}\d{1,4}[A-Z]?\b(?!-)",
            0.55,
        ),
        Pattern(
            "machine name in lower case",
            rf"(?<![\w/.-])[a-z]{{2,6}}(?:-[a-z]{{2,6}})?-{_NOT_HOST_END}[a-z]{{1,6}}\d{{1,4}}[a-z]?\b(?![-.]\w)",
            0.5,
        ),
        # AB-XY-01, LON-DC-02, SRV-SQL-04, ab-xy-01 (a table cell may wrap after a hyphen: "CQO-\nFS-13"):
        # one case throughout (SARS-CoV-2 does not fit; checked in
        # invalidate_result, as one case-insensitive branch scans far faster than an upper and a lower one)
        Pattern(
            "site-role-number name",
            r"(?<![\w/-])(?i:[a-z]{2,6}-\n?[a-z]{2,6}-\n?\d{2,4}[a-z]?)\b(?![-/.]\w)",
            0.55,
        ),
        # WKS-10293, SRV04, DC01, sql01, and a site code run into the role (HBCDC06, NQCAPP14): matched from
        # the first digit, widened to the role code in analyze()
        Pattern(
            "role code and number",
            rf"\d(?<=[A-Za-z](?:-\n?)?\d)(?<=(?<![\w/-])(?:(?i:{phrase_alternation(_ROLES)})(?:-\n?)?|(?i:[a-z]{{2,4}}"
            rf"(?:{phrase_alternation(_JOINED_ROLES)}))(?:-\n?)?)\d)\d{{1,5}}[A-Za-z]?\b(?![-/.]\w)",
            0.55,
        ),
        Pattern("Windows default name", r"\b(?:DESKTOP|LAPTOP|WIN|PC)-[A-Z0-9]{5,8}\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["server", "host", "hostname", "machine", "workstation", "laptop",
                                     "domain controller", "system", "device"]

    def invalidate_result(self, pattern_text: str) -> bool:
        if "." in pattern_text:
            return False
        segments = pattern_text.upper().replace("\n", "").split("-")
        return segments[0] in _NOT_SITES or bool(_DISEASES.intersection(segments)) or not _one_case(pattern_text)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            if r.analysis_explanation and r.analysis_explanation.pattern_name == "role code and number":
                role = _ROLE_BEFORE.search(text, max(0, r.start - 8), r.start)
                if role is None:
                    continue
                r.start = role.start()
                name = text[r.start:r.end]
                if not _one_case(name) or _YEAR_ONLY.match(name):
                    continue
            results.append(r)
        return self._bare_labels(text, results)

    @staticmethod
    def _bare_labels(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """Each FQDN's first label (with a digit) found alone elsewhere on the page."""
        labels = {}
        for r in results:
            if r.analysis_explanation and r.analysis_explanation.pattern_name in _FQDN_PATTERNS:
                label = _BARE_LABEL.match(text, r.start, r.end)
                if label and text.startswith(".", label.end()):
                    labels.setdefault(label.group(), r)
        if not labels:
            return results
        seen = {(r.start, r.end) for r in results}
        for label, r in labels.items():
            for variant in {label, label.lower(), label.upper()}:
                for span in repeat_spans(text, variant):
                    if span not in seen:
                        seen.add(span)
                        results.append(RecognizerResult(r.entity_type, span[0], span[1], 0.6,
                                                        r.analysis_explanation, r.recognition_metadata))
        return results


def _one_case(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return all(c.isupper() for c in letters) or all(c.islower() for c in letters)
