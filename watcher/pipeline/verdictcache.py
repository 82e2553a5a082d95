"""A cache of Apprise's verdicts on subscriber URLs (issue 13): a start whose config names the
same destinations as the last one reads whether Apprise accepts each URL, and its privacy-masked
form, from one small file instead of forking a child that imports Apprise and every plugin it
needs (~0.17 s of CPU at every ``run --once`` and ``check``, on the second core the rest of the
start and the polls share).

A verdict is a pure function of the URL, Apprise's version and newswatch's code (which plugins
it loads for a scheme: watcher/apprise_plugins.py), so the file's key is a sha256 over this
format, newswatch's, Apprise's and Python's versions and the code fingerprint of the ``watcher``
package (cachefiles.py); inside it each URL is known by its sha256 only, never written out, so
a secret in a URL (a password, a token) never reaches the disk; the masked form kept beside it
is the one Apprise shows in logs (secrets replaced). The file is JSON, 0600 in a 0700 folder,
read only when this user owns it and no one else can write it. A missing, corrupt or foreign file
means asking Apprise as before; a folder that cannot be written means no caching; never a
failure.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import watcher
from watcher.destinations import Verdict, known_verdict, remember_verdict
from watcher.pipeline.cachefiles import cache_dir, code_fingerprint, dependency_versions, prune, touch, write_atomic

log = logging.getLogger("newswatch.config")

FORMAT = 1
KEEP = 2                 # newest files kept (an upgrade side by side with the old version)
MAX_URLS = 512           # verdicts one file keeps (the newest config's first)


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class VerdictCache:
    path: Path

    @classmethod
    def here(cls) -> VerdictCache | None:
        """The cache file for this code and this Apprise; None when there is no cache folder."""
        folder = cache_dir()
        if folder is None:
            return None
        inputs = [FORMAT, watcher.__version__, sys.version, dependency_versions(("apprise",)), code_fingerprint()]
        digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
        return cls(folder / f"verdicts-{digest[:16]}.json")

    def read(self) -> dict[str, list[object]]:
        """url key -> [accepted, privacy]; empty when absent, unreadable or not ours."""
        try:
            with self.path.open("rb") as f:
                st = os.fstat(f.fileno())
                if st.st_uid != os.getuid() or st.st_mode & 0o022:
                    return {}
                data = json.load(f)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            log.debug("ignoring the verdict cache %s (%s)", self.path, e)
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("verdicts"), dict):
            return {}
        return {k: v for k, v in data["verdicts"].items()
                if isinstance(v, list) and len(v) == 2 and isinstance(v[0], bool) and isinstance(v[1], (str, type(None)))}

    def write(self, verdicts: dict[str, list[object]]) -> None:
        try:
            payload = json.dumps({"format": FORMAT, "verdicts": verdicts}).encode()
            write_atomic(self.path, lambda f: f.writelines([payload]))
            prune(self.path.parent, self.path, "verdicts-*.json", KEEP)
        except OSError as e:
            log.debug("the verdict cache %s was not written (%s)", self.path, e)


def recall(urls: Iterable[str]) -> VerdictCache | None:
    """Give :mod:`watcher.destinations` the cached verdicts on ``urls`` (those it then need not
    ask Apprise about); the cache to :func:`keep` the answers in afterwards."""
    cache = VerdictCache.here()
    if cache is None:
        return None
    stored = cache.read()
    found = 0
    for url in urls:
        entry = stored.get(url_key(url))
        if entry is not None:
            remember_verdict(url, Verdict(bool(entry[0]), entry[1] if isinstance(entry[1], str) else None))
            found += 1
    if found:
        touch(cache.path)
    return cache


def keep(cache: VerdictCache | None, urls: Iterable[str]) -> None:
    """Store the verdicts known now on ``urls`` (those asked since :func:`recall` included),
    when any is not in the file yet."""
    if cache is None:
        return
    stored = cache.read()
    fresh: dict[str, list[object]] = {}
    for url in urls:
        verdict = known_verdict(url)
        if verdict is not None:
            fresh[url_key(url)] = [verdict.accepted, verdict.privacy]
    if all(stored.get(k) == v for k, v in fresh.items()):
        return
    merged = {**fresh, **{k: v for k, v in stored.items() if k not in fresh}}
    cache.write(dict(list(merged.items())[:MAX_URLS]))
