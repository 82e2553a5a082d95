"""Orchestration of the pipeline stages (no SQL or HTTP details here)."""

from watcher.pipeline.deliver import DeliverReport, deliver_due
from watcher.pipeline.poll import (PollReport, PollStatus, claim_due, match_entry, not_claimed, poll_feed,
                                   poll_many)
from watcher.pipeline.rules import RulesHolder, load_checked
from watcher.pipeline.runtime import Runtime, utcnow

__all__ = ["DeliverReport", "PollReport", "PollStatus", "RulesHolder", "Runtime", "claim_due", "deliver_due",
           "load_checked", "match_entry", "not_claimed", "poll_feed", "poll_many", "utcnow"]
