"""The `redactor` command group and its document commands: redact, profiles, verify, certify-check.
The batch and review commands live in cli/batch.py and cli/review.py and are added in cli/__init__.py."""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

import click

from redactor import __version__
from redactor.cli.options import prepare, run_options
from redactor.cli.output import exit_on_error, print_release_outcome
from redactor.errors import ExitCode


def _quiet_libraries() -> None:
    """Presidio and spaCy log and warn about things that are not the user's business."""
    for name in ("presidio-analyzer", "presidio-anonymizer", "spacy"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redactor")
def main() -> None:
    """Truly redact PDFs and label each redaction with the exemption that justifies it."""
    _quiet_libraries()


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for NAME.redacted.pdf and NAME.report.json (created if missing).")
@run_options
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def redact(inputs: tuple[Path, ...], out_dir: Path, quiet: bool, **shared) -> None:
    """Redact INPUTS into --out: PDF files; .eml, .msg, .txt, .md correspondence (rendered to PDF first); Office
    files (.docx .xlsx .pptx .odt .rtf .csv ...: converted by LibreOffice, hidden content made visible) and
    images (.png .jpg .tiff ...: read with OCR, so not with --ocr never). Exit code: 0 if all were released,
    else the first failure's."""
    from redactor.pipeline import redact_file

    options, detector = prepare(inputs, out_dir, shared)
    first_failure = ExitCode.OK
    for source in inputs:
        result = redact_file(source, options, detector, schedule=True)
        if result.error is not None:
            click.echo(f"error: {result.error}", err=True)
            first_failure = first_failure or result.error.exit_code
            continue
        if not quiet:
            counts = ", ".join(f"{code} x{n}" for code, n in result.by_exemption.items()) or "nothing withheld"
            click.echo(f"{source}: {result.pages} page(s), {result.redactions} redaction(s) [{counts}] -> {result.output}")
            for warning in result.warnings:
                click.echo(f"  warning: {warning}", err=True)
        first_failure = first_failure or print_release_outcome(result, quiet)
    sys.exit(int(first_failure))


@main.group(invoke_without_command=True)
@click.pass_context
def profiles(ctx: click.Context) -> None:
    """List exemption profiles and their exemption codes."""
    if ctx.invoked_subcommand is not None:
        return
    from redactor.config.profiles import available_profiles, load_profile

    with exit_on_error():
        for name in available_profiles():
            profile = load_profile(name)
            click.echo(f"{name}: {profile.title}")
            click.echo(f"  exemptions: {', '.join(profile.exemptions)}")


@profiles.command("show")
@click.argument("name")
def profiles_show(name: str) -> None:
    """Print the entity type -> exemption mapping of profile NAME."""
    from redactor.config.profiles import load_profile

    with exit_on_error():
        profile = load_profile(name)
    click.echo(f"{profile.name}: {profile.title}")
    click.echo("exemptions:")
    for code, ex in profile.exemptions.items():
        note = "" if ex.type == "absolute" or ex.public_interest else "  (no public interest statement)"
        click.echo(f"  {code:<16} {ex.type:<9} {ex.title}{note}")
    click.echo("entity type -> exemption:")
    for entity, codes in sorted(profile.entities.items()):
        click.echo(f"  {entity:<22} {'; '.join(codes)}")
    for rule in profile.context_rules:
        click.echo(f"context rule '{rule.name}': {', '.join(rule.entity_types)} -> {'; '.join(rule.exemptions)} "
                   f"({rule.mode}) when the {rule.scope} mentions: {', '.join(rule.keywords)}")
    keep = profile.keep
    if keep.people or keep.role_titles or keep.terms:
        click.echo(f"kept: people {list(keep.people)}, role titles {list(keep.role_titles)}, terms {list(keep.terms)}")


@main.command("verify")
@click.argument("released", type=click.Path(path_type=Path))
@click.option("--report", "report_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The NAME.report.json written when the file was redacted.")
def verify_cmd(released: Path, report_path: Path) -> None:
    """Re-check a released PDF against its report; exit 7 if any withheld text survives."""
    from redactor.report import verify_released

    with exit_on_error():
        result = verify_released(released, report_path)
    for leak in result.leaks:
        where = f"page {leak.page}" if leak.page else "document"
        click.echo(f"LEAK {leak.channel} {where} {leak.redaction_id}: {leak.detail}")
    if result.ok:
        click.echo(f"{released}: clean ({len(result.channels)} channels checked)")
        sys.exit(int(ExitCode.OK))
    click.echo(f"{released}: {len(result.leaks)} leak(s)", err=True)
    sys.exit(int(ExitCode.VERIFICATION_FAILED))



@main.command("certify-check")
@click.argument("released", type=click.Path(path_type=Path))
@click.argument("certificate", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              help="The original input, to check its sha256 against the certificate too.")
def certify_check(released: Path, certificate: Path, source: Path | None) -> None:
    """Re-hash and re-verify a release against its certificate; exit 0 only if everything matches."""
    from redactor.report.certificate import check_certificate

    with exit_on_error():
        result = check_certificate(released, certificate, source)
    for item in result.checked:
        click.echo(f"ok       {item}")
    for note in result.notes:
        click.echo(f"note     {note}")
    for problem in result.problems:
        click.echo(f"MISMATCH {problem}")
    if not result.ok:
        click.echo(f"{released}: does NOT match its certificate", err=True)
        sys.exit(int(ExitCode.CERTIFICATE_MISMATCH))
    click.echo(f"{released}: matches its certificate")
