"""Names in the structure of correspondence rather than its prose: email headers ("From: Okonkwo,
Adaeze <...>", "To: Tom Whitfield [mailto:...]"), the line after a sign-off ("Kind regards,\\nPriya
Raghunathan"), and labelled fields in forms and signature blocks ("Name: ...", "Reported by: ...",
"Signed: ..."). These are where small NER models miss most names: there is no sentence around them."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import GatedPattern, RegexRecognizer
from recognizers._names import CAPS_NAME, FULL_NAME_OR_CAPS, INITIALS, NAME, looks_like_org

_SIGN_OFF = (
    r"(?:(?:Kind|Best|Warm|Warmest|Many)[ ](?:regards|wishes|thanks)|Regards|Best|Thanks|Thank[ ]you|Cheers"
    r"|Yours[ ](?:sincerely|faithfully|truly)|Sincerely|With[ ]thanks|All[ ]the[ ]best|Speak[ ]soon)"
)
_FIELD = (
    r"(?i:name|full[ ]name|signed|signature|prepared[ ]by|reported[ ]by|raised[ ]by|author|approved[ ]by"
    r"|reviewed[ ]by|completed[ ]by|authorised[ ]by|checked[ ]by|submitted[ ]by|contact[ ]name|contact"
    r"|owner|data[ ]subject|employee|staff[ ]member|officer[ ]in[ ]charge|investigating[ ]officer"
    r"|assigned[ ]to|handler|case[ ]officer|caller|complainant|requester|witness|victim|attendee|attendees"
    r"|present|apologies|manager|line[ ]manager|dpo|sio|lead|analyst|engineer|on[ ]behalf[ ]of)"
)
_HEADER = r"(?:From|To|Cc|CC|Bcc|BCC|Reply-To|Sent[ ]by|On[ ]behalf[ ]of)"
_SURNAME_FIRST = rf"(?:{NAME}|{CAPS_NAME}),[ ](?:{NAME})(?:[ ]{INITIALS})?"


class CorrespondenceNameRecognizer(RegexRecognizer):
    ENTITY = "PERSON"
    # Each lookbehind reads back to the start of the line, so (1) a page without such a line skips the
    # pattern (the gate is the lookbehind's line start, verbatim), and (2) it runs only where a name can
    # start: every name alternative begins with a capital letter.
    PATTERNS: ClassVar[list[Pattern]] = [
        GatedPattern(
            "email header name",
            rf'(?=[A-Z])(?<=^[ ]*>?[ ]*{_HEADER}:[ ]*(?:[^\n]*?[;,][ ]*)?"?)(?:{_SURNAME_FIRST}|{FULL_NAME_OR_CAPS})'
            r'(?="?[ ]*(?:<|\[|\(|;|$))',
            0.75,
            gate=rf"^[ ]*>?[ ]*{_HEADER}:",
        ),
        GatedPattern(
            "name after a sign-off",
            rf"(?=[A-Z])(?<=^[ ]*{_SIGN_OFF}[,.!]?[ ]*\n[ ]*)(?:{INITIALS}[ ]?)?{FULL_NAME_OR_CAPS}(?=[ ]*(?:\n|$|,|\())",
            0.7,
            gate=rf"^[ ]*{_SIGN_OFF}[,.!]?[ ]*\n",
        ),
        GatedPattern(
            "labelled field",
            rf"(?=[A-Z])(?<=^[ ]*{_FIELD}[ ]?(?:\([^)\n]{{0,20}}\))?[ ]?:[ ]*)(?:{INITIALS}[ ]?)?"
            rf"(?:{_SURNAME_FIRST}|{FULL_NAME_OR_CAPS})(?=[ ]*(?:\n|$|,|;|\(|[ ]-[ ]|[ ]{{2}}))",
            0.65,
            gate=rf"^[ ]*{_FIELD}[ ]?(?:\([^)\n]{{0,20}}\))?[ ]?:",
        ),
    ]
    CONTEXT: ClassVar[list[str]] = []

    def invalidate_result(self, pattern_text: str) -> bool:
        return looks_like_org(pattern_text)
