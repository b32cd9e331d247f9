"""The `redactor` command group and its document commands: redact, profiles, verify, certify-check, init.
The batch and review commands live in cli/batch.py and cli/review.py and are added in cli/__init__.py."""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

import click

from redactor import __version__
from redactor.cli.options import FILE, prepare, run_options, user_option
from redactor.cli.output import exit_on_error, print_release_outcome, run_each
from redactor.errors import EXIT_CODES, ConfigError, ExitCode


def _quiet_libraries() -> None:
    """Presidio and spaCy log and warn about things that are not the user's business."""
    for name in ("presidio-analyzer", "presidio-anonymizer", "spacy"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")


def exit_codes_help() -> str:
    """The exit codes as `redactor --help` lists them (from errors.EXIT_CODES: one table, never out of step)."""
    lines = [f"  {int(code):>3}  {EXIT_CODES[code]}" for code in sorted(ExitCode)]
    return "\b\nExit codes (the same in every command):\n" + "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=exit_codes_help())
@click.version_option(__version__, prog_name="redactor")
def main() -> None:
    """Truly redact PDFs, emails, Office files and images for FOI and subject access releases, and label
    each redaction with the exemption that justifies it.

    Start with `redactor init` (the authority's own contact details, never withheld), then `redactor
    redact FILES --out FOLDER --organisation organisation.yaml`, or `analyze` + `apply` to review first."""
    _quiet_libraries()


@main.command(short_help="Redact documents into a folder: release, report, schedule and certificate.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for NAME.redacted.pdf, NAME.report.json, NAME.schedule.csv/.html and "
                   "NAME.certificate.json (created if missing).")
@run_options
@user_option
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def redact(inputs: tuple[Path, ...], out_dir: Path, quiet: bool, **shared) -> None:
    """Redact INPUTS into --out: PDF files; .eml, .msg, .txt, .md correspondence (rendered to PDF first); Office
    files (.docx .xlsx .pptx .odt .rtf .csv ...: converted by LibreOffice, hidden content made visible) and
    images (.png .jpg .tiff ...: read with OCR, so not with --ocr never). Exit code: 0 if all were released,
    else the first failure's."""
    from redactor.pipeline import redact_file

    options, detector = prepare(inputs, out_dir, shared)

    def show(result) -> ExitCode:
        if not quiet:
            counts = ", ".join(f"{code} x{n}" for code, n in result.by_exemption.items()) or "nothing withheld"
            click.echo(f"{result.source}: {result.pages} page(s), {result.redactions} redaction(s) [{counts}] -> "
                       f"{result.output}")
            for warning in result.warnings:
                click.echo(f"  warning: {warning}", err=True)
        return print_release_outcome(result, quiet)

    run_each(inputs, lambda source: redact_file(source, options, detector, schedule=True), show)


@main.group(invoke_without_command=True, short_help="List exemption profiles and their exemption codes.")
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


@profiles.command("show", short_help="Print a profile's exemptions and entity type -> exemption mapping.")
@click.argument("name")
def profiles_show(name: str) -> None:
    """Print the exemptions and the entity type -> exemption mapping of profile NAME, its context rules,
    what it keeps and its organisation section."""
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
    if profile.organisation is not None:
        org = profile.organisation.model_dump(exclude_defaults=True)
        click.echo("organisation (never withheld): " + "; ".join(f"{k} {v}" for k, v in org.items()))


@main.command("verify", short_help="Re-check a released PDF against its report (exit 7 on a leak).")
@click.argument("released", type=click.Path(path_type=Path))
@click.option("--report", "report_path", required=True, type=FILE,
              help="The NAME.report.json written when the file was redacted.")
def verify_cmd(released: Path, report_path: Path) -> None:
    """Re-check a released PDF against its report: exit 7 if any withheld text survives, 0 if clean."""
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


@main.command("certify-check",
              short_help="Re-hash and re-verify a release against its certificate (exit 11 on a mismatch).")
@click.argument("released", type=click.Path(path_type=Path))
@click.argument("certificate", metavar="CERTIFICATE", type=FILE)
@click.option("--source", type=FILE,
              help="The original input, to check its sha256 against the certificate too.")
def certify_check(released: Path, certificate: Path, source: Path | None) -> None:
    """Re-hash and re-verify a release against its certificate: exit 0 only if everything matches, 11 if
    anything differs (3 if a file is missing, 8 if CERTIFICATE is not a certificate)."""
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


@main.command("init", short_help="Write a starter organisation file: the authority's own contact details.")
@click.argument("path", default="organisation.yaml", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init_cmd(path: Path, force: bool) -> None:
    """Write a starter organisation file at PATH (default: organisation.yaml), with comments explaining
    each field: the authority's name, web domains, generic mailboxes, switchboard and other public numbers,
    postal addresses and postcodes. Fill it in, then pass it to redact, analyze, apply or batch with
    --organisation PATH: what it lists is never withheld."""
    from redactor.config.organisation import STARTER
    from redactor.pdf.files import write_text_atomic

    with exit_on_error():
        if path.is_dir():
            raise ConfigError("is a folder: give the file to write, e.g. PATH/organisation.yaml", path)
        if path.exists() and not force:
            raise ConfigError("already exists (use --force to overwrite it)", path)
        if not path.parent.is_dir():
            raise ConfigError("its folder does not exist", path)
        try:
            write_text_atomic(path, STARTER)
        except OSError as exc:
            raise ConfigError(f"cannot write: {exc.strerror}", path) from None
    click.echo(f"wrote {path}: fill in the authority's details, then use --organisation {path}")
