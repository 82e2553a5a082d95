"""Admin notices: feed health, dead letters, rejected rule reloads, rule health. Each goes once
(by key) to every destination of every subscriber flagged ``admin = true``."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Sequence

from storage import DeliveryPlan, FeedState
from watcher.pipeline.database import Database
from watcher.routing import Subscriber
from watcher.units import format_duration

log = logging.getLogger("newswatch.notice")


@dataclass(frozen=True)
class Notices:
    db: Database
    admins: Sequence[Subscriber]        # the subscribers flagged admin = true
    clock: Callable[[], datetime]
    delivery_wanted: asyncio.Event      # set when a notice is queued: the delivery job runs now
    unhealthy_after: timedelta          # [fetch] unhealthy_after

    async def send(self, key: str, kind: str, subject: str, body: str) -> bool:
        """Queue a notice for every admin destination, unless one with ``key`` was queued before."""
        now = self.clock()
        plans = [DeliveryPlan(sub.id, dest.key, dest.label, now, 3, "")
                 for sub in self.admins for dest in sub.destinations]
        created = await self.db.run(self.db.store.add_notice, key, kind, subject, body, now, plans)
        if created:
            log.warning("notice: %s", subject)
            self.delivery_wanted.set()
        return created

    async def check_feed_health(self, state: FeedState, now: datetime) -> None:
        """One notice when a feed has failed for longer than ``unhealthy_after``."""
        if state.unhealthy_notified or state.error_since is None or now - state.error_since < self.unhealthy_after:
            return
        subject = f"newswatch: feed '{state.id}' failing for {format_duration(now - state.error_since)}"
        body = (f"Feed '{state.id}' ({state.url}) has failed {state.consecutive_errors} polls in a row since "
                f"{state.error_since:%Y-%m-%d %H:%M} UTC.\nLast error: {state.last_error}\n"
                "newswatch keeps retrying with backoff; you will get one more notice when it recovers.")
        await self.send(f"feed-unhealthy:{state.id}:{state.error_since.isoformat()}", "feed-unhealthy", subject, body)
        await self.db.run(self.db.store.set_feed_flags, state.id, unhealthy_notified=True)

    async def feed_recovered(self, state: FeedState, now: datetime) -> None:
        subject = f"newswatch: feed '{state.id}' recovered"
        body = f"Feed '{state.id}' ({state.url}) is answering again as of {now:%Y-%m-%d %H:%M} UTC."
        await self.send(f"feed-recovered:{state.id}:{now.isoformat()}", "feed-recovered", subject, body)
        await self.db.run(self.db.store.set_feed_flags, state.id, unhealthy_notified=False)
