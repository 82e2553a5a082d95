"""Parsing fetched bodies into Entry values (pure), and the worker pool that runs it."""

import importlib
from typing import TYPE_CHECKING, Any

# Loaded on first use (PEP 562), lazy-for-start-up: the daemon's process needs the pool, not
# feedparser, which only its worker processes import.
_WHERE = {"parse_feed": "feed", "neutralise_entities": "feed", "canonical_url": "identity", "InlineParser": "pool",
          "ParsePool": "pool"}

if TYPE_CHECKING:
    from watcher.parse.feed import neutralise_entities, parse_feed
    from watcher.parse.identity import canonical_url
    from watcher.parse.pool import InlineParser, ParsePool


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'watcher.parse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"watcher.parse.{module}"), name)
    globals()[name] = value
    return value


__all__ = ["InlineParser", "ParsePool", "canonical_url", "parse_feed", "neutralise_entities"]
