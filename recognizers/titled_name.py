"""Names after a title or salutation, which small NER models often miss: "Mr Whitfield", "Dr A. Okonkwo",
"DC Sarah Whitmore", "Dear Priya", "Hi Tom". Case-sensitive: the name words must be capitalised, so
"Will", "May" and "Rose" are names here and ordinary words elsewhere. The title itself is kept."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers._base import RegexRecognizer
from recognizers._names import CAPS_NAME, INITIALS, NAME, PARTICLE, TITLES, looks_like_org

# "Mr Justice Smith", "Madam Speaker": the office, not the name, follows the title
_NOT_OFFICES = r"(?!(?:Justice|Speaker|President|Chair|Chairman|Deputy|Commissioner|Mayor)\b)"
_NOT_ADDRESSEES = r"(?!(?:Sir|Madam|All|Team|Colleagues?|Everyone|Both|There|Requester|Applicant|Customer)\b)"


class TitledNameRecognizer(RegexRecognizer):
    ENTITY = "PERSON"
    # The title lookbehind ends with a space and every name starts with a capital, which is tested first:
    # the long title alternation then runs only at a capital after a space. (The same test in front of
    # the salutation lookbehind cost as much as it saved.)
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "title + name",
            rf"(?<=[ ])(?=[A-Z])(?<=\b{TITLES}\.?[ ]){_NOT_OFFICES}(?:{INITIALS}[ ]?)?(?:{NAME}|{CAPS_NAME})"
            rf"(?:[ ](?:{PARTICLE}[ ])?(?:{NAME}|{CAPS_NAME}))?",
            0.7,
        ),
        Pattern(
            "salutation + name",
            rf"(?<=(?:^|[\s>])(?:Dear|Hi|Hello|Hey|Morning|Afternoon|Thanks|Thank[ ]you)[ ]){_NOT_ADDRESSEES}"
            rf"{NAME}(?:[ ]{NAME})?(?=[ ]?[,!\n:]|$)",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = []

    def invalidate_result(self, pattern_text: str) -> bool:
        return looks_like_org(pattern_text)
