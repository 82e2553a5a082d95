"""Parse the human units used in config.toml: durations ("15m") and sizes ("10MB")."""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$", re.IGNORECASE)
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)
_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$", re.IGNORECASE)
_BYTES = {
    "b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3,
}


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


def parse_size(text: str | int) -> int:
    """``"10MB"`` -> 10_000_000 bytes; ``"512KiB"`` -> 524288; a bare int is bytes."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not isinstance(text, str):
        raise ValueError(f"expected a size like '10MB', got {text!r}")
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"invalid size {text!r} (use e.g. '512KB', '10MB', '1GiB')")
    return int(float(m.group(1)) * _BYTES[(m.group(2) or "b").lower()])


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
