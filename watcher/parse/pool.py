"""A pool of parse worker processes with a time and memory budget per parse.

feedparser is CPU-bound and a hostile feed can make it run for seconds and use gigabytes
(hazards.md F1, B22-23). Each parse runs in a worker process with ``RLIMIT_AS`` set; a parse
that runs past its deadline gets its worker killed and replaced, a worker that dies (memory)
is replaced too, and the feed is marked in error. The body travels raw (never pickled), results
travel back pickled. The event loop never waits on a pipe and never touches a whole body: sends
and receives happen in threads, readiness through ``add_reader``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any, Callable, Sequence, TypeVar, cast

from watcher.errors import ParseError
from watcher.parse.worker import worker_main
from watcher.types import ParsedFeed

log = logging.getLogger("newswatch.parse")
A = TypeVar("A")
R = TypeVar("R")
# modules of the functions the daemon maps in the workers (``ParsePool.map``), loaded once by the
# forkserver: named, not imported (the parser's layer knows nothing of the story engine)
PRELOAD = ("watcher.stories.features", "watcher.pipeline.entrywork")


@dataclass
class _Slot:
    process: Any
    conn: Connection
    context: str | None = None      # the key of the context this worker holds (ParsePool.map)


@dataclass(frozen=True)
class Context:
    """A value every call of a mapped function needs (the rule set), sent to each worker once:
    ``key`` names it (a new key replaces it), ``blob`` makes its pickle when a worker lacks it."""

    key: str
    blob: Callable[[], bytes]


class ParsePool:
    """``await pool.parse(body, headers, url, now)`` -> ParsedFeed, in a worker process."""

    def __init__(self, workers: int = 2, *, timeout: float = 20.0, memory_bytes: int = 768 << 20,
                 max_entries: int = 500) -> None:
        self.workers = max(1, workers)
        self.timeout = timeout
        # plain ints: these cross to the worker pickled, and a config type (pydantic's ByteSize)
        # would make every worker import pydantic (~10 MiB) to unpickle it
        self.memory_bytes = int(memory_bytes)
        self.max_entries = int(max_entries)
        self._ctx = multiprocessing.get_context("forkserver")
        # The worker's module, not this one: the forkserver and the workers import the parser
        # and nothing of the daemon's (not asyncio, which this module needs), and what the daemon
        # maps over its entries there
        self._ctx.set_forkserver_preload(["watcher.parse.worker", "watcher.parse.feed", *PRELOAD])
        self._idle: asyncio.Queue[_Slot] | None = None
        self._slots: list[_Slot] = []
        self._io = ThreadPoolExecutor(max_workers=self.workers * 2, thread_name_prefix="parse-io")
        self.restarts = 0           # workers replaced after a timeout, a crash or the memory budget

    async def start(self) -> None:
        if self._idle is not None:
            return
        self._idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        for _ in range(self.workers):
            slot = await loop.run_in_executor(self._io, self._spawn)
            self._idle.put_nowait(slot)

    def _spawn(self) -> _Slot:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=worker_main, args=(child, self.memory_bytes), daemon=True,
                                    name="newswatch-parse")
        process.start()
        child.close()
        slot = _Slot(process, parent)
        self._slots.append(slot)
        return slot

    def _kill(self, slot: _Slot) -> None:
        try:
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join(timeout=5)
        except (OSError, ValueError, AssertionError):  # pragma: no cover
            pass
        slot.conn.close()
        if slot in self._slots:
            self._slots.remove(slot)

    async def parse(self, body: bytes, headers: dict[str, str], url: str, now: datetime) -> ParsedFeed:
        task = {"headers": headers, "url": url, "now": now, "max_entries": self.max_entries}
        return cast(ParsedFeed, await self._call(task, body))

    async def map(self, fn: Callable[..., R], items: Sequence[A], context: Context | None = None) -> tuple[R, ...]:
        """``fn`` of each item, in a worker: CPU work moved off the daemon's process to another
        core (the new entries' story features and rule matches). ``fn`` must be pure and
        picklable by name (a module-level function), the items and results small values; with a
        ``context``, ``fn(context value, item)``. Raises ParseError when the worker fails (the
        caller can run ``fn`` itself)."""
        body = pickle.dumps(list(items), protocol=pickle.HIGHEST_PROTOCOL)
        return cast("tuple[R, ...]", await self._call({"kind": "map", "fn": fn}, body, context))

    async def _call(self, task: dict[str, Any], body: bytes, context: Context | None = None) -> Any:
        """One task in an idle worker; a worker that failed is replaced."""
        if self._idle is None:
            await self.start()
        assert self._idle is not None
        slot = await self._idle.get()
        loop = asyncio.get_running_loop()
        healthy = False
        try:
            if context is not None:   # its pickle only for a worker that does not hold it yet
                fresh = slot.context != context.key
                task["context"] = (context.key, await loop.run_in_executor(self._io, context.blob) if fresh else None)
            status, value = await self._roundtrip(slot, pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL),
                                                  body, loop)
            healthy = status != "memory"
            if context is not None and status == "ok":
                slot.context = context.key
            if status == "ok":
                return value
            raise ParseError(value)
        finally:
            if not healthy:
                self.restarts += 1
                await loop.run_in_executor(self._io, self._kill, slot)
                slot = await loop.run_in_executor(self._io, self._spawn)
            self._idle.put_nowait(slot)

    async def _roundtrip(self, slot: _Slot, task: bytes, body: bytes,
                         loop: asyncio.AbstractEventLoop) -> tuple[str, Any]:
        try:
            await loop.run_in_executor(self._io, _send, slot.conn, task, body)
        except (BrokenPipeError, OSError) as e:
            raise ParseError(f"parse worker unavailable ({e})") from e
        ready = loop.create_future()
        fd = slot.conn.fileno()
        loop.add_reader(fd, _resolve, ready)
        try:
            await asyncio.wait_for(ready, self.timeout)
        except TimeoutError:
            raise ParseError(f"parse took longer than {self.timeout:g}s; worker stopped") from None
        finally:
            loop.remove_reader(fd)
            # uvloop leaves a watched descriptor non-blocking; the pipe is read and written in
            # threads that expect blocking calls (a large body or result arrives in pieces)
            os.set_blocking(fd, True)
        try:
            return await loop.run_in_executor(self._io, lambda: pickle.loads(slot.conn.recv_bytes()))
        except (EOFError, OSError):
            code = slot.process.exitcode
            raise ParseError(f"parse worker died (exit code {code}); memory budget exceeded?") from None

    def worker_health(self) -> tuple[int, int]:
        """(alive, dead) worker processes; a dead one is replaced at its next parse."""
        alive = sum(1 for slot in self._slots if slot.process.is_alive())
        return alive, len(self._slots) - alive

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        for slot in list(self._slots):
            await loop.run_in_executor(self._io, self._kill, slot)
        self._idle = None
        self._io.shutdown(wait=False)


class InlineParser:
    """Parses in the calling thread (for test-rule and tools, not for the daemon)."""

    def __init__(self, max_entries: int = 500) -> None:
        self.max_entries = max_entries

    async def parse(self, body: bytes, headers: dict[str, str], url: str, now: datetime) -> ParsedFeed:
        from watcher.parse.feed import parse_feed  # lazy for start-up speed (feedparser, lxml)
        return parse_feed(body, headers, url, now, max_entries=self.max_entries)

    async def close(self) -> None:
        return None


def _send(conn: Connection, task: bytes, body: bytes) -> None:
    """In a thread: the small pickled task, then the body as it is (``send_bytes`` writes a large
    buffer without copying it, and releases the GIL while it waits on the pipe)."""
    conn.send_bytes(task)
    conn.send_bytes(body)


def _resolve(ready: asyncio.Future[None]) -> None:
    """The worker's answer is readable: wake the waiting parse (once)."""
    if not ready.done():
        ready.set_result(None)
