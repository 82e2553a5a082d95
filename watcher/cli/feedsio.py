"""`newswatch feeds import FILE.opml`, `feeds export`, `feeds discover URL`."""

from __future__ import annotations

import argparse
import asyncio
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from watcher.cli.common import EXIT_CONFIG, EXIT_OK, CommandError, config_path, get_config

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml")


def slugify(text: str) -> str:
    from watcher.textfold import tokens
    slug = "-".join(tokens(text))[:60].strip("-")
    return slug or "feed"


def read_opml(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(title, xmlUrl, tags) of every feed outline; enclosing outlines become tags."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror or e}", EXIT_CONFIG) from None
    if b"<!DOCTYPE" in raw[:2000] or b"<!ENTITY" in raw:
        raise CommandError(f"{path}: OPML with a DOCTYPE or entities is refused", EXIT_CONFIG)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        line, col = e.position
        raise CommandError(f"{path}:{line}:{col + 1}: invalid OPML: {e}", EXIT_CONFIG) from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise CommandError(f"{path}: not an OPML file (no <opml><body>)", EXIT_CONFIG)
    out: list[tuple[str, str, tuple[str, ...]]] = []

    def walk(node: ET.Element, tags: tuple[str, ...]) -> None:
        for outline in node.findall("outline"):
            url = outline.get("xmlUrl") or outline.get("xmlurl")
            title = outline.get("title") or outline.get("text") or url or ""
            if url:
                out.append((title, url, tags))
            else:
                walk(outline, tags + (slugify(title),) if title else tags)

    walk(body, ())
    return out


def cmd_feeds_import(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    known_urls = {f.url for f in config.feeds}
    known_ids = {f.id for f in config.feeds}
    blocks = []
    for title, url, tags in read_opml(Path(args.file)):
        if url in known_urls or not re.match(r"^https?://", url):
            continue
        feed_id = base = slugify(title)
        n = 2
        while feed_id in known_ids:
            feed_id = f"{base}-{n}"
            n += 1
        known_ids.add(feed_id)
        known_urls.add(url)
        tag_list = ", ".join(f'"{t}"' for t in tags)
        blocks.append(f'\n[[feeds]]\nid = "{feed_id}"\nurl = "{_toml(url)}"\ntitle = "{_toml(title)}"\n'
                      + (f"tags = [{tag_list}]\n" if tags else ""))
    if not blocks:
        print("no new feeds in the OPML file")
        return EXIT_OK
    path = config_path(args.config)
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n# imported from {Path(args.file).name}" + "".join(blocks))
    get_config(args.config, check_urls=False)   # the result must still be a valid config
    print(f"added {len(blocks)} feeds to {path}")
    return EXIT_OK


def _toml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def cmd_feeds_export(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             "  <head><title>newswatch feeds</title></head>", "  <body>"]
    for feed in config.feeds:
        title = feed.title or feed.id
        lines.append(f"    <outline type=\"rss\" text={quoteattr(title)} title={quoteattr(title)} "
                     f"xmlUrl={quoteattr(feed.url)} category={quoteattr(','.join(feed.tags))}/>")
    lines += ["  </body>", "</opml>"]
    print("\n".join(lines))
    return EXIT_OK


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "alternate" in a.get("rel", "").lower().split() and a.get("type", "").lower() in FEED_TYPES:
            self.links.append((a.get("href", ""), a.get("title", "")))
        elif tag == "a" and re.search(r"(/feed/?|/rss/?|\.rss|\.xml|/atom/?|feed\.json)$", a.get("href", ""), re.I):
            self.links.append((a.get("href", ""), "link on page"))


def discover_feeds(html: str, base: str) -> list[tuple[str, str]]:
    finder = _LinkFinder()
    finder.feed(html)
    seen, out = set(), []
    for href, title in finder.links:
        url = urljoin(base, href.strip())
        if url not in seen and re.match(r"^https?://", url):
            seen.add(url)
            out.append((url, title))
    return out


def cmd_feeds_discover(args: argparse.Namespace) -> int:
    from watcher.cli.testrule import _download
    from watcher.parse import parse_feed
    from datetime import datetime, timezone
    config = get_config(args.config, check_urls=False)
    body, headers, url = asyncio.run(_download(args.url, config))
    try:
        parsed = parse_feed(body, headers, url, datetime.now(timezone.utc))
        print(f"{url} is itself a feed ({parsed.version or 'feed'}): {parsed.title}")
        return EXIT_OK
    except Exception:  # noqa: BLE001 - not a feed: look for feed links in the page
        pass
    found = discover_feeds(body.decode(_charset(headers), errors="replace"), url)
    if not found:
        print(f"no feed links found on {url}")
        return EXIT_OK
    for link, title in found:
        print(f"{link}\t{escape(title)}" if title else link)
    return EXIT_OK


def _charset(headers: dict[str, str]) -> str:
    m = re.search(r"charset=([\w-]+)", headers.get("content-type", ""))
    return m.group(1) if m else "utf-8"


__all__ = ["cmd_feeds_discover", "cmd_feeds_export", "cmd_feeds_import", "discover_feeds", "read_opml"]
