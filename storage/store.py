"""The Store: the only way the daemon talks to its database (feeds and meta live here;
ingest, outbox and reports add their queries as mixins)."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any, Iterator, Sequence

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from storage.engine import is_sqlite, make_engine, migrate, sqlite_path
from storage.errors import StorageError
from storage.preflight import check_writable
from storage.records import FeedState
from storage.tables import FeedRow, MetaRow

feed_t = FeedRow.__table__
meta_t = MetaRow.__table__


class BaseStore:
    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name

    @contextlib.contextmanager
    def tx(self) -> Iterator[Connection]:
        """One transaction (BEGIN IMMEDIATE on SQLite); database errors become StorageError."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as e:
            raise StorageError(f"database error: {_short(e)}") from e

    def insert(self, table: Any) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def _short(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).splitlines()[0]
    return text[:300]


class FeedsMixin(BaseStore):
    def sync_feeds(self, feeds: Sequence[tuple[str, str, str]], now: datetime) -> None:
        """Create rows for new feeds; a feed whose configured URL changed starts afresh.
        Idempotent when several instances start at once on one database: a row another one
        inserted meanwhile is left alone, a URL change is applied once."""
        with self.tx() as conn:
            existing = {r.id: r for r in conn.execute(select(feed_t.c.id, feed_t.c.config_url))}
            for feed_id, url, title in feeds:
                row = existing.get(feed_id)
                if row is None:
                    conn.execute(self.insert(feed_t).values(
                        id=feed_id, url=url, config_url=url, title=title, next_poll_at=now, created_at=now,
                        consecutive_errors=0, unhealthy_notified=False, entries_total=0,
                    ).on_conflict_do_nothing(index_elements=["id"]))
                elif row.config_url != url:
                    conn.execute(update(feed_t).where(feed_t.c.id == feed_id).where(feed_t.c.config_url != url).values(
                        url=url, config_url=url, etag=None, last_modified=None, body_hash=None,
                        next_poll_at=now, disabled_reason=None, consecutive_errors=0, error_since=None))

    def feed_states(self, ids: Sequence[str] | None = None) -> list[FeedState]:
        with self.tx() as conn:
            query = select(feed_t).order_by(feed_t.c.id)
            if ids is not None:
                query = query.where(feed_t.c.id.in_(list(ids)))
            return [_feed_state(r) for r in conn.execute(query)]

    def feed_state(self, feed_id: str) -> FeedState | None:
        states = self.feed_states([feed_id])
        return states[0] if states else None

    def claim_due_feeds(self, ids: Sequence[str], now: datetime, owner: str, lease_until: datetime,
                        *, all_due: bool = False, except_backing_off: bool = False,
                        limit: int = 1000) -> list[FeedState]:
        """Lease the feeds that are due, oldest first. ``all_due``: every feed of ``ids``, due or
        not; with ``except_backing_off``, not one that waits after errors (backoff, Retry-After)."""
        with self.tx() as conn:
            query = (select(feed_t.c.id).where(feed_t.c.id.in_(list(ids)))
                     .where(feed_t.c.disabled_reason.is_(None))
                     .where((feed_t.c.lease_until.is_(None)) | (feed_t.c.lease_until < now))
                     .order_by(feed_t.c.next_poll_at).limit(limit))
            if not all_due:
                query = query.where(feed_t.c.next_poll_at <= now)
            elif except_backing_off:
                query = query.where((feed_t.c.next_poll_at <= now) | (feed_t.c.consecutive_errors == 0))
            if self.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            claimed = [r.id for r in conn.execute(query)]
            if not claimed:
                return []
            conn.execute(update(feed_t).where(feed_t.c.id.in_(claimed)).values(lease_owner=owner, lease_until=lease_until))
            rows = conn.execute(select(feed_t).where(feed_t.c.id.in_(claimed)).order_by(feed_t.c.next_poll_at))
            return [_feed_state(r) for r in rows]

    def release_feeds(self, feed_ids: Sequence[str], owner: str) -> None:
        with self.tx() as conn:
            conn.execute(update(feed_t).where(feed_t.c.id.in_(list(feed_ids))).where(feed_t.c.lease_owner == owner)
                         .values(lease_owner=None, lease_until=None))

    def record_failure(self, feed_id: str, now: datetime, error: str, next_poll_at: datetime,
                       *, disable: str | None = None) -> FeedState:
        with self.tx() as conn:
            row = conn.execute(select(feed_t).where(feed_t.c.id == feed_id)).one()
            conn.execute(update(feed_t).where(feed_t.c.id == feed_id).values(
                last_polled_at=now, last_error=error[:2000], last_error_at=now,
                error_since=row.error_since or now, consecutive_errors=row.consecutive_errors + 1,
                next_poll_at=next_poll_at, disabled_reason=disable, lease_owner=None, lease_until=None))
            return _feed_state(conn.execute(select(feed_t).where(feed_t.c.id == feed_id)).one())

    def apply_pinned_intervals(self, pins: Sequence[tuple[str, float]], now: datetime) -> int:
        """Feeds whose interval is pinned in config.toml poll on it from this start: the stored
        interval becomes the pinned one, and a next poll due later than one pinned interval after
        the last poll is brought forward (never for a feed backing off after errors, whose wait
        is politeness). Returns how many feeds were brought forward."""
        moved = 0
        with self.tx() as conn:
            for feed_id, seconds in pins:
                row = conn.execute(select(feed_t.c.interval_seconds, feed_t.c.last_polled_at, feed_t.c.next_poll_at,
                                          feed_t.c.consecutive_errors).where(feed_t.c.id == feed_id)).first()
                if row is None:
                    continue
                values: dict[str, Any] = {"interval_seconds": seconds}
                if not row.consecutive_errors and row.last_polled_at and row.next_poll_at:
                    due = row.last_polled_at + timedelta(seconds=seconds)
                    if due < row.next_poll_at:
                        values["next_poll_at"] = max(due, now)
                        moved += 1
                if row.interval_seconds != seconds or "next_poll_at" in values:
                    conn.execute(update(feed_t).where(feed_t.c.id == feed_id).values(**values))
        return moved

    def set_feed_flags(self, feed_id: str, **values: Any) -> None:
        allowed = {"unhealthy_notified", "disabled_reason", "next_poll_at", "url"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"cannot set {unknown}")
        with self.tx() as conn:
            conn.execute(update(feed_t).where(feed_t.c.id == feed_id).values(**values))

    # -- meta -----------------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        with self.tx() as conn:
            stmt = self.insert(meta_t).values(key=key, value=value)
            conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def _feed_state(row: Any) -> FeedState:
    return FeedState(
        id=row.id, url=row.url, config_url=row.config_url, title=row.title, etag=row.etag,
        last_modified=row.last_modified, body_hash=row.body_hash, next_poll_at=row.next_poll_at,
        last_polled_at=row.last_polled_at, last_success_at=row.last_success_at,
        first_polled_at=row.first_polled_at, last_error=row.last_error, last_error_at=row.last_error_at,
        error_since=row.error_since, consecutive_errors=row.consecutive_errors,
        unhealthy_notified=row.unhealthy_notified, disabled_reason=row.disabled_reason,
        interval_seconds=row.interval_seconds, entries_total=row.entries_total,
    )


def prepare_database(url: str) -> Engine:
    """Create the engine and bring the schema up to date."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            check_writable(path)
    engine = make_engine(url)
    try:
        migrate(engine)
    except SQLAlchemyError as e:
        engine.dispose()
        raise StorageError(f"cannot prepare the database: {_short(e)}") from e
    return engine
