"""Stories across instances: two daemons on one PostgreSQL database seeing the same event at the
same moment end with one story and one alert per (rule, story). Real PostgreSQL (skipped with
the reason when NEWSWATCH_TEST_POSTGRES_URL is unset), real HTTP feeds, real Apprise.

Headlines are real reporting (bench/data/stories.jsonl s0001 and s0011, with their source URLs).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from feeds import Item, rss
from harness import Clock, Harness, run
from servers import Route
from storage import NewEntry, PollSuccess, StaleStories, open_store
from watcher.pipeline import poll_many

BENCH = Path(__file__).resolve().parents[2] / "bench" / "data" / "stories.jsonl"
REAL = {d["id"]: d for d in map(json.loads, BENCH.read_text(encoding="utf-8").splitlines()) if d}


def real(item_id: str, guid: str) -> Item:
    d = REAL[item_id]
    return Item(d["title"], d["link"], guid, d["summary"])


async def _poll_one(h: Harness, feed_id: str, clock: Clock):
    rt = h.rt
    states = await rt.db.run(rt.store.claim_due_feeds, [feed_id], clock(), rt.owner, clock() + timedelta(minutes=5),
                             all_due=True)
    assert [s.id for s in states] == [feed_id]
    return await poll_many(rt.polling, states)


def test_two_instances_seeing_one_event_at_once_make_one_story_and_one_alert_per_rule(project, feed_server, sink,
                                                                                        pg_url):
    clock = Clock()
    feed_server.routes["/en.xml"] = Route(rss([real("s0001", "st-1")], title="Star Tribune", now=clock(), language="en"))
    feed_server.routes["/es.xml"] = Route(rss([real("s0011", "eh-1")], title="El Heraldo", now=clock(), language="es"))
    project.write(feeds=[{"id": "startribune", "url": feed_server.url("/en.xml")},
                         {"id": "elheraldo", "url": feed_server.url("/es.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    text = project.config.read_text().replace('database = "sqlite:///newswatch.db"', f'database = "{pg_url}"')
    project.config.write_text(text)

    async def scenario():
        async with Harness(project.config, clock) as one, Harness(project.config, clock) as two:
            assert one.rt.owner != two.rt.owner
            # both indexes are empty and both decide "a new story"; whichever records second
            # finds entries it did not know of, catches up and joins the first one's story
            await asyncio.gather(_poll_one(one, "startribune", clock), _poll_one(two, "elheraldo", clock))
            await one.deliver()
            await two.deliver()
            return one.rt.store.recent_alerts(100), one.rt.store.count_rows("story"), one.rows()

    alerts, stories, deliveries = run(scenario())
    assert stories == 1
    per_pair = Counter((a.rule_id, a.title) for a in alerts)
    assert per_pair and set(per_pair.values()) == {1}, per_pair
    assert len(deliveries) == 1 and len(sink.posts) == 1
    assert "Also reported by" in json.loads(sink.posts[0][2])["message"]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 's.db'}"
    return request.getfixturevalue("pg_url")


def test_storage_refuses_story_decisions_that_missed_entries_stored_meanwhile(store_url):
    store = open_store(store_url)
    clock = Clock()
    now = clock()
    store.sync_feeds([("a", "https://a.example/f", "A"), ("b", "https://b.example/f", "B")], now)
    view = store.story_members(now - timedelta(hours=72)).last_entry_id
    first = store.record_poll(PollSuccess("a", now, now), [NewEntry("ka", "sa", "Noem meets Castro", story=-1)], view)
    assert first.last_entry_id > view and first.stories[0][1] > 0
    with pytest.raises(StaleStories):
        store.record_poll(PollSuccess("b", now, now), [NewEntry("kb", "sb", "Noem se reúne con Castro", story=-1)], view)
    assert store.count_rows("entry") == 1, "nothing of the refused poll was written"
    caught_up = store.story_members(now - timedelta(hours=72), view)
    assert [m.entry_id for m in caught_up.members] == [first.last_entry_id]
    joined = store.record_poll(PollSuccess("b", now, now), [NewEntry("kb", "sb", "Noem se reúne con Castro",
                                                                     story=first.stories[0][1])],
                               caught_up.last_entry_id)
    assert joined.stories[0][1] == first.stories[0][1]
    store.close()
