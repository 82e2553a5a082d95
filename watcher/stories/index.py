"""The recent stories and an inverted index of their features (pure, deterministic, bounded).

``place(features, now)`` decides, without changing anything, which story an entry belongs to;
``add(story_id, features, seen_at)`` records that decision (a new story or a new member);
``expire(now)`` forgets stories first seen before the window. The index has no clock, does no
I/O and is rebuilt after a restart by adding the window's stored entries again in first-seen
order (the features are a pure function of each entry's title, summary, link, language, source
and published time).

Bounds, whatever the feeds do:
- stories: at most ``Limits.max_stories`` (the oldest go first when more arrive in one window);
- per story: at most story.MAX_KEYS features, MAX_LINKS links, MAX_NAMES names; members past
  MAX_MEMBERS only count;
- work per entry: postings of at most ``candidate_keys`` rare features (features that weigh
  nothing bring no candidates), at most ``postings_scan`` stories read from each (newest first),
  at most ``max_candidates`` stories compared, contradictions looked for only in those sharing
  enough weight to join; never a scan of every story.
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Iterable

from watcher.stories.explain import Explanation, Placement, Reason
from watcher.stories.features import EntryText, Features, extract_features, kind_sorted
from watcher.stories.postings import Posting, newest, posting_seqs, top
from watcher.stories.score import (
    DEFAULT_TUNING,
    Scoring,
    Tuning,
    cross_mass,
    entry_weights,
    objections,
    overlap,
    ranked,
    story_mass,
)
from watcher.stories.story import MAX_OUTLETS, Story
from watcher.stories.weights import IDF_FLOOR, KIND_FACTOR, PSEUDO_STORIES, Prior, Weights, default_prior

if TYPE_CHECKING:
    from watcher.stories.pending import Pending

PRIOR_CACHE = 1 << 16
MEMO_KEYS = 1 << 14         # weights kept while the index does not change (a poll's entries share words)


@dataclass(frozen=True, slots=True)
class Limits:
    """``window``: an entry joins a story only if it was seen, and published, within this time of
    the story's first member (measured: letting stories live longer, from their latest member,
    chains follow-ups into one story: bench/stories.py)."""

    window: timedelta = timedelta(hours=72)
    max_stories: int = 50_000
    candidate_keys: int = 8         # rarest features of an entry whose postings are read
    postings_scan: int = 200        # newest stories read per feature
    max_candidates: int = 10        # stories compared per entry


@dataclass(frozen=True, slots=True)
class StoredMember:
    """What storage keeps per entry so the index can be rebuilt: the story it joined, when it was
    first seen, and the text the features come from (title, summary, link, language, source,
    published)."""

    story_id: int
    seen_at: datetime
    entry: EntryText
    outlet: str | None = None       # its feed (default: the entry's source)


@dataclass(frozen=True, slots=True)
class IndexStats:
    stories: int
    features: int               # distinct feature keys indexed
    postings: int               # story references in the postings (expired ones linger a little)
    links: int
    most_keys: int              # the largest story's feature count
    most_profiles: int          # the largest story's member profiles


class StoryIndex:
    def __init__(self, limits: Limits = Limits(), tuning: Tuning = DEFAULT_TUNING, prior: Prior | None = None) -> None:
        self.limits = limits
        self.tuning = tuning
        self.weights = Weights(prior if prior is not None else default_prior())
        self._stories: dict[int, Story] = {}          # seq -> story
        self._by_id: dict[int, Story] = {}
        self._order: deque[tuple[datetime, int]] = deque()
        self._postings: dict[str, Posting | int] = {}
        self._links: dict[str, int] = {}              # link key -> story id
        self._next_seq = 0
        self._prior_part: dict[str, tuple[float, float]] = {}   # key -> (pseudo df + 1, kind factor)
        self._changes = 0                                       # adds and drops: the weights change
        self._memo: tuple[int, dict[str, float]] = (0, {})      # weights found since the last change

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._by_id

    def story(self, story_id: int) -> Story | None:
        return self._by_id.get(story_id)

    def stats(self) -> IndexStats:
        """Sizes of what the index holds (each bounded: see the module docstring)."""
        return IndexStats(len(self._stories), len(self._postings), sum(len(posting_seqs(p)) for p in self._postings.values()),
                          len(self._links), max((len(s.keys) for s in self._stories.values()), default=0),
                          max((len(s.profiles) for s in self._stories.values()), default=0))

    # -- deciding ------------------------------------------------------------------------------

    def place(self, f: Features, now: datetime, pending: Pending | None = None) -> Placement:
        """The story this entry belongs to (None: a new one), and why. Changes nothing.

        ``pending``: stories begun by entries decided but not recorded yet (their ids are
        negative); they are candidates too, so one poll's copies of an event become one story."""
        linked = self._by_link(f, now) or (pending.by_link(f) if pending else None)
        if linked is not None:
            return Placement(linked.story_id, Explanation(Reason.LINK, linked.story_id, 1.0))
        memo = self._weigh_all(f.keys, self._current())
        candidates = self._candidates(f, now, memo)
        if pending is not None:
            candidates += pending.candidates(f, self.limits.max_candidates, memo)
        if not candidates:
            return Placement(None, Explanation(Reason.NEW, None, candidates=0))
        e = Scoring(f, entry_weights(f, memo))
        scored = sorted(((*overlap(e, s), s) for s in candidates), key=lambda x: (-x[0], -x[2].seq))
        return self._decide(f, e.weights, scored, memo, len(candidates))

    def _decide(self, f: Features, weights: dict[str, float], scored: list[tuple[float, frozenset[str], Story]],
                memo: dict[str, float], candidates: int) -> Placement:
        """The first scored candidate the entry joins (best score first), else a new story whose
        nearest is the best-scored candidate. A candidate sharing less than ``min_shared`` cannot
        join (``Verdict.joins``): its contradictions are not looked for."""
        tuning = self.tuning
        fsum, min_score, min_shared = math.fsum, tuning.min_score, tuning.min_shared
        weigh = partial(self._weigh, memo=memo)
        nearest = None      # the best-scored candidate's objections, when the loop found them (pure: not found twice)
        for score, shared, story in scored:
            if score < min_score:
                break
            if fsum([weights[k] for k in shared]) < min_shared:
                continue
            # its score and shared weight are enough (Verdict.joins): it joins unless it objects;
            # the shared features are ranked only for the placement's explanation
            why = objections(f, story, score, weigh, tuning)
            if not why:
                return Placement(story.story_id, Explanation(Reason.JOINED, story.story_id, score, ranked(weights, shared),
                                                             (), candidates))
            if story is scored[0][2]:
                nearest = why
        score, shared, story = scored[0]
        why = nearest if nearest is not None else objections(f, story, score, weigh, tuning)
        return Placement(None, Explanation(Reason.NEW, story.story_id, score, ranked(weights, shared), why, candidates))

    def _by_link(self, f: Features, now: datetime) -> Story | None:
        story_id = self._links.get(f.link) if f.link else None
        story = self._by_id.get(story_id) if story_id is not None else None
        return story if story is not None and self._in_window(story, f, now) else None

    def _in_window(self, story: Story, f: Features, now: datetime) -> bool:
        window = self.limits.window
        if now - story.first_seen_at > window:
            return False
        return f.published_at is None or story.published_at is None or abs(f.published_at - story.published_at) <= window

    def _candidates(self, f: Features, now: datetime, weight: dict[str, float]) -> list[Story]:
        """Stories sharing the entry's rarest features that weigh something, most shared weight
        first (bounded work); ``weight``: each of the entry's keys weighed (``_weigh_all``). A
        feature weighing nothing (common in the window or by the prior: "government" when every
        story says it) would only bring the newest stories that say it, to be compared for nothing."""
        get_posting = self._postings.get
        postings = []
        for key in f.keys:
            p = get_posting(key)
            if p is not None and weight[key] > 0.0:
                postings.append((1 if p.__class__ is int else p.df, key, p))  # type: ignore[union-attr]
        if not postings:
            return []
        postings.sort()     # rarest first (keys are unique: the posting itself is never compared)
        del postings[self.limits.candidate_keys:]
        scan = self.limits.postings_scan
        # the rarest feature's stories at once (in C), the others' weight added seq by seq (a plain
        # loop: measured twice as fast as dict.update(zip(seqs, map(...))), which makes a tuple a seq)
        _, key, posting = postings[0]
        hits = dict.fromkeys(newest(posting, scan), weight[key])
        get = hits.get
        for _, key, posting in postings[1:]:
            w = weight[key]
            for seq in newest(posting, scan):
                hits[seq] = get(seq, 0.0) + w
        out = []
        for _, seq in top(hits, 4 * self.limits.max_candidates):
            story = self._stories.get(seq)
            if story is not None and self._in_window(story, f, now):
                out.append(story)
                if len(out) >= self.limits.max_candidates:
                    break
        return out

    def _weigh(self, key: str, memo: dict[str, float]) -> float:
        """weights.Weights.weight, inlined (the hottest function of the engine: ~60 calls per
        entry): the prior's part of each key is cached, the window's size read once per call."""
        w = memo.get(key)
        if w is not None:
            return w
        prior = self._prior_part.get(key)
        if prior is None:
            if len(self._prior_part) >= PRIOR_CACHE:
                self._prior_part.clear()
            prior = self._prior_part[key] = (self.weights.pseudo_df(key) + 1.0, KIND_FACTOR.get(key[0], 1.0))
        posting = self._postings.get(key)
        df = 0 if posting is None else 1 if posting.__class__ is int else posting.df  # type: ignore[union-attr]
        idf = math.log((len(self._stories) + PSEUDO_STORIES) / (df + prior[0])) - IDF_FLOOR
        w = memo[key] = idf * prior[1] if idf > 0.0 else 0.0
        return w

    def weighed(self, keys: Iterable[str]) -> dict[str, float]:
        """Each key's weight in the index as it is now (and any other key weighed since it last
        changed)."""
        return self._weigh_all(keys, self._current())

    def _current(self) -> dict[str, float]:
        """The weights found since the index last changed: a key's weight depends only on its
        document frequency and the number of stories, which only an add or a drop change, so
        the entries of one poll, placed before any is added, weigh their common words once."""
        changes, memo = self._memo
        if changes != self._changes or len(memo) >= MEMO_KEYS:
            memo = {}
            self._memo = (self._changes, memo)
        return memo

    def _weigh_all(self, keys: Iterable[str], memo: dict[str, float]) -> dict[str, float]:
        """``_weigh`` of every key into ``memo`` (returned), in one loop: the same arithmetic
        without a call per key (an entry has ~40 keys, a story's first member as many)."""
        prior_part, postings, log = self._prior_part, self._postings, math.log
        top = len(self._stories) + PSEUDO_STORIES
        for key in keys:
            if key in memo:
                continue
            prior = prior_part.get(key)
            if prior is None:
                if len(prior_part) >= PRIOR_CACHE:
                    prior_part.clear()
                prior = prior_part[key] = (self.weights.pseudo_df(key) + 1.0, KIND_FACTOR.get(key[0], 1.0))
            posting = postings.get(key)
            df = 0 if posting is None else 1 if posting.__class__ is int else posting.df  # type: ignore[union-attr]
            idf = log(top / (df + prior[0])) - IDF_FLOOR
            memo[key] = idf * prior[1] if idf > 0.0 else 0.0
        return memo

    # -- what storage says about stories --------------------------------------------------------

    def alerted(self, story_id: int) -> tuple[str, ...]:
        """The rules that already alerted for a story (as far as this index was told)."""
        story = self._by_id.get(story_id)
        return story.rules if story is not None else ()

    def mark_alerted(self, story_id: int, rules: Iterable[str]) -> None:
        story = self._by_id.get(story_id)
        if story is not None:
            story.rules = tuple(sorted({*story.rules, *rules}))

    def members(self, story_id: int) -> int:
        story = self._by_id.get(story_id)
        return story.members if story is not None else 0

    def langs(self, story_id: int) -> tuple[str, ...]:
        story = self._by_id.get(story_id)
        return story.langs if story is not None else ()

    # -- recording -----------------------------------------------------------------------------

    def outlets(self, story_id: int) -> tuple[str, ...]:
        """The distinct outlets (feed sources) of a story's members (follow_up = N counts them)."""
        story = self._by_id.get(story_id)
        return story.outlets if story is not None else ()

    def add(self, story_id: int, f: Features, seen_at: datetime, source: str | None = None) -> None:
        """Record an entry as a member of ``story_id`` (a new story when the index does not have it),
        published by ``source`` (its feed)."""
        keys = kind_sorted(f.keys)
        story = self._by_id.get(story_id)
        self._changes += 1
        if story is None:
            story = Story.seed(story_id, self._next_seq, f, keys, seen_at, 0.0)
            self._next_seq += 1
            self._stories[story.seq] = story
            self._by_id[story_id] = story
            self._order.append((seen_at, story.seq))
            self._index(story, story.keys)
            self._evict_over_limit()
        else:
            self._index(story, story.grow(f, keys))
        # weighed once its features are indexed, as the entries that will meet it see them
        weight, titles = self._weigh_all(story.seed_keys, {}), frozenset(story.title_keys)
        story.mass = story_mass(story.seed_keys, titles, weight)
        story.cross_mass = cross_mass(story.seed_keys, titles, weight)
        if f.link and f.link in story.links:
            self._links.setdefault(f.link, story_id)
        if source and source not in story.outlets and len(story.outlets) < MAX_OUTLETS:
            story.outlets = (*story.outlets, source)

    def _index(self, story: Story, keys: tuple[str, ...]) -> None:
        postings, seq = self._postings, story.seq
        for key in keys:
            posting = postings.get(key)
            if posting is None:
                postings[key] = seq
            elif posting.__class__ is int:
                postings[key] = Posting([posting, seq])
            else:
                posting.df += 1  # type: ignore[union-attr]
                posting.seqs.append(seq)  # type: ignore[union-attr]

    @classmethod
    def rebuild(cls, members: Iterable[StoredMember], now: datetime, limits: Limits = Limits(),
                tuning: Tuning = DEFAULT_TUNING, prior: Prior | None = None) -> StoryIndex:
        """The index as it was, from stored rows: every entry of the window with its story id and
        when it was first seen, added again in first-seen order (ties: story id, then the order
        given), then expired at ``now``. Nothing is decided again: stored story ids are kept."""
        index = cls(limits, tuning, prior)
        ordered = sorted(enumerate(members), key=lambda im: (im[1].seen_at, im[1].story_id, im[0]))
        for _, m in ordered:
            index.expire(m.seen_at)
            index.add(m.story_id, extract_features(m.entry), m.seen_at, m.outlet or m.entry.source)
        index.expire(now)
        return index

    # -- forgetting ----------------------------------------------------------------------------

    def expire(self, now: datetime) -> list[int]:
        """Forget stories first seen more than the window before ``now``; their ids."""
        gone = []
        cutoff = now - self.limits.window
        while self._order and self._order[0][0] < cutoff:
            _, seq = self._order.popleft()
            gone.extend(self._drop(seq))
        return gone

    def _evict_over_limit(self) -> None:
        while len(self._stories) > self.limits.max_stories and self._order:
            _, seq = self._order.popleft()
            self._drop(seq)

    def _drop(self, seq: int) -> list[int]:
        story = self._stories.pop(seq, None)
        if story is None:
            return []
        self._changes += 1
        del self._by_id[story.story_id]
        for key in story.keys:
            self._unindex(key)
        for link in story.links:
            if self._links.get(link) == story.story_id:
                del self._links[link]
        return [story.story_id]

    def _unindex(self, key: str) -> None:
        posting = self._postings[key]
        if isinstance(posting, int):
            del self._postings[key]
            return
        posting.df -= 1
        if posting.df == 1:
            self._postings[key] = next(s for s in reversed(posting.seqs) if s in self._stories)
        elif len(posting.seqs) > 2 * posting.df + 8:
            posting.seqs = array("q", [s for s in posting.seqs if s in self._stories])
