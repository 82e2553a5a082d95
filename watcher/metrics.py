"""Prometheus metrics of one daemon: a registry per instance (never the process-global one),
small ``record_*`` methods the pipeline calls once per event, and the facts read at scrape time.

Counters and histograms here count what THIS process did (polls, fetches, deliveries, reloads).
Database-wide numbers (outbox depth, dead letters, alerts by rule, stories, feed health) are read
from the database when /metrics is scraped and exposed through :class:`Snapshot`; with several
daemons on one PostgreSQL every instance reports the same values (aggregate them with ``max``).
No label takes an unbounded value: statuses, error kinds and channel types are fixed sets; rule
ids come from the rule files and severities from a fixed scale; no URL or title is ever a label.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Iterable, TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from storage.records import DeliveryStatus
from watcher import __version__

T = TypeVar("T")
FETCH_SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60)
BODY_BYTES = (1_000, 10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000)
ROUND_SECONDS = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


@dataclass(frozen=True)
class Snapshot:
    """Database-wide facts, read when /metrics is scraped (None: the database did not answer)."""

    outbox: dict[str, int] = field(default_factory=dict)          # status -> rows
    oldest_due_seconds: float = 0.0                                # pending and due, waiting this long
    alerts: dict[tuple[str, str], int] = field(default_factory=dict)   # (rule id, severity) -> alerts
    stories: int = 0
    feeds: dict[str, int] = field(default_factory=dict)           # ok | failing | disabled -> feeds


@dataclass(frozen=True)
class Live:
    """In-process facts read at scrape time."""

    rules_loaded: int = 0
    rules_version: str = ""
    parse_workers_alive: int = 0
    parse_worker_restarts: int = 0
    ready: bool = False
    database_up: bool = False
    snapshot: Snapshot | None = None


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.polls = Counter("newswatch_polls", "Feed polls by outcome (new, unchanged, not-modified, error).",
                             ["status"], registry=r)
        self.fetch_seconds = Histogram("newswatch_fetch_duration_seconds", "Time to fetch one feed, by outcome.",
                                       ["outcome"], buckets=FETCH_SECONDS, registry=r)
        self.fetch_bytes = Histogram("newswatch_fetch_body_bytes", "Size of fetched feed bodies after decompression.",
                                     buckets=BODY_BYTES, registry=r)
        self.entries_seen = Counter("newswatch_entries_seen", "Entries read from changed feed bodies.", registry=r)
        self.entries_new = Counter("newswatch_entries_new", "Entries never seen before.", registry=r)
        self.poll_alerts = Counter("newswatch_poll_alerts", "Alerts raised by this instance's polls.", registry=r)
        self.feed_errors = Counter("newswatch_feed_errors", "Failed polls by error kind.", ["kind"], registry=r)
        self.deliveries = Counter("newswatch_deliveries", "Outbox rows finished by outcome (sent, retried, dead, "
                                  "held) and channel type (URL scheme).", ["outcome", "channel"], registry=r)
        self.reloads = Counter("newswatch_rules_reloads", "Rule reloads by result (success, failure).",
                               ["result"], registry=r)
        self.rounds = Histogram("newswatch_poll_round_duration_seconds", "Time for one round of concurrent polls.",
                                buckets=ROUND_SECONDS, registry=r)
        self.last_round = Gauge("newswatch_poll_round_last_timestamp_seconds",
                                "When the poll job last finished checking for due feeds (Unix time).", registry=r)
        for status in ("new", "unchanged", "not-modified", "error"):
            self.polls.labels(status)
        for result in ("success", "failure"):
            self.reloads.labels(result)
        self.live = Live()
        r.register(_LiveCollector(self))
        self.started_wall = datetime.now(timezone.utc)
        self.last_check = time.monotonic()       # for readiness: monotonic, immune to clock steps
        self._inflight: dict[int, float] = {}
        self._next_round = 0

    # -- the pipeline's calls (one per event) -----------------------------------------------
    def record_poll(self, report: Any) -> None:
        self.polls.labels(str(report.status)).inc()
        self.entries_new.inc(report.new_entries)
        self.poll_alerts.inc(report.alerts)

    async def timed_fetch(self, fetching: Awaitable[T]) -> T:
        """Await a fetch, observing its duration by outcome and the body size."""
        started = time.monotonic()
        try:
            result = await fetching
        except Exception:
            self.fetch_seconds.labels("error").observe(time.monotonic() - started)
            raise
        body = getattr(result, "body", None)
        self.fetch_seconds.labels("ok" if body is not None else "not_modified").observe(time.monotonic() - started)
        if body is not None:
            self.fetch_bytes.observe(len(body))
        return result

    def record_parsed(self, entries: int) -> None:
        self.entries_seen.inc(entries)

    def record_feed_error(self, error: BaseException) -> None:
        kind = getattr(error, "kind", None) or {"ParseError": "parse"}.get(type(error).__name__, "internal")
        self.feed_errors.labels(str(kind)).inc()

    def record_delivery(self, outcome: str, channel: str, rows: int) -> None:
        self.deliveries.labels(outcome, channel or "unknown").inc(rows)

    def record_reload(self, outcome: Any) -> None:
        if outcome.changed:
            self.reloads.labels("success").inc()
        elif outcome.problems:
            self.reloads.labels("failure").inc()

    def round_started(self) -> int:
        self._next_round += 1
        self._inflight[self._next_round] = time.monotonic()
        return self._next_round

    def round_finished(self, token: int) -> None:
        started = self._inflight.pop(token, None)
        if started is not None:
            self.rounds.observe(time.monotonic() - started)

    def checked_due_feeds(self) -> None:
        self.last_check = time.monotonic()
        self.last_round.set_to_current_time()

    # -- readings -------------------------------------------------------------------------
    def seconds_since_check(self) -> float:
        return time.monotonic() - self.last_check

    def oldest_round_age(self) -> float:
        """Seconds the oldest unfinished poll round has been running (0 when none is)."""
        return time.monotonic() - min(self._inflight.values()) if self._inflight else 0.0

    def exposition(self, live: Live) -> bytes:
        self.live = live
        return generate_latest(self.registry)


class _LiveCollector(Collector):
    """Yields the scrape-time facts last handed to :meth:`Metrics.exposition`."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Any]:
        live = self.metrics.live
        yield InfoMetricFamily("newswatch_build", "The running newswatch version.", value={"version": __version__})
        yield _gauge("newswatch_ready", "1 when /readyz answers 200.", live.ready)
        yield _gauge("newswatch_database_up", "1 when the last scrape could read the database.", live.database_up)
        yield _gauge("newswatch_rules_loaded", "Rules in the active rule set.", live.rules_loaded)
        info = InfoMetricFamily("newswatch_rules", "The active rule set's version (hash of its files).")
        info.add_metric([], {"version": live.rules_version})
        yield info
        yield _gauge("newswatch_parse_workers_alive", "Parse worker processes alive.", live.parse_workers_alive)
        yield CounterMetricFamily("newswatch_parse_worker_restarts", "Parse workers replaced after a timeout, a "
                                  "crash or the memory budget.", value=live.parse_worker_restarts)
        if live.snapshot is not None:
            yield from _snapshot_families(live.snapshot)


