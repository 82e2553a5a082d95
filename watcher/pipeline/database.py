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


class GroupSync:
    """Group commit for SQLite: polls are recorded without waiting for the disk, then wait here
    for an fsync of the write-ahead log that began after their commit; one fsync serves every
    commit made before it, and it runs in its own thread, so the DB thread records the next
    poll meanwhile and deciding the next poll does not wait for the disk (a durable commit
    held the story lock ~7 ms per poll for its fsync)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = asyncio.Lock()
        self.committed = 0          # commits made (counted on the event loop after each returned)
        self.synced = 0             # every commit up to this one is on disk
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="db-sync")

    def committed_one(self) -> int:
        """Count a commit that just returned; its ticket for :meth:`wait`."""
        self.committed += 1
        return self.committed

    async def wait(self, ticket: int) -> None:
        async with self.lock:
            if self.synced >= ticket:
                return
            upto = self.committed
            await asyncio.get_running_loop().run_in_executor(self.thread, self.store.sync_wal)
            self.synced = upto


@dataclass(frozen=True)
class Database:
    store: Store
    owner: str                      # this instance, as the owner of the leases it takes
    health: DbHealth
    threads: ThreadPoolExecutor
    group: GroupSync | None = None  # SQLite file: polls recorded by group commit

    @classmethod
    def open(cls, store: Store, owner: str, health: DbHealth | None = None) -> Database:
        # SQLite has one writer at a time: one DB thread avoids lock contention (and its
        # busy-wait starvation); PostgreSQL gets a few.
        threads = ThreadPoolExecutor(1 if store.is_sqlite else 4, thread_name_prefix="db")
        group = GroupSync(store) if store.wal_path is not None else None
        return cls(store, owner, health or DbHealth(), threads, group)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking store call (``fn``, e.g. ``db.store.claim_due_feeds``) in the DB threads."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.threads, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        self.threads.shutdown(wait=False)
        if self.group is not None:
            self.group.thread.shutdown(wait=False)
