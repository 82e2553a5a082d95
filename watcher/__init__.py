"""newswatch: a news-watch alerting daemon.

Pipeline (see DESIGN.md): fetch -> parse -> record -> match -> cluster -> outbox -> deliver.
Parse, match and render are pure; I/O lives in fetch, notify, storage, config/rule loading
and the scheduler.
"""

__version__ = "0.1.0"
