"""A cache of clean rule loads: a start whose rule files did not change unpickles the compiled
rule set instead of parsing the YAML, compiling and running the examples again (~0.2 s of a
~1.7 s warm ``run --once``). Unpickling leaves the rule set packed (its rules' heads apart):
its conditions are unpickled, and their regexes compiled, when an entry first needs matching
(:meth:`watcher.ruleset.RuleSet.unpack`; ~0.03-0.05 s for the shipped rules), so a cycle of
304s never pays for them. A packed part that cannot be read then loads the files again.

Only a clean outcome is stored (no problem in the files, every example passes); a set with a
problem is always loaded in full, so every problem is reported with its file and line. The
subscriber check is not part of it (config.toml is not in the key): it runs at every load.

The key is a sha256 over everything the outcome depends on: the bytes (not the mtime) of every
``*.yaml``/``*.yml`` under the rules folder, whether feed ids are checked (a hit is used only when
every feed id or tag the rules name is among the config's: the others do not change the outcome,
so a feed added to config.toml keeps the entry), the base folder given, the
working folder (messages and ``Rule.source`` are relative to it: when it holds the rules and the
config folder, only their places in it count, see :func:`_placement`), newswatch's version, Python's
version, the versions of the libraries the compiled form is made with, and a fingerprint of the
code: (path, mtime_ns, size) of every ``.py`` of the ``watcher`` package. The whole package
rather than a hand-kept list of the modules the loader uses (ruleset, textfold, yamlpos,
validation, messages, errors...): a list would silently miss the next import, and stating ~110
files costs ~3 ms. Both fingerprints are taken once per process: a daemon whose package is
upgraded under it keeps storing what its own (old) code made under its own (old) fingerprint.
A hit is also checked against the sha256 of every file the loader read (an imported list file
need not be named ``*.yaml``).

Where: ``$NEWSWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/newswatch``, else
``~/.cache/newswatch``. The cache never fails a load: a folder that cannot be created or written
means no caching, a corrupt, truncated or foreign file is ignored (and replaced).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import watcher
from watcher.errors import display_path
from watcher.pipeline.cachefiles import cache_dir, code_fingerprint, dependency_versions, prune, touch, write_atomic
from watcher.ruleset import LoadResult
from watcher.ruleset.files import MAX_SET_BYTES, MAX_SET_FILES
from watcher.yamldoc import MAX_BYTES

log = logging.getLogger("newswatch.rules")

FORMAT = 3           # bump when what is stored changes shape (2: the rule set stays packed until used; 3: feed_refs)
KEEP = 4             # newest cache files kept (a few configs or rule folders side by side)
DEPENDENCIES = ("pyahocorasick", "PyStemmer", "google-re2", "PyYAML", "pydantic")


def _rule_file_hashes(rules_dir: Path) -> dict[str, str] | None:
    """Resolved path -> sha256 of the bytes of every ``*.yaml``/``*.yml`` under the folder; None
    (no caching: the loader will report why) when the folder is missing, a file cannot be read,
    one leads out of the folder, or the set is over the loader's bounds."""
    if not rules_dir.is_dir():
        return None
    root = rules_dir.resolve()
    out: dict[str, str] = {}
    total = 0
    try:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".yaml", ".yml") or not path.is_file():
                continue
            target = path.resolve()
            size = target.stat().st_size
            total += size
            if root not in target.parents or size > MAX_BYTES or total > MAX_SET_BYTES or len(out) >= MAX_SET_FILES:
                return None
            out[str(target)] = hashlib.sha256(target.read_bytes()).hexdigest()
    except (OSError, RuntimeError):
        return None
    return out


