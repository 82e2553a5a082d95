"""The daemon: wiring collaborators, the APScheduler jobs, signals and the graceful drain.

Jobs (AsyncIOScheduler, coalesce, one instance each, misfire grace 60 s):
  poll        every POLL_TICK (2 s): lease the feeds whose next_poll_at is due and poll them concurrently
  deliver     every [delivery] interval, and at once when a poll queued deliveries
  rules       every [watch] rules_check, and on SIGHUP: hot-reload the rule files (in a worker thread)
  rule_health every 15 min (and in run --once): noisy/silent rule notices (pipeline.rulehealth)
  maintenance every 6 h (first after 5 min): retention, see storage.maintenance

SIGTERM/SIGINT: the scheduler pauses, in-flight polls and sends get DRAIN_SECONDS to finish,
whatever is still running is cancelled and its leases released, then the process exits 0.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import signal
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from storage import (InstanceLock, PruneReport, StorageError, Store, check_integrity, on_network_filesystem, open_store,
                     sqlite_path)
from storage.maintenance import PRUNE_BATCH
from storage.preflight import QUICK_CHECK_SECONDS, check_writable
from watcher import __version__
from watcher.config import Config
from watcher.fetch import AddressPolicy, ClientSettings, make_client
from watcher.log import add_secrets
from watcher.notify import Notifier
from watcher.parse.pool import ParsePool
from watcher.pipeline import (DeliverReport, PollReport, RulesHolder, Runtime, claim_due, deliver_due, not_claimed,
                              poll_many, utcnow)
from watcher.pipeline.deliver import claim_bounds, deliver_all_due
from watcher.pipeline.leases import poll_lease
from watcher.pipeline.poll import BY_ANOTHER, free_poll_slots
from watcher.pipeline import notices
from watcher.redact import mask_url, url_secrets
from watcher.render import Renderer
from watcher.routing import build_subscribers
from watcher.ruleset import RuleSet
from watcher.units import format_duration

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from watcher.web.server import WebServer

log = logging.getLogger("newswatch")
DRAIN_SECONDS = 8.0
POLL_TICK = 2
RULE_HEALTH_MINUTES = 15


@dataclass
class Hooks:
    """Test seams: replace how the client, parser and notifier are made."""

    make_client: Callable[[Config], Any] | None = None
    make_parser: Callable[[Config], Any] | None = None
    notifier: Notifier | None = None
    clock: Callable[[], datetime] = utcnow


@dataclass
class OnceSummary:
    polls: list[PollReport] = field(default_factory=list)
    delivery: DeliverReport = field(default_factory=DeliverReport)
    skipped: list[str] = field(default_factory=list)    # why each feed not polled was left alone
    by_others: int = 0                                 # of those, polled (or being polled) by another instance
    storage_failures: int = 0                          # database operations that failed during the run


def prepare_renderer(config: Config) -> Renderer:
    renderer = Renderer()
    for sub in config.subscribers:
        if sub.template and sub.format:
            renderer.add_custom(sub.id, sub.format, config.resolve(sub.template))
    return renderer


class Daemon:
    def __init__(self, config: Config, ruleset: RuleSet, hooks: Hooks | None = None) -> None:
        self.config = config
        self.ruleset = ruleset
        self.hooks = hooks or Hooks()
        self.lock: InstanceLock | None = None
        self.rt: Runtime | None = None
        self.inflight: set[asyncio.Task[Any]] = set()
        self.stopping = asyncio.Event()
        self.scheduler: AsyncIOScheduler | None = None
        self.web: WebServer | None = None
        self.created_at = self.hooks.clock()     # a `run --once` round overlapping this process is ours too

    # -- start and stop -----------------------------------------------------------------
    def _lock_database(self) -> None:
        path = sqlite_path(self.config.database_url)
        if path is None:
            return
        fstype = on_network_filesystem(path)
        if fstype:
            raise StorageError(f"the database {path} is on a network filesystem ({fstype}); SQLite's WAL mode "
                               "does not work there. Put it on a local disk or use PostgreSQL.")
        self.lock = InstanceLock(path)
        self.lock.acquire()
        check_writable(path)            # before anything opens it (a read-only open leaves read-only -shm files)
        if not check_integrity(path):
            log.warning("database check (PRAGMA quick_check) stopped after %.0fs on a large database; to run it "
                        "in full: stop newswatch, then sqlite3 %s 'pragma quick_check'", QUICK_CHECK_SECONDS, path)

    async def _start(self) -> Runtime:
        self._lock_database()
        loop = asyncio.get_running_loop()
        store: Store = await loop.run_in_executor(None, open_store, self.config.database_url)
        now = self.hooks.clock()
        if store.is_sqlite:
            released = await loop.run_in_executor(None, store.release_leases, None)
            if released:
                log.info("reclaimed %d deliveries left in flight by a previous run", released)
        feeds = [(f.id, f.url, f.title) for f in self.config.feeds if f.enabled]
        await loop.run_in_executor(None, store.sync_feeds, feeds, now)
        pins = [(f.id, f.interval.total_seconds()) for f in self.config.feeds if f.enabled and f.interval]
        await loop.run_in_executor(None, store.apply_pinned_intervals, pins, now)
        subscribers = build_subscribers(self.config)
        add_secrets(s for sub in subscribers for d in sub.destinations for s in url_secrets(d.url, d.label))
        relabels = [(d.subscriber_id, d.legacy_key, d.key, d.label) for sub in subscribers for d in sub.destinations]
        await loop.run_in_executor(None, store.relabel_destinations, relabels, mask_url)
        fetch = self.config.fetch
        client = (self.hooks.make_client or _default_client)(self.config)
        parser = (self.hooks.make_parser or _default_parser)(self.config)
        notifier = self.hooks.notifier or Notifier(timeout=self.config.delivery.send_timeout.total_seconds())
        rules = RulesHolder(self.config.rules_dir, [f.id for f in self.config.feeds], self.config.feed_tags(),
                            self.ruleset, self.config)
        self.rt = Runtime(config=self.config, store=store, rules=rules, client=client, parser=parser,
                          notifier=notifier, renderer=prepare_renderer(self.config), subscribers=subscribers,
                          clock=self.hooks.clock)
        if not self.config.subscribers:
            log.info("no [[subscribers]] in %s: alerts are printed here", self.config.path.name)
        log.info("newswatch %s: %d feeds, %d rules, %d subscribers, database %s (%s)", __version__, len(feeds),
                 len(self.ruleset.rules), len(self.config.subscribers), _db_label(self.config.database_url),
                 f"per-host {fetch.per_host}, concurrency {fetch.concurrency}")
        return self.rt

    async def _close(self) -> None:
        rt = self.rt
        if rt is not None:
            try:
                await rt.db(rt.store.release_leases, rt.owner)
            except StorageError as e:
                log.error("could not release leases: %s", e)
            await rt.leases.close()
            await rt.client.aclose()
            await rt.parser.close()
            rt.store.close()
            rt.db_pool.shutdown(wait=False)
        if self.lock is not None:
            self.lock.release()

    # -- run --once ---------------------------------------------------------------------
    async def run_once(self, *, all_feeds: bool = False) -> OnceSummary:
        """Poll every feed once, except one backing off after errors or told to wait by
        Retry-After (``all_feeds`` polls even those), then deliver what is due."""
        rt = await self._start()
        summary = OnceSummary()
        try:
            start = rt.clock()
            summary.polls, left = await self._poll_every_feed_once(rt, all_feeds, start)
            summary.skipped = await not_claimed(rt, left, rt.clock(), await self._round_start(rt, start))
            summary.by_others = sum(1 for line in summary.skipped if BY_ANOTHER in line)
            await rt.db(rt.store.leave_round, rt.owner, rt.clock())
            await self.rule_health_job()
            summary.delivery = await deliver_all_due(rt)   # notices queued meanwhile go out too
            summary.storage_failures = rt.health.failures
        finally:
            await self._close()
        return summary

    async def _poll_every_feed_once(self, rt: Runtime, all_feeds: bool,
                                    start: datetime) -> tuple[list[PollReport], set[str]]:
        """One round over every feed in bounded batches (free fetch slots each). ``run --once``
        runs at the same time share one round: a feed another one polls right now (leased) or
        polled since the round began counts as polled, so no feed is fetched twice in a round.
        Returns the reports and the feeds left alone."""
        left = {f.id for f in self.config.feeds if f.enabled}
        polls: list[PollReport] = []
        while left:
            now = rt.clock()
            round_start = await self._round_start(rt, start)
            states = await claim_due(rt, sorted(left), now, now + self._poll_lease(), all_due=True,
                                     except_backing_off=not all_feeds, polled_before=round_start,
                                     limit=max(1, free_poll_slots(rt)))
            if not states:
                break
            left -= {s.id for s in states}
            polls += await poll_many(rt, states)
        return polls, left

    async def _round_start(self, rt: Runtime, start: datetime) -> datetime:
        now = rt.clock()
        return await rt.db(rt.store.join_round, rt.owner, start, now + self._poll_lease(), now, self.created_at)

    def _poll_lease(self) -> timedelta:
        return poll_lease(self.config)

    # -- the daemon ---------------------------------------------------------------------
    async def run_forever(self) -> None:
        # lazy-for-start-up: `run --once` needs neither the scheduler nor the HTTP server
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        from watcher.web.server import serve

        rt = await self._start()
        try:
            self.web = await serve(rt)       # [http]: status page, metrics, health
        except Exception:
            await self._close()
            raise
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._request_stop, sig)
        loop.add_signal_handler(signal.SIGHUP, self._request_reload)
        scheduler = AsyncIOScheduler(timezone=timezone.utc, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": 60})
        now = datetime.now(timezone.utc)
        # jittered ticks: instances started together do not claim in step (the first would take all)
        scheduler.add_job(self._tracked(self.poll_job), "interval", seconds=POLL_TICK, jitter=POLL_TICK, id="poll",
                          next_run_time=now + timedelta(seconds=random.uniform(0, POLL_TICK)))
        scheduler.add_job(self._tracked(self.deliver_job), "interval", id="deliver", next_run_time=now,
                          seconds=self.config.delivery.interval.total_seconds())
        scheduler.add_job(self._tracked(self.rules_job), "interval", id="rules",
                          seconds=self.config.watch.rules_check.total_seconds())
        scheduler.add_job(self._tracked(self.rule_health_job), "interval", id="rule_health", minutes=RULE_HEALTH_MINUTES,
                          next_run_time=now + timedelta(minutes=1))
        scheduler.add_job(self._tracked(self.maintenance_job), "interval", id="maintenance", hours=6,
                          next_run_time=now + timedelta(minutes=5))
        self.scheduler = scheduler
        scheduler.start()
        watcher = asyncio.create_task(self._delivery_trigger(rt))
        try:
            await self.stopping.wait()
        finally:
            watcher.cancel()
            await self._drain(scheduler)
            if self.web is not None:
                await self.web.close()
            await self._close()
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                loop.remove_signal_handler(sig)
            log.info("stopped")

    def _request_stop(self, sig: signal.Signals) -> None:
        if not self.stopping.is_set():
            log.info("%s received: finishing in-flight work", sig.name)
            self.stopping.set()

    def _request_reload(self) -> None:
        log.info("SIGHUP received: reloading rule files")
        task = asyncio.get_running_loop().create_task(self.rules_job(force=True))
        self.inflight.add(task)
        task.add_done_callback(self.inflight.discard)

    async def _drain(self, scheduler: AsyncIOScheduler) -> None:
        scheduler.pause()
        pending = {t for t in self.inflight if not t.done()}
        if pending:
            done, still = await asyncio.wait(pending, timeout=DRAIN_SECONDS)
            for task in still:
                task.cancel()
            if still:
                await asyncio.wait(still, timeout=2)
                log.warning("%d tasks did not finish within %.0fs; their leases are released", len(still), DRAIN_SECONDS)
        scheduler.shutdown(wait=False)

    def _tracked(self, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(fn)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self.stopping.is_set():
                return None
            task = asyncio.current_task()
            assert task is not None
            self.inflight.add(task)
            try:
                return await self._run_job(fn, *args, **kwargs)
            finally:
                self.inflight.discard(task)
        return wrapper

    async def _run_job(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        name = fn.__name__
        try:
            result = await fn(*args, **kwargs)
        except StorageError as e:   # one line per problem (pipeline.dbhealth), not a traceback per tick
            if self.rt is not None:
                self.rt.health.failed(name, f"run {name}", e)
            return None
        except Exception:  # noqa: BLE001 - a job failure is logged; the job stays scheduled
            log.exception("job %s failed", name)
            return None
        if self.rt is not None:
            self.rt.health.ok(name, f"run {name}")
        return result

    async def _delivery_trigger(self, rt: Runtime) -> None:
        while True:
            await rt.delivery_wanted.wait()
            rt.delivery_wanted.clear()
            if self.scheduler is not None and not self.stopping.is_set():
                self.scheduler.modify_job("deliver", next_run_time=datetime.now(timezone.utc))

    # -- jobs ---------------------------------------------------------------------------
    async def poll_job(self) -> None:
        rt = self.rt
        assert rt is not None
        ids = [f.id for f in self.config.feeds if f.enabled]
        now = rt.clock()
        states = await claim_due(rt, ids, now, now + self._poll_lease(), limit=free_poll_slots(rt))
        if states:   # one task per round: the round records its unchanged feeds together
            task = asyncio.create_task(poll_many(rt, states))
            self.inflight.add(task)
            task.add_done_callback(self.inflight.discard)

    async def deliver_job(self) -> None:
        assert self.rt is not None
        report = await deliver_due(self.rt)
        if report.claimed >= claim_bounds(self.rt)[0]:   # a full claim: more is due, go on at once
            self.rt.delivery_wanted.set()
        if report.messages:
            log.debug("delivery round: %s", report)

    async def rules_job(self, force: bool = False) -> None:
        rt = self.rt
        assert rt is not None
        outcome = await rt.rules.reload(force=force)
        rt.metrics.record_reload(outcome)
        if outcome.changed:
            log.info("rules reloaded: %d rules from %s (%s)", len(rt.rules.current.rules), self.config.rules_dir,
                     outcome.summary())
        elif outcome.problems and outcome.first_report:
            text = "\n".join(str(p) for p in outcome.problems)
            log.error("rule files changed but were rejected; the previous rules stay active:\n%s", text)
            digest = rt.rules.reported or ""
            await notices.send_notice(rt, f"rules-invalid:{digest}", "rules-invalid",
                                      "newswatch: rule files rejected, previous rules still active", text)

    async def rule_health_job(self) -> None:
        """Noisy and silent rules: one admin notice each way (pipeline.rulehealth)."""
        from watcher.pipeline.rulehealth import check_rule_health

        rt = self.rt
        assert rt is not None
        try:
            for change in await check_rule_health(rt):
                log.info("rule '%s': %s -> %s", change.rule_id, change.old, change.new)
        except StorageError as e:
            rt.health.failed("rule_health", "check rule health", e)

    async def maintenance_job(self) -> None:
        """Retention (storage.maintenance): short prune steps, so polls and sends go on between them."""
        rt = self.rt
        assert rt is not None
        before = rt.clock() - self.config.watch.retention
        total = PruneReport()
        try:
            while not self.stopping.is_set():
                step = await rt.db(rt.store.prune_step, before)
                total += step
                if step.rows < PRUNE_BATCH:
                    await rt.db(rt.store.finish_prune, before)
                    break
            total += await rt.db(rt.store.compact)
        except StorageError as e:   # runs every 6 h: its own line, apart from the polls' and sends' health
            log.error("maintenance: %s; next try in 6h", e)
            return
        log.log(logging.INFO if total.rows else logging.DEBUG,
                "maintenance: text of %d entries and %d alert snippets older than %s pruned, %d finished "
                "deliveries and %d notices removed, %.1f MB given back", total.entries, total.alerts,
                format_duration(self.config.watch.retention), total.deliveries, total.notices,
                total.reclaimed_bytes / 1e6)


def _default_client(config: Config, resolver: Any = None) -> Any:
    fetch = config.fetch
    return make_client(ClientSettings(
        concurrency=fetch.concurrency, per_host=fetch.per_host,
        read_timeout=min(20.0, fetch.timeout.total_seconds()), user_agent=fetch.user_agent,
        policy=AddressPolicy.of(fetch.allow_private_networks, fetch.allow_networks)), resolver=resolver)


def _default_parser(config: Config) -> Any:
    fetch = config.fetch
    return ParsePool(fetch.parse_workers, timeout=fetch.parse_timeout.total_seconds(),
                     memory_bytes=fetch.parse_memory, max_entries=fetch.max_entries)


def _db_label(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return url.split("@")[-1] if "@" in url else url
