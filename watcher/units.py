"""Durations as people write and read them: ``"15m"`` in config.toml, ``5m ago`` in what we show.
Sizes (``"10MB"``) are pydantic's ``ByteSize``."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)
_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """``"15m"``, ``"1h30m"``, ``"30s"``, ``"7d"`` -> timedelta. Raises ValueError with a hint."""
    if not isinstance(text, str):
        raise ValueError(f"expected a duration string like '15m', got {text!r}")
    compact = text.replace(" ", "")
    parts = _DURATION_PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts).lower() != compact.lower():
        raise ValueError(f"invalid duration {text!r} (use e.g. '30s', '15m', '2h', '1h30m', '7d')")
    seconds = sum(float(n) * _SECONDS[u.lower()] for n, u in parts)
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta | float) -> str:
    seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
    if seconds < 0:
        return "-" + format_duration(-seconds)
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        m, s = divmod(round(seconds), 60)
        return f"{m}m{s:02d}s" if s else f"{m}m"
    if seconds < 86400:
        h, rest = divmod(int(seconds), 3600)
        return f"{h}h{rest // 60:02d}m" if rest >= 60 else f"{h}h"
    d, rest = divmod(int(seconds), 86400)
    return f"{d}d{rest // 3600}h" if rest >= 3600 else f"{d}d"


def ago(when: datetime | None, now: datetime) -> str:
    """``5m ago``, ``in 2h``, or ``never``: a moment relative to ``now``, for people."""
    if when is None:
        return "never"
    seconds = (now - when).total_seconds()
    return f"in {format_duration(-seconds)}" if seconds < 0 else f"{format_duration(seconds)} ago"
