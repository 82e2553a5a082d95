"""JSON Feed 1.0 / 1.1 (https://www.jsonfeed.org/version/1.1/) mapped to the parse dicts."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from watcher.errors import ParseError
from watcher.parse.html import html_to_text, normalise_space


def looks_like_json_feed(body: bytes, content_type: str) -> bool:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in ("application/feed+json", "application/json") or ctype.endswith("+json"):
        return True
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org" in body[:4096]


def parse_json_feed(body: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ParseError(f"not a feed: invalid JSON ({e})") from e
    if not isinstance(doc, dict) or "jsonfeed.org/version/" not in str(doc.get("version", "")):
        raise ParseError("not a feed: JSON without a jsonfeed.org version")
    items = doc.get("items")
    if not isinstance(items, list):
        raise ParseError("not a feed: JSON Feed without an 'items' list")
    version = "json11" if str(doc.get("version")).rstrip("/").endswith("1.1") else "json1"
    return {
        "title": _str(doc.get("title")),
        "link": _str(doc.get("home_page_url")) or None,
        "language": _str(doc.get("language")) or None,
        "version": version,
        "warning": None,
        "items": [_item(i) for i in items if isinstance(i, dict)],
    }


def _item(item: dict[str, Any]) -> dict[str, Any]:
    content = _str(item.get("content_text"))
    if not content and item.get("content_html"):
        content = html_to_text(_str(item.get("content_html")))
    date_raw = _str(item.get("date_published")) or _str(item.get("date_modified"))
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    author = ", ".join(_str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name"))
    return {
        "guid": _str(item.get("id")) or None,
        "link": _str(item.get("url")) or _str(item.get("external_url")) or None,
        "title": normalise_space(_str(item.get("title"))),
        "summary": normalise_space(_str(item.get("summary"))),
        "content": content,
        "published": _rfc3339(date_raw),
        "published_raw": date_raw,
        "author": author,
        "language": _str(item.get("language")) or None,
    }


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _rfc3339(text: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)
