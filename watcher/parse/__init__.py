"""Parsing fetched bodies into Entry values (pure), and the worker pool that runs it."""

from typing import TYPE_CHECKING

from watcher.lazy import lazy_names

# Loaded on first use (PEP 562), lazy-for-start-up: the daemon's process needs the pool, not
# feedparser, which only its worker processes import.
_WHERE = {"parse_feed": "feed", "neutralise_entities": "feed", "canonical_url": "identity", "InlineParser": "pool",
          "ParsePool": "pool"}

if TYPE_CHECKING:
    from watcher.parse.feed import neutralise_entities, parse_feed
    from watcher.parse.identity import canonical_url
    from watcher.parse.pool import InlineParser, ParsePool


__getattr__ = lazy_names(__name__, _WHERE, globals())

__all__ = ["InlineParser", "ParsePool", "canonical_url", "parse_feed", "neutralise_entities"]
