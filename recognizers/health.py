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

from recognizers._base import RegexRecognizer, phrase_alternation

# Conditions and medicines, matched case-insensitively as whole words. Where one phrase starts another
# ("type 1 diabetes", "diabetes"; "panic attacks", "panic attack") the longer one comes first: at any one
# position the first phrase in the list that fits is taken.
_CONDITIONS = [
    "type 1 diabetes", "type 2 diabetes", "diabetes",
    "clinical depression", "post-natal depression", "postnatal depression", "severe depression", "depression",
    "generalised anxiety disorder", "generalised anxiety", "anxiety disorder", "anxiety",
    "post-traumatic stress disorder", "post-traumatic stress", "PTSD", "bipolar disorder", "bipolar",
    "schizophrenia", "psychosis", "epilepsy", "seizures", "seizure",
    "breast cancer", "bowel cancer", "prostate cancer", "lung cancer", "skin cancer", "cancer",
    "leukaemia", "leukemia", "lymphoma", "multiple sclerosis", "HIV", "AIDS",
    "hepatitis A", "hepatitis B", "hepatitis C", "asthma", "COPD", "dementia",
    "Alzheimer's disease", "Alzheimer's", "Parkinson's disease", "Parkinson's", "autism", "autistic",
    "ADHD", "dyslexia", "dyspraxia", "long COVID", "a stroke", "stroke",
    "heart condition", "heart attack", "heart disease", "heart failure",
    "pregnant", "pregnancy", "miscarriage", "an eating disorder", "eating disorder", "anorexia", "bulimia",
    "OCD", "obsessive compulsive disorder",
    "self-harming", "self-harm", "suicidal ideation", "suicidal thoughts", "suicide attempt", "substance misuse",
    "alcohol dependency", "alcohol misuse", "alcohol addiction",
    "drug addiction", "drug dependency", "addiction", "chronic fatigue syndrome", "chronic fatigue",
    "fibromyalgia", "ME/CFS", "migraines", "migraine",
    "rheumatoid arthritis", "osteoarthritis", "arthritis", "Crohn's disease", "Crohn's", "IBS",
    "ulcerative colitis", "endometriosis", "menopause",
    "hearing impairment", "visual impairment", "sight impairment", "mobility impairment", "deafness", "deaf",
    "blindness", "blind", "wheelchair user", "learning disability", "learning disabilities",
    "a disability", "disability", "work-related stress-related illness", "work-related stress",
    "stress-related illness", "stress", "mental health condition", "mental health issues", "mental health issue",
    "mental health problems", "mental health problem", "mental health crisis", "mental health difficulties",
    "panic attacks", "panic attack", "insomnia", "cerebral palsy", "sickle cell disease", "sickle cell",
    "kidney disease", "renal failure", "dialysis",
    "chemotherapy", "radiotherapy", "a terminal illness", "terminal illness",
    "broken arm", "broken leg", "broken wrist", "broken ankle", "concussion", "tuberculosis", "TB",
    "long-term sick leave", "sick leave", "covid-19 infection", "a back injury", "back injury",
    "a knee injury", "knee injury",
]
_MEDICINES = [
    "sertraline", "fluoxetine", "citalopram", "escitalopram", "mirtazapine", "venlafaxine", "diazepam",
    "lorazepam", "propranolol", "metformin", "insulin", "methadone", "buprenorphine", "lithium", "olanzapine",
    "quetiapine", "risperidone", "aripiprazole", "amitriptyline", "tramadol", "morphine", "codeine",
    "co-codamol", "gabapentin", "pregabalin", "levothyroxine", "warfarin", "apixaban", "atorvastatin",
    "salbutamol", "methylphenidate", "antidepressants", "antidepressant", "antiretrovirals", "antiretroviral",
    "PrEP", "HRT", "antipsychotics", "antipsychotic",
]
_DOSE = r"(?:[ ]\d+(?:\.\d+)?[ ]?mg)?"
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
        # phrase_alternation groups the phrases by first letter: tried at every word, a flat list of 140
        # alternatives was the slowest pattern left
        Pattern("condition", rf"(?<![\w-])(?i:{phrase_alternation(_CONDITIONS)})(?![\w-])", 0.6),
        Pattern("medication", rf"(?<![\w-])(?i:{phrase_alternation(_MEDICINES)}{_DOSE})(?![\w-])", 0.6),
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
