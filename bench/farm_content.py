"""What the feed farm publishes (pure): the spec, the items and their text, the schedule of
new items, and the feed documents. bench/farm.py serves them; bench/scale.py reads the same
text back to decide which items the rules match.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Iterable
from xml.sax.saxutils import escape

WORDS = ("gobierno congreso economía elecciones lluvias mercado fútbol salud educación turismo "
         "government economy election weather market health education tourism").split()
# Each matches one rule of the shipped watchlist (bench/scale.py reports any disagreement), and
# each item is its own event for the story engine: a made-up name per item (names that differ
# keep stories apart; numbers alone may not, "120" and "125" deportees can be one report).
MATCHING = (
    "Honduras extradita a Estados Unidos a exalcalde {name} acusado de narcotráfico, caso {n}",
    "Llega a San Pedro Sula vuelo con {n} hondureños deportados desde Estados Unidos, entre ellos {name}",
    "Guatemala y Estados Unidos acuerdan intercambio de información migratoria, acuerdo {n} firmado por {name}",
    "Mexico extradites alleged cartel leader {name} to the United States in case {n}",
)
SYLLABLES = ("ca", "lo", "ma", "ri", "na", "te", "gu", "ci", "pa", "dra", "xo", "be", "du", "fe", "sa", "to")
FILLER = ("Nota {n}: mercado y turismo en la región", "Report {n}: weather and markets across the region")
LINK = "https://farm.example/{feed}/{guid}"


@dataclass(frozen=True)
class FarmSpec:
    """What the farm serves; the same spec gives the same items in every process."""

    feeds: int = 1000
    entries: int = 50
    hosts: int = 50
    new_per_minute: float = 0.0
    match_every: int = 10
    latency: float = 0.0
    spacing_minutes: float = 30.0     # between the initial items of a feed
    backlog_age_hours: float = 0.0    # age of each feed's newest initial item
    seed: int = 1
    workers: int = 1

    def to_args(self) -> list[str]:
        return [f"--{name.replace('_', '-')}={getattr(self, name)}" for name in self.__dataclass_fields__]


@dataclass(frozen=True)
class Item:
    number: int
    feed: int
    published: float
    initial: bool
    matches: bool       # written to match the shipped watchlist

    @property
    def guid(self) -> str:
        return f"nw-{self.number}"

    @property
    def title(self) -> str:
        templates = MATCHING if self.matches else FILLER
        return templates[(self.number // 7) % len(templates)].format(n=self.number, name=made_up_name(self.number))


def made_up_name(number: int) -> str:
    """A person's name of its own for every item number (16^3 first names x 16^2 surnames)."""
    syl = SYLLABLES
    first = syl[number % 16] + syl[(number // 16) % 16] + syl[(number // 256) % 16]
    last = syl[(number * 7) % 16] + syl[(number * 3 // 16) % 16]
    return f"{first.capitalize()} {last.capitalize()}z"


def make_item(spec: FarmSpec, number: int, feed: int, published: float, initial: bool) -> Item:
    return Item(number, feed, published, initial, spec.match_every > 0 and number % spec.match_every == 0)


def description(number: int) -> str:
    """An item's summary: 40 filler words (no watchlist term among them)."""
    return " ".join(WORDS[(number * 7 + k) % len(WORDS)] for k in range(40))


def item_xml(item: Item) -> str:
    words = description(item.number)
    when = format_datetime(datetime.fromtimestamp(item.published, timezone.utc))
    link = LINK.format(feed=item.feed, guid=item.guid)
    return (f"<item><title>{escape(item.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{item.guid}</guid><pubDate>{when}</pubDate>'
            f"<description>{words}</description></item>")


def feed_xml(feed: int, items: Iterable[Item]) -> bytes:
    body = "".join(item_xml(item) for item in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
            f"<link>https://farm.example/{feed}</link><description>bench feed {feed}</description>"
            f"{body}</channel></rss>").encode()


def initial_items(spec: FarmSpec, feed: int, start: float) -> list[Item]:
    """A feed's items at start, newest first."""
    newest = start - spec.backlog_age_hours * 3600
    return [make_item(spec, feed * spec.entries + j, feed, newest - j * spec.spacing_minutes * 60, True)
            for j in range(spec.entries)]


class Schedule:
    """The items published after start: one every 60/R seconds on a seeded random feed."""

    def __init__(self, spec: FarmSpec, start: float) -> None:
        self.spec = spec
        self.start = start
        self.rng = random.Random(spec.seed)
        self.count = 0
        self.period = 60.0 / spec.new_per_minute if spec.new_per_minute > 0 else 0.0

    def due(self, now: float) -> list[Item]:
        """Items whose publication time has come since the last call, in order."""
        items: list[Item] = []
        while self.period and self.start + (self.count + 1) * self.period <= now:
            self.count += 1
            number = self.spec.feeds * self.spec.entries + self.count
            feed = self.rng.randrange(self.spec.feeds)
            items.append(make_item(self.spec, number, feed, self.start + self.count * self.period, False))
        return items
