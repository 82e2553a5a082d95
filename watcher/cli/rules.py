"""`newswatch rules [--json]`: rule health, from the same reads and judgement as the status page
and the admin notices (watcher.rulehealth)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone

from storage import open_store
from watcher.cli.exits import EXIT_OK
from watcher.cli.loading import get_config, get_rules
from watcher.cli.show import table
from watcher.rulehealth import DISABLED, NEW, NOISY, OK, SILENT, RuleHealth, assess
from watcher.units import ago

ORDER = {NOISY: 0, SILENT: 1, OK: 2, NEW: 3, DISABLED: 4}


def cmd_rules(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    ruleset = get_rules(config, run_examples=False)
    now = datetime.now(timezone.utc)
    store = open_store(config.database_url, readonly=True)
    try:
        stats = store.rule_activity(now)
    finally:
        store.close()
    rows = []
    for rule in ruleset.rules:
        activity = stats.rules.get(rule.id)
        rows.append(assess(rule, activity, stats.polled, now, config.watch.silent_after,
                           activity.state if activity is not None else OK))
    rows.sort(key=lambda h: (ORDER.get(h.state, 9), h.rule_id))
    if args.json:
        for h in rows:
            print(json.dumps(h.to_json(), ensure_ascii=False))
        return EXIT_OK
    print(table(("rule", "state", "24h", "7d", "30d", "usual/day", "last fired", "matched 30d", "why"),
                [_row(h, now) for h in rows]))
    print(f"{stats.polled} new entries polled in the last 30 days; noisy = at least max(10, 5 × usual) alerts in "
          f"24 h; silent = none for {_days(config.watch.silent_after.total_seconds())} ([watch] silent_after)")
    return EXIT_OK


def _row(h: RuleHealth, now: datetime) -> tuple[object, ...]:
    share = f"{h.matched} ({100 * h.share:.2f}%)" if h.share is not None else str(h.matched)
    return (h.rule_id, h.state, h.day, h.week, h.month, f"{h.usual:g}", ago(h.last_fired_at, now), share, h.reason)


def _days(seconds: float) -> str:
    return f"{seconds / 86400:g} days"


__all__ = ["cmd_rules"]
