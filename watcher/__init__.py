"""newswatch: a news-watch alerting daemon.

The pipeline, one feed at a time, then one destination at a time::

    fetch -> parse -> decide -> record          (watcher.pipeline.poll, a poll round)
    claim -> render -> send -> mark             (watcher.pipeline.deliver, a delivery round)

- fetch (:mod:`watcher.fetch`): a conditional GET through the SSRF guard, with size and time caps;
  a 304 or an unchanged body ends the poll there.
- parse (:mod:`watcher.parse`, in worker processes): bytes -> :class:`watcher.types.ParsedFeed`.
- decide (:mod:`watcher.pipeline.decide`, pure): which entries are new (against what is stored),
  which story each joins (:mod:`watcher.stories`), which rules match (:mod:`watcher.ruleset`),
  who gets each alert and when (:mod:`watcher.routing`).
- record (:mod:`storage`): entries, alerts, outbox rows and the feed's validators in one transaction.
- claim due outbox rows under a lease, render them (:mod:`watcher.render`), send through Apprise
  (:mod:`watcher.notify`), then mark them sent, retry them later, or give up on them.

Parse, match and render are pure; I/O lives in fetch, notify, storage, config and rule loading,
and the daemon (:mod:`watcher.daemon`: runtime, jobs, scheduler). Shared vocabulary sits in leaf
modules (:mod:`watcher.errors`, :mod:`watcher.types`, :mod:`watcher.messages`); the import
layers are checked by ``lint-imports`` (pyproject.toml).
"""

__version__ = "0.1.0"
