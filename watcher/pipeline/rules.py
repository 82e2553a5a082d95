"""The active rule set and its hot reload: a new set that fails validation or its own tests is
rejected as a whole, the last good set keeps running, and the error is reported once.

Loading and compiling run in a worker thread, never on the event loop (a big rule set takes
seconds; fetches in flight must not stall). A reload that would leave a subscriber's ``rules``
naming a rule id or tag that no longer exists is rejected too: config.toml only changes at a
restart, so accepting it would silently cut that subscriber off. An unexpected failure while
loading is reported like any problem and retried at the next check.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from watcher.apart import forked
from watcher.errors import ConfigError, Problem
from watcher.messages import excerpt
from watcher.pipeline.rulecache import RuleCache
from watcher.references import subscriber_rule_problems
from watcher.ruleset import LoadResult, RuleSet, display_path
from watcher.ruleset.files import files_signature

if TYPE_CHECKING:
    from watcher.config import Config

log = logging.getLogger("newswatch.rules")
T = TypeVar("T")

SETTLE_TRIES = 3    # loads of one reload while the files change under it (an editor saving several)


@dataclass(frozen=True)
class ReloadOutcome:
    changed: bool                   # the active rules changed (added, removed or modified)
    problems: tuple[Problem, ...] = ()
    first_report: bool = False      # True the first time this exact set of problems is seen
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    recovered: bool = False         # valid again after a rejected reload: the rule files are in force
    settled: bool = True            # False: the files kept changing while read; nothing was loaded

    def summary(self) -> str:
        """``added: a, b; changed: c; removed: d``."""
        parts = [f"{name}: {', '.join(ids)}" for name, ids in
                 (("added", self.added), ("changed", self.modified), ("removed", self.removed)) if ids]
        return "; ".join(parts)


def load_checked(rules_dir: Path, feed_ids: Iterable[str], feed_tags: Iterable[str], *,
                 config: Config | None = None) -> tuple[LoadResult, list[Problem]]:
    """Load the rules and run their embedded examples; every problem in one list. With
    ``config``, also every subscriber ``rules`` entry that names no rule id or tag. A clean
    outcome comes from, or goes to, the rule cache (watcher/pipeline/rulecache.py)."""
    ids, tags = tuple(feed_ids), tuple(feed_tags)
    base_dir = config.base_dir if config is not None else None
    cache = RuleCache.for_load(rules_dir, ids, tags, base_dir)
    cached = cache.load() if cache is not None else None
    problems: list[Problem]
    if cache is not None and cached is not None:
        result, problems = cached, []
        path = cache.path
        result.ruleset.recover_with(lambda e: _loaded_again(rules_dir, ids, tags, base_dir, path, e))
    else:
        result, problems = _load_in_full(rules_dir, ids, tags, base_dir)
        if cache is not None and not problems:
            cache.store(result)
    if config is not None and result.complete:
        problems += subscriber_rule_problems(config, result.ids, result.tags)
    return result, problems


def _loaded_again(rules_dir: Path, feed_ids: tuple[str, ...], feed_tags: tuple[str, ...], base_dir: Path | None,
                  cache_path: Path, error: Exception) -> RuleSet:
    """The rules of a cache hit whose packed part cannot be read after all (RuleSet.unpack),
    loaded from their files again; ConfigError with every problem if they no longer load cleanly."""
    log.warning("the rule cache %s could not be read (%s: %s); loading the rule files again",
                display_path(cache_path), type(error).__name__, excerpt(str(error), 120))
    result, problems = _load_in_full(rules_dir, feed_ids, feed_tags, base_dir)
    if problems:
        raise ConfigError(problems)
    return result.ruleset


def _load_in_full(rules_dir: Path, feed_ids: tuple[str, ...], feed_tags: tuple[str, ...], base_dir: Path | None,
                  ) -> tuple[LoadResult, list[Problem]]:
    """The rule files read, compiled and their examples run; every problem. In a forked child
    when that is safe (watcher/apart.py: the compiler's garbage never stays in this process, which gets
    the rule set packed, as from the rule cache), else here."""
    data = forked(lambda: pickle.dumps(_load_here(rules_dir, feed_ids, feed_tags, base_dir),
                                       protocol=pickle.HIGHEST_PROTOCOL))
    if data is not None:
        try:
            # our own child's answer, written a moment ago
            loaded: tuple[LoadResult, list[Problem]] = pickle.loads(data)  # noqa: S301
            return loaded
        except Exception as e:  # noqa: BLE001 - loaded here instead
            log.debug("the rules loaded apart could not be read (%s: %s)", type(e).__name__, e)
    return _load_here(rules_dir, feed_ids, feed_tags, base_dir)


def _load_here(rules_dir: Path, feed_ids: tuple[str, ...], feed_tags: tuple[str, ...], base_dir: Path | None,
               ) -> tuple[LoadResult, list[Problem]]:
    """:func:`_load_in_full` in this process."""
    # lazy-for-start-up: a start from the rule cache never imports the loader, schema or compiler
    from watcher.ruleset import load_rules, run_examples
    result = load_rules(rules_dir, feed_ids=feed_ids, feed_tags=feed_tags, base_dir=base_dir)
    return result, result.problems + run_examples(result.ruleset)


def _load_unpacked(rules_dir: Path, feed_ids: Iterable[str], feed_tags: Iterable[str],
                   config: Config | None) -> tuple[LoadResult, list[Problem]]:
    """:func:`load_checked`, a rule set from the cache unpacked here too: a reload runs in a
    worker thread so that the event loop never waits for it, nor for its first match."""
    result, problems = load_checked(rules_dir, feed_ids, feed_tags, config=config)
    result.ruleset.unpack()
    return result, problems


def rule_changes(old: RuleSet, new: RuleSet) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(added, removed, modified) rule ids; a rule is modified when its definition hash is."""
    before = {r.id: r.hash for r in old.heads}
    after = {r.id: r.hash for r in new.heads}
    added = tuple(i for i in after if i not in before)
    removed = tuple(i for i in before if i not in after)
    modified = tuple(i for i in after if i in before and before[i] != after[i])
    return added, removed, modified


