"""Internal host names: FQDNs under internal zones (corp.local, .internal, .lan), infrastructure hosts
under any domain (vpn., owa., citrix., dc01.), and machine names like HBC-FS01, SRV-DC02 or
DESKTOP-7H3KQ2P (a role code with digits after the hyphen: COVID-19, SHA-256 and SEC-1432 do not fit).
A public homepage such as www.example.gov.uk is not matched; others can be kept with an allow-list."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_INFRA = (
    r"(?:vpn|vpn\d|remote|owa|mail\d*|smtp\d*|exchange|citrix|rds|rdweb|rdp|intranet|sharepoint|sso|adfs|"
    r"sts|portal-int|dc\d*|ad\d*|sql\d*|db\d*|backup\d*|bkp\d*|jump\d*|bastion|gw\d*|fw\d*|proxy\d*|ftp|"
    r"sftp|git|gitlab|jira|confluence|wiki|vcenter|esxi\d*|hyperv\d*|nas\d*|fs\d*|files?\d*|print\d*|"
    r"siem|splunk|elk|kibana|grafana|nagios|zabbix|wsus|sccm|mdm|test|dev|uat|staging|int|internal|admin)"
)


class HostnameRecognizer(RegexRecognizer):
    ENTITY = "HOSTNAME"
    # The two domain-name patterns start by testing that a dot ends the first word (a possessive run of
    # label characters, which both need before their first "."), so the long alternations are tried
    # only at words followed by a dot rather than at every word.
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "internal FQDN",
            rf"(?<![\w@.-])(?=[A-Za-z0-9-]++\.)(?:{_LABEL}\.)+(?i:local|internal|lan|corp|intranet|ad|localdomain|priv|home\.arpa)\b(?![.-]\w)",
            0.7,
        ),
        Pattern(
            "infrastructure host",
            rf"(?<![\w@./-])(?=(?i:[a-z\d-])++\.)(?i:{_INFRA})(?:-{_LABEL})?\.(?:{_LABEL}\.)*[a-z]{{2,}}\b(?![.-]\w|@)",
            0.6,
        ),
        Pattern(
            "machine name",
            r"(?<![\w/-])[A-Z]{2,6}(?:-[A-Z]{2,6})?-[A-Z]{1,6}\d{1,4}[A-Z]?\b(?!-)",
            0.55,
        ),
        Pattern("Windows default name", r"\b(?:DESKTOP|LAPTOP|WIN|PC)-[A-Z0-9]{5,8}\b", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["server", "host", "hostname", "machine", "workstation", "laptop",
                                     "domain controller", "system", "device"]
