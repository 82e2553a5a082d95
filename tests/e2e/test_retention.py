"""Retention, through the daemon's real maintenance job on SQLite and PostgreSQL: old entry text
is pruned and its space given back, finished deliveries go, and a pruned entry that a feed serves
again never comes back as new."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta

from sqlalchemy import text

from feeds import Item, rss
from harness import Clock, Harness, run
from servers import Route

MATCHING = [
    Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/x1", "x1"),
    Item("Llegan 120 hondureños deportados a San Pedro Sula", "https://hn.example/d1", "d1"),
]
LATER = Item("Honduras firma carta de intención para compartir datos biométricos", "https://hn.example/b1", "b1")
TEXT_BYTES = 6_000     # per entry: above PostgreSQL's TOAST threshold even after compression


def filler(count: int) -> list[Item]:
    rng = random.Random(8)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(4000)]
    return [Item(f"Market report {i}", f"https://hn.example/m{i}", f"m{i}",
                 " ".join(rng.choice(words) for _ in range(TEXT_BYTES // 6))[:TEXT_BYTES]) for i in range(count)]


def setup(project, feed_server, sink, database: str | None = None) -> None:
    sink.path_status["/gone"] = 400
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]},
                               {"id": "old", "urls": [sink.json_url("/gone")]}])
    if database:
        project.config.write_text(project.config.read_text().replace("sqlite:///newswatch.db", database))


def query(h: Harness, sql: str) -> list[tuple]:
    with h.rt.store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def stored_bytes(h: Harness, project) -> int:
    """What the database occupies: the SQLite file and its WAL, or PostgreSQL's relations."""
    if h.rt.store.is_sqlite:
        return sum(p.stat().st_size for p in (project.db, project.db.with_name("newswatch.db-wal")) if p.exists())
    return sum(query(h, f"select pg_total_relation_size('{t}')")[0][0] for t in ("entry", "alert", "delivery"))


def checkpoint(project) -> None:
    """Fold the WAL into the file first, so the measurement before is the data, not the log."""
    with sqlite3.connect(project.db) as db:
        db.execute("pragma wal_checkpoint(TRUNCATE)")


def retention_scenario(project, feed_server, sink) -> None:
    clock = Clock()
    items = MATCHING + filler(300)
    feed_server.routes["/hn.xml"] = Route(rss(items, now=clock()), etag='"v1"')

    async def scenario() -> None:
        async with Harness(project.config, clock) as h:
            polled = await h.poll_all()
            assert polled[0].new_entries == len(items) and polled[0].alerts == 2
            report = await h.deliver()
            assert report.sent == 2 and report.dead == 2
            assert query(h, "select count(*) from notice") == [(1,)], "the dead letters made an admin notice"
            clock.advance(h.config.watch.retention + timedelta(days=1))
            if h.rt.store.is_sqlite:
                checkpoint(project)
            size_before = stored_bytes(h, project)

            await h.jobs.maintenance()

            assert query(h, "select count(*) from entry") == [(len(items),)], "entry keys stay"
            assert query(h, "select count(*) from entry where summary <> '' or content <> ''") == [(0,)]
            assert query(h, "select count(*) from alert where snippet <> 'null'") == [(0,)]
            assert query(h, "select count(*) from delivery") == [(0,)], "sent and dead deliveries are removed"
            assert query(h, "select count(*) from notice") == [(0,)]
            size_after = stored_bytes(h, project)
            text_bytes = len(items) * TEXT_BYTES
            print(f"{h.rt.store.dialect}: {size_before / 1e6:.2f} MB -> {size_after / 1e6:.2f} MB")
            assert size_before - size_after > text_bytes * 0.6, (size_before, size_after)

            # the feed serves every old entry again, dated as if new, plus one really new story
            feed_server.routes["/hn.xml"] = Route(rss(items + [LATER], now=clock()), etag='"v2"')
            again = await h.poll_all()
            assert (again[0].new_entries, again[0].alerts) == (1, 1), "only the new story is new"
            assert (await h.deliver()).sent == 1
            await h.jobs.maintenance()   # a second pass finds nothing more and does not fail

    posts_before = len(sink.posts)
    run(scenario())
    assert len(sink.posts) == posts_before + 2
    assert "b1" in sink.posts[-1][2].decode() and "x1" not in sink.posts[-1][2].decode()


def test_maintenance_prunes_old_text_on_sqlite_and_old_entries_never_return(project, feed_server, sink):
    setup(project, feed_server, sink)
    retention_scenario(project, feed_server, sink)
    with sqlite3.connect(project.db) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("pragma auto_vacuum").fetchone() == (2,), "incremental: pruned pages go back to the disk"


def test_maintenance_prunes_old_text_on_postgresql_and_old_entries_never_return(project, feed_server, sink, pg_url):
    setup(project, feed_server, sink, pg_url)
    retention_scenario(project, feed_server, sink)


def test_maintenance_converts_a_database_made_before_incremental_vacuum(project, feed_server, sink):
    setup(project, feed_server, sink)
    with sqlite3.connect(project.db) as db:     # what older versions created: auto_vacuum off
        db.execute("pragma auto_vacuum=0")
        db.execute("create table placeholder(x)")
    retention_scenario(project, feed_server, sink)


def test_run_once_from_cron_prunes_when_maintenance_is_due_and_not_every_run(project, feed_server, sink):
    """A desk that only runs `run --once` from cron gets the retention too: the run after the
    last prune is older than the daemon's maintenance interval prunes; the next run does not."""
    from watcher.daemon.jobs import MAINTENANCE_EVERY, run_once

    clock = Clock()
    texts = filler(20)
    feed_server.routes["/hn.xml"] = Route(rss(MATCHING + texts, now=clock()), etag='"v1"')
    setup(project, feed_server, sink)

    async def scenario() -> None:
        async with Harness(project.config, clock) as h:
            await run_once(h.rt, h.config)
            kept = "select count(*) from entry where summary <> ''"
            assert query(h, kept) == [(len(texts),)], "nothing is old yet"
            horizon = h.rt.store.pruned_before()
            assert horizon is not None, "a first run prunes (nothing to do) and remembers when"

            clock.advance(h.config.watch.retention + timedelta(days=1))
            await run_once(h.rt, h.config)
            assert query(h, kept) == [(0,)], "the entries' text is pruned"
            pruned = h.rt.store.pruned_before()
            assert pruned is not None and pruned > horizon

            clock.advance(MAINTENANCE_EVERY / 2)
            await run_once(h.rt, h.config)
            assert h.rt.store.pruned_before() == pruned, "not again within the interval"
            clock.advance(MAINTENANCE_EVERY)
            await run_once(h.rt, h.config)
            assert h.rt.store.pruned_before() > pruned

    run(scenario())
