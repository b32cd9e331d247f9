"""Exemption profiles: which exemption justifies withholding each kind of finding.

A profile is YAML in configs/ (or a user's file), validated into typed objects once at load time so
a typo in a code or an entity type fails at start-up, naming the file and the key, instead of producing
an unlabelled or wrongly labelled redaction later.
"""

from __future__ import annotations

import re
from dataclasses import fields
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redactor.config.entities import ENTITY_TYPES
from redactor.config.hardening import HardenOptions
from redactor.config.organisation import Organisation
from redactor.errors import ConfigError, InputMissing

# configs/ as installed: the package data redactor.configs (pyproject maps it to the repository's configs/);
# an editable install and a wheel both give a plain folder
CONFIG_DIR = Path(files("redactor.configs"))


class Exemption(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    title: str = Field(min_length=1)
    type: Literal["absolute", "qualified"]
    justification: str = Field(min_length=1)
    public_interest: str | None = None


class ContextRule(BaseModel):
    """Re-label findings by context: e.g. security details in a document about national security systems
    are withheld under s24(1) instead of (mode: replace) or as well as (mode: add) s31(1)(a)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    keywords: tuple[str, ...] = Field(min_length=1)  # case-insensitive, whole words
    scope: Literal["document", "page"] = "document"
    entity_types: tuple[str, ...] = Field(min_length=1)
    exemptions: tuple[str, ...] = Field(min_length=1)
    mode: Literal["replace", "add"] = "replace"


class KeepRules(BaseModel):
    """What the profile releases by design even though a recognizer finds it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # people whose names are public in their public role (the Commissioner, a minister, the DPO)
    people: tuple[str, ...] = ()
    # a person named right next to one of these role titles ("Jane Roe, Chief Executive") is kept
    role_titles: tuple[str, ...] = ()
    # the organisation's own public contact details, public domains, switchboard numbers
    terms: tuple[str, ...] = ()


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    regime: str = ""
    exemptions: dict[str, Exemption]
    entities: dict[str, tuple[str, ...]]
    context_rules: tuple[ContextRule, ...] = ()
    keep: KeepRules = KeepRules()
    # "This is us": the authority's own public contact details, never withheld (config/organisation.py)
    organisation: Organisation | None = None
    # Hardening steps for releases under this profile (redactor.config.hardening.HardenOptions; all on by default)
    hardening: dict[str, bool | str | tuple[str, ...]] = {}

    @field_validator("hardening")
    @classmethod
    def _hardening_options(cls, value: dict) -> dict:
        known = {f.name for f in fields(HardenOptions)}
        for key in value:
            if key not in known:
                raise ValueError(f"hardening.{key}: unknown option (known: {', '.join(sorted(known))})")
        try:
            HardenOptions(**value)
        except ValueError as exc:
            raise ValueError(f"hardening: {exc}") from None
        return value

    def harden_options(self) -> HardenOptions:
        """The HardenOptions for releases under this profile."""
        return HardenOptions(**self.hardening)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: dict) -> dict:
        if not isinstance(data, dict):
            raise ValueError("a profile must be a mapping")
        exemptions = data.get("exemptions") or {}
        if isinstance(exemptions, dict):
            data["exemptions"] = {
                code: {"code": code, **(body or {})} if isinstance(body, dict) else body
                for code, body in exemptions.items()
            }
        entities = data.get("entities") or {}
        if isinstance(entities, dict):
            data["entities"] = {k: (v,) if isinstance(v, str) else v for k, v in entities.items()}
        return data

    @field_validator("entities")
    @classmethod
    def _known_entities(cls, entities: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for entity, codes in entities.items():
            if entity not in ENTITY_TYPES:
                raise ValueError(f"entities.{entity}: unknown entity type (known: {', '.join(sorted(ENTITY_TYPES))})")
            if not codes:
                raise ValueError(f"entities.{entity}: no exemption code given")
        return entities

    @model_validator(mode="after")
    def _codes_defined(self) -> Profile:
        for entity, codes in self.entities.items():
            for code in codes:
                if code not in self.exemptions:
                    raise ValueError(f"entities.{entity}: exemption code {code!r} is not defined under 'exemptions'")
        for i, rule in enumerate(self.context_rules):
            for entity in rule.entity_types:
                if entity not in ENTITY_TYPES:
                    raise ValueError(f"context_rules.{i}.entity_types: unknown entity type {entity!r}")
            for code in rule.exemptions:
                if code not in self.exemptions:
                    raise ValueError(f"context_rules.{i}.exemptions: exemption code {code!r} is not defined")
        return self

    def exemptions_for(self, entity_type: str) -> tuple[Exemption, ...]:
        """The exemptions that withhold this entity type, or () when the profile does not withhold it."""
        return tuple(self.exemptions[c] for c in self.entities.get(entity_type, ()))


def available_profiles() -> dict[str, Path]:
    """Profiles shipped in configs/, by name (file stem)."""
    return {
        p.stem: p
        for p in sorted(CONFIG_DIR.glob("*.yaml"))
        if re.search(r"^exemptions:", p.read_text(encoding="utf-8"), re.MULTILINE)
    }


def read_text_file(path: Path, what: str) -> str:
    """A text file named on the command line (profile, settings, list, organisation, requester, password):
    missing or a folder is InputMissing (exit 3, as for every file a command is given); text that is not
    UTF-8 is a ConfigError (exit 8)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputMissing("file not found", path) from None
    except IsADirectoryError:
        raise InputMissing("not a regular file", path) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} file is not UTF-8 text", path) from None
    except OSError as exc:
        raise InputMissing(f"cannot read: {exc.strerror}", path) from None


def load_yaml(path: Path) -> object:
    """Read YAML, turning syntax errors into a ConfigError that names the file and line (and a missing
    file into InputMissing, see read_text_file)."""
    text = read_text_file(path, "config")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"invalid YAML{where}: {getattr(exc, 'problem', exc)}", path) from None


def describe_error(exc: ValidationError) -> str:
    """A pydantic error as one line naming the key at fault: "entities.FOO: unknown entity type ..."."""
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    msg = _PLAIN.get(first["type"]) or first["msg"].removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


# pydantic's wording of the mistakes people make in a YAML file, said as they would say it
_PLAIN = {"extra_forbidden": "unknown key",
          "missing": "required, but missing"}


def load_profile(name_or_path: str) -> Profile:
    """Load a profile by name (configs/NAME.yaml) or by path to a YAML file."""
    path = Path(name_or_path)
    if not (path.suffix in (".yaml", ".yml") or path.exists()):
        known = available_profiles()
        if name_or_path not in known:
            raise ConfigError(f"unknown profile {name_or_path!r} (available: {', '.join(known)})")
        path = known[name_or_path]
    if not path.is_file():
        raise InputMissing("not a regular file" if path.exists() else "profile file not found", path)
    stat = path.stat()
    return _load_profile_file(path.resolve(), stat.st_mtime_ns, stat.st_size)


@cache
def _load_profile_file(path: Path, mtime_ns: int, size: int) -> Profile:
    """Parsed once per file version (the cache key includes the modification time and size)."""
    try:
        return Profile.model_validate(load_yaml(path))
    except ValidationError as exc:
        raise ConfigError(f"invalid profile: {describe_error(exc)}", path) from None
