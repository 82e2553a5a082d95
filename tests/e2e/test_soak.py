"""Randomised crash soak (hazards.md A 4): many matches, SIGKILLs at random points, a receiver
that fails every 7th request. Nothing lost; duplicates only from kills, each with the same key.
Slow: run with `pytest --runslow`."""

from __future__ import annotations

import random
import signal
import sqlite3
from collections import Counter
from datetime import timedelta

import pytest

from feeds import Item, rss
from servers import Route

POINTS = ["ingest-before-commit", "deliver-after-claim", "deliver-after-send", None]


@pytest.mark.slow
def test_random_kills_lose_nothing(project, feed_server, sink):
    rng = random.Random(4)
    countries = ["hondureños", "guatemaltecos", "salvadoreños", "nicaragüenses"]
    items = [Item(f"EE. UU. deporta a {n} {countries[n % 4]} en el vuelo {n}", f"https://hn.example/s{n}", f"s{n}",
                  age=timedelta(minutes=n % 600)) for n in range(1000)]
    project.write(feeds=[{"id": f"hn{k}", "url": feed_server.url(f"/hn{k}.xml")} for k in range(10)],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}],
                  fetch="max_entries = 1000", delivery='retry_base = "1s"\nretry_max = "1s"')
    counter = {"n": 0}
    original = sink.statuses

    def publish(upto: int) -> None:   # the feeds grow a little every round
        for k in range(10):
            mine = [item for n, item in enumerate(items[:upto]) if n % 10 == k]
            feed_server.routes[f"/hn{k}.xml"] = Route(rss(mine))

    kills = 0
    for round_ in range(60):
        publish(min(1000, (round_ + 1) * 20))
        counter["n"] += 1
        sink.statuses = [503 if (counter["n"] + i) % 7 == 0 else 200 for i in range(20)]
        point = rng.choice(POINTS)
        env = {"NEWSWATCH_FAILPOINT": point} if point else {}
        result = project.cli("run", "--once", env=env)
        kills += result.returncode == -signal.SIGKILL
    sink.statuses = original
    publish(1000)
    for _ in range(10):
        assert project.cli("run", "--once").returncode == 0
    with sqlite3.connect(project.db) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        statuses = Counter(r[0] for r in db.execute("select status from delivery"))
    assert statuses == {"sent": 1000}
    import json
    seen_keys: Counter[str] = Counter()
    story_keys: dict[int, set[str]] = {}
    for _, headers, body in sink.posts:
        key = headers["x-idempotency-key"]
        seen_keys[key] += 1
        message = json.loads(body)["message"] + "\n"
        for n in range(1000):
            if f"https://hn.example/s{n}\n" in message:
                story_keys.setdefault(n, set()).add(key)
    assert set(story_keys) == set(range(1000)), "nothing lost"
    assert all(len(k) == 1 for k in story_keys.values()), "a story is only ever repeated under its own key"
    duplicates = sum(c - 1 for c in seen_keys.values())
    print(f"soak: {kills} kills, {len(sink.posts)} messages, {duplicates} duplicate messages, 0 lost")
    assert kills >= 20 and duplicates <= kills, (duplicates, kills)
