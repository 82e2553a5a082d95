"""Orchestration of the pipeline stages (no SQL or HTTP details here).

Each stage function takes the collaborators it uses, built once by the daemon
(:mod:`watcher.daemon.runtime`): polling takes :class:`PollDeps` (poll.py: fetch -> parse ->
decide -> record; which feeds to poll in claims.py), delivering takes :class:`DeliverDeps`
(deliver.py), admin notices go through :class:`Notices` (notices.py, rulehealth.py), and every
store call through :class:`Database` (database.py: the DB threads, the lease owner, dbhealth.py).

The names below are loaded on first use (PEP 562), lazy-for-start-up: ``newswatch check`` needs
only :func:`load_checked`, not the fetch, delivery and rendering stacks the other stages import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watcher.lazy import lazy_names

_WHERE = {
    "Composer": "deliver", "DeliverDeps": "deliver", "DeliverReport": "deliver", "deliver_all_due": "deliver",
    "deliver_due": "deliver",
    "Decisions": "decide", "EntryDecision": "decide", "StoredState": "decide", "decide": "decide",
    "match_entry": "decide",
    "Fetcher": "poll", "PollDeps": "poll", "PollReport": "poll", "PollStatus": "poll", "Recorder": "record",
    "UnchangedBatch": "record", "poll_feed": "poll", "poll_many": "poll",
    "PollSlots": "claims", "claim_due": "claims", "not_claimed": "claims",
    "Database": "database", "Notices": "notices", "check_rule_health": "rulehealth",
    "RulesHolder": "rules", "load_checked": "rules", "LiveStories": "stories", "utcnow": "schedule",
}

if TYPE_CHECKING:
    from watcher.pipeline.claims import PollSlots, claim_due, not_claimed
    from watcher.pipeline.database import Database
    from watcher.pipeline.decide import Decisions, EntryDecision, StoredState, decide, match_entry
    from watcher.pipeline.deliver import Composer, DeliverDeps, DeliverReport, deliver_all_due, deliver_due
    from watcher.pipeline.notices import Notices
    from watcher.pipeline.poll import Fetcher, PollDeps, PollReport, PollStatus, poll_feed, poll_many
    from watcher.pipeline.record import Recorder, UnchangedBatch
    from watcher.pipeline.rulehealth import check_rule_health
    from watcher.pipeline.rules import RulesHolder, load_checked
    from watcher.pipeline.schedule import utcnow
    from watcher.pipeline.stories import LiveStories


__getattr__ = lazy_names(__name__, _WHERE, globals())

__all__ = ["Composer", "Database", "Decisions", "DeliverDeps", "DeliverReport", "EntryDecision", "Fetcher",
           "LiveStories", "Notices", "PollDeps", "PollReport", "PollSlots", "PollStatus", "Recorder", "RulesHolder",
           "StoredState", "UnchangedBatch", "check_rule_health", "claim_due", "decide", "deliver_all_due",
           "deliver_due", "load_checked", "match_entry", "not_claimed", "poll_feed", "poll_many", "utcnow"]
