"""Delivering due outbox rows: claim with a lease, render, send outside any transaction, then
mark sent / retry with capped backoff / dead after max attempts or age (with one admin notice).

Rows due together for one destination go out as one combined message (a digest), at most
MAX_BATCH stories per message. One failing destination never holds back the others.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Sequence

from storage import AlertView, Claimed, StorageError, StoryView
from storage.failpoints import failpoint
from watcher.config import DeliverySection
from watcher.log import bind_log_context
from watcher.messages import counted
from watcher.metrics import Metrics
from watcher.notify import Notifier, SendOutcome, channel_limits, default_format
from watcher.pipeline.database import Database
from watcher.pipeline.leases import LeaseKeeper
from watcher.pipeline.notices import Notices
from watcher.pipeline.rules import RulesHolder
from watcher.pipeline.schedule import backoff
from watcher.render import Renderer
from watcher.routing import URGENT, Destination, Subscriber, next_digest_slot
from watcher.types import Message

log = logging.getLogger("newswatch.deliver")
MAX_BATCH = 50
PARALLEL_DESTINATIONS = 8


@dataclass(frozen=True)
class Composer:
    """Renders a message for one destination: the templates, each channel's length limits (looked
    up once per URL), and the rules, to name only the alerts a subscriber asked for."""

    renderer: Renderer
    rules: RulesHolder
    limits: dict[str, tuple[int, int]] = field(default_factory=dict)   # destination URL -> (title, body)


@dataclass(frozen=True)
class DeliverDeps:
    """What delivering uses, built once by the daemon (:mod:`watcher.daemon.runtime`)."""

    settings: DeliverySection           # [delivery]: leases, timeouts, retries
    db: Database
    subscribers: Sequence[Subscriber]
    composer: Composer
    notifier: Notifier
    notices: Notices                    # dead letters go to the admins
    leases: LeaseKeeper
    metrics: Metrics
    clock: Callable[[], datetime]
    rng: random.Random


@dataclass
class DeliverReport:
    messages: int = 0           # send attempts (one message may carry many deliveries)
    sent: int = 0
    retried: int = 0
    dead: int = 0
    held: int = 0
    muted: int = 0              # not sent: a mute covers them (storage.mutes)
    storage_errors: int = 0     # claims or outcomes the database refused (rows retried after their lease)
    claimed: int = 0            # rows this round leased
    lost: int = 0               # rows another instance took over mid-send (not reported sent here)
    dead_letters: list[str] = field(default_factory=list)   # what to tell the admins about

    def add(self, other: "DeliverReport") -> None:
        self.messages += other.messages
        self.sent += other.sent
        self.retried += other.retried
        self.dead += other.dead
        self.held += other.held
        self.muted += other.muted
        self.storage_errors += other.storage_errors
        self.claimed += other.claimed
        self.lost += other.lost


def claim_bounds(cfg: DeliverySection) -> tuple[int, int]:
    """(rows per claim, rows per destination): what this instance can send within one lease.
    One destination sends its messages one after another, each up to ``send_timeout``;
    PARALLEL_DESTINATIONS destinations go at once. Rows beyond that stay for the next round
    or another instance."""
    messages = max(1, int(cfg.lease / cfg.send_timeout))
    per_destination = MAX_BATCH * messages
    return per_destination * PARALLEL_DESTINATIONS, per_destination


async def deliver_all_due(deps: DeliverDeps, max_rounds: int = 10_000) -> DeliverReport:
    """Rounds of :func:`deliver_due` until a round finds nothing due (``run --once``): a backlog
    larger than one claim is drained in bounded batches."""
    report = DeliverReport()
    for _ in range(max_rounds):
        step = await deliver_due(deps)
        report.add(step)
        report.dead_letters += step.dead_letters
        if not step.claimed or step.storage_errors:
            break
    return report


async def deliver_due(deps: DeliverDeps) -> DeliverReport:
    now = deps.clock()
    report = DeliverReport()
    if deps.db.health.paused("deliver"):
        return report
    claimed = await _claim(deps, now, report)
    if not claimed:
        return report
    report.claimed = len(claimed)
    claimed = await _without_muted(deps.db, claimed, now, report)
    deps.leases.hold_deliveries((r.id, r.lease_token) for r in claimed)
    failpoint("deliver-after-claim")
    groups: dict[tuple[str, str, bool], list[Claimed]] = defaultdict(list)
    for row in claimed:
        groups[(row.subscriber_id, row.destination, row.notice_id is not None)].append(row)
    parallel = asyncio.Semaphore(PARALLEL_DESTINATIONS)

    async def run(key: tuple[str, str, bool], rows: list[Claimed]) -> None:
        async with parallel:
            await _deliver_group_safely(deps, key, rows, report)

    await asyncio.gather(*(run(k, v) for k, v in groups.items()))
    if report.dead_letters:
        await _tell_admins(deps, report)
    return report


async def _claim(deps: DeliverDeps, now: datetime, report: DeliverReport) -> list[Claimed]:
    """Lease the due rows this instance can send within one lease (:func:`claim_bounds`)."""
    cfg, db = deps.settings, deps.db
    limit, per_destination = claim_bounds(cfg)
    try:
        claimed = await db.run(db.store.claim_deliveries, now, db.owner, now + cfg.lease, limit,
                               per_destination=per_destination, ambiguous_wait=cfg.send_timeout)
    except StorageError as e:
        db.health.failed("deliver", "claim deliveries", e)
        report.storage_errors += 1
        return []
    db.health.ok("deliver", "claim deliveries")
    return claimed


async def _deliver_group_safely(deps: DeliverDeps, key: tuple[str, str, bool], rows: list[Claimed],
                                report: DeliverReport) -> None:
    db = deps.db
    try:
        await _deliver_group(deps, key, rows, report)
        db.health.ok("deliver", "record deliveries")
    except StorageError as e:   # the lease expires and the rows are retried
        log.debug("could not record delivery outcome for %s: %s", key[0], e)
        db.health.failed("deliver", "record deliveries", e)
        report.storage_errors += 1
    except Exception as e:  # noqa: BLE001 - one destination's bug must not stop the others
        log.exception("delivery to '%s' failed unexpectedly", key[0])
        retry_at = deps.clock() + deps.settings.retry_max
        await db.run(db.store.finish_retry, [r.id for r in rows], db.owner, retry_at,
                     f"internal error: {type(e).__name__}: {e}", token=rows[0].lease_token)
    finally:
        deps.leases.drop_deliveries(r.id for r in rows)


async def _tell_admins(deps: DeliverDeps, report: DeliverReport) -> None:
    """One admin notice for the deliveries this round gave up on."""
    lines = "\n".join(report.dead_letters)
    key = hashlib.sha256(lines.encode()).hexdigest()[:24]
    try:
        await deps.notices.send(
            f"dead:{key}", "dead-letter",
            f"newswatch: {report.dead} alert deliveries could not be made",
            f"{lines}\nRun `newswatch deliveries --dead` to see them and "
            "`newswatch deliveries retry --dead` to send them again.")
    except StorageError as e:
        deps.db.health.failed("deliver", "queue an admin notice", e)
        report.storage_errors += 1
    else:
        deps.db.health.ok("deliver", "queue an admin notice")


async def _without_muted(db: Database, claimed: list[Claimed], now: datetime, report: DeliverReport) -> list[Claimed]:
    """Mutes are read at send time too (like amtool's silences): a row queued before a mute began
    is marked muted instead of sent. When the check itself fails nothing is sent (a mute may be
    in force); the rows go out after their lease, checked again."""
    try:
        muted = await db.run(db.store.mute_claimed, claimed, db.owner, now)
    except StorageError as e:
        db.health.failed("deliver", "check mutes", e)
        report.storage_errors += 1
        return []
    if muted:
        report.muted += len(muted)
        log.info("%s muted, not sent (%s)", counted(len(muted), "delivery", "deliveries"),
                 ", ".join(f"mute #{m}" for m in sorted(set(muted.values()))))
    return [c for c in claimed if c.id not in muted]


async def _deliver_group(deps: DeliverDeps, key: tuple[str, str, bool], rows: list[Claimed], report: DeliverReport) -> None:
    subscriber_id, destination_key, is_notice = key
    found = _destination(deps.subscribers, subscriber_id, destination_key)
    db = deps.db
    ids = [r.id for r in rows]
    bind_log_context(subscriber_id=subscriber_id, delivery_ids=ids)
    if found is None:
        await db.run(db.store.finish_dead, ids, db.owner, "subscriber or destination no longer in config.toml",
                     token=rows[0].lease_token)
        report.dead += len(ids)
        deps.metrics.record_delivery("dead", "unknown", len(ids))
        log.warning("%s for '%s' dropped to dead: destination no longer configured",
                    counted(len(ids), "delivery", "deliveries"), subscriber_id)
        return
    sub, dest = found
    earlier: dict[str, list[Claimed]] = defaultdict(list)   # rows already part of a message once
    fresh: list[Claimed] = []
    for row in rows:
        (earlier[row.batch_key] if row.batch_key else fresh).append(row)
    for batch in earlier.values():
        await _send_batch(deps, sub, dest, batch, is_notice, report)
    if fresh and not is_notice:
        fresh = await _flood_control(deps, sub, dest, fresh, report)
    for start in range(0, len(fresh), MAX_BATCH):
        await _send_batch(deps, sub, dest, fresh[start:start + MAX_BATCH], is_notice, report)


async def _flood_control(deps: DeliverDeps, sub: Subscriber, dest: Destination, rows: list[Claimed],
                         report: DeliverReport) -> list[Claimed]:
    """Beyond ``max_per_hour`` messages, non-urgent alerts roll into the next digest (never dropped)."""
    limit = sub.spec.max_per_hour
    if not limit:
        return rows
    now = deps.clock()
    db = deps.db
    sent = await db.run(db.store.messages_sent_since, sub.id, dest.key, now - timedelta(hours=1))
    if len(sent) < limit:
        return rows
    urgent = [r for r in rows if r.severity_rank >= URGENT]
    held = [r for r in rows if r.severity_rank < URGENT]
    if held:
        # the next digest: a scheduled one, or the moment the oldest message leaves the hour
        when = sent[len(sent) - limit] + timedelta(hours=1)
        if sub.spec.digest not in ("off", "hourly"):
            when = next_digest_slot(now.astimezone(sub.zone), sub.spec.digest).astimezone(now.tzinfo)
        await db.run(db.store.reschedule, [r.id for r in held], db.owner, when, "flood", token=held[0].lease_token)
        report.held += len(held)
        deps.metrics.record_delivery("held", dest.service, len(held))
        log.info("subscriber '%s': %s in the last hour (max %d); %s held until %s", sub.id,
                 counted(len(sent), "message"), limit, counted(len(held), "alert"), when.strftime("%H:%M UTC"))
    return urgent


async def _send_batch(deps: DeliverDeps, sub: Subscriber, dest: Destination, rows: Sequence[Claimed], is_notice: bool,
                      report: DeliverReport) -> None:
    lost = [r for r in rows if r.id in deps.leases.lost_deliveries]
    if lost:   # taken over while waiting for their turn: the other instance sends them
        report.lost += len(lost)
        rows = [r for r in rows if r.id not in deps.leases.lost_deliveries]
        if not rows:
            return
    now = deps.clock()
    db = deps.db
    message = await _render(deps.composer, db, sub, dest, rows, is_notice, now)
    batch_key = rows[0].batch_key
    if not batch_key:
        keys = sorted(r.idem_key for r in rows)
        batch_key = keys[0] if len(keys) == 1 else hashlib.sha256("\n".join(keys).encode()).hexdigest()[:40]
        held = await db.run(db.store.assign_batch, [r.id for r in rows], db.owner, batch_key, rows[0].lease_token)
        if held < len(rows):
            report.lost += len(rows)
            log.warning("lease lost on %s to '%s' before sending them; another instance sends them",
                        counted(len(rows), "delivery", "deliveries"), sub.id)
            return
    outcome = await deps.notifier.send(dest.url, message, batch_key)
    if outcome.ok:
        failpoint("deliver-after-send")
    report.messages += 1
    await _finish(deps, sub, dest, rows, outcome, batch_key, is_notice, report)


async def _render(composer: Composer, db: Database, sub: Subscriber, dest: Destination, rows: Sequence[Claimed], is_notice: bool,
                  now: datetime) -> Message:
    fmt = sub.spec.format or default_format(dest.service)
    if dest.url not in composer.limits:
        composer.limits[dest.url] = channel_limits(dest.url)
    title_limit, body_limit = composer.limits[dest.url]
    if is_notice:
        found = await db.run(db.store.notices, [r.notice_id for r in rows if r.notice_id is not None])
        return composer.renderer.render_notices(sub.id, fmt, [found[i] for i in sorted(found)], sub.zone, now,
                                                title_limit=title_limit or 200, body_limit=body_limit)
    stories = await db.run(db.store.stories, [r.story_id for r in rows if r.story_id is not None])
    pairs = [(stories[r.story_id], _wanted_alerts(composer, sub, stories[r.story_id])) for r in rows if r.story_id is not None]
    return composer.renderer.render_stories(sub.id, fmt, pairs, sub.zone, now,
                                            title_limit=title_limit or 200, body_limit=body_limit)


def _wanted_alerts(composer: Composer, sub: Subscriber, story: StoryView) -> list[AlertView]:
    rules = composer.rules.current.by_id
    unmuted = [a for a in story.alerts if a.muted_by is None]    # a muted rule is never named in a message
    wanted = [a for a in unmuted if sub.wants_rule_id(a.rule_id, rules[a.rule_id].tags if a.rule_id in rules else ())]
    return wanted or unmuted or list(story.alerts)


async def _finish(deps: DeliverDeps, sub: Subscriber, dest: Destination, rows: Sequence[Claimed], outcome: SendOutcome,
                  batch_key: str, is_notice: bool, report: DeliverReport) -> None:
    ids = [r.id for r in rows]
    now = deps.clock()
    db = deps.db
    token = rows[0].lease_token
    if outcome.ok:
        held = await db.run(db.store.finish_sent, ids, db.owner, now, batch_key, token=token)
        if held < len(ids):
            _report_lost(sub, dest, len(ids) - held, "sent", report)
        if held:
            report.sent += held
            deps.metrics.record_delivery("sent", dest.service, held)
            log.info("sent %s to '%s' via %s", counted(held, "notice" if is_notice else "alert"), sub.id, dest.label)
        return
    attempts = max(r.attempts for r in rows)
    age = now - min(r.created_at for r in rows)
    cfg = deps.settings
    if not outcome.retryable or attempts >= cfg.max_attempts or age >= cfg.max_age:
        why = "not retryable" if not outcome.retryable else f"{attempts} attempts over {age}"
        held = await db.run(db.store.finish_dead, ids, db.owner, outcome.error, token=token)
        if held < len(ids):
            _report_lost(sub, dest, len(ids) - held, "failed", report)
            return
        report.dead += len(ids)
        deps.metrics.record_delivery("dead", dest.service, len(ids))
        log.error("giving up on %s to '%s' via %s (%s): %s", counted(len(ids), "delivery", "deliveries"), sub.id,
                  dest.label, why, outcome.error)
        if not is_notice:   # notices about failed notices would loop
            report.dead_letters.append(f"- {len(ids)} for '{sub.id}' via {dest.label} ({why}): {outcome.error}")
        return
    delay = backoff(attempts, cfg.retry_base.total_seconds(), cfg.retry_max.total_seconds(), deps.rng,
                    outcome.retry_after)
    held = await db.run(db.store.finish_retry, ids, db.owner, now + timedelta(seconds=delay), outcome.error,
                        ambiguous=outcome.ambiguous, token=token)
    if held < len(ids):
        _report_lost(sub, dest, len(ids) - held, "no answer in time" if outcome.ambiguous else "failed", report)
        return
    report.retried += len(ids)
    deps.metrics.record_delivery("retried", dest.service, len(ids))
    log.warning("delivery to '%s' via %s failed (attempt %d): %s; retrying in %.0fs", sub.id, dest.label, attempts,
                outcome.error, delay)


def _report_lost(sub: Subscriber, dest: Destination, count: int, what: str, report: DeliverReport) -> None:
    """The send ended but this instance no longer holds the rows: another instance took them over
    (this one stalled past its lease). Logged, never counted as this instance's outcome."""
    report.lost += count
    log.warning("lease lost on %s to '%s' via %s during the send (outcome here: %s); another instance "
                "took them over, so this one records nothing for them", counted(count, "delivery", "deliveries"),
                sub.id, dest.label, what)


def _destination(subscribers: Sequence[Subscriber], subscriber_id: str, key: str
                 ) -> tuple[Subscriber, Destination] | None:
    sub = next((s for s in subscribers if s.id == subscriber_id), None)
    if sub is None:
        return None
    dest = next((d for d in sub.destinations if d.key == key), None)
    return None if dest is None else (sub, dest)
