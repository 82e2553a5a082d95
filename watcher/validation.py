"""pydantic validation errors as messages for people (config.toml and rule files alike).

pydantic's own wording leaks its internals (``input should be a valid tuple``,
``fields.list[literal[...]][0]``); here every error type a user can cause gets a plain sentence,
the value is quoted only as a short escaped excerpt, and an unknown key gets a "did you mean"
from the keys the model at that place accepts.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any, Callable, Mapping

from pydantic import BaseModel, ValidationError

from watcher.errors import Problem
from watcher.messages import did_you_mean, excerpt, key_text, listing, loc_text

# Where a path into the validated data was written: (loc, is_key) -> (line, col), 1-based.
Locate = Callable[[tuple[Any, ...], bool], tuple[int | None, int | None]]

SLUG = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
SLUG_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64"
_INTERNAL = ("function-", "lax-", "json-", "strict-")


def clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The path the user wrote, without pydantic's validator markers."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(_INTERNAL)))


def quoted_key(key: Any) -> str:
    text = key_text(key)
    return text if text[:1] in ("'", '"') else f"'{text}'"


def known_keys(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str] | None:
    """The keys accepted where ``loc`` points (``loc`` ends with the offending key)."""
    current = model
    for part in loc[:-1]:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info is not None else None
    return None if current is None else list(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def unknown_key(key: Any, known: list[str] | None) -> str:
    text = f"unknown key {quoted_key(key)}"
    if not known:
        return text
    return text + (did_you_mean(key, known) or f" (expected one of {listing(known)})")


def pydantic_problems(error: ValidationError, source: str, locate: Locate, model: type[BaseModel] | None = None,
                      label: str = "") -> list[Problem]:
    """Every pydantic error as a located problem; the one converter for config.toml and rule
    files alike (``locate`` maps a path to its position; ``label`` prefixes the path shown)."""
    problems = []
    for err in error.errors():
        loc = clean_loc(tuple(err["loc"]))
        line, col = locate(loc, err["type"] == "extra_forbidden")
        where = (label + loc_text(loc)).rstrip(". ").rstrip(":")
        message = friendly_error(err, model)
        problems.append(Problem(source, line, col, f"{where}: {message}" if where else message))
    return problems


def friendly_error(err: Mapping[str, Any], model: type[BaseModel] | None = None) -> str:
    """One pydantic error as a sentence; ``model`` (the root) enables "did you mean"."""
    kind = err["type"]
    loc = clean_loc(tuple(err["loc"]))
    ctx = err.get("ctx") or {}
    got = f" (got {excerpt(err.get('input'))})" if "input" in err else ""
    if kind == "extra_forbidden":
        return unknown_key(loc[-1] if loc else "?", known_keys(model, loc))
    if kind == "missing":
        return "required key is missing"
    simple = _SIMPLE.get(kind)
    if simple is not None:
        value = err.get("input")
        if kind in ("list_type", "tuple_type") and isinstance(value, str) and key_text(value) == value:
            return f'{simple}, e.g. ["{value}"]{got}'
        return simple + got
    if kind == "literal_error":
        return f"expected {ctx.get('expected', 'one of the listed values')}{got}"
    if kind == "string_pattern_mismatch":
        rule = SLUG_RULE if ctx.get("pattern") == SLUG else "does not have the expected form"
        return rule + got
    if kind in ("too_short", "string_too_short"):
        return "must not be empty" if ctx.get("min_length", 1) <= 1 else f"needs at least {ctx['min_length']}"
    if kind in ("too_long", "string_too_long"):
        return f"at most {ctx.get('max_length')} allowed"
    if kind in _BOUNDS:
        return f"must be {_BOUNDS[kind]} {next(iter(ctx.values()), '')}{got}"
    message = str(err.get("msg", kind))
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message[:1].lower() + message[1:]


_SIMPLE = {
    "bool_type": "write true or false", "bool_parsing": "write true or false",
    "int_type": "expected a whole number", "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number", "float_parsing": "expected a number",
    "string_type": "expected text", "list_type": "expected a list", "tuple_type": "expected a list",
    "set_type": "expected a list", "dict_type": "expected a mapping (key: value)",
    "model_type": "expected a mapping (key: value)", "model_attributes_type": "expected a mapping (key: value)",
    "timedelta_type": "expected a duration like '15m'", "none_required": "expected nothing here",
    "byte_size": "expected a size like '10MB' or '512KiB'", "byte_size_unit": "expected a size like '10MB' or '512KiB'",
}
_BOUNDS = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than",
           "less_than": "less than"}
