"""Every config key and rule field is documented (the docs cannot silently fall behind)."""

from __future__ import annotations

import pytest

from conftest import REPO
from watcher.config import DeliverySection, FeedSpec, FetchSection, StoriesSection, SubscriberSpec, WatchSection
from watcher.web.settings import HttpSection
from watcher.render import VARIABLES
from watcher.ruleset.spec import RuleFileSpec, RuleSpec

README = (REPO / "README.md").read_text(encoding="utf-8")
RULES_README = (REPO / "rules" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("model", [WatchSection, FetchSection, DeliverySection, HttpSection, StoriesSection,
                                   FeedSpec, SubscriberSpec])
def test_config_keys_are_in_the_readme(model):
    missing = [name for name in model.model_fields if f"`{name}`" not in README]
    assert missing == []


@pytest.mark.parametrize("model", [RuleSpec, RuleFileSpec])
def test_rule_fields_are_in_the_rules_readme(model):
    missing = [name for name in model.model_fields if f"`{name}`" not in RULES_README]
    assert missing == []


def test_condition_keys_and_template_variables_are_documented():
    for key in ("all", "any", "none", "near", "regex", "fields", "within", "terms"):
        assert f"`{key}" in RULES_README, key
    for name in VARIABLES:
        assert f"`{name}`" in README, name


def test_readme_keeps_the_two_setup_commands_and_ci_runs_the_test_one():
    ci = (REPO / ".ci" / "run").read_text()
    test_command = ("python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -n 3 "
                    "--dist worksteal -m \"not serial\" && .venv/bin/python -m pytest -m serial")
    assert test_command in README
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/newswatch run" in README
    assert ("python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q -n 3 "
            "--dist worksteal -m \"not serial\" && .venv/bin/python -m pytest -q -m serial") in ci


def test_every_file_the_code_map_names_exists():
    """The README's Code map names real files: a path as written, a bare file name somewhere in the repository."""
    import re

    section = README.split("## Code map", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([\w./*-]+(?:\.py|/))`", section))
    assert len(named) > 20, named
    missing = [name for name in sorted(named)
               if not (list(REPO.glob(name.rstrip("/"))) if "/" in name.rstrip("/") or name.endswith("/")
                       else list(REPO.glob(f"watcher/**/{name}")) + list(REPO.glob(f"tests/**/{name}")))]
    assert not missing, f"the Code map names files that do not exist: {missing}"
