"""Parsing fetched bodies into Entry values (pure), and the worker pool that runs it."""

from watcher.parse.feed import parse_feed, neutralise_entities
from watcher.parse.identity import canonical_url
from watcher.parse.pool import InlineParser, ParsePool

__all__ = ["InlineParser", "ParsePool", "canonical_url", "parse_feed", "neutralise_entities"]
