"""Thin Click layer: each command builds its options, calls the library, prints and exits; every error a
user can cause reaches the one handler (cli/output.py) and exits with its code (redactor.errors.ExitCode).
`redactor = "redactor.cli:main"` in pyproject.toml."""

from redactor.cli.batch import batch_cmd
from redactor.cli.main import main
from redactor.cli.review import analyze_cmd, apply_cmd, report_cmd

for _command in (batch_cmd, analyze_cmd, apply_cmd, report_cmd):
    main.add_command(_command)

__all__ = ["main"]
