"""Polling one feed: fetch -> parse -> decide -> record.

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
from typing import TYPE_CHECKING, Callable, Protocol, Sequence, TypeVar, runtime_checkable

from storage import FeedState, LeaseLost, PollSuccess, RecordResult, StaleStories, StorageError
from watcher import malloc
from watcher import stories as engine  # its names load on first use (the package is lazy)
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
from watcher.pipeline.rules import RulesHolder
from watcher.pipeline.schedule import adaptive_interval, backoff, base_interval, jittered
from watcher.pipeline.stories import LiveStories
from watcher.routing import Subscriber
from watcher.textfold import one_line
from watcher.types import ParsedFeed

if TYPE_CHECKING:
    from watcher.pipeline.decide import Decisions
    from watcher.stories import EntryText, Features, StoryIndex

log = logging.getLogger("newswatch.poll")
BIG_BODY = 256 << 10      # bodies from this size on are hashed off the event loop
A = TypeVar("A")
R = TypeVar("R")


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
class Recorder:
    """Decide and record one poll's entries (:func:`record_entries`): the stored state, the
    story index, the rules, who subscribes, and how far back a first poll alerts."""

    db: Database
    stories: LiveStories
    rules: RulesHolder
    subscribers: Sequence[Subscriber]
    backfill: timedelta


class UnchangedBatch:
    """Collects polls that brought nothing new and records them together (one transaction per
    batch instead of one per feed); flushed when full and at the end of every poll round. If
    storing fails, each feed waits for its normal next poll anyway (held in memory) and its
    lease is released later."""

    def __init__(self, db: Database, leases: LeaseKeeper, size: int = 200, max_wait: float = 2.0) -> None:
        self.db = db
        self.leases = leases
        self.size = size
        self.max_wait = max_wait            # seconds a poll may wait in a batch while other rounds run
        self.pending: list[PollSuccess] = []
        self.feed_ids: set[str] = set()     # of the polls pending (every poll asks: not rebuilt each time)
        self.oldest = 0.0                   # time.monotonic() of the first poll pending

    async def add(self, success: PollSuccess) -> None:
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(success)
        self.feed_ids.add(success.feed_id)
        if len(self.pending) >= self.size:
            await self.flush()

    async def flush(self, *, unless_busy: bool = False) -> None:
        """Write the batch; with ``unless_busy`` (other rounds are still polling) only when it
        has waited ``max_wait`` seconds already."""
        if unless_busy and time.monotonic() - self.oldest < self.max_wait:
            return
        if self.pending:
            batch, self.pending, self.feed_ids = self.pending, [], set()
            await self._write(batch)

    async def _write(self, batch: list[PollSuccess]) -> None:
        health = self.db.health
        try:
            lost = await self.db.run(self.db.store.record_unchanged, batch)
        except StorageError as e:
            health.failed("poll", "record polls", e)
            for success in batch:
                health.hold(success.feed_id, success.next_poll_at)
                health.stranded.add(success.feed_id)
        else:
            health.ok("poll", "record polls")
            if lost:
                log.warning("lease lost on %d feeds after their poll (this instance stalled past the lease and "
                            "another one took them over); not recorded here: %s", len(lost), ", ".join(lost[:10]))
        finally:
            for success in batch:
                self.leases.drop_feed(success.feed_id)


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


async def record_entries(recorder: Recorder, spec: FeedSpec, state: FeedState, parsed: ParsedFeed,
                         success: PollSuccess, mapper: Mapper | None = None) -> RecordResult:
    """Read the stored state, decide (decide.py), record the decisions in one transaction and
    tell the story index what was stored. Deciding and recording take turns with other polls;
    when another instance stored entries meanwhile, the index catches up and this decides again.
    ``mapper``: the parse workers, where the story features of many new entries are found."""
    # lazy-for-start-up: deciding (and the story engine under it) loads with the first body to
    # record; a cycle of 304s never gets here
    from watcher.pipeline.decide import StoredState, decide_rows, feature_texts, new_entries, prepare
    now = success.polled_at
    db = recorder.db
    known = await db.run(db.store.known_entry_keys, spec.id, [e.entry_key for e in parsed.entries])
    stored = StoredState(frozenset(known), state.first_polled_at is None,
                         success.title or state.title or spec.id)
    new = new_entries(stored, parsed.entries)
    if not new:
        # a changed body with nothing new (a new lastBuildDate, an edited item): no decision to
        # make, so the story index is not needed (its first build reads the whole window)
        return await db.run(db.store.record_poll, success, [])
    live, rules = recorder.stories, recorder.rules.current
    # CPU-bound (story features and matching, ~0.2 ms an entry), and the same whatever the other
    # polls decide: done before taking the story lock, so other polls decide and record meanwhile
    # (a big batch in a thread, so the loop keeps serving other polls; its features in a worker)
    big = len(new) > DECIDE_INLINE
    features = await features_elsewhere(mapper, feature_texts(stored, new, spec)) if mapper else None
    prep = (stored, parsed, spec, rules, now, recorder.backfill, features)
    prepared = await asyncio.to_thread(prepare, *prep) if big else prepare(*prep)
    async with live.lock:
        for attempt in range(STALE_RETRIES):
            index = await live.current(db.run, db.store, now)
            args = (stored, parsed, spec, rules, recorder.subscribers, index, now, recorder.backfill, prepared)
            # story placement (~0.25 ms an entry) and alert plans; the lock keeps the index to this decision
            decided = await asyncio.to_thread(decide_rows, *args) if big else decide_rows(*args)
            decisions, rows = decided.decisions, decided.rows
            guard = live.last_entry_id if attempt < STALE_RETRIES - 1 else None
            try:
                result = await db.run(db.store.record_poll, success, rows, guard, decisions.follow_ups,
                                      durable=db.group is None)
            except StaleStories:
                continue
            ticket = db.group.committed_one() if db.group is not None else 0
            learn(index, decisions, result)
            live.learned(result)
            break
        else:
            raise AssertionError("unreachable: the last attempt records without the guard")
    if db.group is not None:     # on disk before the poll counts as recorded (group commit)
        await db.group.wait(ticket)
    return result


STALE_RETRIES = 5
DECIDE_INLINE = 20      # new entries of one poll prepared and decided on the event loop; more in a thread
MAP_FROM = 8            # new entries of one poll from which their story features are found in a worker


@runtime_checkable
class Mapper(Protocol):
    """Runs a pure function over values in another process (the parse pool's workers)."""

    async def map(self, fn: Callable[[A], R], items: Sequence[A]) -> tuple[R, ...]: ...


async def features_elsewhere(mapper: Mapper, texts: Sequence[EntryText]) -> Sequence[Features] | None:
    """The story features of a poll's new entries, found in a worker process (another core: this
    one places entries in the story index, under the lock, meanwhile), when there are
    ``MAP_FROM`` or more (fewer cost less here than the round trip); None: find them here
    (fewer, or the worker failed)."""
    if len(texts) < MAP_FROM:
        return None
    try:
        return await mapper.map(engine.extract_features, texts)
    except ParseError as e:
        log.info("story features found in this process: the parse worker failed (%s)", e)
        return None


def learn(index: StoryIndex, decisions: Decisions, result: RecordResult) -> None:
    """Tell the story index what storage recorded: each stored entry under its story id (new
    stories got theirs from the database) and the rules that alerted for each story."""
    stored = dict(result.stories)
    seen_at = decisions.seen_at
    assert seen_at is not None
    for d in decisions.entries:
        story_id = stored.get(d.entry.entry_key)
        if story_id is not None:
            index.add(story_id, d.features, seen_at, decisions.feed_id or None)
    rules: dict[int, set[str]] = {}
    for story_id, rule_id in result.alerted:
        rules.setdefault(story_id, set()).add(rule_id)
    for story_id, ids in rules.items():
        index.mark_alerted(story_id, ids)


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
    """Poll feeds concurrently (bounded by [fetch] concurrency); each one's failure stays its own."""
    limit = asyncio.Semaphore(deps.slots.size)
    round_token = deps.metrics.round_started()

    async def one(state: FeedState) -> PollReport:
        try:
            async with limit:
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
