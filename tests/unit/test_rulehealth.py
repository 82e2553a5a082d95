"""The rule-health judgement (pure): noisy against the rule's own median day with a minimum
count and hysteresis, silent only for rules older than silent_after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from storage import RuleActivity
from watcher.rulehealth import assess, noisy_threshold, usual_per_day

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
FORTNIGHT = timedelta(days=14)


@dataclass(frozen=True)
class Rule:
    id: str = "r"
    title: str = "R"
    severity: str = "normal"
    enabled: bool = True


def activity(daily, *, age_days=60, last=None, **kw):
    daily = tuple(daily) + (0,) * (30 - len(daily))
    last = last if last is not None else (NOW if daily[0] else None)
    return RuleActivity("r", last_day=daily[0], last_week=sum(daily[:7]), last_month=sum(daily), total=sum(daily),
                        last_fired_at=last, daily=daily, first_seen_at=NOW - timedelta(days=age_days), **kw)


def state(act, previous="ok", rule=Rule()):
    return assess(rule, act, 1000, NOW, FORTNIGHT, previous).state


def test_usual_is_the_median_of_the_days_before_so_one_burst_does_not_raise_the_bar():
    days = [0] + [1] * 25 + [300, 250, 0, 2]
    assert usual_per_day(days, 60) == 1 and noisy_threshold(1) == 10
    assert usual_per_day([9] + [8] * 29, 60) == 8 and noisy_threshold(8) == 40
    assert usual_per_day([5, 20, 20, 0, 0], 2) == 20, "only the days since the rule was first seen"


def test_noisy_needs_the_minimum_count_and_five_times_the_usual_day():
    assert state(activity([9] + [0] * 29)) == "ok", "a quiet rule is not noisy at 9"
    assert state(activity([10] + [0] * 29)) == "noisy"
    assert state(activity([39] + [8] * 29)) == "ok" and state(activity([40] + [8] * 29)) == "noisy"
    assert state(activity([12] + [1] * 20 + [400] * 9)) == "noisy", "last month's burst days are outliers"


def test_noisy_has_hysteresis_so_a_count_at_the_line_does_not_flap():
    assert state(activity([6]), previous="noisy") == "noisy"
    assert state(activity([4]), previous="noisy") == "ok"
    assert state(activity([6]), previous="ok") == "ok"


def test_silent_only_after_silent_after_and_never_for_a_younger_rule():
    assert state(activity([0], age_days=13)) == "new", "never fired, first seen 13 days ago"
    assert state(activity([0], age_days=14)) == "silent"
    fired = NOW - timedelta(days=13, hours=23)
    assert state(activity([0], last=fired)) == "ok"
    assert state(activity([0], last=NOW - timedelta(days=14))) == "silent"
    assert state(activity([0], last=NOW - timedelta(days=30)), rule=Rule(enabled=False)) == "disabled"


def test_share_matched_and_unseen_rules():
    h = assess(Rule(), activity([3], matched=25), 1000, NOW, FORTNIGHT)
    assert h.share == 0.025 and h.to_json()["share_matched"] == 0.025
    fresh = assess(Rule(), None, 0, NOW, FORTNIGHT)
    assert (fresh.state, fresh.share, fresh.threshold) == ("new", None, 10)
