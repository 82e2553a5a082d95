"""Every kind of rule-file mistake explains itself as path:line:col: rule 'id': where: what."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import dedent, run_cli
from watcher.ruleset import load_rules, run_examples


def problems_for(tmp_path: Path, text: str, *, name: str = "watch.yaml", extra: dict[str, str] | None = None,
                 feeds: tuple[str, ...] | None = None) -> list[str]:
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / name).write_text(dedent(text), encoding="utf-8")
    for other, body in (extra or {}).items():
        target = rules / other
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dedent(body), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = load_rules(Path("rules"), feed_ids=feeds, feed_tags=())
        return [str(p) for p in result.problems + run_examples(result.ruleset)]
    finally:
        os.chdir(cwd)


GOOD_HEAD = """
    lists:
      places: [Honduras, Guatemala]
    rules:
"""


def test_unknown_key(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        severty: high
        match: {all: ["@places", extradi*]}
    """) == ["rules/watch.yaml:7:5: rule 'extradition': severty: unknown key 'severty' (did you mean 'severity'?)"]


def test_unknown_key_inside_match(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        match:
          all: ["@places"]
          anny: [extradi*]
    """) == ["rules/watch.yaml:9:7: rule 'extradition': match.anny: unknown key 'anny' (did you mean 'any'?)"]


def test_wrong_type(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        severity: 3
        tags: extradition
        match: {all: ["@places", extradi*]}
    """) == [
        "rules/watch.yaml:7:15: rule 'extradition': severity: expected 'low', 'normal', 'high' or 'urgent' (got 3)",
        "rules/watch.yaml:8:11: rule 'extradition': tags: expected a list, e.g. [\"extradition\"] (got 'extradition')",
    ]


def test_duplicate_rule_id_across_files(tmp_path):
    rule = """
    rules:
      - id: extradition
        title: Extradition
        match: extradi*
    """
    assert problems_for(tmp_path, rule, name="a.yaml", extra={"b.yaml": rule}) == [
        "rules/b.yaml:2:9: rule 'extradition': id: duplicate rule id (first defined at rules/a.yaml:2)"]


def test_unknown_list(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        match:
          all: ["@placs", extradi*]
    """) == ["rules/watch.yaml:8:13: rule 'extradition': match.all[0]: unknown list '@placs' (did you mean '@places'?)"]


def test_invalid_regex(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        match:
          any: ["@places"]
          regex: 'extradi(c|t'
    """) == ["rules/watch.yaml:9:14: rule 'extradition': match.regex: invalid regex 'extradi(c|t': "
             "missing ): extradi(c|t"]


def test_yaml_syntax_error(tmp_path):
    assert problems_for(tmp_path, """
    rules:
      - id: extradition
        title: "Extradition
        match: extradi*
    """) == ["rules/watch.yaml:3:12: YAML syntax error: found unexpected end of stream "
             "(while scanning a quoted scalar)"]


def test_tab_indentation(tmp_path):
    (problem,) = problems_for(tmp_path, "rules:\n\t- id: x\n")
    assert problem.startswith("rules/watch.yaml:2:1: YAML syntax error: found character '\\t'")
    assert problem.endswith("indent with spaces, not tabs")


def test_duplicate_yaml_key(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        match: extradi*
        title: Extradition again
    """) == ["rules/watch.yaml:8:5: rules[0].title: duplicate key 'title' (first defined at line 6)"]


def test_implicit_booleans(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: deportation
        title: Deportation
        enabled: yes
        match:
          all: ["@places", deport]
          none: [no, off]
    """) == [
        "rules/watch.yaml:7:14: rule 'deportation': enabled: write true or false (got 'yes')",
        "rules/watch.yaml:10:14: rule 'deportation': match.none[0]: 'no' is a boolean in YAML 1.1; "
        "quote it (\"no\") if text is meant",
        "rules/watch.yaml:10:18: rule 'deportation': match.none[1]: 'off' is a boolean in YAML 1.1; "
        "quote it (\"off\") if text is meant",
    ]


def test_unknown_feed_tag(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        feeds: [hondura]
        match: extradi*
    """, feeds=("laprensa-hn",)) == [
        "rules/watch.yaml:7:13: rule 'extradition': feeds[0]: unknown feed id or tag 'hondura' (known tags: none)"]


def test_none_alone_is_refused(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: broad
        title: Too broad
        match:
          none: [sports]
    """) == ["rules/watch.yaml:7:5: rule 'broad': match: a condition needs all, any, near or regex; "
             "'none' alone would match every entry"]


