"""Read-only listings for the inspection commands (feeds, alerts, deliveries)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from storage.records import AlertInfo, DeliveryInfo, StoryAlert, StoryEntry, StoryListing
from storage.store import BaseStore
from storage.tables import alert_t, delivery_t, entry_t, feed_t, notice_t, story_t


class ReportsMixin(BaseStore):
    def entry_counts_since(self, since: datetime) -> dict[str, int]:
        with self.tx() as conn:
            rows = conn.execute(select(entry_t.c.feed_id, func.count()).where(entry_t.c.first_seen_at >= since)
                                .group_by(entry_t.c.feed_id))
            return {r[0]: r[1] for r in rows}

    def recent_alerts(self, limit: int = 20, rule_id: str | None = None) -> list[AlertInfo]:
        with self.tx() as conn:
            query = (select(alert_t.c.id, alert_t.c.rule_id, alert_t.c.severity, alert_t.c.created_at,
                            alert_t.c.rule_file, alert_t.c.rule_hash, alert_t.c.story_id, alert_t.c.routed_to,
                            alert_t.c.muted_by,
                            story_t.c.title, story_t.c.link, story_t.c.feed_id)
                     .join(story_t, story_t.c.id == alert_t.c.story_id)
                     .order_by(alert_t.c.id.desc()).limit(limit))
            if rule_id:
                query = query.where(alert_t.c.rule_id == rule_id)
            out = []
            for r in conn.execute(query).all():
                subs = conn.execute(select(delivery_t.c.subscriber_id, delivery_t.c.status)
                                    .where(delivery_t.c.story_id == r.story_id).distinct()
                                    .order_by(delivery_t.c.subscriber_id, delivery_t.c.status))
                # only the subscribers this alert was routed to (alerts older than that record: all)
                routed = None if r.routed_to is None else set(json.loads(r.routed_to))
                out.append(AlertInfo(r.id, r.rule_id, r.severity, r.title, r.link, r.feed_id, r.created_at,
                                     r.rule_file, r.rule_hash, tuple(f"{s.subscriber_id}:{s.status}" for s in subs
                                                                     if routed is None or s.subscriber_id in routed),
                                     story_id=r.story_id, muted_by=r.muted_by))
            return out

    def stories_since(self, since: datetime, rule_id: str | None = None, limit: int = 200) -> list[StoryListing]:
        """Stories with an entry first seen since ``since`` (with ``rule_id``: only those that
        rule alerted for), newest first, with every entry and alert."""
        with self.tx() as conn:
            last = func.max(entry_t.c.first_seen_at).label("last")
            query = (select(entry_t.c.story_id, last).where(entry_t.c.first_seen_at >= since)
                     .where(entry_t.c.story_id.is_not(None)).group_by(entry_t.c.story_id)
                     .order_by(last.desc(), entry_t.c.story_id.desc()).limit(limit))
            if rule_id:
                query = query.where(entry_t.c.story_id.in_(select(alert_t.c.story_id).where(alert_t.c.rule_id == rule_id)))
            ids = [r.story_id for r in conn.execute(query)]
            stories = {r.id: r for r in conn.execute(select(story_t).where(story_t.c.id.in_(ids)))}
            entries = entries_by_story(conn, ids)
            alerts: dict[int, list[StoryAlert]] = {}
            for r in conn.execute(
                    select(alert_t.c.story_id, alert_t.c.rule_id, alert_t.c.severity, alert_t.c.created_at,
                           entry_t.c.feed_id).join(entry_t, entry_t.c.id == alert_t.c.entry_id)
                    .where(alert_t.c.story_id.in_(ids)).order_by(alert_t.c.id)):
                alerts.setdefault(r.story_id, []).append(StoryAlert(r.rule_id, r.severity, r.created_at, r.feed_id))
            return [StoryListing(i, stories[i].title, stories[i].link, stories[i].first_seen_at,
                                 tuple(entries.get(i, ())), tuple(alerts.get(i, ()))) for i in ids]

    def deliveries(self, statuses: tuple[str, ...] | None = None, limit: int = 50) -> list[DeliveryInfo]:
        with self.tx() as conn:
            title = func.coalesce(story_t.c.title, notice_t.c.subject)
            query = (select(delivery_t, title.label("title"))
                     .outerjoin(story_t, story_t.c.id == delivery_t.c.story_id)
                     .outerjoin(notice_t, notice_t.c.id == delivery_t.c.notice_id)
                     .order_by(delivery_t.c.id.desc()).limit(limit))
            if statuses:
                query = query.where(delivery_t.c.status.in_(statuses))
            return [_delivery(r) for r in conn.execute(query)]

    def delivery_counts(self) -> dict[str, int]:
        with self.tx() as conn:
            return {r[0]: r[1] for r in conn.execute(select(delivery_t.c.status, func.count()).group_by(delivery_t.c.status))}

    def count_rows(self, table: str) -> int:
        tables = {"entry": entry_t, "story": story_t, "alert": alert_t, "delivery": delivery_t, "notice": notice_t}
        with self.tx() as conn:
            return conn.execute(select(func.count()).select_from(tables[table])).scalar() or 0


def entries_by_story(conn: Connection, ids: Sequence[int]) -> dict[int, list[StoryEntry]]:
    """Each story's entries, one per outlet report, in the order they were stored."""
    entries: dict[int, list[StoryEntry]] = {}
    for r in conn.execute(
            select(entry_t.c.story_id, entry_t.c.feed_id, feed_t.c.title.label("feed_title"), entry_t.c.title,
                   entry_t.c.link, entry_t.c.language, entry_t.c.published_at, entry_t.c.first_seen_at,
                   entry_t.c.story_reason).join(feed_t, feed_t.c.id == entry_t.c.feed_id)
            .where(entry_t.c.story_id.in_(ids)).order_by(entry_t.c.id)):
        entries.setdefault(r.story_id, []).append(StoryEntry(
            r.feed_id, r.feed_title or r.feed_id, r.title, r.link, r.language, r.published_at, r.first_seen_at,
            r.story_reason))
    return entries


def _delivery(r: Any) -> DeliveryInfo:
    return DeliveryInfo(id=r.id, subscriber_id=r.subscriber_id, destination_label=r.destination_label,
                        status=r.status, attempts=r.attempts, due_at=r.due_at, last_error=r.last_error,
                        sent_at=r.sent_at, held=r.held, title=r.title or "", created_at=r.created_at,
                        ambiguous=r.ambiguous)
