"""Named conditions (``conditions:`` in a rule or list file, ``{use: name}`` in a match tree):
one guard written once serves every rule that needs it; problems and explanations point at
where it is defined."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import dedent

from watcher.ruleset import Document, LoadResult, load_rules, run_examples
from watcher.ruleset.explain import explain_tree

GUARDS = """
lists:
  sport: [football, fútbol, red card]
conditions:
  sports-story:
    any: ["@sport", {regex: 'tarjeta roja'}]
"""

EXPULSION = """
imports: [lists/guards.yaml]
rules:
  - id: expulsion
    title: Expulsions
    match:
      all: [Honduras, "expuls*"]
      none: [{use: sports-story}]
    tests:
      match: ["Honduras expulsa a un diplomático"]
      no_match: ["Honduras, con tarjeta roja: expulsado del partido"]
"""

DEPORTATION = """
imports: [lists/guards.yaml]
rules:
  - id: deportation
    title: Deportations
    match:
      all: [Guatemala, "deport*"]
      none:
        - use: sports-story
    tests:
      match: ["Guatemala deporta a 40 migrantes"]
      no_match: ["Guatemala: el fútbol deporta talento a Europa"]
"""


def load(tmp_path: Path, files: dict[str, str]) -> tuple[LoadResult, list[str]]:
    for name, body in files.items():
        target = tmp_path / "rules" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dedent(body), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = load_rules(Path("rules"))
        return result, [str(p) for p in result.problems + run_examples(result.ruleset)]
    finally:
        os.chdir(cwd)


def decide(result: LoadResult, title: str) -> list[str]:
    return [m.rule_id for m in result.ruleset.match(Document(title, ""))]


def test_one_guard_serves_rules_in_two_files(tmp_path):
    result, problems = load(tmp_path, {"lists/guards.yaml": GUARDS, "a.yaml": EXPULSION, "b.yaml": DEPORTATION})
    assert problems == []
    assert decide(result, "Honduras expulsa al embajador") == ["expulsion"]
    assert decide(result, "Honduras expulsado por tarjeta roja") == []
    assert decide(result, "Guatemala deporta a 40 migrantes") == ["deportation"]
    assert decide(result, "Guatemala deporta fútbol de calidad") == []


def test_changing_the_guard_once_changes_every_rule_that_uses_it(tmp_path):
    first, _ = load(tmp_path, {"lists/guards.yaml": GUARDS, "a.yaml": EXPULSION, "b.yaml": DEPORTATION})
    hashes = {r.id: r.hash for r in first.ruleset.rules}
    second, problems = load(tmp_path, {"lists/guards.yaml": GUARDS.replace("red card]", "red card, béisbol]")})
    assert problems == []
    assert decide(second, "Honduras expulsa al pitcher del béisbol") == []
    assert decide(second, "Guatemala deporta béisbol") == []
    assert all(r.hash != hashes[r.id] for r in second.ruleset.rules)   # alerts name the rule version that fired


def test_the_explanation_names_the_condition_where_it_is_defined(tmp_path):
    result, _ = load(tmp_path, {"lists/guards.yaml": GUARDS, "a.yaml": EXPULSION})
    rule = result.ruleset.rules[0]
    scanned = result.ruleset.scan(Document("Honduras expulsado del partido de fútbol", ""))
    assert explain_tree(rule.condition, scanned, rule.mask) == [
        "✗ match: did not hold",
        "  ✓ match.all[0]: 'Honduras' \"Honduras\" in title",
        "  ✓ match.all[1]: 'expuls*' \"expulsado\" in title",
        "  ✗ match.none[0]: present",
        "    ✓ conditions.sports-story.any[0]: @sport \"fútbol\" in title",
        "    ✗ conditions.sports-story.any[1]: did not hold",
        "      ✗ conditions.sports-story.any[1].regex: regex 'tarjeta roja' did not match",
    ]


BROKEN_GUARDS = GUARDS + """\
  broken:
    any: ["@nolist"]
  loop-a: {use: loop-b}
  loop-b: {any: [x, {use: loop-a}]}
  bad name!: {any: [x]}
"""


def test_mistakes_are_located_where_they_are_made(tmp_path):
    _, problems = load(tmp_path, {
        "lists/guards.yaml": BROKEN_GUARDS,
        "a.yaml": EXPULSION.replace("none: [{use: sports-story}]", "none: [{use: sport-story}, {use: broken}]"),
        "b.yaml": DEPORTATION.replace("- use: sports-story", "- {use: sports-story, any: [x]}\n        - use: loop-a"),
        "c.yaml": "imports: [lists/guards.yaml]\nconditions:\n  sports-story: {any: [z]}\nrules: []\n",
    })
    assert problems == [
        "rules/a.yaml:7:20: rule 'expulsion': match.none[0].use: unknown condition 'sport-story' "
        "(did you mean 'sports-story'?)",
        "rules/b.yaml:8:31: rule 'deportation': match.none[0].any: 'use' stands alone: 'any' cannot go with it "
        "(put the named condition in an all/any/none list next to the other conditions)",
        "rules/lists/guards.yaml:4:3: conditions.sports-story: condition 'sports-story' is also defined in "
        "rules/c.yaml:3",
        "rules/lists/guards.yaml:7:11: conditions.broken.any[0]: unknown list '@nolist' (known: @sport)",
        "rules/lists/guards.yaml:8:17: conditions.loop-a.use: named conditions use each other in a cycle "
        "(loop-b -> loop-a -> loop-b)",
        "rules/lists/guards.yaml:9:27: conditions.loop-b.any[1].use: named conditions use each other in a cycle "
        "(loop-a -> loop-b -> loop-a)",
        "rules/lists/guards.yaml:10:3: conditions.bad name!: condition names use letters, digits, '-', '_' and '.'",
    ]
