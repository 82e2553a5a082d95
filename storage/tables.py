"""The tables, in SQLAlchemy Core. They never leave the storage package: queries return plain
dataclasses.

feed        fetch state per configured feed (validators, health, schedule, lease)
entry       every entry ever seen, unique per (feed, entry_key); text is pruned after retention,
            the key stays (a tombstone, so a pruned entry never comes back as new)
story       one story across outlets; story_alias maps every entry's story key to it
alert       a rule fired for a story: unique per (rule, story), with provenance and explanation
notice      an admin notice (feed health, dead letters, rule reload problems), unique per key
mute        an analyst's mute of a rule, story or feed until a time (who, why); never deleted
rule_state  per rule: when it was first seen and its health state last notified (ok/noisy/silent)
rule_count  per rule and UTC day: how many new entries it matched (the "share matched"); the row
            of rule id "*" counts the new entries matched against the rules that day
delivery    the outbox: one row per (story or notice, subscriber, destination)
meta        small key/value state

Core, not an ORM: the queries are Core statements, and SQLModel with the SQLAlchemy ORM under it
cost ~0.1 s of imports at every start (issue 13). The schema is the one the SQLModel classes
declared (the migrations in ``migrations/versions`` built it): ``_str`` is SQLModel's ``str``
column (VARCHAR, NOT NULL unless optional), Python defaults are column defaults as SQLModel made
them, ``index=True`` names its index ``ix_<table>_<column>``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from storage.sqltypes import UTCDateTime

metadata = MetaData()


def _str(name: str, length: int | None = None, *, null: bool = False, **kw: Any) -> Column:  # type: ignore[type-arg]
    return Column(name, String(length), nullable=null, index=kw.pop("index", False), unique=kw.pop("unique", False),
                  **kw)


def _int(name: str, *, null: bool = False, **kw: Any) -> Column:  # type: ignore[type-arg]
    return Column(name, Integer(), nullable=null, index=kw.pop("index", False), unique=False, **kw)


def _bool(name: str, default: bool) -> Column:  # type: ignore[type-arg]
    return Column(name, Boolean(), nullable=False, index=False, unique=False, default=default)


def _id() -> Column:  # type: ignore[type-arg]
    return Column("id", Integer(), primary_key=True, nullable=False, index=False, unique=False)


def _dt(name: str, nullable: bool = True, index: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, UTCDateTime(), nullable=nullable, index=index)


def _text(name: str, default: str | None = None) -> Column:  # type: ignore[type-arg]
    if default is None:
        return Column(name, Text)
    return Column(name, Text, nullable=False, default=default)


feed_t = Table(
    "feed", metadata,
    _str("id", 64, primary_key=True),
    _str("url"),
    _str("config_url"),
    _str("title", default=""),
    _str("etag", null=True, default=None),
    _str("last_modified", null=True, default=None),
    _str("body_hash", 64, null=True, default=None),
    _dt("next_poll_at", index=True),
    _dt("last_polled_at"),
    _dt("last_success_at"),
    _dt("first_polled_at"),
    _text("last_error"),
    _dt("last_error_at"),
    _dt("error_since"),
    _int("consecutive_errors", default=0),
    _bool("unhealthy_notified", False),
    _str("disabled_reason", null=True, default=None),
    Column("interval_seconds", Float(), nullable=True, index=False, unique=False, default=None),
    _int("entries_total", default=0),
    _str("lease_owner", null=True, default=None),
    _dt("lease_until"),
    _str("lease_token", 32, null=True, default=None),   # the claim holding the lease
    _dt("created_at", nullable=False),
)

story_t = Table(
    "story", metadata,
    _id(),
    _str("story_key", 64, unique=True),
    _str("title"),
    _str("link", null=True, default=None),
    _str("fingerprint", default=""),
    _str("feed_id", 64),
    _dt("first_seen_at", nullable=False, index=True),
)

alias_t = Table(
    "story_alias", metadata,
    _str("story_key", 64, primary_key=True),
    Column("story_id", Integer(), ForeignKey("story.id"), nullable=False, index=True, unique=False),
)

entry_t = Table(
    "entry", metadata,
    _id(),
    Column("feed_id", String(64), ForeignKey("feed.id"), nullable=False, index=False, unique=False),
    _str("entry_key", 64),
    Column("story_id", Integer(), ForeignKey("story.id"), nullable=True, index=True, unique=False, default=None),
    _str("title", default=""),
    _str("link", null=True, default=None),
    _text("summary", ""),
    _text("content", ""),
    _str("author", default=""),
    _str("language", null=True, default=None),
    _dt("published_at"),
    _dt("first_seen_at", nullable=False, index=True),
    _bool("alerted", True),     # False: recorded as already old on a feed's first poll (backfill)
    _text("story_reason"),      # why it joined its story (JSON)
    UniqueConstraint("feed_id", "entry_key", name="uq_entry_feed_key"),
)

alert_t = Table(
    "alert", metadata,
    _id(),
    _str("rule_id", 64),
    Column("story_id", Integer(), ForeignKey("story.id"), nullable=False, index=True, unique=False),
    Column("entry_id", Integer(), ForeignKey("entry.id"), nullable=False, index=False, unique=False),
    _str("rule_title", default=""),
    _str("severity", default="normal"),
    _str("rule_file", default=""),
    _str("rule_hash", default=""),
    _text("terms", "[]"),
    _str("fields", default="[]"),
    _text("snippet", "null"),
    _dt("created_at", nullable=False, index=True),
    _text("routed_to"),                                 # JSON list of subscriber ids
    _int("muted_by", null=True, default=None),          # the mute that kept this alert from being sent
    UniqueConstraint("rule_id", "story_id", name="uq_alert_rule_story"),
)

notice_t = Table(
    "notice", metadata,
    _id(),
    _str("key", 200, unique=True),
    _str("kind", 40),
    _str("subject"),
    _text("body", ""),
    _dt("created_at", nullable=False),
)

delivery_t = Table(
    "delivery", metadata,
    _id(),
    Column("story_id", Integer(), ForeignKey("story.id"), nullable=True, index=False, unique=False, default=None),
    Column("notice_id", Integer(), ForeignKey("notice.id"), nullable=True, index=False, unique=False, default=None),
    _str("subscriber_id", 64),
    _str("destination", 64),
    _str("destination_label", default=""),          # privacy-masked URL, never the secret one
    _str("idem_key", 64, unique=True),
    _int("severity_rank", default=1),
    _str("status", 16, default="pending"),
    _dt("due_at", nullable=False),
    _int("attempts", default=0),
    _str("lease_owner", 64, null=True, default=None),
    _dt("lease_until"),
    _str("lease_token", 32, null=True, default=None),   # the claim holding the lease
    _text("last_error"),
    _str("batch_key", 64, null=True, default=None),
    _bool("ambiguous", False),
    _str("held", default=""),                        # why the row waits: digest, quiet-hours, flood
    _dt("sent_at", index=True),
    _dt("created_at", nullable=False),
    UniqueConstraint("story_id", "subscriber_id", "destination", name="uq_delivery_story_dest"),
    UniqueConstraint("notice_id", "subscriber_id", "destination", name="uq_delivery_notice_dest"),
    Index("ix_delivery_due", "status", "due_at"),
)

meta_t = Table(
    "meta", metadata,
    _str("key", 100, primary_key=True),
    _text("value", ""),
)

mute_t = Table(
    "mute", metadata,
    _id(),
    _str("kind", 8),                                 # rule | story | feed
    _str("target", 200),
    _str("created_by", 100, default=""),
    _text("comment", ""),
    _dt("created_at", nullable=False),
    _dt("expires_at", nullable=False, index=True),
    _dt("ended_at"),                                 # unmuted before it expired
    _str("ended_by", 100, null=True, default=None),
)

rule_state_t = Table(
    "rule_state", metadata,
    _str("rule_id", 64, primary_key=True),
    _dt("first_seen_at", nullable=False),
    _str("state", 16, default="ok"),
    _dt("state_since", nullable=False),
)

POLLED = "*"        # rule_count's rule id for every new entry matched against the rules (no rule has it)

rule_count_t = Table(
    "rule_count", metadata,
    _str("rule_id", 64, primary_key=True),
    _str("day", 10, primary_key=True),               # YYYY-MM-DD, UTC
    _int("matched", default=0),
)
