"""The process's way out (issue 13): what ``sys.exit`` does, without the interpreter's teardown.

After a command returns, Python's finalisation runs threading's exit hooks (they wake the idle
workers of every executor) and joins the non-daemon threads (``threading._shutdown``), runs the
``atexit`` functions (logging's flush, the dataclass code cache's save), then clears every module
and frees every object one by one: ~35-60 ms after a ``run --once`` (measured on the 1,000-feed
farm of bench/peers.py), a few per cent of a cycle of 304s. :func:`leave` does the first two
itself, in the same order and by the same function, flushes stdout and stderr, and ends the
process with ``os._exit``: the memory goes back to the system at once. Joining the threads
without threading's hooks waited forever for an executor's idle workers (a cold ``run --once``
never exited): the test suite holds that case. Where any of it fails (a closed pipe), the
interpreter has no ``threading._shutdown``, or something is still running that finalisation would
wait for (a child process), it falls back to ``sys.exit``.

Only the console script and ``python -m watcher`` leave this way; :func:`watcher.cli.main`
returns, so tests and embedders calling it keep their interpreter.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def leave(code: int) -> NoReturn:
    shutdown = getattr(threading, "_shutdown", None)   # CPython's own first step of finalisation
    if shutdown is None or _children_running():
        sys.exit(code)
    try:
        shutdown()
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:   # noqa: BLE001 - the ordinary exit reports it (a closed stdout, ^C)
        sys.exit(code)
    os._exit(code)


def _children_running() -> bool:
    """A child process (a parse worker) finalisation would wait for: only with multiprocessing loaded."""
    mp = sys.modules.get("multiprocessing")
    return mp is not None and bool(mp.active_children())
