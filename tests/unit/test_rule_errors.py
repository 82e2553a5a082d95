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


def test_an_invalid_regex_is_shown_as_written(tmp_path):
    """The pattern was shown as its repr, every backslash doubled ('\\\\bextradi...')."""
    assert problems_for(tmp_path, GOOD_HEAD + r"""
      - id: extradition
        title: Extradition
        match:
          any: ["@places"]
          regex: '\bextradi(c|t\s'
    """) == [r"rules/watch.yaml:9:14: rule 'extradition': match.regex: invalid regex '\bextradi(c|t\s': "
             r"missing ): \bextradi(c|t\s"]


def test_check_shows_an_invalid_regex_as_written(project):
    (project.rules / "watch.yaml").write_text(dedent(GOOD_HEAD + r"""
      - id: quoted
        title: Quoted
        match: {all: ["@places"], regex: "\\b(EE\\.UU|it's"}
    """), encoding="utf-8")
    project.write()
    done = project.cli("check")
    assert done.stdout + done.stderr == (
        'rules/watch.yaml:7:38: rule \'quoted\': match.regex: invalid regex "\\b(EE\\.UU|it\'s": '
        "missing ): \\b(EE\\.UU|it's\n1 problem found\n")


def test_yaml_syntax_error(tmp_path):
    assert problems_for(tmp_path, """
    rules:
      - id: extradition
        title: "Extradition
        match: extradi*
    """) == ["rules/watch.yaml:3:12: YAML syntax error: quoted text is never closed: add the closing quote"]


def test_tab_indentation(tmp_path):
    assert problems_for(tmp_path, "rules:\n\t- id: x\n") == [
        "rules/watch.yaml:2:1: YAML syntax error: tab character: indent with spaces, not tabs"]


@pytest.mark.parametrize(("text", "expected"), [
    ("rules:\n  - id: x\n    title: T\n   match: a\n",
     "4:4: YAML syntax error: key 'match' does not line up with the keys above: indent it like its neighbours"),
    ("rules:\n  - id: x\n    title: T\n - id: y\n",
     "4:2: YAML syntax error: a '- ' item that does not line up with the lines above: indent it like its neighbours"),
    ("rules:\n  - id: x\n    title: Note: this\n",
     "3:16: YAML syntax error: unexpected ':' here: quote a value that contains ': ' (title: \"Note: this\"), "
     "or indent this line like the keys above it"),
    ("rules:\n  - id: x\n    title\n    match: a\n",
     "3:5: YAML syntax error: a key without ':' (write 'key: value'), or a line indented too far"),
    ("rules:\n  - id: x\n    match: {any: [a, b}\n",
     "3:23: YAML syntax error: list [ ] not closed: expected ',' or ']' but found '}'"),
])
def test_yaml_indentation_and_scanner_errors_are_plain_words(tmp_path, text, expected):
    """PyYAML's parser words ("expected <block end>, but found '<block mapping start>'",
    "while scanning a simple key") leaked to users."""
    assert problems_for(tmp_path, text) == ["rules/watch.yaml:" + expected]


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
        "'extradi*' not found in title, summary, content: \"Honduras firma acuerdo\"",
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


def test_a_missing_import_is_the_one_problem_not_every_list_it_would_have_defined(tmp_path):
    # a typo in an imports path made every reference to its lists an "unknown list" too (132
    # problems for the shipped rules, with "did you mean" hints pointing the wrong way)
    assert problems_for(tmp_path, """
    imports: [lists/place.yaml]
    rules:
      - id: extradition
        title: Extradition
        match: {all: ["@places", "@extradition"]}
      - id: deportation
        title: Deportation
        match: {all: ["@places", deport*]}
    """, extra={"lists/places.yaml": "lists:\n  places: [Honduras]\n  extradition: [extradi*]\n"}) == [
        "rules/watch.yaml:1:1: imports: lists/place.yaml did not load, so 3 references to lists not checked: "
        "fix it first",
        "rules/watch.yaml:1:11: imports[0]: file 'lists/place.yaml' not found",
    ]


IMPORTING_RULE = """
imports: [lists/places.yaml]
rules:
  - id: {id}
    title: A rule
    match: {{all: ["@places", extradi*]}}
"""


def _imported_by_two_rule_files(tmp_path: Path, list_file: str) -> list[str]:
    """The problems of rules/lists/places.yaml (``list_file``) imported by rules one.yaml and two.yaml."""
    return problems_for(tmp_path, IMPORTING_RULE.format(id="one"), name="one.yaml", extra={
        "two.yaml": IMPORTING_RULE.format(id="two"), "lists/places.yaml": list_file})


