"""Rule health (pure): is a rule firing far above its usual rate (noisy) or not at all (silent)?

Inputs are plain counts read from the database (storage.status.RuleActivity); the same
judgement backs `newswatch rules`, the status page and the admin notices (pipeline.rulehealth).

noisy   the last 24 h brought at least ``max(NOISY_MIN, NOISY_FACTOR × usual)`` alerts, where
        ``usual`` is the median of the rule's alerts per day over the 30 days before those 24 h
        (only the days since the rule was first seen, at least one). A median, not a mean, so
        one earlier burst does not raise the bar; a minimum count, so a rule that usually fires
        0–1 times a day is not noisy at 3. It is back to normal when the last 24 h fall below
        half that threshold (hysteresis: a count hovering at the line gives no notice storm).
silent  no alert for ``[watch] silent_after`` (default 14 days) and the rule is older than that
        (first seen by newswatch, or its first alert, that long ago): a new rule is never silent.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Sequence

from watcher.messages import counted

NOISY_MIN = 10
NOISY_FACTOR = 5
RECOVER_RATIO = 0.5
BASELINE_DAYS = 30
OK, NOISY, SILENT, NEW, DISABLED = "ok", "noisy", "silent", "new", "disabled"


@dataclass(frozen=True)
class RuleHealth:
    rule_id: str
    title: str
    severity: str
    state: str                     # ok | noisy | silent | new (younger than silent_after, quiet) | disabled
    day: int                       # alerts in the last 24 h
    week: int
    month: int                     # last 30 days
    total: int
    last_fired_at: datetime | None
    usual: float                   # median alerts per day before the last 24 h
    threshold: int                 # alerts in 24 h that make it noisy
    matched: int                   # entries it matched in the last 30 days
    polled: int                    # new entries matched against the rules in those days
    first_seen_at: datetime | None
    reason: str

    @property
    def share(self) -> float | None:
        return self.matched / self.polled if self.polled else None

    @property
    def notify_state(self) -> str:
        """The state admins are told about: new counts as ok."""
        return OK if self.state in (OK, NEW) else self.state

    def to_json(self) -> dict[str, Any]:
        return {"id": self.rule_id, "title": self.title, "severity": self.severity, "state": self.state,
                "alerts_24h": self.day, "alerts_7d": self.week, "alerts_30d": self.month, "alerts_total": self.total,
                "last_fired": self.last_fired_at.isoformat() if self.last_fired_at else None,
                "usual_per_day": self.usual, "noisy_at": self.threshold, "matched_30d": self.matched,
                "polled_30d": self.polled, "share_matched": self.share, "reason": self.reason}


def usual_per_day(daily: Sequence[int], history_days: int) -> float:
    """Median alerts per day over the days before the last 24 h (``daily[0]`` is the last 24 h)."""
    days = list(daily[1:1 + max(1, min(history_days, BASELINE_DAYS))])
    return float(statistics.median(days)) if days else 0.0


def noisy_threshold(usual: float) -> int:
    return max(NOISY_MIN, int(NOISY_FACTOR * max(usual, 1.0) + 0.999))


def assess(rule: Any, activity: Any, polled: int, now: datetime, silent_after: timedelta,
           previous: str = OK) -> RuleHealth:
    """``rule``: a compiled Rule (id, title, severity, enabled); ``activity``: its RuleActivity
    (None when it never fired nor was seen); ``previous``: the state admins were last told."""
    daily = tuple(activity.daily) if activity is not None else ()
    first_seen = _first_seen(activity)
    history = (now - first_seen).days if first_seen is not None else 0
    usual = usual_per_day(daily, history)
    threshold = noisy_threshold(usual)
    day = activity.last_day if activity is not None else 0
    last = activity.last_fired_at if activity is not None else None
    state, reason = _state(rule, day, usual, threshold, last, first_seen, now, silent_after, previous)
    return RuleHealth(
        rule_id=rule.id, title=rule.title, severity=str(rule.severity), state=state, day=day,
        week=activity.last_week if activity is not None else 0, month=activity.last_month if activity is not None else 0,
        total=activity.total if activity is not None else 0, last_fired_at=last, usual=usual, threshold=threshold,
        matched=activity.matched if activity is not None else 0, polled=polled, first_seen_at=first_seen, reason=reason)


def _state(rule: Any, day: int, usual: float, threshold: int, last: datetime | None, first_seen: datetime | None,
           now: datetime, silent_after: timedelta, previous: str) -> tuple[str, str]:
    if not getattr(rule, "enabled", True):
        return DISABLED, "disabled in its rule file"
    bar = threshold * RECOVER_RATIO if previous == NOISY else threshold
    if day >= bar and day > 0:
        return NOISY, f"{day} alerts in 24 h; usually {usual:g}/day (noisy from {threshold})"
    quiet_since = last or first_seen
    if quiet_since is not None and now - quiet_since >= silent_after:
        since = f"since {last:%Y-%m-%d}" if last else f"since it was first seen on {quiet_since:%Y-%m-%d}"
        return SILENT, f"no alert for {counted((now - quiet_since).days, 'day')} ({since})"
    if last is None:
        return NEW, "no alert yet"
    return OK, ""


def _first_seen(activity: Any) -> datetime | None:
    if activity is None:
        return None
    seen = [t for t in (activity.first_seen_at, activity.first_fired_at) if t is not None]
    return min(seen) if seen else None
