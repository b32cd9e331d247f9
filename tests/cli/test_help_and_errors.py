"""Help and errors (issue 21 part 5): every command, given a bad file wherever it takes one (missing, a
folder, empty, not a PDF, corrupt JSON), says so in ONE line on stderr with a documented exit code and no
Python traceback; the same situation has the same exit code in every command (a missing file is always 3);
`redactor --help` lists every exit code and truncates nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from test_cli import _mkdir, _write

import redactor.detect
from redactor.cli import main
from redactor.errors import EXIT_CODES, ExitCode

pytestmark = pytest.mark.usefixtures("stub_model")

LINE = "Contact Tom Whitfield on 01632 960123 about IC-304588-B6D4."


def _run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


@pytest.fixture(scope="module")
def good(tmp_path_factory, stub_nlp) -> dict[str, Path]:
    """One good file of each kind the commands read: a PDF, its release, report and certificate, its
    proposals and an all-accepted decisions file, and a batch report."""
    import pymupdf

    folder = tmp_path_factory.mktemp("good")
    pdf = folder / "letter.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 90), LINE, fontsize=11)
    doc.save(pdf)
    doc.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(redactor.detect, "load_spacy", lambda model: stub_nlp)
        out = folder / "out"
        assert _run("redact", pdf, "--out", out).exit_code == 0
        review = folder / "review"
        assert _run("analyze", pdf, "--out", review).exit_code == 0
        in_dir = folder / "bundle"
        in_dir.mkdir()
        (in_dir / "letter.pdf").write_bytes(pdf.read_bytes())
        assert _run("batch", in_dir, "--out", folder / "batch", "--workers", "1", "-q").exit_code == 0
    proposals = json.loads((review / "letter.proposals.json").read_text())
    decisions = folder / "letter.decisions.json"
    decisions.write_text(json.dumps({
        "format": "redactor.decisions/1", "source": proposals["source"], "profile": proposals["profile"],
        "reviewer": "Jane Reviewer", "exported_at": "2026-01-01T10:05:00Z",
        "proposals": [{**p, "decision": "accepted", "reviewer": "Jane Reviewer",
                       "decided_at": "2026-01-01T10:00:00Z"} for p in proposals["proposals"]],
        "manual": []}))
    return {"pdf": pdf, "released": out / "letter.redacted.pdf", "report": out / "letter.report.json",
            "certificate": out / "letter.certificate.json", "decisions": decisions, "folder": folder,
            "batch_report": folder / "batch" / "batch-report.json"}


BAD = {  # how each bad file is made
    "missing": lambda p: p,
    "a folder": _mkdir,
    "empty": lambda p: _write(p, b""),
    "not a PDF": lambda p: _write(p, b"<html><body>hello</body></html>\n"),
    "corrupt JSON": lambda p: _write(p, b'{"schema_version": 1, "redactions": ['),
}

# Every place a command takes a file: (command line with BAD where the bad file goes, the file's name)
SLOTS = {
    "redact INPUT": (["redact", "BAD", "--out", "OUT"], "in.pdf"),
    "analyze INPUT": (["analyze", "BAD", "--out", "OUT"], "in.pdf"),
    "apply SOURCE": (["apply", "BAD", "--decisions", "{decisions}", "--out", "OUT"], "in.pdf"),
    "apply --decisions": (["apply", "{pdf}", "--decisions", "BAD", "--out", "OUT"], "in.decisions.json"),
    "verify RELEASED": (["verify", "BAD", "--report", "{report}"], "in.pdf"),
    "verify --report": (["verify", "{released}", "--report", "BAD"], "in.report.json"),
    "certify-check RELEASED": (["certify-check", "BAD", "{certificate}"], "in.pdf"),
    "certify-check CERTIFICATE": (["certify-check", "{released}", "BAD"], "in.certificate.json"),
    "certify-check --source": (["certify-check", "{released}", "{certificate}", "--source", "BAD"], "in.pdf"),
    "report REPORT": (["report", "BAD"], "in.report.json"),
    "profiles show PATH": (["profiles", "show", "BAD"], "in.yaml"),
    "redact --profile": (["redact", "{pdf}", "--out", "OUT", "--profile", "BAD"], "in.yaml"),
    "redact --config": (["redact", "{pdf}", "--out", "OUT", "--config", "BAD"], "in.yaml"),
    "redact --allow-list": (["redact", "{pdf}", "--out", "OUT", "--allow-list", "BAD"], "in.yaml"),
    "redact --deny-list": (["redact", "{pdf}", "--out", "OUT", "--deny-list", "BAD"], "in.yaml"),
    "redact --requester-file": (["redact", "{pdf}", "--out", "OUT", "--requester-file", "BAD"], "in.yaml"),
    "redact --organisation": (["redact", "{pdf}", "--out", "OUT", "--organisation", "BAD"], "in.yaml"),
    "redact --password-file": (["redact", "{pdf}", "--out", "OUT", "--password-file", "BAD"], "in.txt"),
    "analyze --organisation": (["analyze", "{pdf}", "--out", "OUT", "--organisation", "BAD"], "in.yaml"),
    "apply --organisation": (["apply", "{pdf}", "--decisions", "{decisions}", "--out", "OUT", "--organisation",
                              "BAD"], "in.yaml"),
    "batch --organisation": (["batch", "{folder}/bundle", "--out", "OUT", "-q", "--organisation", "BAD"], "in.yaml"),
}
# Bad files a command may rightly accept (an empty settings file is no settings; any text is a list of
# terms or a password): these only have to succeed or fail in one line.
MAY_SUCCEED = {("redact --config", "empty"), ("redact --allow-list", "empty"), ("redact --allow-list", "not a PDF"),
               ("redact --deny-list", "not a PDF"), ("redact --password-file", "not a PDF"),
               ("redact --password-file", "corrupt JSON")}
# What each kind of bad file means for each kind of file (exit codes the docs list for it)
EXPECTED = {
    "missing": {ExitCode.INPUT_MISSING},
    "a folder": {ExitCode.INPUT_MISSING},
    "empty": {ExitCode.EMPTY, ExitCode.CONFIG_ERROR},  # an empty document / an empty config, report, ...
    "not a PDF": {ExitCode.NOT_A_PDF, ExitCode.CONFIG_ERROR},
    "corrupt JSON": {ExitCode.NOT_A_PDF, ExitCode.CONFIG_ERROR},
}


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize("slot", list(SLOTS))
def test_every_command_says_what_is_wrong_with_a_bad_file_in_one_line(slot, kind, good, tmp_path):
    args, name = SLOTS[slot]
    bad = BAD[kind](tmp_path / name)
    out = tmp_path / "out"
    argv = [str(bad) if a == "BAD" else str(out) if a == "OUT" else a.format(**good) for a in args]
    result = _run(*argv)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (argv, result.exception)
    if (slot, kind) in MAY_SUCCEED and result.exit_code == 0:
        return
    stderr = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(stderr) == 1, (argv, result.output)
    if slot == "certify-check --source" and kind not in ("missing", "a folder"):  # another file: not the input
        assert result.exit_code == ExitCode.CERTIFICATE_MISMATCH and "input sha256" in result.stdout
        return
    assert stderr[0].startswith("error: ") and str(bad) in stderr[0], (argv, stderr)
    assert result.exit_code in EXPECTED[kind], (argv, result.exit_code, stderr)
    assert not re.search(r"\[Errno \d+\]|line \d+ column \d+ \(char|Error\b|object has no", stderr[0]), stderr
    if slot.endswith(("INPUT", "SOURCE")):
        assert not out.exists() or not any(out.iterdir())


def test_a_missing_file_is_exit_3_and_the_same_words_everywhere(good, tmp_path):
    for slot, (args, name) in SLOTS.items():
        missing = tmp_path / "gone" / name
        argv = [str(missing) if a == "BAD" else str(tmp_path / "out") if a == "OUT" else a.format(**good)
                for a in args]
        result = _run(*argv)
        assert result.exit_code == ExitCode.INPUT_MISSING, (slot, result.output)
        assert "not found" in result.stderr, (slot, result.stderr)


@pytest.mark.parametrize("how", ["missing", "a file"])
def test_batch_on_a_missing_folder_is_exit_3_in_one_line(how, tmp_path):
    in_dir = tmp_path / "in"
    if how == "a file":
        in_dir.write_text("not a folder")
    for quiet in ([], ["-q"]):
        result = _run("batch", in_dir, "--out", tmp_path / "out", *quiet)
        assert result.exit_code == ExitCode.INPUT_MISSING, result.output
        assert result.stderr.splitlines() == [f"error: {in_dir}: "
                                              f"{'input folder not found' if how == 'missing' else 'not a folder'}"]
        assert not (tmp_path / "out").exists()  # nothing made before the check


@pytest.mark.parametrize("contents", [{}, {"notes.docx.bak": b"x", "image.svg": b"<svg/>"}])
def test_batch_with_nothing_to_do_warns_and_exits_14(contents, tmp_path):
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    for name, data in contents.items():
        (in_dir / name).write_bytes(data)
    result = _run("batch", in_dir, "--out", tmp_path / "out", "-q")
    assert result.exit_code == ExitCode.NOTHING_TO_DO == 14
    assert f"warning: {in_dir}: no document to process" in result.stderr
    assert len([ln for ln in result.stderr.splitlines() if ln.startswith("skipped: ")]) == len(contents)


@pytest.mark.parametrize(("which", "words"), [("certificate", "a release certificate"),
                                               ("decisions", "a decisions file"), ("proposals", "proposals (analyze)")])
def test_report_on_another_of_the_tools_files_names_it(which, words, good):
    path = good["folder"] / "review" / "letter.proposals.json" if which == "proposals" else good[which]
    result = _run("report", path)
    assert result.exit_code == ExitCode.CONFIG_ERROR
    assert result.stderr.startswith(f"error: {path}: not a redactor report but {words}")
    assert len(result.stderr.splitlines()) == 1


def test_report_on_a_batch_report_says_so(good):
    result = _run("report", good["batch_report"])
    assert result.exit_code == ExitCode.CONFIG_ERROR
    assert result.stderr.splitlines() == [f"error: {good['batch_report']}: not a redactor report but a batch "
                                          "report: read batch-report.html beside it, or give one document's "
                                          "NAME.report.json"]


def test_corrupt_json_names_line_and_column(tmp_path):
    bad = BAD["corrupt JSON"](tmp_path / "x.report.json")
    result = _run("report", bad)
    assert result.stderr.strip() == f"error: {bad}: not a redactor report: invalid JSON at line 1, column 38 " \
                                    "(Expecting value)"


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def test_top_level_help_lists_every_exit_code_and_truncates_nothing():
    result = _run("--help", terminal_width=80)
    assert result.exit_code == 0
    assert "..." not in result.output.split("Commands:")[1]
    assert all(len(line) <= 80 for line in result.output.splitlines()), result.output
    for code in ExitCode:
        assert re.search(rf"^\s+{int(code)}\s+{re.escape(EXIT_CODES[code][:30])}", result.output, re.MULTILINE), code
    for path, cmd in _commands(main):
        assert cmd.short_help, f"{' '.join(path)} has no short help (Click would cut its docstring with '...')"


def test_exit_codes_are_all_described_and_distinct():
    assert set(EXIT_CODES) == set(ExitCode)
    assert len({int(c) for c in ExitCode}) == len(ExitCode)
    assert ExitCode.NOTHING_TO_DO == 14


def test_every_command_help_runs_and_promises_only_what_it_does():
    for path, _ in _commands(main):
        result = _run(*path, "--help", terminal_width=100)
        assert result.exit_code == 0 and "Traceback" not in result.output, path
    assert "Usage: main certify-check [OPTIONS] RELEASED CERTIFICATE" in _run("certify-check", "--help").output
    analyze = _run("analyze", "--help", terminal_width=100).output
    assert "certificate" not in analyze.replace("no release, report or certificate", "")
    assert "--user" not in analyze  # analyze releases nothing: no one to record
    for command in ("redact", "apply", "batch"):
        helptext = _run(command, "--help", terminal_width=100).output
        for option in ("--user", "--organisation", "--ocr", "--strict", "--password"):
            assert option in helptext, (command, option)


def test_init_into_a_folder_or_over_a_file_is_one_line(tmp_path):
    (tmp_path / "taken.yaml").write_text("x")
    for target, words in ((tmp_path, "is a folder"), (tmp_path / "taken.yaml", "--force"),
                          (tmp_path / "no" / "such" / "org.yaml", "folder does not exist")):
        result = _run("init", target)
        assert result.exit_code == ExitCode.CONFIG_ERROR and len(result.stderr.splitlines()) == 1
        assert words in result.stderr


def test_attachment_warning_says_withheld_once(tmp_path):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.org", "b@example.org", "files"
    msg.set_content("See attached.")
    msg.add_attachment(b"\x00\x01binary", maintype="application", subtype="octet-stream", filename="blob.bin")
    eml = tmp_path / "mail.eml"
    eml.write_bytes(bytes(msg))
    result = _run("redact", eml, "--out", tmp_path / "out")
    warnings = [ln for ln in result.stderr.splitlines() if "attachment" in ln and "withheld" in ln]
    assert warnings and not any("withheld: withheld" in ln for ln in warnings), result.output


def test_an_output_folder_that_cannot_be_made_is_one_line_exit_8(good, tmp_path):
    blocker = _write(tmp_path / "a-file", b"x")
    out = blocker / "out"  # under a file: no folder can be made there
    for argv in (["redact", good["pdf"]], ["analyze", good["pdf"]], ["apply", good["pdf"], "--decisions",
                 good["decisions"]], ["batch", good["folder"] / "bundle", "-q"]):
        result = _run(*argv, "--out", out)
        assert result.exit_code == ExitCode.CONFIG_ERROR, (argv, result.output)
        assert result.stderr.splitlines() == [f"error: {out}: --out: cannot make the output folder: Not a directory"]
