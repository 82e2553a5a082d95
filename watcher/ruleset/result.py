"""What a load of the rule files gives (:class:`LoadResult`), apart from the loader: a start
from the rule cache unpickles it without importing the loader, the schema and the compiler."""

from __future__ import annotations

from dataclasses import dataclass, field

from watcher.errors import Problem
from watcher.ruleset.matcher import RuleSet


@dataclass
class LoadResult:
    ruleset: RuleSet
    problems: list[Problem]
    files: dict[str, str] = field(default_factory=dict)   # display path -> sha256 of the bytes
    ids: frozenset[str] = frozenset()        # every rule id written, even in rules with problems
    tags: frozenset[str] = frozenset()       # every rule tag written
    complete: bool = True                    # False when a rule file could not be read or parsed
    feed_refs: frozenset[str] = frozenset()  # every feed id or tag a rule's ``feeds`` names

    @property
    def ok(self) -> bool:
        return not self.problems
