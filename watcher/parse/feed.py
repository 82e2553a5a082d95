"""Turn a fetched body into a ParsedFeed (pure; runs inside a parse worker process).

- RSS/Atom go through feedparser, always as ``io.BytesIO(body)`` with lower-cased response
  headers and ``content-location`` (libraries.md §1.1). Entity declarations are removed from the
  document feedparser has *decoded*, wherever they are (quadratic entity blow-up, hazards.md F1):
  see :func:`neutralise_entities`.
- Well-formed RSS/Atom/RDF is read on the fast lxml path (:mod:`watcher.parse.fast`, about 20x
  quicker, no DTD or entity ever expanded); feedparser reads whatever that path declines.
- JSON Feed 1.0/1.1 is mapped by :mod:`watcher.parse.jsonfeed` (feedparser 6 cannot read it).
- ``bozo`` is a warning, not an error; "no version and no entries" is an error (not a feed).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

from watcher.errors import ParseError
from watcher.parse import fast
from watcher.parse.fast.dates import struct_to_datetime
from watcher.parse.html import html_to_text, normalise_space
from watcher.parse.identity import canonical_url, digest, entry_identity, story_identity
from watcher.parse.jsonfeed import looks_like_json_feed, parse_json_feed
from watcher.textfold import clean_text, language_tag, one_line
from watcher.types import Entry, ParsedFeed

MAX_TITLE = 1_000
MAX_SUMMARY = 20_000
MAX_CONTENT = 100_000
FUTURE_SLACK = timedelta(days=2)
_ENTITY_DECL = re.compile(rb"""<!ENTITY(?:[^>"']++|"[^"]*+"|'[^']*+')*+>?""", re.I)
_ENTITY_KEYWORD = re.compile(rb"<!ENTITY", re.I)


def neutralise_entities(data: bytes) -> bytes:
    """Remove every ENTITY declaration, wherever it is (prolog, after a comment or PI, anywhere).

    Without a declaration neither expat nor feedparser's loose parser has anything to expand: an
    ``&a;`` stays literal text. Text inside CDATA that spells a declaration is removed too. Each
    declaration becomes one space, which cannot splice the text around it into a new keyword
    (``<!EN<!ENTITY x "">TITY`` stays inert), so one linear pass is enough.
    """
    if not _ENTITY_KEYWORD.search(data):
        return data
    return _ENTITY_DECL.sub(b" ", data)


def _feedparser() -> ModuleType:
    """feedparser, imported (and guarded) by the first parse that needs it: a worker that reads
    only what the fast path accepts never loads it (~10 MiB per parse process)."""
    import feedparser
    import feedparser.api

    _install_entity_guard(feedparser.api)
    module: ModuleType = feedparser
    return module


def _install_entity_guard(api: Any) -> None:
    """feedparser.parse decodes the body (any charset, UTF-16 included) and then hands the UTF-8
    bytes to ``replace_doctype``, whose prolog regex a comment, a PI or a line layout can fool and
    which keeps "safe" entities that its loose parser then expands without limit. Neutralise the
    decoded bytes right there, before feedparser or expat look at any declaration."""
    original = api.replace_doctype
    if getattr(original, "newswatch_guard", False):
        return

    def replace_doctype(data: bytes) -> Any:
        return original(neutralise_entities(data))

    replace_doctype.newswatch_guard = True  # type: ignore[attr-defined]
    api.replace_doctype = replace_doctype


def parse_feed(body: bytes, headers: dict[str, str], url: str, now: datetime, *,
               max_entries: int = 500) -> ParsedFeed:
    if not body.strip():
        raise ParseError("empty response body")
    headers = {k.lower(): v for k, v in headers.items()}
    if looks_like_json_feed(body, headers.get("content-type", "")):
        raw = parse_json_feed(body)
        return _build(raw, url, now, max_entries)
    headers["content-location"] = url
    return _build(read_xml(body, headers, url), url, now, max_entries)


def read_xml(body: bytes, headers: dict[str, str], url: str) -> dict[str, Any]:
    """RSS/Atom/RDF on the fast lxml path, or feedparser for what that path cannot read cleanly."""
    try:
        return fast.read(body, headers, url)
    except fast.Fallback:
        return read_feedparser(body, headers, url)


def read_feedparser(body: bytes, headers: dict[str, str], url: str) -> dict[str, Any]:
    """The reference reading (lower-cased ``headers`` with ``content-location``)."""
    # Feed HTML is never rendered: html_to_text keeps only text (dropping script and style), so
    # feedparser's sanitiser and relative-URI rewriting inside content (a third of its time,
    # libraries.md §1.6) are skipped. Entry links are still resolved against content-location.
    result = _feedparser().parse(io.BytesIO(body), response_headers=headers,
                              resolve_relative_uris=False, sanitize_html=False)
    entries = result.get("entries") or []
    version = result.get("version") or ""
    if not version and not entries:
        reason = result.get("bozo_exception")
        hint = f" ({type(reason).__name__}: {_short(reason)})" if reason else ""
        if b"<html" in body[:2000].lower():
            raise ParseError(f"an HTML page, not a feed; list its feeds with: newswatch feeds discover {url}")
        raise ParseError(f"not a feed, no RSS/Atom/JSON feed found{hint}")
    warning = None
    if result.get("bozo") and entries:
        exc = result.get("bozo_exception")
        warning = f"{type(exc).__name__}: {_short(exc)}" if exc else "malformed feed"
    raw_feed = result.get("feed") or {}
    return {
        "title": _text_of(raw_feed, "title"),
        "link": raw_feed.get("link"),
        "language": raw_feed.get("language"),
        "version": version,
        "warning": warning,
        "items": [_feedparser_item(e) for e in entries],
    }


def _short(exc: Any, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_of(obj: Any, key: str) -> str:
    value = obj.get(key) or ""
    detail = obj.get(f"{key}_detail") or {}
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        return html_to_text(value)
    return normalise_space(value)


def _feedparser_item(e: Any) -> dict[str, Any]:
    # feedparser copies an entry's first text content into a missing summary without its type (no
    # summary_detail): a summary that is HTML content is made text like that content (the same text)
    copied = None if dict.__contains__(e, "summary_detail") else e.get("summary")
    summary = markup = None
    contents = []
    for part in e.get("content") or []:
        value = part.get("value") or ""
        if "html" in (part.get("type") or ""):
            contents.append(html_to_text(value))
            if copied and markup is None and value == copied:
                summary, markup = contents[-1], value
        else:
            contents.append(normalise_space(value))
    # dict.get: FeedParserDict.get("updated_parsed") silently maps to published (feedparser#310)
    parsed = dict.get(e, "published_parsed") or dict.get(e, "updated_parsed")
    return {
        "guid": e.get("id"),
        "link": e.get("link"),
        "title": _text_of(e, "title"),
        "summary": _text_of(e, "summary") if summary is None else summary,
        "summary_markup": markup,
        "content": "\n".join(c for c in contents if c),
        "published": struct_to_datetime(parsed),
        "published_raw": dict.get(e, "published") or dict.get(e, "updated") or "",
        "author": e.get("author") or "",
        "language": (e.get("title_detail") or {}).get("language"),
    }


def _build(raw: dict[str, Any], url: str, now: datetime, max_entries: int) -> ParsedFeed:
    items = raw["items"]
    truncated = max(0, len(items) - max_entries)
    entries = _assign_keys([_entry(item, url, now, raw.get("language")) for item in items[:max_entries]])
    return ParsedFeed(
        entries=tuple(entries),
        title=one_line(raw.get("title") or "")[:MAX_TITLE],
        link=raw.get("link"),
        version=raw.get("version") or "",
        warning=raw.get("warning"),
        truncated=truncated,
    )


def _entry(item: dict[str, Any], feed_url: str, now: datetime, feed_language: str | None) -> dict[str, Any]:
    published = item.get("published")
    if published is not None and published > now + FUTURE_SLACK:
        published = None  # garbage like 9999-99-99 parses "successfully"; never trust it
    title = one_line(item.get("title") or "")[:MAX_TITLE]   # a title is one line: no forged lines in messages
    summary = clean_text(item.get("summary") or "")[:MAX_SUMMARY]
    content = clean_text(item.get("content") or "")[:MAX_CONTENT]
    if content == summary:
        content = ""
    key_title = title
    if not title:
        title = key_title = (summary or content)[:120].split("\n")[0]
        markup = item.get("summary_markup")
        if markup:   # keys as before summaries from HTML content were made text (then: the markup's first line)
            key_title = (clean_text(normalise_space(markup))[:MAX_SUMMARY] or content)[:120].split("\n")[0]
    link = item.get("link") or None
    if link and not re.match(r"^https?://", link, re.I):
        link = None  # javascript:, data:, mailto: ... never become clickable alerts
    guid = (item.get("guid") or "").strip() or None
    return {
        "guid": guid,
        "link": link,
        "canonical": canonical_url(link),
        "title": title,
        "key_title": key_title,
        "summary": summary,
        "content": content,
        "published": published,
        "published_raw": item.get("published_raw") or "",
        "author": one_line(item.get("author") or "")[:200],
        "language": language_tag(item.get("language")) or language_tag(feed_language),
        "feed_url": feed_url,
    }


def _assign_keys(items: list[dict[str, Any]]) -> list[Entry]:
    """Entry keys with duplicate-guid disambiguation; exact duplicates are dropped."""
    guid_links: dict[str, set[str | None]] = {}
    for item in items:
        if item["guid"]:
            guid_links.setdefault(item["guid"], set()).add(item["canonical"])
    out: list[Entry] = []
    seen: set[str] = set()
    for item in items:
        guid = item["guid"]
        date_text = item["published"].isoformat() if item["published"] else item["published_raw"]
        identity = entry_identity(guid, item["canonical"], item["key_title"], date_text)
        if guid and len(guid_links[guid]) > 1:
            identity += "|" + (item["canonical"] or item["key_title"])
        key = digest(identity)
        if key in seen:
            continue
        seen.add(key)
        out.append(Entry(
            entry_key=key,
            story_key=story_identity(item["canonical"], item["key_title"], date_text, item["feed_url"]),
            title=item["title"],
            link=item["link"],
            canonical_link=item["canonical"],
            guid=guid,
            summary=item["summary"],
            content=item["content"],
            published_at=item["published"],
            author=item["author"],
            language=item["language"],
        ))
    return out
