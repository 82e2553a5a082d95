"""The Store: the only way the daemon talks to its database (feeds and meta live here;
ingest, outbox and reports add their queries as mixins)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator, Sequence

from sqlalchemy import Integer, String, bindparam, delete, func, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import BindParameter

from storage.engine import SYNCHRONOUS, is_sqlite, make_engine, migrate, sqlite_path
from storage.errors import LeaseLost, StorageError
from storage.preflight import check_writable
from storage.records import FeedState
from storage.tables import feed_t, meta_t

ROUND = "once-round:"                  # meta keys of `run --once` rounds (start|live until|ended)
ROUND_MEMORY = timedelta(hours=1)      # how long a finished round is remembered


def _insert_for(dialect: str) -> Any:
    """The dialect's INSERT (with ``on_conflict_do_*``)."""
    if dialect == "postgresql":
        # lazy-for-start-up: SQLAlchemy's PostgreSQL dialect package costs ~17 ms to import
        from sqlalchemy.dialects.postgresql import insert
        return insert
    return sqlite.insert


class BaseStore:
    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name
        self._insert = _insert_for(self.dialect)

    @contextlib.contextmanager
    def tx(self, *, durable: bool = True) -> Iterator[Connection]:
        """One transaction (BEGIN IMMEDIATE on SQLite); database errors become StorageError.

        ``durable=False``: bookkeeping whose loss in a power cut costs nothing but a repeated
        poll (leases, the ``run --once`` round, the schedule and validators of unchanged feeds)
        commits without waiting for the disk (SQLite ``synchronous=NORMAL`` for this commit,
        PostgreSQL ``synchronous_commit=off``). It stays atomic and consistent, and the next
        durable commit (entries, alerts, the outbox) makes it durable too (WAL order); a
        durable commit cost ~7 ms of fsync here, a claim of feeds every few polls."""
        try:
            if durable or self.dialect != "sqlite":
                with self.engine.begin() as conn:
                    if not durable and self.dialect == "postgresql":
                        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")   # this transaction's own
                    yield conn
                return
            with self.engine.connect() as conn, _unsynced(conn), conn.begin():
                yield conn
        except SQLAlchemyError as e:
            raise StorageError(f"database error: {_short(e)}") from e

    def insert(self, table: Any) -> Any:
        return self._insert(table)

    @property
    def wal_path(self) -> Path | None:
        """The SQLite file's write-ahead log (None on PostgreSQL and in memory)."""
        path = sqlite_path(self.url) if self.dialect == "sqlite" else None
        return path.with_name(path.name + "-wal") if path is not None else None

    def sync_wal(self) -> None:
        """Wait for the disk to hold every commit made so far (SQLite: an fsync of the WAL, which
        every commit, durable or not, has been appended to; the commits behind it are durable
        as if each had waited itself). Nothing to do elsewhere."""
        wal = self.wal_path
        if wal is None:
            return
        try:
            fd = os.open(wal, os.O_RDONLY)
        except FileNotFoundError:      # no WAL: every commit was checkpointed (and synced) already
            return
        try:
            os.fsync(fd)
        except OSError as e:
            raise StorageError(f"database error: could not sync {wal.name}: {e}") from e
        finally:
            os.close(fd)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


