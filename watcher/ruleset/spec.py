"""Pydantic schema of a rule file's envelope: imports, lists, rules and each rule's fields.

The ``match`` tree is compiled by :mod:`watcher.ruleset.compile`, which reports its own errors.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SLUG = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
FieldName = Literal["title", "summary", "content"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class ExampleSpec(_Model):
    title: str = ""
    summary: str = ""
    content: str = ""
    feed: str | None = None


class TestsSpec(_Model):
    match: list[str | ExampleSpec] = []
    no_match: list[str | ExampleSpec] = []


class RuleSpec(_Model):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    description: str = ""
    severity: Literal["low", "normal", "high", "urgent"] = "normal"
    tags: list[str] = []
    enabled: bool = True
    fields: list[FieldName] | FieldName = ["title", "summary", "content"]
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