def test_a_broken_list_file_imported_twice_is_reported_once_and_alone(tmp_path):
    # one mis-indented line in a shared list file printed 1,200 "unknown list" problems for the
    # two rule files that import it, and its own YAML error twice, last
    found = _imported_by_two_rule_files(tmp_path, "lists:\n  places:\n    lang: es\n   terms: [Honduras]\n")
    assert len(found) == 3 and not any("unknown list" in p for p in found)
    assert found[0].startswith("rules/lists/places.yaml:4:") and "YAML syntax error" in found[0]
    assert found[1:] == [f"rules/{n}.yaml:1:1: imports: lists/places.yaml did not load, so 1 reference to lists "
                         "not checked: fix it first" for n in ("one", "two")]


def test_a_problem_in_a_list_file_imported_by_two_rule_files_is_reported_once(tmp_path):
    found = _imported_by_two_rule_files(tmp_path, "lists:\n  places:\n    lang: xx\n    terms: [Honduras]\n")
    assert len(found) == 1 and found[0].startswith("rules/lists/places.yaml:3:")


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


# -- issue 8: hostile and mistaken rule files ----------------------------------------------------

def test_a_symlink_out_of_the_rules_folder_is_not_read(tmp_path):
    """`ln -s ../secrets/.env rules/env.yaml` must not print the secrets inside errors (item 4)."""
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / ".env").write_text("API_KEY=supersecret123\nDB_PASSWORD: hunter2\n")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "env.yaml").symlink_to(secrets / ".env")
    (rules / "shared").mkdir()
    (rules / "shared" / "real.txt").write_text("rules:\n  - {id: a, title: A, match: x}\n")
    (rules / "inside.yaml").symlink_to("shared/real.txt")   # a symlink inside the folder is fine
    found = problems_for(tmp_path, "rules: []", name="watch.yaml")
    assert found == ["rules/env.yaml: is a symlink to a file outside the rules folder; not read "
                     "(copy the file into the folder)"]


def test_quoted_values_are_short_escaped_excerpts(tmp_path):
    secret = "line one of a private file\nline two: hunter2 " + "x" * 5000
    found = problems_for(tmp_path, "rules:\n  - id: r\n    title: R\n    tags: " + json_quote(secret)
                         + "\n    match: " + json_quote("ext*ra " + secret) + "\n")
    assert len(found) == 2
    for problem in found:
        assert "\n" not in problem and "hunter2" not in problem and len(problem) < 200, problem
    assert found[0].endswith("tags: expected a list (got 'line one of a private file\\nline two: hun…')")


def json_quote(text: str) -> str:
    import json
    return json.dumps(text)


def test_deep_yaml_nesting_is_a_located_error_not_a_crash(tmp_path):
    """A 2 KB file nested 1,000 levels gave a RecursionError traceback (item 5)."""
    assert problems_for(tmp_path, "rules: " + "[" * 1000 + "]" * 1000) == [
        "rules/watch.yaml:1:107: YAML nested more than 100 levels deep (the limit for rule files)"]


def _nested(depth: int) -> str:
    match = "deporta*"
    for _ in range(depth - 1):
        match = "{all: [Honduras, " + match + "]}"
    return "rules:\n  - id: deep\n    title: Deep\n    match: {all: [Honduras, " + match + "]}\n"


def test_deep_condition_nesting_is_a_located_error(tmp_path):
    (problem,) = problems_for(tmp_path, _nested(40))
    assert problem.startswith("rules/watch.yaml:4:")
    assert problem.endswith(": conditions nested more than 32 levels deep")
    assert "rule 'deep': match.all[1].all….all[1]: conditions" in problem and len(problem) < 200


def test_a_condition_at_the_depth_limit_compiles_matches_and_explains(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "deep.yaml").write_text(_nested(32))
    result = load_rules(rules)
    assert result.ok, result.problems
    from watcher.ruleset import Document
    (match,) = result.ruleset.match(Document("Honduras deporta a 30"))
    assert match.terms == ("Honduras", "deporta*")
    rule = result.ruleset.by_id["deep"]
    _, scanned = result.ruleset.test_rule(rule, Document("Honduras"))
    assert rule.condition.why_not(scanned).endswith("'deporta*' not found")


def test_lists_including_lists_too_deep_are_an_error(tmp_path):
    lists = "\n".join(f"  l{i}: ['@l{i + 1}']" for i in range(40)) + "\n  l40: [x]\n"
    found = problems_for(tmp_path, "lists:\n" + lists + "rules:\n  - {id: r, title: R, match: '@l0'}\n")
    assert any("lists include lists more than 32 levels deep (@l0 -> ... -> @l32)" in p for p in found), found


def test_an_at_sign_yaml_error_says_to_quote_it(tmp_path):
    assert problems_for(tmp_path, "rules:\n  - id: r\n    title: R\n    match: {any: [@places]}\n") == [
        "rules/watch.yaml:4:19: YAML syntax error: a value cannot start with '@': put it in quotes, e.g. \"@places\""]


