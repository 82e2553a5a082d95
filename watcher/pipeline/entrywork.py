"""What the parse workers do for the poll stage besides parsing (pure): a new entry's story
features and the rules it matches, on another core while the daemon's process places the
entries of other polls (ParsePool.map, with the rule set sent to each worker once as its
context). This module is loaded by the workers' forkserver: it imports the story engine's
features and the matcher, nothing of the daemon's (no storage, no asyncio)."""

from __future__ import annotations

from typing import NamedTuple

from watcher.ruleset.engine import Document, RuleMatch
from watcher.ruleset.matcher import RuleSet
from watcher.stories.features import EntryText, Features, extract_features


class EntryWork(NamedTuple):
    text: EntryText                 # what the story engine reads of the entry
    document: Document | None       # what the rules read of it; None: not matched (an old entry of a first poll)
    feed_id: str
    feed_tags: tuple[str, ...]


def features_and_matches(rules: RuleSet, work: EntryWork) -> tuple[Features, tuple[RuleMatch, ...]]:
    """The entry's story features and every rule it matches, explained (as the daemon's own
    :func:`watcher.pipeline.decide.prepare` finds them)."""
    features = extract_features(work.text)
    if work.document is None:
        return features, ()
    return features, tuple(rules.match(work.document, work.feed_id, work.feed_tags))
