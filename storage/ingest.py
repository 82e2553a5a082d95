"""Recording a poll: entries, stories, alerts, outbox rows and the feed's new validators, all in
ONE transaction. Saving the ETag first and crashing before the entries would lose the stories
behind the next 304; saving entries without their delivery rows would lose alerts."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Iterable, Sequence

from sqlalchemy import and_, select, update
from sqlalchemy.engine import Connection

from storage.failpoints import failpoint
from storage.records import NewAlert, NewEntry, PollSuccess, RecordResult, StoredEntry, StorySummary
from storage.store import BaseStore, feed_t
from storage.tables import AlertRow, DeliveryRow, EntryRow, StoryAliasRow, StoryRow

entry_t = EntryRow.__table__
story_t = StoryRow.__table__
alias_t = StoryAliasRow.__table__
alert_t = AlertRow.__table__
delivery_t = DeliveryRow.__table__
CHUNK = 400


def idem_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


class IngestMixin(BaseStore):
    def known_entry_keys(self, feed_id: str, keys: Sequence[str]) -> set[str]:
        with self.tx() as conn:
            return _known(conn, feed_id, keys)

    def recent_stories(self, since: datetime, limit: int = 5000) -> list[StorySummary]:
        with self.tx() as conn:
            rows = conn.execute(select(story_t.c.id, story_t.c.story_key, story_t.c.fingerprint, story_t.c.first_seen_at)
                                .where(story_t.c.first_seen_at >= since).order_by(story_t.c.id.desc()).limit(limit))
            return [StorySummary(r.id, r.story_key, r.fingerprint, r.first_seen_at) for r in rows]

    def record_poll(self, success: PollSuccess, entries: Sequence[NewEntry]) -> RecordResult:
        with self.tx() as conn:
            fresh = _only_new(conn, success.feed_id, entries)
            inserted = self._insert_entries(conn, success.feed_id, success.polled_at, fresh)
            alerts = deliveries = 0
            for entry, (entry_id, story_id, story_key) in zip(fresh, inserted):
                for alert in entry.alerts:
                    made, sent = self._insert_alert(conn, alert, entry_id, story_id, story_key, success.polled_at)
                    alerts += made
                    deliveries += sent
            self._update_feed(conn, success, len(fresh))
            failpoint("ingest-before-commit")
            return RecordResult(len(fresh), alerts, deliveries, tuple(e.entry_key for e in fresh))

    def record_alerts(self, feed_id: str, entry_key: str, alerts: Iterable[NewAlert], now: datetime) -> RecordResult:
        """Alerts for an entry already stored (backfill of a new rule over stored entries)."""
        with self.tx() as conn:
            row = conn.execute(select(entry_t.c.id, entry_t.c.story_id).where(
                and_(entry_t.c.feed_id == feed_id, entry_t.c.entry_key == entry_key))).one_or_none()
            if row is None or row.story_id is None:
                return RecordResult()
            story_key = conn.execute(select(story_t.c.story_key).where(story_t.c.id == row.story_id)).scalar_one()
            made = sent = 0
            for alert in alerts:
                a, d = self._insert_alert(conn, alert, row.id, row.story_id, story_key, now)
                made += a
                sent += d
            return RecordResult(0, made, sent)

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
        out = []
        for entry in fresh:
            story_id, story_key = self._story_for(conn, entry, feed_id, now)
            entry_id = conn.execute(self.insert(entry_t).values(
                feed_id=feed_id, entry_key=entry.entry_key, story_id=story_id, title=entry.title,
                link=entry.link, summary=entry.summary, content=entry.content, author=entry.author,
                language=entry.language, published_at=entry.published_at, first_seen_at=now,
                alerted=entry.recent).returning(entry_t.c.id)).scalar_one()
            out.append((entry_id, story_id, story_key))
        return out

    def _story_for(self, conn: Connection, entry: NewEntry, feed_id: str, now: datetime) -> tuple[int, str]:
        found = conn.execute(select(alias_t.c.story_id).where(alias_t.c.story_key == entry.story_key)).scalar()
        if found is None and entry.story_hint is not None:
            found = conn.execute(select(story_t.c.id).where(story_t.c.id == entry.story_hint)).scalar()
            if found is not None:
                conn.execute(self.insert(alias_t).values(story_key=entry.story_key, story_id=found)
                             .on_conflict_do_nothing(index_elements=["story_key"]))
        if found is None:
            found = conn.execute(self.insert(story_t).values(
                story_key=entry.story_key, title=entry.title, link=entry.link, fingerprint=entry.fingerprint,
                feed_id=feed_id, first_seen_at=now).returning(story_t.c.id)).scalar_one()
            conn.execute(self.insert(alias_t).values(story_key=entry.story_key, story_id=found)
                         .on_conflict_do_nothing(index_elements=["story_key"]))
        story_key = conn.execute(select(story_t.c.story_key).where(story_t.c.id == found)).scalar_one()
        return found, story_key

    def _insert_alert(self, conn: Connection, alert: NewAlert, entry_id: int, story_id: int,
                      story_key: str, now: datetime) -> tuple[int, int]:
        alert_id = conn.execute(self.insert(alert_t).values(
            rule_id=alert.rule_id, story_id=story_id, entry_id=entry_id, rule_title=alert.rule_title,
            severity=alert.severity, rule_file=alert.rule_file, rule_hash=alert.rule_hash,
            terms=json.dumps(list(alert.terms), ensure_ascii=False), fields=json.dumps(list(alert.fields)),
            snippet=json.dumps(alert.snippet, ensure_ascii=False), created_at=now,
        ).on_conflict_do_nothing(index_elements=["rule_id", "story_id"]).returning(alert_t.c.id)).scalar()
        if alert_id is None:
            return 0, 0
        made = 0
        for plan in alert.deliveries:
            stmt = self.insert(delivery_t).values(
                story_id=story_id, notice_id=None, subscriber_id=plan.subscriber_id, destination=plan.destination,
                destination_label=plan.destination_label,
                idem_key=idem_key("story", story_key, plan.subscriber_id, plan.destination),
                severity_rank=plan.severity_rank, status="pending", due_at=plan.due_at, attempts=0,
                ambiguous=False, held=plan.held, created_at=now)
            # an urgent rule firing later for a story already queued must not wait for a digest
            stmt = stmt.on_conflict_do_update(
                index_elements=["story_id", "subscriber_id", "destination"],
                set_={"due_at": plan.due_at, "held": plan.held, "severity_rank": plan.severity_rank},
                where=and_(delivery_t.c.status == "pending", delivery_t.c.due_at > plan.due_at))
            result = conn.execute(stmt.returning(delivery_t.c.id, delivery_t.c.created_at))
            row = result.first()
            if row is not None and row.created_at == now:
                made += 1
        return 1, made

    def _update_feed(self, conn: Connection, success: PollSuccess, new: int) -> None:
        values: dict[str, Any] = {
            "last_polled_at": success.polled_at, "last_success_at": success.polled_at,
            "next_poll_at": success.next_poll_at, "consecutive_errors": 0, "last_error": None,
            "error_since": None, "lease_owner": None, "lease_until": None,
            "entries_total": feed_t.c.entries_total + new,
        }
        row = conn.execute(select(feed_t.c.first_polled_at).where(feed_t.c.id == success.feed_id)).one()
        if row.first_polled_at is None:
            values["first_polled_at"] = success.polled_at
        if success.url:
            values["url"] = success.url
        if success.title:
            values["title"] = success.title
        if success.interval_seconds is not None:
            values["interval_seconds"] = success.interval_seconds
        if success.modified:
            values.update(etag=success.etag, last_modified=success.last_modified, body_hash=success.body_hash)
        elif success.etag or success.last_modified:
            values.update(etag=success.etag or None, last_modified=success.last_modified or None)
        conn.execute(update(feed_t).where(feed_t.c.id == success.feed_id).values(**values))


def _known(conn: Connection, feed_id: str, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    keys = list(keys)
    for i in range(0, len(keys), CHUNK):
        part = keys[i:i + CHUNK]
        found.update(r[0] for r in conn.execute(
            select(entry_t.c.entry_key).where(entry_t.c.feed_id == feed_id).where(entry_t.c.entry_key.in_(part))))
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
