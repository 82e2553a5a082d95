"""Run the examples embedded in rules (``tests: {match: [...], no_match: [...]}``)."""

from __future__ import annotations

from watcher.errors import Problem
from watcher.ruleset.explain import failures
from watcher.ruleset.matcher import Example, Rule, RuleSet


def run_examples(ruleset: RuleSet, rules: list[Rule] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for rule in rules if rules is not None else ruleset.rules:
        for example in rule.must_match:
            matched, scanned = ruleset.test_rule(rule, example.doc)
            if not matched:
                why = failures(rule.condition, scanned, rule.mask)
                problems.append(_problem(example, rule, f"expected a match, but {why}"))
        for example in rule.must_not_match:
            matched, scanned = ruleset.test_rule(rule, example.doc)
            if matched:
                explained = ruleset.explain(rule, scanned)
                terms = ", ".join(explained.terms) or "regex"
                problems.append(_problem(example, rule, f"matched but should not (terms: {terms})"))
    return problems


def _problem(example: Example, rule: Rule, what: str) -> Problem:
    return Problem(example.source, example.line, example.col,
                   f"rule '{rule.id}': {example.where}: {what}: \"{example.label}\"")
