"""newswatch persistence: SQLAlchemy Core tables, engine setup, queries and Alembic migrations.

Public surface: :func:`open_store` returns a :class:`Store`; queries take and return the plain
values of :mod:`storage.records`. This package never imports ``watcher``.
"""

from __future__ import annotations

from storage.alerting import idem_key
from storage.engine import is_sqlite, make_engine, on_network_filesystem, pragma, sqlite_path
from storage.errors import LeaseLost, StaleStories, StorageError
from storage.ingest import IngestMixin
from storage.lock import InstanceLock
from storage.maintenance import MaintenanceMixin
from storage.mutes import MutesMixin
from storage.outbox import OutboxMixin
from storage.preflight import check_integrity
from storage.records import (
    AlertInfo,
    AlertView,
    Claimed,
    DeliveryInfo,
    DeliveryPlan,
    DeliveryStatus,
    FeedState,
    MuteInfo,
    NewAlert,
    NewEntry,
    NewNotice,
    NoticeView,
    PollSuccess,
    PruneReport,
    RecordResult,
    ReportView,
    StoredEntry,
    StoryAlert,
    StoryEntry,
    StoryListing,
    StoryMember,
    StoryMembers,
    StoryView,
)
from storage.reports import ReportsMixin
from storage.rulestats import RuleActivity, RuleStats, RuleStatsMixin
from storage.status import AlertedStory, DatabaseCounts, StatusMixin, reader_engine
from storage.store import FeedsMixin, prepare_database


class Store(FeedsMixin, IngestMixin, OutboxMixin, ReportsMixin, MaintenanceMixin, StatusMixin, MutesMixin,
            RuleStatsMixin):
    """Every query the daemon and the CLI make."""


def open_store(url: str, *, readonly: bool = False) -> Store:
    """Open the database; a writable store also runs pending migrations first."""
    if readonly:
        path = sqlite_path(url)
        if path is not None and not path.exists():
            raise StorageError(f"no database at {path} yet (it is created by `newswatch run`)")
        return Store(make_engine(url, readonly=True), url)
    return Store(prepare_database(url), url)


def open_reader(url: str) -> Store:
    """A store for status reads that never writes, never waits on the writer, fails fast."""
    return Store(reader_engine(url), url)


__all__ = ["DeliveryStatus", "AlertedStory", "DatabaseCounts", "RuleActivity", "RuleStats", "open_reader",
           "AlertInfo", "AlertView", "Claimed", "DeliveryInfo", "DeliveryPlan", "FeedState", "InstanceLock",
           "LeaseLost", "MuteInfo", "NewAlert", "NewEntry", "NewNotice", "NoticeView", "PollSuccess", "PruneReport",
           "RecordResult", "ReportView", "Store",
           "StaleStories", "StorageError", "StoredEntry", "StoryAlert", "StoryEntry", "StoryListing", "StoryMember",
           "StoryMembers", "StoryView", "check_integrity", "idem_key", "is_sqlite",
           "on_network_filesystem", "open_store", "pragma", "sqlite_path"]
