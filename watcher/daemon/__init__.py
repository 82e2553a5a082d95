"""The daemon in three parts:

- :mod:`~watcher.daemon.runtime`: opening the runtime, an async context manager that builds every
  collaborator of a run (store, HTTP client, parse pool, notifier, renderer, rules), gives each
  pipeline stage its own set of them, and closes them;
- :mod:`~watcher.daemon.jobs`: the jobs (poll round, delivery round, rule reload, rule health,
  maintenance) and ``run --once``;
- :mod:`~watcher.daemon.scheduler`: when the jobs run (APScheduler), signals and the drain.

:class:`Daemon` puts them together for ``newswatch run``.
"""

from __future__ import annotations

import logging

from watcher.config import Config
from watcher.daemon.jobs import Jobs, OnceSummary, run_once
from watcher.daemon.runtime import Hooks, default_client, default_parser, open_runtime, prepare_renderer
from watcher.daemon.scheduler import DRAIN_SECONDS, POLL_TICK, Scheduler
from watcher.preflight import Preflight
from watcher.ruleset import RuleSet

log = logging.getLogger("newswatch")

__all__ = ["DRAIN_SECONDS", "POLL_TICK", "Daemon", "Hooks", "Jobs", "OnceSummary", "Preflight", "Scheduler", "default_client",
           "default_parser", "open_runtime", "prepare_renderer", "run_once"]


class Daemon:
    """``newswatch run [--once]``: open the runtime, then run once or run the scheduler."""

    def __init__(self, config: Config, ruleset: RuleSet, hooks: Hooks | None = None,
                 preflight: Preflight | None = None) -> None:
        self.config = config
        self.ruleset = ruleset
        self.hooks = hooks or Hooks()
        self.preflight = preflight               # the database file's checks, begun at start-up
        self.created_at = self.hooks.clock()     # a `run --once` round overlapping this process is ours too

    async def run_once(self, *, all_feeds: bool = False) -> OnceSummary:
        async with open_runtime(self.config, self.ruleset, self.hooks, self.preflight) as rt:
            return await run_once(rt, self.config, all_feeds=all_feeds, created_at=self.created_at)

    async def run_forever(self) -> None:
        # lazy-for-start-up: `run --once` needs no HTTP server
        from watcher.web.server import serve

        async with open_runtime(self.config, self.ruleset, self.hooks, self.preflight) as rt:
            web = await serve(rt)       # [http]: status page, metrics, health
            try:
                await Scheduler(Jobs(rt, self.config)).run()
            finally:
                if web is not None:
                    await web.close()
        log.info("stopped")
