"""Recording a poll: entries, stories, alerts, outbox rows and the feed's new validators, all in
ONE transaction. Saving the ETag first and crashing before the entries would lose the stories
behind the next 304; saving entries without their delivery rows would lose alerts."""

from __future__ import annotations

import functools
from collections import Counter
from datetime import datetime
from typing import Any, Callable, Sequence

from sqlalchemy import Integer, bindparam, func, select, text, update
from sqlalchemy.engine import Connection

from storage.alerting import AlertsMixin, Raised, insert_notice
from storage.bulk import BulkInsert
from storage.errors import LeaseLost, StaleStories
from storage.failpoints import failpoint
from storage.records import (
    NewEntry,
    NewNotice,
    PollSuccess,
    RecordResult,
    StoredEntry,
    StoryMember,
    StoryMembers,
)
from storage.tables import POLLED, alert_t, alias_t, entry_t, feed_t, rule_count_t, story_t

CHUNK = 400
# a poll's new rows, in multi-row INSERTs rendered once (storage.bulk)
_ENTRIES = BulkInsert(entry_t, ("feed_id", "entry_key", "story_id", "title", "link", "summary", "content", "author",
                                "language", "published_at", "first_seen_at", "alerted", "story_reason"),
                      returning=("id", "entry_key"))
_STORIES = BulkInsert(story_t, ("story_key", "title", "link", "fingerprint", "feed_id", "first_seen_at"),
                      returning=("id", "story_key"))
_ALIASES = BulkInsert(alias_t, ("story_key", "story_id"), conflict=("story_key",))
# statements built once, run with their values: building one costs more CPU than running it
# (a list given to ``in_`` is coerced value by value); IN lists expand when they run
_KNOWN = select(entry_t.c.entry_key).where(entry_t.c.feed_id == bindparam("feed"),
                                           entry_t.c.entry_key.in_(bindparam("keys", expanding=True)))
_ALIASED = (select(alias_t.c.story_key.label("story_key_alias"), story_t.c.id, story_t.c.story_key)
            .join(story_t, alias_t.c.story_id == story_t.c.id)
            .where(alias_t.c.story_key.in_(bindparam("keys", expanding=True))))
_LAST_ENTRY = select(func.max(entry_t.c.id))
_LEASES = (select(feed_t.c.id, feed_t.c.lease_token).where(feed_t.c.id.in_(bindparam("ids", expanding=True)))
           .order_by(feed_t.c.id))
_LEASES_LOCKED = _LEASES.with_for_update()
ENTRY_LOCK = 0x6E77_656E   # PostgreSQL advisory lock key: writers of entries take turns


