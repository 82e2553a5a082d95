"""Admin notices: feed health, dead letters, rejected rule reloads. Each goes once (by key) to
every destination of every subscriber flagged ``admin = true``."""

from __future__ import annotations

import logging
from datetime import datetime

from storage import DeliveryPlan, FeedState
from watcher.pipeline.runtime import Runtime
from watcher.units import format_duration

log = logging.getLogger("newswatch.notice")


async def send_notice(rt: Runtime, key: str, kind: str, subject: str, body: str) -> bool:
    now = rt.clock()
    plans = [DeliveryPlan(sub.id, dest.key, dest.label, now, 3, "")
             for sub in rt.admins() for dest in sub.destinations]
    created = await rt.db(rt.store.add_notice, key, kind, subject, body, now, plans)
    if created:
        log.warning("notice: %s", subject)
        rt.delivery_wanted.set()
    return created


async def check_feed_health(rt: Runtime, state: FeedState, now: datetime) -> None:
    """One notice when a feed has failed for longer than ``unhealthy_after``."""
    limit = rt.config.fetch.unhealthy_after
    if state.unhealthy_notified or state.error_since is None or now - state.error_since < limit:
        return
    subject = f"newswatch: feed '{state.id}' failing for {format_duration(now - state.error_since)}"
    body = (f"Feed '{state.id}' ({state.url}) has failed {state.consecutive_errors} polls in a row since "
            f"{state.error_since:%Y-%m-%d %H:%M} UTC.\nLast error: {state.last_error}\n"
            "newswatch keeps retrying with backoff; you will get one more notice when it recovers.")
    await send_notice(rt, f"feed-unhealthy:{state.id}:{state.error_since.isoformat()}", "feed-unhealthy", subject, body)
    await rt.db(rt.store.set_feed_flags, state.id, unhealthy_notified=True)


async def feed_recovered(rt: Runtime, state: FeedState, now: datetime) -> None:
    subject = f"newswatch: feed '{state.id}' recovered"
    body = f"Feed '{state.id}' ({state.url}) is answering again as of {now:%Y-%m-%d %H:%M} UTC."
    await send_notice(rt, f"feed-recovered:{state.id}:{now.isoformat()}", "feed-recovered", subject, body)
    await rt.db(rt.store.set_feed_flags, state.id, unhealthy_notified=False)
