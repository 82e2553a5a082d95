"""Recording a poll: its new entries decided and stored (story placement under the story lock,
in one transaction with their alerts and outbox rows), and the polls that brought nothing new
stored together in batches."""

from __future__ import annotations

import asyncio
import logging
import pickle
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Callable, Protocol, Sequence, TypeVar, runtime_checkable
from weakref import WeakKeyDictionary

from storage import FeedState, PollSuccess, RecordResult, StaleStories, StorageError
from watcher.config import FeedSpec
from watcher.errors import ParseError
from watcher.parse.pool import Context
from watcher.pipeline.database import Database
from watcher.pipeline.leases import LeaseKeeper
from watcher.pipeline.rules import RulesHolder
from watcher.pipeline.stories import LiveStories
from watcher.routing import Subscriber
from watcher.types import ParsedFeed

if TYPE_CHECKING:
    from watcher.pipeline.decide import Decisions
    from watcher.pipeline.entrywork import EntryWork
    from watcher.ruleset import RuleMatch, RuleSet
    from watcher.stories import Features, StoryIndex

log = logging.getLogger("newswatch.poll")
A = TypeVar("A")
R = TypeVar("R")
STALE_RETRIES = 5
DECIDE_INLINE = 20      # new entries of one poll prepared and decided on the event loop; more in a thread
MAP_FROM = 8            # new entries of one poll from which their story features are found in a worker


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


async def record_entries(recorder: Recorder, spec: FeedSpec, state: FeedState, parsed: ParsedFeed,
                         success: PollSuccess, mapper: Mapper | None = None) -> RecordResult:
    """Read the stored state, decide (decide.py), record the decisions in one transaction and
    tell the story index what was stored. Deciding and recording take turns with other polls;
    when another instance stored entries meanwhile, the index catches up and this decides again.
    ``mapper``: the parse workers, where the story features of many new entries are found."""
    # lazy-for-start-up: deciding (and the story engine under it) loads with the first body to
    # record; a cycle of 304s never gets here
    from watcher.pipeline.decide import StoredState, decide_rows, new_entries, prepare, work_items
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
    # CPU-bound (story features and matching), and the same whatever the other polls decide: done
    # before taking the story lock, so other polls decide and record meanwhile (many entries in
    # a parse worker, on another core; else a big batch in a thread, so the loop keeps serving)
    big = len(new) > DECIDE_INLINE
    work = work_items(stored, new, spec, now, recorder.backfill)
    found = await work_elsewhere(mapper, rules, work) if mapper else None
    if rules.packed:     # from the rule cache, first alert or match here: unpacked in a thread, not on the loop
        await asyncio.to_thread(rules.unpack)
    prep = (stored, parsed, spec, rules, now, recorder.backfill, found)
    # (found in a worker, preparing is a few list operations: no thread hand-off for it)
    prepared = await asyncio.to_thread(prepare, *prep) if big and found is None else prepare(*prep)
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



@runtime_checkable
class Mapper(Protocol):
    """Runs a pure function over values in another process (the parse pool's workers), with a
    context value sent to each process once."""

    async def map(self, fn: Callable[..., R], items: Sequence[A], context: Context | None = None) -> tuple[R, ...]: ...


_CONTEXTS: WeakKeyDictionary[RuleSet, Context] = WeakKeyDictionary()   # (annotation only: lazy)


def rules_context(rules: RuleSet) -> Context:
    """The rule set as the parse workers' context (sent to each worker once per rule set). A
    packed rule set (from the rule cache) pickles as it is, at once and cheaply; an unpacked one
    only when a worker first needs it (~0.05 s, in the pool's thread)."""
    context = _CONTEXTS.get(rules)
    if context is None:
        if rules.packed:
            blob = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            make: Callable[[], bytes] = lambda: blob  # noqa: E731
        else:
            make = partial(pickle.dumps, rules, protocol=pickle.HIGHEST_PROTOCOL)
        context = _CONTEXTS[rules] = Context(uuid.uuid4().hex, make)
    return context


async def work_elsewhere(mapper: Mapper, rules: RuleSet, work: Sequence[EntryWork],
                         ) -> Sequence[tuple[Features, tuple[RuleMatch, ...]]] | None:
    """The story features and rule matches of a poll's new entries, found in a parse worker
    (another core: this one places entries in the story index, under the lock, meanwhile), when
    there are ``MAP_FROM`` or more (fewer cost less here than the round trip); None: find them
    here (fewer, or the worker failed)."""
    if len(work) < MAP_FROM:
        return None
    # lazy-for-start-up (the matcher and the story features: a cycle of 304s never gets here)
    from watcher.pipeline.entrywork import features_and_matches
    try:
        return await mapper.map(features_and_matches, work, rules_context(rules))
    except ParseError as e:
        log.info("story features and rule matches found in this process: the parse worker failed (%s)", e)
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
