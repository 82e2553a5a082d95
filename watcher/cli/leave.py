"""The process's way out (issue 13): what ``sys.exit`` does, without the interpreter's teardown.

After a command returns, Python's finalisation joins the non-daemon threads, runs the ``atexit``
functions (logging's flush, the dataclass code cache's save), then clears every module and frees
every object one by one: ~35-60 ms after a ``run --once`` (measured on the 1,000-feed farm of
bench/peers.py), a few per cent of a cycle of 304s. :func:`leave` does the first two itself, in
the same order, flushes stdout and stderr, and ends the process with ``os._exit``: the memory
goes back to the system at once. Where any of it fails (a closed pipe) or something is still
running that finalisation would wait for (a child process), it falls back to ``sys.exit``.

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
    if _children_running():
        sys.exit(code)
    try:
        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
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
