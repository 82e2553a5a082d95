"""Plain values that cross the storage boundary, in and out. No table rows ever leave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class DeliveryStatus(StrEnum):
    """Where a delivery row is in the outbox: due or waiting, leased by a sender, done, given up."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"
    MUTED = "muted"             # recorded, never sent: a mute covered it (storage.mutes)


@dataclass(frozen=True)
class FeedState:
    id: str
    url: str
    config_url: str
    title: str = ""
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    first_polled_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    error_since: datetime | None = None
    consecutive_errors: int = 0
    unhealthy_notified: bool = False
    disabled_reason: str | None = None
    interval_seconds: float | None = None
    entries_total: int = 0
    lease_token: str | None = None          # the claim that leased it (fencing its updates)


@dataclass(frozen=True)
class DeliveryPlan:
    """One outbox row to create: who gets the story, through which destination, when."""

    subscriber_id: str
    destination: str            # stable id of the destination URL (never the URL itself)
    destination_label: str      # privacy-masked URL for people
    due_at: datetime
    severity_rank: int = 1
    held: str = ""              # why it waits: "", "digest", "quiet-hours"


@dataclass(frozen=True)
class NewAlert:
    rule_id: str
    rule_title: str
    severity: str
    rule_file: str
    rule_hash: str
    terms: tuple[str, ...]
    fields: tuple[str, ...]
    snippet: dict[str, Any] | None
    deliveries: tuple[DeliveryPlan, ...] = ()


@dataclass(frozen=True)
class NewNotice:
    """A notice to queue once per ``key`` (a story's follow-up for one subscriber)."""

    key: str
    kind: str
    subject: str
    body: str
    deliveries: tuple[DeliveryPlan, ...] = ()


@dataclass(frozen=True)
class NewEntry:
    entry_key: str
    story_key: str
    title: str
    link: str | None = None
    summary: str = ""
    content: str = ""
    author: str = ""
    language: str | None = None
    published_at: datetime | None = None
    story: int = 0                           # > 0: the story it joins; < 0: a story begun in this poll
                                             # (same number, same new story); 0: by its story key alone
    story_reason: str | None = None          # why (JSON, for `newswatch stories --explain`)
    alerts: tuple[NewAlert, ...] = ()
    matched: tuple[str, ...] = ()            # every rule that matched (an alert is raised once per story)
    recent: bool = True                      # False: older than the backfill window on a first poll


@dataclass(frozen=True)
class PollSuccess:
    feed_id: str
    polled_at: datetime
    next_poll_at: datetime
    url: str | None = None                  # new URL after a permanent redirect
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    interval_seconds: float | None = None
    modified: bool = True                   # False for 304 / identical body
    lease_token: str | None = None          # recorded only while this claim still holds the feed


@dataclass(frozen=True)
class RecordResult:
    new_entries: int = 0
    alerts: int = 0
    deliveries: int = 0
    stories: tuple[tuple[str, int], ...] = ()     # (entry key, story id) of every entry stored
    alerted: tuple[tuple[int, str], ...] = ()     # (story id, rule id): alerted now or before
    last_entry_id: int = 0                        # the newest entry id after this transaction


@dataclass(frozen=True)
class StoryMember:
    """An entry of a recent story, for rebuilding the in-memory story index."""

    entry_id: int
    story_id: int
    feed_id: str
    feed_title: str
    title: str
    summary: str
    link: str | None
    language: str | None
    published_at: datetime | None
    first_seen_at: datetime


@dataclass(frozen=True)
class StoryMembers:
    members: tuple[StoryMember, ...]
    alerted: tuple[tuple[int, str], ...]      # (story id, rule id) of these members' stories
    last_entry_id: int                        # every entry up to this id has been read


@dataclass(frozen=True)
class Claimed:
    id: int
    subscriber_id: str
    destination: str
    destination_label: str
    idem_key: str
    story_id: int | None
    notice_id: int | None
    attempts: int
    severity_rank: int
    due_at: datetime
    created_at: datetime
    held: str
    batch_key: str | None = None     # set once the row was part of a send attempt
    lease_token: str | None = None   # the claim that leased it (fencing its outcome)


