"""In-process daemon harness: the real pipeline, store and Apprise, with an injected clock."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from watcher.config import load_config
from watcher.daemon import Hooks, Jobs, open_runtime
from watcher.notify import Notifier
from watcher.pipeline import deliver_due, poll_many
from watcher.pipeline.rules import load_checked


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(microsecond=0))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    def set(self, when: datetime) -> None:
        self.now = when


class Harness:
    def __init__(self, config_path: Any, clock: Clock | None = None, **hooks: Any) -> None:
        self.config = load_config(config_path)
        result, problems = load_checked(self.config.rules_dir, [f.id for f in self.config.feeds],
                                        self.config.feed_tags())
        assert not problems, problems
        self.clock = clock or Clock()
        self.runtime = open_runtime(self.config, result.ruleset, Hooks(clock=self.clock, **hooks))
        self.rt: Any = None
        self.jobs: Any = None

    async def __aenter__(self) -> "Harness":
        self.rt = await self.runtime.__aenter__()
        self.jobs = Jobs(self.rt, self.config)
        await self.jobs.warm_up()          # as the daemon does before its first poll
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.runtime.__aexit__(*exc)

    async def poll_all(self) -> list[Any]:
        ids = [f.id for f in self.config.feeds]
        states = await self.rt.db.run(self.rt.store.claim_due_feeds, ids, self.clock(), self.rt.owner,
                                  self.clock() + timedelta(minutes=5), all_due=True)
        return await poll_many(self.rt.polling, states)

    async def poll_due(self) -> list[Any]:
        """What the daemon's poll job does: only feeds whose next poll is due."""
        ids = [f.id for f in self.config.feeds]
        states = await self.rt.db.run(self.rt.store.claim_due_feeds, ids, self.clock(), self.rt.owner,
                                  self.clock() + timedelta(minutes=5))
        return await poll_many(self.rt.polling, states)

    async def deliver(self) -> Any:
        return await deliver_due(self.rt.delivery)

    def rows(self) -> list[Any]:
        return self.rt.store.deliveries(None, 1000)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def poll_then_deliver(config: Any, clock: Any) -> Any:
    """One daemon's life in a test: poll every feed once, then deliver what is due; the report."""
    async def scenario() -> Any:
        async with Harness(config, clock) as h:
            await h.poll_all()
            return await h.deliver()

    return run(scenario())


__all__ = ["Clock", "Harness", "Notifier", "poll_then_deliver", "run"]
