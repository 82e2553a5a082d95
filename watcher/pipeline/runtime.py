"""The collaborators a pipeline run needs, passed in explicitly (no module globals)."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Protocol, TypeVar

from storage import PollSuccess, StorageError, Store
from watcher.config import Config, FeedSpec
from watcher.fetch import AddressPolicy, FeedClient, FetchLimits, HostGate
from watcher.metrics import Metrics
from watcher.notify import Notifier
from watcher.pipeline.dbhealth import DbHealth
from watcher.pipeline.leases import LeaseKeeper, poll_lease
from watcher.pipeline.rules import RulesHolder
from watcher.pipeline.stories import LiveStories
from watcher.render import Renderer
from watcher.routing import Destination, Subscriber
from watcher.stories import Limits
from watcher.types import ParsedFeed

T = TypeVar("T")
log = logging.getLogger("newswatch.poll")


class Parser(Protocol):
    async def parse(self, body: bytes, headers: dict[str, str], url: str, now: datetime) -> ParsedFeed: ...
    async def close(self) -> None: ...


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UnchangedBatch:
    """Collects polls that brought nothing new and records them together (one transaction per
    batch instead of one per feed); flushed when full and at the end of every poll round."""

    def __init__(self, write: Callable[[list[Any]], Any], size: int = 200) -> None:
        self.write = write
        self.size = size
        self.pending: list[Any] = []

    @property
    def feed_ids(self) -> set[str]:
        return {s.feed_id for s in self.pending}

    async def add(self, success: Any) -> None:
        self.pending.append(success)
        if len(self.pending) >= self.size:
            await self.flush()

    async def flush(self) -> None:
        if self.pending:
            batch, self.pending = self.pending, []
            await self.write(batch)


@dataclass
class Runtime:
    config: Config
    store: Store
    rules: RulesHolder
    client: FeedClient
    parser: Parser
    notifier: Notifier
    renderer: Renderer
    subscribers: list[Subscriber]
    clock: Callable[[], datetime] = utcnow
    rng: random.Random = field(default_factory=random.Random)
    owner: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    stories: LiveStories = field(init=False)
    gate: HostGate | None = None
    policy: AddressPolicy | None = None
    db_pool: ThreadPoolExecutor | None = None
    delivery_wanted: asyncio.Event = field(default_factory=asyncio.Event)
    poll_wanted: asyncio.Event = field(default_factory=asyncio.Event)     # a poll round freed its slots
    limits_cache: dict[str, tuple[int, int]] = field(default_factory=dict)
    health: DbHealth = field(default_factory=DbHealth)
    metrics: Metrics = field(default_factory=Metrics)
    polls_inflight: int = 0
    unchanged: UnchangedBatch = field(init=False)
    leases: LeaseKeeper = field(init=False)

    def __post_init__(self) -> None:
        if self.db_pool is None:
            # SQLite has one writer at a time: one DB thread avoids lock contention (and its
            # busy-wait starvation); PostgreSQL gets a few.
            self.db_pool = ThreadPoolExecutor(1 if self.store.is_sqlite else 4, thread_name_prefix="db")
        if self.gate is None:
            self.gate = HostGate(self.config.fetch.per_host)
        self.unchanged = UnchangedBatch(self._record_unchanged)
        section = self.config.stories
        self.stories = LiveStories(Limits(window=section.window, max_stories=section.max_stories))
        self.leases = LeaseKeeper(self.store, self.owner, self.db, self.clock, poll_lease(self.config),
                                  self.config.delivery.lease)
        if self.policy is None:
            self.policy = AddressPolicy.of(self.config.fetch.allow_private_networks, self.config.fetch.allow_networks)

    async def _record_unchanged(self, batch: list[PollSuccess]) -> None:
        """Store a batch of polls that brought nothing new; if that fails, each feed waits for
        its normal next poll anyway (held in memory) and its lease is released later."""
        try:
            lost = await self.db(self.store.record_unchanged, batch)
        except StorageError as e:
            self.health.failed("poll", "record polls", e)
            for success in batch:
                self.health.hold(success.feed_id, success.next_poll_at)
                self.health.stranded.add(success.feed_id)
        else:
            self.health.ok("poll", "record polls")
            if lost:
                log.warning("lease lost on %d feeds after their poll (this instance stalled past the lease and "
                            "another one took them over); not recorded here: %s", len(lost), ", ".join(lost[:10]))
        finally:
            for success in batch:
                self.leases.drop_feed(success.feed_id)

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking store call in the DB threads; the event loop keeps serving."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.db_pool, functools.partial(fn, *args, **kwargs))

    @property
    def fetch_limits(self) -> FetchLimits:
        assert self.policy is not None
        return FetchLimits(deadline=self.config.fetch.timeout.total_seconds(),
                           max_bytes=self.config.fetch.max_bytes, policy=self.policy)

    def feed_spec(self, feed_id: str) -> FeedSpec | None:
        return self.config.feed(feed_id)

    def subscriber(self, subscriber_id: str) -> Subscriber | None:
        return next((s for s in self.subscribers if s.id == subscriber_id), None)

    def destination(self, subscriber_id: str, key: str) -> tuple[Subscriber, Destination] | None:
        sub = self.subscriber(subscriber_id)
        if sub is None:
            return None
        dest = next((d for d in sub.destinations if d.key == key), None)
        return None if dest is None else (sub, dest)

    def admins(self) -> list[Subscriber]:
        return [s for s in self.subscribers if s.spec.admin]
