"""Opening the runtime: the one place that builds every collaborator of a run (store, client,
parse pool, notifier, renderer, subscribers, rules) and closes them again.

:func:`open_runtime` is an async context manager used by ``run``, ``run --once``, the tests and
the bench scripts alike; nothing else builds a :class:`~watcher.pipeline.Runtime`.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, AsyncIterator, Callable

from storage import InstanceLock, StorageError, Store, check_integrity, on_network_filesystem, open_store, sqlite_path
from storage.preflight import QUICK_CHECK_SECONDS, check_writable
from watcher import __version__
from watcher.config import Config
from watcher.fetch import AddressPolicy, ClientSettings, make_client
from watcher.log import add_secrets
from watcher.messages import counted
from watcher.notify import Notifier
from watcher.parse.pool import ParsePool
from watcher.pipeline import RulesHolder, Runtime, utcnow
from watcher.redact import mask_url, url_secrets
from watcher.render import Renderer
from watcher.routing import build_subscribers
from watcher.ruleset import RuleSet

log = logging.getLogger("newswatch")


@dataclass
class Hooks:
    """Test seams: replace how the client, parser and notifier are made, and the clock."""

    make_client: Callable[[Config], Any] | None = None
    make_parser: Callable[[Config], Any] | None = None
    notifier: Notifier | None = None
    clock: Callable[[], datetime] = utcnow


def prepare_renderer(config: Config) -> Renderer:
    """The renderer with every subscriber's own template loaded (raises TemplateError)."""
    renderer = Renderer()
    for sub in config.subscribers:
        if sub.template and sub.format:
            renderer.add_custom(sub.id, sub.format, config.resolve(sub.template))
    return renderer


def default_client(config: Config, resolver: Any = None) -> Any:
    """The HTTP client of ``[fetch]`` (``resolver``: a DNS resolver for tests)."""
    fetch = config.fetch
    return make_client(ClientSettings(
        concurrency=fetch.concurrency, per_host=fetch.per_host,
        read_timeout=min(20.0, fetch.timeout.total_seconds()), user_agent=fetch.user_agent,
        policy=AddressPolicy.of(fetch.allow_private_networks, fetch.allow_networks)), resolver=resolver)


def default_parser(config: Config) -> Any:
    fetch = config.fetch
    return ParsePool(fetch.parse_workers, timeout=fetch.parse_timeout.total_seconds(),
                     memory_bytes=fetch.parse_memory, max_entries=fetch.max_entries)


@asynccontextmanager
async def open_runtime(config: Config, ruleset: RuleSet, hooks: Hooks | None = None) -> AsyncIterator[Runtime]:
    """Lock the database (SQLite), open it, build every collaborator; on leaving, release the
    leases this run holds and close them all."""
    hooks = hooks or Hooks()
    lock = lock_database(config)
    rt: Runtime | None = None
    try:
        rt = await _build(config, ruleset, hooks)
        yield rt
    finally:
        if rt is not None:
            await _close(rt)
        if lock is not None:
            lock.release()


def lock_database(config: Config) -> InstanceLock | None:
    """One daemon per SQLite file, on a local disk, writable and sound; None for PostgreSQL."""
    path = sqlite_path(config.database_url)
    if path is None:
        return None
    fstype = on_network_filesystem(path)
    if fstype:
        raise StorageError(f"the database {path} is on a network filesystem ({fstype}); SQLite's WAL mode "
                           "does not work there. Put it on a local disk or use PostgreSQL.")
    lock = InstanceLock(path)
    lock.acquire()
    check_writable(path)            # before anything opens it (a read-only open leaves read-only -shm files)
    if not check_integrity(path):
        log.warning("database check (PRAGMA quick_check) stopped after %.0fs on a large database; to run it "
                    "in full: stop newswatch, then sqlite3 %s 'pragma quick_check'", QUICK_CHECK_SECONDS, path)
    return lock


async def _build(config: Config, ruleset: RuleSet, hooks: Hooks) -> Runtime:
    loop = asyncio.get_running_loop()
    store: Store = await loop.run_in_executor(None, open_store, config.database_url)
    now = hooks.clock()
    if store.is_sqlite:
        released = await loop.run_in_executor(None, store.release_leases, None)
        if released:
            log.info("reclaimed %d deliveries left in flight by a previous run", released)
    feeds = [(f.id, f.url, f.title) for f in config.feeds if f.enabled]
    await loop.run_in_executor(None, store.sync_feeds, feeds, now)
    pins = [(f.id, f.interval.total_seconds()) for f in config.feeds if f.enabled and f.interval]
    await loop.run_in_executor(None, store.apply_pinned_intervals, pins, now)
    subscribers = build_subscribers(config)
    add_secrets(s for sub in subscribers for d in sub.destinations for s in url_secrets(d.url, d.label))
    relabels = [(d.subscriber_id, d.legacy_key, d.key, d.label) for sub in subscribers for d in sub.destinations]
    await loop.run_in_executor(None, store.relabel_destinations, relabels, mask_url)
    fetch = config.fetch
    client = (hooks.make_client or default_client)(config)
    parser = (hooks.make_parser or default_parser)(config)
    notifier = hooks.notifier or Notifier(timeout=config.delivery.send_timeout.total_seconds())
    rules = RulesHolder(config.rules_dir, [f.id for f in config.feeds], config.feed_tags(), ruleset, config)
    rt = Runtime(config=config, store=store, rules=rules, client=client, parser=parser, notifier=notifier,
                 renderer=prepare_renderer(config), subscribers=subscribers, clock=hooks.clock)
    if not config.subscribers:
        log.info("no [[subscribers]] in %s: alerts are printed here", config.path.name)
    log.info("newswatch %s: %s, %s, %s, database %s (%s)", __version__, counted(len(feeds), "feed"),
             counted(len(ruleset.rules), "rule"), counted(len(config.subscribers), "subscriber"),
             _db_label(config.database_url),
             f"per-host {fetch.per_host}, concurrency {fetch.concurrency}")
    return rt


async def _close(rt: Runtime) -> None:
    try:
        await rt.db(rt.store.release_leases, rt.owner)
    except StorageError as e:
        log.error("could not release leases: %s", e)
    await rt.leases.close()
    await rt.client.aclose()
    await rt.parser.close()
    rt.store.close()
    if rt.db_pool is not None:
        rt.db_pool.shutdown(wait=False)


def _db_label(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return url.split("@")[-1] if "@" in url else url
