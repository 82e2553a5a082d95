"""The story index's work per entry: what it skips must not change what it decides.

Features that weigh nothing bring no candidates; a poll's new story reuses the weights place()
found for its entry only while the index is unchanged; the nearest story of a new one is the
best-scored candidate whether or not contradictions were looked for in it."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from watcher.stories import EntryText, Reason, StoryIndex, extract_features
from watcher.stories.pending import Pending
from watcher.stories.score import story_mass

T0 = datetime(2025, 6, 25, 12, 0, tzinfo=timezone.utc)
COMMON = "weather markets tourism region economy health education congress"
SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "sol", "tar", "ne", "do", "qui", "bel", "an", "or", "ti", "gu", "zel")


def name(i: int) -> str:
    """A made-up name of its own for every ``i`` (what keeps two otherwise alike reports apart)."""
    first = SYLLABLES[i % 16] + SYLLABLES[(i // 16) % 16] + SYLLABLES[(i // 256) % 16]    # i < 4096
    return f"{first.capitalize()} {first[::-1].capitalize()}z"


def report(i: int, at: datetime = T0) -> EntryText:
    return EntryText(f"{name(i)} speaks about {COMMON}", f"The minister {name(i)} spoke about {COMMON}.",
                     None, "en", None, at)


def filled(n: int) -> StoryIndex:
    index = StoryIndex()
    for i in range(n):
        index.add(i + 1, extract_features(report(i)), T0)
    return index


def test_features_every_story_says_bring_no_candidates_a_rare_one_does():
    index = filled(1000)     # (1000 + 5000 pseudo stories) / 1000 < e^2: idf below the floor
    f = extract_features(report(10_000))
    weights = index.weighed(f.keys)
    common = [k for k in f.keys if k.startswith("t:")]
    assert common and all(weights[k] == 0.0 for k in common), "in every story of the window: they weigh nothing"
    placed = index.place(f, T0)
    assert placed.story_id is None and placed.explanation.candidates == 0
    # the same words and a name one story has: that story is compared
    g = extract_features(EntryText(f"{name(42)} speaks again about {COMMON}", "", None, "en", None, T0))
    assert index.place(g, T0).explanation.candidates >= 1


def test_a_poll_s_new_story_weighs_as_it_would_weighed_afresh():
    index = filled(50)
    f, other = extract_features(report(500)), extract_features(report(501))

    def mass_begun(placed_first: object, between: list[tuple[int, object]] = ()) -> float:  # type: ignore[assignment]
        pending = Pending(index)
        index.place(placed_first, T0)  # type: ignore[arg-type]
        for story_id, features in between:
            index.add(story_id, features, T0)  # type: ignore[arg-type]
        return pending.stories[pending.begin(f, T0)].mass

    reused, fresh = mass_begun(f), mass_begun(other)
    assert reused == fresh
    # an entry added between place() and begin() changes the weights: they are found again
    after_add = mass_begun(f, [(900, f)])
    keys = tuple(sorted(f.keys))
    expected = story_mass(keys, f.title_keys, index._weigh_all(keys, {}))
    assert math.isclose(after_add, expected, rel_tol=0, abs_tol=1e-12) and after_add != reused


def test_a_new_story_s_nearest_is_the_best_scored_candidate():
    """Two candidates, neither joins: the explanation names the better-scored one with its score,
    shared features and contradictions, whether contradictions were looked for in it or not."""
    index = StoryIndex()
    a = EntryText("Honduras extradites Solquilo Mior to the United States", "", None, "en", None, T0)
    b = EntryText("Guatemala extradites Solquilo Mior to the United States on drug charges", "", None, "en", None,
                  T0 + timedelta(minutes=5))
    index.add(1, extract_features(a), T0)
    index.add(2, extract_features(b), T0 + timedelta(minutes=5))
    entry = EntryText("El Salvador extradites Solquilo Mior to the United States", "", None, "en", None,
                      T0 + timedelta(minutes=10))
    placed = index.place(extract_features(entry), entry.published_at)  # type: ignore[arg-type]
    assert placed.story_id is None and placed.explanation.reason is Reason.NEW
    assert placed.explanation.candidates == 2 and placed.explanation.story_id in (1, 2)
    assert placed.explanation.disagreements, "the nearest says why the entry did not join it"
