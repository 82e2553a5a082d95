"""The daemon's story index: rebuilt from the database at the first poll, kept current (I/O edge).

The index (watcher/stories) lives in memory, bounded by ``[stories] max_stories`` and the
per-story caps. It knows every entry stored up to ``last_entry_id``; before each decision it
reads the entries stored since (by other instances on PostgreSQL), and after each record it
learns what this instance stored. Deciding and recording take turns (``lock``), and storage
refuses a record whose decisions missed entries stored meanwhile (StaleStories), so two polls
or two instances carrying one event make one story.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Awaitable, Callable, TypeVar

from storage import RecordResult, Store, StoryMember, StoryMembers
from watcher import stories as engine  # its names load on first use (the package is lazy)

if TYPE_CHECKING:
    from watcher.stories import EntryText, Limits, StoryIndex

log = logging.getLogger("newswatch.stories")
T = TypeVar("T")
Db = Callable[..., Awaitable[Any]]


def member_text(m: StoryMember) -> EntryText:
    return engine.EntryText(m.title, m.summary, m.link, m.language, m.feed_title, m.published_at)


@dataclass
class LiveStories:
    """The index is made at the first poll that brings entries to place, and the story engine
    (watcher.stories: ~20 ms of imports) is loaded then too: a cycle of 304s needs neither.
    ``window`` and ``max_stories``: ``[stories]``, None for the engine's defaults."""

    window: timedelta | None = None
    max_stories: int | None = None
    index: StoryIndex | None = None
    last_entry_id: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @functools.cached_property
    def limits(self) -> Limits:
        default = engine.Limits()
        return engine.Limits(window=default.window if self.window is None else self.window,
                             max_stories=default.max_stories if self.max_stories is None else self.max_stories)

    async def current(self, db: Db, store: Store, now: datetime) -> StoryIndex:
        """The index with every entry stored so far (call with ``lock`` held)."""
        if self.index is None:
            members: StoryMembers = await db(store.story_members, now - self.limits.window)
            # CPU-bound (features of the window's entries): off the event loop
            self.index = await asyncio.to_thread(_rebuild, members, now, self.limits)
            self.last_entry_id = members.last_entry_id
            # the rebuild serves every feed: logged outside the context of the poll that ran it
            contextvars.Context().run(log.info, "story index rebuilt: %d entries, %d stories in the window",
                                      len(members.members), len(self.index))
            return self.index
        while True:
            members = await db(store.story_members, now - self.limits.window, self.last_entry_id)
            for m in members.members:
                self.index.expire(m.first_seen_at)
                self.index.add(m.story_id, engine.extract_features(member_text(m)), m.first_seen_at, m.feed_id)
            _mark(self.index, members.alerted)
            self.last_entry_id = members.last_entry_id
            if len(members.members) < 5000:
                break
        self.index.expire(now)
        return self.index

    def learned(self, result: RecordResult) -> None:
        self.last_entry_id = max(self.last_entry_id, result.last_entry_id)


def _rebuild(members: StoryMembers, now: datetime, limits: Limits) -> StoryIndex:
    # lazy import for start-up speed (the story engine's tables: see LiveStories)
    from watcher.pipeline.priorcache import cached_prior

    stored = (engine.StoredMember(m.story_id, m.first_seen_at, member_text(m), m.feed_id) for m in members.members)
    # the word-frequency prior from its cache (priorcache.py): ~10 ms instead of ~1 s of CPU
    index = engine.StoryIndex.rebuild(stored, now, limits, prior=cached_prior())
    _mark(index, members.alerted)
    return index


def _mark(index: StoryIndex, alerted: tuple[tuple[int, str], ...]) -> None:
    by_story: dict[int, set[str]] = {}
    for story_id, rule_id in alerted:
        by_story.setdefault(story_id, set()).add(rule_id)
    for story_id, rules in by_story.items():
        index.mark_alerted(story_id, rules)
