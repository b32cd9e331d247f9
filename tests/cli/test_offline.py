"""Offline: the real CLI, with the real spaCy model, makes no network attempt and prints no warning noise.

Two independent guards: an audit hook that records every socket connect/DNS lookup the process tries
(Python's own auditing, PEP 578), and, where available, a network namespace with no interfaces at all
(`unshare -n`), in which any fetch would fail loudly.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_docs" / "letter_signature.pdf"

AUDITED = """
import sys
def hook(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        sys.stderr.write(f"NETWORK ATTEMPT {event} {args!r}\\n")
sys.addaudithook(hook)
from redactor.cli import main
sys.argv = ["redactor"] + sys.argv[1:]
main()
"""


def _run(prefix: list[str], out: Path) -> subprocess.CompletedProcess:
    cmd = [*prefix, sys.executable, "-c", AUDITED, "redact", str(SAMPLE), "--out", str(out)]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(out.parent), "LANG": "C.UTF-8"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=out.parent)


@pytest.mark.slow
def test_cli_makes_no_network_attempt(tmp_path):
    result = _run([], tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "NETWORK ATTEMPT" not in result.stderr
    assert result.stderr.strip() == "", f"unexpected stderr noise: {result.stderr}"
    assert (tmp_path / "out" / "letter_signature.redacted.pdf").exists()


def _can_unshare() -> bool:
    unshare = shutil.which("unshare")
    if not unshare:
        return False
    return subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _can_unshare(), reason="unshare -n not permitted here (needs root or user namespaces)")
def test_cli_works_with_no_network_interface(tmp_path):
    result = _run(["unshare", "-n"], tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "NETWORK ATTEMPT" not in result.stderr
    assert (tmp_path / "out" / "letter_signature.redacted.pdf").exists()


def test_audit_hook_catches_a_network_attempt():
    """The guard above can fail: a DNS lookup under the same hook is reported."""
    probe = AUDITED.split("from redactor.cli")[0] + "import socket\ntry:\n    socket.getaddrinfo('example.org', 80)\nexcept OSError:\n    pass\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert "NETWORK ATTEMPT socket.getaddrinfo" in result.stderr
