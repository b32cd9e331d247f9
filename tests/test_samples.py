"""End to end on the shipped sample documents with the real spaCy model, as `make demo` runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_docs"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("released")
    # PDFs and correspondence (.eml) alike; an email attachment's entry (released from its parent) has no file
    inputs = sorted(str(SAMPLES / name) for name in EXPECTED if (SAMPLES / name).exists())
    result = subprocess.run([sys.executable, "-m", "redactor.cli", "redact", *inputs, "--out", str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def _released_text(released: Path, name: str) -> str:
    with pymupdf.open(released / f"{Path(name).stem}.redacted.pdf") as doc:
        return _squash(" ".join(page.get_text() for page in doc))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_withheld_items_are_gone(released, name):
    text = _released_text(released, name)
    missed = [s for s in EXPECTED[name]["withhold"] if s in text]
    assert not missed, f"{name}: not redacted: {missed}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_keep_items_survive(released, name):
    text = _released_text(released, name)
    lost = [s for s in EXPECTED[name]["keep"] if s not in text]
    assert not lost, f"{name}: over-redacted: {lost}"


@pytest.mark.slow
def test_sample_reports_verified(released):
    for report in released.glob("*.report.json"):
        data = json.loads(report.read_text())
        assert data["verification"]["ok"], report
        assert data["status"] == "released"
