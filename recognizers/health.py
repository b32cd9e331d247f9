"""Health and special-category data about an individual: conditions, medication, disability and
mental-health mentions. A condition word alone is not enough ("our mental health first-aiders", "the
Disability Discrimination Act"): the sentence around it must point at a person ("his", "she",
"the employee", "diagnosed", "prescribed", "sick leave").
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import RegexRecognizer

_CONDITIONS = (
    r"(?:(?:type[ ][12][ ])?diabetes|(?:clinical[ ]|post-?natal[ ]|severe[ ])?depression|(?:generalised[ ])?anxiety(?:[ ]disorder)?"
    r"|post-traumatic[ ]stress(?:[ ]disorder)?|PTSD|bipolar(?:[ ]disorder)?|schizophrenia|psychosis|epilepsy|seizures?"
    r"|(?:breast[ ]|bowel[ ]|prostate[ ]|lung[ ]|skin[ ])?cancer|leuk(?:a)?emia|lymphoma|multiple[ ]sclerosis|HIV|AIDS"
    r"|hepatitis[ ][ABC]|asthma|COPD|dementia|Alzheimer's(?:[ ]disease)?|Parkinson's(?:[ ]disease)?|autism|autistic"
    r"|ADHD|dyslexia|dyspraxia|long[ ]COVID|(?:a[ ])?stroke|heart[ ](?:condition|attack|disease|failure)"
    r"|pregnan(?:t|cy)|miscarriage|(?:an[ ])?eating[ ]disorder|anorexia|bulimia|OCD|obsessive[ ]compulsive[ ]disorder"
    r"|self-harm(?:ing)?|suicidal[ ](?:ideation|thoughts)|suicide[ ]attempt|substance[ ]misuse|alcohol[ ](?:dependency|misuse|addiction)"
    r"|drug[ ](?:addiction|dependency)|addiction|chronic[ ]fatigue(?:[ ]syndrome)?|fibromyalgia|ME/CFS|migraines?"
    r"|(?:rheumatoid[ ]|osteo)?arthritis|Crohn's(?:[ ]disease)?|IBS|ulcerative[ ]colitis|endometriosis|menopause"
    r"|(?:hearing|visual|sight|mobility)[ ]impairment|deaf(?:ness)?|blind(?:ness)?|wheelchair[ ]user|learning[ ]disabilit(?:y|ies)"
    r"|(?:a[ ])?disability|(?:work-related[ ])?stress(?:-related[ ]illness)?|mental[ ]health[ ](?:condition|issues?|problems?|crisis|difficulties)"
    r"|panic[ ]attacks?|insomnia|cerebral[ ]palsy|sickle[ ]cell(?:[ ]disease)?|kidney[ ]disease|renal[ ]failure|dialysis"
    r"|chemotherapy|radiotherapy|(?:a[ ])?terminal[ ]illness|broken[ ](?:arm|leg|wrist|ankle)|concussion|tuberculosis|TB"
    r"|(?:long-term[ ])?sick[ ]leave|covid-19[ ]infection|(?:a[ ])?back[ ]injury|(?:a[ ])?knee[ ]injury)"
)
_MEDICATION = (
    r"(?:sertraline|fluoxetine|citalopram|escitalopram|mirtazapine|venlafaxine|diazepam|lorazepam|propranolol"
    r"|metformin|insulin|methadone|buprenorphine|lithium|olanzapine|quetiapine|risperidone|aripiprazole|amitriptyline"
    r"|tramadol|morphine|codeine|co-codamol|gabapentin|pregabalin|levothyroxine|warfarin|apixaban|atorvastatin"
    r"|salbutamol|methylphenidate|antidepressants?|antiretrovirals?|PrEP|HRT|antipsychotics?)"
    r"(?:[ ]\d+(?:\.\d+)?[ ]?mg)?"
)
# Something in the sentence that ties the condition to a person.
_PERSONAL_CUE = regex.compile(
    r"\b(?:he|she|him|his|her|hers|you|your|vulnerable|carer|they(?=[ ](?:have|has|had|were|are|was))|their|the[ ](?:data[ ]subject|individual|employee"
    r"|member[ ]of[ ]staff|staff[ ]member|officer|patient|claimant|complainant|requester|applicant|tenant|resident|pupil"
    r"|child|customer|victim|caller|service[ ]user|client)|diagnosed|diagnosis|suffers?|suffering|prescribed|taking|takes"
    r"|medication|sick[ ]leave|signed[ ]off|occupational[ ]health|(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ ][A-Z]\w*|fit[ ]note"
    r"|reasonable[ ]adjustments?|absence|treatment|condition)\b",
    regex.IGNORECASE,
)
_INSTITUTIONAL = regex.compile(r"^[ ]?(?:Act|Policy|Team|Services?|Strategy|Unit|Network|Awareness|Week|Month|Charity|Trust|First[ -]Aid\w*|Champions?)\b")
_SENTENCE_END = regex.compile(r"[.!?](?:\s|$)|\n\s*\n")


class HealthRecognizer(RegexRecognizer):
    ENTITY = "HEALTH"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("condition", rf"(?<![\w-])(?i:{_CONDITIONS})(?![\w-])", 0.6),
        Pattern("medication", rf"(?<![\w-])(?i:{_MEDICATION})(?![\w-])", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = ["diagnosed", "condition", "medication", "health", "medical", "sick"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if self._about_a_person(text, r.start, r.end)]

    @staticmethod
    def _about_a_person(text: str, start: int, end: int) -> bool:
        if _INSTITUTIONAL.match(text[end:end + 30]):
            return False
        before = text[max(0, start - 200):start]
        ends = list(_SENTENCE_END.finditer(before))
        left = max(0, start - 200) + (ends[-1].end() if ends else 0)
        after = _SENTENCE_END.search(text, end)
        right = after.start() if after else min(len(text), end + 200)
        sentence = text[left:start] + " " + text[end:right]
        return bool(_PERSONAL_CUE.search(sentence))
