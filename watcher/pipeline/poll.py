"""Polling one feed: fetch -> parse -> decide -> record.

Fetch with a conditional GET (a 304 or an unchanged body ends there), parse in a worker process,
decide which entries are new, which story each joins, which rules match and who gets each
alert, then record entries, alerts, outbox rows and the feed's validators in one transaction.
A failure is recorded on the feed and never escapes."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Sequence

from storage import FeedState, LeaseLost, NewEntry, PollSuccess, RecordResult, StaleStories, StorageError
from watcher.config import FeedSpec
from watcher.errors import FetchError, FetchKind, ParseError, WatcherError
from watcher.fetch import Fetched, NotModified, Validators, fetch_feed
from watcher.log import bind_log_context
from watcher.messages import counted
from watcher.pipeline import notices
from watcher.pipeline.decide import Decisions, EntryDecision, StoredState, decide
from watcher.pipeline.runtime import Runtime
from watcher.pipeline.schedule import adaptive_interval, backoff, base_interval, jittered
from watcher.stories import StoryIndex
from watcher.textfold import one_line
from watcher.types import ParsedFeed

log = logging.getLogger("newswatch.poll")
BIG_BODY = 256 << 10      # bodies from this size on are hashed off the event loop
BY_ANOTHER = "another newswatch"     # how a feed left to another instance is named in run --once's log


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


async def poll_feed(rt: Runtime, state: FeedState) -> PollReport:
    bind_log_context(feed_id=state.id)
    spec = rt.feed_spec(state.id)
    started = time.monotonic()
    if spec is None:
        await release_quietly(rt, state.id)
        return PollReport(state.id, PollStatus.ERROR, error="feed no longer in config.toml")
    try:
        report = await _poll(rt, spec, state)
    except (FetchError, ParseError) as e:
        report = await _failed(rt, spec, state, e)
    except LeaseLost:
        report = _lease_lost(rt, spec, started)
    except StorageError as e:
        report = await _not_recorded(rt, spec, state, e)
    except Exception as e:  # noqa: BLE001 - one feed's bug must never stop the others
        log.exception("feed '%s': unexpected error", spec.id)
        report = await _failed(rt, spec, state, WatcherError(f"internal error: {type(e).__name__}: {e}"))
    finally:
        if spec.id not in rt.unchanged.feed_ids:   # batched polls are let go once their batch is written
            rt.leases.drop_feed(spec.id)
    report = PollReport(report.feed_id, report.status, report.new_entries, report.alerts, report.deliveries,
                        report.error, time.monotonic() - started)
    rt.metrics.record_poll(report)
    return report


def _lease_lost(rt: Runtime, spec: FeedSpec, started: float) -> PollReport:
    log.warning("feed '%s': lease lost after %.0fs (this instance stalled past its lease and another one took "
                "the feed over); this poll's result is not recorded, the other instance's is", spec.id,
                time.monotonic() - started)
    return PollReport(spec.id, PollStatus.LEASE_LOST, error="lease lost to another instance")


async def _poll(rt: Runtime, spec: FeedSpec, state: FeedState) -> PollReport:
    now = rt.clock()
    validators = Validators(state.etag, state.last_modified)
    result = await rt.metrics.timed_fetch(fetch_feed(rt.client, state.url, validators, rt.fetch_limits, rt.gate))
    if result.moved_to:
        log.warning("feed '%s' moved permanently: %s -> %s (stored the new URL; update config.toml)",
                    spec.id, state.url, result.moved_to)
    interval = state.interval_seconds or base_interval(rt.config, spec)
    if isinstance(result, NotModified):
        await _record_unchanged(rt, spec, state, now, interval, result.validators, result.moved_to, state.body_hash)
        return PollReport(spec.id, PollStatus.NOT_MODIFIED)
    assert isinstance(result, Fetched)
    body_hash = await body_digest(result.body)
    if body_hash == state.body_hash:
        await _record_unchanged(rt, spec, state, now, interval, result.validators, result.moved_to, body_hash)
        return PollReport(spec.id, PollStatus.UNCHANGED)
    parsed = (await rt.parser.parse(result.body, result.headers, result.url, now)).with_language(spec.language)
    rt.metrics.record_parsed(len(parsed.entries))
    if parsed.warning:
        log.info("feed '%s': parsed with a warning: %s", spec.id, one_line(parsed.warning))
    if parsed.truncated:
        log.warning("feed '%s': %d entries beyond max_entries were ignored", spec.id, parsed.truncated)
    interval = adaptive_interval(rt.config, spec, parsed.entries, now)
    success = PollSuccess(
        feed_id=spec.id, polled_at=now, next_poll_at=now + timedelta(seconds=jittered(interval, rt.rng)),
        url=result.moved_to, title=spec.title or parsed.title or None, etag=result.validators.etag,
        last_modified=result.validators.last_modified, body_hash=body_hash, interval_seconds=interval,
        lease_token=state.lease_token)
    outcome = await record_entries(rt, spec, state, parsed, success)
    rt.health.ok("poll", "record polls")
    if state.unhealthy_notified:
        await notices.feed_recovered(rt, state, now)
    if outcome.new_entries:
        log.info("feed '%s': %s, %s, %s queued", spec.id, counted(outcome.new_entries, "new entry", "new entries"),
                 counted(outcome.alerts, "alert"), counted(outcome.deliveries, "delivery", "deliveries"))
    if outcome.deliveries:
        rt.delivery_wanted.set()
    return PollReport(spec.id, PollStatus.NEW, outcome.new_entries, outcome.alerts, outcome.deliveries)


async def body_digest(body: bytes) -> str:
    """sha256 of a body; a large one is hashed in a thread (hashlib releases the GIL), so a 20 MB
    body never holds the event loop for tens of milliseconds."""
    if len(body) < BIG_BODY:
        return hashlib.sha256(body).hexdigest()
    return await asyncio.to_thread(lambda: hashlib.sha256(body).hexdigest())


async def record_entries(rt: Runtime, spec: FeedSpec, state: FeedState, parsed: ParsedFeed,
                         success: PollSuccess) -> RecordResult:
    """Read the stored state, decide (decide.py), record the decisions in one transaction and
    tell the story index what was stored. Deciding and recording take turns with other polls;
    when another instance stored entries meanwhile, the index catches up and this decides again."""
    now = success.polled_at
    known = await rt.db(rt.store.known_entry_keys, spec.id, [e.entry_key for e in parsed.entries])
    stored = StoredState(frozenset(known), state.first_polled_at is None,
                         success.title or state.title or spec.id)
    live = rt.stories
    async with live.lock:
        for attempt in range(STALE_RETRIES):
            index = await live.current(rt.db, rt.store, now)
            args = (stored, parsed, spec, rt.rules.current, rt.subscribers, index, now, rt.config.watch.backfill)
            fresh = len(parsed.entries) - len(known)
            # CPU-bound (matching and story placement, ~1 ms an entry): a big batch goes to a thread
            # so the loop keeps serving other polls; the lock keeps the index to this decision
            decisions = decide(*args) if fresh <= DECIDE_INLINE else await asyncio.to_thread(decide, *args)
            rows = [new_entry(d) for d in decisions.entries]
            guard = live.last_entry_id if attempt < STALE_RETRIES - 1 else None
            try:
                result = await rt.db(rt.store.record_poll, success, rows, guard, decisions.follow_ups)
            except StaleStories:
                continue
            learn(index, decisions, result)
            live.learned(result)
            return result
    raise AssertionError("unreachable: the last attempt records without the guard")


STALE_RETRIES = 5
DECIDE_INLINE = 20      # new entries of one poll decided on the event loop; more are decided in a thread


def new_entry(d: EntryDecision) -> NewEntry:
    e = d.entry
    return NewEntry(
        entry_key=e.entry_key, story_key=e.story_key, title=e.title, link=e.link, summary=e.summary,
        content=e.content, author=e.author, language=e.language, published_at=e.published_at,
        story=d.story_id, story_reason=json.dumps(d.explanation.to_json(), ensure_ascii=False),
        alerts=d.alerts, matched=d.matched, recent=d.recent)


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


async def _record_unchanged(rt: Runtime, spec: FeedSpec, state: FeedState, now: datetime, interval: float,
                            validators: Validators, moved_to: str | None, body_hash: str | None) -> None:
    success = PollSuccess(
        feed_id=spec.id, polled_at=now, next_poll_at=now + timedelta(seconds=jittered(interval, rt.rng)),
        url=moved_to, etag=validators.etag or state.etag, last_modified=validators.last_modified or state.last_modified,
        body_hash=body_hash, modified=True, lease_token=state.lease_token)
    await rt.unchanged.add(success)
    if state.unhealthy_notified:
        await notices.feed_recovered(rt, state, now)


async def _failed(rt: Runtime, spec: FeedSpec, state: FeedState, error: WatcherError) -> PollReport:
    now = rt.clock()
    interval = state.interval_seconds or base_interval(rt.config, spec)
    retry_after = getattr(error, "retry_after", None)
    gone = isinstance(error, FetchError) and error.kind is FetchKind.GONE
    delay = backoff(state.consecutive_errors + 1, max(60.0, interval), rt.config.fetch.backoff_max.total_seconds(),
                    rt.rng, retry_after)
    message = one_line(str(error))
    rt.metrics.record_feed_error(error)
    log.warning("feed '%s' (%s): %s; next try in %s", spec.id, state.url, message,
                "never (disabled)" if gone else f"{delay / 60:.0f}m")
    try:
        updated = await rt.db(rt.store.record_failure, spec.id, now, message, now + timedelta(seconds=delay),
                              disable="410 Gone" if gone else None, token=state.lease_token)
        if gone:
            await notices.send_notice(
                rt, f"feed-gone:{spec.id}:{state.url}", "feed-gone", f"newswatch: feed '{spec.id}' is gone (HTTP 410)",
                f"Feed '{spec.id}' ({state.url}) answered 410 Gone and is no longer polled. Remove it from "
                "config.toml or give it a new URL (a changed URL is polled again).")
        else:
            await notices.check_feed_health(rt, updated, now)
    except LeaseLost:
        log.warning("feed '%s': lease lost meanwhile (another instance took the feed over); this failure is "
                    "not recorded", spec.id)
        return PollReport(spec.id, PollStatus.LEASE_LOST, error="lease lost to another instance")
    except StorageError as e:
        log.debug("feed '%s': could not record the failure: %s", spec.id, e)
        rt.health.hold(spec.id, now + timedelta(seconds=delay))
        rt.health.failed("poll", "record polls", e)
        await release_quietly(rt, spec.id)
    return PollReport(spec.id, PollStatus.ERROR, error=message)


async def _not_recorded(rt: Runtime, spec: FeedSpec, state: FeedState, error: StorageError) -> PollReport:
    """The feed was fetched but the result could not be stored. The poll still happened: the
    feed waits for its normal next poll (held in memory) instead of being fetched every tick."""
    log.debug("feed '%s': could not record the poll: %s", spec.id, error)
    interval = state.interval_seconds or base_interval(rt.config, spec)
    rt.health.hold(spec.id, rt.clock() + timedelta(seconds=jittered(interval, rt.rng)))
    rt.health.failed("poll", "record polls", error)
    await release_quietly(rt, spec.id)
    return PollReport(spec.id, PollStatus.STORAGE_ERROR, error=str(error))


async def release_quietly(rt: Runtime, *feed_ids: str) -> None:
    """Give feeds' leases back; when the database refuses, try again at the next poll tick."""
    try:
        await rt.db(rt.store.release_feeds, list(feed_ids), rt.owner)
    except StorageError as e:
        rt.health.stranded.update(feed_ids)
        rt.health.failed("poll", "release feed leases", e)
    else:
        rt.health.stranded.difference_update(feed_ids)
        rt.health.ok("poll", "release feed leases")


