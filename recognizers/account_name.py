"""Account names: DOMAIN\\user logons, user principal names in internal zones (j.smith@corp.local),
service and admin accounts (svc_backup, adm-jsmith), and any value after "username:" / "account:" /
"logged in as"."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer

_LABEL = (
    r"\b(?i:user[ ]?name|user[ ]?id|login(?:[ ]name)?|logon(?:[ ]name)?|account(?:[ ]name)?|uid"
    r"|samaccountname|logged[ ]in[ ]as|signed[ ]in[ ]as|the[ ]account)\b"
)


class AccountNameRecognizer(RegexRecognizer):
    ENTITY = "ACCOUNT_NAME"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(r"DOMAIN\user", r"(?<![\w\\-])[A-Z][A-Z0-9_-]{1,14}\\[A-Za-z0-9._$-]{2,30}\b\$?", 0.75),
        Pattern(
            "UPN in an internal zone",
            r"(?<![\w.+-])[A-Za-z0-9._-]+@(?:[A-Za-z0-9-]+\.)+(?i:local|internal|lan|corp|ad|localdomain)\b",
            0.75,
        ),
        Pattern("service/admin account", r"(?<![\w.\\-])(?i:svc|srv|adm|admin|sa|sql|bkp)[_.-][A-Za-z0-9_.-]{2,30}(?<![.])\b(?!@|\.\w)", 0.55),
        # sshd, PAM and similar logs: "Accepted password for j.smith from", "Failed password for invalid user
        # admin from", "session opened for user j.smith"
        GatedPattern(
            "user name in an authentication log line",
            r"(?<=\b(?:(?:Accepted|Failed)[ ](?:password|publickey|keyboard-interactive(?:/pam)?)[ ]for(?:[ ]invalid[ ]user)?"
            r"|session[ ](?:opened|closed)[ ]for[ ]user|Invalid[ ]user)[ ])[A-Za-z0-9._$-]{2,40}(?<![.])(?=[ ]|$)",
            0.7,
            gate=r"\b(?:(?:Accepted|Failed)[ ](?:password|publickey|keyboard)|session[ ](?:opened|closed)|Invalid[ ]user)",
        ),
        # Skipped on pages without a label (the gate is the lookbehind's label, verbatim). Filters tried in
        # front of the lookbehind (a value character ahead, a separator behind) cost as much as they saved.
        GatedPattern(
            "value after a username label",
            rf"(?<={_LABEL}[ ]?[:=]?[ ]?[\"']?)"
            r"(?!(?i:number|name|names|was|is|were|of|the|and|for|details|holder|holders|had|has|used|with|to|on|in|manager|managers|team|owner|access|credentials|lockout|lockouts|type|status|password|passwords|that|this|which|belonging|disabled|enabled|locked|compromised|reset|suspended|because|was|used)\b)"
            r"(?=[A-Za-z0-9._\\$@-]*[a-z0-9_$\\.])(?![A-Z][a-z]+\b)[A-Za-z0-9._\\$@-]{3,40}(?<![.,])",
            0.6,
            gate=_LABEL,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["account", "user", "username", "login", "logon", "compromised", "credentials"]
