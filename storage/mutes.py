"""Mutes (like amtool's silences): an alert of a muted rule, story or feed is recorded, its
deliveries are marked ``muted`` and never sent. A mute is read from the database every time it
matters, so mutes added by the CLI act on a running daemon at once:

- when an alert is raised (in the poll's transaction, :func:`active_mutes` + :func:`mute_for`):
  its deliveries are created ``muted``, so a digest holding it past the mute's end never sends it;
- when a delivery is due (:meth:`MutesMixin.mute_claimed`): a row queued before the mute began
  but not yet sent is muted instead of sent, unless its story also carries an unmuted alert for
  that subscriber; then its muted alerts are marked so, and the message does not name them.

Mutes expire by themselves (``expires_at``); ``unmute`` ends one early. Rows are never deleted,
so ``mutes --all`` is the history of who muted what and why.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any, Iterable, Sequence

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from storage.records import Claimed, DeliveryStatus, MuteInfo
from storage.store import BaseStore
from storage.tables import alert_t, delivery_t, entry_t, mute_t, story_t

# built once (every poll that raises alerts reads it)
_ACTIVE = select(mute_t).where(mute_t.c.expires_at > bindparam("now"), mute_t.c.ended_at.is_(None)).order_by(mute_t.c.id)


def active_mutes(conn: Connection, now: datetime) -> list[MuteInfo]:
    """The mutes in force at ``now`` (an indexed read of a small table)."""
    rows = conn.execute(_ACTIVE, {"now": now})
    return [_mute(r) for r in rows]


def mute_for(mutes: Iterable[MuteInfo], rule_id: str, story_id: int, feed_id: str) -> MuteInfo | None:
    return next((m for m in mutes if m.matches(rule_id, story_id, feed_id)), None)


class MutesMixin(BaseStore):
    def add_mute(self, kind: str, target: str, by: str, comment: str, now: datetime, until: datetime) -> MuteInfo:
        with self.tx() as conn:
            mute_id: int = conn.execute(self.insert(mute_t).values(
                kind=kind, target=target, created_by=by[:100], comment=comment, created_at=now, expires_at=until,
            ).returning(mute_t.c.id)).scalar_one()
            return _mute(conn.execute(select(mute_t).where(mute_t.c.id == mute_id)).one())

    def mutes(self, now: datetime, *, include_inactive: bool = False) -> list[MuteInfo]:
        """Active mutes (soonest to expire first); with ``include_inactive`` every mute, newest first."""
        with self.tx() as conn:
            if not include_inactive:
                return sorted(active_mutes(conn, now), key=lambda m: (m.expires_at, m.id))
            return [_mute(r) for r in conn.execute(select(mute_t).order_by(mute_t.c.id.desc()))]

    def end_mute(self, mute_id: int, by: str, now: datetime) -> tuple[MuteInfo | None, bool]:
        """End a mute now. Returns the mute (None when unknown) and whether it was still active."""
        with self.tx() as conn:
            ended = conn.execute(update(mute_t).where(mute_t.c.id == mute_id, mute_t.c.ended_at.is_(None),
                                                      mute_t.c.expires_at > now)
                                 .values(ended_at=now, ended_by=by[:100])).rowcount
            row = conn.execute(select(mute_t).where(mute_t.c.id == mute_id)).one_or_none()
            return (None if row is None else _mute(row)), bool(ended)

    def story_exists(self, story_id: int) -> bool:
        with self.tx() as conn:
            return conn.execute(select(story_t.c.id).where(story_t.c.id == story_id)).first() is not None

    def mute_claimed(self, claimed: Sequence[Claimed], owner: str, now: datetime) -> dict[int, int]:
        """Mark claimed story deliveries that an active mute covers as ``muted`` (not sent).
        A row is covered when its story is muted, or when every alert of the story routed to its
        subscriber is muted (by rule or feed now, or already when it was raised). Returns
        {delivery id: mute id} of the rows muted."""
        rows = [c for c in claimed if c.story_id is not None]
        if not rows:
            return {}
        with self.tx() as conn:
            mutes = active_mutes(conn, now)
            if not mutes:
                return {}
            alerts = _alerts_of(conn, {c.story_id for c in rows if c.story_id is not None})
            muted: dict[int, int] = {}
            muted_alerts: dict[int, int] = {}
            for row in rows:
                assert row.story_id is not None
                mute_id, covered = _covering(mutes, row, alerts.get(row.story_id, []))
                if mute_id is not None:
                    muted[row.id] = mute_id
                muted_alerts.update(covered)    # a row still sent for another rule never names these
            for mute_id in set(muted.values()):
                ids = [d for d, m in muted.items() if m == mute_id]
                conn.execute(update(delivery_t).where(delivery_t.c.id.in_(ids), delivery_t.c.status == DeliveryStatus.SENDING,
                                                      delivery_t.c.lease_owner == owner)
                             .values(status=DeliveryStatus.MUTED, held=f"mute #{mute_id}", lease_owner=None, lease_until=None,
                                     lease_token=None, attempts=delivery_t.c.attempts - 1))
            for alert_id, mute_id in muted_alerts.items():
                conn.execute(update(alert_t).where(alert_t.c.id == alert_id, alert_t.c.muted_by.is_(None))
                             .values(muted_by=mute_id))
            return muted


def _alerts_of(conn: Connection, story_ids: set[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    query = (select(alert_t.c.id, alert_t.c.story_id, alert_t.c.rule_id, alert_t.c.routed_to, alert_t.c.muted_by,
                    entry_t.c.feed_id).join(entry_t, entry_t.c.id == alert_t.c.entry_id)
             .where(alert_t.c.story_id.in_(list(story_ids))))
    for r in conn.execute(query):
        out[r.story_id].append(r)
    return out


def _covering(mutes: Sequence[MuteInfo], row: Claimed, alerts: Sequence[Any]) -> tuple[int | None, dict[int, int]]:
    """(mute id when the mutes cover this whole delivery, else None; {alert id: mute id} of its
    alerts a mute covers)."""
    assert row.story_id is not None
    story = next((m for m in mutes if m.kind == "story" and m.target == str(row.story_id)), None)
    routed = [a for a in alerts if a.routed_to is None or row.subscriber_id in json.loads(a.routed_to)] or list(alerts)
    by_alert: dict[int, int] = {}
    for a in routed:
        mute = mute_for(mutes, a.rule_id, row.story_id, a.feed_id)
        mute_id = mute.id if mute is not None else a.muted_by
        if mute_id is not None:
            by_alert[a.id] = mute_id
    if story is not None:
        return story.id, {a.id: story.id for a in routed if a.muted_by is None}
    if routed and len(by_alert) == len(routed):
        return by_alert[routed[0].id], dict(by_alert)
    return None, {a: m for a, m in by_alert.items() if m is not None}


def _mute(r: Any) -> MuteInfo:
    return MuteInfo(id=r.id, kind=r.kind, target=r.target, created_by=r.created_by, comment=r.comment,
                    created_at=r.created_at, expires_at=r.expires_at, ended_at=r.ended_at, ended_by=r.ended_by)


__all__ = ["MutesMixin", "active_mutes", "mute_for"]
