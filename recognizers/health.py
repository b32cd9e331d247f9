"""Health and special-category data about an individual: conditions, treatments and procedures,
medication, disability and mental-health mentions ("is recovering from knee surgery", "undergoing
chemotherapy", "was sectioned", "in hospital after a stroke"). The word lists are in _health_terms.py.

A condition word alone is not enough ("our mental health first-aiders", "the Disability Discrimination
Act", "system health"): the sentence around it must point at a person ("his", "she", "the employee", a
name with a title, a PERSON the NER model found in it) or at care ("diagnosed", "prescribed", "sick
leave", "recovering", "undergoing", "in hospital", "her care team"). "Surgery" and "operation" alone are
taken only after a verb of having one ("had an operation", "recovering from surgery"): a GP surgery, an
MP's surgery and a police operation are not health. "Stroke of luck" is not a stroke.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import RegexRecognizer, phrase_alternation, sentence_bounds
from recognizers._health_terms import BODY_PARTS, CONDITIONS, MEDICINES, PROCEDURE_NOUNS, SURGERY_MODIFIERS

_DOSE = r"(?:[ ]\d+(?:\.\d+)?[ ]?mg)?"


def _phrases(phrases: list[str]) -> str:
    """phrase_alternation, with any run of whitespace between words: a PDF line breaks "a\nhysterectomy"."""
    return phrase_alternation(phrases).replace("\\ ", r"\s+")


# Something in the sentence that ties the condition to a person.
_PERSONAL_CUE = regex.compile(
    r"\b(?:he|she|him|his|her|hers|you|your|vulnerable|carer|they(?=[ ](?:have|has|had|were|are|was))|their|the[ ](?:data[ ]subject|individual|employee"
    r"|member[ ]of[ ]staff|staff[ ]member|officer|patient|claimant|complainant|requester|applicant|tenant|resident|pupil"
    r"|child|customer|victim|caller|service[ ]user|client)|diagnosed|diagnosis|suffers?|suffering|prescribed|taking|takes"
    r"|medication|sick[ ]leave|signed[ ]off|occupational[ ]health|(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?[ ][A-Z]\w*|fit[ ]note"
    r"|reasonable[ ]adjustments?|absence|treatment|condition|recovering|recovered[ ]from|undergo(?:ing|ne|es)?"
    r"|underwent|in[ ]hospital|hospitali[sz]ed|(?:admitted[ ]to|discharged[ ]from)[ ]hospital|GP|surgeon"
    r"|care[ ]team|carers?|treated[ ]for|being[ ]treated|treating[ ](?:her|his|their|him|them)|therapist"
    r"|counsellor|psychiatrist|off[ ]sick|off[ ]work|sick[ ]note|unwell|ill|illness|living[ ]with)\b"
    .replace("[ ]", r"\s+"),  # a line may break between the words
    regex.IGNORECASE,
)
# A verb right before the condition that says someone has it or is treated for it ("Tom has asthma",
# "attends dialysis", "lives with type 2 diabetes", "is due to have a hysterectomy").
_VERB_BEFORE = regex.compile(
    r"\b(?:has|had|have|has\s+had|is\s+having|has\s+started|started|starting|attends|attending|attended"
    r"|(?:is\s+)?due\s+to\s+have|lives\s+with|living\s+with|lived\s+with|suffer(?:s|ed|ing)?\s+from"
    r"|diagnosed\s+with|treated\s+for|receiving|support\s+for|complications\s+of|recovering\s+from"
    r"|undergoing|off\s+work\s+(?:after|with)|off\s+sick\s+with|signed\s+off\s+with)\s+$",
    regex.IGNORECASE,
)
# "had an operation", "recovering from surgery": the verb before "surgery" / "operation" alone.
_HAD_PROCEDURE = regex.compile(
    r"\b(?:had|has[ ]had|having|undergoing|underwent|undergone|undergo|recovering[ ]from|recovery[ ]from"
    r"|recovered[ ]from|after|following|awaiting|waiting[ ]for|needs|needed|need|booked[ ]for|scheduled[ ]for"
    r"|off[ ]for|in[ ]for|off[ ]after)[ ](?:(?:an?|her|his|their|major|minor|emergency|urgent|planned|further"
    r"|another|recent)[ ])*$",
    regex.IGNORECASE,
)
_BODY_PART_BEFORE = regex.compile(rf"(?<![\w-])(?i:(?:an?\s+)?{_phrases(BODY_PARTS)})\s+$")
_MODIFIER_BEFORE = regex.compile(rf"(?<![\w-])(?i:{_phrases(SURGERY_MODIFIERS)})\s+$")
_NOT_MEDICAL_AFTER = regex.compile(r"[ ](?:by|to|into|against|codenamed|called|named|of|on[ ]the|at[ ]the)\b|[ ]\p{Lu}")
# Phrases that are about a person by themselves ("Priya is pregnant", "Tom was sectioned").
_SELF_EVIDENT = regex.compile(r"(?i:pregnant|sectioned|detained[ ]under.*)")
# Words after a condition that make it an organisation's or a topic's ("Mental Health Awareness Week",
# "cancer services", "stress testing", "blind spots", "heart failure research").
_INSTITUTIONAL = regex.compile(
    r"^[ ]?(?:Act|Policy|Team|Services?|Strategy|Unit|Network|Awareness|Week|Month|Charity|Trust|First[ -]Aid\w*"
    r"|Champions?|Clinics?|Wards?|Screening|[Tt]est(?:s|ing|ed)?|services|polic(?:y|ies)|[Pp]rogrammes?"
    r"|[Pp]revention|awareness|spots?|eye|copy|carbon|research|modell?ing|stud(?:y|ies)|conferences?|lectures?"
    r"|trials?|statistics|rates?)\b"
)
_SURGERY_AFTER = regex.compile(r"\s+(?i:surgery|operation)\b")
_ENDS_IN_PROCEDURE = regex.compile(r"(?i:replacement|transplant|bypass)$")


class HealthRecognizer(RegexRecognizer):
    ENTITY = "HEALTH"
    PATTERNS: ClassVar[list[Pattern]] = [
        # One scan for conditions and medicines together; phrase_alternation groups the phrases by first
        # letter (a flat list of 140 alternatives was the slowest pattern left). \b(?<!-) is (?<![\w-]) for
        # a phrase that starts with a letter, and scans faster. "Stroke of luck" is not a stroke.
        Pattern(
            "condition or medication",
            rf"\b(?<!-)(?i:{_phrases(CONDITIONS + MEDICINES)}{_DOSE})(?![\w-])(?<!stroke(?=[ ]of\b))",
            0.6,
        ),
        # "knee surgery", "an eye operation", "a shoulder injury", "emergency surgery", and "surgery" or
        # "an operation" after a verb of having one: found by the noun, widened or checked in analyze()
        Pattern("procedure or injury", rf"\b(?i:{'|'.join(PROCEDURE_NOUNS)})\b", 0.6),
        # sectioned under the Mental Health Act (not "the report was sectioned into parts")
        Pattern(
            "detained under the Mental Health Act",
            r"\b(?:(?=[Ss]ectioned\b)(?<=\b(?i:was|been|being|is|were|got|be)[ ])(?i:sectioned)"
            r"(?![ ](?:into|off|by|in[ ]two)\b)"
            r"|(?i:detained[ ]under[ ](?:section[ ]\d+[ ]of[ ])?the[ ]Mental[ ]Health[ ]Act))",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["diagnosed", "condition", "medication", "health", "medical", "sick"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        people = [(e.start_char, e.end_char) for e in getattr(nlp_artifacts, "entities", None) or []
                  if e.label_ == "PERSON"]
        kept: dict[tuple[int, int], RecognizerResult] = {}
        for r in results:
            if _ENDS_IN_PROCEDURE.search(text, r.start, r.end):
                after = _SURGERY_AFTER.match(text, r.end)  # "hip replacement surgery"
                if after:
                    r.end = after.end()
            if self._medical(text, r) and (_SELF_EVIDENT.fullmatch(text, r.start, r.end)
                                           or self._about_a_person(text, r.start, r.end, people)):
                kept.setdefault((r.start, r.end), r)  # "a knee injury" is a condition and a body-part injury
        return list(kept.values())

    @staticmethod
    def _medical(text: str, r: RecognizerResult) -> bool:
        """A procedure noun is health with a body part or a kind of surgery before it (the result is
        widened to include them), or, for "surgery" and "operation", after a verb of having one."""
        if r.analysis_explanation is None or r.analysis_explanation.pattern_name != "procedure or injury":
            return True
        noun = text[r.start:r.end].lower()
        before = _BODY_PART_BEFORE.search(text, max(0, r.start - 40), r.start)
        if before is None and noun == "surgery":
            before = _MODIFIER_BEFORE.search(text, max(0, r.start - 40), r.start)
        if before is not None:
            r.start = before.start()
            return True
        if noun not in ("surgery", "operation"):
            return False
        return bool(_HAD_PROCEDURE.search(text, max(0, r.start - 40), r.start)) and not _NOT_MEDICAL_AFTER.match(
            text, r.end, min(len(text), r.end + 20))

    @staticmethod
    def _about_a_person(text: str, start: int, end: int, people: list[tuple[int, int]] = ()) -> bool:
        if _INSTITUTIONAL.match(text[end:end + 30]):
            return False
        left, right = sentence_bounds(text, start, end)
        sentence = text[left:start] + " " + text[end:right]
        return (bool(_PERSONAL_CUE.search(sentence)) or bool(_VERB_BEFORE.search(text, max(0, start - 40), start))
                or any(left <= a and b <= right for a, b in people))
