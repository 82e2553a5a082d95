"""Rule health reads and state: alerts per rule over the last 24 h / 7 d / 30 d and per day,
entries matched (counted per UTC day when a poll is recorded), and the state admins were last
told about (rule_state; a restart never repeats a notice). Judging is the caller's
(watcher.rulehealth)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Sequence

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.engine import Connection

from storage.sqltypes import UTCDateTime
from storage.store import BaseStore
from storage.tables import POLLED, alert_t, rule_count_t, rule_state_t

DAYS = 30


@dataclass(frozen=True)
class RuleActivity:
    rule_id: str
    last_day: int = 0
    last_week: int = 0
    last_month: int = 0
    total: int = 0
    last_fired_at: datetime | None = None
    first_fired_at: datetime | None = None     # the first alert within the last 30 days
    daily: tuple[int, ...] = (0,) * DAYS      # alerts per 24 h window back from now; [0] = the last 24 h
    matched: int = 0                          # entries matched in the last 30 UTC days
    first_seen_at: datetime | None = None     # when newswatch first checked this rule's health
    state: str = "ok"                         # the state admins were last told about
    state_since: datetime | None = None


@dataclass(frozen=True)
class RuleStats:
    rules: dict[str, RuleActivity]
    polled: int                               # new entries matched against the rules in those 30 days


class RuleStatsMixin(BaseStore):
    def rule_activity(self, now: datetime) -> RuleStats:
        first_day = (now - timedelta(days=DAYS - 1)).strftime("%Y-%m-%d")
        with self.tx() as conn:
            found: dict[str, dict[str, Any]] = {}
            for r in _alert_counts(conn, now):
                daily = tuple(int(getattr(r, f"d{k}") or 0) for k in range(DAYS))
                found[r.rule_id] = dict(last_day=daily[0], last_week=sum(daily[:7]), last_month=sum(daily),
                                        total=r.total, last_fired_at=_utc(conn, r.last), daily=daily,
                                        first_fired_at=_utc(conn, r.first))
            polled = 0
            for r in conn.execute(select(rule_count_t.c.rule_id, func.sum(rule_count_t.c.matched))
                                  .where(rule_count_t.c.day >= first_day).group_by(rule_count_t.c.rule_id)):
                if r[0] == POLLED:
                    polled = int(r[1] or 0)
                else:
                    found.setdefault(r[0], {})["matched"] = int(r[1] or 0)
            for r in conn.execute(select(rule_state_t)):
                found.setdefault(r.rule_id, {}).update(first_seen_at=r.first_seen_at, state=r.state,
                                                       state_since=r.state_since)
        return RuleStats({rule_id: RuleActivity(rule_id, **values) for rule_id, values in found.items()}, polled)

    def ensure_rule_states(self, rule_ids: Sequence[str], now: datetime) -> None:
        """A state row for every rule not seen before: first seen now, or at its first stored
        alert when older (a database from before rule health has history)."""
        with self.tx() as conn:
            known = {r[0] for r in conn.execute(select(rule_state_t.c.rule_id))}
            new = [i for i in dict.fromkeys(rule_ids) if i not in known]
            if not new:
                return
            first = {r[0]: _utc(conn, r[1]) for r in conn.execute(
                select(alert_t.c.rule_id, func.min(alert_t.c.created_at)).where(alert_t.c.rule_id.in_(new))
                .group_by(alert_t.c.rule_id))}
            rows = [{"rule_id": i, "first_seen_at": min(now, first.get(i) or now), "state": "ok", "state_since": now}
                    for i in new]
            conn.execute(self.insert(rule_state_t).on_conflict_do_nothing(index_elements=["rule_id"]), rows)

    def set_rule_state(self, rule_id: str, old: str, new: str, now: datetime) -> bool:
        """Move a rule from ``old`` to ``new`` (compare-and-set: of several instances one wins)."""
        with self.tx() as conn:
            return bool(conn.execute(update(rule_state_t).where(rule_state_t.c.rule_id == rule_id,
                                                                rule_state_t.c.state == old)
                                     .values(state=new, state_since=now)).rowcount)


def _alert_counts(conn: Connection, now: datetime) -> Any:
    """Per rule: total, newest and (within 30 days) oldest alert, and alerts per 24 h window back
    from now (``(now - k - 1 days, now - k days]``), in one grouped scan (dialect-neutral: bound datetimes, no date functions)."""
    created = alert_t.c.created_at
    windows = [func.sum(case((and_(created > now - timedelta(days=k + 1), created <= now - timedelta(days=k)), 1),
                             else_=0)).label(f"d{k}") for k in range(DAYS)]
    first = func.min(case((created > now - timedelta(days=DAYS), created), else_=None)).label("first")
    return conn.execute(select(alert_t.c.rule_id, func.count().label("total"), func.max(created).label("last"),
                               first, *windows).group_by(alert_t.c.rule_id))


def _utc(conn: Connection, value: Any) -> datetime | None:
    """min()/max() over a column lose its type on SQLite (a string comes back)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    result: datetime | None = UTCDateTime().process_result_value(value, conn.dialect)
    return result
