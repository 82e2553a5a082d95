"""Stories one poll begins before storage gives them ids (pure): compared like the index's
stories, weighed with its frequencies, never indexed."""

from __future__ import annotations

import heapq
from datetime import datetime
from typing import TYPE_CHECKING

from watcher.stories.features import Features, kind_sorted
from watcher.stories.score import cross_mass, story_mass
from watcher.stories.story import Story

if TYPE_CHECKING:
    from watcher.stories.index import StoryIndex


class Pending:
    """Stories begun by entries a caller decided on but has not recorded yet (one poll's new
    stories, ids -1, -2, ...). They are compared like the index's stories, weighed with the
    index's frequencies, and never indexed: the caller adds the entries once storage gave the
    stories their ids. Candidates come from a small inverted index over their features."""

    def __init__(self, index: StoryIndex) -> None:
        self.index = index
        self.stories: dict[int, Story] = {}
        self._postings: dict[str, list[int]] = {}
        self._links: dict[str, int] = {}

    def begin(self, f: Features, seen_at: datetime) -> int:
        story_id = -(len(self.stories) + 1)
        keys = kind_sorted(f.keys)
        story = Story.seed(story_id, (1 << 40) - story_id, f, keys, seen_at, 0.0)   # newest of all
        self.stories[story_id] = story
        self._index(story, story.keys)
        self._weigh(story, f)
        return story_id

    def join(self, story_id: int, f: Features) -> None:
        story = self.stories[story_id]
        keys = kind_sorted(f.keys)
        self._index(story, story.grow(f, keys))
        self._weigh(story, f)

    def _index(self, story: Story, keys: tuple[str, ...]) -> None:
        for key in keys:
            self._postings.setdefault(key, []).append(story.story_id)

    def _weigh(self, story: Story, f: Features) -> None:
        weight, titles = self.index.weighed(story.seed_keys), frozenset(story.title_keys)
        story.mass = story_mass(story.seed_keys, titles, weight)
        story.cross_mass = cross_mass(story.seed_keys, titles, weight)
        if f.link:
            self._links.setdefault(f.link, story.story_id)

    def by_link(self, f: Features) -> Story | None:
        story_id = self._links.get(f.link) if f.link else None
        return self.stories.get(story_id) if story_id is not None else None

    def candidates(self, f: Features, limit: int, weight: dict[str, float]) -> list[Story]:
        """The stories sharing most of the entry's features that weigh something (``weight``)."""
        hits: dict[int, int] = {}
        for key in f.keys:
            if weight[key] == 0.0:
                continue
            for story_id in self._postings.get(key, ()):
                hits[story_id] = hits.get(story_id, 0) + 1
        best = heapq.nsmallest(limit, hits, key=lambda s: (-hits[s], -s))
        return [self.stories[s] for s in best]
