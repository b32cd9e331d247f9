"""The CLI's one error handler, and what redact and apply print about a release.

Every failure a user can cause is a RedactorError carrying its exit code (redactor.errors): the CLI
prints it as one line, `error: PATH: reason`, and exits with that code. Anything else is a bug: its
traceback is Python's own.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from redactor.errors import ExitCode, RedactorError

if TYPE_CHECKING:  # the pipeline (spaCy, Presidio) is imported only by the commands that run it
    from redactor.pipeline import DocumentResult


def fail(exc: RedactorError) -> NoReturn:
    click.echo(f"error: {exc}", err=True)
    sys.exit(int(exc.exit_code))


@contextlib.contextmanager
def exit_on_error() -> Iterator[None]:
    """Run a command's library calls; a RedactorError ends the command through `fail`."""
    try:
        yield
    except RedactorError as exc:
        fail(exc)


def run_each(inputs: Iterable[Path], process: Callable, show: Callable) -> NoReturn:
    """redact's and analyze's loop: every input is processed (a bad one never stops the rest), a failure
    is one `error:` line, a result is printed by `show` (which returns its exit code); the command exits
    0 if every input succeeded, else with the first failure's code."""
    first_failure = ExitCode.OK
    for source in inputs:
        result = process(source)
        if result.error is not None:
            click.echo(f"error: {result.error}", err=True)
            first_failure = first_failure or result.error.exit_code
            continue
        first_failure = first_failure or show(result)
    sys.exit(int(first_failure))


def print_release_outcome(result: DocumentResult, quiet: bool) -> ExitCode:
    """What redact and apply print after a document's summary line, and its exit code: schedule warnings
    (even with --quiet: the officer must reword these), a schedule that could not be written (one error
    line each), pages nobody's software read, and where each attachment went."""
    for released in result.releases():
        for warning in released.schedule_warnings:
            click.echo(f"  warning: schedule: {warning}", err=True)
        if released.schedule_error is not None:
            click.echo(f"error: {released.schedule_error}", err=True)
    if result.unreviewed_pages:  # even with --quiet: a page nobody's software read is not a clean release
        click.echo(f"{result.source}: unreviewed_pages: {result.unreviewed_pages} (text not read; not a clean "
                   "release)", err=True)
    if not quiet:
        for child in result.attachments:  # correspondence: attachments released as documents of their own
            click.echo(f"  attachment {child.source.name} -> {child.output or 'not released'}")
    return result.exit_code
