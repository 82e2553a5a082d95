"""Logging setup: one line per record, secrets redacted, control characters stripped.

The ``apprise`` logger never goes below INFO, even when newswatch runs at DEBUG: Apprise's DEBUG
output contains full webhook URLs (hazards.md F10). A filter on the handler replaces every known
secret (expanded ``${VAR}`` values, the hidden parts of subscriber URLs) and URL credentials.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Iterable, TextIO

from watcher.textfold import clean_text

_CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)([^:/@\s]+):([^@\s/]+)@", re.IGNORECASE)
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: list[str] = []
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        merged = set(self.secrets) | {s for s in secrets if s and len(s) >= 4}
        self.secrets = sorted(merged, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, "****")
        return _CREDENTIALS.sub(r"\1\2:****@", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg = clean_text(self.redact(message))
        record.args = ()
        return True


class SkippedTickFilter(logging.Filter):
    """APScheduler says "Execution of job ... skipped: maximum number of running instances
    reached" at WARNING whenever a tick finds the previous run still busy (a slow delivery round
    outlasting ``[delivery] interval``). Here that is normal, so it is a DEBUG line, shown only
    when newswatch runs at debug level."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "skipped: maximum number of running instances" not in str(record.msg):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger().isEnabledFor(logging.DEBUG)


_SKIPPED_TICKS = SkippedTickFilter()


class _Formatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%SZ")
        import time
        self.converter = time.gmtime


_FILTER = RedactingFilter()


def setup_logging(level: str = "info", secrets: Iterable[str] = (), stream: TextIO | None = None) -> RedactingFilter:
    numeric = LEVELS.get(level, logging.INFO)
    _FILTER.add(secrets)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_newswatch", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._newswatch = True  # type: ignore[attr-defined]
    handler.setFormatter(_Formatter())
    handler.addFilter(_FILTER)
    root.addHandler(handler)
    root.setLevel(numeric)
    logging.getLogger("apprise").setLevel(max(numeric, logging.INFO))
    for noisy in ("apscheduler", "httpx", "httpcore", "aiohttp", "alembic", "asyncio"):
        logging.getLogger(noisy).setLevel(max(numeric, logging.WARNING))
    logging.getLogger("apscheduler.scheduler").addFilter(_SKIPPED_TICKS)   # adding twice keeps one
    return _FILTER


def add_secrets(secrets: Iterable[str]) -> None:
    _FILTER.add(secrets)
