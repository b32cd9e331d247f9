"""The real-producer corpus (issue 19): its content and expect files (fast), the corpus itself (slow:
builds it once into .cache/producers/), and the independent leak check on one document per producer
(slow: runs the product)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.producers import build_corpus, content
from tests.producers.build_corpus import JOBS, PRODUCERS, found_in

REPO = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_producers", REPO / "bench" / "producers.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_producers"] = mod
    spec.loader.exec_module(mod)
    return mod


# --- fast: the content and the plan ------------------------------------------------------------------------

def test_content_is_deterministic():
    assert content.build_case() == content.build_case()
    assert content.content_fingerprint() == content.content_fingerprint()
    assert content.build_case(seed=20) != content.build_case()


@pytest.mark.parametrize("kind", list(content.KINDS))
def test_every_expected_string_is_printed_and_plain(kind):
    doc = content.build_doc(kind)
    assert doc.withhold, kind
    text = doc.text()
    for s in doc.withhold:
        assert content.SHY not in s
        assert s in text, (kind, s)


def test_nino_prefixes_are_allocated_ones():
    for p in content.build_case().staff:
        prefix = p.nino[:2]
        assert prefix[0] in content.NINO_FIRST and prefix[1] in content.NINO_SECOND
        assert prefix not in content.NINO_NOT_ALLOCATED


def test_plan_has_60_plus_documents_and_every_feature():
    assert len(JOBS) >= 60
    assert len({j.stem for j in JOBS}) == len(JOBS)  # unique output names: one batch folder takes them all
    kinds_by_producer = {p: {j.kind for j in JOBS if j.producer == p} for p in PRODUCERS}
    assert {"pdflatex", "libreoffice-writer", "libreoffice-calc", "chromium", "ghostscript-ps",
            "ghostscript-pdfwrite", "matplotlib-type3", "matplotlib-type42", "reportlab", "pymupdf",
            "tesseract-scan"} <= set(PRODUCERS)
    long_producers = {p for p, kinds in kinds_by_producer.items() if "investigation_report" in kinds}
    assert len(long_producers) >= 5
    assert content.build_doc("investigation_report").long
    assert any(isinstance(p, content.Covered) for b in content.build_doc("redacted_before").blocks
               if isinstance(b, content.Para) for p in b.parts)
    # derived documents name a source that is built before them
    order = [j.stem for j in JOBS]
    for j in JOBS:
        if j.source:
            assert order.index(j.source) < order.index(j.stem), j.stem


def test_search_normalisation():
    assert found_in("Imran Raghunathan", "Imran Raghu-\nnathan")
    assert found_in("HBC-DPB-2024-0416", "ref HBC-DPB-\n2024-0416")
    assert found_in("Imran Raghunathan", "Imran Raghu\u00ad\nnathan")
    assert found_in("Ffion Penhallow", "F\ufb01on  Penhallow")  # NFKC: the fi ligature
    assert not found_in("Ffion Penhallow", "Ffion P.")


def test_missing_tool_fails_loudly(monkeypatch):
    monkeypatch.setattr(build_corpus.shutil, "which", lambda name: None)
    monkeypatch.setattr(build_corpus, "_chromium_or_none", lambda: None)
    with pytest.raises(RuntimeError, match="make system-deps"):
        build_corpus.tool_versions(("pdflatex",))


def test_leak_rule_counts_against_the_input():
    bench = _bench()
    report = {"redactions": [{"text": "Tom Whitfield"}, {"text": "Whitfield"}], "channel_redactions": []}
    before = {"pdftotext": "Tom Whitfield met Mr Whitfield and Tom.", "qpdf-strings": "Tom Whitfield"}
    clean = {"pdftotext": "\u2588 met Mr \u2588 and Tom.", "qpdf-strings": ""}
    leaks, misses = bench.compare("d", ["Tom Whitfield", "Whitfield", "Tom"], report, before, clean)
    assert leaks == [] and [m.needle for m in misses] == ["Tom"]  # "Tom" alone was never withheld
    leaked = {"pdftotext": "\u2588 met Mr Whit-\nfield and Tom.",
              "qpdf-strings": bench.operator_strings(b"BT [(Tom Whit) -20 (field)] TJ ET")}
    leaks, _ = bench.compare("d", ["Tom Whitfield", "Whitfield"], report, before, leaked)
    assert {(f.needle, f.parser) for f in leaks} == {("Whitfield", "pdftotext"), ("Tom Whitfield", "qpdf-strings"),
                                                     ("Whitfield", "qpdf-strings")}


def test_operator_strings_join_tj_arrays():
    bench = _bench()
    data = b"BT /F1 9 Tf [(Tom W) 120 (hit\\(f\\)ield)] TJ ET BT <48656c6c6f> Tj ET"
    text = bench.operator_strings(data)
    assert "Tom Whit(f)ield" in text and "Hello" in text


# --- slow: the corpus and the product ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return build_corpus.corpus()


@pytest.mark.slow
def test_corpus_documents_are_valid(corpus_dir):
    manifest = json.loads((corpus_dir / "manifest.json").read_text())
    assert len(manifest["documents"]) == len(JOBS)
    for job in JOBS:
        pdf = corpus_dir / job.producer / f"{job.stem}.pdf"
        expect = json.loads(pdf.with_suffix(".expect.json").read_text())
        assert expect["producer"] == job.producer and expect["withhold"], job.stem
        with pymupdf.open(pdf) as d:
            assert d.page_count == expect["pages"] >= 1
            text = "\n".join(p.get_text() for p in d)
        missing = [s for s in expect["withhold"] if not found_in(s, text)]
        assert missing == expect.get("text_layer_missing", []), (job.stem, missing)
        if content.build_doc(job.kind).long and job.producer != "tesseract-scan":
            assert expect["pages"] >= build_corpus.MIN_LONG_PAGES, job.stem
    rotated = [j for j in JOBS if j.options.get("rotate") or j.options.get("sideways") or j.kind == "landscape_register"]
    assert any(pymupdf.open(corpus_dir / j.producer / f"{j.stem}.pdf")[-1].rotation == 90 for j in rotated)


@pytest.mark.slow
def test_no_released_file_leaks_to_independent_parsers(corpus_dir, tmp_path, capsys):
    """One document per producer through `redactor batch`; every released file re-read by pdftotext,
    pdfminer.six, pypdf and qpdf. Release itself is not asserted yet (issue 19): the table is printed."""
    bench = _bench()
    result = bench.run(corpus_dir, tmp_path / "out", workers=2, one_per_producer=True)
    with capsys.disabled():
        print("\n" + bench.summary(result))
    assert len(result["documents"]) == len(PRODUCERS)
    assert not [d for d in result["documents"] if d["status"] in ("error", "checker-error")]
    leaks = [(d["doc"], f["needle"], f["parser"]) for d in result["documents"]
             if d["status"].startswith("released") for f in d["leaks"]]
    assert leaks == []
