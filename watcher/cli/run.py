"""`newswatch run [--once]` and `newswatch check`."""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Coroutine, TypeVar

from watcher import malloc
from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, EXIT_RUNTIME, CommandError
from watcher.cli.loading import config_warnings, validate
from watcher.errors import TemplateError, WatcherError
from watcher.log import setup_logging
from watcher.messages import counted

if TYPE_CHECKING:
    from watcher.config import Config
    from watcher.daemon import Daemon, OnceSummary
    from watcher.preflight import Preflight

log = logging.getLogger("newswatch")
T = TypeVar("T")


def cmd_run(args: argparse.Namespace) -> int:
    malloc.tune()   # before any thread starts: glibc's arenas capped (watcher.malloc)
    gc.disable()    # start-up makes ~130k objects that all live on: no collection scans them (tune_gc)
    try:
        daemon = _daemon(args)
    except BaseException:
        gc.enable()
        raise
    from storage import StorageError  # loaded with the daemon stack by _daemon
    tune_gc()
    try:
        if args.once:
            return _report_once(run_loop(daemon.run_once(all_feeds=args.all)))
        run_loop(daemon.run_forever())
    except StorageError as e:
        raise CommandError(f"database: {e}") from None
    except WatcherError as e:
        raise CommandError(str(e)) from None
    return EXIT_OK


GC_THRESHOLDS = (20_000, 20, 10)   # Python's default (700, 10, 10) collected ~2,000 times in a cold cycle


def tune_gc() -> None:
    """Fewer cyclic collections for a process that keeps a large, growing story index: what
    start-up built (modules, config, rules) leaves the collector's scans (``gc.freeze``), and
    the young generation is collected every 20,000 allocations instead of 700. Measured on a
    cold cycle of 1,000 x 50 entries: 3.8 -> 0.9 s of collection, 48 -> 45 s CPU. Collection is
    off during start-up (``cmd_run``) and on again from here."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def run_loop(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)``, on uvloop's event loop when it is installed (the ``speed`` extra:
    less CPU per request and per callback); ``NEWSWATCH_UVLOOP=0`` keeps asyncio's own."""
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        return runner.run(main)


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    if os.environ.get("NEWSWATCH_UVLOOP", "1") == "0":
        return None
    try:
        uvloop = importlib.import_module("uvloop")
    except ImportError:
        return None
    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory


def _daemon(args: argparse.Namespace) -> Daemon:
    """The daemon for the validated config and rules (CommandError with every problem)."""
    begun: list[Preflight] = []
    config, ruleset, problems = validate(args.config, lambda c: begun.append(_begin(c)))
    from watcher.daemon import Daemon, prepare_renderer
    preflight = begun[0] if begun else None
    if problems or config is None or ruleset is None:
        if preflight is not None:       # its outcome is not reported: the config's problems are
            preflight.wait()
        raise CommandError("\n".join(str(p) for p in problems), EXIT_CONFIG)
    setup_logging(args.log_level or config.watch.log_level, config.secrets, fmt=config.watch.log_format)
    for warning in config_warnings(config):
        log.warning("%s", warning)
    try:
        prepare_renderer(config)
    except TemplateError as e:
        raise CommandError(str(e), EXIT_CONFIG) from None
    if args.all and not args.once:
        raise CommandError("--all goes with --once (the daemon keeps every feed's backoff)", EXIT_CONFIG)
    return Daemon(config, ruleset, preflight=preflight)


def _begin(config: Config) -> Preflight:
    """Once config.toml is read, while the rules are validated (and Apprise reads the destination
    URLs in its child): begin the database file's checks (watcher.preflight: in a thread, which
    goes on while this one imports the daemon's stack) and load the daemon's stack (lazy-for-start-up:
    storage, fetch and templates are not needed by `check`; ~0.2 s of imports, so the child's work
    is hidden behind it)."""
    from watcher.preflight import Preflight

    preflight = Preflight(config.database_url)
    importlib.import_module("watcher.daemon")
    return preflight


def _report_once(summary: OnceSummary) -> int:
    """Log what ``run --once`` did; exit 1 (for cron) when nothing could be fetched, a delivery
    ended dead or the database failed."""
    polls, d = summary.polls, summary.delivery
    for line in summary.skipped:
        log.info("run --once: %s", line)
    failed = sum(1 for p in polls if not p.status.fetched)
    log.info("run --once: %s polled (%d failed, %d not polled), %s, %s; %s sent, %d to retry, %d dead (%s)",
             counted(len(polls), "feed"), failed, len(summary.skipped),
             counted(sum(p.new_entries for p in polls), "new entry", "new entries"),
             counted(sum(p.alerts for p in polls), "alert"), counted(d.sent, "delivery", "deliveries"), d.retried,
             d.dead, counted(d.messages, "send attempt"))
    problems = once_problems(summary)
    for problem in problems:
        log.error("run --once: %s", problem)
    return EXIT_RUNTIME if problems else EXIT_OK


def once_problems(summary: OnceSummary) -> list[str]:
    """What makes a ``run --once`` a failure (exit 1); empty when it succeeded."""
    problems = []
    wanted = len(summary.polls) + len(summary.skipped)
    if wanted and not any(p.status.fetched for p in summary.polls) and not summary.by_others:
        problems.append(f"none of the {wanted} feeds could be fetched")
    if summary.delivery.dead:
        problems.append(f"{summary.delivery.dead} deliveries ended dead (newswatch deliveries --dead)")
    if summary.storage_failures:
        problems.append(f"the database failed {summary.storage_failures} times (see the lines above)")
    return problems


def cmd_check(args: argparse.Namespace) -> int:
    """Validate config.toml and every rule file, run every rule's examples; report everything."""
    config, ruleset, problems = validate(args.config)
    for warning in config_warnings(config) if config is not None else ():
        print(warning, file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    if problems or config is None or ruleset is None:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return EXIT_CONFIG
    rules = ruleset.heads      # a rule set from the cache stays packed
    examples = sum(r.examples for r in rules)
    print(f"ok: {counted(len(config.feeds), 'feed')}, {counted(len(config.subscribers), 'subscriber')}, "
          f"{counted(len(rules), 'rule')} ({sum(1 for r in rules if r.enabled)} enabled), "
          f"{counted(examples, 'rule example')} {'passes' if examples == 1 else 'pass'}")
    return EXIT_OK


__all__ = ["cmd_check", "cmd_run", "EXIT_RUNTIME"]
