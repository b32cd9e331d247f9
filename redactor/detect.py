"""Detection: Presidio's AnalyzerEngine over a spaCy model loaded from its installed package, with the
custom recognizers in recognizers/. Returns findings as offsets into each page's normalised text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import spacy
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.language import Language
from spacy.tokens import Doc

from recognizers import build_recognizers
from redactor.errors import ConfigError
from redactor.extract import PageText
from redactor.options import RecognizerSettings

# Only the components NER needs: the tagger, parser and lemmatizer cost time and no recognizer uses them
# (context words are matched on the lower-cased token instead of its lemma).
SPACY_EXCLUDE = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
# Pattern recognizers are case-sensitive unless a pattern says (?i): "May", "Will", "Rose" as words are
# not names, and IC- refs are upper case by definition.
REGEX_FLAGS = re.DOTALL | re.MULTILINE


@dataclass(frozen=True, slots=True)
class Finding:
    page: int  # 0-based
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    text: str  # normalised text[start:end]


@cache
def load_spacy(model: str) -> Language:
    """Load an installed spaCy pipeline package; never download."""
    if not spacy.util.is_package(model):
        raise ConfigError(
            f"spaCy model package {model!r} is not installed (run 'make demo' or "
            f"'pip install -r requirements.lock'); nothing is downloaded at run time"
        )
    return spacy.load(model, exclude=SPACY_EXCLUDE)


class LoadedSpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine around a pipeline we loaded ourselves (a real model or a test stub)."""

    def __init__(self, nlp: Language):
        super().__init__(
            models=[{"lang_code": "en", "model_name": nlp.meta.get("name", "stub")}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"PERSON": "PERSON", "PER": "PERSON"},
                labels_to_ignore=["ORG", "GPE", "LOC", "DATE", "CARDINAL", "NORP", "MONEY", "TIME"],
                low_score_entity_names=[],
            ),
        )
        self.nlp = {"en": nlp}

    def load(self) -> None:  # already loaded
        pass

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Without the lemmatizer spaCy's lemma_ is empty: the lower-cased token stands in for it. The
        # keywords Presidio's context enhancer matches are computed from these lemmas when the artifacts
        # are built, so they must be right at construction, not patched in afterwards.
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[t.lemma_.lower() or t.lower_ for t in doc],
            nlp_engine=self,
            language=language,
            scores=scores,
        )


class FastContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, same results, linear time.

    The stock one finds the match's token by scanning every token and tests each neighbouring lemma
    against the keyword *list*, so each result costs O(tokens): on a 350-word page with 50 findings that
    was most of detection time. Here the token is found by bisection and keywords are a set, computed once
    per page."""

    def _extract_surrounding_words(self, nlp_artifacts: NlpArtifacts, word: str, start: int) -> list[str]:
        if not nlp_artifacts.tokens:
            return [""]
        cache = getattr(nlp_artifacts, "_fast_context", None)
        if cache is None:
            ends = [i + len(t) for i, t in zip(nlp_artifacts.tokens_indices, nlp_artifacts.tokens, strict=True)]
            cache = (ends, set(nlp_artifacts.keywords))
            nlp_artifacts._fast_context = cache
        ends, keywords = cache
        index = bisect.bisect_right(ends, start)  # first token with start < its end
        if index >= len(ends):
            raise ValueError(f"Did not find word {word!r} in the list of tokens although it is expected to be found")
        lemmas = nlp_artifacts.lemmas
        backward = self._add_n_words_backward(index, self.context_prefix_count, lemmas, keywords)
        forward = self._add_n_words_forward(index, self.context_suffix_count, lemmas, keywords)
        return list({*backward, *forward})


class Detector:
    """Runs every recognizer over the pages of a document. Build once per process and reuse."""

    def __init__(self, settings: RecognizerSettings, nlp: Language | None = None):
        self.settings = settings
        self.nlp = nlp if nlp is not None else load_spacy(settings.spacy_model)
        self.engine = LoadedSpacyEngine(self.nlp)
        registry = RecognizerRegistry(supported_languages=["en"])
        for recognizer in build_recognizers(settings.enabled):
            registry.add_recognizer(recognizer)
        if settings.enabled.get("spacy_person", True):
            registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON"]))
        for extra in settings.extra:
            registry.add_recognizer(
                PatternRecognizer(
                    supported_entity=extra.entity_type,
                    patterns=[Pattern(extra.name, extra.regex if extra.case_sensitive else f"(?i){extra.regex}",
                                      extra.score)],
                    context=list(extra.context),
                    name=f"config:{extra.name}",
                )
            )
        self.analyzer = AnalyzerEngine(registry=registry, nlp_engine=self.engine, supported_languages=["en"],
                                       context_aware_enhancer=FastContextEnhancer())

    def detect(self, pages: list[PageText]) -> list[Finding]:
        findings: list[Finding] = []
        texts = [p.text for p in pages]
        docs = self.nlp.pipe(texts, batch_size=16)
        for page, doc in zip(pages, docs, strict=True):
            if not page.text.strip():
                continue
            artifacts = self.engine._doc_to_nlp_artifact(doc, "en")
            results = self.analyzer.analyze(
                text=page.text,
                language="en",
                nlp_artifacts=artifacts,
                score_threshold=self.settings.score_threshold,
                regex_flags=REGEX_FLAGS,
            )
            for r in results:
                name = (r.recognition_metadata or {}).get("recognizer_name", "unknown")
                findings.append(
                    Finding(page.number, r.start, r.end, r.entity_type, round(r.score, 4), name,
                            page.text[r.start:r.end])
                )
        findings.sort(key=lambda f: (f.page, f.start, -f.end, f.entity_type))
        return findings
