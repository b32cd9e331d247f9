"""Packaging: every package is in pyproject's list (a wheel holds only the listed ones), and the shipped
profiles are package data read with importlib.resources, so an installed wheel finds them (issue 20).
tests/test_wheel.py builds and installs a wheel; this is the fast check of the same list."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for top in ("redactor", "recognizers") for init in (ROOT / top).rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == {"redactor.configs"}


def test_profiles_are_package_data():
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"]["redactor.configs"] == "configs"
    assert "*.yaml" in setuptools["package-data"]["redactor.configs"]
    shipped = {p.name for p in files("redactor.configs").iterdir() if p.name.endswith(".yaml")}
    assert shipped == {p.name for p in (ROOT / "configs").glob("*.yaml")}
    assert "recognizers.yaml" in shipped and "uk-foia.yaml" in shipped
