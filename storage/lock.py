"""One daemon per SQLite database: an OS file lock on the database file itself.

The lock is an ``flock`` on the database file, so it follows the file's identity (device and
inode), whatever name reaches it: a symlink (``link.db -> newswatch.db``) or a hard link finds
the same lock; a second daemon names the holder's pid from ``/proc/locks``. The kernel releases
an ``flock`` when its process dies, so a crashed daemon never leaves a stale lock: the next
``newswatch run`` takes it at once and reclaims leftover delivery leases.

SQLite itself uses POSIX (``fcntl``) locks, which on Linux are independent of ``flock``. But
closing any descriptor of a file drops the process's POSIX locks on it, so the lock's descriptor
is only closed before the database is opened (refused) or after it is closed (release).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from storage.errors import StorageError


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            # an empty file is a valid empty database; read-only is enough for flock
            fd = os.open(self.db_path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError as e:
            raise StorageError(f"cannot open the database {self.db_path}: {e.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _flock_holder(fd)
            os.close(fd)
            raise StorageError(f"another newswatch (pid {holder}) is running on {os.path.realpath(self.db_path)}; "
                               "only one daemon may use a SQLite database") from None
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


def _flock_holder(fd: int) -> str:
    """The pid holding an flock on this file, from /proc/locks ("1: FLOCK ADVISORY WRITE <pid>
    <major>:<minor>:<inode> 0 EOF"); "?" where that is not available."""
    info = os.fstat(fd)
    ident = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii") as locks:
            for line in locks:
                parts = line.split()
                if "FLOCK" in parts and ident in parts and "->" not in parts:
                    return parts[parts.index(ident) - 1]
    except OSError:
        pass
    return "?"
