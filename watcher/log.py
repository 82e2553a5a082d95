"""Logging setup: one line per record, secrets redacted, control characters stripped.

``[watch] log_format = "json"`` writes one JSON object per line instead: ``time``, ``level``,
``logger``, ``message`` and the structured fields of the record (``feed_id``, ``rule_id``,
``subscriber_id``, ``delivery_ids``), given with ``extra=`` or bound to the current asyncio task
with :func:`bind_log_context` (each polled feed and each delivery group runs in its own task).

The ``apprise`` logger never goes below INFO, even when newswatch runs at DEBUG: Apprise's DEBUG
output contains full webhook URLs (hazards.md F10). A filter on the handler replaces every known
secret (expanded ``${VAR}`` values, the hidden parts of subscriber URLs) and URL credentials.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
from typing import Any, Iterable, TextIO

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
        self.converter = time.gmtime


FIELDS = ("feed_id", "rule_id", "subscriber_id", "delivery_ids", "story_id")
_CONTEXT: contextvars.ContextVar[tuple[tuple[str, Any], ...]] = contextvars.ContextVar("newswatch_log_context",
                                                                                        default=())


def bind_log_context(**fields: Any) -> None:
    """Attach structured fields to every record logged from now on in the current task."""
    _CONTEXT.set(tuple({**dict(_CONTEXT.get()), **fields}.items()))


class JsonFormatter(logging.Formatter):
    """One JSON object per line (the message is already redacted by the handler's filter)."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        document.update({**dict(_CONTEXT.get()), **{f: getattr(record, f) for f in FIELDS if hasattr(record, f)}})
        return json.dumps(document, ensure_ascii=False, default=str)


_FILTER = RedactingFilter()


def redact(text: str) -> str:
    """``text`` with every known secret and URL password replaced (as in the logs)."""
    return _FILTER.redact(text)


def setup_logging(level: str = "info", secrets: Iterable[str] = (), stream: TextIO | None = None,
                  fmt: str = "text") -> RedactingFilter:
    numeric = LEVELS.get(level, logging.INFO)
    _FILTER.add(secrets)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_newswatch", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._newswatch = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if fmt == "json" else _Formatter())
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
