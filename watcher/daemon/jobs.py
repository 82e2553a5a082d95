"""The daemon's jobs over an open runtime: a poll round, a delivery round, reloading the rules,
rule health, maintenance; and ``run --once`` (one poll round, rule health, then delivery). The
scheduler decides when they run (:mod:`watcher.daemon.scheduler`); the tests call them directly.
Each job hands a pipeline stage its own part of the runtime (``rt.polling``, ``rt.delivery``,
``rt.notices``, ``rt.db``), never the runtime itself.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from storage import PruneReport, StorageError
from storage.maintenance import PRUNE_BATCH
from watcher.config import Config
from watcher.daemon.runtime import Runtime
from watcher.messages import counted
from watcher.pipeline import (
    Database,
    DeliverReport,
    PollReport,
    check_rule_health,
    claim_due,
    deliver_all_due,
    deliver_due,
    not_claimed,
    poll_many,
)
from watcher.pipeline.claims import BY_ANOTHER
from watcher.pipeline.deliver import claim_bounds
from watcher.pipeline.leases import poll_lease
from watcher.units import format_duration

log = logging.getLogger("newswatch")
MAINTENANCE_EVERY = timedelta(hours=6)   # the daemon's maintenance interval (scheduler.py)


@dataclass
class OnceSummary:
    polls: list[PollReport] = field(default_factory=list)
    delivery: DeliverReport = field(default_factory=DeliverReport)
    skipped: list[str] = field(default_factory=list)    # why each feed not polled was left alone
    by_others: int = 0                                 # of those, polled (or being polled) by another instance
    storage_failures: int = 0                          # database operations that failed during the run


async def run_once(rt: Runtime, config: Config, *, all_feeds: bool = False,
                   created_at: datetime | None = None) -> OnceSummary:
    """Poll every feed once, except one backing off after errors or told to wait by
    Retry-After (``all_feeds`` polls even those), then deliver what is due. ``created_at``:
    when this process began (a round overlapping it is ours too)."""
    summary = OnceSummary()
    start = rt.clock()
    created_at = created_at or start
    summary.polls, left = await _poll_every_feed_once(rt, config, all_feeds, start, created_at)
    round_start = await _round_start(rt.db, config, start, rt.clock(), created_at)
    summary.skipped = await not_claimed(rt.db, left, rt.clock(), round_start)
    summary.by_others = sum(1 for line in summary.skipped if BY_ANOTHER in line)
    await rt.db.run(rt.store.leave_round, rt.owner, rt.clock())
    jobs = Jobs(rt, config)
    await jobs.rule_health()
    summary.delivery = await deliver_all_due(rt.delivery)   # notices queued meanwhile go out too
    if await _maintenance_due(rt.db, config, rt.clock()):    # cron-only setups get their retention too
        await jobs.maintenance()
    summary.storage_failures = rt.db.health.failures
    return summary


async def _maintenance_due(db: Database, config: Config, now: datetime) -> bool:
    """True when the last finished prune is older than the daemon's maintenance interval, so
    ``run --once`` from cron keeps the retention the README promises (a daemon prunes every 6 h)."""
    try:
        horizon = await db.run(db.store.pruned_before)
    except StorageError as e:
        db.health.failed("maintenance", "read the last maintenance", e)
        return False
    return horizon is None or horizon < now - config.watch.retention - MAINTENANCE_EVERY


async def _poll_every_feed_once(rt: Runtime, config: Config, all_feeds: bool, start: datetime,
                                created_at: datetime) -> tuple[list[PollReport], set[str]]:
    """One round over every feed in bounded batches (the free fetch slots and ``CLAIM_AHEAD``
    sets ahead), claimed as slots free up, so the slots never wait for the slowest feed of a batch. ``run --once`` runs at the
    same time share one round: a feed another one polls right now (leased) or polled since the
    round began counts as polled, so no feed is fetched twice in a round.
    Returns the reports and the feeds left alone."""
    left = {f.id for f in config.feeds if f.enabled}
    polls: list[PollReport] = []
    slots = rt.polling.slots
    slots.claiming, slots.ahead = True, CLAIM_AHEAD * slots.size
    try:
        await _claim_and_poll(rt, config, all_feeds, start, created_at, left, polls)
    finally:
        slots.claiming, slots.ahead = False, 0
        await rt.polling.unchanged.flush()      # the rounds' unchanged feeds, written together
    return polls, left


async def _claim_and_poll(rt: Runtime, config: Config, all_feeds: bool, start: datetime, created_at: datetime,
                          left: set[str], polls: list[PollReport]) -> None:
    slots = rt.polling.slots
    batches: set[asyncio.Task[list[PollReport]]] = set()
    joined: tuple[float, datetime] | None = None     # when this run last renewed its round, its start
    claiming = True
    while claiming and left or batches:
        slots.freed.clear()
        if claiming and left and (not batches or slots.free() >= slots.claim_from()):
            if joined is None or time.monotonic() - joined[0] >= ROUND_RENEW:
                joined = (time.monotonic(), await _round_start(rt.db, config, start, rt.clock(), created_at))
            now = rt.clock()
            states = await claim_due(rt.db, rt.metrics, sorted(left), now, now + poll_lease(config), all_due=True,
                                     except_backing_off=not all_feeds, polled_before=joined[1],
                                     limit=max(1, slots.free()))
            left -= {s.id for s in states}
            claiming = bool(states)     # none to be had: the rest is left alone
            if states:
                batches.add(asyncio.create_task(poll_many(rt.polling, states)))
                continue
        if batches:
            freed = asyncio.ensure_future(slots.freed.wait())
            done, _ = await asyncio.wait([*batches, freed], return_when=asyncio.FIRST_COMPLETED)
            freed.cancel()
            for task in [t for t in batches if t in done]:
                batches.discard(task)
                polls += task.result()


ROUND_RENEW = 1.0      # seconds between renewals of this run's round while it claims feeds
# sets of fetch slots ``run --once`` claims ahead: a claim costs ~2.5 ms of the database
# thread's CPU whatever its size (its transaction and a scan of the feeds left); 1,000 feeds at
# 16 slots took 63 claims with one set ahead, 21 with three (bench: 0.21-0.27 -> 0.13-0.14 s)
CLAIM_AHEAD = 3


async def _round_start(db: Database, config: Config, start: datetime, now: datetime, created_at: datetime) -> datetime:
    round_start: datetime = await db.run(db.store.join_round, db.owner, start, now + poll_lease(config), now,
                                         created_at)
    return round_start


class Jobs:
    """The scheduled jobs (poll, deliver, reload_rules, rule_health, maintenance) and the warm-up
    before them. ``inflight`` collects the tasks a job starts (the scheduler drains them at
    shutdown); ``stopping`` cuts a long maintenance pass short."""

    def __init__(self, rt: Runtime, config: Config, *, inflight: set[asyncio.Task[Any]] | None = None,
                 stopping: asyncio.Event | None = None) -> None:
        self.rt = rt
        self.config = config
        self.inflight: set[asyncio.Task[Any]] = set() if inflight is None else inflight
        self.stopping = stopping or asyncio.Event()

    def track(self, task: asyncio.Task[Any]) -> None:
        self.inflight.add(task)
        task.add_done_callback(self.inflight.discard)

    async def warm_up(self) -> None:
        """Build the story index (and load the word-frequency prior under it: about a second of
        CPU when its cache, watcher/pipeline/priorcache.py, does not have it) and unpack a rule
        set from the rule cache before the first poll round, so that work never competes with
        polls on the event loop.
        ``run --once`` skips it: a cycle of unchanged feeds never needs the index."""
        rt = self.rt
        try:
            async with rt.stories.lock:
                await rt.stories.current(rt.db.run, rt.store, rt.clock())
        except StorageError as e:    # the first poll tries again
            rt.db.health.failed("stories", "read the story window", e)
        # a rule set from the cache is still packed (RuleSet.unpack): unpacked here, in a
        # thread, rather than by the first match on the event loop
        await asyncio.to_thread(rt.rules.current.unpack)
        # the prior's and the index's long-lived objects leave the collector's scans, which
        # would otherwise stop the event loop for ~0.1 s at every full collection
        gc.freeze()

    async def poll(self) -> None:
        """Lease the feeds whose next poll is due and poll them, as one round in its own task."""
        rt = self.rt
        ids = [f.id for f in self.config.feeds if f.enabled]
        now = rt.clock()
        states = await claim_due(rt.db, rt.metrics, ids, now, now + poll_lease(self.config),
                                 limit=rt.polling.slots.free())
        if states:   # one task per round: the round records its unchanged feeds together
            task = asyncio.create_task(poll_many(rt.polling, states))
            self.track(task)
            # the round freed its fetch slots: claim again now, not at the next tick (on a slow
            # farm the slots would otherwise sit idle between ticks)
            task.add_done_callback(lambda _task: rt.poll_wanted.set())

    async def deliver(self) -> None:
        report = await deliver_due(self.rt.delivery)
        if report.claimed >= claim_bounds(self.config.delivery)[0]:   # a full claim: more is due, go on at once
            self.rt.delivery_wanted.set()
        if report.messages:
            log.debug("delivery round: %s", report)

    async def reload_rules(self, force: bool = False) -> None:
        rt = self.rt
        outcome = await rt.rules.reload(force=force)
        rt.metrics.record_reload(outcome)
        if outcome.recovered:       # the rejection logged before is over
            log.info("rules accepted again: the rule files in %s are valid%s", self.config.rules_dir,
                     "" if outcome.changed else f", the same {len(rt.rules.current)} rules stay active")
        if outcome.changed:
            log.info("rules reloaded: %s from %s (%s)", counted(len(rt.rules.current), "rule"), self.config.rules_dir,
                     outcome.summary())
        elif outcome.problems and outcome.first_report:
            text = "\n".join(str(p) for p in outcome.problems)
            log.error("rule files changed but were rejected; the previous rules stay active:\n%s", text)
            digest = rt.rules.reported or ""
            await rt.notices.send(f"rules-invalid:{digest}", "rules-invalid",
                                  "newswatch: rule files rejected, previous rules still active", text)
        elif not outcome.settled:
            log.warning("the rule files in %s kept changing while they were read; the %s in force stay active, "
                        "read again at the next check", self.config.rules_dir, counted(len(rt.rules.current), "rule"))
        elif force and outcome.problems:      # a SIGHUP on a set already reported: say so, without a notice
            log.info("rule files still rejected (%s, reported before); the previous rules stay active",
                     counted(len(outcome.problems), "problem"))
        elif force and not outcome.recovered:
            log.info("rule files unchanged: the %s in force stay active", counted(len(rt.rules.current), "rule"))

    async def rule_health(self) -> None:
        """Noisy and silent rules: one admin notice each way (pipeline.rulehealth)."""
        rt = self.rt
        try:
            changes = await check_rule_health(rt.db, rt.notices, rt.rules.current, self.config.watch.silent_after,
                                              rt.clock())
            for change in changes:
                log.info("rule '%s': %s -> %s", change.rule_id, change.old, change.new)
        except StorageError as e:
            rt.db.health.failed("rule_health", "check rule health", e)

    async def maintenance(self) -> None:
        """Retention (storage.maintenance): short prune steps, so polls and sends go on between them."""
        rt = self.rt
        before = rt.clock() - self.config.watch.retention
        total = PruneReport()
        try:
            while not self.stopping.is_set():
                step = await rt.db.run(rt.store.prune_step, before)
                total += step
                if step.rows < PRUNE_BATCH:
                    await rt.db.run(rt.store.finish_prune, before)
                    break
            total += await rt.db.run(rt.store.compact)
        except StorageError as e:   # runs every 6 h: its own line, apart from the polls' and sends' health
            log.error("maintenance: %s; next try in 6h", e)
            return
        log.log(logging.INFO if total.rows else logging.DEBUG,
                "maintenance: text of %s and %s older than %s pruned, %s, %s and %s removed, %.1f MB given back",
                counted(total.entries, "entry", "entries"), counted(total.alerts, "alert snippet"),
                format_duration(self.config.watch.retention), counted(total.deliveries, "finished delivery",
                                                                      "finished deliveries"),
                counted(total.notices, "notice"), counted(total.rule_counts, "daily rule count"),
                total.reclaimed_bytes / 1e6)
