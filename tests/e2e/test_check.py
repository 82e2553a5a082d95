"""`newswatch check` and `run` as a new user and an attacker meet them (issue 8): every problem
at once with path:line:col, typos caught with "did you mean", hostile files refused cleanly."""

from __future__ import annotations

import re

from conftest import dedent

LOCATED = re.compile(r"^\S+:\d+(:\d+)?: ")


def test_check_reports_every_problem_of_config_and_rules_at_once(project):
    """Item 22: an unknown feed, a duplicate rule id, a bad template, ${VAR} and a bad Apprise
    URL each appeared only on a later run (and a config type error hid all of them)."""
    (project.root / "templates").mkdir()
    (project.root / "templates" / "desk.txt.j2").write_text("{{ item.title }}\n{{ itme.link }}\n")
    project.write(feeds=[{"id": "hn", "url": "https://hn.example/f.xml", "tags": ["honduras"]}],
                  subscribers=[{"id": "desk", "urls": ["json://127.0.0.1:9/${NO_SUCH_VAR}", "slakc://nope"],
                                "rules": ["extradicion"], "format": "text", "template": "templates/desk.txt.j2"}],
                  watch='adaptive = "yes"')
    (project.rules / "more.yaml").write_text(dedent("""
        rules:
          - id: extradition
            title: Extradition again
            feeds: [hondurass]
            match: extradi*
    """), encoding="utf-8")
    result = project.cli("check")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == "7 problems found", "\n".join(lines)
    problems = lines[:-1]
    assert all(LOCATED.match(line) for line in problems), problems
    expected = [
        "config.toml:4:1: watch.adaptive: write true or false (got 'yes')",
        "config.toml:17:9: subscribers[0].urls[0]: environment variable NO_SUCH_VAR is not set",
        "config.toml:17:46: subscribers[0].urls[1]: not a valid Apprise URL (slakc://…)",
        "templates/desk.txt.j2:2:4: unknown template variable 'itme' (did you mean 'item'?)",
        "rules/more.yaml:2:9: rule 'extradition': id: duplicate rule id (first defined at rules/honduras.yaml:",
        "rules/more.yaml:4:13: rule 'extradition': feeds[0]: unknown feed id or tag 'hondurass' "
        "(did you mean 'honduras'?)",
        "config.toml:18:10: subscribers[0].rules[0]: unknown rule id or tag 'extradicion' "
        "(did you mean 'extradition'?)",
    ]
    for want in expected:
        assert any(line.endswith(want) or (want in line) for line in problems), (want, problems)


def test_a_subscriber_rule_typo_stops_check_and_run(project):
    """Item 21: `rules = ["tsp"]` was accepted and the subscriber never received anything."""
    project.write(subscribers=[{"id": "desk", "urls": ["json://127.0.0.1:9/x"], "rules": ["biometric", "extradicion"]}])
    for command in (("check",), ("run", "--once")):
        result = project.cli(*command)
        assert result.returncode == 2, result.stderr
        assert "subscribers[0].rules[1]: unknown rule id or tag 'extradicion' (did you mean 'extradition'?)" \
            in result.stderr
        assert "rules[0]" not in result.stderr, "biometric is a rule tag"


def test_a_symlinked_secrets_file_is_not_printed(project, tmp_path):
    """Item 4: `ln -s ../secretdir/.env rules/env.yaml; newswatch check` printed the secrets."""
    secrets = tmp_path / "secretdir"
    secrets.mkdir()
    (secrets / ".env").write_text("API_KEY: supersecret123\nDB_PASSWORD=hunter2\n")
    project.write()
    (project.rules / "env.yaml").symlink_to("../secretdir/.env")
    result = project.cli("check")
    assert result.returncode == 2
    assert "supersecret123" not in result.stderr and "hunter2" not in result.stderr and "API_KEY" not in result.stderr
    assert "rules/env.yaml: is a symlink to a file outside the rules folder; not read" in result.stderr


def test_a_special_or_huge_config_file_exits_2_with_one_line(project, tmp_path):
    """Item 9: `--config /dev/zero` ended in a MemoryError traceback."""
    from conftest import run_cli
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as f:
        f.truncate(20_000_000)
    for path, what in (("/dev/zero", "not a regular file"), (str(huge), "file is 20,000,000 bytes or more")):
        result = run_cli("check", "--config", path, cwd=project.root, timeout=30)
        assert result.returncode == 2
        first, summary = result.stderr.splitlines()
        assert first.startswith(f"{path}: {what}") and summary == "1 problem found"
        assert "Traceback" not in result.stderr


def test_deep_nesting_exits_2_in_check_and_run(project):
    """Item 5: a condition nested 163+ levels was a RecursionError traceback with exit 1."""
    match = "deporta*"
    for _ in range(39):
        match = "{all: [Honduras, " + match + "]}"
    project.write()
    (project.rules / "deep.yaml").write_text(f"rules:\n  - id: deep\n    title: Deep\n    match: {match}\n")
    for command in (("check",), ("run", "--once")):
        result = project.cli(*command)
        assert result.returncode == 2, result.stderr
        assert re.search(r"rules/deep\.yaml:4:\d+: rule 'deep': match.*: conditions nested more than 32 levels deep",
                         result.stderr), result.stderr
        assert "Traceback" not in result.stderr
