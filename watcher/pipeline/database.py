"""The store as the pipeline stages reach it: each blocking call runs in the DB threads, so the
event loop keeps serving; ``owner`` names this instance's leases; ``health`` turns storage
failures into one log line per family of operations (dbhealth.py)."""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from storage import Store
from watcher.pipeline.dbhealth import DbHealth

T = TypeVar("T")


@dataclass(frozen=True)
class Database:
    store: Store
    owner: str                      # this instance, as the owner of the leases it takes
    health: DbHealth
    threads: ThreadPoolExecutor

    @classmethod
    def open(cls, store: Store, owner: str, health: DbHealth | None = None) -> Database:
        # SQLite has one writer at a time: one DB thread avoids lock contention (and its
        # busy-wait starvation); PostgreSQL gets a few.
        threads = ThreadPoolExecutor(1 if store.is_sqlite else 4, thread_name_prefix="db")
        return cls(store, owner, health or DbHealth(), threads)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking store call (``fn``, e.g. ``db.store.claim_due_feeds``) in the DB threads."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.threads, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        self.threads.shutdown(wait=False)
