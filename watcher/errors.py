"""The exception tree of newswatch. ``str(error)`` is always a complete one-line message.

    WatcherError
    ├─ ConfigError            a problem in config.toml or a rule file, with file:line:col
    │   └─ ConfigErrors       several problems collected together (one per line)
    ├─ FetchError             network/HTTP failure of one feed (kind, status, retryable, retry_after)
    └─ ParseError             the body is not a feed we can read

storage.StorageError wraps database failures at the storage boundary.
"""

from __future__ import annotations

from dataclasses import dataclass


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


class ConfigError(WatcherError):
    """A problem in config.toml or a rule file."""

    def __init__(self, problem: Problem | str) -> None:
        self.problem = problem if isinstance(problem, Problem) else Problem("config", None, None, problem)
        super().__init__(str(self.problem))


class ConfigErrors(ConfigError):
    """Every problem found in one validation pass, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        WatcherError.__init__(self, "\n".join(str(p) for p in self.problems))
        self.problem = self.problems[0]


class FetchError(WatcherError):
    """A fetch failed. ``kind`` names the failure class (timeout, too-large, ssrf, http, ...)."""

    def __init__(
        self,
        kind: str,
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
