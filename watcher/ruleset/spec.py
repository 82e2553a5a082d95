"""Pydantic schema of a rule file's envelope: imports, lists, rules and each rule's fields.

The ``match`` tree is compiled by :mod:`watcher.ruleset.compile`, which reports its own errors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from watcher.types import Severity
from watcher.validation import SLUG

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
    rules: list[Any] = []


class ListFileSpec(_Model):
    """A file brought in with ``imports``: it may only define lists (and import others)."""

    imports: list[str] = []
    lists: dict[str, Any] = {}