def test_bad_terms(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: terms
        title: Terms
        match:
          any: ["de*", "ext*radi", "¿?"]
    """) == [
        "rules/watch.yaml:8:13: rule 'terms': match.any[0]: prefix 'de*' is too short (at least 3 letters)",
        "rules/watch.yaml:8:20: rule 'terms': match.any[1]: wildcard '*' is only allowed at the end of a term "
        "(got 'ext*radi')",
        "rules/watch.yaml:8:32: rule 'terms': match.any[2]: term '¿?' has no letters or digits",
    ]


def test_every_problem_is_collected(tmp_path):
    found = problems_for(tmp_path, GOOD_HEAD + """
      - id: one
        title: One
        match: {all: ["@nope"]}
      - id: two
        titel: Two
        match: {any: [x]}
    """)
    assert len(found) == 3
    assert found[0].startswith("rules/watch.yaml:7:19: rule 'one': match.all[0]: unknown list '@nope'")
    assert found[1] == "rules/watch.yaml:8:5: rule 'two': title: required key is missing"
    assert found[2] == "rules/watch.yaml:9:5: rule 'two': titel: unknown key 'titel' (did you mean 'title'?)"


def test_failing_embedded_examples_say_what_matched_or_not(tmp_path):
    assert problems_for(tmp_path, GOOD_HEAD + """
      - id: extradition
        title: Extradition
        match: {all: ["@places", extradi*]}
        tests:
          match:
            - "Guatemala aprueba la extradición"
            - "Honduras firma acuerdo"
          no_match:
            - "Honduras extradita a narco"
    """) == [
        "rules/watch.yaml:11:11: rule 'extradition': tests.match[1]: expected a match, but match.all[1]: "
        "'extradi*' not found: \"Honduras firma acuerdo\"",
        "rules/watch.yaml:13:11: rule 'extradition': tests.no_match[0]: matched but should not "
        "(terms: Honduras, extradi*): \"Honduras extradita a narco\"",
    ]


def test_imported_list_file_errors_point_into_that_file(tmp_path):
    found = problems_for(tmp_path, """
    imports: [lists/places.yaml]
    rules:
      - id: extradition
        title: Extradition
        match: {all: ["@places", extradi*]}
    """, extra={"lists/places.yaml": """
    lists:
      places: [Honduras, "de*"]
    """})
    assert found == ["rules/lists/places.yaml:2:22: lists.places[1]: prefix 'de*' is too short (at least 3 letters)"]


def test_missing_import(tmp_path):
    assert problems_for(tmp_path, """
    imports: [lists/nope.yaml]
    rules: []
    """) == ["rules/watch.yaml:1:11: imports[0]: file 'lists/nope.yaml' not found"]


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    started = time.monotonic()
    found = problems_for(tmp_path, bomb)
    assert time.monotonic() - started < 1.0
    assert found == ["rules/watch.yaml:1:4: YAML anchors (&a) are not allowed in rule files"]


def test_oversized_file_is_refused_without_parsing(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "big.yaml").write_bytes(b"# " + b"x" * 2_000_000 + b"\nrules: []\n")
    started = time.monotonic()
    os.chdir(tmp_path)
    result = load_rules(Path("rules"))
    assert time.monotonic() - started < 1.0
    assert [str(p) for p in result.problems] == [
        "rules/big.yaml: file is 2,000,013 bytes; rule files are limited to 1,000,000"]


def test_redos_regex_is_harmless(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(dedent("""
    rules:
      - id: redos
        title: ReDoS
        match:
          regex: '(a+)+$'
    """))
    from watcher.ruleset import Document
    result = load_rules(rules)
    assert result.ok
    started = time.monotonic()
    assert result.ruleset.match(Document("a" * 50_000 + "b")) == []
    assert time.monotonic() - started < 0.5


def test_check_command_reports_yaml_error_and_exits_2(project):
    project.write()
    (project.rules / "broken.yaml").write_text("rules:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    result = run_cli("check", "--config", str(project.config), cwd=project.root)
    assert result.returncode == 2
    assert "rules/broken.yaml:3:12: YAML syntax error: " in result.stderr
    assert result.stdout == ""


def test_check_command_passes_on_the_shipped_config():
    from conftest import REPO
    result = run_cli("check", "--config", str(REPO / "config.toml"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "rule examples pass" in result.stdout


@pytest.mark.parametrize("text", ["rules: 5", "- a\n- b"])
def test_wrong_shape_of_file(tmp_path, text):
    (found,) = problems_for(tmp_path, text)
    assert found.startswith("rules/watch.yaml:1:")
