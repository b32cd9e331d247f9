"""Issue 10: hostile and malformed PDFs through the real CLI. Each either gives a verified release or
fails with a one-line reason and a documented exit code: no traceback, no hang, no partial output, no
release with text nobody analysed, memory bounded (RLIMIT_AS in the child).

The per-document timeout here is the harness's: each `redact` runs in its own process and is killed
at CASE_TIMEOUT (in production, `redactor batch --timeout` does the same per document, with SIGKILL;
see test_batch_hostile_bundle).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from conftest import all_stream_text, page_text

from redactor.errors import ExitCode
from robustness.conftest import run_cli
from robustness.hostile import CASES, OLD_SECRET, SECRET, USER_PASSWORD

CASE_TIMEOUT = 60.0
# What a failed document may exit with: each is documented in the README's exit-code table.
DOCUMENTED_FAILURES = {ExitCode.INPUT_MISSING, ExitCode.NOT_A_PDF, ExitCode.ENCRYPTED, ExitCode.EMPTY,
                       ExitCode.VERIFICATION_FAILED, ExitCode.LIMIT_EXCEEDED}
OK = ExitCode.OK


@dataclass(frozen=True)
class Expect:
    codes: frozenset = frozenset({OK})
    unreviewed: bool = False  # released, but with pages listed as unreviewed (text not readable)
    slow: bool = False
    timeout: float = CASE_TIMEOUT


def _e(*codes, **kw) -> Expect:
    return Expect(frozenset(codes or {OK}), **kw)


EXPECT: dict[str, Expect] = {
    "empty_file": _e(ExitCode.EMPTY),
    "header_only": _e(ExitCode.NOT_A_PDF),
    "html_renamed": _e(ExitCode.NOT_A_PDF),
    "zip_renamed": _e(ExitCode.NOT_A_PDF),
    "header_too_late": _e(ExitCode.NOT_A_PDF),
    "truncated_half": _e(OK, ExitCode.NOT_A_PDF),
    "no_pages": _e(ExitCode.EMPTY),
    "page_tree_cycle": _e(ExitCode.NOT_A_PDF),
    "page_count_lies": _e(OK, ExitCode.NOT_A_PDF),
    "kids_missing": _e(OK, ExitCode.NOT_A_PDF),
    "ten_thousand_pages": _e(OK, slow=True, timeout=900),
    "no_tounicode_controls": _e(OK, unreviewed=True),
    "no_tounicode_cid": _e(OK, unreviewed=True),
    "tounicode_private_use": _e(OK, unreviewed=True),
    "deflate_bomb": _e(ExitCode.LIMIT_EXCEEDED),
    "image_dimension_bomb": _e(OK, ExitCode.LIMIT_EXCEEDED),
    "xobject_self_recursion": _e(OK, ExitCode.LIMIT_EXCEEDED),
    "xobject_deep_chain": _e(OK, ExitCode.LIMIT_EXCEEDED),
    "deeply_nested_arrays": _e(OK, ExitCode.LIMIT_EXCEEDED),
    "encrypted_user_password": _e(ExitCode.ENCRYPTED),
    "many_tiny_glyphs": _e(OK, slow=True, timeout=300),  # 60,000 hidden glyphs: was hours (harden.py fix)
}


def _params() -> list:
    params = []
    for name in CASES:
        expect = EXPECT.get(name, Expect())
        params.append(pytest.param(name, expect, id=name, marks=[pytest.mark.slow] if expect.slow else []))
    return params


def _outcome(run, report: dict | None) -> str:
    if run.timed_out:
        return "TIMEOUT"
    if run.returncode == 0:
        return report["status"] if report else "released?"
    return f"failed: {ExitCode(run.returncode).name}" if run.returncode in set(ExitCode) else "failed: ?"


def redact(path: Path, out: Path, *extra: str, timeout: float = CASE_TIMEOUT):
    return run_cli("redact", str(path), "--out", str(out), *extra, timeout=timeout)


def check_no_release(path: Path, out: Path) -> None:
    assert not list(out.glob("*.partial")) and not list(out.glob(".*.partial"))
    assert not (out / f"{path.stem}.redacted.pdf").exists()


def check_release(path: Path, out: Path, *, unreviewed: bool, timeout: float = CASE_TIMEOUT) -> dict:
    """A released file: verified again by `redactor verify`, free of the fixture secrets, not encrypted."""
    released, report_path = out / f"{path.stem}.redacted.pdf", out / f"{path.stem}.report.json"
    assert released.exists() and report_path.exists()
    assert not list(out.glob(".*.partial"))
    report = json.loads(report_path.read_text())
    again = run_cli("verify", str(released), "--report", str(report_path), timeout=timeout)
    assert again.returncode == 0, again.stdout + again.stderr
    streams, text = all_stream_text(released), page_text(released)
    for secret in (SECRET, OLD_SECRET):
        assert secret not in streams and secret not in text
    with pymupdf.open(released) as doc:
        assert not doc.needs_pass and not doc.is_encrypted
    if unreviewed:
        assert report["status"] == "released_with_unreviewed_pages" and report["unreviewed_pages"]
    else:
        assert report["status"] == "released", report.get("unreviewed_pages")
    return report


@pytest.mark.parametrize(("name", "expect"), _params())
def test_hostile_input(name: str, expect: Expect, tmp_path: Path, robustness_rows: list) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(CASES[name]())
    out = tmp_path / "out"
    run = redact(path, out, timeout=expect.timeout)
    report = None
    if run.returncode == 0 and (out / f"{name}.report.json").exists():
        report = json.loads((out / f"{name}.report.json").read_text())
    robustness_rows.append((name, _outcome(run, report), run.returncode, run.seconds, run.peak_rss_kb))

    assert not run.timed_out, f"{name}: no result within {expect.timeout:g} s"
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode in expect.codes, f"{name}: exit {run.returncode}: {run.stderr}"
    if run.returncode == OK:
        check_release(path, out, unreviewed=expect.unreviewed, timeout=expect.timeout)
    else:
        assert run.returncode in DOCUMENTED_FAILURES
        errors = [line for line in run.stderr.splitlines() if line.strip()]
        assert len(errors) == 1 and errors[0].startswith(f"error: {path}: "), run.stderr
        check_no_release(path, out)


def test_enough_cases() -> None:
    assert len(CASES) >= 40
    assert set(EXPECT) <= set(CASES)


# --- passwords ---------------------------------------------------------------------------------------

@pytest.fixture
def locked(tmp_path: Path) -> Path:
    path = tmp_path / "locked.pdf"
    path.write_bytes(CASES["encrypted_user_password"]())
    return path


def test_password_opens_encrypted_input_and_output_is_not_encrypted(locked: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = redact(locked, out, "--password", USER_PASSWORD)
    assert run.returncode == 0, run.stderr
    check_release(locked, out, unreviewed=False)
    with pymupdf.open(out / "locked.redacted.pdf") as doc:
        assert "Page 1 of the incident file." in doc[0].get_text()  # readable without any password


def test_password_file(locked: Path, tmp_path: Path) -> None:
    secret_file = tmp_path / "pw.txt"
    secret_file.write_text(USER_PASSWORD + "\n")
    run = redact(locked, tmp_path / "out", "--password-file", str(secret_file))
    assert run.returncode == 0, run.stderr


def test_wrong_password_is_encrypted_error(locked: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = redact(locked, out, "--password", "wrong")
    assert run.returncode == ExitCode.ENCRYPTED
    assert "password given does not open it" in run.stderr and "Traceback" not in run.stderr
    check_no_release(locked, out)
    assert USER_PASSWORD not in run.stderr


def test_owner_password_only_needs_no_password(tmp_path: Path) -> None:
    path = tmp_path / "owner.pdf"
    path.write_bytes(CASES["encrypted_owner_only"]())
    with pymupdf.open(path) as doc:
        assert not doc.needs_pass
    assert b"/Encrypt" in path.read_bytes()
    out = tmp_path / "out"
    assert redact(path, out).returncode == 0
    check_release(path, out, unreviewed=False)


# --- revisions, unreadable text ----------------------------------------------------------------------

def test_earlier_revision_does_not_survive(tmp_path: Path) -> None:
    path = tmp_path / "updated.pdf"
    path.write_bytes(CASES["incremental_update"]())
    assert OLD_SECRET.encode() in path.read_bytes()  # the first draft is still in the input file
    with pymupdf.open(path) as doc:
        assert doc.version_count == 2 and OLD_SECRET not in doc[0].get_text()
    out = tmp_path / "out"
    assert redact(path, out).returncode == 0
    released = out / "updated.redacted.pdf"
    assert OLD_SECRET.encode() not in released.read_bytes()
    assert OLD_SECRET not in all_stream_text(released)
    report = json.loads((out / "updated.report.json").read_text())
    assert any("2 revisions" in w for w in report["warnings"])


def test_unreadable_text_fails_with_strict(tmp_path: Path) -> None:
    path = tmp_path / "garbled.pdf"
    path.write_bytes(CASES["no_tounicode_cid"]())
    out = tmp_path / "out"
    run = redact(path, out, "--strict")
    assert run.returncode == ExitCode.VERIFICATION_FAILED and "ToUnicode" in run.stderr
    check_no_release(path, out)


# --- the batch runner: its own per-document timeout and memory limit ---------------------------------

def test_batch_hostile_bundle(tmp_path: Path) -> None:
    in_dir, out = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    for name in ("deflate_bomb", "image_dimension_bomb", "page_tree_cycle", "html_renamed", "type3_font",
                 "incremental_update"):
        (in_dir / f"{name}.pdf").write_bytes(CASES[name]())
    run = run_cli("batch", str(in_dir), "--out", str(out), "--workers", "2", "--timeout", "60",
                  "--max-memory-mb", "2048", "-q", timeout=300)
    assert "Traceback" not in run.stderr
    assert run.returncode == ExitCode.SOME_FAILED, run.stderr
    assert (out / "type3_font.redacted.pdf").exists() and (out / "incremental_update.redacted.pdf").exists()
    for name in ("deflate_bomb", "image_dimension_bomb", "page_tree_cycle", "html_renamed"):
        assert not (out / f"{name}.redacted.pdf").exists()
        assert f"{name}.pdf" in run.stderr
    assert not list(out.rglob("*.partial"))
