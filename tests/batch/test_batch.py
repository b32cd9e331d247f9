"""Batch runs with real PDFs and the stub pipeline: mirroring, ledger and resume, fault isolation
(corrupt, encrypted, hung, crashing and memory-hungry documents), bundle-wide names, duplicates, reports."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pymupdf
import pytest
from conftest import page_text

import redactor.batch as batch
from redactor.batch.ledger import LEDGER_NAME
from redactor.config.profiles import available_profiles
from redactor.errors import ExitCode

from .helpers import run, write

LETTER = ["Dear Ms Raghunathan,", "Tom Whitfield will call you on 01632 960123.", "Yours, the FOI team"]


def _ledger(out_dir: Path) -> dict[str, sqlite3.Row]:
    db = sqlite3.connect(out_dir / LEDGER_NAME)
    db.row_factory = sqlite3.Row
    rows = {r["path"]: r for r in db.execute("SELECT * FROM documents")}
    db.close()
    return rows


def _encrypted(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret Tom Whitfield")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")


def _partials(out_dir: Path) -> list[Path]:
    return sorted(out_dir.rglob("*.partial"))


@pytest.fixture
def mixed(in_dir: Path) -> Path:
    write(in_dir, "good.pdf", LETTER)
    write(in_dir, "a/b/deep.pdf", ["Minutes: Adaeze Okonkwo presented."], ["Nothing on page two."])
    (in_dir / "a" / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    _encrypted(in_dir / "a" / "locked.pdf")
    (in_dir / "notes.zip").write_bytes(b"PK not a supported format, not picked up")
    return in_dir


def test_mirrors_the_tree_and_isolates_bad_files(mixed, out_dir):
    result = run(mixed, out_dir)

    assert result.exit_code == ExitCode.SOME_FAILED
    assert sorted(result.processed) == ["a/b/deep.pdf", "good.pdf"]
    assert set(result.failed) == {"a/corrupt.pdf", "a/locked.pdf"}
    assert (out_dir / "good.redacted.pdf").exists() and (out_dir / "good.report.json").exists()
    assert (out_dir / "a" / "b" / "deep.redacted.pdf").exists()
    assert "Okonkwo" not in page_text(out_dir / "a" / "b" / "deep.redacted.pdf")
    assert not (out_dir / "a" / "corrupt.redacted.pdf").exists()
    assert not (out_dir / "a" / "locked.redacted.pdf").exists()
    assert _partials(out_dir) == []

    rows = _ledger(out_dir)
    assert rows["good.pdf"]["status"] == "ok" and rows["good.pdf"]["pages"] == 1
    assert rows["a/b/deep.pdf"]["pages"] == 2
    assert rows["a/corrupt.pdf"]["exit_code"] == ExitCode.NOT_A_PDF
    assert "corrupt PDF" in rows["a/corrupt.pdf"]["error"]
    assert rows["a/locked.pdf"]["exit_code"] == ExitCode.ENCRYPTED
    assert len(rows["good.pdf"]["sha256"]) == 64 and rows["good.pdf"]["config_hash"]

    report = json.loads((out_dir / "batch-report.json").read_text())
    assert report["summary"]["ok"] == 2 and report["summary"]["failed"] == 2
    assert report["summary"]["by_exemption"]["s40(2)"] >= 3
    assert {f["path"] for f in report["failures"]} == {"a/corrupt.pdf", "a/locked.pdf"}
    html = (out_dir / "batch-report.html").read_text()
    assert "a/locked.pdf" in html and "encrypted" in html
    schedule = [Path(p) for p in report["schedule"]]
    assert all(p.exists() for p in schedule)
    csv_text = schedule[0].read_text()
    assert "good.pdf" in csv_text and "Whitfield" not in csv_text  # the requester's view: no withheld text


def test_rerun_skips_done_and_retries_failed(mixed, out_dir):
    run(mixed, out_dir)
    released = (out_dir / "good.redacted.pdf").stat().st_mtime_ns

    again = run(mixed, out_dir)

    assert again.processed == []
    assert sorted(again.skipped) == ["a/b/deep.pdf", "good.pdf"]
    assert set(again.failed) == {"a/corrupt.pdf", "a/locked.pdf"}  # failed ones are tried again
    assert (out_dir / "good.redacted.pdf").stat().st_mtime_ns == released
    assert again.pages == 3  # the summary covers the whole bundle, skipped documents included


def test_force_redoes_everything(mixed, out_dir):
    run(mixed, out_dir)
    again = run(mixed, out_dir, force=True)
    assert sorted(again.processed) == ["a/b/deep.pdf", "good.pdf"] and again.skipped == []


def test_changed_file_and_deleted_output_are_redone(mixed, out_dir):
    run(mixed, out_dir)
    write(mixed, "good.pdf", LETTER, ["A second page about Daniel McAllister."])
    (out_dir / "a" / "b" / "deep.redacted.pdf").unlink()

    again = run(mixed, out_dir)

    assert sorted(again.processed) == ["a/b/deep.pdf", "good.pdf"]
    assert _ledger(out_dir)["good.pdf"]["pages"] == 2
    assert "McAllister" not in page_text(out_dir / "good.redacted.pdf")


def test_changed_profile_redoes_everything(in_dir, out_dir):
    write(in_dir, "one.pdf", LETTER)
    run(in_dir, out_dir)
    profiles = sorted(name for name in available_profiles() if name != "uk-foia")
    if not profiles:
        pytest.skip("only one profile is shipped")
    again = run(in_dir, out_dir, profile=profiles[0])
    assert again.processed == ["one.pdf"]


def test_names_propagate_across_the_bundle(in_dir, out_dir):
    # The stub finds "Tom Whitfield" only as a full name; the memo names him by surname alone.
    write(in_dir, "letter.pdf", ["Letter signed by Tom Whitfield, case officer."])
    write(in_dir, "sub/memo.pdf", ["Budget memo."], ["Whitfield approved the budget."])
    write(in_dir, "other.pdf", ["Nothing personal here at all."])

    result = run(in_dir, out_dir)

    assert result.exit_code == ExitCode.OK
    assert "Whitfield" not in page_text(out_dir / "sub" / "memo.redacted.pdf")
    report = json.loads((out_dir / "batch-report.json").read_text())
    people = {p["name"]: p["documents"] for p in report["people"]}
    assert people["Tom Whitfield"] == [{"path": "letter.pdf", "pages": [1]}, {"path": "sub/memo.pdf", "pages": [2]}]
    assert sorted(result.skipped) == []
    assert run(in_dir, out_dir).skipped == ["letter.pdf", "other.pdf", "sub/memo.pdf"]


def test_a_new_name_in_the_bundle_redoes_only_documents_it_occurs_in(in_dir, out_dir):
    write(in_dir, "memo.pdf", ["Okonkwo approved the budget."])
    write(in_dir, "other.pdf", ["Nothing personal here at all."])
    run(in_dir, out_dir)
    assert "Okonkwo" in page_text(out_dir / "memo.redacted.pdf")  # nobody in the bundle named her yet

    write(in_dir, "later.pdf", ["Adaeze Okonkwo wrote to us."])
    again = run(in_dir, out_dir)

    assert sorted(again.processed) == ["later.pdf", "memo.pdf"]
    assert again.skipped == ["other.pdf"]
    assert "Okonkwo" not in page_text(out_dir / "memo.redacted.pdf")


def test_duplicates_are_flagged(in_dir, out_dir):
    body = [f"Paragraph {i}: the council reviewed the parking permit scheme and its budget." for i in range(30)]
    write(in_dir, "a.pdf", body)
    write(in_dir, "copy/a.pdf", body)
    write(in_dir, "near.pdf", [*body[:29], "Paragraph 29: the council reviewed the parking scheme and budget."])
    write(in_dir, "other.pdf", ["Something else entirely."])

    run(in_dir, out_dir)

    groups = json.loads((out_dir / "batch-report.json").read_text())["duplicates"]
    exact = [g for g in groups if g["kind"] == "exact"]
    near = [g for g in groups if g["kind"] == "near"]
    assert [g["documents"] for g in exact] == [["a.pdf", "copy/a.pdf"]]
    assert len(near) == 1 and set(near[0]["documents"]) == {"a.pdf", "copy/a.pdf", "near.pdf"}
    assert near[0]["similarity"] >= batch.NEAR_DUPLICATE


def _hang_on(name: str):
    real = batch.tasks.redact_source

    def redact(source, options, detector, *args):
        if source.name == name:
            options.out_dir.mkdir(parents=True, exist_ok=True)
            (options.out_dir / f".{source.stem}.redacted.pdf.{os.getpid()}.partial").write_bytes(b"half")
            time.sleep(600)
        return real(source, options, detector, *args)

    return redact


def test_hung_document_times_out_alone(in_dir, out_dir, monkeypatch):
    write(in_dir, "hang.pdf", LETTER)
    for i in range(3):
        write(in_dir, f"ok{i}.pdf", LETTER)
    monkeypatch.setattr(batch.tasks, "redact_source", _hang_on("hang.pdf"))

    started = time.monotonic()
    result = run(in_dir, out_dir, timeout=3)

    assert time.monotonic() - started < 60
    assert set(result.failed) == {"hang.pdf"} and len(result.processed) == 3
    row = _ledger(out_dir)["hang.pdf"]
    assert row["exit_code"] == ExitCode.TIMEOUT and "timed out after 3 s" in row["error"]
    assert _partials(out_dir) == []
    assert not (out_dir / "hang.redacted.pdf").exists()


def test_crashing_worker_is_retried_once_then_recorded(in_dir, out_dir, monkeypatch, tmp_path):
    write(in_dir, "crash.pdf", LETTER)
    write(in_dir, "flaky.pdf", LETTER)
    write(in_dir, "fine.pdf", LETTER)
    real = batch.tasks.redact_source
    marker = tmp_path / "flaky-crashed-once"

    def redact(source, options, detector, *args):
        if source.name == "crash.pdf":
            os._exit(70)  # as a segfault in a C library would, no Python clean-up
        if source.name == "flaky.pdf" and not marker.exists():
            marker.touch()
            os._exit(70)
        return real(source, options, detector, *args)

    monkeypatch.setattr(batch.tasks, "redact_source", redact)
    result = run(in_dir, out_dir)

    assert set(result.failed) == {"crash.pdf"}
    assert sorted(result.processed) == ["fine.pdf", "flaky.pdf"]
    rows = _ledger(out_dir)
    assert "worker crashed (exit code 70) on 2 attempt(s)" in rows["crash.pdf"]["error"]
    assert rows["flaky.pdf"]["attempts"] == 2 and rows["flaky.pdf"]["status"] == "ok"


def test_memory_hungry_document_fails_itself(in_dir, out_dir, monkeypatch):
    write(in_dir, "hog.pdf", LETTER)
    write(in_dir, "fine.pdf", LETTER)
    real = batch.tasks.redact_source

    def redact(source, options, detector, *args):
        if source.name == "hog.pdf":
            hoard = bytearray(8 * 1024**3)  # far past the limit below
            del hoard
        return real(source, options, detector, *args)

    monkeypatch.setattr(batch.tasks, "redact_source", redact)
    result = run(in_dir, out_dir, max_memory_mb=3072)

    assert set(result.failed) == {"hog.pdf"} and result.processed == ["fine.pdf"]
    row = _ledger(out_dir)["hog.pdf"]  # mapped like redact maps it (pipeline.as_error), not an internal error
    assert row["exit_code"] == ExitCode.LIMIT_EXCEEDED and "out of memory" in row["error"]


def test_config_hash_ignores_bundle_and_out_dir_but_not_profile(options):
    import dataclasses

    base = batch.config_hash(options)
    assert batch.config_hash(dataclasses.replace(options, out_dir=Path("/elsewhere"),
                                                 bundle_names=frozenset({"X Y"}))) == base
    stricter = options.settings.model_copy(update={"score_threshold": 0.9})
    assert batch.config_hash(dataclasses.replace(options, settings=stricter)) != base


def test_second_batch_on_the_same_output_is_refused(in_dir, out_dir):
    from redactor.batch.run import _exclusive
    from redactor.errors import ConfigError

    write(in_dir, "one.pdf", LETTER)
    with _exclusive(out_dir), pytest.raises(ConfigError, match="another batch"):
        run(in_dir, out_dir)


def test_inputs_that_would_share_an_output_name_fail_alone(in_dir, out_dir):
    write(in_dir, "x.pdf", LETTER)
    write(in_dir, "x.PDF", LETTER)
    if not (in_dir / "x.PDF").exists() or len(list(in_dir.iterdir())) < 2:
        pytest.skip("case-insensitive file system")
    result = run(in_dir, out_dir)
    assert result.processed == ["x.PDF"] or result.processed == ["x.pdf"]
    assert len(result.failed) == 1 and "clashes" in next(iter(result.failed.values()))


def test_releases_do_not_depend_on_worker_count_and_ledger_has_certificates(in_dir, tmp_path):
    """Issue 12: the same bundle with 1 and with 2 workers gives byte-identical releases, and the ledger
    records each release certificate's hash."""
    write(in_dir, "a.pdf", LETTER)
    write(in_dir, "b/b.pdf", ["Minutes: Adaeze Okonkwo presented."], ["Tom Whitfield agreed."])
    write(in_dir, "c.pdf", ["Okonkwo's report was noted by the board."])
    one, two = tmp_path / "w1", tmp_path / "w2"
    assert run(in_dir, one, workers=1).exit_code == ExitCode.OK
    assert run(in_dir, two, workers=2).exit_code == ExitCode.OK
    for rel in ("a.redacted.pdf", "b/b.redacted.pdf", "c.redacted.pdf"):
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel
    from redactor.pdf.files import sha256_file

    for rel, row in _ledger(one).items():
        cert = one / Path(rel).with_name(Path(rel).stem + ".certificate.json")
        assert row["certificate_sha256"] == sha256_file(cert), rel
    assert "Okonkwo" not in page_text(one / "c.redacted.pdf")  # bundle-wide name, in both runs