def _gauge(name: str, text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, text, value=float(value))


def _snapshot_families(snap: Snapshot) -> Iterable[Any]:
    outbox = GaugeMetricFamily("newswatch_outbox_deliveries", "Outbox rows by status (database-wide).",
                               labels=["status"])
    for status in DeliveryStatus:
        outbox.add_metric([status], snap.outbox.get(status, 0))
    yield outbox
    yield _gauge("newswatch_outbox_dead_letters", "Deliveries given up on (database-wide).",
                 snap.outbox.get(DeliveryStatus.DEAD, 0))
    yield _gauge("newswatch_outbox_oldest_pending_seconds", "How long the oldest due, unsent delivery has waited "
                 "(database-wide; held digests are not late).", snap.oldest_due_seconds)
    alerts = CounterMetricFamily("newswatch_alerts", "Alerts raised, by rule and severity (database-wide).",
                                 labels=["rule", "severity"])
    for (rule, severity), count in sorted(snap.alerts.items()):
        alerts.add_metric([rule, severity], count)
    yield alerts
    yield CounterMetricFamily("newswatch_stories", "Stories recorded (database-wide).", value=snap.stories)
    feeds = GaugeMetricFamily("newswatch_feeds", "Configured feeds by health (database-wide).", labels=["health"])
    for health in ("ok", "failing", "disabled"):
        feeds.add_metric([health], snap.feeds.get(health, 0))
    yield feeds
