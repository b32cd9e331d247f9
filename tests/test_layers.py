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


def test_every_exception_class_is_in_errors():
    """errors.py holds every exception a user can meet (each carries its exit code); a private helper
    exception (a leading underscore) may stay where it is used."""
    import ast

    from redactor import errors

    bases = {"Exception", "BaseException"} | {name for name, value in vars(errors).items()
                                             if isinstance(value, type) and issubclass(value, BaseException)}
    elsewhere = []
    for path in sorted((ROOT / "redactor").rglob("*.py")):
        if path == ROOT / "redactor" / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_") and any(
                    (b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)) in bases for b in node.bases):
                elsewhere.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert elsewhere == [], "move these to redactor/errors.py"
