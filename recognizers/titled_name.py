"""Names after a title or salutation, which small NER models often miss: "Mr Whitfield",
"Dr A. Okonkwo", "Dear Priya". Case-sensitive: the name words must be capitalised."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_NAME = r"[A-Z][a-z]+(?:['\u2019-][A-Z]?[a-z]+)*"
_INITIAL = r"[A-Z]\.?"
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|DC|DS|DI|DCI|PC|Cllr|Councillor)"


class TitledNameRecognizer(PatternRecognizer):
    PATTERNS = [
        # The title itself is kept: the lookbehind means only the name is withheld.
        Pattern(
            "title + name",
            rf"(?<=\b{_TITLES}\.? )(?:{_INITIAL} )*{_NAME}(?: (?:{_INITIAL} )*{_NAME})?",
            0.7,
        ),
        Pattern("salutation + name", rf"(?<=\b(?:Dear|Hi|Hello) ){_NAME}(?: {_NAME})?(?=\s*[,\n])", 0.6),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PERSON",
            patterns=self.PATTERNS,
            context=[],
            name="TitledNameRecognizer",
            global_regex_flags=0,
        )
