"""How the daemon lives through a failing database (disk full, a damaged page, a read-only file).

- One log line per problem: the first failure with a given message is an ERROR line, repeats are
  DEBUG, and one INFO line says when it has cleared (every action that failed with it has
  succeeded since).
- Backoff per job family ("poll", "deliver"): after a failure the family's next ticks are skipped
  for 2 s, doubling up to 10 s; the first success after that resumes normal work at once.
- Holds per feed: a poll whose result could not be stored still happened, so the feed is not
  fetched again before its normal next poll (a storage failure never raises a feed's fetch
  rate). A feed whose lease could not be released is released at the next chance, not when the
  lease runs out minutes later.

State is in memory only: the database is exactly what is failing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from watcher.units import format_duration

log = logging.getLogger("newswatch.storage")
HINTS = {
    "disk is full": "free some disk space, newswatch resumes by itself; ",
    "malformed": "the database is damaged: stop newswatch, keep a copy and repair it (README, Operating it); ",
    "readonly": "the database file or its folder is not writable; ",
}
FIRST_DELAY = 2.0
MAX_DELAY = 10.0


@dataclass(frozen=True)
class _Failing:
    message: str
    since: float


@dataclass
class DbHealth:
    clock: Callable[[], float] = time.monotonic
    failing: dict[tuple[str, str], _Failing] = field(default_factory=dict)   # (family, action) -> problem
    retry_at: dict[str, float] = field(default_factory=dict)                  # family -> not before
    delay: dict[str, float] = field(default_factory=dict)
    holds: dict[str, datetime] = field(default_factory=dict)                  # feed id -> not before
    stranded: set[str] = field(default_factory=set)                           # feeds still leased by us
    failures: int = 0                                                         # every failure so far

    def failed(self, family: str, action: str, error: Exception) -> None:
        message = str(error)
        now = self.clock()
        self.failures += 1
        if any(p.message == message for p in self.failing.values()):
            log.debug("database: cannot %s: %s (again)", action, message)
        else:
            log.error("database: cannot %s: %s (%sbacking off; one more line when this clears)", action, message,
                      _hint(message))
        current = self.failing.get((family, action))
        if current is None or current.message != message:
            self.failing[(family, action)] = _Failing(message, now)
        self.delay[family] = min(MAX_DELAY, self.delay.get(family, FIRST_DELAY / 2) * 2)
        self.retry_at[family] = now + self.delay[family]

    def ok(self, family: str, action: str) -> None:
        self.delay.pop(family, None)
        self.retry_at.pop(family, None)
        problem = self.failing.pop((family, action), None)
        if problem is None or any(p.message == problem.message for p in self.failing.values()):
            return
        log.info("database: cleared after %s: %s", format_duration(self.clock() - problem.since), problem.message)

    def paused(self, family: str) -> bool:
        """True while the family backs off after a failure (its ticks are skipped)."""
        return self.clock() < self.retry_at.get(family, 0.0)

    def hold(self, feed_id: str, until: datetime) -> None:
        self.holds[feed_id] = until

    def held(self, feed_id: str, now: datetime) -> bool:
        until = self.holds.get(feed_id)
        if until is not None and now >= until:
            del self.holds[feed_id]
            return False
        return until is not None


def _hint(message: str) -> str:
    return next((hint for key, hint in HINTS.items() if key in message), "")
