"""Typed run options, validated once at start-up and passed down (picklable, so workers can take them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from redactor.config.lists import TermList, load_term_list
from redactor.config.organisation import Organisation
from redactor.config.profiles import Profile, describe_error, load_profile, load_yaml
from redactor.config.settings import RecognizerSettings, load_settings
from redactor.errors import ConfigError


class Requester(BaseModel):
    """Subject access: the requester's own data is theirs and is released, not withheld."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # anything else that is theirs: address lines, reference numbers

    @classmethod
    def load(cls, path: Path) -> Requester:
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise ConfigError("a requester file must be a YAML mapping (name, emails, phones, terms)", path)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(f"invalid requester file: {describe_error(exc)}", path) from None


def load_organisation(path: Path) -> Organisation:
    """An organisation file (`redactor init` writes a starter one), validated; ConfigError names the key."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("an organisation file must be a YAML mapping (name, domains, mailboxes, phones, "
                          "addresses, postcodes, references): `redactor init` writes a starter file", path)
    try:
        org = Organisation.model_validate(data)
    except ValidationError as exc:
        known = f" (known: {', '.join(Organisation.model_fields)})" if exc.errors()[0]["type"] == "extra_forbidden" else ""
        raise ConfigError(f"invalid organisation file: {describe_error(exc)}{known}", path) from None
    if org.is_empty():
        raise ConfigError("the organisation file lists nothing: fill in its fields (see the comments)", path)
    return org


@dataclass(frozen=True)
class RunOptions:
    """Everything one redaction run needs besides the input file."""

    profile: Profile
    settings: RecognizerSettings
    out_dir: Path
    config_files: tuple[Path, ...] = field(default_factory=tuple)
    allow_list: TermList | None = None  # never withheld
    deny_lists: tuple[TermList, ...] = ()  # always withheld, each under its file's exemption code
    bundle_names: frozenset[str] = frozenset()  # people found in other documents of the same bundle
    requester: Requester | None = None
    organisation: Organisation | None = None  # the profile's section and --organisation FILE: never withheld
    user: str | None = None  # who ran the job, for the release certificate (default: the login name)
    ocr: str = "auto"  # auto: read pages whose text is in an image; always; never (such pages are unreviewed)
    ocr_min_confidence: float = 60.0  # mean OCR word confidence (0-100) below which a page is unreviewed
    ocr_dpi: int = 300  # rendering resolution for OCR (capped at 300)
    strict: bool = False  # a page that could not be read (see ocr.py) fails the document instead of a warning
    ocr_cache: Path | None = None  # a batch's folder of OCR readings, reused by its second pass (ocr.py)
    password: str | None = field(default=None, repr=False)  # opens an encrypted input; never used on the output
    convert_timeout: float | None = None  # seconds one Office conversion may take (None: office.DEFAULT_TIMEOUT)

    @property
    def allow(self) -> frozenset[str]:
        """The allow-list's literal terms, case-folded (for channels matched by whole value)."""
        listed = self.organisation.terms() if self.organisation else frozenset()
        if self.allow_list is None:
            return listed
        return listed | frozenset(t.text.casefold() for t in self.allow_list.terms if not t.regex)

    @classmethod
    def build(cls, out_dir: Path, profile: str = "uk-foia", config: Path | None = None,
              allow_lists: tuple[Path, ...] = (), deny_lists: tuple[Path, ...] = (),
              requester: Requester | None = None, user: str | None = None,
              organisation: Path | None = None) -> RunOptions:
        loaded_profile = load_profile(profile)
        org = loaded_profile.organisation
        if organisation is not None:
            listed = load_organisation(organisation)
            org = listed if org is None else org.merged(listed)
        profile_file = Path(profile) if Path(profile).is_file() else None
        allow = [load_term_list(p) for p in allow_lists]
        deny = tuple(load_term_list(p) for p in deny_lists)
        for term_list in deny:
            if term_list.exemption not in loaded_profile.exemptions:
                raise ConfigError(f"deny-list exemption {term_list.exemption!r} is not defined in profile "
                                  f"{loaded_profile.name!r}", term_list.source)
        merged_allow = TermList(tuple(t for a in allow for t in a.terms)) if allow else None
        return cls(
            profile=loaded_profile,
            settings=load_settings(config),
            out_dir=out_dir,
            config_files=tuple(p for p in (profile_file, config, organisation, *allow_lists, *deny_lists)
                               if p is not None),
            allow_list=merged_allow,
            deny_lists=deny,
            requester=requester,
            organisation=org,
            user=user,
        )
