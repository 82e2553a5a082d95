"""The shipped watchlist on real headlines: what it must catch and what it must leave alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, fired

HEADLINES = yaml.safe_load((Path(__file__).parent.parent / "data" / "headlines.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rule_id", ["extradition", "deportation", "biometric-data-sharing"])
def test_rule_catches_its_headlines(watchlist, rule_id):
    missed = [h for h in HEADLINES[rule_id]["match"] if rule_id not in fired(watchlist, h)]
    assert missed == []


@pytest.mark.parametrize("rule_id", ["extradition", "deportation", "biometric-data-sharing"])
def test_rule_leaves_lookalikes_alone(watchlist, rule_id):
    wrong = [h for h in HEADLINES[rule_id]["no_match"] if rule_id in fired(watchlist, h)]
    assert wrong == []


def test_sports_remittance_tourism_and_election_news_never_alert(watchlist):
    noisy = {h: fired(watchlist, h) for h in HEADLINES["quiet"]}
    assert {h: r for h, r in noisy.items() if r} == {}


def test_spanish_with_and_without_accents_match_alike(watchlist):
    with_accents = "Honduras aprueba la extradición de un exdiputado"
    without = "HONDURAS APRUEBA LA EXTRADICION DE UN EXDIPUTADO"
    assert fired(watchlist, with_accents) == fired(watchlist, without) == {"extradition"}


def test_every_shipped_rule_has_five_examples_each_way(watchlist):
    for rule in watchlist.rules:
        assert len(rule.must_match) >= 5, rule.id
        assert len(rule.must_not_match) >= 5, rule.id


@pytest.mark.skipif(not (CORPUS / "items" / "feed_items.jsonl").exists(), reason="shared corpus not present")
def test_reviewer_labelled_corpus_items(watchlist):
    """The corpus items a reviewer labelled relevant alert; the others do not."""
    missed, noise = [], []
    for line in (CORPUS / "items" / "feed_items.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        hit = bool(fired(watchlist, item["title"], item.get("summary") or ""))
        if item["relevant_to_example_watchlist"] and not hit:
            missed.append(item["title"])
        if not item["relevant_to_example_watchlist"] and hit:
            noise.append(item["title"])
    assert missed == [] and noise == []
