"""A built wheel works on its own (issue 20): installed in a fresh venv, run from outside the source tree,
`redactor profiles` lists the shipped profiles and `redactor redact` releases a PDF.

This is what catches a non-editable install that cannot load a profile (configs/ not shipped as package
data), a subpackage missing from the wheel, or a module that reads files from the source tree.

No network: the wheel is built with --no-build-isolation (the project venv's setuptools), the fresh venv's
pip comes from ensurepip, and the wheel is installed with --no-deps --no-index. The third-party packages
come from the project venv through a .pth line naming its site-packages directory: a directory named in a
.pth file is put on sys.path, but the .pth files inside it are not run, so the project venv's editable
hook for redactor is not active and `import redactor` can only find the installed wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pymupdf
import pytest

REPO = Path(__file__).resolve().parent.parent
# Never copied into the build: the VCS, venvs, caches, outputs and build leftovers.
BUILD_IGNORE = shutil.ignore_patterns(".git", ".venv", ".cache", "out", "build", "dist", "*.egg-info",
                                      "__pycache__", ".pytest_cache", ".ruff_cache")


def _run(cmd: list, *, cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, f"{cmd}\nexit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def _offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1")
    return env


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_redacts(tmp_path: Path) -> None:
    env = _offline_env()

    # Build from a copy of the tree, so the shared working tree gets no build/ or *.egg-info.
    src, wheels = tmp_path / "src", tmp_path / "wheels"
    shutil.copytree(REPO, src, ignore=BUILD_IGNORE)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, "."],
         cwd=src, env=env)
    [wheel] = wheels.glob("redactor-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        cwd=tmp_path, env=env).stdout.strip())
    project_site = Path(sysconfig.get_paths()["purelib"])
    assert project_site in map(Path, site.getsitepackages())
    (purelib / "project-venv-deps.pth").write_text(f"{project_site}\n")

    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", wheel], cwd=tmp_path, env=env)

    work = tmp_path / "work"  # outside the repo: nothing can be read from the source tree by accident
    work.mkdir()
    where = _run([python, "-c", "import redactor, recognizers; print(redactor.__file__); print(recognizers.__file__)"],
                 cwd=work, env=env).stdout.split()
    for path in where:
        assert Path(path).is_relative_to(purelib), f"imported from {path}, not the installed wheel"
        assert not Path(path).is_relative_to(REPO)

    redactor = venv / "bin" / "redactor"
    profiles = _run([redactor, "profiles"], cwd=work, env=env)
    assert "uk-foia" in profiles.stdout

    pdf = work / "letter.pdf"
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 90), "Please call Tom Whitfield on 01632 960123 about IC-304588-B6D4.",
                                   fontsize=11)
        doc.save(pdf)
    _run([redactor, "redact", pdf, "--out", work / "out", "-q"], cwd=work, env=env)
    released = work / "out" / "letter.redacted.pdf"
    assert released.is_file()
    assert (work / "out" / "letter.report.json").is_file()
    with pymupdf.open(released) as doc:
        assert "01632 960123" not in doc[0].get_text()
