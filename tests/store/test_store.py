"""Storage on real SQLite files and, when configured, real PostgreSQL."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from storage import DeliveryPlan, LeaseLost, NewAlert, NewEntry, PollSuccess, StorageError, open_store, pragma
from storage.engine import on_network_filesystem

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'nw.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    s = open_store(url)
    s.sync_feeds([("f1", "http://a.example/feed", "A"), ("f2", "http://b.example/feed", "B")], NOW)
    yield s
    s.close()


def entry(key: str, story: str, *plans: DeliveryPlan, rule: str = "r1") -> NewEntry:
    alert = NewAlert(rule, "Rule", "high", "rules/x.yaml", "hash", ("t",), ("title",), None, tuple(plans))
    return NewEntry(key, story, f"title {key}", alerts=(alert,))


def plan(sub: str = "desk", dest: str = "d0", due: datetime = NOW) -> DeliveryPlan:
    return DeliveryPlan(sub, dest, "label", due)


def test_one_transaction_dedupes_entries_alerts_and_deliveries(store):
    success = PollSuccess("f1", NOW, NOW + timedelta(minutes=15), etag='"e1"')
    first = store.record_poll(success, [entry("k1", "s1", plan()), entry("k1", "s1", plan())])
    assert (first.new_entries, first.alerts, first.deliveries) == (1, 1, 1)
    again = store.record_poll(success, [entry("k1", "s1", plan())])
    assert (again.new_entries, again.alerts, again.deliveries) == (0, 0, 0)
    other_feed = store.record_poll(PollSuccess("f2", NOW, NOW), [entry("k9", "s1", plan())])
    assert (other_feed.new_entries, other_feed.alerts) == (1, 0), "same story, same rule: alert once"
    second_rule = store.record_poll(PollSuccess("f2", NOW, NOW), [entry("k10", "s1", plan(), rule="r2")])
    assert (second_rule.alerts, second_rule.deliveries) == (1, 0), "one delivery per story and destination"
    assert store.feed_state("f1").etag == '"e1"'


def test_claims_are_leased_and_reclaimed_after_expiry(store):
    store.record_poll(PollSuccess("f1", NOW, NOW), [entry("k1", "s1", plan())])
    claimed = store.claim_deliveries(NOW, "w1", NOW + timedelta(minutes=2))
    assert len(claimed) == 1 and claimed[0].attempts == 1
    assert store.claim_deliveries(NOW + timedelta(minutes=1), "w2", NOW + timedelta(minutes=3)) == []
    again = store.claim_deliveries(NOW + timedelta(minutes=3), "w2", NOW + timedelta(minutes=5))
    assert [c.id for c in again] == [claimed[0].id] and again[0].attempts == 2
    assert store.finish_sent([claimed[0].id], "w1", NOW, "b") == 0, "the old owner lost its lease"
    assert store.finish_sent([claimed[0].id], "w2", NOW, "b") == 1


def test_urgent_rule_for_a_queued_story_pulls_it_forward(store):
    later = NOW + timedelta(hours=8)
    store.record_poll(PollSuccess("f1", NOW, NOW), [entry("k1", "s1", plan(due=later))])
    store.record_poll(PollSuccess("f2", NOW, NOW), [entry("k2", "s1", plan(due=NOW), rule="urgent")])
    (row,) = store.deliveries()
    assert row.due_at == NOW


def test_alerts_of_one_poll_for_one_story_make_one_delivery_at_the_earliest_due_time(store):
    later = NOW + timedelta(hours=8)
    digest = DeliveryPlan("desk", "d0", "label", later, held="digest")
    urgent = DeliveryPlan("desk", "d0", "label", NOW, severity_rank=3)
    result = store.record_poll(PollSuccess("f1", NOW, NOW), [
        entry("k1", "s1", digest), entry("k2", "s1", urgent, rule="urgent"), entry("k3", "s1", urgent),
        entry("k4", "s2", digest)])
    assert (result.new_entries, result.alerts, result.deliveries) == (4, 3, 2)
    rows = {r.title: r for r in store.deliveries()}     # a story is titled by its first entry
    assert (rows["title k1"].due_at, rows["title k1"].held, len(rows)) == (NOW, "", 2)
    assert (rows["title k4"].due_at, rows["title k4"].held) == (later, "digest")
    stories = dict(result.stories)
    assert stories["k1"] == stories["k2"] == stories["k3"] != stories["k4"]
    assert sorted(result.alerted) == sorted([(stories["k1"], "r1"), (stories["k1"], "urgent"), (stories["k1"], "r1"),
                                             (stories["k4"], "r1")])


def test_first_poll_time_is_kept_by_later_polls(store):
    store.record_poll(PollSuccess("f1", NOW, NOW), [NewEntry("k1", "s1", "t1")])
    store.record_poll(PollSuccess("f1", NOW + timedelta(hours=1), NOW), [NewEntry("k2", "s2", "t2")])
    state = store.feed_state("f1")
    assert (state.first_polled_at, state.last_polled_at, state.entries_total) == (NOW, NOW + timedelta(hours=1), 2)


def test_a_poll_larger_than_one_insert_stores_every_entry_with_its_values_and_story(store):
    """New entries, stories and aliases go in multi-row INSERTs of a bounded size (storage.bulk):
    a poll of 150 (three statements of entries) keeps each entry's values and its story."""
    offset = timezone(timedelta(hours=-5))
    rows = [NewEntry(f"k{i}", f"s{i // 2}", f"title {i} ü", f"https://x.example/{i}" if i % 3 else None,
                     f"summary {i}", "c" * (i % 7), language="en" if i % 2 else None,
                     published_at=(NOW - timedelta(minutes=i)).astimezone(offset) if i % 4 else None,
                     story=-(i // 2 + 1), recent=bool(i % 5)) for i in range(150)]
    result = store.record_poll(PollSuccess("f1", NOW, NOW), rows)
    assert result.new_entries == 150 and store.feed_state("f1").entries_total == 150
    stored = {e.entry_key: e for e in store.entries_since(NOW)}
    assert len(stored) == 150, "first seen at NOW: stored as the queries' bound values compare"
    for i, row in enumerate(rows):
        got = stored[row.entry_key]
        assert (got.title, got.link, got.summary, got.content, got.first_seen_at) == (
            row.title, row.link, row.summary, row.content, NOW)
        assert got.published_at == (NOW - timedelta(minutes=i) if i % 4 else None)
    story_of = dict(result.stories)
    assert len(set(story_of.values())) == 75, "two entries a story"
    assert all(story_of[f"k{2 * n}"] == story_of[f"k{2 * n + 1}"] == stored[f"k{2 * n}"].story_id for n in range(75))
    again = store.record_poll(PollSuccess("f2", NOW, NOW), [NewEntry("k0", "s0", "same link, other feed")])
    assert dict(again.stories)["k0"] == story_of["k0"], "the story's alias was stored"


def test_stories_read_together_keep_each_storys_alerts_and_reports_in_order(store):
    first = store.record_poll(PollSuccess("f1", NOW, NOW), [entry("k1", "s1", plan()), entry("k2", "s2", plan(), rule="r2"),
                                                            entry("k3", "s1", plan(), rule="r3")])
    later = NOW + timedelta(minutes=5)
    result = store.record_poll(PollSuccess("f2", later, later), [entry("k4", "s2", plan(), rule="r4"),
                                                                 NewEntry("k5", "s3", "quiet")])
    ids = dict(result.stories)
    views = store.stories([ids["k4"], ids["k5"], ids["k4"]])
    s2, s3 = views[ids["k4"]], views[ids["k5"]]
    assert len(views) == 2 and (s2.title, s3.title) == ("title k2", "quiet")
    assert [a.rule_id for a in s2.alerts] == ["r2", "r4"] and s3.alerts == ()
    assert [(r.feed_id, r.feed_title, r.title, r.first_seen_at) for r in s2.reports] == [
        ("f1", "A", "title k2", NOW), ("f2", "B", "title k4", later)]
    assert s2.alerts[0].terms == ("t",) and s2.alerts[0].fields == ("title",)
    s1 = dict(first.stories)["k1"]
    (only,) = store.stories([s1]).values()
    assert [r.title for r in only.reports] == ["title k1", "title k3"] and [a.rule_id for a in only.alerts] == ["r1", "r3"]
    with pytest.raises(StorageError):
        store.stories([ids["k4"], 10_000_000])


def test_a_poll_whose_claim_lost_the_feed_records_nothing(store):
    (old,) = store.claim_due_feeds(["f1"], NOW, "a", NOW + timedelta(minutes=5))
    later = NOW + timedelta(minutes=10)
    (new,) = store.claim_due_feeds(["f1"], later, "b", later + timedelta(minutes=5))
    with pytest.raises(LeaseLost):
        store.record_poll(PollSuccess("f1", later, later, lease_token=old.lease_token), [NewEntry("k1", "s1", "t")])
    assert store.entries_since(NOW - timedelta(days=1)) == []
    result = store.record_poll(PollSuccess("f1", later, later, lease_token=new.lease_token), [NewEntry("k1", "s1", "t")])
    assert result.new_entries == 1


def test_feed_claims_skip_leased_and_disabled_feeds(store):
    ids = ["f1", "f2"]
    assert {s.id for s in store.claim_due_feeds(ids, NOW, "a", NOW + timedelta(minutes=5))} == {"f1", "f2"}
    assert store.claim_due_feeds(ids, NOW, "b", NOW + timedelta(minutes=5)) == []
    store.record_failure("f1", NOW, "HTTP 410", NOW + timedelta(hours=1), disable="410 Gone")
    later = NOW + timedelta(hours=2)
    assert [s.id for s in store.claim_due_feeds(ids, later, "b", later + timedelta(minutes=5))] == ["f2"]


def test_a_claim_takes_only_the_feeds_listed(store):
    """The ids reach the database as one JSON array on SQLite: ids JSON must escape go through."""
    odd = ['q"uote', "back\\slash", "ünï"]
    store.sync_feeds([(i, f"https://example.org/{n}", i) for n, i in enumerate(odd)], NOW)
    claimed = store.claim_due_feeds([odd[0], odd[2], "f1", "absent"], NOW, "a", NOW + timedelta(minutes=5), limit=10)
    assert sorted(s.id for s in claimed) == sorted([odd[0], odd[2], "f1"])
    assert [s.id for s in store.claim_due_feeds([odd[1]], NOW, "a", NOW + timedelta(minutes=5))] == [odd[1]]


def test_notices_are_created_once_per_key(store):
    assert store.add_notice("feed-unhealthy:f1:x", "feed", "subject", "body", NOW, [plan()])
    assert not store.add_notice("feed-unhealthy:f1:x", "feed", "subject", "body", NOW, [plan()])
    assert store.delivery_counts() == {"pending": 1}


def test_migrations_are_idempotent_and_schema_is_complete(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    open_store(url).close()
    s = open_store(url)
    with sqlite3.connect(tmp_path / "m.db") as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        version = db.execute("select version_num from alembic_version").fetchone()
    assert {"feed", "entry", "story", "story_alias", "alert", "delivery", "notice", "meta"} <= tables
    assert version == (_single_head(),)
    assert pragma(s.engine, "journal_mode") == "wal"
    assert pragma(s.engine, "synchronous") == 2, "synchronous=FULL"
    assert pragma(s.engine, "foreign_keys") == 1
    s.close()


def test_the_tables_are_the_schema_the_migrations_build(store):
    """storage/tables.py (SQLAlchemy Core) and the Alembic chain describe one schema: autogenerate
    finds nothing to change on a migrated database, types and server defaults included."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import Column, MetaData, String

    from storage.tables import metadata
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, metadata) == []
        widened = MetaData()
        for t in metadata.tables.values():
            t.to_metadata(widened)
        widened.tables["feed"].append_column(Column("extra", String(8)))
        assert [d[0] for d in compare_metadata(context, widened)] == ["add_column"], "the comparison sees a change"


def _single_head() -> str:
    """The one head of the migration chain (several heads would make upgrades fail)."""
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import storage
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(storage.__file__).parent / "migrations"))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1, f"migrations must keep one head, found {heads}"
    return heads[0]


def _writer(url: str, worker: int, n: int, errors: "multiprocessing.Queue[str]") -> None:
    s = open_store(url)
    try:
        for i in range(n):
            key = f"k{i % 50}"
            s.record_poll(PollSuccess("f1", NOW, NOW), [entry(key, f"s{i % 50}", plan(sub=f"w{worker}"))])
            s.set_meta(f"w{worker}", str(i))
    except Exception as e:  # noqa: BLE001
        errors.put(repr(e))
    finally:
        s.close()


def test_four_writers_never_see_database_is_locked(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    s = open_store(url)
    s.sync_feeds([("f1", "http://a", "A")], NOW)
    ctx = multiprocessing.get_context("spawn")
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, w, 300, errors)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert errors.empty(), errors.get()
    assert s.count_rows("entry") == 50 and s.count_rows("alert") == 50
    s.close()


def test_disk_full_rolls_back_and_recovers(tmp_path):
    from sqlalchemy import event
    url = f"sqlite:///{tmp_path / 'full.db'}"
    s = open_store(url)
    s.sync_feeds([("f1", "http://a", "A")], NOW)
    pages = pragma(s.engine, "page_count")

    def limit(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")

    event.listen(s.engine, "connect", limit)
    s.engine.dispose()
    big = [NewEntry(f"k{i}", f"s{i}", "x" * 2000, summary="y" * 20000) for i in range(50)]
    with pytest.raises(StorageError, match="full"):
        s.record_poll(PollSuccess("f1", NOW, NOW, etag='"new"'), big)
    assert s.feed_state("f1").etag is None, "nothing of the failed transaction remains"
    event.remove(s.engine, "connect", limit)
    s.engine.dispose()
    assert s.record_poll(PollSuccess("f1", NOW, NOW, etag='"new"'), big).new_entries == 50
    s.close()


def test_network_filesystem_is_detected(tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"server:/export {tmp_path} nfs4 rw 0 0\n/dev/vda / ext4 rw 0 0\n")
    import builtins
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda p, *a, **k: real_open(mounts if p == "/proc/mounts" else p, *a, **k))
    assert on_network_filesystem(tmp_path / "x.db") == "nfs4"
    assert on_network_filesystem(Path("/var/lib/x.db")) is None


def test_postgres_skip_locked_claims_are_disjoint(pg_url):
    from concurrent.futures import ThreadPoolExecutor
    s = open_store(pg_url)
    s.sync_feeds([("f1", "http://a", "A")], NOW)
    s.record_poll(PollSuccess("f1", NOW, NOW), [entry(f"k{i}", f"s{i}", plan()) for i in range(200)])

    def worker(n: int) -> list[int]:
        got: list[int] = []
        while True:
            batch = s.claim_deliveries(NOW, f"w{n}", NOW + timedelta(minutes=2), limit=7)
            if not batch:
                return got
            got += [c.id for c in batch]

    with ThreadPoolExecutor(8) as pool:
        claimed = list(pool.map(worker, range(8)))
    every = [i for ids in claimed for i in ids]
    assert len(every) == len(set(every)) == 200, "each row claimed by exactly one worker"
    assert sum(1 for ids in claimed if ids) > 1, "the work was shared"
    expired = s.claim_deliveries(NOW + timedelta(minutes=3), "rescuer", NOW + timedelta(minutes=5), limit=500)
    assert len(expired) == 200, "a dead worker's leases expire and another worker takes the rows"
    s.close()


def test_relabel_moves_old_rows_and_masks_every_old_label(store):
    old = DeliveryPlan("desk", "oldkey", "json://h/hook/S3CRET_TOKEN_1", NOW)
    gone = DeliveryPlan("gone", "k2", "json://h/x/S3CRET_TOKEN_2", NOW)
    store.record_poll(PollSuccess("f1", NOW, NOW), [entry("k1", "s1", old, gone)])
    store.add_notice("n", "dead-letter", "s", "- 1 via json://h/x/S3CRET_TOKEN_2 (404%_)", NOW, [])
    changed = store.relabel_destinations([("desk", "oldkey", "newkey", "json://h/****/S...1")],
                                         lambda label: label.replace("S3CRET_TOKEN", "masked"))
    assert changed == 2
    rows = {d.subscriber_id: d for d in store.deliveries()}
    assert rows["desk"].destination_label == "json://h/****/S...1"
    assert store.claim_deliveries(NOW, "w", NOW + timedelta(minutes=1))[0].destination in ("newkey", "k2")
    assert rows["gone"].destination_label == "json://h/x/masked_2"
    (notice,) = store.notices([1]).values()
    assert notice.body == "- 1 via json://h/x/masked_2 (404%_)"
    assert store.relabel_destinations([("desk", "oldkey", "newkey", "json://h/****/S...1")], lambda label: label) == 0
    both = DeliveryPlan("desk", "oldkey", "old label", NOW)     # an older and a newer version both queued it
    store.record_poll(PollSuccess("f1", NOW, NOW), [entry("k2", "s2", both, DeliveryPlan("desk", "newkey", "new", NOW))])
    assert store.relabel_destinations([("desk", "oldkey", "newkey", "new")], lambda label: label) == 0, "no clash"


def test_prune_blanks_old_text_keeps_keys_and_unfinished_deliveries(store):
    """`open_store(url).prune(now)` used to fail on SQLite (a checkpoint inside BEGIN IMMEDIATE) and
    skipped entries whose text was only a summary."""
    old, horizon = NOW - timedelta(days=100), NOW - timedelta(days=90)

    def alert(*plans: DeliveryPlan) -> tuple[NewAlert, ...]:
        return (NewAlert("r1", "Rule", "high", "rules/x.yaml", "hash", ("t",), ("title",),
                         {"text": "a snippet of the text", "highlights": []}, plans),)

    store.record_poll(PollSuccess("f1", old, old), [
        NewEntry("k1", "s1", "t1", summary="only a summary", alerts=alert(plan(due=old))),
        NewEntry("k2", "s2", "t2", content="full text", author="someone", alerts=alert(plan(sub="late", due=NOW)))])
    (sent,) = store.claim_deliveries(old, "w", old + timedelta(minutes=2))
    store.finish_sent([sent.id], "w", old, "b")
    store.add_notice("dead:x", "dead-letter", "subject", "body", old, [])
    store.record_poll(PollSuccess("f1", NOW, NOW), [NewEntry("k3", "s3", "t3", summary="fresh")])

    report = store.prune(horizon)

    assert (report.entries, report.alerts, report.deliveries, report.notices) == (2, 2, 1, 1)
    texts = {e.entry_key: (e.title, e.summary, e.content) for e in store.entries_since(old - timedelta(days=1))}
    assert texts == {"k1": ("t1", "", ""), "k2": ("t2", "", ""), "k3": ("t3", "fresh", "")}
    assert store.known_entry_keys("f1", ["k1", "k2", "k3"]) == {"k1", "k2", "k3"}, "the keys stay"
    assert [(d.subscriber_id, d.status) for d in store.deliveries()] == [("late", "pending")], \
        "a delivery still waiting is never pruned"
    assert store.prune(horizon).rows == 0, "a second pass finds nothing"


def test_integrity_check_is_bounded_in_time_and_names_the_damage(tmp_path):
    from storage import check_integrity
    path = tmp_path / "q.db"
    with sqlite3.connect(path) as db:
        db.execute("create table t (x text)")
        db.executemany("insert into t values (?)", [("row %d" % i * 20,) for i in range(20_000)])
    db.close()
    assert check_integrity(path) is True
    assert check_integrity(path, budget=0.0) is False, "out of time: the start goes on, with a log line"
    with open(path, "r+b") as f:    # a bad block in the middle of the table
        f.seek(4096 * 20)
        f.write(b"\xa5" * 4096)
    with pytest.raises(StorageError, match=rf"the database {path} is damaged \(.+\); newswatch will not run on it"):
        check_integrity(path)


def test_mutes_hold_alerts_when_raised_and_when_due_and_expire_by_themselves(store):
    """Both databases: an alert raised during a rule mute is recorded with muted deliveries; a
    row queued before a story mute is muted when claimed; after expiry alerts queue again."""
    rule_mute = store.add_mute("rule", "r1", "ana", "noisy", NOW, NOW + timedelta(hours=1))
    raised = store.record_poll(PollSuccess("f1", NOW, NOW), [entry("k1", "s1", plan(), rule="r1")])
    assert (raised.alerts, raised.deliveries) == (1, 0)
    queued = store.record_poll(PollSuccess("f1", NOW, NOW), [entry("k2", "s2", plan(), rule="r2")])
    assert queued.deliveries == 1
    story_id = next(a.story_id for a in store.recent_alerts(10) if a.rule_id == "r2")
    story_mute = store.add_mute("story", str(story_id), "ana", "", NOW, NOW + timedelta(hours=1))
    claimed = store.claim_deliveries(NOW, "w", NOW + timedelta(minutes=2))
    assert store.mute_claimed(claimed, "w", NOW) == {claimed[0].id: story_mute.id}
    assert sorted(d.status for d in store.deliveries()) == ["muted", "muted"]
    assert {a.rule_id: a.muted_by for a in store.recent_alerts(10)} == {"r1": rule_mute.id, "r2": story_mute.id}
    later = NOW + timedelta(hours=1, seconds=1)
    assert store.mutes(later) == [] and len(store.mutes(later, include_inactive=True)) == 2
    after = store.record_poll(PollSuccess("f1", later, later), [entry("k3", "s3", plan(), rule="r1")])
    assert after.deliveries == 1 and store.mute_claimed(store.claim_deliveries(later, "w", later), "w", later) == {}
    ended, was_active = store.end_mute(rule_mute.id, "bo", later)
    assert ended is not None and not was_active and ended.state(later) == "expired"


def test_rule_activity_counts_alerts_per_day_matches_and_keeps_the_notified_state(store):
    """Both databases: alerts bucketed per 24 h back from now, entries matched per day, polled
    entries, a rule first seen at its oldest alert, and the state moving by compare-and-set."""
    for days_ago, key in ((0, "a"), (0, "b"), (1.5, "c"), (10, "d"), (40, "e")):
        when = NOW - timedelta(days=days_ago)
        store.record_poll(PollSuccess("f1", when, when), [entry(key, f"s-{key}", plan(), rule="r1")])
    store.record_poll(PollSuccess("f1", NOW, NOW), [NewEntry("plain", "s-plain", "no match")])
    stats = store.rule_activity(NOW)
    r1 = stats.rules["r1"]
    assert (r1.last_day, r1.last_week, r1.last_month, r1.total) == (2, 3, 4, 5)
    assert r1.daily[:3] == (2, 1, 0) and r1.daily[10] == 1
    assert r1.last_fired_at == NOW and r1.first_fired_at == NOW - timedelta(days=10)
    assert r1.matched == 4 and stats.polled == 5
    store.ensure_rule_states(["r1", "r2"], NOW)
    states = store.rule_activity(NOW).rules
    assert states["r1"].first_seen_at == NOW - timedelta(days=40), "its oldest alert: it existed then"
    assert states["r2"].first_seen_at == NOW and states["r2"].state == "ok"
    assert store.set_rule_state("r1", "ok", "noisy", NOW)
    assert not store.set_rule_state("r1", "ok", "noisy", NOW), "another instance already moved it"
    assert store.rule_activity(NOW).rules["r1"].state == "noisy"


def test_the_polled_counter_is_counted_when_recorded_and_rebuilt_from_the_entries_by_its_migration(store):
    """Both databases: rule health's "new entries matched against the rules" comes from a per-day
    counter (rule_count's '*' row) written with each poll, not from counting 30 days of entries
    at every check; old entries of a first poll are not counted. Migration 0007 builds the same
    rows from the entries a database already holds."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import select

    import storage
    from storage.tables import rule_count_t
    for days_ago, key in ((0, "a"), (0, "b"), (3, "c"), (40, "d")):
        when = NOW - timedelta(days=days_ago)
        store.record_poll(PollSuccess("f1", when, when), [entry(key, f"s-{key}", plan(), rule="r1")])
    store.record_poll(PollSuccess("f2", NOW, NOW), [NewEntry("old", "s-old", "an old one", recent=False),
                                                    NewEntry("plain", "s-plain", "no match")])
    assert store.rule_activity(NOW).polled == 4, "a, b, c and plain: d is older than 30 days, old was not matched"

    def polled_rows() -> list[tuple[str, int]]:
        with store.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(rule_count_t.c.day, rule_count_t.c.matched)
                                                   .where(rule_count_t.c.rule_id == "*").order_by(rule_count_t.c.day))]

    recorded = polled_rows()
    assert [n for _, n in recorded] == [1, 1, 3]
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(storage.__file__).parent / "migrations"))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    assert polled_rows() == []
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert polled_rows() == recorded


def test_prune_removes_daily_rule_counts_older_than_the_retention_and_rule_healths_window(store):
    """rule_count rows (one per rule and day) were never pruned: a database grew by a row per
    rule every day forever. Those older than the horizon and rule health's 30 days go."""
    from sqlalchemy import func, select

    from storage.tables import rule_count_t
    for age in (200, 125, 100, 10):
        when = NOW - timedelta(days=age)
        store.record_poll(PollSuccess("f1", when, when), [NewEntry(f"k{age}", f"s{age}", "t", matched=("r1",))])
    before = store.rule_activity(NOW).rules["r1"].matched

    def days() -> int:
        with store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(rule_count_t)).scalar()

    assert days() == 8, "r1's and the polled counter's ('*') row of each day"
    report = store.prune(NOW - timedelta(days=90))
    assert report.rule_counts == 4 and days() == 4, "200 and 125 days old: past 90 + 31 days"
    assert store.rule_activity(NOW).rules["r1"].matched == before == 1, "rule health reads the same"


