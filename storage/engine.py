"""Engine setup and schema migrations.

SQLite: WAL, ``synchronous=FULL`` (bookkeeping commits alone skip the fsync: ``BaseStore.tx``),
``busy_timeout``, ``foreign_keys=ON``, and every transaction opened with ``BEGIN IMMEDIATE``
(pysqlite's deferred BEGIN loses updates and throws "database is locked" with several writers;
hazards.md F13). Read-only engines (inspection commands) use a plain deferred BEGIN so they
never wait for the writer. PostgreSQL needs nothing special here. The schema belongs to
Alembic; :func:`migrate` upgrades to head at start. On PostgreSQL several daemons may start at
once: the upgrade runs under a transaction-level advisory lock, so one instance migrates while
the others wait and then find the schema current.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 30_000
SYNCHRONOUS = "FULL"       # every commit waits for the disk, except bookkeeping (store.BaseStore.tx)
# pg_advisory_xact_lock key for schema migrations (any constant shared by every instance: "nwmigrat")
MIGRATION_LOCK = 0x6E776D6967726174


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    if not is_sqlite(url) or url.endswith(":memory:"):
        return None
    return Path(url.split("///", 1)[1])


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
                               poolclass=NullPool if readonly else None)
        _sqlite_listeners(engine, readonly)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_listeners(engine: Engine, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None       # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not readonly:
            # only takes effect on a new, empty database: pruned space can then be given back to
            # the filesystem page by page (storage.maintenance); an older file is converted once
            cur.execute("PRAGMA auto_vacuum=INCREMENTAL")
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


_REVISION = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*['\"]?([\w-]+|None)['\"]?", re.M)


def head_revision() -> str | None:
    """The newest migration's revision, read from migrations/versions/*.py without Alembic: the one
    revision no other migration names as its ``down_revision`` (None when that is not one)."""
    revisions, downs = set(), set()
    for path in (Path(__file__).parent / "migrations" / "versions").glob("*.py"):
        found = {m.group(1): m.group(2) for m in _REVISION.finditer(path.read_text(encoding="utf-8"))}
        if "revision" in found:
            revisions.add(found["revision"])
            downs.add(found.get("down_revision"))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database (None when it has none yet)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest Alembic revision (idempotent). A database already at the
    head is left alone without loading Alembic (lazy-for-start-up: ~0.1 s at every start); one
    that needs upgrading (a new one, every first start) is upgraded by a child process
    (:func:`upgrade_apart`), so Alembic and what it loads (~10 MiB) do not stay in the daemon
    for its life; here, as before, when the child did not bring it to the head (same errors)."""
    head = head_revision()
    if head is not None and current_revision(engine) == head:
        return
    if head is not None and upgrade_apart(engine) and current_revision(engine) == head:
        return
    upgrade(engine)


def upgrade(engine: Engine) -> None:
    """Upgrade to the head with Alembic, in this process."""
    from alembic import command  # lazy-for-start-up (see migrate)
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # held until this transaction commits (the whole upgrade is one transaction): the
            # others wait here, then read the version table again and find nothing to do
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def upgrade_apart(engine: Engine) -> bool:
    """:func:`upgrade` in a child process (``python -m storage.upgrade``, which reads the URL on
    its standard input: never on a command line, where other users see it); whether it exited
    0. Not for an in-memory SQLite database (a child would upgrade its own)."""
    if not sys.executable or (engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")):
        return False
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run([sys.executable, "-m", "storage.upgrade"], input=engine.url.render_as_string(False),
                              text=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    except OSError:
        return False
    return done.returncode == 0


@contextlib.contextmanager
def sqlite_autocommit(engine: Engine) -> Iterator[sqlite3.Cursor]:
    """A cursor outside any transaction, for the statements SQLite refuses inside one
    (``wal_checkpoint``, ``VACUUM``, ``incremental_vacuum``): the engine's begin hook would
    wrap anything sent through a SQLAlchemy connection in ``BEGIN IMMEDIATE``."""
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            yield cursor
        finally:
            cursor.close()
    finally:
        raw.close()


def pragma(engine: Engine, name: str) -> Any:
    if engine.dialect.name == "sqlite":
        with sqlite_autocommit(engine) as cur:
            row = cur.execute(f"PRAGMA {name}").fetchone()
            return None if row is None else row[0]
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def on_network_filesystem(path: Path) -> str | None:
    """The filesystem type when the database sits on NFS/SMB/etc. (WAL does not work there)."""
    try:
        target = os.path.realpath(path.parent)
        best = ("", "")
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) >= 3 and target.startswith(parts[1]) and len(parts[1]) > len(best[0]):
                    best = (parts[1], parts[2])
    except OSError:
        return None
    fstype = best[1]
    return fstype if fstype.split(".")[0] in {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs",
                                              "glusterfs", "lustre", "gpfs", "ceph"} else None
