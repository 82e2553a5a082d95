"""What bench/scale.py measured, computed from its logs (pure: records in, numbers out).

Inputs: the farm's ground truth (every item published) and request log, the webhook sink's
log (every POST with the item guids it carried), and each instance's log lines.

Definitions (per experiment):
  window     [daemons started, daemons started + duration]; only items published by the farm
             inside it count, and only those the shipped rules match (checked with the real
             rule set, not the farm's design)
  pair       (counted item, subscriber); every subscriber wants every rule
  lost       no POST carrying the item reached that subscriber's sink path before the end of
             the drain period that follows the window
  once       exactly one such POST
  duplicate  two or more such POSTs (``same key`` when they all carried one X-Idempotency-Key)
  latency    first POST carrying the item for the subscriber minus the item's publication time
             (includes waiting for the next poll, as a user experiences it)
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

SENT_LINE = re.compile(r"sent (\d+) alerts to '([^']+)'")
RETRY_LINE = re.compile(r"delivery to '([^']+)' via .* failed")


@dataclass(frozen=True)
class Post:
    t: float
    path: str
    key: str
    guids: tuple[str, ...]


@dataclass(frozen=True)
class Poll:
    t: float
    feed: int
    status: int
    agent: str


@dataclass
class Outcome:
    pairs: int = 0
    lost: int = 0
    once: int = 0
    duplicate: int = 0
    duplicate_same_key: int = 0
    extra_copies: int = 0
    latencies: list[float] = field(default_factory=list)
    lost_examples: list[str] = field(default_factory=list)


def delivery_outcome(items: dict[str, float], subscribers: Sequence[str], posts: Iterable[Post],
                     until: float) -> Outcome:
    """lost / once / duplicate per (item, subscriber); ``items`` maps guid -> publication time."""
    seen: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for post in posts:
        if post.t <= until:
            for guid in post.guids:
                if guid in items:
                    seen[(guid, post.path)].append(post)
    out = Outcome()
    for guid, published in items.items():
        for sub in subscribers:
            copies = seen.get((guid, sub), [])
            out.pairs += 1
            if not copies:
                out.lost += 1
                if len(out.lost_examples) < 5:
                    out.lost_examples.append(f"{guid}->{sub}")
                continue
            out.latencies.append(min(p.t for p in copies) - published)
            if len(copies) == 1:
                out.once += 1
            else:
                out.duplicate += 1
                out.extra_copies += len(copies) - 1
                out.duplicate_same_key += len({p.key for p in copies}) == 1
    return out


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass(frozen=True)
class PollStats:
    polls: int
    per_feed_per_interval: float
    early: float        # share of gaps between two polls of a feed below half the interval
    late: float         # share of gaps above 1.5 intervals
    max_gap: float
    per_minute: float
    by_agent: dict[str, int]


def poll_stats(polls: Sequence[Poll], feeds: int, start: float, end: float, interval: float) -> PollStats:
    inside = [p for p in polls if start <= p.t <= end]
    by_feed: dict[int, list[float]] = defaultdict(list)
    for p in inside:
        by_feed[p.feed].append(p.t)
    gaps = [b - a for times in by_feed.values() for a, b in zip(times, times[1:])]
    span = max(end - start, 1e-9)
    return PollStats(
        polls=len(inside), per_feed_per_interval=len(inside) / feeds / (span / interval),
        early=_share(gaps, lambda g: g < interval / 2), late=_share(gaps, lambda g: g > interval * 1.5),
        max_gap=max(gaps, default=0.0), per_minute=len(inside) / span * 60,
        by_agent=dict(Counter(p.agent for p in inside)))


def _share(values: Sequence[float], test: object) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0  # type: ignore[operator]


@dataclass(frozen=True)
class InstanceLog:
    messages: int        # successful send attempts (messages)
    rows: int            # deliveries those messages carried
    retries: int         # failed send attempts logged for retry
    errors: list[str]    # ERROR lines and the CLI's fatal message (first few)


def parse_instance_log(text: str) -> InstanceLog:
    messages = rows = retries = 0
    errors: list[str] = []
    for line in text.splitlines():
        sent = SENT_LINE.search(line)
        if sent:
            messages += 1
            rows += int(sent.group(1))
        elif RETRY_LINE.search(line):
            retries += 1
        elif (" ERROR " in line or line.startswith("newswatch: ")) and len(errors) < 3:
            errors.append(line.strip()[:200])
    return InstanceLog(messages, rows, retries, errors)


def median_or_nan(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
