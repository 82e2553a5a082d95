"""Orchestration of the pipeline stages (no SQL or HTTP details here)."""

from watcher.pipeline.deliver import DeliverReport, deliver_due
from watcher.pipeline.poll import PollReport, match_entry, poll_feed, poll_many
from watcher.pipeline.rules import RulesHolder, load_checked
from watcher.pipeline.runtime import Runtime, utcnow

__all__ = ["DeliverReport", "PollReport", "RulesHolder", "Runtime", "deliver_due", "load_checked", "match_entry",
           "poll_feed", "poll_many", "utcnow"]