class IngestMixin(AlertsMixin):
    def known_entry_keys(self, feed_id: str, keys: Sequence[str]) -> set[str]:
        with self.tx() as conn:
            return _known(conn, feed_id, keys)

    def story_members(self, since: datetime, after_id: int = 0, limit: int = 5000) -> StoryMembers:
        """Entries of stories, with what the story index needs of them: with ``after_id`` 0,
        every entry first seen since ``since`` (start-up); otherwise the next ``limit`` entries
        stored after ``after_id`` (by this instance or, on PostgreSQL, by others)."""
        query = (select(entry_t.c.id, entry_t.c.story_id, entry_t.c.feed_id, feed_t.c.title.label("feed_title"),
                        entry_t.c.title, entry_t.c.summary, entry_t.c.content, entry_t.c.link, entry_t.c.language,
                        entry_t.c.published_at, entry_t.c.first_seen_at)
                 .join(feed_t, feed_t.c.id == entry_t.c.feed_id).where(entry_t.c.story_id.is_not(None))
                 .order_by(entry_t.c.id))
        with self.tx() as conn:
            if after_id:
                query = query.where(entry_t.c.id > after_id).limit(limit)
                last = after_id
            else:
                query = query.where(entry_t.c.first_seen_at >= since)
                last = conn.execute(select(func.max(entry_t.c.id))).scalar() or 0
            members = tuple(StoryMember(r.id, r.story_id, r.feed_id, r.feed_title or r.feed_id, r.title,
                                        r.summary or r.content[:1000], r.link, r.language, r.published_at,
                                        r.first_seen_at) for r in conn.execute(query))
            if members:
                last = max(last, members[-1].entry_id)
            ids = sorted({m.story_id for m in members})
            alerted: list[tuple[int, str]] = []
            for i in range(0, len(ids), CHUNK):
                alerted.extend((r.story_id, r.rule_id) for r in conn.execute(
                    select(alert_t.c.story_id, alert_t.c.rule_id).where(alert_t.c.story_id.in_(ids[i:i + CHUNK]))))
            return StoryMembers(members, tuple(alerted), last)

    def record_unchanged(self, successes: Sequence[PollSuccess]) -> list[str]:
        """Many polls that brought nothing new (304 or an identical body), in one transaction:
        only schedule and validators change, and losing them in a crash costs one extra poll.
        A poll whose claim lost its lease meanwhile is not recorded: returns those feeds' ids."""
        if not successes:
            return []
        with self.tx(durable=False) as conn:
            lost = set(self._lost_leases(conn, successes))
            kept = [s for s in successes if s.feed_id not in lost]
            common = [s for s in kept if not s.url and not s.title]
            if common:   # one executemany: the statement is compiled once, not per feed
                conn.execute(update(feed_t).where(feed_t.c.id == bindparam("fid")).values(
                    last_polled_at=bindparam("now"), last_success_at=bindparam("now"),
                    first_polled_at=func.coalesce(feed_t.c.first_polled_at, bindparam("now")),
                    next_poll_at=bindparam("next"), consecutive_errors=0, last_error=None, error_since=None,
                    lease_owner=None, lease_until=None, lease_token=None, etag=bindparam("etag"),
                    last_modified=bindparam("lm"), body_hash=bindparam("hash")), [
                    {"fid": s.feed_id, "now": s.polled_at, "next": s.next_poll_at, "etag": s.etag,
                     "lm": s.last_modified, "hash": s.body_hash} for s in common])
            for success in kept:
                if success.url or success.title:
                    self._update_feed(conn, success, 0)
            return sorted(lost)

    def record_poll(self, success: PollSuccess, entries: Sequence[NewEntry], seen_upto: int | None = None,
                    notices: Sequence[NewNotice] = (), *, durable: bool = True) -> RecordResult:
        """Store a poll. ``seen_upto``: the newest entry id the caller's story decisions knew
        of; when another writer stored entries since, nothing is written and StaleStories is
        raised (the caller refreshes and decides again). Writers of entries take turns (an
        advisory lock on PostgreSQL, the write lock on SQLite), so entry ids grow in commit order.
        Raises LeaseLost (nothing recorded) when the poll's claim no longer holds the feed.
        ``durable=False`` (SQLite): the commit does not wait for the disk; the caller makes it
        durable with :meth:`sync_wal` before it counts the poll as recorded (group commit)."""
        with self.tx(durable=durable) as conn:
            if self._lost_leases(conn, [success]):
                raise LeaseLost(f"feed '{success.feed_id}'")
            fresh = _only_new(conn, success.feed_id, entries)
            last = self._check_fresh_view(conn, seen_upto) if fresh else seen_upto or 0
            inserted = self._insert_entries(conn, success.feed_id, success.polled_at, fresh)
            last = max([last, *(entry_id for entry_id, _, _ in inserted)])
            raised = [Raised(alert, *ids) for entry, ids in zip(fresh, inserted) for alert in entry.alerts]
            alerts, deliveries = self._insert_alerts(conn, raised, success.feed_id, success.polled_at)
            alerted = [(r.story_id, r.alert.rule_id) for r in raised]
            self._update_feed(conn, success, len(fresh))
            self._count_matches(conn, fresh, success.polled_at)
            for n in notices if fresh else ():     # follow-ups of stories these entries joined
                insert_notice(self, conn, n.key, n.kind, n.subject, n.body, success.polled_at, n.deliveries)
            failpoint("ingest-before-commit")
            return RecordResult(len(fresh), alerts, deliveries, tuple((e.entry_key, ids[1]) for e, ids in zip(fresh, inserted)),
                                tuple(alerted), last)

    def _check_fresh_view(self, conn: Connection, seen_upto: int | None) -> int:
        if self.dialect == "postgresql":   # held to the end of the transaction
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ENTRY_LOCK})
        last = conn.execute(_LAST_ENTRY).scalar() or 0
        if seen_upto is not None and last > seen_upto:
            raise StaleStories(f"entries up to id {last} were stored since id {seen_upto}")
        return last

    def _lost_leases(self, conn: Connection, successes: Sequence[PollSuccess]) -> list[str]:
        """Feeds among these polls whose claim (lease token) no longer holds them. Their rows are
        locked until the transaction ends (PostgreSQL), so no claim can slip in between."""
        fenced = {s.feed_id: s.lease_token for s in successes if s.lease_token is not None}
        if not fenced:
            return []
        query = _LEASES_LOCKED if self.dialect == "postgresql" else _LEASES
        return [r.id for r in conn.execute(query, {"ids": list(fenced)}) if r.lease_token != fenced[r.id]]

    def entries_since(self, since: datetime, feed_ids: Sequence[str] | None = None) -> list[StoredEntry]:
        with self.tx() as conn:
            query = select(entry_t).where(entry_t.c.first_seen_at >= since).order_by(entry_t.c.id)
            if feed_ids is not None:
                query = query.where(entry_t.c.feed_id.in_(list(feed_ids)))
            return [StoredEntry(r.feed_id, r.entry_key, r.story_id, r.title, r.link, r.summary, r.content,
                                r.published_at, r.first_seen_at) for r in conn.execute(query)]

    # -- pieces of the transaction --------------------------------------------------------
    def _insert_entries(self, conn: Connection, feed_id: str, now: datetime,
                        fresh: Sequence[NewEntry]) -> list[tuple[int, int, str]]:
        """Insert new entries with their stories in a handful of statements (not four per entry)."""
        if not fresh:
            return []
        stories = self._resolve_stories(conn, fresh, feed_id, now)
        # RETURNING the key as well: rows then need no order (SQLite does not promise RETURNING's)
        ids: dict[str, int] = {key: entry_id for entry_id, key in _ENTRIES.run(conn, [
            (feed_id, e.entry_key, stories[e.story_key][0], e.title, e.link, e.summary, e.content, e.author,
             e.language, e.published_at, now, e.recent, e.story_reason) for e in fresh])}
        return [(ids[e.entry_key], *stories[e.story_key]) for e in fresh]

    def _resolve_stories(self, conn: Connection, fresh: Sequence[NewEntry], feed_id: str,
                         now: datetime) -> dict[str, tuple[int, str]]:
        """story key -> (story id, the story's own key): by alias (the same canonical link is
        the same story, whenever it was seen), by the story decided (an existing one, or one
        begun in this poll: entries with the same negative ``story`` share it), or a new story.
        Every key becomes an alias of its story."""
        keys = list(dict.fromkeys(e.story_key for e in fresh))
        found: dict[str, tuple[int, str]] = {}
        for i in range(0, len(keys), CHUNK):
            found.update((r.story_key_alias, (r.id, r.story_key)) for r in conn.execute(
                _ALIASED, {"keys": keys[i:i + CHUNK]}))
        wanted = list({e.story for e in fresh if e.story > 0})
        decided: dict[int, tuple[int, str]] = {r.id: (r.id, r.story_key) for r in conn.execute(
            select(story_t.c.id, story_t.c.story_key).where(story_t.c.id.in_(wanted)))} if wanted else {}
        for e in fresh:        # a story begun here whose link was seen before joins that story
            if e.story < 0 and e.story_key in found:
                decided.setdefault(e.story, found[e.story_key])
        aliased: list[str] = []
        begun: list[NewEntry] = []      # each begins a story; ids stand in as -1, -2, ... until inserted
        for e in fresh:
            if e.story_key not in found and e.story in decided:
                found[e.story_key] = decided[e.story]
                aliased.append(e.story_key)
            elif e.story_key not in found:
                begun.append(e)
                made = found[e.story_key] = (-len(begun), e.story_key)
                aliased.append(e.story_key)
                if e.story:
                    decided[e.story] = made
        if begun:
            ids = self._new_stories(conn, begun, feed_id, now)
            found = {key: (ids[-sid - 1], own) if sid < 0 else (sid, own) for key, (sid, own) in found.items()}
        if aliased:
            _ALIASES.run(conn, [(key, found[key][0]) for key in aliased])
        return found

    def _count_matches(self, conn: Connection, fresh: Sequence[NewEntry], now: datetime) -> None:
        """Add this poll's matches per rule to today's counters, and the entries matched against
        the rules (old ones on a first poll are not) to today's ``POLLED`` row (rule health:
        share matched; counting entries at every check instead took a scan of 30 days of them)."""
        counts = Counter(r for e in fresh for r in {*e.matched, *(x.rule_id for x in e.alerts)})
        polled = sum(1 for e in fresh if e.recent)
        if polled:
            counts[POLLED] = polled
        if not counts:
            return
        day = now.strftime("%Y-%m-%d")
        conn.execute(_count_upsert(self._insert),
                     [{"rule_id": rule_id, "day": day, "matched": n} for rule_id, n in sorted(counts.items())])

    def _new_stories(self, conn: Connection, begun: Sequence[NewEntry], feed_id: str, now: datetime) -> list[int]:
        """One story per entry (their keys differ), in a few multi-row INSERTs (an INSERT per story
        was ~0.2 ms of CPU each, a fifth of a cold poll's recording); their ids in the entries' order."""
        ids: dict[str, int] = {key: story_id for story_id, key in _STORIES.run(
            conn, [(e.story_key, e.title, e.link, "", feed_id, now) for e in begun])}
        return [ids[e.story_key] for e in begun]

    def _update_feed(self, conn: Connection, success: PollSuccess, new: int) -> None:
        validators = 2 if success.modified else 1 if success.etag or success.last_modified else 0
        values: dict[str, Any] = {"fid": success.feed_id, "v_now": success.polled_at,
                                  "v_next": success.next_poll_at, "v_new": new}
        if success.url:
            values["v_url"] = success.url
        if success.title:
            values["v_title"] = success.title
        if success.interval_seconds is not None:
            values["v_interval"] = success.interval_seconds
        if validators == 2:
            values.update(v_etag=success.etag, v_lm=success.last_modified, v_hash=success.body_hash)
        elif validators == 1:
            values.update(v_etag=success.etag or None, v_lm=success.last_modified or None)
        conn.execute(_feed_update(bool(success.url), bool(success.title), success.interval_seconds is not None,
                                  validators), values)


