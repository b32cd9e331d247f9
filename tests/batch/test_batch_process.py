"""The batch as a process: killed with SIGKILL or SIGTERM mid-run and re-run, the CLI's options and exit
codes, a Dask LocalCluster, and one run with the real model."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import click
import pymupdf
import pytest
from click.testing import CliRunner

from redactor.batch.ledger import LEDGER_NAME
from redactor.cli import main
from redactor.cli.batch import batch_cmd
from redactor.errors import ExitCode

from .helpers import run, write

STUBRUN = Path(__file__).with_name("stubrun.py")
LETTER = ["Dear Ms Raghunathan,", "Tom Whitfield will call you on 01632 960123."]


def _bundle(in_dir: Path, n: int = 20) -> None:
    for i in range(n):
        write(in_dir, f"box{i % 3}/doc{i:02d}.pdf", LETTER, [f"Page two of document {i}."])


def _ok_count(out_dir: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{out_dir / LEDGER_NAME}?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _start(in_dir: Path, out_dir: Path, sleep: float) -> subprocess.Popen:
    cmd = [sys.executable, str(STUBRUN), "batch", str(in_dir), "--out", str(out_dir), "--workers", "2", "-q"]
    return subprocess.Popen(cmd, env={"PATH": "/usr/bin:/bin", "BATCH_TEST_SLEEP": str(sleep)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_first_entries(proc: subprocess.Popen, out_dir: Path) -> None:
    deadline = time.monotonic() + 120
    while _ok_count(out_dir) < 2:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no ledger entries appeared"
        time.sleep(0.05)


def _assert_complete(out_dir: Path, n: int = 20) -> None:
    assert sorted(out_dir.rglob("*.partial")) == []
    released = sorted(out_dir.rglob("*.redacted.pdf"))
    assert len(released) == n
    for path in released:
        with pymupdf.open(path) as doc:
            assert doc.page_count == 2
    assert _ok_count(out_dir) == n


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killed_batch_resumes_and_loses_nothing(in_dir, out_dir, how):
    _bundle(in_dir)
    proc = _start(in_dir, out_dir, sleep=0.3)
    _wait_for_first_entries(proc, out_dir)
    proc.send_signal(how)
    proc.communicate(timeout=60)
    if how == signal.SIGTERM:
        assert proc.returncode == ExitCode.INTERRUPTED
    done_before = _ok_count(out_dir)
    assert 2 <= done_before < 20
    for path in out_dir.rglob("*.redacted.pdf"):  # whatever is under a release name is whole
        with pymupdf.open(path) as doc:
            assert doc.page_count == 2

    again = _start(in_dir, out_dir, sleep=0)
    _, stderr = again.communicate(timeout=300)

    assert again.returncode == 0, stderr
    _assert_complete(out_dir)
    report = json.loads((out_dir / "batch-report.json").read_text())
    assert report["summary"]["skipped_this_run"] >= done_before
    assert report["summary"]["ok"] == 20


def test_cli_batch_exit_codes_and_summary(in_dir, out_dir):
    write(in_dir, "good.pdf", LETTER)
    runner = CliRunner()
    ok = runner.invoke(main, ["batch", str(in_dir), "--out", str(out_dir), "--workers", "1"])
    assert ok.exit_code == 0, ok.output
    assert "redactions per exemption" in ok.output

    (in_dir / "bad.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    bad = runner.invoke(main, ["batch", str(in_dir), "--out", str(out_dir), "-q"])
    assert bad.exit_code == ExitCode.SOME_FAILED == 9
    assert "failed: bad.pdf: corrupt PDF" in bad.output
    assert "redactions per exemption" not in bad.output  # quiet: failures only

    missing = runner.invoke(main, ["batch", str(in_dir / "nope"), "--out", str(out_dir), "-q"])
    assert missing.exit_code == ExitCode.INPUT_MISSING and missing.output.startswith("error: ")  # as a missing file
    no_scheduler = runner.invoke(main, ["batch", str(in_dir), "--out", str(out_dir), "--executor", "dask"])
    assert no_scheduler.exit_code == ExitCode.CONFIG_ERROR and "--scheduler" in no_scheduler.output


def test_every_batch_option_has_help():
    options = [p for p in batch_cmd.params if isinstance(p, click.Option)]
    names = {p.name for p in options}
    # the batch options, and the processing options every command shares (profile, lists, requester)
    assert {"out_dir", "workers", "timeout", "max_memory_mb", "force", "quiet", "executor", "scheduler",
            "profile", "config", "allow_lists", "deny_lists", "requester"} <= names
    for param in options:
        assert param.help, param.name
    assert batch_cmd.help


@pytest.mark.slow
def test_dask_local_cluster_same_ledger_semantics(in_dir, out_dir):
    distributed = pytest.importorskip("distributed")
    write(in_dir, "letter.pdf", ["Letter signed by Tom Whitfield, case officer."])
    write(in_dir, "sub/memo.pdf", ["Whitfield approved the budget."])
    (in_dir / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)

    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        first = run(in_dir, out_dir, executor="dask", scheduler=cluster.scheduler_address)
        second = run(in_dir, out_dir, executor="dask", scheduler=cluster.scheduler_address)

    assert first.exit_code == ExitCode.SOME_FAILED and set(first.failed) == {"corrupt.pdf"}
    assert sorted(first.processed) == ["letter.pdf", "sub/memo.pdf"]
    assert (out_dir / "sub" / "memo.redacted.pdf").exists()
    assert second.processed == [] and sorted(second.skipped) == ["letter.pdf", "sub/memo.pdf"]


@pytest.mark.slow
def test_real_model_batch(in_dir, out_dir, monkeypatch):
    import redactor.batch

    monkeypatch.setattr(redactor.batch.tasks, "make_detector", redactor.batch.tasks.Detector)
    write(in_dir, "letter.pdf", ["Dear Mr Smith,", "Sarah Jenkins from the planning team will call you."])
    write(in_dir, "memo.pdf", ["Jenkins approved the budget on Tuesday."])

    result = run(in_dir, out_dir, workers=2)

    assert result.exit_code == ExitCode.OK, result.failed
    from conftest import page_text

    assert "Jenkins" not in page_text(out_dir / "letter.redacted.pdf")
    assert "Jenkins" not in page_text(out_dir / "memo.redacted.pdf")  # found in the letter, withheld here too