def _placement(rules_dir: Path, base_dir: Path | None, hashes: dict[str, str]) -> list[Any]:
    """Where the rule files are, as far as the outcome depends on it. When the working folder holds
    the rules folder, the config folder and every rule file (no symlink out), every path in the
    outcome is relative (messages and ``Rule.source`` to the working folder, recorded sources to
    the config folder): the same layout under another folder (a copied deployment, a test's
    project) is the same outcome, and shares the entry. Otherwise the absolute paths count."""
    cwd = os.getcwd()
    here = Path(cwd)
    try:
        if here.resolve() != here:
            raise ValueError(cwd)
        return ["relative", rules_dir.resolve().relative_to(here).as_posix(),
                None if base_dir is None else base_dir.resolve().relative_to(here).as_posix(),
                sorted((Path(path).relative_to(here).as_posix(), digest) for path, digest in hashes.items())]
    except (ValueError, OSError):
        return ["absolute", cwd, str(rules_dir), str(rules_dir.resolve()),
                None if base_dir is None else (str(base_dir), str(base_dir.resolve())), sorted(hashes.items())]


@dataclass(frozen=True)
class RuleCache:
    """The cache entry one load would use: its file and key, and the hashes of the rule files."""

    path: Path
    digest: str
    hashes: dict[str, str]
    known_feeds: frozenset[str] | None = None   # the config's feed ids and tags (None: not checked)

    @classmethod
    def for_load(cls, rules_dir: Path, feed_ids: tuple[str, ...] | None, feed_tags: tuple[str, ...] | None,
                 base_dir: Path | None) -> RuleCache | None:
        """The entry for these inputs, or None when this load cannot be cached."""
        folder = cache_dir()
        hashes = _rule_file_hashes(rules_dir) if folder is not None else None
        if folder is None or hashes is None:
            return None
        inputs: list[Any] = [
            FORMAT, watcher.__version__, sys.version, dependency_versions(DEPENDENCIES), code_fingerprint(),
            _placement(rules_dir, base_dir, hashes), feed_ids is None]
        digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
        known = None if feed_ids is None else frozenset(feed_ids) | frozenset(feed_tags or ())
        return cls(folder / f"rules-{digest[:16]}.pickle", digest, hashes, known)

    def load(self) -> LoadResult | None:
        """The cached outcome, or None (absent, unreadable, foreign, stale: load in full)."""
        try:
            with self.path.open("rb") as f:
                st = os.fstat(f.fileno())
                if st.st_uid != os.getuid() or st.st_mode & 0o077:
                    return None      # not written by us (we write 0600 files only)
                # pickle runs code: only ever loaded from our own cache folder, from a file that
                # this user owns and no one else can write (checked above, on the open file)
                entry = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception as e:  # noqa: BLE001 - corrupt, truncated, from other code: ignored, replaced
            log.debug("ignoring the rule cache %s (%s: %s)", self.path, type(e).__name__, e)
            return None
        if not (isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (FORMAT, self.digest)
                and isinstance(entry[2], LoadResult) and self.read_same(entry[2]) and self.feeds_known(entry[2])):
            return None
        result: LoadResult = entry[2]
        touch(self.path)             # pruning keeps the most recently used
        log.debug("rules from cache %s", self.path)
        return result

    def feeds_known(self, result: LoadResult) -> bool:
        """Whether every feed id or tag the rules name is one of this config's: the outcome then
        does not depend on the others (a feed added to config.toml keeps the entry); a name
        missing is a problem, which a load in full reports."""
        return self.known_feeds is None or result.feed_refs <= self.known_feeds

    def read_same(self, result: LoadResult) -> bool:
        """Whether every file the loader read still has the bytes it read."""
        for source, digest in result.files.items():
            path = str(Path(source).resolve())
            known = self.hashes.get(path)
            if known is None:
                try:
                    known = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                except OSError:
                    return False
            if known != digest:
                return False
        return True

    def store(self, result: LoadResult) -> None:
        """Write a clean outcome (atomically), then prune old entries; never raises."""
        if result.problems or not self.read_same(result):
            return                   # a file changed while it was loaded: the key is not its key
        try:
            write_atomic(self.path, lambda f: pickle.dump((FORMAT, self.digest, result), f,
                                                          protocol=pickle.HIGHEST_PROTOCOL))
            prune(self.path.parent, self.path, "rules-*.pickle", KEEP)
        except OSError as e:
            log.debug("the rule cache %s was not written (%s)", self.path, e)
        except Exception as e:  # noqa: BLE001 - a start never fails because of the cache
            log.warning("the rule cache %s was not written (%s: %s)", display_path(self.path), type(e).__name__, e)

