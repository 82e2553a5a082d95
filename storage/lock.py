"""One daemon per SQLite database: an OS file lock beside the database file.

The kernel releases an ``flock`` when its process dies, so a crashed daemon never leaves a stale
lock: the next ``newswatch run`` takes it at once and reclaims leftover delivery leases.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from storage.errors import StorageError


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                owner = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            finally:
                os.close(fd)
            raise StorageError(f"another newswatch (pid {owner}) is running on {self.path.with_suffix('')}; "
                               "only one daemon may use a SQLite database") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> "InstanceLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
