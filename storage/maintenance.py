"""Housekeeping: prune old entry text (keeping keys as tombstones) and finished outbox rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, update

from storage.ingest import delivery_t, entry_t
from storage.store import BaseStore


class MaintenanceMixin(BaseStore):
    def prune(self, before: datetime) -> tuple[int, int]:
        """Blank the text of entries first seen before ``before`` (their keys stay, so they never
        come back as new) and delete sent deliveries older than that."""
        with self.tx() as conn:
            entries = conn.execute(update(entry_t).where(and_(entry_t.c.first_seen_at < before, entry_t.c.content != ""))
                                   .values(content="", summary="")).rowcount
            sent = conn.execute(delete(delivery_t).where(and_(delivery_t.c.status == "sent",
                                                              delivery_t.c.sent_at < before))).rowcount
        if self.is_sqlite:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return entries, sent
