"""The scheduler: when the jobs run (APScheduler), signals, and the graceful drain.

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
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from storage import StorageError
from watcher.daemon.jobs import MAINTENANCE_EVERY, Jobs
from watcher.messages import counted

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger("newswatch")
DRAIN_SECONDS = 8.0
POLL_TICK = 2
RULE_HEALTH_MINUTES = 15


class Scheduler:
    """Runs the jobs until SIGTERM/SIGINT, then drains them; SIGHUP reloads the rules."""

    def __init__(self, jobs: Jobs) -> None:
        self.jobs = jobs
        self.rt = jobs.rt
        self.config = jobs.config
        self.inflight = jobs.inflight
        self.stopping = jobs.stopping
        self.scheduler: AsyncIOScheduler | None = None

    async def run(self) -> None:
        # lazy-for-start-up: `run --once` needs no scheduler
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        loop = asyncio.get_running_loop()
        # before the warm-up (seconds on a large window): a SIGTERM meanwhile stops it cleanly too
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop, sig)
        loop.add_signal_handler(signal.SIGHUP, self.request_reload)
        await self.jobs.warm_up()
        scheduler = AsyncIOScheduler(timezone=timezone.utc, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": 60})
        now = datetime.now(timezone.utc)
        jobs = self.jobs
        # jittered ticks: instances started together do not claim in step (the first would take all)
        scheduler.add_job(self._tracked("poll_job", jobs.poll), "interval", seconds=POLL_TICK, jitter=POLL_TICK,
                          id="poll", next_run_time=now + timedelta(seconds=random.uniform(0, POLL_TICK)))
        scheduler.add_job(self._tracked("deliver_job", jobs.deliver), "interval", id="deliver", next_run_time=now,
                          seconds=self.config.delivery.interval.total_seconds())
        scheduler.add_job(self._tracked("rules_job", jobs.reload_rules), "interval", id="rules",
                          seconds=self.config.watch.rules_check.total_seconds())
        scheduler.add_job(self._tracked("rule_health_job", jobs.rule_health), "interval", id="rule_health",
                          minutes=RULE_HEALTH_MINUTES, next_run_time=now + timedelta(minutes=1))
        scheduler.add_job(self._tracked("maintenance_job", jobs.maintenance), "interval", id="maintenance",
                          seconds=MAINTENANCE_EVERY.total_seconds(),
                          next_run_time=now + timedelta(minutes=5))
        self.scheduler = scheduler
        scheduler.start()
        watcher = asyncio.create_task(self._trigger(self.rt.delivery_wanted, "deliver"))
        poller = asyncio.create_task(self._trigger(self.rt.poll_wanted, "poll"))
        try:
            await self.stopping.wait()
        finally:
            watcher.cancel()
            poller.cancel()
            await self._drain(scheduler)
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                loop.remove_signal_handler(sig)

    def request_stop(self, sig: signal.Signals) -> None:
        if not self.stopping.is_set():
            log.info("%s received: finishing in-flight work", sig.name)
            self.stopping.set()

    def request_reload(self) -> None:
        log.info("SIGHUP received: reloading rule files")
        self.jobs.track(asyncio.get_running_loop().create_task(self.jobs.reload_rules(force=True)))

    async def _drain(self, scheduler: AsyncIOScheduler) -> None:
        scheduler.pause()
        pending = {t for t in self.inflight if not t.done()}
        if pending:
            done, still = await asyncio.wait(pending, timeout=DRAIN_SECONDS)
            for task in still:
                task.cancel()
            if still:
                await asyncio.wait(still, timeout=2)
                log.warning("%s did not finish within %.0fs; their leases are released", counted(len(still), "task"),
                            DRAIN_SECONDS)
        scheduler.shutdown(wait=False)

    def _tracked(self, name: str, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(fn)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self.stopping.is_set():
                return None
            task = asyncio.current_task()
            assert task is not None
            self.inflight.add(task)
            try:
                return await self._run_job(name, fn, *args, **kwargs)
            except asyncio.CancelledError:
                if not self.stopping.is_set():
                    raise
                # cut off by the drain, which already said so in one line: no traceback from APScheduler
                log.debug("job %s cancelled at shutdown", name)
                return None
            finally:
                self.inflight.discard(task)
        return wrapper

    async def _run_job(self, name: str, fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        try:
            result = await fn(*args, **kwargs)
        except StorageError as e:   # one line per problem (pipeline.dbhealth), not a traceback per tick
            self.rt.db.health.failed(name, f"run {name}", e)
            return None
        except Exception:  # noqa: BLE001 - a job failure is logged; the job stays scheduled
            log.exception("job %s failed", name)
            return None
        self.rt.db.health.ok(name, f"run {name}")
        return result

    async def _trigger(self, wanted: asyncio.Event, job_id: str) -> None:
        """Run a job now whenever its event is set (new outbox rows, a feed to poll early)."""
        while True:
            await wanted.wait()
            wanted.clear()
            if self.scheduler is not None and not self.stopping.is_set():
                self.scheduler.modify_job(job_id, next_run_time=datetime.now(timezone.utc))