@contextlib.contextmanager
def _unsynced(conn: Connection) -> Iterator[None]:
    """Around ``conn.begin()`` on SQLite: its commit does not wait for the disk (BaseStore.tx).
    SQLite takes the setting only outside a transaction: set before, restored after."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA synchronous={SYNCHRONOUS}")


def new_token() -> str:
    """A lease token: which claim holds a row (an instance may claim one row twice over time)."""
    return uuid.uuid4().hex[:16]


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
                        polled_before: datetime | None = None, limit: int = 1000) -> list[FeedState]:
        """Lease at most ``limit`` due feeds, oldest ``next_poll_at`` first, skipping rows another
        instance is claiming (SKIP LOCKED). ``all_due``: every feed of ``ids``, due or not; with
        ``except_backing_off``, not one that waits after errors (backoff, Retry-After);
        ``polled_before``: not one whose last poll started at or after it (polled by another
        instance moments ago). Every claim gets a fresh lease token that fences its updates."""
        if limit <= 0:
            return []
        with self.tx(durable=False) as conn:
            query = _claim_query(self.dialect, all_due, except_backing_off, polled_before is not None)
            listed = json.dumps(list(ids)) if self.dialect == "sqlite" else list(ids)
            claimed = [r.id for r in conn.execute(query, {"ids": listed, "now": now, "before": polled_before,
                                                          "limit": limit})]
            if not claimed:
                return []
            conn.execute(_LEASE, {"ids": claimed, "owner": owner, "until": lease_until, "token": new_token()})
            return [_feed_state(r) for r in conn.execute(_CLAIMED, {"ids": claimed})]

    def renew_feed_leases(self, ids: Sequence[str], owner: str, tokens: Sequence[str], lease_until: datetime) -> set[str]:
        """Extend the leases these claims still hold (heartbeat); returns the ids renewed."""
        with self.tx(durable=False) as conn:
            result = conn.execute(update(feed_t).where(feed_t.c.id.in_(list(ids))).where(feed_t.c.lease_owner == owner)
                                  .where(feed_t.c.lease_token.in_(list(tokens))).values(lease_until=lease_until)
                                  .returning(feed_t.c.id))
            return {r[0] for r in result}

    def release_feeds(self, feed_ids: Sequence[str], owner: str, token: str | None = None) -> None:
        with self.tx(durable=False) as conn:
            stmt = update(feed_t).where(feed_t.c.id.in_(list(feed_ids))).where(feed_t.c.lease_owner == owner)
            if token is not None:
                stmt = stmt.where(feed_t.c.lease_token == token)
            conn.execute(stmt.values(lease_owner=None, lease_until=None, lease_token=None))

    def record_failure(self, feed_id: str, now: datetime, error: str, next_poll_at: datetime,
                       *, disable: str | None = None, token: str | None = None) -> FeedState:
        """A failed poll; with ``token``, only while that claim still holds the feed (else LeaseLost)."""
        with self.tx() as conn:
            row = conn.execute(select(feed_t).where(feed_t.c.id == feed_id)).one()
            if token is not None and row.lease_token != token:
                raise LeaseLost(f"feed '{feed_id}'")
            conn.execute(update(feed_t).where(feed_t.c.id == feed_id).values(
                last_polled_at=now, last_error=error[:2000], last_error_at=now,
                error_since=row.error_since or now, consecutive_errors=row.consecutive_errors + 1,
                next_poll_at=next_poll_at, disabled_reason=disable, lease_owner=None, lease_until=None,
                lease_token=None))
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
    def join_round(self, owner: str, started_at: datetime, until: datetime, now: datetime,
                   since: datetime) -> datetime:
        """``run --once`` runs that overlap are one round: register this one (live until
        ``until``; renewed by calling again) and return the earliest start among the rounds
        still running or ended after ``since`` (when this process started). A feed whose last
        poll started after that was polled in this round."""
        with self.tx(durable=False) as conn:
            value = f"{started_at.isoformat()}|{until.isoformat()}|"
            conn.execute(self.insert(meta_t).values(key=ROUND + owner, value=value).on_conflict_do_update(
                index_elements=["key"], set_={"value": value}))
            starts = [started_at]
            for key, text in conn.execute(select(meta_t.c.key, meta_t.c.value).where(meta_t.c.key.startswith(ROUND))):
                start, live_until, ended = (datetime.fromisoformat(p) if p else None for p in str(text).split("|"))
                assert start is not None and live_until is not None
                if ended is None and live_until < now or ended is not None and ended < now - ROUND_MEMORY:
                    conn.execute(delete(meta_t).where(meta_t.c.key == key))    # died, or long over
                elif ended is None or ended >= since:
                    starts.append(start)
            return min(starts)

    def leave_round(self, owner: str, now: datetime) -> None:
        with self.tx(durable=False) as conn:
            text = conn.execute(select(meta_t.c.value).where(meta_t.c.key == ROUND + owner)).scalar()
            if text:
                start, until, _ = text.split("|")
                conn.execute(update(meta_t).where(meta_t.c.key == ROUND + owner)
                             .values(value=f"{start}|{until}|{now.isoformat()}"))

    def set_meta(self, key: str, value: str) -> None:
        with self.tx() as conn:
            stmt = self.insert(meta_t).values(key=key, value=value)
            conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


# The claim's statements, built once per shape with every value a bound parameter: SQLAlchemy's
# statement cache then keys on the shape alone (a literal list of up to 1,000 feed ids was
# coerced and hashed into the cache key at every claim, and the statement built again; `run
# --once` claims every few polls: ~2 of its ~3 ms a claim).
_IDS: BindParameter[list[str]] = bindparam("ids", expanding=True)
_LEASE = update(feed_t).where(feed_t.c.id.in_(_IDS)).values(
    lease_owner=bindparam("owner"), lease_until=bindparam("until", type_=feed_t.c.lease_until.type),
    lease_token=bindparam("token"))
_CLAIMED = select(feed_t).where(feed_t.c.id.in_(_IDS)).order_by(feed_t.c.next_poll_at)


def _listed_ids(dialect: str) -> Any:
    """The ids a claim chooses from: on SQLite one JSON array read by ``json_each`` (the list is
    up to every feed of the config; as an expanding parameter, SQLAlchemy processed each id in
    Python at every claim: ~1 ms for 1,000), elsewhere an expanding parameter."""
    if dialect != "sqlite":
        return _IDS
    return select(func.json_each(bindparam("ids", type_=String())).table_valued("value").c.value).scalar_subquery()


@functools.lru_cache(maxsize=None)
def _claim_query(dialect: str, all_due: bool, except_backing_off: bool, polled_before: bool) -> Any:
    """Which due feeds a claim takes (:meth:`FeedsMixin.claim_due_feeds`), parameters ``ids``,
    ``now``, ``before`` and ``limit``."""
    now = bindparam("now", type_=feed_t.c.next_poll_at.type)
    query = (select(feed_t.c.id).where(feed_t.c.id.in_(_listed_ids(dialect)))
             .where(feed_t.c.disabled_reason.is_(None))
             .where((feed_t.c.lease_until.is_(None)) | (feed_t.c.lease_until < now))
             .order_by(feed_t.c.next_poll_at, feed_t.c.id).limit(bindparam("limit", type_=Integer())))
    if not all_due:
        query = query.where(feed_t.c.next_poll_at <= now)
    elif except_backing_off:
        query = query.where((feed_t.c.next_poll_at <= now) | (feed_t.c.consecutive_errors == 0))
    if polled_before:
        before = bindparam("before", type_=feed_t.c.last_polled_at.type)
        query = query.where((feed_t.c.last_polled_at.is_(None)) | (feed_t.c.last_polled_at < before))
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query


def _feed_state(row: Any) -> FeedState:
    return FeedState(
        id=row.id, url=row.url, config_url=row.config_url, title=row.title, etag=row.etag,
        last_modified=row.last_modified, body_hash=row.body_hash, next_poll_at=row.next_poll_at,
        last_polled_at=row.last_polled_at, last_success_at=row.last_success_at,
        first_polled_at=row.first_polled_at, last_error=row.last_error, last_error_at=row.last_error_at,
        error_since=row.error_since, consecutive_errors=row.consecutive_errors,
        unhealthy_notified=row.unhealthy_notified, disabled_reason=row.disabled_reason,
        interval_seconds=row.interval_seconds, entries_total=row.entries_total, lease_token=row.lease_token,
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
