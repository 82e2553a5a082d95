"""Crashes at the worst moments, on a real `newswatch run` process (hazards.md A 1-3, 10-12, 15):
nothing is lost, and a crash costs at most one duplicate that carries the same idempotency key."""

from __future__ import annotations

import signal
import sqlite3
import time
from datetime import timedelta

from conftest import popen_cli
from feeds import Item, rss
from servers import Route, wait_for

ITEMS = [Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/a1", "a1",
              "", timedelta(hours=1))]


def setup(project, feed_server, sink, items=ITEMS):
    feed_server.routes["/hn.xml"] = Route(rss(items), etag='"v1"')
    project.write(feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])


def statuses(project) -> list[str]:
    with sqlite3.connect(project.db) as db:
        return [r[0] for r in db.execute("select status from delivery order by id")]


def test_killed_after_commit_before_send_delivers_once_after_restart(project, feed_server, sink):
    setup(project, feed_server, sink)
    crashed = project.cli("run", "--once", env={"NEWSWATCH_FAILPOINT": "deliver-after-claim"})
    assert crashed.returncode == -signal.SIGKILL
    assert sink.posts == []
    assert statuses(project) == ["sending"]
    again = project.cli("run", "--once")
    assert again.returncode == 0, again.stderr
    assert len(sink.posts) == 1
    assert statuses(project) == ["sent"]
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 1, "a third run sends nothing"


def test_killed_after_send_before_mark_repeats_once_with_the_same_key(project, feed_server, sink):
    setup(project, feed_server, sink)
    crashed = project.cli("run", "--once", env={"NEWSWATCH_FAILPOINT": "deliver-after-send"})
    assert crashed.returncode == -signal.SIGKILL
    assert len(sink.posts) == 1
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 2, "at-least-once: the unmarked send is repeated, once"
    keys = [headers["x-idempotency-key"] for _, headers, _ in sink.posts]
    assert keys[0] == keys[1] and len(keys[0]) == 40
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 2


def test_killed_inside_the_ingest_transaction_loses_nothing(project, feed_server, sink):
    setup(project, feed_server, sink)
    crashed = project.cli("run", "--once", env={"NEWSWATCH_FAILPOINT": "ingest-before-commit"})
    assert crashed.returncode == -signal.SIGKILL
    with sqlite3.connect(project.db) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select count(*) from entry").fetchone() == (0,)
        assert db.execute("select etag from feed").fetchone() == (None,), "the ETag commits with the entries"
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 1
    conditional = [r.headers.get("if-none-match") for r in feed_server.hits("/hn.xml")]
    assert conditional == [None, None], "after the crash the feed is fetched in full again, not behind a 304"


def test_restarting_again_and_again_creates_nothing_new(project, feed_server, sink):
    setup(project, feed_server, sink)
    assert project.cli("run", "--once").returncode == 0
    with sqlite3.connect(project.db) as db:
        before = [db.execute(f"select count(*) from {t}").fetchone()[0] for t in ("entry", "alert", "delivery")]
    for _ in range(4):
        assert project.cli("run", "--once").returncode == 0
    with sqlite3.connect(project.db) as db:
        after = [db.execute(f"select count(*) from {t}").fetchone()[0] for t in ("entry", "alert", "delivery")]
    assert before == after == [1, 1, 1]
    assert len(sink.posts) == 1


def test_a_second_daemon_on_the_same_database_is_refused(project, feed_server, sink):
    setup(project, feed_server, sink)
    daemon = popen_cli("run", "--config", str(project.config), cwd=project.root)
    try:
        wait_for(lambda: len(sink.posts) == 1, timeout=30)
        second = project.cli("run", "--once")
        assert second.returncode == 1
        assert "another newswatch (pid " in second.stderr and "is running on" in second.stderr
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=20)
    assert project.cli("run", "--once").returncode == 0, "the lock is released when the daemon stops"


def test_sigterm_during_a_send_finishes_it_and_exits_0(project, feed_server, sink):
    setup(project, feed_server, sink)
    sink.delay = 2.0
    daemon = popen_cli("run", "--config", str(project.config), cwd=project.root)
    wait_for(lambda: sink.inflight > 0, timeout=30)
    started = time.monotonic()
    daemon.send_signal(signal.SIGTERM)
    code = daemon.wait(timeout=20)
    elapsed = time.monotonic() - started
    assert code == 0, daemon.stderr.read()
    assert elapsed < 10
    assert len(sink.posts) == 1
    assert statuses(project) == ["sent"], "the in-flight send finished and was recorded"
    sink.delay = 0
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 1


def test_sigkill_of_the_daemon_is_recovered_by_the_next_start(project, feed_server, sink):
    setup(project, feed_server, sink)
    sink.delay = 30.0   # the daemon is stuck sending when it dies
    daemon = popen_cli("run", "--config", str(project.config), cwd=project.root)
    wait_for(lambda: sink.inflight > 0, timeout=30)
    daemon.kill()
    daemon.wait(timeout=10)
    assert statuses(project) == ["sending"]
    sink.delay = 0
    assert project.cli("run", "--once").returncode == 0
    assert statuses(project) == ["sent"], "the lock died with the process; its lease is reclaimed at once"
    assert len([p for p in sink.posts]) >= 1


def test_daemon_exits_cleanly_on_sigint_when_idle(project, feed_server, sink):
    setup(project, feed_server, sink)
    daemon = popen_cli("run", "--config", str(project.config), cwd=project.root)
    wait_for(lambda: len(sink.posts) == 1, timeout=30)
    daemon.send_signal(signal.SIGINT)
    assert daemon.wait(timeout=15) == 0
    assert "stopped" in daemon.stderr.read()

