"""The decider with no database: which entries are new, which story each joins, which (rule, story)
alerts, for whom and when. Headlines are real reporting from bench/data/stories.jsonl (ids given)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from watcher.config import FeedSpec, SubscriberSpec
from watcher.pipeline.decide import StoredState, decide, decide_rows, prepare
from watcher.routing import Destination, Subscriber
from watcher.ruleset import load_rules
from watcher.stories import StoryIndex
from watcher.types import Entry, ParsedFeed

ROOT = Path(__file__).resolve().parents[2]
REAL = {d["id"]: d for d in map(json.loads, (ROOT / "bench/data/stories.jsonl").read_text(encoding="utf-8").splitlines())}
NOW = datetime(2030, 6, 25, 15, 0, tzinfo=timezone.utc)
FEED = FeedSpec(id="wire", url="https://wire.example/feed", tags=("honduras",))
DAY = timedelta(hours=24)


@pytest.fixture(scope="module")
def rules():
    result = load_rules(ROOT / "rules", feed_ids=["wire"], feed_tags=["honduras"])
    return result.ruleset


def entry(item_id: str, key: str | None = None, age: timedelta = timedelta(hours=1)) -> Entry:
    d = REAL[item_id]
    key = key or item_id
    return Entry(entry_key=key, story_key="link:" + d["link"], title=d["title"], link=d["link"],
                 summary=d["summary"], published_at=NOW - age, language=d["lang"])


def subscriber(sub_id: str, **kw) -> Subscriber:
    spec = SubscriberSpec(id=sub_id, urls=("json://sink.example/",), **kw)
    return Subscriber(spec, (Destination(sub_id, f"{sub_id}-0", "json://sink.example/", "json://sink.example/", "json"),))


def run_decide(rules, entries, *, known=(), first_poll=False, index=None, subscribers=None, feed=FEED):
    subs = subscribers if subscribers is not None else [subscriber("desk")]
    return decide(StoredState(frozenset(known), first_poll, "Wire"), ParsedFeed(tuple(entries)), feed, rules, subs,
                  index if index is not None else StoryIndex(), NOW, DAY)


def test_only_entries_not_stored_yet_are_new_and_a_repeated_key_counts_once(rules):
    d = run_decide(rules, [entry("s0001"), entry("s0003"), entry("s0001")], known={"s0003"})
    assert [x.entry.entry_key for x in d.entries] == ["s0001"]


def test_copies_of_one_event_in_one_poll_begin_one_story_and_alert_once_per_rule(rules):
    d = run_decide(rules, [entry("s0001"), entry("s0006"), entry("s0003")])    # AP en, AP es, Mestios en
    assert {x.story_id for x in d.entries} == {-1}, [x.explanation.text() for x in d.entries]
    alerted = [a.rule_id for x in d.entries for a in x.alerts]
    assert sorted(alerted) == sorted(set(alerted)) and "biometric-data-sharing" in alerted
    assert d.entries[0].alerts, "the first entry that matches raises the alert"


def test_a_different_event_the_same_day_in_the_same_country_is_its_own_story_and_alert(rules):
    d = run_decide(rules, [entry("s0001"), entry("s0201")])     # Noem in Honduras / the deportees' bridge
    noem, bridge = d.entries
    assert noem.story_id != bridge.story_id
    assert [a.rule_id for a in bridge.alerts] == ["deportation"]


def test_an_entry_joining_a_story_that_already_alerted_records_it_without_alerting(rules):
    index = StoryIndex()
    first = run_decide(rules, [entry("s0001")], index=index)
    for x in first.entries:
        index.add(41, x.features, NOW)
    index.mark_alerted(41, [a.rule_id for x in first.entries for a in x.alerts])
    later = run_decide(rules, [entry("s0011", age=timedelta(minutes=10))], index=index)
    (x,) = later.entries
    assert x.story_id == 41 and x.explanation.reason == "joined"
    assert x.alerts == (), "later coverage of an alerted story never alerts again"


def test_what_is_prepared_before_the_story_lock_decides_as_deciding_alone_does(rules):
    """The poll stage prepares a poll's entries (features, matches) before it takes the story lock,
    while other polls change the index: the decisions are those of decide() alone afterwards."""
    index, subs = StoryIndex(), [subscriber("desk")]
    state = StoredState(frozenset({"s0003"}), True, "Wire")
    parsed = ParsedFeed((entry("s0011", age=timedelta(minutes=10)), entry("s0003"), entry("s0201"),
                         entry("s0006", age=3 * DAY), entry("s0011", age=timedelta(minutes=10))))
    prepared = prepare(state, parsed, FEED, rules, NOW, DAY)
    assert [p.entry.entry_key for p in prepared] == ["s0011", "s0201", "s0006"]
    assert [p.recent for p in prepared] == [True, True, False] and prepared[2].matches == ()
    for x in run_decide(rules, [entry("s0001")], index=index).entries:     # another poll, recorded meanwhile
        index.add(41, x.features, NOW)
    alone = decide(state, parsed, FEED, rules, subs, index, NOW, DAY)
    rows = decide_rows(state, parsed, FEED, rules, subs, index, NOW, DAY, prepared)
    assert rows.decisions == alone and alone.entries[0].story_id == 41
    assert [json.loads(r.story_reason) for r in rows.rows] == [d.explanation.to_json() for d in alone.entries]
    assert [r.alerts for r in rows.rows] == [d.alerts for d in alone.entries]


def test_a_rule_that_did_not_match_the_first_outlet_alerts_when_another_outlet_matches(rules):
    index = StoryIndex()
    first = run_decide(rules, [entry("s0003")], index=index)     # AP copy: the biometric deal, no deportation
    index.add(7, first.entries[0].features, NOW)
    index.mark_alerted(7, [a.rule_id for a in first.entries[0].alerts])
    assert "deportation" not in index.alerted(7)
    later = run_decide(rules, [entry("s0001")], index=index)       # AP: mentions deportations too
    (x,) = later.entries
    assert x.story_id == 7 and [a.rule_id for a in x.alerts] == ["deportation"]


def test_on_a_first_poll_only_entries_newer_than_backfill_alert(rules):
    d = run_decide(rules, [entry("s0001", age=timedelta(hours=2)), entry("s0201", age=timedelta(days=3))],
                   first_poll=True)
    fresh, old = d.entries
    assert fresh.recent and fresh.alerts
    assert not old.recent and old.alerts == (), "recorded, never alerted"


def test_who_gets_each_alert_and_when(rules):
    subs = [subscriber("desk"), subscriber("digest", digest="07:00", timezone="America/Tegucigalpa"),
            subscriber("extradition-only", rules=("extradition",))]
    d = run_decide(rules, [entry("s0201")], subscribers=subs)      # deportation (high)
    (alert,) = d.entries[0].alerts
    plans = {p.subscriber_id: p for p in alert.deliveries}
    assert set(plans) == {"desk", "digest"}
    assert plans["desk"].due_at == NOW and plans["desk"].held == ""
    assert plans["digest"].held == "digest" and plans["digest"].due_at > NOW


def test_subscribers_who_opted_in_get_one_short_follow_up(rules):
    index = StoryIndex()
    first = run_decide(rules, [entry("s0001")], index=index, feed=FeedSpec(id="ap", url="https://ap.example/f"))
    index.add(9, first.entries[0].features, NOW, "ap")                # AP, English: alerted
    index.mark_alerted(9, [a.rule_id for a in first.entries[0].alerts])
    subs = [subscriber("desk"), subscriber("langs", follow_up="new-language"), subscriber("one", follow_up=1),
            subscriber("two", follow_up=2)]
    later = run_decide(rules, [entry("s0011", age=timedelta(minutes=30)), entry("s0006", age=timedelta(minutes=20))],
                       index=index, subscribers=subs)                 # two reports on one other outlet (wire)
    assert {x.story_id for x in later.entries} == {9} and all(x.alerts == () for x in later.entries)
    by_key = {n.key: n for n in later.follow_ups}
    assert set(by_key) == {"follow-up:9:langs", "follow-up:9:one"}, \
        "once each; never for a subscriber who did not opt in; two reports of one outlet are not two outlets"
    assert "now also in es" in by_key["follow-up:9:langs"].subject
    assert "now reported by 2 outlets" in by_key["follow-up:9:one"].subject
    assert [p.subscriber_id for p in by_key["follow-up:9:langs"].deliveries] == ["langs"]
    assert "elheraldo.hn" in by_key["follow-up:9:langs"].body
    for d in later.entries:
        index.add(9, d.features, NOW, "wire")
    third = run_decide(rules, [entry("s0006", key="other", age=timedelta(minutes=10))], index=index, subscribers=subs,
                       feed=FeedSpec(id="hch", url="https://hch.example/f"))
    assert [n.key for n in third.follow_ups if n.key.endswith(":two")] == ["follow-up:9:two"], "the third outlet"
    assert "now reported by 3 outlets" in third.follow_ups[-1].subject


def test_follow_up_setting_is_validated():
    with pytest.raises(ValueError, match="follow_up must be"):
        SubscriberSpec(id="x", urls=("json://x/",), follow_up="sometimes")
    assert SubscriberSpec(id="x", urls=("json://x/",), follow_up=3).follow_up == 3


def test_features_and_matches_found_elsewhere_prepare_as_those_found_here(rules):
    """The poll stage may find a poll's story features and rule matches in a parse worker
    (work_items -> entrywork.features_and_matches there, the rules sent pickled): prepare()
    given them prepares what it prepares alone; an old entry of a first poll is not matched."""
    import pickle

    from watcher.pipeline.decide import new_entries, work_items
    from watcher.pipeline.entrywork import features_and_matches

    state = StoredState(frozenset({"s0003"}), False, "Wire")
    parsed = ParsedFeed((entry("s0011"), entry("s0003"), entry("s0201")))
    work = work_items(state, new_entries(state, parsed.entries), FEED, NOW, DAY)
    assert [w.text.title for w in work] == [REAL["s0011"]["title"], REAL["s0201"]["title"]]
    assert work[0].text.source == "Wire" and work[0].document is not None and work[0].feed_id == FEED.id
    remote = pickle.loads(pickle.dumps(rules))          # what a worker gets
    found = [pickle.loads(pickle.dumps(features_and_matches(remote, w))) for w in work]
    given = prepare(state, parsed, FEED, rules, NOW, DAY, found)
    assert given == prepare(state, parsed, FEED, rules, NOW, DAY)
    assert any(p.matches for p in given), "the rules matched something: the comparison covers matches"
    with pytest.raises(ValueError):
        prepare(state, parsed, FEED, rules, NOW, DAY, found[:1])
    first = StoredState(frozenset(), True, "Wire")
    old = work_items(first, new_entries(first, parsed.entries), FEED, NOW + timedelta(days=400), DAY)
    assert all(w.document is None for w in old) and not any(features_and_matches(rules, w)[1] for w in old)
