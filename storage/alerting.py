"""Alerts as storage records them: a poll's alerts and their outbox rows (batched when no mute
is in force, one by one with the mute that covers each otherwise), alerts backfilled for stored
entries, and notices with their deliveries. Called inside the transaction of the caller
(storage.ingest's record_poll, storage.outbox), never in one of their own except record_alerts."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection

from storage.bulk import BulkInsert
from storage.mutes import active_mutes, mute_for
from storage.records import DeliveryPlan, DeliveryStatus, MuteInfo, NewAlert, RecordResult
from storage.store import BaseStore
from storage.tables import alert_t, delivery_t, entry_t, notice_t, story_t

# a rule fires once per story: a second alert for the pair is skipped; the (rule, story) pairs
# stored now come back (not those raised before)
_ALERTS = BulkInsert(alert_t, ("rule_id", "story_id", "entry_id", "rule_title", "severity", "rule_file", "rule_hash",
                               "terms", "fields", "snippet", "created_at", "routed_to", "muted_by"),
                     returning=("id", "rule_id", "story_id"), conflict=("rule_id", "story_id"))
# a story's delivery to a destination (as _delivery_upsert, for many rows)
_DELIVERIES = BulkInsert(delivery_t, ("story_id", "notice_id", "subscriber_id", "destination", "destination_label",
                                      "idem_key", "severity_rank", "status", "due_at", "attempts", "ambiguous", "held",
                                      "created_at"),
                         returning=("id", "created_at"), conflict=("story_id", "subscriber_id", "destination"),
                         update=("due_at", "held", "severity_rank"),
                         update_where=f"delivery.status = '{DeliveryStatus.PENDING.value}' "
                                      "AND delivery.due_at > excluded.due_at")


def idem_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


class AlertsMixin(BaseStore):
    def record_alerts(self, feed_id: str, entry_key: str, alerts: Iterable[NewAlert], now: datetime) -> RecordResult:
        """Alerts for an entry already stored (backfill of a new rule over stored entries)."""
        with self.tx() as conn:
            row = conn.execute(select(entry_t.c.id, entry_t.c.story_id).where(
                and_(entry_t.c.feed_id == feed_id, entry_t.c.entry_key == entry_key))).one_or_none()
            if row is None or row.story_id is None:
                return RecordResult()
            story_key: str = conn.execute(select(story_t.c.story_key).where(story_t.c.id == row.story_id)).scalar_one()
            made = sent = 0
            mutes = active_mutes(conn, now)
            for alert in alerts:
                a, d = self._insert_alert(conn, alert, row.id, row.story_id, story_key, now,
                                          mute_for(mutes, alert.rule_id, row.story_id, feed_id))
                made += a
                sent += d
            return RecordResult(0, made, sent)

    def _insert_alerts(self, conn: Connection, raised: Sequence[Raised], feed_id: str,
                       now: datetime) -> tuple[int, int]:
        """This poll's alerts and their outbox rows: (alerts stored, deliveries queued). Without a
        mute in force (the usual case) in two batched statements; otherwise one alert at a time,
        each with the mute that covers it."""
        if not raised:
            return 0, 0
        mutes = active_mutes(conn, now)
        if mutes:
            made = [self._insert_alert(conn, r.alert, r.entry_id, r.story_id, r.story_key, now,
                                       mute_for(mutes, r.alert.rule_id, r.story_id, feed_id)) for r in raised]
            return sum(a for a, _ in made), sum(d for _, d in made)
        stored = {(rule_id, story_id) for _, rule_id, story_id in _ALERTS.run(
            conn, [_values(_ALERTS, _alert_row(r.alert, r.entry_id, r.story_id, now)) for r in raised])}
        alerts = len(stored)
        rows: dict[tuple[int, str, str], dict[str, Any]] = {}
        for r in raised:
            if (r.alert.rule_id, r.story_id) not in stored:
                continue                 # raised for this story before (or earlier in this poll)
            stored.discard((r.alert.rule_id, r.story_id))
            for plan in r.alert.deliveries:
                key = (r.story_id, plan.subscriber_id, plan.destination)
                if key not in rows or plan.due_at < rows[key]["due_at"]:   # as the upserts one by one would
                    rows[key] = _delivery_row(plan, r.story_id, r.story_key, now, DeliveryStatus.PENDING, plan.held)
        if not rows:
            return alerts, 0
        result = _DELIVERIES.run(conn, [_values(_DELIVERIES, row) for row in rows.values()])
        return alerts, sum(1 for _, created_at in result if created_at == now)

    def _insert_alert(self, conn: Connection, alert: NewAlert, entry_id: int, story_id: int,
                      story_key: str, now: datetime, mute: MuteInfo | None = None) -> tuple[int, int]:
        alert_id = conn.execute(_alert_insert(self._insert), _alert_row(alert, entry_id, story_id, now, mute)).scalar()
        if alert_id is None:
            return 0, 0
        if mute is not None:
            self._insert_muted(conn, alert, story_id, story_key, now, mute)
            return 1, 0
        made = 0
        for plan in alert.deliveries:
            result = conn.execute(_delivery_upsert(self._insert),
                                  _delivery_row(plan, story_id, story_key, now, DeliveryStatus.PENDING, plan.held))
            row = result.first()
            if row is not None and row.created_at == now:
                made += 1
        return 1, made

    def _insert_muted(self, conn: Connection, alert: NewAlert, story_id: int, story_key: str, now: datetime,
                      mute: MuteInfo) -> None:
        """Recorded, never sent: the rows say which mute kept them (a row the story already has,
        queued by an unmuted alert, is left as it is)."""
        rows = [_delivery_row(plan, story_id, story_key, now, DeliveryStatus.MUTED, f"mute #{mute.id}")
                for plan in alert.deliveries]
        if rows:
            conn.execute(self.insert(delivery_t).on_conflict_do_nothing(), rows)


@dataclass(frozen=True)
class Raised:
    """An alert raised in this poll, with the entry and story it was raised for."""

    alert: NewAlert
    entry_id: int
    story_id: int
    story_key: str


def _alert_row(alert: NewAlert, entry_id: int, story_id: int, now: datetime,
               mute: MuteInfo | None = None) -> dict[str, Any]:
    return dict(rule_id=alert.rule_id, story_id=story_id, entry_id=entry_id, rule_title=alert.rule_title,
                severity=alert.severity, rule_file=alert.rule_file, rule_hash=alert.rule_hash,
                terms=json.dumps(list(alert.terms), ensure_ascii=False), fields=json.dumps(list(alert.fields)),
                snippet=json.dumps(alert.snippet, ensure_ascii=False), created_at=now,
                routed_to=json.dumps(sorted({plan.subscriber_id for plan in alert.deliveries})),
                muted_by=mute.id if mute is not None else None)


def _values(bulk: BulkInsert, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[column] for column in bulk.columns)


def _delivery_row(plan: DeliveryPlan, story_id: int, story_key: str, now: datetime, status: DeliveryStatus,
                  held: str) -> dict[str, Any]:
    return dict(story_id=story_id, notice_id=None, subscriber_id=plan.subscriber_id, destination=plan.destination,
                destination_label=plan.destination_label,
                idem_key=idem_key("story", story_key, plan.subscriber_id, plan.destination),
                severity_rank=plan.severity_rank, status=status, due_at=plan.due_at, attempts=0,
                ambiguous=False, held=held, created_at=now)


@functools.cache
def _alert_insert(insert: Callable[[Any], Any]) -> Any:
    """A rule fires once per story: a second alert for the pair is ignored (no id returned)."""
    return insert(alert_t).on_conflict_do_nothing(index_elements=["rule_id", "story_id"]).returning(alert_t.c.id)


@functools.cache
def _delivery_upsert(insert: Callable[[Any], Any]) -> Any:
    """A story's delivery to a destination; an urgent rule firing later for a story already
    queued must not wait for a digest (an earlier due time, its hold and rank replace the row's)."""
    stmt = insert(delivery_t)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=["story_id", "subscriber_id", "destination"],
        set_={"due_at": new.due_at, "held": new.held, "severity_rank": new.severity_rank},
        where=and_(delivery_t.c.status == DeliveryStatus.PENDING, delivery_t.c.due_at > new.due_at),
    ).returning(delivery_t.c.id, delivery_t.c.created_at)


def insert_notice(store: BaseStore, conn: Connection, key: str, kind: str, subject: str, body: str, now: datetime,
                  deliveries: Sequence[DeliveryPlan]) -> bool:
    """A notice, once per ``key``, with its outbox rows (False: that key was queued before)."""
    notice_id = conn.execute(store.insert(notice_t).values(
        key=key[:200], kind=kind, subject=subject, body=body, created_at=now,
    ).on_conflict_do_nothing(index_elements=["key"]).returning(notice_t.c.id)).scalar()
    if notice_id is None:
        return False
    for plan in deliveries:
        conn.execute(store.insert(delivery_t).values(
            story_id=None, notice_id=notice_id, subscriber_id=plan.subscriber_id,
            destination=plan.destination, destination_label=plan.destination_label,
            idem_key=idem_key("notice", key, plan.subscriber_id, plan.destination),
            severity_rank=plan.severity_rank, status=DeliveryStatus.PENDING, due_at=plan.due_at, attempts=0,
            ambiguous=False, held=plan.held, created_at=now).on_conflict_do_nothing(index_elements=["idem_key"]))
    return True
