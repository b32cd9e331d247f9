"""URLs that point inside the organisation: at an IP address, a single-label or internal-zone host, an
infrastructure host (vpn., owa., intranet.) or an admin path. Public web pages (https://ico.org.uk/...,
the organisation's homepage) are left alone."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

import regex
from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer

_INTERNAL_HOST = regex.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]|[^.]+|.*\.(?:local|internal|lan|corp|intranet|localdomain|priv)"
    r"|(?:vpn\d*|remote|owa|mail\d*|citrix|intranet|sharepoint|sso|adfs|sts|jira|confluence|wiki|gitlab|git"
    r"|vcenter|esxi\d*|admin|portal-int|test|dev|uat|staging|int|internal|backup\d*|nas\d*|fs\d*|siem"
    r"|splunk|kibana|grafana|sftp|ftp)[.-].*)$",
    regex.IGNORECASE,
)
_ADMIN_PATH = regex.compile(r"/(?:admin|wp-admin|administrator|manage|phpmyadmin|owa|ecp|api/internal|\.git|cgi-bin)\b",
                            regex.IGNORECASE)


class InternalUrlRecognizer(RegexRecognizer):
    ENTITY = "INTERNAL_URL"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("URL", r"\b(?i:https?|ftp|sftp|smb|rdp|ldaps?|ssh)://[^\s<>\"')\]]+(?<![.,;:])", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["url", "link", "portal", "internal", "intranet", "site"]

    def validate_result(self, pattern_text: str) -> bool:
        try:
            parts = urlsplit(pattern_text)
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        try:
            has_port = parts.port is not None
        except ValueError:  # "host:port" or out of range (urlsplit checks lazily): a port was written all the same
            has_port = True
        return bool(host) and (bool(_INTERNAL_HOST.match(host)) or bool(_ADMIN_PATH.search(parts.path))
                               or parts.scheme.lower() in {"smb", "rdp", "ldap", "ldaps", "ssh"} or has_port)
