"""The parse worker process's loop. The worker unpickles its target from here, so this module
imports no more than the standard library's pickle: not asyncio or the pool, nor anything of the
daemon's (each import costs every worker and the forkserver); the parser itself is imported in
the worker (the forkserver preloads it), never in the daemon, which imports this module to name
the target.

Two kinds of task: ``parse`` (the body is a feed document) and ``map`` (a pure function, pickled
by name, over the items pickled in the body: the daemon has the new entries' story features found
here, on another core, while its own process places the entries of other polls)."""

from __future__ import annotations

import pickle
import resource
import signal
from typing import TYPE_CHECKING, Any, Callable

from watcher.errors import WatcherError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


def worker_main(conn: Connection, memory_bytes: int) -> None:
    """Run each task received on ``conn`` under ``RLIMIT_AS`` = ``memory_bytes`` (0: none),
    answering ("ok", ParsedFeed or the features) or (an error kind, its message); returns on a
    closed pipe or after a memory error."""
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
        result = _map(task) if task.get("kind") == "map" else _parse(task)
        try:
            conn.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except MemoryError:
            conn.send_bytes(pickle.dumps(("memory", "parse result exceeded the worker memory budget")))
        if result[0] == "memory":
            return   # memory may be fragmented; let the parent start a fresh worker


def _parse(task: dict[str, Any]) -> tuple[str, Any]:
    from watcher.parse.feed import parse_feed  # in the worker only (preloaded by the forkserver)

    task.pop("kind", None)
    return _run(lambda: parse_feed(**task))


_CONTEXT: dict[str, Any] = {}     # the one context this worker holds, by key (ParsePool.map)


def _map(task: dict[str, Any]) -> tuple[str, Any]:
    """``task["fn"]`` of each item, in the order given (the function came pickled by name: its
    module is imported here, unless the forkserver preloaded it); with a context, ``fn(value,
    item)``: the value unpickled when it first comes, kept for the next tasks of the same key."""
    fn = task["fn"]
    if "context" not in task:
        return _run(lambda: tuple(map(fn, pickle.loads(task["body"]))))
    key, blob = task["context"]

    def run() -> tuple[Any, ...]:
        if key not in _CONTEXT:
            if blob is None:
                raise RuntimeError("the mapped function's context was never sent to this worker")
            _CONTEXT.clear()
            _CONTEXT[key] = pickle.loads(blob)
        value = _CONTEXT[key]
        return tuple(fn(value, item) for item in pickle.loads(task["body"]))
    return _run(run)


def _run(work: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return ("ok", work())
    except WatcherError as e:
        return ("error", str(e))
    except MemoryError:
        return ("memory", "parse exceeded the worker memory budget")
    except RecursionError:
        return ("error", "feed nesting too deep to parse")
    except Exception as e:  # noqa: BLE001 - a parser bug must not kill the worker loop
        return ("error", f"parser failed: {type(e).__name__}: {e}")
