"""Prometheus metrics of one daemon: small ``record_*`` methods the pipeline calls once per
event, counted in plain numbers, and the facts read at scrape time; the Prometheus families are
built from them when /metrics is scraped, in a registry per instance (never the process-global
one). prometheus_client is imported only then: ``run --once`` and a daemon nobody scrapes never
load it (~0.06 s of start-up).

Counters and histograms here count what THIS process did (polls, fetches, deliveries, reloads).
Database-wide numbers (outbox depth, dead letters, alerts by rule, stories, feed health) are read
from the database when /metrics is scraped and exposed through :class:`Snapshot`; with several
daemons on one PostgreSQL every instance reports the same values (aggregate them with ``max``).
No label takes an unbounded value: statuses, error kinds and channel types are fixed sets; rule
ids come from the rule files and severities from a fixed scale; no URL or title is ever a label.
"""

from __future__ import annotations

import bisect
import itertools
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Awaitable, Iterable, TypeVar

from storage.records import DeliveryStatus
from watcher import __version__

if TYPE_CHECKING:
    from prometheus_client.registry import Collector

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


class Counts:
    """A counter or histogram family kept as plain numbers: recording is a dict update, with no
    lock and no Prometheus object per event (a poll records several); the Prometheus families
    are built from them only when /metrics is scraped (:meth:`Metrics.exposition`)."""

    def __init__(self, name: str, text: str, labels: tuple[str, ...] = (), buckets: tuple[float, ...] = ()) -> None:
        self.name, self.text, self.labels, self.buckets = name, text, labels, buckets
        self.values: dict[tuple[str, ...], float] = {}
        self.observed: dict[tuple[str, ...], list[float]] = {}    # histograms: bucket counts + [count, sum]

    def inc(self, *labels: str, by: float = 1) -> None:
        self.values[labels] = self.values.get(labels, 0) + by

    def observe(self, value: float, *labels: str) -> None:
        counts = self.observed.get(labels)
        if counts is None:
            counts = self.observed[labels] = [0.0] * (len(self.buckets) + 3)
        counts[bisect.bisect_left(self.buckets, value)] += 1     # its bucket: the first bound >= value
        counts[-2] += 1
        counts[-1] += value

    def family(self) -> Any:
        from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily
        from prometheus_client.utils import floatToGoString
        if not self.buckets:
            counter = CounterMetricFamily(self.name, self.text, labels=list(self.labels))
            for labels, value in sorted(self.values.items()):
                counter.add_metric(list(labels), value)
            return counter
        histogram = HistogramMetricFamily(self.name, self.text, labels=list(self.labels))
        for labels, counts in sorted(self.observed.items()):
            cumulative = list(itertools.accumulate(counts[:len(self.buckets) + 1]))
            bounds = [str(floatToGoString(b)) for b in self.buckets] + ["+Inf"]  # type: ignore[no-untyped-call]
            histogram.add_metric(list(labels), list(zip(bounds, cumulative)), counts[-1])
        return histogram


