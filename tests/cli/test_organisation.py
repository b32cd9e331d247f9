""""This is us" (issue 21 part 4): the authority's own public contact details, listed in an organisation
file (--organisation FILE, or a profile's `organisation:` section), are released by design in every command;
a named officer's direct line and personal mailbox at the same domain are still withheld."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.config.organisation import KEPT_REASON, STARTER, Organisation, OrganisationMatcher, phone_key
from redactor.config.profiles import CONFIG_DIR
from redactor.errors import ExitCode

pytestmark = pytest.mark.usefixtures("stub_model")

SWITCHBOARD, DIRECT_LINE = "0121 303 1234", "0121 303 9876"
FOI_MAILBOX, OFFICER_EMAIL = "foi@harbourside.gov.uk", "tom.whitfield@harbourside.gov.uk"
POSTCODE = "HB1 1AA"
LETTER = [
    "Harbourside City Council",
    f"Civic Centre, Quayside Road, Harbourside {POSTCODE}",
    f"Telephone {SWITCHBOARD}   Email {FOI_MAILBOX}",
    "Dear Ms Raghunathan,",
    f"Your request has been passed to Tom Whitfield. You can reach him on his direct line {DIRECT_LINE}",
    f"or by email at {OFFICER_EMAIL}. Please write to us at the postcode {POSTCODE}.",
]
ORGANISATION = f"""\
name: Harbourside City Council
domains: [harbourside.gov.uk]
mailboxes: [foi@]
phones: ["+44 (0)121 3031234"]   # written differently from the letter: compared by digits
addresses: ["Civic Centre, Quayside Road, Harbourside"]
postcodes: ["{POSTCODE.lower()}"]
"""
OURS = (SWITCHBOARD, FOI_MAILBOX, POSTCODE)
THEIRS = (DIRECT_LINE, OFFICER_EMAIL)


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def letter(make_pdf) -> Path:
    return make_pdf("letter.pdf", LETTER)


@pytest.fixture
def org_file(tmp_path) -> Path:
    path = tmp_path / "organisation.yaml"
    path.write_text(ORGANISATION)
    return path


def _released_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(" ".join(page.get_text().split()) for page in doc)


def _assert_ours_released_theirs_withheld(out: Path) -> None:
    report = json.loads((out / "letter.report.json").read_text())
    withheld = {r["text"] for r in report["redactions"]}
    kept = {k["text"]: k["reason"] for k in report["released_by_design"]}
    for ours in OURS:
        assert ours not in withheld and kept.get(ours) == KEPT_REASON, (ours, kept)
    for theirs in THEIRS:
        assert theirs in withheld, (theirs, withheld)
    text = _released_text(out / "letter.redacted.pdf")
    for ours in OURS:
        assert ours in text
    for theirs in THEIRS:
        assert theirs not in text


def test_redact_releases_the_councils_own_details_and_withholds_the_officers(letter, org_file, tmp_path):
    out = tmp_path / "out"
    result = _run("redact", letter, "--out", out, "--organisation", org_file)
    assert result.exit_code == 0, result.output
    _assert_ours_released_theirs_withheld(out)


def test_without_an_organisation_file_all_five_are_withheld(letter, tmp_path):
    out = tmp_path / "out"
    assert _run("redact", letter, "--out", out).exit_code == 0
    withheld = {r["text"] for r in json.loads((out / "letter.report.json").read_text())["redactions"]}
    assert {*OURS, *THEIRS} <= withheld


def test_a_profiles_organisation_section_works_like_the_file(letter, tmp_path):
    profile = tmp_path / "council.yaml"
    section = "".join(f"  {line}\n" for line in ORGANISATION.splitlines())
    profile.write_text((CONFIG_DIR / "uk-foia.yaml").read_text() + "\norganisation:\n" + section)
    out = tmp_path / "out"
    result = _run("redact", letter, "--out", out, "--profile", profile)
    assert result.exit_code == 0, result.output
    _assert_ours_released_theirs_withheld(out)
    shown = _run("profiles", "show", profile)
    assert "organisation (never withheld)" in shown.output and "harbourside.gov.uk" in shown.output


def test_analyze_then_apply_with_the_organisation(letter, org_file, tmp_path):
    out = tmp_path / "out"
    result = _run("analyze", letter, "--out", out, "--organisation", org_file)
    assert result.exit_code == 0, result.output
    proposals = json.loads((out / "letter.proposals.json").read_text())
    proposed = {p["text"] for p in proposals["proposals"]}
    assert not proposed & set(OURS) and set(THEIRS) <= proposed
    decisions = {
        "format": "redactor.decisions/1", "source": proposals["source"], "profile": proposals["profile"],
        "reviewer": "Jane Reviewer", "exported_at": "2026-01-01T10:05:00Z",
        "proposals": [{**p, "decision": "accepted", "reviewer": "Jane Reviewer",
                       "decided_at": "2026-01-01T10:00:00Z"} for p in proposals["proposals"]],
        "manual": [],
    }
    decisions_path = out / "letter.decisions.json"
    decisions_path.write_text(json.dumps(decisions))
    released = tmp_path / "released"
    result = _run("apply", letter, "--decisions", decisions_path, "--out", released, "--organisation", org_file)
    assert result.exit_code == 0, result.output
    text = _released_text(released / "letter.redacted.pdf")
    assert all(ours in text for ours in OURS) and not any(theirs in text for theirs in THEIRS)
    cert = json.loads((released / "letter.certificate.json").read_text())
    assert str(org_file) in {entry["path"] for entry in cert["config_files"]}


def test_batch_with_the_organisation(letter, org_file, tmp_path):
    in_dir = letter.parent / "in"
    in_dir.mkdir()
    letter.rename(in_dir / "letter.pdf")
    out = tmp_path / "out"
    result = _run("batch", in_dir, "--out", out, "--workers", "1", "-q", "--organisation", org_file)
    assert result.exit_code == 0, result.output
    _assert_ours_released_theirs_withheld(out)


def test_the_certificate_records_which_organisation_file_was_used(letter, org_file, tmp_path):
    with_org, without = tmp_path / "a", tmp_path / "b"
    assert _run("redact", letter, "--out", with_org, "--organisation", org_file).exit_code == 0
    assert _run("redact", letter, "--out", without).exit_code == 0
    cert_a = json.loads((with_org / "letter.certificate.json").read_text())
    cert_b = json.loads((without / "letter.certificate.json").read_text())
    assert cert_a["rules_sha256"] != cert_b["rules_sha256"]
    assert str(org_file) in {e["path"] for e in cert_a["config_files"]}
    org_file.write_text(ORGANISATION + "references: [Z1234567]\n")  # a changed file no longer matches
    check = _run("certify-check", with_org / "letter.redacted.pdf", with_org / "letter.certificate.json")
    assert check.exit_code == ExitCode.CERTIFICATE_MISMATCH and "organisation.yaml" in check.output


BAD_FILES = {
    "invalid YAML": ("phones: [\n", "invalid YAML"),
    "not a mapping": ("- foi@council.gov.uk\n", "must be a YAML mapping"),
    "unknown key": ("name: X\nswitchboard: 0121 303 1234\n", "switchboard"),
    "not a phone": ("phones: ['12']\n", "phones: '12' is not a phone number"),
    "not a mailbox": ("mailboxes: [foi]\n", "mailboxes: 'foi' is not a mailbox"),
    "not a domain": ("domains: [foi@council.gov.uk]\n", "is not a web domain"),
    "short mailbox, no domain": ("mailboxes: ['foi@']\n", "needs the organisation's domains"),
    "starter not filled in": (STARTER, "lists nothing"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_organisation_file_is_one_line_exit_8(case, letter, tmp_path):
    content, words = BAD_FILES[case]
    bad = tmp_path / "org.yaml"
    bad.write_text(content)
    for command in (["redact", letter], ["analyze", letter], ["batch", letter.parent]):
        result = _run(*command, "--out", tmp_path / "out", "--organisation", bad)
        assert result.exit_code == ExitCode.CONFIG_ERROR, (command, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and str(bad) in lines[0] and words in lines[0], (command, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_missing_organisation_file_is_exit_3(letter, tmp_path):
    result = _run("redact", letter, "--out", tmp_path / "out", "--organisation", tmp_path / "nope.yaml")
    assert result.exit_code == ExitCode.INPUT_MISSING and "file not found" in result.output


def test_init_writes_a_commented_starter_and_never_overwrites(tmp_path, letter):
    path = tmp_path / "organisation.yaml"
    result = _run("init", path)
    assert result.exit_code == 0 and path.read_text() == STARTER
    for field in ("name:", "domains:", "mailboxes:", "phones:", "addresses:", "postcodes:", "references:"):
        assert field in STARTER
    assert STARTER.count("#") > 20  # every field explained
    path.write_text("phones: ['0121 303 1234']\n")
    again = _run("init", path)
    assert again.exit_code == ExitCode.CONFIG_ERROR and "--force" in again.output
    assert path.read_text() == "phones: ['0121 303 1234']\n"
    assert _run("init", path, "--force").exit_code == 0 and path.read_text() == STARTER
    # filled in as its comments say, the starter is a working organisation file
    path.write_text(STARTER.replace("phones: []", f'phones: ["{SWITCHBOARD}"]'))
    out = tmp_path / "out"
    assert _run("redact", letter, "--out", out, "--organisation", path).exit_code == 0
    kept = {k["text"] for k in json.loads((out / "letter.report.json").read_text())["released_by_design"]}
    assert SWITCHBOARD in kept


def test_init_default_path_is_organisation_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run("init").exit_code == 0
    assert (tmp_path / "organisation.yaml").read_text() == STARTER


@pytest.mark.parametrize("written", ["0121 303 1234", "+44 (0)121 303 1234", "01213031234", "0044 121 303 1234",
                                     "(0121) 303-1234", "+44 121 303 1234"])
def test_phone_numbers_are_compared_by_digits(written):
    assert phone_key(written) == phone_key("0121 303 1234")


KEEPS = [  # (entity type, text, kept?)
    ("PHONE_NUMBER", "0121 303 1234", True),
    ("PHONE_NUMBER", "0121 303 9876", False),  # a direct line
    ("EMAIL_ADDRESS", "FOI@Harbourside.gov.uk", True),
    ("EMAIL_ADDRESS", "info@harbourside.gov.uk", True),  # info@ at every domain
    ("EMAIL_ADDRESS", "info@harbourside-council.org", True),
    ("EMAIL_ADDRESS", "jane.smith@harbourside.gov.uk", False),  # the domain alone keeps no one's mailbox
    ("EMAIL_ADDRESS", "foi@elsewhere.gov.uk", False),
    ("UK_POSTCODE", "HB1 1AA", True),
    ("UK_POSTCODE", "hb11aa", True),
    ("UK_POSTCODE", "HB1 1AB", False),
    ("STREET_ADDRESS", "Quayside Road, Harbourside", True),
    ("STREET_ADDRESS", "Civic Centre, Quayside Road, Harbourside HB1 1AA", True),
    ("STREET_ADDRESS", "12 Quayside Road, Harbourside", False),  # a house on the same road
    ("STREET_ADDRESS", "Road", False),
    ("INTERNAL_URL", "https://www.harbourside.gov.uk/foi", True),
    ("HOSTNAME", "intranet.harbourside.gov.uk", True),
    ("HOSTNAME", "harbourside.gov.uk.evil.example", False),
    ("INTERNAL_URL", "http://[::1", False),  # not a URL at all
    ("INTERNAL_URL", "//", False),
    ("CASE_REFERENCE", "Z1234567", True),
    ("PERSON", "Harbourside City Council", True),
    ("PERSON", "Tom Whitfield", False),
]


@pytest.mark.parametrize(("entity_type", "text", "kept"), KEEPS)
def test_only_what_is_listed_is_kept(entity_type, text, kept):
    org = Organisation(name="Harbourside City Council", domains=("harbourside.gov.uk", "harbourside-council.org"),
                       mailboxes=("foi@harbourside.gov.uk", "info@"), phones=("0121 303 1234",),
                       addresses=("Civic Centre, Quayside Road, Harbourside",), postcodes=("HB1 1AA",),
                       references=("Z1234567",))
    assert OrganisationMatcher(org).keeps(entity_type, text) is kept


def test_a_piece_of_the_authoritys_name_or_address_found_as_a_person_is_kept(make_pdf):
    from redactor.config.profiles import load_profile
    from redactor.decide import plan
    from redactor.extract import extract_document
    from redactor.model import Finding

    path = make_pdf("head.pdf", ["Harbourside City Council", "Civic Centre, Quayside Road,", "Harbourside",
                                 "Mr Harbourside called."])
    with pymupdf.open(path) as doc:
        pages = extract_document(doc)
    text = pages[0].text
    org = Organisation(name="Harbourside City Council", addresses=("Civic Centre, Quayside Road, Harbourside",))
    findings = []
    for word in ("Harbourside", "Quayside Road"):
        start = -1
        while (start := text.find(word, start + 1)) >= 0:
            findings.append(Finding(0, start, start + len(word), "PERSON", 0.85, "SpacyRecognizer", word))
    result = plan(pages, findings, load_profile("uk-foia"), organisation=org)
    kept = [k.text for k in result.kept if k.reason == KEPT_REASON]
    assert kept.count("Harbourside") == 1 and "Quayside Road" in kept  # the set of kept texts is unique
    assert [d.text for d in result.decisions] == ["Harbourside"]  # "Mr Harbourside called": a person
    assert text.find("Harbourside", text.find("Mr ")) == result.decisions[0].start


def test_a_profiles_section_and_a_file_are_merged(tmp_path):
    from redactor.config.run import RunOptions

    profile = tmp_path / "council.yaml"
    profile.write_text((CONFIG_DIR / "uk-foia.yaml").read_text()
                       + '\norganisation:\n  phones: ["0121 303 1234"]\n  region: IE\n')
    listed = tmp_path / "org.yaml"
    listed.write_text("domains: [harbourside.gov.uk]\nmailboxes: [foi@]\n")
    org = RunOptions.build(tmp_path / "out", profile=str(profile), organisation=listed).organisation
    assert org.phones == ("0121 303 1234",) and org.all_mailboxes() == {"foi@harbourside.gov.uk"}
    assert org.region == "IE"  # the file did not set one
    assert RunOptions.build(tmp_path / "out", profile=str(profile)).organisation.mailboxes == ()
    assert RunOptions.build(tmp_path / "out").organisation is None
