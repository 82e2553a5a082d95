"""Commands that show what is stored: `feeds`, `alerts`, `deliveries [retry]`, `notify-test SUBSCRIBER`."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime, timedelta, timezone
from typing import Sequence

from storage import DeliveryStatus, open_store
from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, EXIT_RUNTIME, CommandError
from watcher.cli.loading import check_rule_id, get_config
from watcher.messages import plural
from watcher.textfold import one_line
from watcher.units import ago, format_duration


def cmd_feeds(args: argparse.Namespace) -> int:
    """Health per feed, one row each; the last error of each feed in full below the table (a
    table cell cut it at 60 characters, often before the part that says what went wrong)."""
    config = get_config(args.config, check_urls=False)
    store = open_store(config.database_url, readonly=True)
    now = datetime.now(timezone.utc)
    try:
        states = {s.id: s for s in store.feed_states()}
        counts = store.entry_counts_since(now - timedelta(days=7))
    finally:
        store.close()
    rows, errors = [], []
    for spec in config.feeds:
        s = states.get(spec.id)
        if s is None:
            rows.append((spec.id, "new" if spec.enabled else "off", "never", 0, "", "-", ""))
            continue
        status = ("off" if not spec.enabled else "gone" if s.disabled_reason else
                  "error" if s.consecutive_errors else "ok" if s.last_success_at else "new")
        per_day = counts.get(spec.id, 0) / 7
        rows.append((spec.id, status, ago(s.last_success_at, now), s.consecutive_errors, f"{per_day:.1f}",
                     ago(s.next_poll_at, now) if not s.disabled_reason else "-",
                     format_duration(s.interval_seconds) if s.interval_seconds else ""))
        if s.last_error:
            errors.append(f"  {spec.id} ({ago(s.last_error_at, now)}): {one_line(s.last_error)}")
    print(table(("feed", "status", "last success", "errors", "entries/day", "next poll", "interval"), rows))
    if errors:
        print("\nlast error of each feed:", *errors, sep="\n")
    return EXIT_OK


def cmd_alerts(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    store = open_store(config.database_url, readonly=True)
    try:
        alerts = store.recent_alerts(args.limit, args.rule)
    finally:
        store.close()
    if args.rule and not alerts:
        check_rule_id(config, args.rule, "alerts --rule")
    now = datetime.now(timezone.utc)
    rows = [(a.id, ago(a.created_at, now), a.rule_id, a.severity, a.feed_id, a.story_id, one_line(a.title)[:70],
             ", ".join(a.subscribers) or "-", f"muted (mute #{a.muted_by})" if a.muted_by else "",
             f"{a.rule_file}@{a.rule_hash[:8]}") for a in alerts]
    print(table(("id", "when", "rule", "severity", "feed", "story", "title", "subscribers", "muted", "rule version"),
                rows))
    return EXIT_OK


def cmd_deliveries(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    if getattr(args, "action", None) == "retry":
        if not args.ids and not args.dead:
            raise CommandError("deliveries retry: give delivery ids or --dead", EXIT_CONFIG)
        store = open_store(config.database_url)
        problems: list[str] = []
        try:
            ids = args.ids or None
            if args.ids:
                ids, problems = _retryable(args.ids, store.delivery_statuses(args.ids))
            count = store.retry_deliveries(datetime.now(timezone.utc), ids, dead=args.dead) if ids or args.dead else 0
        finally:
            store.close()
        what = plural(count, "delivery", "deliveries")
        print(f"{count} {what} queued for another attempt (sent by the daemon or the next run --once)")
        if problems:        # like rm: what could be done is done, what could not is named (exit 2)
            raise CommandError("deliveries retry: " + "; ".join(problems) + " (see `newswatch deliveries`)", EXIT_CONFIG)
        return EXIT_OK
    statuses = tuple(s for s in DeliveryStatus if getattr(args, s, False))
    if getattr(args, "failed", False):
        statuses += (DeliveryStatus.PENDING, DeliveryStatus.DEAD)
    store = open_store(config.database_url, readonly=True)
    try:
        rows = store.deliveries(statuses or None, args.limit)
        counts = store.delivery_counts()
    finally:
        store.close()
    now = datetime.now(timezone.utc)
    shown = []
    for d in rows:
        when = ago(d.sent_at, now) if d.status == DeliveryStatus.SENT else ago(d.due_at, now)
        note = d.held or ("ambiguous" if d.ambiguous else "")
        shown.append((d.id, d.status, d.subscriber_id, d.destination_label[:40], d.attempts, when, note,
                       one_line(d.title)[:50], one_line(d.last_error or "")[:100]))
    print(table(("id", "status", "subscriber", "destination", "tries", "sent/next", "held", "title", "last error"), shown))
    print("totals: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
    return EXIT_OK


def _retryable(ids: list[int], statuses: dict[int, str]) -> tuple[list[int], list[str]]:
    """The ids of deliveries that can be sent again (pending or dead), and what is wrong with the others."""
    ok, problems = [], []
    for delivery_id in dict.fromkeys(ids):
        status = statuses.get(delivery_id)
        if status is None:
            problems.append(f"no delivery #{delivery_id}")
        elif status not in (DeliveryStatus.PENDING, DeliveryStatus.DEAD):
            problems.append(f"delivery #{delivery_id} is {status}; only pending or dead deliveries are sent again")
        else:
            ok.append(delivery_id)
    return ok, problems


def cmd_notify_test(args: argparse.Namespace) -> int:
    # lazy-for-start-up: only this command needs these
    from storage import AlertView, ReportView, StoryView
    from watcher.daemon import prepare_renderer
    from watcher.notify import Notifier, channel_limits, default_format
    from watcher.routing import build_subscribers

    config = get_config(args.config)
    subs = {s.id: s for s in build_subscribers(config)}
    sub = subs.get(args.subscriber)
    if sub is None:
        raise CommandError(f"unknown subscriber '{args.subscriber}' (known: {', '.join(sorted(subs))})", EXIT_CONFIG)
    now = datetime.now(timezone.utc)
    story = StoryView(0, "newswatch test alert: Honduras firma carta de intención sobre datos biométricos",
                      "https://example.org/newswatch-test", now,
                      (AlertView("notify-test", "Test alert from newswatch", "normal", ("datos biométricos",),
                                 ("title",), {"field": "title", "highlights": [[40, 57]],
                                              "text": "Honduras firma carta de intención sobre datos biométricos"},
                                 "", "", now),),
                      (ReportView("test", "newswatch", "test", None, now, now),))
    renderer = prepare_renderer(config)
    notifier = Notifier(timeout=config.delivery.send_timeout.total_seconds())
    failed = 0
    for dest in sub.destinations:
        fmt = sub.spec.format or default_format(dest.service)
        title_limit, body_limit = channel_limits(dest.url)
        message = renderer.render_stories(sub.id, fmt, [(story, story.alerts)], sub.zone, now,
                                          title_limit=title_limit or 200, body_limit=body_limit)
        outcome = asyncio.run(notifier.send(dest.url, message, f"notify-test-{now.timestamp():.0f}"))
        if outcome.ok:
            print(f"ok      {dest.label}")
        else:
            failed += 1
            print(f"FAILED  {dest.label}: {outcome.error}")
    return EXIT_RUNTIME if failed else EXIT_OK


__all__ = ["cmd_alerts", "cmd_deliveries", "cmd_feeds", "cmd_notify_test"]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