def commit_levels(store):
    """The ``PRAGMA synchronous`` level each commit of ``store`` runs at, in order (1 NORMAL, 2 FULL)."""
    from sqlalchemy import event

    levels: list[int] = []

    @event.listens_for(store.engine, "commit")
    def _level(conn):
        levels.append(conn.connection.dbapi_connection.execute("PRAGMA synchronous").fetchone()[0])

    return levels


def test_only_bookkeeping_commits_skip_the_wait_for_the_disk(tmp_path):
    """Leases, the run --once round and unchanged feeds commit with synchronous=NORMAL (a power
    cut costs a repeated poll); entries, alerts and the outbox with FULL, as every connection
    is left."""
    s = open_store(f"sqlite:///{tmp_path / 'nw.db'}")
    s.sync_feeds([("f1", "http://a.example/feed", "A")], NOW)
    levels = commit_levels(s)

    (claimed,) = s.claim_due_feeds(["f1"], NOW, "me", NOW + timedelta(minutes=5))
    s.join_round("me", NOW, NOW + timedelta(minutes=5), NOW, NOW)
    s.record_unchanged([PollSuccess("f1", NOW, NOW + timedelta(minutes=15), lease_token=claimed.lease_token)])
    assert levels == [1, 1, 1]
    s.record_poll(PollSuccess("f1", NOW, NOW), [entry("k1", "s1", plan())])
    s.claim_deliveries(NOW, "w1", NOW + timedelta(minutes=2))
    assert levels[3:] == [2, 2], "what is sent, and the claim before a send, wait for the disk"
    assert all(pragma(s.engine, "synchronous") == 2 for _ in range(8)), "every pooled connection is back to FULL"
    s.close()


def test_a_poll_recorded_for_group_commit_skips_the_wait_and_the_wal_sync_makes_it_durable(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'nw.db'}")
    s.sync_feeds([("f1", "http://a.example/feed", "A")], NOW)
    levels = commit_levels(s)

    s.record_poll(PollSuccess("f1", NOW, NOW), [entry("k1", "s1", plan())], durable=False)
    s.record_poll(PollSuccess("f1", NOW, NOW), [entry("k2", "s2", plan())])
    assert levels == [1, 2]
    assert s.wal_path == tmp_path / "nw.db-wal" and s.wal_path.exists()
    s.sync_wal()
    s.close()
    assert open_store(f"sqlite:///{tmp_path / 'nw.db'}").feed_state("f1").entries_total == 2
