"""Readiness: is this daemon doing its job right now? Four checks, each with a sentence saying
what is wrong, shared by /readyz, ``newswatch status`` and the ``newswatch_ready`` metric.

  database      the database answers a read (on its own connection, within a deadline)
  rules         a rule set is loaded (a rejected reload keeps the last good one: still ready)
  polling       the poll job checked for due feeds within 3 poll intervals, and no round of
                polls has been running for longer than that
  parse_workers every parse worker process that was started is alive

:func:`decide` is pure; :func:`gather_facts` reads the running daemon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage import StorageError
from watcher.units import format_duration

STALE_INTERVALS = 3


@dataclass(frozen=True)
class Facts:
    database_error: str | None
    rules_loaded: int
    rules_version: str
    rules_rejected: bool
    check_age: float                 # seconds since the poll job last checked for due feeds
    oldest_round: float              # seconds the oldest unfinished poll round has run
    poll_interval: float
    workers_alive: int | None        # None: this parser has no worker processes
    workers_dead: int = 0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [f"{c.name}: {c.detail}" for c in self.checks if not c.ok]

    def to_json(self) -> dict[str, Any]:
        return {"status": "ready" if self.ok else "not ready", "reasons": self.reasons,
                "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks]}


def decide(facts: Facts) -> Readiness:
    return Readiness((_database(facts), _rules(facts), _polling(facts), _workers(facts)))


def _database(f: Facts) -> Check:
    if f.database_error:
        return Check("database", False, f"cannot read the database: {f.database_error}")
    return Check("database", True, "answers")


def _rules(f: Facts) -> Check:
    if not f.rules_loaded:
        return Check("rules", False, "no rules loaded: alerts cannot fire (add rule files and send SIGHUP)")
    note = "; the last reload was rejected, this set stays active (see the log)" if f.rules_rejected else ""
    return Check("rules", True, f"{f.rules_loaded} rules loaded (version {f.rules_version}){note}")


def _polling(f: Facts) -> Check:
    limit = STALE_INTERVALS * f.poll_interval
    window = format_duration_seconds(limit)
    if f.check_age > limit:
        return Check("polling", False, f"no check for due feeds for {format_duration_seconds(f.check_age)} "
                                       f"(more than {STALE_INTERVALS} poll intervals, {window})")
    if f.oldest_round > limit:
        return Check("polling", False, f"a poll round has been running for {format_duration_seconds(f.oldest_round)} "
                                       f"(more than {window})")
    return Check("polling", True, f"due feeds checked {format_duration_seconds(f.check_age)} ago")


def _workers(f: Facts) -> Check:
    if f.workers_alive is None:
        return Check("parse_workers", True, "parsing in-process")
    if f.workers_dead:
        return Check("parse_workers", False, f"{f.workers_dead} parse worker process(es) died; "
                                             f"{f.workers_alive} alive (a dead one is replaced at its next parse)")
    if not f.workers_alive:
        return Check("parse_workers", True, "not started yet (they start with the first changed feed)")
    return Check("parse_workers", True, f"{f.workers_alive} alive")


def format_duration_seconds(seconds: float) -> str:
    return format_duration(max(0.0, seconds))


async def gather_facts(rt: Any, reads: Any) -> Facts:
    """Read the running daemon's state (``rt``: Runtime, ``reads``: web.reads.Reads)."""
    error = None
    try:
        await reads.shared("ping", 1.0, lambda store: store.ping())
    except StorageError as e:
        error = str(e)
    ruleset = rt.rules.current
    alive, dead = worker_health(rt.parser)
    metrics = rt.metrics
    return Facts(database_error=error, rules_loaded=len(ruleset.rules), rules_version=ruleset.fingerprint[:12],
                 rules_rejected=rt.rules.reported is not None, check_age=metrics.seconds_since_check(),
                 oldest_round=metrics.oldest_round_age(), poll_interval=rt.config.watch.poll_interval.total_seconds(),
                 workers_alive=alive, workers_dead=dead)


def worker_health(parser: Any) -> tuple[int | None, int]:
    health = getattr(parser, "worker_health", None)
    return health() if callable(health) else (None, 0)