class Metrics:
    """What this process did, counted in plain numbers (prometheus_client is imported only
    when /metrics is first scraped: ``run --once`` never loads it)."""

    def __init__(self) -> None:
        self.polls = Counts("newswatch_polls", "Feed polls by outcome (new, unchanged, not-modified, error).",
                            ("status",))
        self.fetch_seconds = Counts("newswatch_fetch_duration_seconds", "Time to fetch one feed, by outcome.",
                                    ("outcome",), FETCH_SECONDS)
        self.fetch_bytes = Counts("newswatch_fetch_body_bytes", "Size of fetched feed bodies after decompression.",
                                  buckets=BODY_BYTES)
        self.entries_seen = Counts("newswatch_entries_seen", "Entries read from changed feed bodies.")
        self.entries_new = Counts("newswatch_entries_new", "Entries never seen before.")
        self.poll_alerts = Counts("newswatch_poll_alerts", "Alerts raised by this instance's polls.")
        self.feed_errors = Counts("newswatch_feed_errors", "Failed polls by error kind.", ("kind",))
        self.deliveries = Counts("newswatch_deliveries", "Outbox rows finished by outcome (sent, retried, dead, "
                                 "held) and channel type (URL scheme).", ("outcome", "channel"))
        self.reloads = Counts("newswatch_rules_reloads", "Rule reloads by result (success, failure).", ("result",))
        self.rounds = Counts("newswatch_poll_round_duration_seconds", "Time for one round of concurrent polls.",
                             buckets=ROUND_SECONDS)
        self.families = (self.polls, self.fetch_seconds, self.fetch_bytes, self.entries_seen, self.entries_new,
                         self.poll_alerts, self.feed_errors, self.deliveries, self.reloads, self.rounds)
        for status in ("new", "unchanged", "not-modified", "error"):
            self.polls.inc(status, by=0)
        for result in ("success", "failure"):
            self.reloads.inc(result, by=0)
        for name in ("entries_seen", "entries_new", "poll_alerts"):
            getattr(self, name).inc(by=0)
        for histogram in (self.rounds, self.fetch_bytes):     # shown from the start, as Prometheus does
            histogram.observed[()] = [0.0] * (len(histogram.buckets) + 3)
        self.live = Live()
        self.last_round_at = 0.0                 # Unix time the poll job last checked for due feeds
        self.started_wall = datetime.now(timezone.utc)
        self.last_check = time.monotonic()       # for readiness: monotonic, immune to clock steps
        self._inflight: dict[int, float] = {}
        self._next_round = 0
        self._registry: Any = None

    # -- the pipeline's calls (one per event) -----------------------------------------------
    def record_poll(self, report: Any) -> None:
        self.polls.inc(str(report.status))
        self.entries_new.inc(by=report.new_entries)
        self.poll_alerts.inc(by=report.alerts)

    async def timed_fetch(self, fetching: Awaitable[T]) -> T:
        """Await a fetch, observing its duration by outcome and the body size."""
        started = time.monotonic()
        try:
            result = await fetching
        except Exception:
            self.fetch_seconds.observe(time.monotonic() - started, "error")
            raise
        body = getattr(result, "body", None)
        self.fetch_seconds.observe(time.monotonic() - started, "ok" if body is not None else "not_modified")
        if body is not None:
            self.fetch_bytes.observe(len(body))
        return result

    def record_parsed(self, entries: int) -> None:
        self.entries_seen.inc(by=entries)

    def record_feed_error(self, error: BaseException) -> None:
        kind = getattr(error, "kind", None) or {"ParseError": "parse"}.get(type(error).__name__, "internal")
        self.feed_errors.inc(str(kind))

    def record_delivery(self, outcome: str, channel: str, rows: int) -> None:
        self.deliveries.inc(outcome, channel or "unknown", by=rows)

    def record_reload(self, outcome: Any) -> None:
        if outcome.changed:
            self.reloads.inc("success")
        elif outcome.problems:
            self.reloads.inc("failure")

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
        self.last_round_at = time.time()

    # -- readings -------------------------------------------------------------------------
    def seconds_since_check(self) -> float:
        return time.monotonic() - self.last_check

    def oldest_round_age(self) -> float:
        """Seconds the oldest unfinished poll round has been running (0 when none is)."""
        return time.monotonic() - min(self._inflight.values()) if self._inflight else 0.0

    def exposition(self, live: Live) -> bytes:
        """The Prometheus text of every family (the registry is made at the first scrape)."""
        from prometheus_client import CollectorRegistry, generate_latest
        self.live = live
        if self._registry is None:
            self._registry = CollectorRegistry()
            self._registry.register(_collector(self))
        return bytes(generate_latest(self._registry))


def _collector(metrics: Metrics) -> Collector:
    from prometheus_client.registry import Collector

    class _Collector(Collector):
        def collect(self) -> Iterable[Any]:
            yield from _families(metrics)

    return _Collector()


def _families(metrics: Metrics) -> Iterable[Any]:
    """This process's counts, then the scrape-time facts last handed to :meth:`Metrics.exposition`."""
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
    for counts in metrics.families:
        yield counts.family()
    yield GaugeMetricFamily("newswatch_poll_round_last_timestamp_seconds",
                            "When the poll job last finished checking for due feeds (Unix time).",
                            value=metrics.last_round_at)
    live = metrics.live
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


def _gauge(name: str, text: str, value: float) -> Any:
    from prometheus_client.core import GaugeMetricFamily
    return GaugeMetricFamily(name, text, value=float(value))


def _snapshot_families(snap: Snapshot) -> Iterable[Any]:
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
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
