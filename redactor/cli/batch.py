"""`redactor batch`: the Click layer over redactor.batch (progress bar, summary table, exit code)."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import click

from redactor.cli.options import build_run_options, make_out_dir, run_options, user_option
from redactor.cli.output import fail
from redactor.errors import ExitCode, RedactorError

# The share of --timeout one Office conversion may take (office.convert_file's own limit, which stops
# LibreOffice cleanly), so that a slow conversion fails as a timeout before its worker is killed.
CONVERT_SHARE = 0.8


class RichProgress:
    """Documents and pages done, pages/s and ETA, on stderr; a no-op when stderr is not a terminal. The bar
    starts with the first phase, so an error before any document (no such folder) is one line alone."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
            TextColumn("{task.fields[pages]} pages, {task.fields[rate]} pages/s"), TextColumn("ETA"),
            TimeRemainingColumn(), console=Console(stderr=True), transient=False,
        )
        self.task = None
        self.pages = 0
        self.started = time.monotonic()

    def __enter__(self) -> RichProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress.live.is_started:
            self.progress.stop()

    def phase(self, name: str, documents: int) -> None:
        if not self.progress.live.is_started:
            self.progress.start()
        self.pages, self.started = 0, time.monotonic()
        self.task = self.progress.add_task(name, total=documents, pages=0, rate="-")

    def advance(self, pages: int) -> None:
        self.pages += pages
        rate = self.pages / max(1e-6, time.monotonic() - self.started)
        self.progress.update(self.task, advance=1, pages=self.pages, rate=f"{rate:.1f}")


def print_summary(result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"batch {result.in_dir} -> {result.out_dir}")
    for col in ("ok", "failed", "skipped (done before)", "pages", "redactions", "elapsed"):
        table.add_column(col, justify="right")
    table.add_row(str(len(result.processed)), str(len(result.failed)), str(len(result.skipped)), str(result.pages),
                  str(result.redactions), f"{result.seconds:.1f} s")
    console.print(table)
    if result.by_exemption:
        codes = Table(title="redactions per exemption (whole bundle)")
        codes.add_column("exemption")
        codes.add_column("redactions", justify="right")
        for code, n in result.by_exemption.items():
            codes.add_row(code, str(n))
        console.print(codes)
    console.print(f"report: {result.report_json} and {result.report_html.name}; schedule: {result.schedule}")


@click.command("batch", short_help="Redact every document in a folder, in parallel and resumably.")
@click.argument("in_dir", type=click.Path(path_type=Path))  # not a folder: one line, exit 3 (batch.run)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: mirrors IN_DIR, and holds ledger.sqlite and batch-report.json/html.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Worker processes (each loads the NLP model once).")
@run_options
@user_option
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Seconds one document may take before its worker is stopped and it is recorded as failed "
                   f"(exit {int(ExitCode.TIMEOUT)}); converting an Office file may take {CONVERT_SHARE:.0%} of it.")
@click.option("--max-memory-mb", type=click.IntRange(min=0), default=4096, show_default=True,
              help="Address-space limit per worker (0: none); a document that needs more fails itself.")
@click.option("--force", is_flag=True, help="Redo every document, even those the ledger has as done.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary (for cron): only failures, on stderr.")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Local worker processes, or an existing Dask distributed cluster (needs --scheduler).")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
def batch_cmd(in_dir: Path, out_dir: Path, workers: int, timeout: float, max_memory_mb: int, force: bool,
              quiet: bool, executor: str, scheduler: str | None, **shared) -> None:
    """Redact every document under IN_DIR (PDF, .eml, .msg, .txt, .md, Office files, images) into --out, in
    parallel and resumably.

    Re-running the same command skips documents already done (same file, same configuration) and redoes
    failed and changed ones. Files of other types are listed as skipped. Exit code: 0 if every document
    was released, 9 if some failed (see batch-report.json), 14 if IN_DIR holds no document to process,
    130 if interrupted (re-run to resume), 3 if IN_DIR is not a folder, 8 for a bad configuration.
    """
    from redactor.batch import BatchConfig, run_batch
    from redactor.batch.run import check_input_folder

    try:
        options = replace(build_run_options(out_dir, **shared), convert_timeout=CONVERT_SHARE * timeout)
        check_input_folder(in_dir)  # before --out is made
        make_out_dir(out_dir)
        batch = BatchConfig(in_dir, out_dir, options, workers=workers, timeout=timeout,
                            max_memory_mb=max_memory_mb, force=force, executor=executor, scheduler=scheduler)
        if quiet:
            result = run_batch(batch)
        else:
            with RichProgress() as progress:
                result = run_batch(batch, progress)
    except KeyboardInterrupt:
        click.echo("interrupted: re-run the same command to resume", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except RedactorError as exc:
        fail(exc)
    for path, reason in result.failed.items():
        click.echo(f"failed: {path}: {reason}", err=True)
    for path, reason in result.unsupported.items():  # even with --quiet: never skipped silently
        click.echo(f"skipped: {path}: {reason}", err=True)
    if result.exit_code == ExitCode.NOTHING_TO_DO:  # even with --quiet: a cron job on the wrong folder
        click.echo(f"warning: {in_dir}: no document to process (PDF, correspondence, Office files, images)",
                   err=True)
        sys.exit(int(result.exit_code))
    if not quiet:
        print_summary(result)
    sys.exit(int(result.exit_code))
