"""Rule-health notices: one to admins when a rule turns noisy or silent (watcher.rulehealth),
one when it is back to normal. The state admins were told is kept in the database (rule_state),
so a restart never repeats a notice; with several instances the state moves by compare-and-set
and the notice key is the same on each, so it goes once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from watcher.messages import counted
from watcher.pipeline.database import Database
from watcher.pipeline.notices import Notices
from watcher.rulehealth import NOISY, OK, SILENT, RuleHealth, assess
from watcher.ruleset import RuleSet

log = logging.getLogger("newswatch.rules")


@dataclass(frozen=True)
class Transition:
    rule_id: str
    old: str
    new: str


async def check_rule_health(db: Database, notices: Notices, ruleset: RuleSet, silent_after: timedelta,
                            now: datetime) -> list[Transition]:
    """Assess every rule of ``ruleset``; a notice for each that turned noisy or silent, or back."""
    await db.run(db.store.ensure_rule_states, [r.id for r in ruleset.heads], now)
    stats = await db.run(db.store.rule_activity, now)
    changed = []
    for rule in ruleset.heads:     # what assess() reads: a rule set from the cache stays packed
        activity = stats.rules.get(rule.id)
        if activity is None or activity.state_since is None:
            continue
        health = assess(rule, activity, stats.polled, now, silent_after, activity.state)
        if health.state == "disabled" or health.notify_state == activity.state:
            continue
        since = activity.state_since.isoformat()
        if activity.state != OK:
            await notices.send(f"rule-{activity.state}-over:{rule.id}:{since}", "rule-health",
                               *_recovered(health, activity.state))
        if health.notify_state != OK:
            await notices.send(f"rule-{health.notify_state}:{rule.id}:{since}", "rule-health",
                               *_problem(health))
        if await db.run(db.store.set_rule_state, rule.id, activity.state, health.notify_state, now):
            changed.append(Transition(rule.id, activity.state, health.notify_state))
    return changed


def _problem(h: RuleHealth) -> tuple[str, str]:
    if h.state == NOISY:
        return (f"newswatch: rule '{h.rule_id}' is noisy: {h.day} alerts in 24 h",
                f"Rule '{h.rule_id}' ({h.title}) raised {h.day} alerts in the last 24 hours; it usually raises "
                f"{h.usual:g} a day (the median of the days before), so {h.threshold} or more is noisy.\n"
                f"See them with `newswatch alerts --rule {h.rule_id}`; narrow the rule, or silence it for a while "
                f"with `newswatch mute --rule {h.rule_id} --for 1d --comment WHY`.\n"
                "You will get one more notice when it is back to normal.")
    assert h.state == SILENT
    return (f"newswatch: rule '{h.rule_id}' silent: {h.reason}",
            f"Rule '{h.rule_id}' ({h.title}) has raised no alert: {h.reason}. Its feeds may no longer carry the "
            "topic, a feed may have changed, or its terms may no longer match how the news is written.\n"
            f"Check `newswatch rules` and `newswatch test-rule {h.rule_id} --since 30d`.\n"
            "You will get one more notice when it fires again.")


def _recovered(h: RuleHealth, old: str) -> tuple[str, str]:
    if old == NOISY:
        return (f"newswatch: rule '{h.rule_id}' back to normal: {counted(h.day, 'alert')} in 24 h",
                f"Rule '{h.rule_id}' ({h.title}) raised {counted(h.day, 'alert')} in the last 24 hours "
                f"(usually {h.usual:g} a day); it is no longer noisy.")
    last = f"{h.last_fired_at:%Y-%m-%d %H:%M} UTC" if h.last_fired_at else "now"
    return (f"newswatch: rule '{h.rule_id}' fired again",
            f"Rule '{h.rule_id}' ({h.title}) raised an alert again ({last}); it is no longer silent.")


__all__ = ["Transition", "check_rule_health"]