def _without_gc(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn`` with the cyclic garbage collector paused. Loading allocates millions of
    objects; each collection they trigger holds the GIL (up to ~0.4 s each, many of them) and
    stalls the event loop thread that long. The objects that survive (the new rule set) are
    frozen out of later young-generation scans; the next reload unfreezes them, so the old rule
    set is collected once it is replaced. bench/reload.py measures the stall."""
    enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()          # what the last reload froze (the old rule set among it) may go now
    try:
        return fn(*args, **kwargs)
    finally:
        gc.freeze()        # the new objects skip the young-generation scans that would stall
        if enabled:
            gc.enable()


class RulesHolder:
    def __init__(self, rules_dir: Path, feed_ids: Iterable[str], feed_tags: Iterable[str], ruleset: RuleSet,
                 config: Config | None = None) -> None:
        self.rules_dir = rules_dir
        self.feed_ids = tuple(feed_ids)
        self.feed_tags = tuple(feed_tags)
        self.config = config
        self.current = ruleset
        self.signature = files_signature(rules_dir)
        self.reported: str | None = None
        self._lock: asyncio.Lock | None = None

    async def reload(self, *, force: bool = False) -> ReloadOutcome:
        """Load the rule files again if they changed (always with ``force``), off the event
        loop; swap them in when they are valid. One reload at a time. Files saved while they
        were being read are read again (a half-saved set is neither applied nor reported)."""
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            signature = await asyncio.to_thread(files_signature, self.rules_dir)
            if signature == self.signature and not force:
                return ReloadOutcome(False)
            for _ in range(SETTLE_TRIES):
                try:
                    result, problems = await asyncio.to_thread(_without_gc, _load_unpacked, self.rules_dir,
                                                               self.feed_ids, self.feed_tags, self.config)
                except Exception as e:  # noqa: BLE001 - a loader bug must not end reloads: report, retry later
                    log.exception("loading the rule files failed")
                    return self._rejected([Problem(display_path(self.rules_dir), None, None,
                                                   f"the rule files could not be loaded ({type(e).__name__}: "
                                                   f"{excerpt(str(e), 120)}); trying again at the next check")])
                after = await asyncio.to_thread(files_signature, self.rules_dir)
                if after == signature:
                    self.signature = signature
                    return self.apply(result, problems)
                signature = after      # saved while being read: what was read may be half old, half new
            return ReloadOutcome(False, settled=False)

    def apply(self, result: LoadResult, problems: list[Problem]) -> ReloadOutcome:
        """Swap in a loaded rule set unless it has problems (pure bookkeeping, no I/O)."""
        if problems:
            return self._rejected(problems)
        recovered = self.reported is not None
        self.reported = None
        added, removed, modified = rule_changes(self.current, result.ruleset)
        self.current = result.ruleset      # also when only comments moved: sources and lines stay true
        return ReloadOutcome(bool(added or removed or modified), (), False, added, removed, modified, recovered)

    def _rejected(self, problems: list[Problem]) -> ReloadOutcome:
        digest = hashlib.sha256("\n".join(str(p) for p in problems).encode()).hexdigest()
        first = digest != self.reported
        self.reported = digest
        return ReloadOutcome(False, tuple(problems), first)
