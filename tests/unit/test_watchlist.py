"""The shipped watchlist on real headlines: what it must catch and what it must leave alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, SHIPPED_RULES
from watcher.ruleset import Document, load_rules

HEADLINES = yaml.safe_load((Path(__file__).parent.parent / "data" / "headlines.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ruleset():
    result = load_rules(SHIPPED_RULES)
    assert result.ok, [str(p) for p in result.problems]
    return result.ruleset


def matched(ruleset, title: str, summary: str = "") -> set[str]:
    return {m.rule_id for m in ruleset.match(Document(title, summary))}


@pytest.mark.parametrize("rule_id", ["extradition", "deportation", "biometric-data-sharing"])
def test_rule_catches_its_headlines(ruleset, rule_id):
    missed = [h for h in HEADLINES[rule_id]["match"] if rule_id not in matched(ruleset, h)]
    assert missed == []


@pytest.mark.parametrize("rule_id", ["extradition", "deportation", "biometric-data-sharing"])
def test_rule_leaves_lookalikes_alone(ruleset, rule_id):
    wrong = [h for h in HEADLINES[rule_id]["no_match"] if rule_id in matched(ruleset, h)]
    assert wrong == []


def test_sports_remittance_tourism_and_election_news_never_alert(ruleset):
    noisy = {h: matched(ruleset, h) for h in HEADLINES["quiet"]}
    assert {h: r for h, r in noisy.items() if r} == {}


def test_spanish_with_and_without_accents_match_alike(ruleset):
    with_accents = "Honduras aprueba la extradición de un exdiputado"
    without = "HONDURAS APRUEBA LA EXTRADICION DE UN EXDIPUTADO"
    assert matched(ruleset, with_accents) == matched(ruleset, without) == {"extradition"}


def test_every_shipped_rule_has_five_examples_each_way(ruleset):
    for rule in ruleset.rules:
        assert len(rule.must_match) >= 5, rule.id
        assert len(rule.must_not_match) >= 5, rule.id


@pytest.mark.skipif(not (CORPUS / "items" / "feed_items.jsonl").exists(), reason="shared corpus not present")
def test_reviewer_labelled_corpus_items(ruleset):
    """The corpus items a reviewer labelled relevant alert; the others do not."""
    missed, noise = [], []
    for line in (CORPUS / "items" / "feed_items.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        hit = bool(matched(ruleset, item["title"], item.get("summary") or ""))
        if item["relevant_to_example_watchlist"] and not hit:
            missed.append(item["title"])
        if not item["relevant_to_example_watchlist"] and hit:
            noise.append(item["title"])
    assert missed == [] and noise == []
