"""Cross-checks between config.toml and the rule set.

Subscribers live in config.toml and rules in rule files, so a subscriber's ``rules`` entry can
only be checked where both are loaded (``check``, ``run`` and every rule reload): each entry
must be ``*``, a rule id or a rule tag, with a "did you mean" for near names.
"""

from __future__ import annotations

from typing import Iterable

from watcher.config import Config
from watcher.errors import Problem
from watcher.messages import did_you_mean, excerpt


def subscriber_rule_problems(config: Config, ids: Iterable[str], tags: Iterable[str]) -> list[Problem]:
    known = set(ids) | set(tags)
    problems = []
    for i, sub in enumerate(config.subscribers):
        for j, ref in enumerate(sub.rules):
            if ref == "*" or ref in known:
                continue
            message = f"unknown rule id or tag {excerpt(ref)}{did_you_mean(ref, known)}"
            if config.locator is not None:
                problems.append(config.locator.problem(("subscribers", i, "rules", j), message))
            else:
                problems.append(Problem(str(config.path), None, None, f"subscribers[{i}].rules[{j}]: {message}"))
    return problems
