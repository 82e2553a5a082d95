"""Leases kept or given up, never silently lost (issue 14).

Polls and sends hold their rows by a lease (owner, token, until). While any is in flight, a
heartbeat renews them every third of the shorter lease, so a long poll or a send slower than its
lease keeps its rows and no other instance starts them again. A renewal that finds a row under
another claim means this instance lost it (it stalled past its lease): that is logged once, the
row is remembered as lost, and its outcome is never reported as this instance's success — the
storage layer fences every state change after I/O by the lease token anyway.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable, Iterable

from storage import StorageError
from watcher.config import Config

log = logging.getLogger("newswatch.leases")


def poll_lease(config: Config) -> timedelta:
    """How long a claimed feed stays leased without a heartbeat: two fetch deadlines, a parse
    and two minutes of slack."""
    fetch = config.fetch
    return fetch.timeout * 2 + fetch.parse_timeout + timedelta(minutes=2)


class LeaseKeeper:
    """The leases this instance holds while work is in flight, renewed by a heartbeat task that
    runs only while there is something to renew."""

    def __init__(self, store: Any, owner: str, db: Callable[..., Awaitable[Any]], clock: Callable[[], datetime],
                 feed_lease: timedelta, delivery_lease: timedelta) -> None:
        self.store = store
        self.owner = owner
        self.db = db
        self.clock = clock
        self.feed_lease = feed_lease
        self.delivery_lease = delivery_lease
        self.period = max(0.2, min(feed_lease, delivery_lease).total_seconds() / 3)
        self.feeds: dict[str, str] = {}          # feed id -> lease token
        self.deliveries: dict[int, str] = {}     # delivery id -> lease token
        self.lost_feeds: set[str] = set()
        self.lost_deliveries: set[int] = set()
        self._task: asyncio.Task[None] | None = None

    # -- holding ------------------------------------------------------------------------
    def hold_feeds(self, pairs: Iterable[tuple[str, str | None]]) -> None:
        self.feeds.update((i, t) for i, t in pairs if t)
        self._ensure_running()

    def drop_feed(self, feed_id: str) -> None:
        self.feeds.pop(feed_id, None)
        self.lost_feeds.discard(feed_id)

    def hold_deliveries(self, pairs: Iterable[tuple[int, str | None]]) -> None:
        self.deliveries.update((i, t) for i, t in pairs if t)
        self._ensure_running()

    def drop_deliveries(self, ids: Iterable[int]) -> None:
        for i in ids:
            self.deliveries.pop(i, None)
            self.lost_deliveries.discard(i)

    def _ensure_running(self) -> None:
        if (self.feeds or self.deliveries) and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._beat(), name="lease-heartbeat")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    # -- the heartbeat ------------------------------------------------------------------
    async def _beat(self) -> None:
        while self.feeds or self.deliveries:
            await asyncio.sleep(self.period)
            try:
                await self.renew()
            except StorageError as e:   # the leases still run; the next beat tries again
                log.warning("could not renew leases: %s", e)

    async def renew(self) -> None:
        now = self.clock()
        if self.feeds:
            held = dict(self.feeds)
            kept = await self.db(self.store.renew_feed_leases, list(held), self.owner, sorted(set(held.values())),
                                 now + self.feed_lease)
            self._lost("feed", {i for i in held if i not in kept and self.feeds.get(i) == held[i]}, self.lost_feeds)
        if self.deliveries:
            sending = dict(self.deliveries)
            kept_ids = await self.db(self.store.renew_delivery_leases, list(sending), self.owner,
                                     sorted(set(sending.values())), now + self.delivery_lease)
            self._lost("delivery", {i for i in sending if i not in kept_ids and self.deliveries.get(i) == sending[i]},
                       self.lost_deliveries)

    def _lost(self, kind: str, ids: set[Any], lost: set[Any]) -> None:
        fresh = ids - lost
        if fresh:
            lost.update(fresh)
            log.warning("lease lost on %d %s rows (%s): this instance stalled past its lease and another one "
                        "took them over; their outcome here is not recorded", len(fresh), kind,
                        ", ".join(str(i) for i in sorted(fresh)[:10]))