def test_messages_never_show_pydantic_internals(tmp_path):
    found = problems_for(tmp_path, """
    rules:
      - id: r
        title: R
        fields: [titel]
        enabled: "yes"
        tests:
          match: [{titel: x}, 5]
        match: x
    """)
    assert found == [
        "rules/watch.yaml:4:14: rule 'r': fields[0]: expected 'title', 'summary' or 'content' (got 'titel')",
        "rules/watch.yaml:5:14: rule 'r': enabled: write true or false (got 'yes')",
        "rules/watch.yaml:7:16: rule 'r': tests.match[0].titel: unknown key 'titel' (did you mean 'title'?)",
        "rules/watch.yaml:7:27: rule 'r': tests.match[1]: expected text or a mapping with title, summary, "
        "content, feed (got a number (5))",
    ]


def test_a_too_large_rule_set_is_refused_with_one_clear_problem(tmp_path):
    """Bounded so a reload stays cheap (item 6); files are refused before they are parsed."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for i in range(5):
        (rules / f"big{i}.yaml").write_text("rules: []\n" + "# padding\n" * 90_000)
    started = time.monotonic()
    result = load_rules(rules)
    assert time.monotonic() - started < 1.0
    assert [str(p) for p in result.problems] == [
        f"{rules}: the rule set is too large: 5 files, 4,500,050 bytes; it is limited to 500 files and "
        "4,000,000 bytes in total (each file to 1,000,000)"]


def test_a_reload_after_a_rejected_one_says_the_rules_are_accepted_again(tmp_path):
    """Fixing a rejected rule set (even back to the very rules in force) said nothing: the log
    ended at the rejection. The outcome says the rules are accepted again, once."""
    import asyncio

    from watcher.pipeline.rules import RulesHolder
    rules = tmp_path / "rules"
    rules.mkdir()
    good = "rules:\n  - {id: r, title: R, match: Honduras}\n"
    (rules / "r.yaml").write_text(good, encoding="utf-8")
    holder = RulesHolder(rules, (), (), load_rules(rules).ruleset)

    async def reload_with(text):
        (rules / "r.yaml").write_text(text, encoding="utf-8")
        return await holder.reload(force=True)

    rejected = asyncio.run(reload_with("rules:\n  - id: r\n    title: [unclosed\n"))
    assert rejected.problems and not rejected.recovered
    fixed = asyncio.run(reload_with(good))
    assert fixed.recovered and not fixed.changed and not fixed.problems
    assert not asyncio.run(reload_with(good)).recovered, "once"


def _holder_with_saves_during_loads(tmp_path, monkeypatch, saves):
    """A holder on one rule file, and a loader that, after reading the files, sees the next text of
    ``saves`` saved (an analyst's editor writing while the reload reads); the texts in order."""
    import watcher.pipeline.rules as rules_module
    from watcher.pipeline.rules import RulesHolder
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text("rules:\n  - {id: r, title: R, match: Honduras}\n", encoding="utf-8")
    holder = RulesHolder(rules, (), (), load_rules(rules).ruleset)
    real = rules_module._load_unpacked
    pending = list(saves)

    def load_then_save(*args, **kwargs):
        loaded = real(*args, **kwargs)
        if pending:
            (rules / "r.yaml").write_text(pending.pop(0), encoding="utf-8")
        return loaded

    monkeypatch.setattr(rules_module, "_load_unpacked", load_then_save)
    return holder, rules


def test_a_reload_reads_the_files_again_when_they_are_saved_while_it_reads_them(tmp_path, monkeypatch):
    """A reload that read a half-saved file (here: still broken, the fix saved a moment later)
    neither applies nor reports it: it reads the files again and applies the saved set."""
    import asyncio
    holder, rules = _holder_with_saves_during_loads(
        tmp_path, monkeypatch, ["rules:\n  - {id: r, title: R, match: Guatemala}\n"])
    (rules / "r.yaml").write_text("rules:\n  - id: r\n    title: [unclosed\n", encoding="utf-8")
    outcome = asyncio.run(holder.reload())
    assert outcome.problems == () and outcome.changed and outcome.modified == ("r",)
    assert holder.reported is None, "no rejection was recorded"
    assert [r.id for r in holder.current.heads] == ["r"]
    assert holder.current.heads[0].hash == load_rules(rules).ruleset.heads[0].hash, "the saved set is active"


def test_a_reload_keeps_the_rules_while_the_files_keep_changing_and_tries_again_later(tmp_path, monkeypatch):
    import asyncio

    from watcher.pipeline.rules import SETTLE_TRIES
    holder, rules = _holder_with_saves_during_loads(
        tmp_path, monkeypatch, [f"rules:\n  - {{id: r, title: R, match: Pais{i}}}\n" for i in range(SETTLE_TRIES)])
    before = holder.current
    (rules / "r.yaml").write_text("rules:\n  - {id: r, title: R, match: Mexico}\n", encoding="utf-8")
    outcome = asyncio.run(holder.reload())
    assert not outcome.changed and not outcome.settled and outcome.problems == () and holder.current is before
    settled = asyncio.run(holder.reload())          # not forced: the files still differ from what is active
    assert settled.changed and settled.modified == ("r",)
