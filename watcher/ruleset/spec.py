"""Pydantic schema of a rule file's envelope: imports, lists, rules and each rule's fields, and
what checking a YAML document against it finds, as located problems.

The ``match`` tree is compiled by :mod:`watcher.ruleset.compile`, which reports its own errors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from watcher.errors import Problem
from watcher.messages import loc_text
from watcher.ruleset.compile import bool_problem
from watcher.types import Severity
from watcher.validation import SLUG, pydantic_problems
from watcher.yamldoc import Yaml11Bool, YamlDoc

FieldName = Literal["title", "summary", "content"]


def _listify(value: Any) -> Any:
    """``fields: title`` is short for ``fields: [title]``."""
    return [value] if isinstance(value, str) else value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ExampleSpec(_Model):
    title: str = ""
    summary: str = ""
    content: str = ""
    feed: str | None = None


class TestsSpec(_Model):
    """Each example is text or an :class:`ExampleSpec` mapping; the loader validates them one
    by one (a union here would report every failing alternative)."""

    match: list[Any] = []
    no_match: list[Any] = []


class RuleSpec(_Model):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    description: str = ""
    severity: Severity = "normal"
    tags: list[str] = []
    enabled: bool = True
    fields: Annotated[list[FieldName], BeforeValidator(_listify)] = ["title", "summary", "content"]
    feeds: list[str] = []
    match: Any = Field(...)
    tests: TestsSpec = TestsSpec()


class RuleFileSpec(_Model):
    imports: list[str] = []
    lists: dict[str, Any] = {}
    conditions: dict[str, Any] = {}
    rules: list[Any] = []


class ListFileSpec(_Model):
    """A file brought in with ``imports``: it may only define lists and named conditions (and
    import others)."""

    imports: list[str] = []
    lists: dict[str, Any] = {}
    conditions: dict[str, Any] = {}


def spec_problems(doc: YamlDoc, base: tuple[Any, ...], label: str, error: ValidationError,
                  model: type[BaseModel]) -> list[Problem]:
    """pydantic errors as located human messages (``label`` ends with ': ' or '.')."""
    return pydantic_problems(error, doc.source, lambda loc, key: doc.mark(base + loc, key=key), model, label)


def yaml11_bool_problems(doc: YamlDoc, value: Any, path: tuple[Any, ...] = ()) -> list[Problem]:
    """``yes``/``no``/``on``/``off`` outside match trees and lists (those report themselves)."""
    if path and path[0] in ("lists", "conditions") or "match" in path:
        return []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in yaml11_bool_problems(doc, v, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in yaml11_bool_problems(doc, v, path + (i,))]
    if isinstance(value, Yaml11Bool) and not (path and path[-1] == "enabled"):   # pydantic reports that
        return [doc.problem(path, bool_problem(value, _rule_where(doc, path)))]
    return []


def _rule_where(doc: YamlDoc, path: tuple[Any, ...]) -> str:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
        rule = rules[path[1]] if isinstance(rules, list) and path[1] < len(rules) else None
        rid = rule.get("id") if isinstance(rule, dict) else None
        prefix = f"rule '{rid}': " if isinstance(rid, str) else f"rules[{path[1]}]: "
        return prefix + loc_text(path[2:])
    return loc_text(path)
