"""Shared fixtures: real PDFs built with PyMuPDF, and a small stub spaCy pipeline for fast unit tests.

The stub (tests/stubnlp.py) is spacy.blank("en") with an entity ruler that knows the fixture people by
name, so tests of the pipeline do not depend on what a statistical model happens to tag. `stub_nlp` is
the pipeline itself; `stub_model` makes every Detector built without one (the CLI's) use it. Tests that
use the real model are marked slow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pymupdf
import pytest
import spacy
from stubnlp import FIXTURE_PEOPLE, make_stub_nlp

import redactor.detect
from redactor.config.run import RunOptions
from redactor.config.settings import load_settings
from redactor.detect import Detector

__all__ = ["FIXTURE_PEOPLE", "all_stream_text", "build_pdf", "page_text"]


@pytest.fixture(scope="session")
def stub_nlp() -> spacy.language.Language:
    return make_stub_nlp()


@pytest.fixture
def stub_model(monkeypatch, stub_nlp) -> spacy.language.Language:
    """The CLI (and any Detector built without a pipeline) loads the stub instead of the real model."""
    monkeypatch.setattr(redactor.detect, "load_spacy", lambda model: stub_nlp)
    return stub_nlp


@pytest.fixture(scope="session")
def detector(stub_nlp) -> Detector:
    return Detector(load_settings(None), nlp=stub_nlp)


@pytest.fixture
def options(tmp_path: Path) -> RunOptions:
    return RunOptions.build(tmp_path / "out")


Line = str | tuple[str, dict]


def build_pdf(path: Path, pages: Iterable[Iterable[Line]], *, fontsize: float = 11, leading: float = 1.4,
              x: float = 72, y: float = 90, metadata: dict | None = None) -> Path:
    """A real PDF: each page a list of lines written top-down (base-14 Helvetica unless overridden)."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page()
        yy = y
        for line in lines:
            text, opts = (line, {}) if isinstance(line, str) else line
            size = opts.get("fontsize", fontsize)
            page.insert_text((opts.get("x", x), yy), text, fontsize=size, fontname=opts.get("fontname", "helv"))
            yy += size * opts.get("leading", leading)
    if metadata:
        doc.set_metadata(metadata)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def _make(name: str, *pages: Iterable[Line], **kw) -> Path:
        return build_pdf(tmp_path / name, pages, **kw)

    return _make


def all_stream_text(path: Path) -> str:
    """Every object and decompressed stream of a PDF, as a requester running qpdf + strings would see."""
    parts = []
    with pymupdf.open(path) as doc:
        for xref in range(1, doc.xref_length()):
            parts.append(doc.xref_object(xref, compressed=False))
            if doc.xref_is_stream(xref):
                parts.append((doc.xref_stream(xref) or b"").decode("latin-1"))
    return "\n".join(parts)


def page_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)
