"""The report's JSON schema (redactor/schemas/report.schema.json) and its validation: every report is
validated before it is written, and again whenever it is read (report.load)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from importlib.resources import files

import jsonschema


def report_schema() -> dict:
    return json.loads(files("redactor").joinpath("schemas/report.schema.json").read_text(encoding="utf-8"))


def validate_report(report: dict) -> None:
    """Raise jsonschema.ValidationError unless `report` matches the report schema.

    Every report is validated. The schema is checked and compiled once per process; a report the fast
    check (below) accepts is valid, and anything else goes through jsonschema exactly as
    jsonschema.validate would (so the error raised, if any, is the one it raises).
    """
    validator, fast = _validators()
    if fast is not None and fast(report):
        return
    error = jsonschema.exceptions.best_match(validator.iter_errors(report))
    if error is not None:
        raise error


@functools.cache
def _validators() -> tuple[jsonschema.protocols.Validator, Callable[[object], bool] | None]:
    schema = report_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    try:
        fast = _compile(schema, schema, {})
    except _Unsupported:  # the schema grew a keyword the fast check does not know: jsonschema only
        fast = None
    return cls(schema), fast


# --- fast check ----------------------------------------------------------------------------------------
# jsonschema takes ~0.15 ms per redaction entry, most of a 1000-redaction report's validation. The report
# schema uses a handful of keywords; `_compile` turns it into plain Python checks that answer True only
# when the instance certainly matches: JSON types are matched by exact Python type (bool is not a number,
# 1.0 is not taken for an integer), const/enum compare scalars of the same type, and any value that is
# not plain JSON (a tuple, a Decimal) fails the check. "False" means "not sure": validate_report then
# asks jsonschema. A keyword not listed here makes the whole fast check unavailable, never lenient.
# tests/report/test_report_validation.py compares both on many mutated reports.

class _Unsupported(Exception):
    pass


Check = Callable[[object], bool]

_PLAIN = frozenset((dict, list, str, int, float, bool, type(None)))
_TYPES = {"object": (dict,), "array": (list,), "string": (str,), "integer": (int,), "number": (int, float),
          "boolean": (bool,), "null": (type(None),)}
_SCALARS = (str, int, float, bool, type(None))
_IGNORED = {"$schema", "$id", "title", "description", "$comment", "$defs"}  # $defs: only reached by $ref


def _compile(schema: object, root: dict, refs: dict[str, Check]) -> Check:
    if not isinstance(schema, dict):
        raise _Unsupported(f"schema {schema!r}")
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in _IGNORED or keyword in ("required", "additionalProperties"):
            continue  # required and additionalProperties are checked with properties
        checks.append(_keyword(keyword, value, schema, root, refs))
    if "properties" not in schema and ("required" in schema or "additionalProperties" in schema):
        checks.append(_object_check({}, schema, root, refs))

    if len(checks) == 1:  # the common case, without a loop: this runs for every value of every entry
        only = checks[0]
        return lambda x: type(x) in _PLAIN and only(x)

    def check(instance: object) -> bool:
        if type(instance) not in _PLAIN:
            return False
        for c in checks:
            if not c(instance):
                return False
        return True
    return check


def _keyword(keyword: str, value, schema: dict, root: dict, refs: dict[str, Check]) -> Check:
    if keyword == "type":
        names = [value] if isinstance(value, str) else value
        if not all(name in _TYPES for name in names):
            raise _Unsupported(f"type {value!r}")
        types = tuple(t for name in names for t in _TYPES[name])
        return lambda x: type(x) in types
    if keyword in ("const", "enum"):
        allowed = [value] if keyword == "const" else value
        if not all(type(v) in _SCALARS for v in allowed):
            raise _Unsupported(keyword)
        return lambda x: any(type(x) is type(v) and x == v for v in allowed)
    if keyword == "properties":
        return _object_check(value, schema, root, refs)
    if keyword == "items":
        each = _compile(value, root, refs)
        return lambda x: type(x) is not list or all(each(v) for v in x)
    if keyword in ("minItems", "maxItems", "minLength", "maxLength"):
        kind = list if keyword.endswith("Items") else str
        if keyword.startswith("min"):
            return lambda x: type(x) is not kind or len(x) >= value
        return lambda x: type(x) is not kind or len(x) <= value
    if keyword in ("minimum", "maximum"):
        above = keyword == "minimum"
        return lambda x: type(x) not in (int, float) or (x >= value if above else x <= value)
    if keyword == "pattern":
        search = re.compile(value).search
        return lambda x: type(x) is not str or search(x) is not None
    if keyword == "anyOf":
        options = [_compile(sub, root, refs) for sub in value]
        return lambda x: any(option(x) for option in options)
    if keyword == "$ref":
        return _ref(value, root, refs)
    raise _Unsupported(keyword)


def _object_check(properties: dict, schema: dict, root: dict, refs: dict[str, Check]) -> Check:
    """properties, required and additionalProperties (false or a schema) of one object schema."""
    known = {name: _compile(sub, root, refs) for name, sub in properties.items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    if extra is not True and extra is not False:
        extra = _compile(extra, root, refs)

    def check(x: object) -> bool:
        if type(x) is not dict:
            return True  # these keywords say nothing about other types
        if not all(name in x for name in required):
            return False
        for key, v in x.items():
            if type(key) is not str:
                return False
            sub = known.get(key)
            if sub is None:
                if extra is False or (extra is not True and not extra(v)):
                    return False
            elif not sub(v):
                return False
        return True
    return check


def _ref(ref: str, root: dict, refs: dict[str, Check]) -> Check:
    """A reference within the schema ("#/properties/..."), compiled once however often it is used."""
    if ref not in refs:
        if not ref.startswith("#/"):
            raise _Unsupported(ref)
        target: object = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise _Unsupported(ref)
            target = target[part]
        compiled: list[Check] = []
        refs[ref] = lambda x: compiled[0](x)  # a reference to itself, or a cycle, resolves here
        compiled.append(_compile(target, root, refs))
    return refs[ref]


