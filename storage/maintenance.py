"""Retention: what is pruned once it is older than ``[watch] retention``, and giving the space back.

Pruned (each step one short transaction of at most ``batch`` rows per kind, so the daemon's
other database work goes on between steps):

- entry text: ``summary``, ``content`` and ``author`` are blanked. The row stays with its key,
  title, link and story: it is the tombstone that keeps an old entry from ever coming back as new
  when a feed serves it again, and the line ``alerts`` and "also reported by" still show;
- alert snippets (a copy of entry text); the alert row stays, so a story never alerts twice;
- sent deliveries (by ``sent_at``) and dead ones (by ``created_at``): the outbox history;
- admin notices none of whose deliveries remain;
- per-rule daily match counts (``rule_count``) older than the horizon and the 30 days rule
  health reads before it (so a short retention never shrinks the "share matched").

Stories, their aliases, alerts and feed rows are kept: they are small and they are the dedupe keys.
Entries and alerts newer than the last pass's horizon are the only ones looked at (a ``meta``
watermark), so a pass costs what was added since, not the whole history.

Space: on SQLite, freed pages go back to the filesystem (``incremental_vacuum``; a file created
before this existed is converted once with ``VACUUM``) and the WAL is truncated
(``wal_checkpoint(TRUNCATE)``), both outside any transaction. PostgreSQL gets a plain ``VACUUM``
of the pruned tables (autovacuum would come by later; this makes the space reusable now).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, and_, delete, exists, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from storage.engine import sqlite_autocommit, sqlite_path
from storage.errors import StorageError
from storage.records import DeliveryStatus, PruneReport
from storage.store import BaseStore, _short
from storage.tables import alert_t, delivery_t, entry_t, meta_t, notice_t, rule_count_t

WATERMARK = "retention.pruned_before"
PRUNE_BATCH = 2000
NO_SNIPPET = "null"
TEXT_COLUMNS = ("summary", "content", "author")
AUTO_VACUUM_INCREMENTAL = 2
RULE_HEALTH_DAYS = 31     # rule_count rows rule health reads (30 days) and a day of slack


class MaintenanceMixin(BaseStore):
    def prune(self, before: datetime, batch: int = PRUNE_BATCH) -> PruneReport:
        """Everything :meth:`prune_step` finds before ``before``, then give the space back."""
        total = PruneReport()
        while True:
            step = self.prune_step(before, batch)
            total += step
            if step.rows < batch:
                break
        self.finish_prune(before)
        return total + self.compact()

    def prune_step(self, before: datetime, batch: int = PRUNE_BATCH) -> PruneReport:
        """One short transaction pruning at most ``batch`` rows of each kind."""
        with self.tx() as conn:
            since = self._watermark(conn)
            entries = self._prune_entries(conn, _window(entry_t.c.first_seen_at, since, before), batch)
            old_alerts = select(alert_t.c.id).where(_window(alert_t.c.created_at, since, before),
                                                    alert_t.c.snippet != NO_SNIPPET).limit(batch)
            alerts = conn.execute(update(alert_t).where(alert_t.c.id.in_(old_alerts.scalar_subquery()))
                                  .values(snippet=NO_SNIPPET)).rowcount
            finished = or_(and_(delivery_t.c.status == DeliveryStatus.SENT, delivery_t.c.sent_at < before),
                           and_(delivery_t.c.status.in_((DeliveryStatus.DEAD, DeliveryStatus.MUTED)),
                                delivery_t.c.created_at < before))
            old_deliveries = select(delivery_t.c.id).where(finished).limit(batch)
            deliveries = conn.execute(delete(delivery_t).where(
                delivery_t.c.id.in_(old_deliveries.scalar_subquery()))).rowcount
            orphan = ~exists().where(delivery_t.c.notice_id == notice_t.c.id)
            old_notices = select(notice_t.c.id).where(notice_t.c.created_at < before, orphan).limit(batch)
            notices = conn.execute(delete(notice_t).where(notice_t.c.id.in_(old_notices.scalar_subquery()))).rowcount
            last_day = (before - timedelta(days=RULE_HEALTH_DAYS)).strftime("%Y-%m-%d")
            counts = conn.execute(delete(rule_count_t).where(rule_count_t.c.day < last_day)).rowcount   # rules x days: small
        return PruneReport(entries, alerts, deliveries, notices, rule_counts=counts)

    def _prune_entries(self, conn: Connection, window: ColumnElement[bool], batch: int) -> int:
        """Blank the text of old entries. On SQLite each is deleted and written back as its small
        tombstone, same id: SQLite never merges the pages an UPDATE leaves nearly empty (one page
        per old entry would stay forever), a DELETE does. Foreign keys (alerts point at entries)
        are checked at commit, when every id is back."""
        has_text = or_(entry_t.c.summary != "", entry_t.c.content != "", entry_t.c.author != "")
        if not self.is_sqlite:
            ids = select(entry_t.c.id).where(window, has_text).limit(batch).scalar_subquery()
            return conn.execute(update(entry_t).where(entry_t.c.id.in_(ids))
                                .values(summary="", content="", author="")).rowcount
        kept = [c for c in entry_t.c if c.name not in TEXT_COLUMNS]
        rows = [dict(r._mapping, summary="", content="", author="")
                for r in conn.execute(select(*kept).where(window, has_text).limit(batch))]
        if rows:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            conn.execute(delete(entry_t).where(entry_t.c.id.in_([r["id"] for r in rows])))
            conn.execute(insert(entry_t), rows)
        return len(rows)

    def finish_prune(self, before: datetime) -> None:
        """Remember that everything before ``before`` is pruned (the next pass starts there)."""
        with self.tx() as conn:
            since = self._watermark(conn)
            if since is not None and since >= before:
                return
            stmt = self.insert(meta_t).values(key=WATERMARK, value=before.isoformat())
            conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": before.isoformat()}))

    def pruned_before(self) -> datetime | None:
        """The horizon of the last finished prune (everything older was pruned); None: never."""
        with self.tx() as conn:
            return self._watermark(conn)

    def compact(self) -> PruneReport:
        """Give pruned space back: SQLite file pages and WAL, or a PostgreSQL VACUUM."""
        try:
            if self.is_sqlite:
                return PruneReport(reclaimed_bytes=self._compact_sqlite())
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM (ANALYZE) entry, alert, delivery, notice")
            return PruneReport()
        except (SQLAlchemyError, sqlite3.Error, OSError) as e:   # the raw sqlite3 cursor's errors too
            raise StorageError(f"database error while compacting: {_short(e)}") from e

    def _compact_sqlite(self) -> int:
        path = sqlite_path(self.url)
        size_before = _file_sizes(path)
        with sqlite_autocommit(self.engine) as cur:
            if cur.execute("PRAGMA auto_vacuum").fetchone()[0] == AUTO_VACUUM_INCREMENTAL:
                cur.executescript("PRAGMA incremental_vacuum;")   # execute() would free one page only
            else:   # a database created before incremental vacuum: convert it, once
                cur.execute(f"PRAGMA auto_vacuum={AUTO_VACUUM_INCREMENTAL}")
                cur.execute("VACUUM")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return max(0, size_before - _file_sizes(path))

    def _watermark(self, conn: Connection) -> datetime | None:
        value = conn.execute(select(meta_t.c.value).where(meta_t.c.key == WATERMARK)).scalar()
        return datetime.fromisoformat(value) if value else None


def _window(column: ColumnElement[datetime], since: datetime | None, before: datetime) -> ColumnElement[bool]:
    """``column < before``, from the last pass's horizon on (rows older than it are pruned)."""
    return and_(column >= since, column < before) if since is not None else column < before


def _file_sizes(path: Path | None) -> int:
    if path is None:
        return 0
    total = 0
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            total += name.stat().st_size
        except FileNotFoundError:
            pass
    return total
