"""Builders for test feeds with dates relative to now (so the backfill window behaves)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass
class Item:
    title: str
    link: str
    guid: str | None = None
    summary: str = ""
    age: timedelta = timedelta(hours=1)


def rss(items: list[Item], *, title: str = "Test feed", encoding: str = "utf-8", now: datetime | None = None,
        language: str | None = None) -> bytes:
    now = now or datetime.now(timezone.utc)
    lang = f"<language>{escape(language)}</language>" if language else ""
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
             f"<link>https://example.org/</link><description>test</description>{lang}"]
    for item in items:
        guid = f"<guid isPermaLink=\"false\">{escape(item.guid)}</guid>" if item.guid else ""
        parts.append(f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>{guid}"
                     f"<pubDate>{format_datetime(now - item.age)}</pubDate>"
                     f"<description>{escape(item.summary)}</description></item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding)


def atom(items: list[Item], *, title: str = "Test Atom feed", now: datetime | None = None) -> bytes:
    now = now or datetime.now(timezone.utc)
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
             f"<title>{escape(title)}</title><id>urn:test:feed</id><updated>{now.isoformat()}</updated>"]
    for item in items:
        when = (now - item.age).isoformat()
        parts.append(f"<entry><title>{escape(item.title)}</title><link rel=\"alternate\" href=\"{escape(item.link)}\"/>"
                     f"<id>{escape(item.guid or item.link)}</id><updated>{when}</updated><published>{when}</published>"
                     f"<summary>{escape(item.summary)}</summary></entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode()
