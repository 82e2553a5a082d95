"""Joining copies of one story seen in several outlets (pure core + a small in-memory index).

Exact: the same canonical link is the same story (storage keeps an alias per story key).
Near-exact: titles whose content words (stopwords and a trailing " - Publisher" removed)
overlap with Jaccard >= 0.75, share at least 4 words and the same numbers, name the same
countries, first seen within 72 hours. The bar is deliberately high: merging two different
stories would hide the second one, which is worse than a duplicate alert.

This is the daemon's grouping until it moves to watcher.stories (the story engine: concepts
across languages, entities, rarity, explanations); the countries a title names already come from
that engine's concept table and are kept in the fingerprint as ``@`` + country code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from watcher.stories.concepts import default_table
from watcher.stories.text import tokenize
from watcher.textfold import WORD, fold

WINDOW = timedelta(hours=72)
MIN_SHARED = 4
MIN_JACCARD = 0.75
MAX_CANDIDATES = 300
_TABLE = default_table()     # loaded when the daemon starts, never in the middle of a poll
_PUBLISHER_SUFFIX = re.compile(r"\s+[-–—|]\s+[^-–—|]{2,60}$")
STOPWORDS = frozenset("""
a an and are as at be by for from has have in is it its of on or that the this to was were will with
after over into about says said new news live update updates video photos watch
al con de del el en es la las lo los para por que se su sus un una y o u ante tras sobre entre
""".split())


def title_tokens(title: str) -> frozenset[str]:
    """Content words of a title, without a trailing ' - Publisher' (Google News style), plus
    ``@hn``-style markers for the countries it names."""
    stripped = _PUBLISHER_SUFFIX.sub("", title.strip()) if len(title) > 30 else title
    words = frozenset(t for t in WORD.findall(fold(stripped)) if t not in STOPWORDS and (len(t) > 1 or t.isdigit()))
    return words | {"@" + c for c in title_countries(stripped)}


def title_countries(title: str) -> frozenset[str]:
    """Countries a title names (the concept table's names, places and demonyms; about 20 µs)."""
    matches = _TABLE.find(tokenize(title).keys)
    return frozenset(c for m in matches if (c := m.concept if m.concept in _TABLE.countries else
                                            _TABLE.country_of.get(m.concept)))


def fingerprint(title: str) -> str:
    return fingerprint_of(title_tokens(title))


def fingerprint_of(tokens: frozenset[str]) -> str:
    """The stored form of a title's content words (what ClusterIndex.add reads back)."""
    return " ".join(sorted(tokens))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two titles' words, or 0 when they cannot be one story (fewer than
    MIN_SHARED words in common, different numbers, different countries)."""
    shared = len(a & b)
    if shared < MIN_SHARED or _numbers(a) != _numbers(b) or _countries(a) != _countries(b):
        return 0.0
    return shared / len(a | b)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return similarity(a, b) >= MIN_JACCARD


def _countries(tokens: frozenset[str]) -> frozenset[str]:
    """Titles naming different countries are different stories ("... in Honduras" / "... in Guatemala")."""
    return frozenset(t for t in tokens if t.startswith("@"))


def _numbers(tokens: frozenset[str]) -> frozenset[str]:
    """Numbers tell stories apart ("deports 100" is not "deports 200"): they must agree."""
    return frozenset(t for t in tokens if any(c.isdigit() for c in t))


@dataclass
class ClusterIndex:
    """Recent stories by title word, to find the story a new entry belongs to."""

    stories: dict[int, tuple[frozenset[str], datetime]] = field(default_factory=dict)
    by_token: dict[str, set[int]] = field(default_factory=dict)
    last_id: int = 0

    def add(self, story_id: int, fingerprint_text: str, seen_at: datetime) -> None:
        if story_id in self.stories:
            return
        tokens = frozenset(fingerprint_text.split())
        self.stories[story_id] = (tokens, seen_at)
        for token in tokens:
            self.by_token.setdefault(token, set()).add(story_id)
        self.last_id = max(self.last_id, story_id)

    def find(self, tokens: frozenset[str], now: datetime) -> int | None:
        """The most similar recent story, if one is similar enough.

        A story with Jaccard >= 0.75 contains at least 75% of this title's words, so it must
        contain one of the rarest quarter (+1) of them: only those words' stories are compared,
        which keeps common words ("Honduras", "gobierno") from making every lookup scan
        thousands of stories."""
        if len(tokens) < MIN_SHARED:
            return None
        by_rarity = sorted(tokens, key=lambda t: len(self.by_token.get(t, ())))
        candidates: set[int] = set()
        for token in by_rarity[: len(tokens) // 4 + 1]:
            candidates.update(self.by_token.get(token, ()))
        if len(candidates) > MAX_CANDIDATES:
            # titles made of very common words: not worth comparing with everything (missing a
            # merge costs a duplicate alert; a scan per entry would cost the daemon its speed)
            rarest = self.by_token.get(by_rarity[0], set())
            candidates = set(list(rarest)[:MAX_CANDIDATES]) if len(rarest) <= MAX_CANDIDATES else set()
        best, best_score = None, 0.0
        for story_id in candidates:
            other, seen_at = self.stories[story_id]
            if now - seen_at > WINDOW:
                continue
            score = similarity(tokens, other)
            if score >= MIN_JACCARD and score > best_score:
                best, best_score = story_id, score
        return best

    def expire(self, now: datetime) -> None:
        old = [sid for sid, (_, seen) in self.stories.items() if now - seen > WINDOW]
        for story_id in old:
            tokens, _ = self.stories.pop(story_id)
            for token in tokens:
                ids = self.by_token.get(token)
                if ids is not None:
                    ids.discard(story_id)
                    if not ids:
                        del self.by_token[token]