class _RecordingExecutor:
    """Runs tasks in this process, in the order given, and records that order."""

    def __init__(self) -> None:
        self.order: list[tuple[str, str]] = []
        self.peak_rss_kb: dict = {}
        self.rss_trace: list = []
        self.stage_seconds: dict = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def run(self, tasks, on_outcome) -> None:
        for task in tasks:
            self.order.append((task.kind, task.rel))
            on_outcome(task, batch.run_task(task))


def test_largest_documents_go_first(in_dir, out_dir, monkeypatch):
    """Workers take the next task as they free up: a big document left to the end of the folder order
    would run alone while the other workers idle, so each pass starts with the largest."""
    write(in_dir, "a-small.pdf", LETTER)
    write(in_dir, "b-medium.pdf", *[LETTER] * 3)
    write(in_dir, "c-large.pdf", *[LETTER] * 8)
    write(in_dir, "d-one-page-but-heavy.pdf", LETTER + ["x" * 90] * 30)  # more bytes, fewer pages
    recorder = _RecordingExecutor()
    monkeypatch.setattr(batch.run, "make_executor", lambda config: recorder)
    result = run(in_dir, out_dir)
    assert sorted(result.processed) == ["a-small.pdf", "b-medium.pdf", "c-large.pdf", "d-one-page-but-heavy.pdf"]
    sizes = {p.name: p.stat().st_size for p in in_dir.iterdir()}
    analyse = [rel for kind, rel in recorder.order if kind == batch.ANALYSE]
    redact = [rel for kind, rel in recorder.order if kind == batch.REDACT]
    assert analyse == sorted(sizes, key=lambda n: -sizes[n])  # by bytes: pages are not known yet
    assert redact[:2] == ["c-large.pdf", "b-medium.pdf"]  # by the pages the first pass counted
    # the reports keep the folder order
    report = json.loads((out_dir / "batch-report.json").read_text())
    assert [d["path"] for d in report["documents"]] == sorted(sizes)
