"""Vocabulary shared by the stages: frozen values passed between them and the severity scale.
No I/O, no behaviour beyond small helpers; imports nothing from newswatch (a leaf module)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

# The severity scale, lowest first: a rule's ``severity`` and a subscriber's ``min_severity``.
Severity = Literal["low", "normal", "high", "urgent"]
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(get_args(Severity))}


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed item, normalised: plain text, absolute links, UTC dates."""

    entry_key: str                  # stable identity within its feed (sha256 hex)
    story_key: str                  # identity across feeds (canonical link, or title+date)
    title: str
    link: str | None = None
    canonical_link: str | None = None
    guid: str | None = None
    summary: str = ""
    content: str = ""
    published_at: datetime | None = None
    author: str = ""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    entries: tuple[Entry, ...]
    title: str = ""
    link: str | None = None
    version: str = ""               # feedparser's version string, or "json1"/"json11"
    warning: str | None = None      # bozo message worth a log line, not an error
    truncated: int = 0              # entries dropped beyond max_entries

    def with_language(self, language: str | None) -> ParsedFeed:
        """Every entry the feed gave no language gets ``language`` (the feed's ``language`` in
        config.toml); without one they keep none (shown as ``?``)."""
        if not language or all(e.language for e in self.entries):
            return self
        entries = tuple(e if e.language else dataclasses.replace(e, language=language) for e in self.entries)
        return dataclasses.replace(self, entries=entries)


@dataclass(frozen=True, slots=True)
class Message:
    """A rendered message for one destination: what the renderer makes and the notifier sends."""

    title: str
    body: str
    format: str                     # "text", "html" or "markdown"
