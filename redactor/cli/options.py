"""Options shared by every command that processes documents (redact, analyze, apply, batch), so they all
accept the same profile, config, lists and requester, and build RunOptions the same way."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from redactor.cli.output import exit_on_error
from redactor.config.profiles import read_text_file
from redactor.config.run import Requester, RunOptions
from redactor.errors import ConfigError

if TYPE_CHECKING:
    from redactor.detect import Detector

class _File(click.Path):
    """A file the command reads. Click checks nothing: a missing file or a folder reaches the library, which
    says so in one line with exit 3 (InputMissing), the same in every command; help still shows FILE."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def get_metavar(self, *args, **kwargs) -> str:
        return "FILE"


FILE = _File()

organisation_option = click.option(
    "--organisation", type=FILE,
    help="YAML of the authority's own public contact details (switchboard, generic mailboxes, postcodes, "
         "domains): never withheld. 'redactor init' writes a starter file.")
ocr_option = click.option(
    "--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="Read text that is only in images with Tesseract: auto = scanned pages and images in pages "
         "(apply: give what analyze was given).")
strict_option = click.option(
    "--strict", is_flag=True, help="Fail a document (nothing released) if any page's text could not be read.")
user_option = click.option(
    "--user", help="Who released the documents, recorded in each report and release certificate (default: "
                   "the login name).")


def run_options(func):
    """The options every processing command shares (profile, config, lists, requester, organisation, OCR,
    password); the commands that release add user_option."""
    decorators = [
        click.option("--profile", default="uk-foia", show_default=True,
                     help="Exemption profile: a name from 'redactor profiles' or a path to a YAML profile."),
        click.option("--config", type=FILE, help="Recognizer settings YAML overlaid on configs/recognizers.yaml."),
        click.option("--allow-list", "allow_lists", multiple=True, type=FILE,
                     help="File of terms never withheld (plain text or YAML; repeatable)."),
        click.option("--deny-list", "deny_lists", multiple=True, type=FILE,
                     help="File of terms always withheld under the file's exemption (repeatable)."),
        click.option("--requester", help="Subject access: the requester's name; their own data is released."),
        click.option("--requester-email", multiple=True, help="The requester's email address (repeatable)."),
        click.option("--requester-phone", multiple=True, help="The requester's phone number (repeatable)."),
        click.option("--requester-file", type=FILE,
                     help="YAML with the requester's name, emails, phones and other terms."),
        organisation_option,
        ocr_option,
        strict_option,
    ]
    func = password_options(func)  # listed last
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def password_options(func):
    """--password and --password-file: every command that opens an input (redact, analyze, apply, batch)."""
    func = click.option("--password-file", type=FILE,
                        help="File whose first line is the password of encrypted inputs (kept out of shell "
                             "history).")(func)
    return click.option("--password", help="Password of encrypted inputs (the output is never encrypted).")(func)


def build_run_options(out_dir: Path, *, profile: str, config: Path | None, allow_lists: tuple[Path, ...],
                      deny_lists: tuple[Path, ...], requester: str | None, requester_email: tuple[str, ...],
                      requester_phone: tuple[str, ...], requester_file: Path | None, user: str | None = None,
                      ocr: str = "auto", strict: bool = False, password: str | None = None,
                      password_file: Path | None = None, organisation: Path | None = None,
                      **_: object) -> RunOptions:
    """RunOptions from the shared options (raises RedactorError on a bad file)."""
    who = Requester.load(requester_file) if requester_file else None
    if requester or requester_email or requester_phone:
        base = who or Requester()
        who = Requester(name=requester or base.name, emails=(*base.emails, *requester_email),
                        phones=(*base.phones, *requester_phone), terms=base.terms)
    options = RunOptions.build(out_dir, profile=profile, config=config, allow_lists=allow_lists,
                               deny_lists=deny_lists, requester=who, user=user, organisation=organisation)
    return replace(options, ocr=ocr, strict=strict, password=read_password(password, password_file))


def prepare(inputs: tuple[Path, ...], out_dir: Path, shared: dict) -> tuple[RunOptions, Detector]:
    """The start of redact and analyze: options built from the shared options, inputs that would overwrite
    each other's outputs refused, the detector loaded. Exits through the error handler on a bad option."""
    from redactor.detect import Detector  # loads spaCy and Presidio: only for the commands that detect
    from redactor.pipeline import refuse_output_clashes

    with exit_on_error():
        options = build_run_options(out_dir, **shared)
        refuse_output_clashes(inputs, out_dir)
        make_out_dir(out_dir)
        return options, Detector(options.settings)


def make_out_dir(out_dir: Path) -> None:
    """--out, made up front (once the options are good): a folder that cannot be made is one line and exit
    8, before any document is read (was an 'unexpected' error per document, or a traceback in batch)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out: cannot make the output folder: {exc.strerror}", out_dir) from None


def read_password(password: str | None, password_file: Path | None) -> str | None:
    """The password from --password or the first line of --password-file (raises ConfigError)."""
    if password_file is None:
        return password
    lines = read_text_file(password_file, "password").splitlines()
    if not lines or not lines[0]:
        raise ConfigError("password file is empty (the first line is the password)", password_file)
    return lines[0]
