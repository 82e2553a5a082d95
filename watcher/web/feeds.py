"""The alerts as feeds a reader can subscribe to: Atom (RFC 4287) and JSON Feed 1.1 (pure).

One entry per story, like the messages: a story several rules matched appears once, naming every
rule (highest severity first), what matched and where, and every outlet's link. The entry id is
the story's, so an alert from another rule later updates the entry instead of adding a copy.
With ``?subscriber=ID`` only the stories queued for that subscriber, and only the rules it wants.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from storage import AlertedStory
from watcher import __version__
from watcher.textfold import one_line
from watcher.types import SEVERITY_RANK
from watcher.web.page import safe_link

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedMeta:
    title: str
    self_url: str          # this feed's URL without any token
    home_url: str
    feed_id: str           # stable: urn:newswatch:alerts[:subscriber]
    updated: datetime      # used when there are no entries


def xml_text(value: str) -> str:
    return _XML_INVALID.sub("", value)


def feed_items(stories: Iterable[AlertedStory], wants: Callable[[str], bool] = lambda rule_id: True) -> list[dict[str, Any]]:
    items = []
    for story in stories:
        alerts = sorted((a for a in story.alerts if wants(a.rule_id)), key=lambda a: -SEVERITY_RANK.get(a.severity, 1))
        if not alerts:
            continue
        snippet = next((a.snippet["text"] for a in alerts if a.snippet and a.snippet.get("text")), "")
        items.append({
            "id": f"urn:newswatch:story:{story.story_key}", "title": one_line(story.title) or "(untitled)",
            "link": safe_link(story.link), "published": story.first_seen_at,
            "updated": max(a.created_at for a in alerts), "severity": alerts[0].severity,
            "rules": [{"id": a.rule_id, "title": one_line(a.rule_title), "severity": a.severity} for a in alerts],
            "terms": _unique(t for a in alerts for t in a.terms),
            "fields": _unique(f for a in alerts for f in a.fields), "snippet": one_line(snippet),
            "outlets": [{"name": o.feed_title, "feed": o.feed_id, "title": one_line(o.title), "link": safe_link(o.link),
                         "language": o.language or "", "published": o.published_at} for o in story.outlets],
        })
    return items


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def summary_text(item: dict[str, Any]) -> str:
    rules = ", ".join(f"{r['title']} ({r['id']})" for r in item["rules"])
    text = f"{item['severity']}: {rules}."
    if item["terms"]:
        text += f" Matched {', '.join(item['terms'])}."
    sources = _unique(o["name"] for o in item["outlets"])
    if len(sources) > 1:
        text += f" Reported by {', '.join(sources)}."
    return text


def rfc3339(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(items: list[dict[str, Any]], meta: FeedMeta, render_html: Callable[[dict[str, Any]], str]) -> bytes:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "id", meta.feed_id)
    _sub(feed, "title", meta.title)
    _sub(feed, "updated", rfc3339(max((i["updated"] for i in items), default=meta.updated)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=meta.self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=meta.home_url)
    author = _sub(feed, "author")
    _sub(author, "name", "newswatch")
    _sub(feed, "generator", "newswatch", version=__version__)
    for item in items:
        _atom_entry(feed, item, render_html)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _atom_entry(feed: ET.Element, item: dict[str, Any], render_html: Callable[[dict[str, Any]], str]) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", item["id"])
    _sub(entry, "title", item["title"])
    _sub(entry, "updated", rfc3339(item["updated"]))
    _sub(entry, "published", rfc3339(item["published"]))
    if item["link"]:
        _sub(entry, "link", rel="alternate", type="text/html", href=item["link"])
    for outlet in item["outlets"]:
        if outlet["link"] and outlet["link"] != item["link"]:
            _sub(entry, "link", rel="related", type="text/html", href=outlet["link"], title=outlet["name"])
    for rule in item["rules"]:
        _sub(entry, "category", term=rule["id"], label=rule["title"], scheme="urn:newswatch:rule")
    _sub(entry, "category", term=item["severity"], scheme="urn:newswatch:severity")
    _sub(entry, "summary", summary_text(item), type="text")
    _sub(entry, "content", render_html(item), type="html")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def json_feed(items: list[dict[str, Any]], meta: FeedMeta, render_html: Callable[[dict[str, Any]], str]) -> bytes:
    document = {
        "version": JSON_FEED_VERSION, "title": meta.title, "home_page_url": meta.home_url, "feed_url": meta.self_url,
        "description": "Stories that matched newswatch rules, one item per story.",
        "authors": [{"name": "newswatch"}],
        "items": [_json_item(item, render_html) for item in items],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _json_item(item: dict[str, Any], render_html: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item["id"], "title": item["title"], "content_html": render_html(item), "summary": summary_text(item),
        "date_published": rfc3339(item["published"]), "date_modified": rfc3339(item["updated"]),
        "tags": [r["id"] for r in item["rules"]] + [f"severity:{item['severity']}"],
        "_newswatch": {
            "about": "newswatch README.md, section Operating: the alert feeds",
            "severity": item["severity"], "rules": item["rules"], "terms": item["terms"], "fields": item["fields"],
            "outlets": [{**o, "published": rfc3339(o["published"]) if o["published"] else None}
                        for o in item["outlets"]],
        },
    }
    if item["link"]:
        out["url"] = item["link"]
    return out
