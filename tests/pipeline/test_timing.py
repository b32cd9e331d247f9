"""Stage timings (redactor.timing): what the pipeline records per stage, and the benchmark that prints
them (issue 9)."""

from __future__ import annotations

import json
import time

import pytest

from redactor import timing
from redactor.pipeline import redact_file


def test_stage_adds_up_and_take_starts_again():
    timing.take()
    with timing.stage("detect"):
        time.sleep(0.02)
    with timing.stage("detect"):
        time.sleep(0.01)
    spent = timing.take()
    assert 0.03 <= spent["detect"] < 1.0
    assert timing.take() == {}


def test_stage_counts_time_when_the_stage_raises():
    timing.take()
    with pytest.raises(ValueError), timing.stage("verify"):
        time.sleep(0.01)
        raise ValueError("boom")
    assert timing.take()["verify"] >= 0.01


def test_redact_records_every_stage(make_pdf, options, detector):
    pdf = make_pdf("letter.pdf", ["Dear Ms Priya Raghunathan,", "your case IC-304588-B6D4 is closed."])
    timing.take()
    result = redact_file(pdf, options, detector)
    assert result.ok, result.error
    spent = timing.take()
    assert set(spent) == set(timing.STAGES)
    assert all(seconds >= 0 for seconds in spent.values())


@pytest.mark.slow
def test_benchmark_writes_measured_numbers(tmp_path):
    from bench import stages as bench_stages

    out = tmp_path / "results.json"
    bench_stages.main(["--pages", "20", "--scaling", "2", "--long", "3", "--repeat", "2", "--results", str(out)])
    results = json.loads(out.read_text())
    rates = results["pages_per_second"]
    assert set(rates) == {"a_presidio_default", "b_spacy_ner", "c_pdf_floor", "d_redactor_1_worker",
                          "e_redactor_2_workers"}
    assert all(rate > 0 for rate in rates.values())
    # two interleaved rounds, each kept; the headline rate is each measurement's fastest round
    assert len(results["rounds"]) == 2
    assert all(rates[k] == max(r[k] for r in results["rounds"]) for k in rates)
    assert results["failed"] == {"workers_1": 0, "workers_2": 0}
    assert results["ratios"]["d/a"] == pytest.approx(rates["d_redactor_1_worker"] / rates["a_presidio_default"], rel=0.01)
    assert set(results["stage_ms_per_page_1_worker"]) == set(timing.STAGES)
    assert results["stage_ms_per_page_1_worker"]["detect"] > 0
    assert [p["pages"] for p in results["scaling"]] == [2] and results["scaling"][0]["exit_code"] == 0
    assert results["long"]["documents"] == 3 and results["long"]["rss_at_end_mb"] > 0


@pytest.mark.slow
def test_scanned_bundle_benchmark_writes_measured_numbers(tmp_path):
    from bench import scans as bench_scans

    out = tmp_path / "scans.json"
    results = bench_scans.main(["--workers", "2", "--results", str(out)])
    assert json.loads(out.read_text()) == results
    batch = results["batch"]
    assert batch["failed"] == 0 and batch["seconds"] > 0
    assert results["bundle"]["pages"] == batch["ocr_pages"] > 0  # every page of the bundle is a scan
    assert batch["ocr_reused"] == batch["ocr_pages"]  # and the redact pass read none of them again
    assert results["searchable"]["ok"] and results["searchable"]["pages"] > 1
