"""The SQLite file's checks begun in a thread as soon as config.toml is read (``run``, ``run
--once``), before the daemon's stack is imported: ``PRAGMA quick_check`` releases the GIL while it
reads the file (~0.06 s for a 66 MB database, at every start), so it runs while the main thread
imports the stack (~0.2 s) and validates the rules instead of after them.

This module imports nothing heavy: the thread itself imports :mod:`storage` (SQLAlchemy, which the
main thread needs too; Python's import locks let one of them do it). Only a file that needs no
repair is checked early (every file writable as it is: ``check_writable`` would change nothing and
log nothing); ``lock_database`` makes the check itself, after taking the lock, when the early one
was not made, so what is reported and in which order stays the same."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage import StorageError


class Preflight:
    """``Preflight(database_url)`` starts the thread; :meth:`outcome` joins it."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.path: Path | None = None           # the SQLite file checked (None: PostgreSQL, or not checked)
        self.complete: bool | None = None       # None: not checked here (lock_database checks)
        self.error: StorageError | None = None
        self._thread = threading.Thread(target=self._run, name="newswatch-preflight", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from storage import StorageError, check_integrity, on_network_filesystem, sqlite_path

        path = sqlite_path(self.database_url)
        if path is None or on_network_filesystem(path) or not _writable_as_is(path):
            return      # PostgreSQL; a network filesystem (refused by lock_database); a file to repair first
        self.path = path
        try:
            self.complete = check_integrity(path)
        except StorageError as e:      # raised in the caller's thread by outcome()
            self.error = e

    def wait(self) -> None:
        """Until the check is over (its outcome unread: a start refused for other reasons)."""
        self._thread.join()

    def outcome(self, path: Path) -> bool | None:
        """For the database at ``path``: True when the quick check passed, False when it ran out of
        time, None when it was not made here; raises the damage it found."""
        self._thread.join()
        if self.path != path:
            return None
        if self.error is not None:
            raise self.error
        return self.complete


def _writable_as_is(path: Path) -> bool:
    """The database, its folder and side files exist as ``check_writable`` leaves them."""
    files = [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))]
    return os.access(path.parent, os.W_OK | os.X_OK) and all(not f.exists() or os.access(f, os.W_OK) for f in files)
