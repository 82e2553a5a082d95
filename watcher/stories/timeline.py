"""Placing a batch of entries on the time line, as if each had arrived when it was published (pure).

The dry run (``newswatch stories --jsonl``) and the evaluation use it: entries are sorted by
published time (first seen = published; undated entries come last, seen at the latest date),
the window is expired as time moves on, and every entry gets the story it would have joined.
Story ids count from 1 in the order the stories began (entries published at the same moment are
ordered by link and text, so shuffling the input changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence

from watcher.stories.explain import Placement
from watcher.stories.features import EntryText, Features, extract_features
from watcher.stories.index import Limits, StoryIndex
from watcher.stories.weights import Prior

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _when(e: EntryText, latest: datetime) -> tuple[datetime, bool, str, str, str]:
    """Time line order; entries published at the same time are ordered by their text, so the
    result does not depend on the order of the input."""
    return (e.published_at or latest, e.published_at is None, e.link or "", e.title, e.summary)


@dataclass(frozen=True, slots=True)
class Assigned:
    story_id: int
    placement: Placement


def place_all(entries: Sequence[EntryText], limits: Limits = Limits(), prior: Prior | None = None,
              index: StoryIndex | None = None, features: Sequence[Features] | None = None) -> list[Assigned]:
    """One assignment per entry, in input order (``features``: already extracted, same order)."""
    index = index if index is not None else StoryIndex(limits, prior=prior)
    features = features if features is not None else [extract_features(e) for e in entries]
    latest = max((e.published_at for e in entries if e.published_at), default=_EPOCH)
    order = sorted(range(len(entries)), key=lambda i: _when(entries[i], latest) + (i,))
    out: dict[int, Assigned] = {}
    next_id = 1
    for i in order:
        now = entries[i].published_at or latest
        index.expire(now)
        placement = index.place(features[i], now)
        story_id = placement.story_id
        if story_id is None:
            story_id, next_id = next_id, next_id + 1
        index.add(story_id, features[i], now)
        out[i] = Assigned(story_id, placement)
    return [out[i] for i in range(len(entries))]
