"""Dates as feedparser reads them: the two common shapes (RFC 822 and W3C/ISO 8601) parsed here,
anything else handed to feedparser's own date parser, so both paths agree on every date."""

from __future__ import annotations

import calendar
import re
import time
from datetime import datetime, timedelta, timezone

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"), 1)}
_ZONES = {"gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
          "mst": -420, "mdt": -360, "pst": -480, "pdt": -420}
_RFC822 = re.compile(r"(?:(?:mon|tue|wed|thu|fri|sat|sun), )?(\d{1,2}) ([a-z]{3}) (\d{4}) "
                     r"(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}|[a-z]{1,3})$")
_W3C = re.compile(r"(\d{4})-(\d{2})-(\d{2})t(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(z|[+-]\d{2}:\d{2})$")


_SEEN: dict[str, datetime | None] = {}
_SEEN_MAX = 4096


def parse_date(raw: str) -> datetime | None:
    """Memoised: an Atom entry's published and updated are often the same text, and a feed
    polled again repeats most of its dates (the values are immutable)."""
    value = _SEEN.get(raw, _SEEN)   # (_SEEN: not seen; a raised KeyError costs more than the lookup)
    if value is not _SEEN:
        return value  # type: ignore[return-value]
    if len(_SEEN) >= _SEEN_MAX:
        _SEEN.clear()
    text = raw.strip()
    if len(text) in (20, 25) and text[10] == "T" and text[19] in "Z+-" and text[4] == "-":
        try:   # the usual W3C shape (2019-07-10T11:46:48Z, ...+02:00) in C; anything it refuses, _parse_date_text
            parsed = datetime.fromisoformat(text)
            parsed = parsed if parsed.tzinfo is timezone.utc else parsed.astimezone(timezone.utc)
        except (ValueError, OverflowError):
            pass
        else:
            _SEEN[raw] = parsed
            return parsed
    value = _SEEN[raw] = _parse_date_text(raw, text.lower())
    return value


def _parse_date_text(raw: str, text: str) -> datetime | None:
    """``text``: ``raw`` stripped and lower-cased (the usual W3C shape was tried by the caller)."""
    try:
        m = _RFC822.match(text)
        if m:
            day, month, year, hh, mm, ss, zone = m.groups()
            month_number = _MONTHS.get(month)
            offset = _ZONES.get(zone) if zone[0] not in "+-" else _offset(zone)
            if month_number is not None and offset is not None:
                return _utc(int(year), month_number, int(day), hh, mm, ss, offset)
        m = _W3C.match(text)
        if m:
            zone = m.group(7)
            offset = 0 if zone == "z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[4:6]))
            return _utc(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5), m.group(6),
                        offset)
    except (ValueError, OverflowError):
        pass
    return _via_feedparser(raw)


def _offset(zone: str) -> int:
    if zone[0] in "+-":
        return (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[3:5]))
    return _ZONES[zone]


def _utc(year: int, month: int, day: int, hh: str, mm: str, ss: str, offset_minutes: int) -> datetime | None:
    # datetime() refuses an hour, minute, second or day out of range (ValueError) by itself
    value = datetime(year, month, day, int(hh), int(mm), int(ss), tzinfo=timezone.utc)
    return value - timedelta(minutes=offset_minutes) if offset_minutes else value


def _via_feedparser(raw: str) -> datetime | None:
    # imported here: feedparser is loaded only by a parse that needs it (~10 MiB per worker)
    from feedparser.datetimes import _parse_date

    return struct_to_datetime(_parse_date(raw))


def struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time as an aware datetime; None when absent or out of range."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    except (OverflowError, ValueError, OSError, TypeError):
        return None
