"""Click commands of the review workflow (issue 6): analyze, apply, report. Registered in cli/__init__.py."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from redactor.cli.options import (
    FILE,
    make_out_dir,
    ocr_option,
    organisation_option,
    password_options,
    prepare,
    read_password,
    run_options,
    strict_option,
)
from redactor.cli.output import exit_on_error, fail, print_release_outcome, run_each
from redactor.errors import ExitCode


@click.command("analyze", short_help="Propose redactions for review: proposals and a review page, nothing released.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for NAME.proposals.json and NAME.review.html (created if missing).")
@run_options
@click.option("--review-copy", is_flag=True,
              help="Also write NAME.REVIEW-COPY-NOT-FOR-RELEASE.pdf with every proposal outlined (internal only).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def analyze_cmd(inputs: tuple[Path, ...], out_dir: Path, review_copy: bool, quiet: bool, **shared) -> None:
    """Propose redactions for INPUTS without changing them: writes NAME.proposals.json and a review page
    NAME.review.html per document (no release, report or certificate). Export the reviewed decisions from
    the page, then release with `redactor apply`."""
    from redactor.review import analyze_file

    options, detector = prepare(inputs, out_dir, shared)

    def show(result) -> ExitCode:
        if not quiet:
            _print_proposed(result)
        return ExitCode.OK

    run_each(inputs, lambda source: analyze_file(source, options, detector, review_copy=review_copy), show)


def _print_proposed(result, indent: str = "") -> None:
    counts = ", ".join(f"{c} x{n}" for c, n in result.by_exemption.items()) or "nothing proposed"
    name = f"attachment {result.source.name}" if indent else str(result.source)
    if result.error is not None:
        click.echo(f"{indent}{name}: not analysed: {result.error.reason}")
        return
    click.echo(f"{indent}{name}: {result.pages} page(s), {result.count} proposal(s) [{counts}] -> {result.page}")
    for warning in result.warnings:  # unreviewed pages, images flagged for a person (issue 22): never silent
        click.echo(f"{indent}  warning: {warning}", err=True)
    if result.review_copy:
        click.echo(f"{indent}  internal review copy (NOT FOR RELEASE): {result.review_copy}")
    for child in result.attachments:  # correspondence: each attachment is reviewed as a document of its own
        _print_proposed(child, indent + "  ")


@click.command("apply", short_help="Release a document with the redactions of its reviewed decisions file.")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--decisions", "decisions_path", required=True, type=FILE,
              help="NAME.decisions.json exported from the review page.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for NAME.redacted.pdf, NAME.report.json, NAME.schedule.csv/.html and "
                   "NAME.certificate.json (created if missing).")
@click.option("--profile", default=None,
              help="Exemption profile (default: the one recorded in the decisions file).")
@click.option("--review-copy", is_flag=True,
              help="Also write NAME.REVIEW-COPY-NOT-FOR-RELEASE.pdf: redactions outlined, text readable, for sign-off.")
@click.option("--user", metavar="NAME",
              help="The reviewer releasing the document, recorded in the report (run.user) and the release "
                   "certificate (default: the decisions file's reviewer, else the login name).")
@organisation_option
@ocr_option
@strict_option
@password_options
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def apply_cmd(source: Path, decisions_path: Path, out_dir: Path, profile: str | None, review_copy: bool,
              user: str | None, organisation: Path | None, ocr: str, strict: bool, password: str | None,
              password_file: Path | None, quiet: bool) -> None:
    """Release SOURCE with exactly the accepted and manual redactions of a reviewed decisions file.

    An email's attachments are released with their own decisions files, found beside --decisions
    (NAME.attachment-N-*.decisions.json); an attachment without one is withheld and listed."""
    from redactor.config.run import RunOptions
    from redactor.review import DecisionsFile, apply_decisions

    with exit_on_error():
        decisions = DecisionsFile.load(decisions_path)
        user = (user or "").strip() or decisions.reviewer or None
        options = replace(RunOptions.build(out_dir, profile=profile or decisions.profile, user=user,
                                           organisation=organisation),
                          ocr=ocr, strict=strict, password=read_password(password, password_file))
        make_out_dir(out_dir)
    result = apply_decisions(source, decisions_path, options, review_copy=review_copy)
    if result.error is not None:
        fail(result.error)
    doc = result.document
    if not quiet:
        counts = ", ".join(f"{c} x{n}" for c, n in doc.by_exemption.items()) or "nothing withheld"
        click.echo(f"{source}: {doc.pages} page(s), {doc.redactions} redaction(s) ({result.manual} manual) "
                   f"[{counts}], {result.rejected} rejected -> {doc.output}")
        for path in result.schedule:
            click.echo(f"  schedule: {path}")
        if result.review_copy:
            click.echo(f"  internal review copy (NOT FOR RELEASE): {result.review_copy}")
        for warning in doc.warnings:
            click.echo(f"  warning: {warning}", err=True)
    sys.exit(int(print_release_outcome(doc, quiet)))


@click.command("report", short_help="Summarise a NAME.report.json: counts, pages and the weakest calls.")
@click.argument("report_path", metavar="REPORT.json", type=FILE)
@click.option("--lowest", default=5, show_default=True, type=click.IntRange(min=0),
              help="How many of the lowest-score decisions to list.")
def report_cmd(report_path: Path, lowest: int) -> None:
    """Print a readable summary of a NAME.report.json: counts per exemption and entity, pages, weakest calls."""
    from redactor.report import load_report
    from redactor.report.summary import summarise_report

    with exit_on_error():
        report = load_report(report_path)
        text = summarise_report(report, lowest=lowest)
    click.echo(text)
