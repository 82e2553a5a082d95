"""When to poll a feed next and when to retry a delivery (pure; randomness and the clock passed in)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Sequence

from watcher.config import Config, FeedSpec
from watcher.types import Entry

POLLS_PER_ITEM = 4          # adaptive: poll about four times per item the feed usually publishes
RATE_WINDOW = timedelta(days=7)


def utcnow() -> datetime:
    """The pipeline's clock, unless a test passes its own."""
    return datetime.now(timezone.utc)


def base_interval(config: Config, spec: FeedSpec) -> float:
    return (spec.interval or config.watch.poll_interval).total_seconds()


def adaptive_interval(config: Config, spec: FeedSpec, entries: Sequence[Entry], now: datetime) -> float:
    """The feed's own update rate decides, within [min_interval, max_interval].

    A feed with a pinned ``interval`` keeps it; so does one without dated entries.
    """
    base = base_interval(config, spec)
    if spec.interval is not None or not config.watch.adaptive:
        return base
    dated = [e.published_at for e in entries if e.published_at and now - RATE_WINDOW <= e.published_at <= now]
    if len(dated) < 2:
        return max(base, config.watch.min_interval.total_seconds()) if not dated else base
    span = max((now - min(dated)).total_seconds(), 3600.0)
    per_second = len(dated) / span
    wanted = 1.0 / (per_second * POLLS_PER_ITEM)
    low = config.watch.min_interval.total_seconds()
    high = max(config.watch.max_interval.total_seconds(), low)
    return min(max(wanted, low), high)


def jittered(seconds: float, rng: random.Random, spread: float = 0.1) -> float:
    return seconds * rng.uniform(1 - spread, 1 + spread)


def backoff(failures: int, base: float, cap: float, rng: random.Random, retry_after: float | None = None) -> float:
    """The wait after ``failures`` failures in a row (of a feed or a delivery): ``base`` doubled
    per failure, ±20% jitter, capped, never giving up; a Retry-After is a floor."""
    delay = min(cap, base * (2 ** max(0, failures - 1)))
    delay = min(cap, jittered(delay, rng, 0.2))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay
