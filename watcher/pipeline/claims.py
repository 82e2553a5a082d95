"""Which feeds this instance polls now: leasing the due feeds (never more than its free fetch
slots), giving leases back, and why ``run --once`` left a feed alone. Storage failures are
counted in the database's health (dbhealth.py), never raised."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Sequence

from storage import FeedState, StorageError
from watcher.metrics import Metrics
from watcher.pipeline.database import Database

BY_ANOTHER = "another newswatch"     # how a feed left to another instance is named in run --once's log


@dataclass
class PollSlots:
    """How many feeds this instance fetches at once ([fetch] concurrency), and how many it is
    fetching now."""

    size: int
    inflight: int = 0               # claimed and not finished: fetching, or waiting for a fetch slot
    freed: asyncio.Event = field(default_factory=asyncio.Event)   # set when a feed's poll ends
    # ``run --once`` claims again as slots free up: a round that ends meanwhile leaves the batch
    # of unchanged feeds to the next one (written when full, after its wait, or at the end)
    claiming: bool = False
    ahead: int = 0                  # feeds a claim may take beyond the free fetch slots
    gate: asyncio.Semaphore = field(init=False)    # the fetch slots themselves, shared by every round

    def __post_init__(self) -> None:
        self.gate = asyncio.Semaphore(self.size)

    def free(self) -> int:
        """How many more feeds this instance may claim now: the daemon never takes more than its
        free fetch slots, so no lease ages in a local queue and the due feeds spread over the
        instances; ``run --once`` claims sets of slots ahead (``ahead``: three sets), so its
        claims are fewer and larger (a claim is a transaction of ~2.5 ms: 1,000 feeds at 16
        slots took 250 of them with none ahead, 63 with one set, 21 with three) while a claimed
        feed waits at most three fetches for its slot (its lease renewed meanwhile)."""
        return max(0, self.size + self.ahead - self.inflight)

    def claim_from(self) -> int:
        """Free claims worth a claim: a quarter of the slots; claiming ahead, the sets ahead
        (taken when the feeds claimed ahead have all begun fetching, so no slot waits for a claim)."""
        return max(1, self.ahead or self.size // 4)

    def release(self) -> None:
        self.inflight -= 1
        self.freed.set()


async def release_quietly(db: Database, *feed_ids: str) -> None:
    """Give feeds' leases back; when the database refuses, try again at the next poll tick."""
    try:
        await db.run(db.store.release_feeds, list(feed_ids), db.owner)
    except StorageError as e:
        db.health.stranded.update(feed_ids)
        db.health.failed("poll", "release feed leases", e)
    else:
        db.health.stranded.difference_update(feed_ids)
        db.health.ok("poll", "release feed leases")


async def claim_due(db: Database, metrics: Metrics, ids: Sequence[str], now: datetime, lease_until: datetime,
                    **options: Any) -> list[FeedState]:
    """Lease the due feeds among ``ids`` (options as :meth:`Store.claim_due_feeds`), except
    those held back after a storage failure; nothing while polling backs off from one."""
    health = db.health
    if health.paused("poll"):
        return []
    if health.stranded:
        await release_quietly(db, *sorted(health.stranded))
    wanted = [i for i in ids if not health.held(i, now)] if health.holds else ids   # most claims: none held
    try:
        states = await db.run(db.store.claim_due_feeds, wanted, now, db.owner, lease_until, **options)
    except StorageError as e:
        health.failed("poll", "claim due feeds", e)
        return []
    health.ok("poll", "claim due feeds")
    metrics.checked_due_feeds()
    return states


async def not_claimed(db: Database, ids: set[str], now: datetime, round_start: datetime | None = None) -> list[str]:
    """Why each of these feeds was left alone by ``run --once`` (one line each, for the log);
    a feed whose last poll started after ``round_start`` was polled by another instance."""
    if not ids:
        return []
    try:
        states = await db.run(db.store.feed_states, sorted(ids))
    except StorageError as e:
        db.health.failed("poll", "read feed states", e)
        return [f"feed '{i}': not polled (the database failed)" for i in sorted(ids)]
    return [f"feed '{s.id}': not polled: {_left_alone(s, now, round_start)}" for s in states]


def _left_alone(state: FeedState, now: datetime, round_start: datetime | None = None) -> str:
    if state.disabled_reason:
        return f"disabled ({state.disabled_reason}; a new url in config.toml polls it again)"
    if state.consecutive_errors and state.next_poll_at and state.next_poll_at > now:
        polls = "poll" if state.consecutive_errors == 1 else "polls"
        return (f"backing off after {state.consecutive_errors} failed {polls} (last: {state.last_error}) until "
                f"{state.next_poll_at:%Y-%m-%d %H:%M} UTC; `run --once --all` polls it anyway")
    if round_start is not None and state.last_polled_at is not None and state.last_polled_at >= round_start:
        return f"{BY_ANOTHER} polled it in this round ({state.last_polled_at:%H:%M:%S} UTC)"
    return f"{BY_ANOTHER} holds its lease, or the database failed (see above)"
