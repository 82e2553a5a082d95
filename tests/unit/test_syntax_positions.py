"""A YAML or TOML syntax error is reported on the line the user must edit, naming the key: an
unclosed quote on its own line (not on the later line where the next quote closed it, with advice
about text after a value), a mis-indented key by name (not as "'?'")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SHIPPED_RULES, run_cli
from test_rule_errors import problems_for

SHIPPED_CONFIG = SHIPPED_RULES.parent / "config.toml"


def _check_with(tmp_path: Path, path: str, line: int, text: str) -> tuple[int, str]:
    """`newswatch check` on a copy of the shipped config and rules with one line replaced."""
    shutil.copytree(SHIPPED_RULES, tmp_path / "rules")
    shutil.copy(SHIPPED_CONFIG, tmp_path / "config.toml")
    target = tmp_path / path
    lines = target.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = text
    target.write_text("\n".join(lines), encoding="utf-8")
    done = run_cli("check", "--config", "config.toml", cwd=tmp_path)
    return done.returncode, done.stdout + done.stderr


def _line_of(path: Path, start: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if ln.startswith(start))


def test_an_unclosed_quote_in_a_shipped_rule_file_is_reported_on_its_own_line(tmp_path):
    # was: rules/honduras.yaml:23:16: YAML syntax error: a value cannot start with '@': put it in quotes, e.g. "@places"
    line = _line_of(SHIPPED_RULES / "honduras.yaml", "    title: Extradition involving")
    code, out = _check_with(tmp_path, "rules/honduras.yaml", line, '    title: "Extradition involving Honduras')
    closed_at = _line_of(tmp_path / "rules/honduras.yaml", '            - "@neighbours-core"')
    assert (code, out) == (2, f'rules/honduras.yaml:{line}:12: YAML syntax error: quoted text is not closed on its '
                              f'line: add the closing " (the text runs on to line {closed_at})\n1 problem found\n')


def test_a_key_indented_like_list_items_is_named(tmp_path):
    # was: rules/honduras.yaml:18:3: YAML syntax error: '?' that does not line up with the lines above: ...
    line = _line_of(SHIPPED_RULES / "honduras.yaml", "    severity: high")
    code, out = _check_with(tmp_path, "rules/honduras.yaml", line, "  severity: high")
    assert (code, out) == (2, f"rules/honduras.yaml:{line}:3: YAML syntax error: key 'severity' is indented like the "
                              "'- ' items of the list above, so it belongs to no item: indent it like the keys of its "
                              "item, or like the key above the list\n1 problem found\n")


def test_an_unclosed_list_in_config_toml_is_reported_where_the_bracket_is_missing(tmp_path):
    # was: config.toml:<next line>:1: TOML syntax error: list not closed: ...
    line = _line_of(SHIPPED_CONFIG, 'tags = ["honduras", "es"]')
    code, out = _check_with(tmp_path, "config.toml", line, 'tags = ["honduras", "es"')
    assert (code, out) == (2, f"config.toml:{line}:25: TOML syntax error: list not closed: a ']' is missing, "
                              "or a ',' between two items\n1 problem found\n")


@pytest.mark.parametrize(("text", "expected"), [
    # the quote left open on line 3 is closed by the next value's opening quote on line 4
    ("rules:\n  - id: x\n    title: \"Extradition\n    match: \"extradi*\"\n",
     "3:12: YAML syntax error: quoted text is not closed on its line: add the closing \" (the text runs on to line 4)"),
    ("rules:\n  - id: x\n    title: T\n    match:\n      any: ['extradi*\n        , 'deport*']\n",
     "5:13: YAML syntax error: quoted text is not closed on its line: add the closing ' (the text runs on to line 6)"),
    ("lists:\n  places:\n    - \"Honduras\n    - \"Guatemala\"\n",
     "3:7: YAML syntax error: quoted text is not closed on its line: add the closing \" (the text runs on to line 4)"),
    # was: "'?' that does not line up with the lines above"
    ("imports:\n  - lists/places.yaml\n  rules: []\n",
     "3:3: YAML syntax error: key 'rules' is indented like the '- ' items of the list above, so it belongs to no "
     "item: indent it like the keys of its item, or like the key above the list"),
    # was: "a new key that does not line up with the lines above"
    ("rules:\n  - id: x\n    title: T\n   match: a\n",
     "4:4: YAML syntax error: key 'match' does not line up with the keys above: indent it like its neighbours"),
    # was: 4:10 "unexpected ':' here: quote a value that contains ': ' ..., or indent this line ..."
    ("rules:\n  - id: x\n    title: T\n     match: a\n",
     "4:6: YAML syntax error: key 'match' is indented further than the key above it: indent it like its neighbours"),
])
def test_yaml_syntax_errors_point_at_the_line_to_edit(tmp_path, text, expected):
    assert problems_for(tmp_path, text) == ["rules/watch.yaml:" + expected]
