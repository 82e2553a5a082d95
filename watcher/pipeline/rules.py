"""The active rule set and its hot reload: a new set that fails validation or its own tests is
rejected as a whole, the last good set keeps running, and the error is reported once."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from watcher.errors import Problem
from watcher.ruleset import LoadResult, RuleSet, files_signature, load_rules, run_examples

log = logging.getLogger("newswatch.rules")


@dataclass(frozen=True)
class ReloadOutcome:
    changed: bool
    problems: tuple[Problem, ...] = ()
    first_report: bool = False      # True the first time this exact set of problems is seen


def load_checked(rules_dir: Path, feed_ids: Iterable[str], feed_tags: Iterable[str]) -> tuple[LoadResult, list[Problem]]:
    """Load the rules and run their embedded examples; every problem in one list."""
    result = load_rules(rules_dir, feed_ids=feed_ids, feed_tags=feed_tags)
    return result, result.problems + run_examples(result.ruleset)


class RulesHolder:
    def __init__(self, rules_dir: Path, feed_ids: Iterable[str], feed_tags: Iterable[str], ruleset: RuleSet) -> None:
        self.rules_dir = rules_dir
        self.feed_ids = tuple(feed_ids)
        self.feed_tags = tuple(feed_tags)
        self.current = ruleset
        self.signature = files_signature(rules_dir)
        self.reported: str | None = None

    def check(self, *, force: bool = False) -> ReloadOutcome:
        signature = files_signature(self.rules_dir)
        if signature == self.signature and not force:
            return ReloadOutcome(False)
        self.signature = signature
        result, problems = load_checked(self.rules_dir, self.feed_ids, self.feed_tags)
        if problems:
            digest = hashlib.sha256("\n".join(str(p) for p in problems).encode()).hexdigest()
            first = digest != self.reported
            self.reported = digest
            return ReloadOutcome(False, tuple(problems), first)
        self.reported = None
        if result.ruleset.fingerprint == self.current.fingerprint and not force:
            return ReloadOutcome(False)
        self.current = result.ruleset
        return ReloadOutcome(True)
