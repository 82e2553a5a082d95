"""Who receives an alert, through which destination, and when (pure).

A subscriber selects rules (ids, tags or ``*``), a minimum severity and optionally feeds (ids or
tags). Each of its URLs is a destination with its own outbox row. The due time implements
digests (``"07:00,13:00"`` or ``"hourly"`` in the subscriber's timezone) and quiet hours
(``"22:00-07:00"``: held until the window ends); ``urgent`` alerts bypass both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

from watcher.config import Config, SubscriberSpec
from watcher.destinations import destination_label, legacy_label
from watcher.redact import STDOUT
from watcher.ruleset import Rule
from watcher.types import SEVERITY_RANK

TERMINAL = "terminal"
URGENT = SEVERITY_RANK["urgent"]


@dataclass(frozen=True)
class Destination:
    subscriber_id: str
    key: str            # stable, secret-free id stored in the outbox
    url: str            # the real URL (secret); never logged or stored
    label: str          # masked URL (watcher.redact): user, password and path masked, no query
    service: str        # URL scheme: mailto, slack, json, stdout ...
    legacy_key: str = ""  # the key older versions derived from a less masked label


@dataclass(frozen=True)
class Subscriber:
    spec: SubscriberSpec
    destinations: tuple[Destination, ...]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.spec.timezone)

    def wants(self, rule: Rule, feed_id: str, feed_tags: Iterable[str]) -> bool:
        spec = self.spec
        if rule.rank < SEVERITY_RANK[spec.min_severity]:
            return False
        if "*" not in spec.rules and rule.id not in spec.rules and not set(rule.tags) & set(spec.rules):
            return False
        if spec.feeds and feed_id not in spec.feeds and not set(feed_tags) & set(spec.feeds):
            return False
        return True

    def wants_rule_id(self, rule_id: str, tags: Iterable[str] = ()) -> bool:
        rules = self.spec.rules
        return "*" in rules or rule_id in rules or bool(set(tags) & set(rules))


def destination_key(subscriber_id: str, label: str, index: int) -> str:
    return hashlib.sha256(f"{subscriber_id}\x1f{index}\x1f{label}".encode()).hexdigest()[:16]


def build_subscribers(config: Config, mask: Callable[[str], str] | None = None) -> list[Subscriber]:
    """Subscribers with their destinations; with none configured, one that prints to the terminal."""
    mask = mask or destination_label
    out = []
    specs = list(config.subscribers)
    urls = dict(config.subscriber_urls)
    if not specs:
        specs = [SubscriberSpec(id=TERMINAL, urls=(STDOUT,), admin=True, format="text")]
        urls[TERMINAL] = (STDOUT,)
    for spec in specs:
        dests = []
        for i, url in enumerate(urls[spec.id]):
            label = url if url == STDOUT else mask(url)
            service = url.split("://", 1)[0].lower()
            legacy = destination_key(spec.id, url if url == STDOUT else legacy_label(url), i)
            dests.append(Destination(spec.id, destination_key(spec.id, label, i), url, label, service, legacy))
        out.append(Subscriber(spec, tuple(dests)))
    return out


def due_time(sub: Subscriber, severity_rank: int, now: datetime) -> tuple[datetime, str]:
    """When an alert of this severity reaches this subscriber, and why it waits."""
    if severity_rank >= URGENT:
        return now, ""
    zone = sub.zone
    local = now.astimezone(zone)
    held = ""
    when = local
    digest = sub.spec.digest
    if digest != "off":
        when = next_digest_slot(local, digest)
        held = "digest"
    quiet = sub.spec.quiet_hours
    if quiet and in_quiet_hours(when, quiet):
        when = quiet_end(when, quiet)
        held = held or "quiet-hours"
    return when.astimezone(timezone.utc), held


def next_digest_slot(local: datetime, digest: str) -> datetime:
    if digest == "hourly":
        return local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    slots = sorted(_clock(t) for t in digest.split(","))
    for day in range(3):
        date = (local + timedelta(days=day)).date()
        for slot in slots:
            candidate = _at(date, slot, local.tzinfo)
            if candidate > local:
                return candidate
    raise AssertionError("unreachable: a digest slot exists within two days")  # pragma: no cover


def in_quiet_hours(local: datetime, quiet: str) -> bool:
    start, end = (_clock(p) for p in quiet.split("-"))
    t = local.timetz().replace(tzinfo=None)
    if start < end:
        return start <= t < end
    return t >= start or t < end


def quiet_end(local: datetime, quiet: str) -> datetime:
    end = _clock(quiet.split("-")[1])
    candidate = _at(local.date(), end, local.tzinfo)
    return candidate if candidate > local else _at((local + timedelta(days=1)).date(), end, local.tzinfo)


def _clock(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def _at(date: "object", clock: time, zone: "object") -> datetime:
    naive = datetime.combine(date, clock)  # type: ignore[arg-type]
    # fold=0: on a repeated hour pick the first; a skipped hour (DST gap) lands after the gap
    aware = naive.replace(tzinfo=zone)  # type: ignore[arg-type]
    return aware.astimezone(timezone.utc).astimezone(zone)  # type: ignore[arg-type]
