"""Checks of a SQLite database's files before newswatch writes to it.

- :func:`check_writable`: the database file and its folder must be writable, checked before
  SQLite opens anything (a start on a read-only file used to leave ``-shm``/``-wal`` files behind,
  read-only too, and every later start failed on them). Such leftovers, made by any earlier
  reader of a read-only database, get the database file's permissions back.
- :func:`check_integrity`: ``PRAGMA quick_check``, cut off after a time budget so a huge
  database cannot hold the start up; a damaged database is refused with what to do about it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from pathlib import Path

from storage.errors import StorageError

log = logging.getLogger("newswatch.storage")
QUICK_CHECK_SECONDS = 10.0
SIDE_FILES = ("-wal", "-shm")


def check_writable(path: Path) -> None:
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"the folder {folder} is not writable: SQLite keeps {path.name}-wal and "
                           f"{path.name}-shm beside the database")
    if not path.exists():
        return
    if not os.access(path, os.W_OK):
        raise StorageError(f"the database {path} is read-only (mode {stat.S_IMODE(path.stat().st_mode):04o}); "
                           f"newswatch needs to write it: chmod u+w {path}")
    for suffix in SIDE_FILES:
        _repair_side_file(path, path.with_name(path.name + suffix))


def _repair_side_file(db: Path, side: Path) -> None:
    try:
        info = side.stat()
    except FileNotFoundError:
        return
    if os.access(side, os.W_OK):
        return
    if info.st_uid != os.geteuid():
        raise StorageError(f"{side} is not writable by this user (left by another user's process?); "
                           "remove it while no newswatch or sqlite3 uses the database")
    mode = stat.S_IMODE(db.stat().st_mode)
    os.chmod(side, mode)
    log.warning("%s was read-only (left by an earlier start on a read-only database); it now has the "
                "database file's permissions (%04o)", side, mode)


def check_integrity(path: Path, budget: float = QUICK_CHECK_SECONDS) -> bool:
    """``PRAGMA quick_check`` within ``budget`` seconds: True when it passed, False when it ran out
    of time; a damaged database raises StorageError."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    deadline = time.monotonic() + budget
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as e:
        raise _damaged(path, str(e)) from e
    try:
        db.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        rows = [r[0] for r in db.execute("PRAGMA quick_check")]
    except sqlite3.OperationalError as e:
        if "interrupted" in str(e):
            return False
        raise _damaged(path, str(e)) from e
    except sqlite3.DatabaseError as e:   # "file is not a database", "database disk image is malformed"
        raise _damaged(path, str(e)) from e
    finally:
        db.close()
    if rows != ["ok"]:
        problems = [line for row in rows for line in str(row).splitlines() if not line.startswith("***")]
        more = f" and {len(problems) - 1} more problems" if len(problems) > 1 else ""
        raise _damaged(path, f"{problems[0] if problems else rows[0]}{more}")
    return True


def _damaged(path: Path, what: str) -> StorageError:
    return StorageError(
        f"the database {path} is damaged ({what.strip()}); newswatch will not run on it. Stop here, keep a "
        f"copy, and recover what is readable: sqlite3 {path} .recover | sqlite3 repaired.db (then point "
        "[watch] database at repaired.db), or move the file away to start afresh")