async def claim_due(rt: Runtime, ids: Sequence[str], now: datetime, lease_until: datetime,
                    **options: Any) -> list[FeedState]:
    """Lease the due feeds among ``ids`` (options as :meth:`Store.claim_due_feeds`), except
    those held back after a storage failure; nothing while polling backs off from one."""
    if rt.health.paused("poll"):
        return []
    if rt.health.stranded:
        await release_quietly(rt, *sorted(rt.health.stranded))
    wanted = [i for i in ids if not rt.health.held(i, now)]
    try:
        states = await rt.db(rt.store.claim_due_feeds, wanted, now, rt.owner, lease_until, **options)
    except StorageError as e:
        rt.health.failed("poll", "claim due feeds", e)
        return []
    rt.health.ok("poll", "claim due feeds")
    rt.metrics.checked_due_feeds()
    return states


async def not_claimed(rt: Runtime, ids: set[str], now: datetime, round_start: datetime | None = None) -> list[str]:
    """Why each of these feeds was left alone by ``run --once`` (one line each, for the log);
    a feed whose last poll started after ``round_start`` was polled by another instance."""
    if not ids:
        return []
    try:
        states = await rt.db(rt.store.feed_states, sorted(ids))
    except StorageError as e:
        rt.health.failed("poll", "read feed states", e)
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


async def poll_many(rt: Runtime, states: Sequence[FeedState]) -> list[PollReport]:
    """Poll feeds concurrently (bounded by [fetch] concurrency); each one's failure stays its own."""
    limit = asyncio.Semaphore(rt.config.fetch.concurrency)
    round_token = rt.metrics.round_started()

    async def one(state: FeedState) -> PollReport:
        try:
            async with limit:
                return await poll_feed(rt, state)
        finally:
            rt.polls_inflight -= 1

    rt.polls_inflight += len(states)
    rt.leases.hold_feeds((s.id, s.lease_token) for s in states)
    try:
        return list(await asyncio.gather(*(one(s) for s in states)))
    finally:
        await rt.unchanged.flush()
        rt.metrics.round_finished(round_token)


def free_poll_slots(rt: Runtime) -> int:
    """How many more feeds this instance can start fetching now ([fetch] concurrency minus the
    polls in flight): a claim never takes more, so no lease ages in a local queue and the due
    feeds spread over the instances."""
    return max(0, rt.config.fetch.concurrency - rt.polls_inflight)
