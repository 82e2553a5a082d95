"""Read-only queries for the status page, the alert feeds, /metrics and /readyz, and the
read-only engine they run on.

:func:`reader_engine` never takes the write lock: on SQLite it opens the file ``mode=ro`` with a
plain deferred BEGIN (a missing or moved file is an error, never a new empty database); on
PostgreSQL it has a small pool, a connect timeout and a statement timeout, so a slow or gone
database makes a status read fail fast instead of piling up.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from storage.engine import BUSY_TIMEOUT_MS, is_sqlite, sqlite_path
from storage.records import AlertView, DeliveryInfo, DeliveryStatus, StoryEntry
from storage.reports import _delivery, entries_by_story
from storage.store import BaseStore
from storage.tables import alert_t, delivery_t, feed_t, notice_t, story_t

READ_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class AlertedStory:
    id: int
    story_key: str
    title: str
    link: str | None
    first_seen_at: datetime
    last_alert_at: datetime
    alerts: tuple[AlertView, ...]
    outlets: tuple[StoryEntry, ...]


@dataclass(frozen=True)
class DatabaseCounts:
    outbox: dict[str, int]                      # status -> rows
    oldest_due_at: datetime | None              # the oldest pending delivery that is due
    alerts: dict[tuple[str, str], int]          # (rule id, severity) -> alerts
    stories: int
    feeds: dict[str, int]                       # ok | failing | disabled -> feeds


class StatusMixin(BaseStore):
    def ping(self) -> None:
        """Raise StorageError unless the database answers and has its schema."""
        with self.tx() as conn:
            conn.execute(select(feed_t.c.id).limit(1)).all()

    def database_counts(self, now: datetime) -> DatabaseCounts:
        with self.tx() as conn:
            outbox = {r[0]: r[1] for r in conn.execute(
                select(delivery_t.c.status, func.count()).group_by(delivery_t.c.status))}
            oldest = conn.execute(select(func.min(delivery_t.c.due_at)).where(delivery_t.c.status == DeliveryStatus.PENDING)
                                  .where(delivery_t.c.due_at <= now)).scalar()
            alerts = {(r[0], r[1]): r[2] for r in conn.execute(
                select(alert_t.c.rule_id, alert_t.c.severity, func.count()).group_by(alert_t.c.rule_id,
                                                                                     alert_t.c.severity))}
            stories = conn.execute(select(func.count()).select_from(story_t)).scalar() or 0
            return DatabaseCounts(outbox, oldest, alerts, stories, _feed_health(conn))

    def alerted_stories(self, limit: int = 50, subscriber_id: str | None = None) -> list[AlertedStory]:
        """The stories with the most recent alerts, newest first, with every alert and outlet;
        with ``subscriber_id`` only stories queued for that subscriber."""
        with self.tx() as conn:
            last = func.max(alert_t.c.created_at).label("last")
            query = select(alert_t.c.story_id, last).group_by(alert_t.c.story_id).order_by(last.desc()).limit(limit)
            if subscriber_id is not None:
                queued = select(delivery_t.c.story_id).where(delivery_t.c.subscriber_id == subscriber_id)
                query = query.where(alert_t.c.story_id.in_(queued))
            order = [(r.story_id, r.last) for r in conn.execute(query)]
            ids = [sid for sid, _ in order]
            stories = {r.id: r for r in conn.execute(select(story_t).where(story_t.c.id.in_(ids)))}
            alerts = _alerts_by_story(conn, ids)
            outlets = entries_by_story(conn, ids)
            return [AlertedStory(sid, stories[sid].story_key, stories[sid].title, stories[sid].link,
                                 stories[sid].first_seen_at, when, tuple(alerts.get(sid, ())),
                                 tuple(outlets.get(sid, ()))) for sid, when in order]

    def delivery_problems(self, limit: int = 10) -> list[DeliveryInfo]:
        """Dead deliveries and pending ones that already failed, newest first."""
        with self.tx() as conn:
            title = func.coalesce(story_t.c.title, notice_t.c.subject)
            query = (select(delivery_t, title.label("title"))
                     .outerjoin(story_t, story_t.c.id == delivery_t.c.story_id)
                     .outerjoin(notice_t, notice_t.c.id == delivery_t.c.notice_id)
                     .where(delivery_t.c.last_error.is_not(None))
                     .where(delivery_t.c.status.in_((DeliveryStatus.DEAD, DeliveryStatus.PENDING, DeliveryStatus.SENDING)))
                     .order_by(delivery_t.c.id.desc()).limit(limit))
            return [_delivery(r) for r in conn.execute(query)]


def _feed_health(conn: Connection) -> dict[str, int]:
    health = {"ok": 0, "failing": 0, "disabled": 0}
    for r in conn.execute(select(feed_t.c.disabled_reason, feed_t.c.consecutive_errors)):
        key = "disabled" if r.disabled_reason else "failing" if r.consecutive_errors else "ok"
        health[key] += 1
    return health


def _alerts_by_story(conn: Connection, ids: Sequence[int]) -> dict[int, list[AlertView]]:
    out: dict[int, list[AlertView]] = {}
    for a in conn.execute(select(alert_t).where(alert_t.c.story_id.in_(ids)).order_by(alert_t.c.id)):
        out.setdefault(a.story_id, []).append(AlertView(
            rule_id=a.rule_id, rule_title=a.rule_title, severity=a.severity, terms=tuple(json.loads(a.terms)),
            fields=tuple(json.loads(a.fields)), snippet=json.loads(a.snippet), rule_file=a.rule_file,
            rule_hash=a.rule_hash, created_at=a.created_at))
    return out


def reader_engine(url: str) -> Engine:
    """An engine for status reads only (see the module docstring)."""
    if is_sqlite(url):
        path = sqlite_path(url)
        target = f"file:{path}?mode=ro" if path is not None else "file::memory:"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(target, uri=True, timeout=READ_TIMEOUT_SECONDS, check_same_thread=False)

        engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            dbapi_conn.execute(f"PRAGMA busy_timeout={min(BUSY_TIMEOUT_MS, READ_TIMEOUT_SECONDS * 1000)}")

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_size=2, max_overflow=0, pool_timeout=READ_TIMEOUT_SECONDS, pool_pre_ping=True,
                         pool_recycle=300, connect_args={
                             "connect_timeout": READ_TIMEOUT_SECONDS,
                             "options": f"-c statement_timeout={READ_TIMEOUT_SECONDS * 1000} "
                                        "-c default_transaction_read_only=on"})
