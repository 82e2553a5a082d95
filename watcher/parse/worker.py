"""The parse worker process's loop. The worker unpickles its target from here, so this module
imports no more than the standard library's pickle: not asyncio or the pool, nor anything of the
daemon's (each import costs every worker and the forkserver); the parser itself is imported in
the worker (the forkserver preloads it), never in the daemon, which imports this module to name
the target."""

from __future__ import annotations

import pickle
import resource
import signal
from typing import TYPE_CHECKING, Any

from watcher.errors import WatcherError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


def worker_main(conn: Connection, memory_bytes: int) -> None:
    """Parse each task received on ``conn`` under ``RLIMIT_AS`` = ``memory_bytes`` (0: none),
    answering ("ok", ParsedFeed) or (an error kind, its message); returns on a closed pipe or
    after a memory error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when we stop
    if memory_bytes:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ValueError, OSError):  # pragma: no cover - platform without RLIMIT_AS
            pass
    while True:
        try:
            task = pickle.loads(conn.recv_bytes())
            task["body"] = conn.recv_bytes()   # sent raw, never pickled: no copy of a 20 MB body
        except (EOFError, OSError):
            return
        result = _parse(task)
        try:
            conn.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except MemoryError:
            conn.send_bytes(pickle.dumps(("memory", "parse result exceeded the worker memory budget")))
        if result[0] == "memory":
            return   # memory may be fragmented; let the parent start a fresh worker


def _parse(task: dict[str, Any]) -> tuple[str, Any]:
    from watcher.parse.feed import parse_feed  # in the worker only (preloaded by the forkserver)

    try:
        return ("ok", parse_feed(**task))
    except WatcherError as e:
        return ("error", str(e))
    except MemoryError:
        return ("memory", "parse exceeded the worker memory budget")
    except RecursionError:
        return ("error", "feed nesting too deep to parse")
    except Exception as e:  # noqa: BLE001 - a parser bug must not kill the worker loop
        return ("error", f"parser failed: {type(e).__name__}: {e}")
