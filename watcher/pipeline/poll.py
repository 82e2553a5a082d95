"""Polling one feed: fetch -> parse -> decide -> record (record.py).

Fetch with a conditional GET (a 304 or an unchanged body ends there), parse in a worker process,
decide which entries are new, which story each joins, which rules match and who gets each
alert, then record entries, alerts, outbox rows and the feed's validators in one transaction.
A failure is recorded on the feed and never escapes."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Callable, Protocol, Sequence

from storage import FeedState, LeaseLost, PollSuccess, StorageError
from watcher import malloc
from watcher.config import Config, FeedSpec
from watcher.errors import FetchError, FetchKind, ParseError, WatcherError
from watcher.fetch import FeedClient, Fetched, FetchLimits, HostGate, NotModified, Validators, fetch_feed
from watcher.log import bind_log_context
from watcher.messages import counted
from watcher.metrics import Metrics
from watcher.pipeline.claims import PollSlots, release_quietly
from watcher.pipeline.database import Database
from watcher.pipeline.leases import LeaseKeeper
from watcher.pipeline.notices import Notices
from watcher.pipeline.record import Mapper, Recorder, UnchangedBatch, record_entries
from watcher.pipeline.schedule import adaptive_interval, backoff, base_interval, jittered
from watcher.textfold import one_line
from watcher.types import ParsedFeed

log = logging.getLogger("newswatch.poll")
BIG_BODY = 256 << 10      # bodies from this size on are hashed off the event loop


class Parser(Protocol):
    async def parse(self, body: bytes, headers: dict[str, str], url: str, now: datetime) -> ParsedFeed: ...
    async def close(self) -> None: ...


@dataclass(frozen=True)
class Fetcher:
    """Fetch: a conditional GET within the fetch limits and the per-host gate; parse: in the
    worker processes."""

    client: FeedClient
    parser: Parser
    limits: FetchLimits
    gate: HostGate


@dataclass(frozen=True)
class PollDeps:
    """What polling uses, built once by the daemon (:mod:`watcher.daemon.runtime`)."""

    config: Config                  # the feeds, [watch] intervals, [fetch] backoff
    fetcher: Fetcher
    recorder: Recorder
    db: Database
    notices: Notices
    leases: LeaseKeeper
    unchanged: UnchangedBatch
    metrics: Metrics
    slots: PollSlots
    delivery_wanted: asyncio.Event  # set when a poll queued deliveries: the delivery job runs now
    clock: Callable[[], datetime]
    rng: random.Random


class PollStatus(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not-modified"
    ERROR = "error"                     # the feed failed (fetch, parse, config)
    STORAGE_ERROR = "storage-error"     # fetched, but the result could not be stored
    LEASE_LOST = "lease-lost"           # fetched, but another instance took the feed over meanwhile

    @property
    def fetched(self) -> bool:
        return self in (PollStatus.NEW, PollStatus.UNCHANGED, PollStatus.NOT_MODIFIED, PollStatus.LEASE_LOST)


@dataclass(frozen=True)
class PollReport:
    feed_id: str
    status: PollStatus
    new_entries: int = 0
    alerts: int = 0
    deliveries: int = 0
    error: str = ""
    elapsed: float = 0.0


async def poll_feed(deps: PollDeps, state: FeedState) -> PollReport:
    bind_log_context(feed_id=state.id)
    spec = deps.config.feed(state.id)
    started = time.monotonic()
    if spec is None:
        await release_quietly(deps.db, state.id)
        return PollReport(state.id, PollStatus.ERROR, error="feed no longer in config.toml")
    try:
        report = await _poll(deps, spec, state)
    except (FetchError, ParseError) as e:
        report = await _failed(deps, spec, state, e)
    except LeaseLost:
        report = _lease_lost(spec, started)
    except StorageError as e:
        report = await _not_recorded(deps, spec, state, e)
    except Exception as e:  # noqa: BLE001 - one feed's bug must never stop the others
        log.exception("feed '%s': unexpected error", spec.id)
        report = await _failed(deps, spec, state, WatcherError(f"internal error: {type(e).__name__}: {e}"))
    finally:
        if spec.id not in deps.unchanged.feed_ids:   # batched polls are let go once their batch is written
            deps.leases.drop_feed(spec.id)
    report = PollReport(report.feed_id, report.status, report.new_entries, report.alerts, report.deliveries,
                        report.error, time.monotonic() - started)
    deps.metrics.record_poll(report)
    return report


def _lease_lost(spec: FeedSpec, started: float) -> PollReport:
    log.warning("feed '%s': lease lost after %.0fs (this instance stalled past its lease and another one took "
                "the feed over); this poll's result is not recorded, the other instance's is", spec.id,
                time.monotonic() - started)
    return PollReport(spec.id, PollStatus.LEASE_LOST, error="lease lost to another instance")


async def _poll(deps: PollDeps, spec: FeedSpec, state: FeedState) -> PollReport:
    now = deps.clock()
    validators = Validators(state.etag, state.last_modified)
    fetcher = deps.fetcher
    result = await deps.metrics.timed_fetch(fetch_feed(fetcher.client, state.url, validators, fetcher.limits,
                                                       fetcher.gate))
    if result.moved_to:
        log.warning("feed '%s' moved permanently: %s -> %s (stored the new URL; update config.toml)",
                    spec.id, state.url, result.moved_to)
    interval = state.interval_seconds or base_interval(deps.config, spec)
    if isinstance(result, NotModified):
        await _record_unchanged(deps, spec, state, now, interval, result.validators, result.moved_to, state.body_hash)
        return PollReport(spec.id, PollStatus.NOT_MODIFIED)
    assert isinstance(result, Fetched)
    body_hash = await body_digest(result.body)
    if body_hash == state.body_hash:
        await _record_unchanged(deps, spec, state, now, interval, result.validators, result.moved_to, body_hash)
        return PollReport(spec.id, PollStatus.UNCHANGED)
    parsed = (await fetcher.parser.parse(result.body, result.headers, result.url, now)).with_language(spec.language)
    deps.metrics.record_parsed(len(parsed.entries))
    if parsed.warning:
        log.info("feed '%s': parsed with a warning: %s", spec.id, one_line(parsed.warning))
    if parsed.truncated:
        log.warning("feed '%s': %d entries beyond max_entries were ignored", spec.id, parsed.truncated)
    interval = adaptive_interval(deps.config, spec, parsed.entries, now)
    success = PollSuccess(
        feed_id=spec.id, polled_at=now, next_poll_at=now + timedelta(seconds=jittered(interval, deps.rng)),
        url=result.moved_to, title=spec.title or parsed.title or None, etag=result.validators.etag,
        last_modified=result.validators.last_modified, body_hash=body_hash, interval_seconds=interval,
        lease_token=state.lease_token)
    mapper = fetcher.parser if isinstance(fetcher.parser, Mapper) else None
    outcome = await record_entries(deps.recorder, spec, state, parsed, success, mapper)
    deps.db.health.ok("poll", "record polls")
    if state.unhealthy_notified:
        await deps.notices.feed_recovered(state, now)
    if outcome.new_entries:
        log.info("feed '%s': %s, %s, %s queued", spec.id, counted(outcome.new_entries, "new entry", "new entries"),
                 counted(outcome.alerts, "alert"), counted(outcome.deliveries, "delivery", "deliveries"))
    if outcome.deliveries:
        deps.delivery_wanted.set()
    return PollReport(spec.id, PollStatus.NEW, outcome.new_entries, outcome.alerts, outcome.deliveries)


async def body_digest(body: bytes) -> str:
    """sha256 of a body; a large one is hashed in a thread (hashlib releases the GIL), so a 20 MB
    body never holds the event loop for tens of milliseconds."""
    if len(body) < BIG_BODY:
        return hashlib.sha256(body).hexdigest()
    return await asyncio.to_thread(lambda: hashlib.sha256(body).hexdigest())


async def _record_unchanged(deps: PollDeps, spec: FeedSpec, state: FeedState, now: datetime, interval: float,
                            validators: Validators, moved_to: str | None, body_hash: str | None) -> None:
    success = PollSuccess(
        feed_id=spec.id, polled_at=now, next_poll_at=now + timedelta(seconds=jittered(interval, deps.rng)),
        url=moved_to, etag=validators.etag or state.etag, last_modified=validators.last_modified or state.last_modified,
        body_hash=body_hash, modified=True, lease_token=state.lease_token)
    await deps.unchanged.add(success)
    if state.unhealthy_notified:
        await deps.notices.feed_recovered(state, now)


async def _failed(deps: PollDeps, spec: FeedSpec, state: FeedState, error: WatcherError) -> PollReport:
    now = deps.clock()
    db = deps.db
    interval = state.interval_seconds or base_interval(deps.config, spec)
    retry_after = getattr(error, "retry_after", None)
    gone = isinstance(error, FetchError) and error.kind is FetchKind.GONE
    delay = backoff(state.consecutive_errors + 1, max(60.0, interval), deps.config.fetch.backoff_max.total_seconds(),
                    deps.rng, retry_after)
    message = one_line(str(error))
    deps.metrics.record_feed_error(error)
    log.warning("feed '%s' (%s): %s; next try in %s", spec.id, state.url, message,
                "never (disabled)" if gone else f"{delay / 60:.0f}m")
    try:
        updated = await db.run(db.store.record_failure, spec.id, now, message, now + timedelta(seconds=delay),
                              disable="410 Gone" if gone else None, token=state.lease_token)
        if gone:
            await deps.notices.send(
                f"feed-gone:{spec.id}:{state.url}", "feed-gone", f"newswatch: feed '{spec.id}' is gone (HTTP 410)",
                f"Feed '{spec.id}' ({state.url}) answered 410 Gone and is no longer polled. Remove it from "
                "config.toml or give it a new URL (a changed URL is polled again).")
        else:
            await deps.notices.check_feed_health(updated, now)
    except LeaseLost:
        log.warning("feed '%s': lease lost meanwhile (another instance took the feed over); this failure is "
                    "not recorded", spec.id)
        return PollReport(spec.id, PollStatus.LEASE_LOST, error="lease lost to another instance")
    except StorageError as e:
        log.debug("feed '%s': could not record the failure: %s", spec.id, e)
        db.health.hold(spec.id, now + timedelta(seconds=delay))
        db.health.failed("poll", "record polls", e)
        await release_quietly(db, spec.id)
    return PollReport(spec.id, PollStatus.ERROR, error=message)


async def _not_recorded(deps: PollDeps, spec: FeedSpec, state: FeedState, error: StorageError) -> PollReport:
    """The feed was fetched but the result could not be stored. The poll still happened: the
    feed waits for its normal next poll (held in memory) instead of being fetched every tick."""
    log.debug("feed '%s': could not record the poll: %s", spec.id, error)
    interval = state.interval_seconds or base_interval(deps.config, spec)
    deps.db.health.hold(spec.id, deps.clock() + timedelta(seconds=jittered(interval, deps.rng)))
    deps.db.health.failed("poll", "record polls", error)
    await release_quietly(deps.db, spec.id)
    return PollReport(spec.id, PollStatus.STORAGE_ERROR, error=str(error))


async def poll_many(deps: PollDeps, states: Sequence[FeedState]) -> list[PollReport]:
    """Poll feeds concurrently (every round together bounded by [fetch] concurrency: the fetch
    slots' gate); each one's failure stays its own."""
    round_token = deps.metrics.round_started()

    async def one(state: FeedState) -> PollReport:
        try:
            async with deps.slots.gate:
                return await poll_feed(deps, state)
        finally:
            deps.slots.release()

    deps.slots.inflight += len(states)
    deps.leases.hold_feeds((s.id, s.lease_token) for s in states)
    try:
        return list(await asyncio.gather(*(one(s) for s in states)))
    finally:
        # rounds running side by side (run --once keeps every fetch slot busy) share one batch
        # of unchanged feeds: the last one running writes it (or a full batch, or an old one)
        await deps.unchanged.flush(unless_busy=deps.slots.inflight > 0 or deps.slots.claiming)
        deps.metrics.round_finished(round_token)
        malloc.trim()   # what the round freed, given back (at most every few seconds)
