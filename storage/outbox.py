"""The outbox: claiming due deliveries with a lease, finishing them, admin notices, and the
story context a message is rendered from.

A claim is one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE``
on SQLite). Sending happens outside any transaction; then :meth:`finish_*` records the outcome.
Every claim has a lease token: outcomes are recorded only while that claim still holds the row
(fencing), and a live instance renews its leases while it sends (heartbeat). A row whose lease
expired mid-send (crash or stall) becomes ambiguous and goes again after a wait: at-least-once,
with the same idempotency key.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Callable, Sequence

from sqlalchemy import and_, bindparam, exists, func, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import NoResultFound

from storage.alerting import insert_notice
from storage.ingest import CHUNK
from storage.records import AlertView, Claimed, DeliveryPlan, DeliveryStatus, NoticeView, ReportView, StoryView
from storage.sqltypes import UTCDateTime
from storage.store import BaseStore, new_token
from storage.tables import alert_t, delivery_t, entry_t, feed_t, notice_t, story_t


class OutboxMixin(BaseStore):
    def claim_deliveries(self, now: datetime, owner: str, lease_until: datetime, limit: int = 200, *,
                         per_destination: int | None = None,
                         ambiguous_wait: timedelta = timedelta(0)) -> list[Claimed]:
        """Lease at most ``limit`` due rows (``per_destination`` at most for one destination),
        oldest first, skipping rows another instance is claiming. A row whose lease expired in
        the middle of a send (its instance died or stalled) may still arrive from that attempt:
        it becomes pending and ambiguous, due ``ambiguous_wait`` later, then goes once more with
        the same idempotency key."""
        token = new_token()
        with self.tx() as conn:
            self._expire_stalled_sends(conn, now, ambiguous_wait)
            due = and_(delivery_t.c.status == DeliveryStatus.PENDING, delivery_t.c.due_at <= now)
            query = select(delivery_t.c.id).where(due)
            if per_destination is not None:
                ranked = select(delivery_t.c.id, func.row_number().over(
                    partition_by=(delivery_t.c.subscriber_id, delivery_t.c.destination),
                    order_by=(delivery_t.c.due_at, delivery_t.c.id)).label("rank")).where(due).subquery()
                query = query.where(delivery_t.c.id.in_(select(ranked.c.id).where(ranked.c.rank <= per_destination)))
            query = query.order_by(delivery_t.c.due_at, delivery_t.c.id).limit(limit)
            if self.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids = [r.id for r in conn.execute(query)]
            if not ids:
                return []
            conn.execute(update(delivery_t).where(delivery_t.c.id.in_(ids)).values(
                status=DeliveryStatus.SENDING, lease_owner=owner, lease_until=lease_until, lease_token=token,
                attempts=delivery_t.c.attempts + 1))
            rows = conn.execute(select(delivery_t).where(delivery_t.c.id.in_(ids)).order_by(delivery_t.c.due_at, delivery_t.c.id))
            return [_claimed(r) for r in rows]

    def _expire_stalled_sends(self, conn: Connection, now: datetime, wait: timedelta) -> None:
        stalled = and_(delivery_t.c.status == DeliveryStatus.SENDING, delivery_t.c.lease_until < now)
        conn.execute(update(delivery_t).where(stalled).values(
            status=DeliveryStatus.PENDING, ambiguous=True, due_at=now + wait, lease_owner=None, lease_until=None,
            lease_token=None,
            last_error="the lease expired during a send (instance stopped or stalled); it may have arrived"))

    def renew_delivery_leases(self, ids: Sequence[int], owner: str, tokens: Sequence[str],
                              lease_until: datetime) -> set[int]:
        """Extend the leases these claims still hold while their sends run (heartbeat)."""
        with self.tx() as conn:
            result = conn.execute(update(delivery_t).where(delivery_t.c.id.in_(list(ids)))
                                  .where(delivery_t.c.status == DeliveryStatus.SENDING).where(delivery_t.c.lease_owner == owner)
                                  .where(delivery_t.c.lease_token.in_(list(tokens))).values(lease_until=lease_until)
                                  .returning(delivery_t.c.id))
            return {r[0] for r in result}

    def assign_batch(self, ids: Sequence[int], owner: str, batch_key: str, token: str | None = None) -> int:
        """Record which message these rows travel in BEFORE sending it: after a crash the same
        rows go out again as the same message, with the same idempotency key. Returns the rows
        this claim still holds."""
        with self.tx() as conn:
            return conn.execute(_held(update(delivery_t).where(delivery_t.c.id.in_(list(ids))), owner, token)
                                .values(batch_key=batch_key)).rowcount

    def finish_sent(self, ids: Sequence[int], owner: str, now: datetime, batch_key: str, *, ambiguous: bool = False,
                    token: str | None = None) -> int:
        """Mark rows sent while this claim (``owner``, and ``token`` when given) still holds
        them; returns how many it still held (fewer: another instance took over)."""
        values: dict[str, Any] = {"status": DeliveryStatus.SENT, "sent_at": now, "lease_owner": None, "lease_until": None,
                                  "lease_token": None, "batch_key": batch_key, "last_error": None}
        if ambiguous:
            values["ambiguous"] = True   # never cleared: an earlier attempt may have arrived too
        with self.tx() as conn:
            result = conn.execute(_held(update(delivery_t).where(delivery_t.c.id.in_(list(ids)))
                                        .where(delivery_t.c.status == DeliveryStatus.SENDING), owner, token).values(**values))
            return result.rowcount

    def finish_retry(self, ids: Sequence[int], owner: str, due_at: datetime, error: str, *, ambiguous: bool = False,
                     token: str | None = None) -> int:
        with self.tx() as conn:
            return conn.execute(_held(update(delivery_t).where(delivery_t.c.id.in_(list(ids)))
                                      .where(delivery_t.c.status == DeliveryStatus.SENDING), owner, token)
                                .values(status=DeliveryStatus.PENDING, due_at=due_at, lease_owner=None, lease_until=None,
                                        lease_token=None, last_error=error[:1000], ambiguous=ambiguous)).rowcount

    def finish_dead(self, ids: Sequence[int], owner: str, error: str, token: str | None = None) -> int:
        with self.tx() as conn:
            return conn.execute(_held(update(delivery_t).where(delivery_t.c.id.in_(list(ids)))
                                      .where(delivery_t.c.status == DeliveryStatus.SENDING), owner, token)
                                .values(status=DeliveryStatus.DEAD, lease_owner=None, lease_until=None, lease_token=None,
                                        last_error=error[:1000])).rowcount

    def reschedule(self, ids: Sequence[int], owner: str, due_at: datetime, held: str, token: str | None = None) -> None:
        """Put claimed rows back without counting an attempt (flood control, quiet hours)."""
        with self.tx() as conn:
            conn.execute(_held(update(delivery_t).where(delivery_t.c.id.in_(list(ids))), owner, token)
                         .values(status=DeliveryStatus.PENDING, due_at=due_at, held=held, lease_owner=None, lease_until=None,
                                 lease_token=None, attempts=delivery_t.c.attempts - 1))

    def release_leases(self, owner: str | None = None) -> int:
        """Give claimed rows back (shutdown, or any owner's at start of a single SQLite instance)."""
        with self.tx() as conn:
            stmt = update(delivery_t).where(delivery_t.c.status == DeliveryStatus.SENDING)
            if owner is not None:
                stmt = stmt.where(delivery_t.c.lease_owner == owner)
            result = conn.execute(stmt.values(status=DeliveryStatus.PENDING, lease_owner=None, lease_until=None,
                                              lease_token=None))
            feeds = update(feed_t).where(feed_t.c.lease_owner.is_not(None))
            if owner is not None:
                feeds = feeds.where(feed_t.c.lease_owner == owner)
            conn.execute(feeds.values(lease_owner=None, lease_until=None, lease_token=None))
            return result.rowcount

    def relabel_destinations(self, relabels: Sequence[tuple[str, str, str, str]], mask: Callable[[str], str]) -> int:
        """Bring rows written under an older label format up to date. ``relabels`` holds
        (subscriber_id, old_key, key, label) of every configured destination: its rows under the
        old key move to the current key and label, so they are still delivered. Every other label
        is masked with ``mask``, in the outbox and in notice texts, so no row keeps a secret an
        older version stored. Returns the number of rows changed."""
        changed = 0
        with self.tx() as conn:
            labels = [r[0] for r in conn.execute(select(delivery_t.c.destination_label).distinct())]
            for subscriber_id, old_key, key, label in relabels:
                if old_key and old_key != key:
                    changed += conn.execute(update(delivery_t).where(
                        delivery_t.c.subscriber_id == subscriber_id, delivery_t.c.destination == old_key,
                        ~_same_message_under(key)).values(destination=key, destination_label=label)).rowcount
            for old in labels:
                new = mask(old)
                if new == old:
                    continue
                changed += conn.execute(update(delivery_t).where(delivery_t.c.destination_label == old)
                                        .values(destination_label=new)).rowcount
                conn.execute(update(notice_t).where(notice_t.c.body.contains(old, autoescape=True))
                             .values(body=func.replace(notice_t.c.body, old, new)))
        return changed

    def messages_sent_since(self, subscriber_id: str, destination: str, since: datetime) -> list[datetime]:
        """When each distinct message (batch) went to one destination since ``since``, oldest
        first (flood control)."""
        with self.tx() as conn:
            rows = conn.execute(select(delivery_t.c.batch_key, func.min(delivery_t.c.sent_at)).where(
                delivery_t.c.subscriber_id == subscriber_id, delivery_t.c.destination == destination,
                delivery_t.c.status == DeliveryStatus.SENT, delivery_t.c.sent_at > since).group_by(delivery_t.c.batch_key))
            to_utc = UTCDateTime().process_result_value   # min() over a column loses the type
            return sorted(to_utc(r[1], conn.dialect) for r in rows)

    def delivery_statuses(self, ids: Sequence[int]) -> dict[int, str]:
        """{id: status} of the deliveries among ``ids`` that exist."""
        with self.tx() as conn:
            rows = conn.execute(select(delivery_t.c.id, delivery_t.c.status).where(delivery_t.c.id.in_(list(ids))))
            return {r.id: str(r.status) for r in rows}

    def retry_deliveries(self, now: datetime, ids: Sequence[int] | None = None, *, dead: bool = False) -> int:
        with self.tx() as conn:
            stmt = update(delivery_t)
            if ids is not None:
                stmt = (stmt.where(delivery_t.c.id.in_(list(ids)))
                        .where(delivery_t.c.status.in_((DeliveryStatus.PENDING, DeliveryStatus.DEAD))))
            elif dead:
                stmt = stmt.where(delivery_t.c.status == DeliveryStatus.DEAD)
            else:
                return 0
            return conn.execute(stmt.values(status=DeliveryStatus.PENDING, due_at=now, attempts=0, held="")).rowcount

    # -- notices --------------------------------------------------------------------------
    def add_notice(self, key: str, kind: str, subject: str, body: str, now: datetime,
                   deliveries: Sequence[DeliveryPlan]) -> bool:
        """An admin notice, once per ``key``, queued for every admin destination."""
        with self.tx() as conn:
            return insert_notice(self, conn, key, kind, subject, body, now, deliveries)


    def notices(self, ids: Sequence[int]) -> dict[int, NoticeView]:
        with self.tx() as conn:
            rows = conn.execute(select(notice_t).where(notice_t.c.id.in_(list(ids))))
            return {r.id: NoticeView(r.id, r.kind, r.subject, r.body, r.created_at) for r in rows}

    # -- rendering context ----------------------------------------------------------------
    def stories(self, ids: Sequence[int]) -> dict[int, StoryView]:
        """The stories of these ids with their alerts and reports (oldest first), read in three
        statements per 400 stories (not three per story)."""
        wanted = sorted(set(ids))
        out: dict[int, StoryView] = {}
        with self.tx() as conn:
            for i in range(0, len(wanted), CHUNK):
                out.update(_story_views(conn, wanted[i:i + CHUNK]))
        return out


def _held(stmt: Any, owner: str, token: str | None) -> Any:
    """Only rows this instance still holds; with ``token``, only under that very claim (fencing)."""
    stmt = stmt.where(delivery_t.c.lease_owner == owner)
    return stmt if token is None else stmt.where(delivery_t.c.lease_token == token)


def _same_message_under(key: str) -> Any:
    """The row's story or notice already has a row for its subscriber under ``key`` (moving it
    there would break the unique keys; it stays where it is)."""
    other = delivery_t.alias("other")
    return exists().where(other.c.subscriber_id == delivery_t.c.subscriber_id, other.c.destination == key,
                          or_(other.c.story_id == delivery_t.c.story_id, other.c.notice_id == delivery_t.c.notice_id))


def _story_views(conn: Connection, ids: list[int]) -> dict[int, StoryView]:
    alerts: dict[int, list[AlertView]] = {sid: [] for sid in ids}
    for a in conn.execute(_STORY_ALERTS, {"ids": ids}):
        alerts[a.story_id].append(AlertView(
            rule_id=a.rule_id, rule_title=a.rule_title, severity=a.severity, terms=tuple(json.loads(a.terms)),
            fields=tuple(json.loads(a.fields)), snippet=json.loads(a.snippet), rule_file=a.rule_file,
            rule_hash=a.rule_hash, created_at=a.created_at, muted_by=a.muted_by))
    reports: dict[int, list[ReportView]] = {sid: [] for sid in ids}
    for r in conn.execute(_STORY_REPORTS, {"ids": ids}):
        reports[r.story_id].append(ReportView(
            feed_id=r.feed_id, feed_title=r.feed_title or r.feed_id, title=r.title, link=r.link,
            published_at=r.published_at, first_seen_at=r.first_seen_at, language=r.language))
    views = {s.id: StoryView(s.id, s.title, s.link, s.first_seen_at, tuple(alerts[s.id]), tuple(reports[s.id]))
             for s in conn.execute(_STORIES, {"ids": ids})}
    missing = [sid for sid in ids if sid not in views]
    if missing:
        raise NoResultFound(f"no story {missing[0]}")
    return views


# a message's stories, built once (statements with their IN lists expanded when they run)
_STORIES = select(story_t).where(story_t.c.id.in_(bindparam("ids", expanding=True)))
_STORY_ALERTS = select(alert_t).where(alert_t.c.story_id.in_(bindparam("ids", expanding=True))).order_by(alert_t.c.id)
_STORY_REPORTS = (select(entry_t.c.story_id, entry_t.c.feed_id, feed_t.c.title.label("feed_title"), entry_t.c.title,
                         entry_t.c.link, entry_t.c.published_at, entry_t.c.first_seen_at, entry_t.c.language)
                  .join(feed_t, feed_t.c.id == entry_t.c.feed_id)
                  .where(entry_t.c.story_id.in_(bindparam("ids", expanding=True))).order_by(entry_t.c.id))


def _claimed(r: Any) -> Claimed:
    return Claimed(id=r.id, subscriber_id=r.subscriber_id, destination=r.destination,
                   destination_label=r.destination_label, idem_key=r.idem_key, story_id=r.story_id,
                   notice_id=r.notice_id, attempts=r.attempts, severity_rank=r.severity_rank, due_at=r.due_at,
                   created_at=r.created_at, held=r.held, batch_key=r.batch_key, lease_token=r.lease_token)
