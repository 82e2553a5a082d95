"""Compiled dataclass methods kept across starts (issue 13).

``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``, ``__eq__``,
``__setattr__``... and compiles it with ``exec`` when the class is made: ~700 functions for the
~140 dataclasses ``run`` imports (newswatch's, pydantic's, annotated_types'), ~17% of the
instructions of its imports (callgrind). :func:`install` gives the ``dataclasses`` module an
``exec`` of its own that looks the source up in a table of code objects read from the cache
folder and compiles only what is not there; :func:`save` (at exit) writes the table back when
something new was compiled.

The table is keyed by the source text itself, compiled as ``exec`` compiles it there (file name
``<string>``, no inherited ``__future__`` flags): a changed class has another source and is
compiled anew, an unchanged one gets the very code ``exec`` would have made. The file is named
after the interpreter (``sys.version``: byte code differs between versions). Only the CLI
installs it, at the start of a command.

Where: the caches' folder (:func:`watcher.pipeline.cachefiles.cache_dir`). Like the others, it
never fails what it speeds up: a missing, truncated, corrupt or foreign file (not ours, or
writable by others: code is run from it) is ignored and replaced; a folder that cannot be
written means no caching.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import hashlib
import logging
import marshal
import os
import sys
import types
from pathlib import Path
from typing import Any

from watcher.pipeline.cachefiles import cache_dir, write_atomic

log = logging.getLogger("newswatch.cache")
MAGIC = b"newswatch-dataclass-code 1\n"
MAX_ENTRIES = 5_000      # beyond this, a save keeps only what this process used (classes come and go)


class CodeTable:
    """Source text -> code object, as ``exec`` compiles it in the ``dataclasses`` module."""

    def __init__(self, path: Path | None, known: dict[str, types.CodeType]) -> None:
        self.path = path
        self.known = known
        self.used: set[str] = set()
        self.new = 0

    def exec(self, source: object, globals: Any = None, locals: Any = None, /) -> None:  # noqa: A002
        """``exec`` for the dataclasses module: a source string compiled once across starts."""
        if isinstance(source, str):
            code = self.known.get(source)
            if code is None:
                code = self.known[source] = compile(source, "<string>", "exec", dont_inherit=True)
                self.new += 1
            self.used.add(source)
            source = code
        builtins.exec(source, globals, locals)  # type: ignore[arg-type]

    def save(self) -> None:
        """Write the table when something was compiled; never raises."""
        if not self.new or self.path is None:
            return
        known = dict(self.known)     # a snapshot (one step under the GIL): a daemon thread may still add
        table = known if len(known) <= MAX_ENTRIES else {s: known[s] for s in set(self.used) if s in known}
        try:
            payload = marshal.dumps(table)
            write_atomic(self.path, lambda f: f.writelines([MAGIC, hashlib.sha256(payload).digest(), payload]))
        except (OSError, ValueError) as e:
            log.debug("the dataclass code cache %s was not written (%s)", self.path, e)
        self.new = 0


def table_path() -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    version = hashlib.sha256(sys.version.encode()).hexdigest()[:16]
    return folder / f"dataclasses-{sys.implementation.cache_tag}-{version}.marshal"


def read_table(path: Path | None) -> dict[str, types.CodeType]:
    """The stored table; empty when absent, damaged or not ours alone to write."""
    if path is None:
        return {}
    try:
        with path.open("rb") as f:
            st = os.fstat(f.fileno())
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return {}
            data = f.read()
    except OSError:
        return {}
    head, digest, payload = data[:len(MAGIC)], data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
    if head != MAGIC or hashlib.sha256(payload).digest() != digest:
        return {}
    try:
        table = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, str) and isinstance(v, types.CodeType)}


def install() -> CodeTable | None:
    """Give ``dataclasses`` the cached ``exec`` (once per process) and save the table at exit;
    None when it is installed already."""
    if isinstance(getattr(dataclasses, "exec", None), types.MethodType):
        return None
    path = table_path()
    table = CodeTable(path, read_table(path))
    dataclasses.exec = table.exec  # type: ignore[attr-defined]
    atexit.register(table.save)
    return table