@dataclass(frozen=True)
class AlertView:
    rule_id: str
    rule_title: str
    severity: str
    terms: tuple[str, ...]
    fields: tuple[str, ...]
    snippet: dict[str, Any] | None
    rule_file: str
    rule_hash: str
    created_at: datetime
    muted_by: int | None = None     # a mute covers this alert: messages for the story do not name it


@dataclass(frozen=True)
class ReportView:
    feed_id: str
    feed_title: str
    title: str
    link: str | None
    published_at: datetime | None
    first_seen_at: datetime
    language: str | None = None


@dataclass(frozen=True)
class StoryView:
    id: int
    title: str
    link: str | None
    first_seen_at: datetime
    alerts: tuple[AlertView, ...]
    reports: tuple[ReportView, ...]


@dataclass(frozen=True)
class NoticeView:
    id: int
    kind: str
    subject: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class DeliveryInfo:
    id: int
    subscriber_id: str
    destination_label: str
    status: str
    attempts: int
    due_at: datetime
    last_error: str | None
    sent_at: datetime | None
    held: str
    title: str
    created_at: datetime
    ambiguous: bool = False


@dataclass(frozen=True)
class AlertInfo:
    id: int
    rule_id: str
    severity: str
    title: str
    link: str | None
    feed_id: str
    created_at: datetime
    rule_file: str
    rule_hash: str
    subscribers: tuple[str, ...] = field(default_factory=tuple)
    story_id: int = 0
    muted_by: int | None = None          # the mute that kept it from being sent


@dataclass(frozen=True)
class StoredEntry:
    feed_id: str
    entry_key: str
    story_id: int | None
    title: str
    link: str | None
    summary: str
    content: str
    published_at: datetime | None
    first_seen_at: datetime


@dataclass(frozen=True)
class PruneReport:
    """What one retention pass removed (see :mod:`storage.maintenance`)."""

    entries: int = 0            # entries whose text was blanked (their keys stay)
    alerts: int = 0             # alerts whose snippet was blanked
    deliveries: int = 0         # sent or dead deliveries removed
    notices: int = 0            # admin notices removed once none of their deliveries remained
    reclaimed_bytes: int = 0    # SQLite: bytes the database file (and its WAL) shrank by
    rule_counts: int = 0        # per-rule daily match counts removed (rule_count rows)

    def __add__(self, other: "PruneReport") -> "PruneReport":
        return PruneReport(self.entries + other.entries, self.alerts + other.alerts,
                           self.deliveries + other.deliveries, self.notices + other.notices,
                           self.reclaimed_bytes + other.reclaimed_bytes, self.rule_counts + other.rule_counts)

    @property
    def rows(self) -> int:
        return self.entries + self.alerts + self.deliveries + self.notices + self.rule_counts


@dataclass(frozen=True)
class MuteInfo:
    """An analyst's mute: alerts of a rule, a story or a feed are recorded but not sent until
    ``expires_at`` (or until someone ends it)."""

    id: int
    kind: str                  # rule | story | feed
    target: str                # rule id, story id (as text) or feed id
    created_by: str
    comment: str
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None
    ended_by: str | None = None

    def state(self, now: datetime) -> str:
        return "ended" if self.ended_at is not None else "active" if self.expires_at > now else "expired"

    def matches(self, rule_id: str, story_id: int, feed_id: str) -> bool:
        return (self.kind == "rule" and self.target == rule_id or self.kind == "story" and self.target == str(story_id)
                or self.kind == "feed" and self.target == feed_id)


@dataclass(frozen=True)
class StoryEntry:
    """One outlet's report of a story (``newswatch stories``, the status page)."""

    feed_id: str
    feed_title: str
    title: str
    link: str | None
    language: str | None
    published_at: datetime | None
    first_seen_at: datetime
    reason: str | None               # the story engine's explanation (JSON), when recorded


@dataclass(frozen=True)
class StoryAlert:
    rule_id: str
    severity: str
    created_at: datetime
    feed_id: str                     # the outlet whose entry raised it


@dataclass(frozen=True)
class StoryListing:
    """A stored story with its entries and the rules that alerted (`newswatch stories`)."""

    id: int
    title: str
    link: str | None
    first_seen_at: datetime
    entries: tuple[StoryEntry, ...]
    alerts: tuple[StoryAlert, ...]
