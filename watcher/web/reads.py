"""Database reads for the HTTP server: one thread of their own (so a status page never queues
in front of the pipeline's writes), a read-only connection, a deadline per read, and results
shared between concurrent requests for a few seconds (a wall of phones refreshing the page makes
one query, not one each)."""

from __future__ import annotations

import asyncio
import functools
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, TypeVar

from storage import StorageError, Store, open_reader

T = TypeVar("T")
READ_DEADLINE = 5.0
MEMO_ENTRIES = 64


class Reads:
    def __init__(self, database_url: str, *, deadline: float = READ_DEADLINE) -> None:
        self.store: Store = open_reader(database_url)
        self.deadline = deadline
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="web-db")
        self._shared: dict[str, tuple[float, asyncio.Future[Any]]] = {}

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` in the read thread; StorageError when it fails or takes too long."""
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(self.pool, functools.partial(fn, self.store, *args))
        try:
            return await asyncio.wait_for(work, self.deadline)
        except TimeoutError:
            raise StorageError(f"the database did not answer within {self.deadline:g}s") from None

    async def shared(self, key: str, ttl: float, fn: Callable[..., T], *args: Any) -> T:
        """Like :meth:`run`, but one read serves every caller of ``key`` for ``ttl`` seconds
        (a failure too, so a dead database is not hammered)."""
        return await self.memo(f"read:{key}", ttl, lambda: self.run(fn, *args))

    async def memo(self, key: str, ttl: float, make: Callable[[], Awaitable[T]]) -> T:
        """One ``make()`` for every caller of ``key`` while it runs and for ``ttl`` seconds after."""
        now = time.monotonic()
        hit = self._shared.get(key)
        if hit is None or (hit[1].done() and now - hit[0] > ttl):
            future = asyncio.ensure_future(make())
            future.add_done_callback(_consume)
            hit = (now, future)
            self._shared[key] = hit
            if len(self._shared) > MEMO_ENTRIES:      # keys can come from requests: keep it bounded
                oldest = min(self._shared, key=lambda k: self._shared[k][0])
                del self._shared[oldest]
        return await asyncio.shield(hit[1])

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.store.close()


def _consume(future: asyncio.Future[Any]) -> None:
    """Mark the exception retrieved: a shared read nobody awaited must not log 'never retrieved'."""
    if not future.cancelled():
        future.exception()
