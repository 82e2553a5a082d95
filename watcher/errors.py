"""The exception tree of newswatch. ``str(error)`` is always a complete message, one line per
problem.

    WatcherError
    ├─ ConfigError            problems in config.toml or the rule files, each with file:line:col
    ├─ TemplateError          a subscriber's message template cannot be used (file:line)
    ├─ FetchError             network/HTTP failure of one feed (kind, status, retryable, retry_after)
    └─ ParseError             the body is not a feed we can read

storage.StorageError wraps database failures at the storage boundary. Problems found while
validating are values (:class:`Problem`), collected and reported together; ConfigError carries
them when loading cannot go on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class WatcherError(Exception):
    """Root of every newswatch error."""


@dataclass(frozen=True)
class Problem:
    """One located problem in a config or rule file."""

    source: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"


def display_path(path: Path) -> str:
    """A file as a Problem names it: relative to the working directory when it is below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


class ConfigError(WatcherError):
    """Every problem found in one validation pass of config.toml or the rule files, reported
    together (one per line)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(WatcherError):
    """A subscriber template that cannot be used; ``str()`` is the whole located message."""

    def __init__(self, path: Path, message: str, line: int | None = None, col: int | None = None) -> None:
        self.path, self.message, self.line, self.col = path, message, line, col
        where = ":".join(str(x) for x in (path, line, col) if x is not None)
        super().__init__(f"{where}: {message}")


class FetchKind(StrEnum):
    """Why a fetch failed (stored as the feed's error kind, shown in logs)."""

    URL = "url"                   # not a URL we can fetch (syntax, IDNA, port)
    BLOCKED = "blocked"           # the SSRF guard refused the address
    REDIRECTS = "redirects"       # a redirect loop, too many hops, or a non-HTTP target
    TIMEOUT = "timeout"
    NETWORK = "network"           # DNS, refused, reset, TLS
    PROTOCOL = "protocol"         # a malformed HTTP response
    HTTP = "http"                 # an HTTP error status
    GONE = "gone"                 # HTTP 410: the publisher removed the feed
    TOO_LARGE = "too-large"       # over [fetch] max_bytes
    ENCODING = "encoding"         # a content-encoding we refuse or a corrupt compressed body


class FetchError(WatcherError):
    """A fetch failed; ``kind`` names the failure class."""

    def __init__(
        self,
        kind: FetchKind,
        message: str,
        *,
        status: int | None = None,
        retryable: bool = True,
        retry_after: float | None = None,
    ) -> None:
        self.kind = kind
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        super().__init__(message)


class ParseError(WatcherError):
    """The body could not be read as a feed."""
