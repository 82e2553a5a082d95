"""SQLModel tables. They never leave the storage package: queries return plain dataclasses.

feed        fetch state per configured feed (validators, health, schedule, lease)
entry       every entry ever seen, unique per (feed, entry_key); text is pruned after retention,
            the key stays (a tombstone, so a pruned entry never comes back as new)
story       one story across outlets; story_alias maps every entry's story key to it
alert       a rule fired for a story: unique per (rule, story), with provenance and explanation
notice      an admin notice (feed health, dead letters, rule reload problems), unique per key
mute        an analyst's mute of a rule, story or feed until a time (who, why); never deleted
rule_state  per rule: when it was first seen and its health state last notified (ok/noisy/silent)
rule_count  per rule and UTC day: how many new entries it matched (the "share matched")
delivery    the outbox: one row per (story or notice, subscriber, destination)
meta        small key/value state
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional, cast

from sqlalchemy import Column, Index, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.sqltypes import UTCDateTime


def _dt(nullable: bool = True, index: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable, index=index)


class FeedRow(SQLModel, table=True):
    __tablename__ = "feed"
    id: str = Field(primary_key=True, max_length=64)
    url: str
    config_url: str
    title: str = ""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    body_hash: Optional[str] = Field(default=None, max_length=64)
    next_poll_at: Optional[datetime] = Field(default=None, sa_column=_dt(index=True))
    last_polled_at: Optional[datetime] = Field(default=None, sa_column=_dt())
    last_success_at: Optional[datetime] = Field(default=None, sa_column=_dt())
    first_polled_at: Optional[datetime] = Field(default=None, sa_column=_dt())
    last_error: Optional[str] = Field(default=None, sa_column=Column(Text))
    last_error_at: Optional[datetime] = Field(default=None, sa_column=_dt())
    error_since: Optional[datetime] = Field(default=None, sa_column=_dt())
    consecutive_errors: int = 0
    unhealthy_notified: bool = False
    disabled_reason: Optional[str] = None
    interval_seconds: Optional[float] = None
    entries_total: int = 0
    lease_owner: Optional[str] = None
    lease_until: Optional[datetime] = Field(default=None, sa_column=_dt())
    lease_token: Optional[str] = Field(default=None, max_length=32)   # the claim holding the lease
    created_at: datetime = Field(sa_column=_dt(nullable=False))


class StoryRow(SQLModel, table=True):
    __tablename__ = "story"
    id: Optional[int] = Field(default=None, primary_key=True)
    story_key: str = Field(max_length=64, unique=True)
    title: str
    link: Optional[str] = None
    fingerprint: str = ""
    feed_id: str = Field(max_length=64)
    first_seen_at: datetime = Field(sa_column=_dt(nullable=False, index=True))


class StoryAliasRow(SQLModel, table=True):
    __tablename__ = "story_alias"
    story_key: str = Field(primary_key=True, max_length=64)
    story_id: int = Field(foreign_key="story.id", index=True)


class EntryRow(SQLModel, table=True):
    __tablename__ = "entry"
    __table_args__ = (UniqueConstraint("feed_id", "entry_key", name="uq_entry_feed_key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    feed_id: str = Field(foreign_key="feed.id", max_length=64)
    entry_key: str = Field(max_length=64)
    story_id: Optional[int] = Field(default=None, foreign_key="story.id", index=True)
    title: str = ""
    link: Optional[str] = None
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    content: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    author: str = ""
    language: Optional[str] = None
    published_at: Optional[datetime] = Field(default=None, sa_column=_dt())
    first_seen_at: datetime = Field(sa_column=_dt(nullable=False, index=True))
    alerted: bool = True     # False: recorded as already old on a feed's first poll (backfill)
    story_reason: Optional[str] = Field(default=None, sa_column=Column(Text))   # why it joined its story (JSON)


class AlertRow(SQLModel, table=True):
    __tablename__ = "alert"
    __table_args__ = (UniqueConstraint("rule_id", "story_id", name="uq_alert_rule_story"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    rule_id: str = Field(max_length=64)
    story_id: int = Field(foreign_key="story.id", index=True)
    entry_id: int = Field(foreign_key="entry.id")
    rule_title: str = ""
    severity: str = "normal"
    rule_file: str = ""
    rule_hash: str = ""
    terms: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    fields: str = "[]"
    snippet: str = Field(default="null", sa_column=Column(Text, nullable=False, default="null"))
    created_at: datetime = Field(sa_column=_dt(nullable=False, index=True))
    routed_to: Optional[str] = Field(default=None, sa_column=Column(Text))   # JSON list of subscriber ids
    muted_by: Optional[int] = None     # the mute that kept this alert from being sent


class NoticeRow(SQLModel, table=True):
    __tablename__ = "notice"
    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=40)
    subject: str
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(sa_column=_dt(nullable=False))


class DeliveryRow(SQLModel, table=True):
    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("story_id", "subscriber_id", "destination", name="uq_delivery_story_dest"),
        UniqueConstraint("notice_id", "subscriber_id", "destination", name="uq_delivery_notice_dest"),
        Index("ix_delivery_due", "status", "due_at"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    story_id: Optional[int] = Field(default=None, foreign_key="story.id")
    notice_id: Optional[int] = Field(default=None, foreign_key="notice.id")
    subscriber_id: str = Field(max_length=64)
    destination: str = Field(max_length=64)
    destination_label: str = ""        # privacy-masked URL, never the secret one
    idem_key: str = Field(max_length=64, unique=True)
    severity_rank: int = 1
    status: str = Field(default="pending", max_length=16)
    due_at: datetime = Field(sa_column=_dt(nullable=False))
    attempts: int = 0
    lease_owner: Optional[str] = Field(default=None, max_length=64)
    lease_until: Optional[datetime] = Field(default=None, sa_column=_dt())
    lease_token: Optional[str] = Field(default=None, max_length=32)   # the claim holding the lease
    last_error: Optional[str] = Field(default=None, sa_column=Column(Text))
    batch_key: Optional[str] = Field(default=None, max_length=64)
    ambiguous: bool = False
    held: str = ""                     # why the row waits: digest, quiet-hours, flood
    sent_at: Optional[datetime] = Field(default=None, sa_column=_dt(index=True))
    created_at: datetime = Field(sa_column=_dt(nullable=False))


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class MuteRow(SQLModel, table=True):
    __tablename__ = "mute"
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=8)            # rule | story | feed
    target: str = Field(max_length=200)
    created_by: str = Field(default="", max_length=100)
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(sa_column=_dt(nullable=False))
    expires_at: datetime = Field(sa_column=_dt(nullable=False, index=True))
    ended_at: Optional[datetime] = Field(default=None, sa_column=_dt())      # unmuted before it expired
    ended_by: Optional[str] = Field(default=None, max_length=100)


class RuleStateRow(SQLModel, table=True):
    __tablename__ = "rule_state"
    rule_id: str = Field(primary_key=True, max_length=64)
    first_seen_at: datetime = Field(sa_column=_dt(nullable=False))
    state: str = Field(default="ok", max_length=16)
    state_since: datetime = Field(sa_column=_dt(nullable=False))


class RuleCountRow(SQLModel, table=True):
    __tablename__ = "rule_count"
    rule_id: str = Field(primary_key=True, max_length=64)
    day: str = Field(primary_key=True, max_length=10)     # YYYY-MM-DD, UTC
    matched: int = 0


def table(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a ``table=True`` model (SQLModel does not declare ``__table__``)."""
    return cast(Table, getattr(model, "__table__"))  # noqa: B009 - not declared, so not an attribute to mypy
