"""Opening the runtime: the one place that builds every collaborator of a run (store, client,
parse pool, notifier, renderer, subscribers, rules), hands each pipeline stage its own set
(:class:`~watcher.pipeline.PollDeps`, :class:`~watcher.pipeline.DeliverDeps`,
:class:`~watcher.pipeline.Notices`), and closes them again.

:func:`open_runtime` is an async context manager used by ``run``, ``run --once``, the tests and
the bench scripts alike; nothing else builds a :class:`Runtime`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, AsyncIterator, Callable, Sequence

from storage import InstanceLock, StorageError, Store, check_integrity, on_network_filesystem, open_store, sqlite_path
from storage.preflight import QUICK_CHECK_SECONDS, check_writable
from watcher import __version__
from watcher.config import Config
from watcher.fetch import AddressPolicy, ClientSettings, FetchLimits, HostGate, make_client
from watcher.log import add_secrets
from watcher.messages import counted
from watcher.metrics import Metrics
from watcher.notify import Notifier
from watcher.parse.pool import ParsePool
from watcher.pipeline import (
    Composer,
    Database,
    DeliverDeps,
    Fetcher,
    LiveStories,
    Notices,
    PollDeps,
    PollSlots,
    Recorder,
    RulesHolder,
    UnchangedBatch,
    utcnow,
)
from watcher.pipeline.leases import LeaseKeeper, poll_lease
from watcher.pipeline.poll import Parser
from watcher.preflight import Preflight
from watcher.redact import mask_url, url_secrets
from watcher.render import Renderer
from watcher.routing import Subscriber, build_subscribers
from watcher.ruleset import RuleSet

log = logging.getLogger("newswatch")


@dataclass
class Hooks:
    """Test seams: replace how the client, parser and notifier are made, and the clock."""

    make_client: Callable[[Config], Any] | None = None
    make_parser: Callable[[Config], Any] | None = None
    notifier: Notifier | None = None
    clock: Callable[[], datetime] = utcnow


@dataclass(frozen=True)
class Runtime:
    """Every collaborator of one run, built once by :func:`open_runtime`. The jobs give each
    stage its own part (``polling``, ``delivery``, ``notices``, ``db``); the status server reads
    ``config``, ``rules``, ``parser``, ``metrics`` and the subscribers."""

    config: Config
    db: Database
    rules: RulesHolder
    client: Any
    parser: Parser
    subscribers: Sequence[Subscriber]
    stories: LiveStories
    leases: LeaseKeeper
    metrics: Metrics
    notices: Notices
    polling: PollDeps
    delivery: DeliverDeps
    clock: Callable[[], datetime]
    poll_wanted: asyncio.Event          # a poll round freed its fetch slots: claim again now
    delivery_wanted: asyncio.Event      # deliveries were queued: the delivery job runs now

    @property
    def store(self) -> Store:
        return self.db.store

    @property
    def owner(self) -> str:
        return self.db.owner

    def subscriber(self, subscriber_id: str) -> Subscriber | None:
        return next((s for s in self.subscribers if s.id == subscriber_id), None)


def assemble(config: Config, store: Store, rules: RulesHolder, client: Any, parser: Parser, notifier: Notifier,
             renderer: Renderer, subscribers: Sequence[Subscriber], clock: Callable[[], datetime]) -> Runtime:
    """Wire the collaborators into each stage's set (no I/O; call inside the event loop)."""
    db = Database.open(store, owner=uuid.uuid4().hex[:12])
    metrics, rng = Metrics(), random.Random()
    poll_wanted, delivery_wanted = asyncio.Event(), asyncio.Event()
    fetch, section = config.fetch, config.stories
    stories = LiveStories(window=section.window, max_stories=section.max_stories)
    leases = LeaseKeeper(store, db.owner, db.run, clock, poll_lease(config), config.delivery.lease)
    notices = Notices(db, [s for s in subscribers if s.spec.admin], clock, delivery_wanted, fetch.unhealthy_after)
    limits = FetchLimits(deadline=fetch.timeout.total_seconds(), max_bytes=fetch.max_bytes,
                         policy=AddressPolicy.of(fetch.allow_private_networks, fetch.allow_networks))
    polling = PollDeps(
        config=config, fetcher=Fetcher(client, parser, limits, HostGate(fetch.per_host)),
        recorder=Recorder(db, stories, rules, subscribers, config.watch.backfill), db=db, notices=notices,
        leases=leases, unchanged=UnchangedBatch(db, leases), metrics=metrics, slots=PollSlots(fetch.concurrency),
        delivery_wanted=delivery_wanted, clock=clock, rng=rng)
    delivery = DeliverDeps(
        settings=config.delivery, db=db, subscribers=subscribers, composer=Composer(renderer, rules),
        notifier=notifier, notices=notices, leases=leases, metrics=metrics, clock=clock, rng=rng)
    return Runtime(config=config, db=db, rules=rules, client=client, parser=parser, subscribers=subscribers,
                   stories=stories, leases=leases, metrics=metrics, notices=notices, polling=polling,
                   delivery=delivery, clock=clock, poll_wanted=poll_wanted, delivery_wanted=delivery_wanted)


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
async def open_runtime(config: Config, ruleset: RuleSet, hooks: Hooks | None = None,
                       preflight: Preflight | None = None) -> AsyncIterator[Runtime]:
    """Lock the database (SQLite), open it, build every collaborator; on leaving, release the
    leases this run holds and close them all. ``preflight``: the file's checks begun already."""
    hooks = hooks or Hooks()
    lock = lock_database(config, preflight)
    rt: Runtime | None = None
    try:
        rt = await _build(config, ruleset, hooks)
        yield rt
    finally:
        if rt is not None:
            await _close(rt)
        if lock is not None:
            lock.release()


def lock_database(config: Config, preflight: Preflight | None = None) -> InstanceLock | None:
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
    complete = preflight.outcome(path) if preflight is not None else None
    if complete is None:
        check_writable(path)        # before anything opens it (a read-only open leaves read-only -shm files)
        complete = check_integrity(path)
    if not complete:
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
            log.info("reclaimed %s left in flight by a previous run", counted(released, "delivery", "deliveries"))
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
    rt = assemble(config, store, rules, client, parser, notifier, prepare_renderer(config), subscribers, hooks.clock)
    if not config.subscribers:
        log.info("no [[subscribers]] in %s: alerts are printed here", config.path.name)
    log.info("newswatch %s: %s, %s, %s, database %s (%s)", __version__, counted(len(feeds), "feed"),
             counted(len(ruleset), "rule"), counted(len(config.subscribers), "subscriber"),
             _db_label(config.database_url),
             f"per-host {fetch.per_host}, concurrency {fetch.concurrency}")
    return rt


async def _close(rt: Runtime) -> None:
    try:
        await rt.db.run(rt.store.release_leases, rt.owner)
    except StorageError as e:
        log.error("could not release leases: %s", e)
    await rt.leases.close()
    await rt.client.aclose()
    await rt.parser.close()
    rt.store.close()
    rt.db.close()


def _db_label(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return url.split("@")[-1] if "@" in url else url
