"""The layer rule as a test (pyproject.toml [tool.importlinter]): an upward import, an import cycle in any
package, or spaCy/Presidio below detect fails the suite, not only `make lint`. Imports inside functions
count (grimp reads them all)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")  # import-linter, pinned in requirements.lock
    proc = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout
