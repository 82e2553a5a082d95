"""glibc's allocator, asked to keep less memory it no longer uses (Linux with glibc; elsewhere
these do nothing).

Python keeps objects of up to 512 bytes in its own arenas; larger ones (entry texts, response
bodies, big dicts and lists) and what C libraries allocate come from glibc's malloc, which gives
every thread that allocates an arena of its own (up to eight per core: the daemon's DB, parse
and worker threads) and keeps what is freed in each for that arena's later use. In the cold
cycle of 1,000 feeds x 50 entries ~12 MiB of the main process's RSS at its peak was such free
memory. :func:`tune` caps the arenas at two (unless ``MALLOC_ARENA_MAX`` is set: glibc has read
it already); :func:`trim` gives the free pages back (``malloc_trim``), at most every few
seconds, after each poll round. Measured together: peak RSS of that cycle's main process
-6 to -8 MiB (191-193 -> 183-187).
"""

from __future__ import annotations

import ctypes
import os
import time
from typing import Any

M_ARENA_MAX = -8            # mallopt parameter (malloc.h)
ARENAS = 2
TRIM_EVERY = 2.0            # seconds between trims at most


def _glibc() -> Any | None:
    """The process's C library when it is glibc (malloc_trim and mallopt are its own)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return None
        libc = ctypes.CDLL(None)
    except (ValueError, OSError, AttributeError):
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_libc = _glibc()
_last_trim = 0.0


def tune() -> None:
    """Cap glibc's arenas (call before the daemon starts its threads)."""
    if _libc is not None and "MALLOC_ARENA_MAX" not in os.environ:
        _libc.mallopt(M_ARENA_MAX, ARENAS)


def trim(now: float | None = None) -> bool:
    """Give glibc's free pages back to the system, unless that was done less than
    ``TRIM_EVERY`` seconds ago; whether it was done."""
    global _last_trim
    now = time.monotonic() if now is None else now
    if _libc is None or now - _last_trim < TRIM_EVERY:
        return False
    _last_trim = now
    _libc.malloc_trim(0)
    return True
