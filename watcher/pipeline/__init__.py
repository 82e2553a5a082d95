"""Orchestration of the pipeline stages (no SQL or HTTP details here).

The names below are loaded on first use (PEP 562), lazy-for-start-up: ``newswatch check`` needs
only :func:`load_checked`, not the fetch, delivery and rendering stacks the other stages import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watcher.lazy import lazy_names

_WHERE = {
    "DeliverReport": "deliver", "deliver_due": "deliver",
    "Decisions": "decide", "EntryDecision": "decide", "StoredState": "decide", "decide": "decide",
    "match_entry": "decide",
    "PollReport": "poll", "PollStatus": "poll", "claim_due": "poll", "not_claimed": "poll",
    "poll_feed": "poll", "poll_many": "poll",
    "RulesHolder": "rules", "load_checked": "rules",
    "Runtime": "runtime", "utcnow": "runtime",
}

if TYPE_CHECKING:
    from watcher.pipeline.decide import Decisions, EntryDecision, StoredState, decide, match_entry
    from watcher.pipeline.deliver import DeliverReport, deliver_due
    from watcher.pipeline.poll import PollReport, PollStatus, claim_due, not_claimed, poll_feed, poll_many
    from watcher.pipeline.rules import RulesHolder, load_checked
    from watcher.pipeline.runtime import Runtime, utcnow


__getattr__ = lazy_names(__name__, _WHERE, globals())

__all__ = ["Decisions", "DeliverReport", "EntryDecision", "PollReport", "PollStatus", "RulesHolder", "Runtime",
           "StoredState", "claim_due", "decide", "deliver_due", "load_checked", "match_entry", "not_claimed",
           "poll_feed", "poll_many", "utcnow"]