def _known(conn: Connection, feed_id: str, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    keys = list(keys)
    for i in range(0, len(keys), CHUNK):
        part = keys[i:i + CHUNK]
        found.update(r[0] for r in conn.execute(_KNOWN, {"feed": feed_id, "keys": part}))
    return found


def _only_new(conn: Connection, feed_id: str, entries: Sequence[NewEntry]) -> list[NewEntry]:
    known = _known(conn, feed_id, [e.entry_key for e in entries])
    out, seen = [], set()
    for entry in entries:
        if entry.entry_key in known or entry.entry_key in seen:
            continue
        seen.add(entry.entry_key)
        out.append(entry)
    return out


# Statements built once per dialect and run with a dict of values: building an INSERT with
# ``.values(...)`` per alert and per delivery cost more CPU than running it.

@functools.cache
def _feed_update(url: bool, title: bool, interval: bool, validators: int) -> Any:
    """A recorded poll's feed row: schedule, lease released, errors cleared, entries counted, and
    what the poll brought (a new URL or title, the interval, validators: 2 all three as they
    came, 1 ETag and Last-Modified when either came, 0 none)."""
    now = bindparam("v_now", type_=feed_t.c.first_polled_at.type)
    values: dict[str, Any] = {
        "last_polled_at": now, "last_success_at": now, "next_poll_at": bindparam("v_next"), "consecutive_errors": 0,
        "last_error": None, "error_since": None, "lease_owner": None, "lease_until": None, "lease_token": None,
        "entries_total": feed_t.c.entries_total + bindparam("v_new", type_=Integer()),
        "first_polled_at": func.coalesce(feed_t.c.first_polled_at, now),
    }
    values.update({name: bindparam(f"v_{key}") for name, key, wanted in (
        ("url", "url", url), ("title", "title", title), ("interval_seconds", "interval", interval),
        ("etag", "etag", validators > 0), ("last_modified", "lm", validators > 0),
        ("body_hash", "hash", validators > 1)) if wanted})
    return update(feed_t).where(feed_t.c.id == bindparam("fid")).values(**values)


@functools.cache
def _count_upsert(insert: Callable[[Any], Any]) -> Any:
    stmt = insert(rule_count_t)
    return stmt.on_conflict_do_update(index_elements=["rule_id", "day"],
                                      set_={"matched": rule_count_t.c.matched + stmt.excluded.matched})
