"""The on-disk caches' common ground (I/O edge): where they live, what identifies the code that
made an entry, writing an entry atomically and pruning old ones. Used by the compiled-rules cache
(rulecache.py) and the word-frequency prior's cache (priorcache.py).

Where: ``$NEWSWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/newswatch``, else ``~/.cache/newswatch``.
A cache never fails what it speeds up: callers catch ``OSError`` from ``write_atomic`` and treat
a folder that cannot be created or written as no caching.
"""

from __future__ import annotations

import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import IO, Callable

import watcher

STALE_TMP = 600.0    # seconds after which a temporary file left by a crashed write is removed


def cache_dir() -> Path | None:
    """The cache folder: ``$NEWSWATCH_CACHE_DIR``, ``$XDG_CACHE_HOME/newswatch`` or
    ``~/.cache/newswatch``; None when there is no home to put it in."""
    if os.environ.get("NEWSWATCH_CACHE_DIR"):
        return Path(os.environ["NEWSWATCH_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "newswatch"
    try:
        return Path.home() / ".cache" / "newswatch"
    except RuntimeError:
        return None


@lru_cache(maxsize=1)
def code_fingerprint() -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of every ``.py`` of the ``watcher`` package, taken once per process:
    the whole package rather than a hand-kept list of the modules a cached result depends on (a
    list would silently miss the next import; stating ~110 files costs ~3 ms). A daemon whose
    package is upgraded under it keeps storing what its own (old) code made under its own (old)
    fingerprint."""
    root = Path(watcher.__file__).resolve().parent
    out = []
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        out.append((path.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(out)


@lru_cache(maxsize=8)
def dependency_versions(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(name, installed version or "?") of each distribution a cached result is made with."""
    return tuple((name, _version(name)) for name in names)


def _version(name: str) -> str:
    """``metadata.version(name)`` without its parse of the whole METADATA file as an e-mail
    message (~1 ms a distribution, at every start): the ``Version:`` header line read directly,
    the full parse only when that line is not where the format puts it (among the headers)."""
    from importlib import metadata  # lazy: the CLI imports this module (codecache) at every command
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return "?"
    for line in (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").splitlines():
        if not line:
            break       # the end of the headers
        if line.startswith("Version:"):
            return line[len("Version:"):].strip()
    return dist.version or "?"


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write a cache entry through a temporary file (mode 0600, in a folder made 0700) renamed
    over ``path``: a reader sees the old entry or the whole new one, never a part."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name.split('-')[0]}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def prune(folder: Path, current: Path, pattern: str, keep: int) -> None:
    """Keep the ``keep`` most recently used entries matching ``pattern`` (``rules-*.pickle``: a
    hit touches its file); remove temporary files a crashed write left behind."""
    now = time.time()
    entries = []
    for path in folder.glob(pattern):
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    stale = [p for _, p in entries[keep:] if p != current]
    for path in folder.glob(f".{pattern.split('-')[0]}-*.tmp"):
        try:
            if now - path.stat().st_mtime > STALE_TMP:
                stale.append(path)
        except OSError:
            continue
    for path in stale:
        try:
            path.unlink()
        except OSError:
            pass


def touch(path: Path) -> None:
    """Mark an entry as just used (pruning keeps the most recently used)."""
    try:
        os.utime(path)
    except OSError:
        pass
