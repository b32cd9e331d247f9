"""Detection: Presidio's AnalyzerEngine over a spaCy model loaded from its installed package, with the
custom recognizers in recognizers/. Returns findings as offsets into each page's normalised text."""

from __future__ import annotations

import bisect
import copy
import gc
import re
from functools import cache

import spacy
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer, LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.attrs import IDX, LEMMA, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from recognizers import build_recognizers
from redactor.config.settings import RecognizerSettings
from redactor.errors import ConfigError
from redactor.model import Finding
from redactor.page import PageText
from redactor.tables import document_column_cells

# Only the components NER needs: the tagger, parser and lemmatizer cost time and no recognizer uses them
# (context words are matched on the lower-cased token instead of its lemma).
SPACY_EXCLUDE = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
# Pattern recognizers are case-sensitive unless a pattern says (?i): "May", "Will", "Rose" as words are
# not names, and IC- refs are upper case by definition.
REGEX_FLAGS = re.DOTALL | re.MULTILINE
# A cell under a "Name", "Date of birth" or "Mobile" header (redactor/tables.py): the header is the evidence.
TABLE_COLUMN_SCORE = 0.6


@cache
def load_spacy(model: str) -> Language:
    """Load an installed spaCy pipeline package; never download."""
    if not spacy.util.is_package(model):
        raise ConfigError(
            f"spaCy model package {model!r} is not installed (run 'make demo' or "
            f"'pip install -r requirements.lock'); nothing is downloaded at run time"
        )
    return drop_unused_tok2vec(spacy.load(model, exclude=SPACY_EXCLUDE))


def drop_unused_tok2vec(nlp: Language) -> Language:
    """The English models' NER embeds the text itself; their shared tok2vec feeds only the tagger and
    parser, which we exclude. Running it anyway cost a third of NER's time (issue 9), so it goes when
    nothing left listens to it; a pipeline whose NER does listen keeps it."""
    if "tok2vec" in nlp.pipe_names and not getattr(nlp.get_pipe("tok2vec"), "listening_components", True):
        nlp.remove_pipe("tok2vec")
    return nlp


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
        self._keyword_cache: dict[str, tuple[str, ...]] = {}

    def load(self) -> None:  # already loaded
        pass

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Without the lemmatizer spaCy's lemma_ is empty: the lower-cased token stands in for it. The
        # keywords Presidio's context enhancer matches are computed from these lemmas when the artifacts
        # are built, so they must be right at construction, not patched in afterwards.
        # Token offsets, lengths and lemmas come from one array rather than from Token objects: creating a
        # Token per word, three times a page, cost more than all the regex recognizers (issue 9).
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        text, strings = doc.text, doc.vocab.strings
        columns = doc.to_array([IDX, LENGTH, LEMMA]).tolist() if len(doc) else []
        starts = [c[0] for c in columns]
        lemmas = [strings[lemma].lower() if lemma else text[start:start + length].lower()
                  for start, length, lemma in columns]
        artifacts = NlpArtifacts(entities=entities, tokens=doc, tokens_indices=starts, lemmas=lemmas,
                                 nlp_engine=None, language=language, scores=scores)  # keywords: below
        artifacts.nlp_engine = self
        artifacts.keywords = self._keywords(lemmas, language)
        # for FastContextEnhancer: each token's end offset, and the keywords as a set
        artifacts._fast_context = ([start + length for start, length, _ in columns], set(artifacts.keywords))
        return artifacts

    def _keywords(self, lemmas: list[str], language: str) -> list[str]:
        """NlpArtifacts.set_keywords (lemmas that are not stop words or punctuation, split at colons),
        with each distinct word looked up in the vocabulary once rather than at every occurrence."""
        cache = self._keyword_cache
        if len(cache) > 200_000:  # a long batch meets many words: keep the cache bounded
            cache.clear()
        keywords: list[str] = []
        for lemma in lemmas:
            parts = cache.get(lemma)
            if parts is None:
                parts = cache[lemma] = tuple(NlpArtifacts.set_keywords(self, [lemma], language))
            keywords += parts
        return keywords


class FastContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, same results, linear time.

    The stock one finds the match's token by scanning every token and tests each neighbouring lemma
    against the keyword *list*, so each result costs O(tokens): on a 350-word page with 50 findings that
    was most of detection time. Here the token is found by bisection and keywords are a set, both made
    once per page (LoadedSpacyEngine puts them on the artifacts). It also copies only the objects the
    enhancement changes (each result and its explanation) instead of deep-copying every result with
    its metadata: 55,000 deepcopy calls on a 50-page document."""

    def enhance_using_context(self, text: str, raw_results: list[RecognizerResult], nlp_artifacts: NlpArtifacts,
                              recognizers: list[EntityRecognizer], context: list[str] | None = None,
                              ) -> list[RecognizerResult]:
        # The loop of LemmaContextAwareEnhancer.enhance_using_context (presidio-analyzer 2.2), on copies.
        results = []
        for raw in raw_results:
            result = copy.copy(raw)
            result.analysis_explanation = copy.copy(raw.analysis_explanation)
            results.append(result)
        if nlp_artifacts is None:
            return results
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        context = [word.lower() for word in context or []]
        for result in results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context:
                continue
            if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue  # already boosted by the recognizer itself
            surrounding = self._extract_surrounding_words(nlp_artifacts, text[result.start:result.end], result.start)
            word = self._find_supportive_word_in_context(
                [*surrounding, *context], recognizer.context, self.context_matching_mode)
            if word != "":
                result.score = min(max(result.score + self.context_similarity_factor,
                                       self.min_score_with_context_similarity), ContextAwareEnhancer.MAX_SCORE)
                result.analysis_explanation.set_supportive_context_word(word)
                result.analysis_explanation.set_improved_score(result.score)
        return results

    def _extract_surrounding_words(self, nlp_artifacts: NlpArtifacts, word: str, start: int) -> list[str]:
        if not nlp_artifacts.tokens:
            return [""]
        cache = getattr(nlp_artifacts, "_fast_context", None)
        if cache is None:  # artifacts from another engine
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


_frozen = False


def _freeze_long_lived() -> None:
    """The model, its vocabulary and the recognizers live as long as the process: take them out of the
    cyclic garbage collector's view (once, after collecting what is already garbage). Every full
    collection traversed their ~300,000 objects again: 20 ms a page in a batch, 4.5 ms after (issue 9)."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


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
        if nlp is None:
            _freeze_long_lived()


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
        if self.settings.enabled.get("table_columns", True):
            columns = document_column_cells(pages)
            for page in pages:
                for start, end, entity in columns.get(page.number, ()):
                    findings.append(Finding(page.number, start, end, entity, TABLE_COLUMN_SCORE, "TableColumn",
                                            page.text[start:end]))
        findings.sort(key=lambda f: (f.page, f.start, -f.end, f.entity_type))
        return findings
