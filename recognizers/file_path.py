"""File system locations and suspicious file names: UNC paths (\\\\HBC-FS01\\Finance$), Windows paths
(C:\\Users\\...), Unix paths under system directories (/etc/shadow, /home/jsmith/...), and executable or
script names (invoice_0423.pdf.exe, run.ps1) that an attacker dropped."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer


class FilePathRecognizer(RegexRecognizer):
    ENTITY = "FILE_PATH"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("UNC path", r"(?<![\w\\])\\\\[A-Za-z0-9._-]+(?:\\[^\s\\<>\"|,;]+)+\\?", 0.8),
        Pattern("Windows path", r"(?<![\w\\])[A-Za-z]:\\(?:[^\s\\<>\"|,;:]+\\?)*(?<![.])", 0.8),
        Pattern(
            "Unix path",
            r"(?<![\w/.:])(?:~|/(?:etc|var|home|opt|srv|tmp|usr|root|mnt|data|backup|backups|share|shares|"
            r"Users|Volumes|private|dev|proc|boot|lib|bin|sbin|media|app|apps|www))(?:/[A-Za-z0-9._$@-]+)+/?(?<![.])",
            0.7,
        ),
        # A file name's first part is always followed by a dot; testing that (possessively) first keeps the
        # extension alternation off ordinary words.
        Pattern(
            "executable or script name",
            r"(?<![\w/\\.-])(?=[A-Za-z0-9_-]++\.)[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?i:exe|dll|ps1|psm1|bat|cmd|vbs|vbe|js|jse|hta|scr|"
            r"lnk|msi|jar|sh|py|elf|bin|iso|img|docm|xlsm|pif|cpl|sys)\b(?![.\w])",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["path", "file", "folder", "share", "directory", "executable", "script", "payload"]
