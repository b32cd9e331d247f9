"""Robustness suite plumbing: run the real CLI (stub NLP) in a subprocess with a timeout and an
address-space limit, and print one table row per hostile case at the end of the session."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

STUBCLI = Path(__file__).with_name("stubcli.py")
MEMORY_LIMIT = 2 << 30  # RLIMIT_AS of every CLI run: a hostile file must fail itself, not the machine
_ROWS = pytest.StashKey[list]()


@dataclass(slots=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_kb: int
    timed_out: bool


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*args: str, timeout: float) -> Run:
    """`redactor ARGS` in a fresh process; killed at `timeout`. Peak RSS from wait4's rusage."""
    env = {k: v for k, v in os.environ.items() if k != "REDACTOR_DEBUG"}
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, str(STUBCLI), *args], stdout=out, stderr=err,
                                preexec_fn=_limit_memory, env=env)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                   seconds, usage.ru_maxrss, timed_out)


@pytest.fixture(scope="session")
def robustness_rows(request) -> list:
    rows: list = []
    request.config.stash[_ROWS] = rows
    return rows


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    rows = config.stash.get(_ROWS, None)
    if not rows:
        return
    tr = terminalreporter
    tr.section("robustness: hostile inputs through `redactor redact`")
    tr.write_line(f"{'case':<28} {'outcome':<34} {'exit':>4} {'seconds':>8} {'peak RSS MB':>12}")
    for case, outcome, code, seconds, rss_kb in sorted(rows):
        tr.write_line(f"{case:<28} {outcome:<34} {code:>4} {seconds:>8.1f} {rss_kb / 1024:>12.0f}")
