"""Frozen values passed between pipeline stages. No I/O, no behaviour beyond small helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
