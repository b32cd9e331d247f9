"""Batch fixtures: workers built on the stub pipeline (inherited by forked workers), and small bundles."""

from __future__ import annotations

from pathlib import Path

import pytest

import redactor.batch
from redactor.detect import Detector


@pytest.fixture(autouse=True)
def _stub_workers(monkeypatch, stub_nlp):
    """Every worker's detector uses the stub pipeline (fork start method: the patch reaches workers)."""
    monkeypatch.setattr(redactor.batch.tasks, "make_detector", lambda settings: Detector(settings, nlp=stub_nlp))
    redactor.batch.tasks._detectors.clear()
    yield
    redactor.batch.tasks._detectors.clear()


@pytest.fixture
def in_dir(tmp_path: Path) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    return path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"
