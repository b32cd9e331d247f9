"""Only the spaCy components NER needs are run (issue 9), and dropping the others changes no entity."""

from __future__ import annotations

import pytest
import spacy

from redactor.config.settings import load_settings
from redactor.detect import SPACY_EXCLUDE, drop_unused_tok2vec, load_spacy

TEXTS = [
    "Please call Priya Raghunathan on 01632 960123 or write to 4 Mill Lane.",
    "Mr Whitfield was signed off work with stress following the incident; john smith was told on 3 May.",
    "From: \"Okonkwo, Adaeze\" <adaeze.okonkwo@harbourside.gov.uk>\nDear Tom, thank you for your email.",
    "The file server HBC-FS12 at 10.20.3.4 was isolated by Daniel McAllister and Siobhan O'Neill-Baptiste.",
]


def _listening_pipeline() -> spacy.language.Language:
    """A pipeline whose NER reads the shared tok2vec (as a custom or transformer model's may)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner", config={"model": {"tok2vec": {"@architectures": "spacy.Tok2VecListener.v1",
                                                      "width": 96, "upstream": "tok2vec"}}})
    nlp.get_pipe("ner").add_label("PERSON")
    nlp.initialize()
    return nlp


def test_tok2vec_kept_when_ner_listens_to_it():
    nlp = drop_unused_tok2vec(_listening_pipeline())
    assert nlp.pipe_names == ["tok2vec", "ner"]
    nlp("Tom Whitfield wrote.")  # still runs: the listener has its upstream


def test_tok2vec_dropped_when_nothing_listens():
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("entity_ruler")
    assert drop_unused_tok2vec(nlp).pipe_names == ["entity_ruler"]


def test_pipeline_without_tok2vec_untouched(stub_nlp):
    before = list(stub_nlp.pipe_names)
    assert drop_unused_tok2vec(stub_nlp).pipe_names == before


@pytest.mark.slow
def test_real_model_runs_ner_alone_with_the_same_entities():
    model = load_settings(None).spacy_model
    ours = load_spacy(model)
    assert ours.pipe_names == ["ner"]
    with_tok2vec = spacy.load(model, exclude=SPACY_EXCLUDE)
    assert "tok2vec" in with_tok2vec.pipe_names  # the component this saves is really there to drop
    got = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in ours.pipe(TEXTS)]
    want = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in with_tok2vec.pipe(TEXTS)]
    assert got == want
    assert any(label == "PERSON" for ents in got for *_, label in ents)
