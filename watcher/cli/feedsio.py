"""`newswatch feeds import FILE.opml`, `feeds export`, `feeds discover URL`."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import stat
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, CommandError
from watcher.cli.loading import config_path, get_config
from watcher.config import Config, FeedSpec, load_config
from watcher.errors import ConfigError
from watcher.textfold import one_line

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml")


def slugify(text: str, limit: int = 48) -> str:
    """An id-safe slug from a title in any script: transliterated to ASCII (anyascii: Cyrillic,
    Chinese, Arabic, Greek ...), folded, words joined by '-'; empty when nothing is left."""
    # lazy-for-start-up: only this command needs these
    from anyascii import anyascii

    from watcher.textfold import tokens
    return "-".join(tokens(anyascii(text)))[:limit].strip("-")


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
                tag = slugify(title)
                walk(outline, tags + (tag,) if tag else tags)

    walk(body, ())
    return out


def cmd_feeds_import(args: argparse.Namespace) -> int:
    """Append an OPML file's new feeds to config.toml: the merged file is validated before it
    replaces the old one (atomically), so a failed import leaves config.toml as it was."""
    path = config_path(args.config).resolve()
    config = _load_structure(path)
    outlines = read_opml(Path(args.file))
    blocks = feed_blocks(outlines, config.feeds)
    if not blocks:
        print("no new feeds in the OPML file")
        return EXIT_OK
    original = path.read_text(encoding="utf-8")
    header = f"\n# imported from {one_line(Path(args.file).name)}\n"
    replace_config(path, original + ("" if original.endswith("\n") else "\n") + header + "\n".join(blocks))
    print(f"added {len(blocks)} feeds to {path}")
    return EXIT_OK


def feed_blocks(outlines: list[tuple[str, str, tuple[str, ...]]], known: Sequence[FeedSpec]) -> list[str]:
    """One ``[[feeds]]`` block per outline whose URL is new, with a unique id for each."""
    known_urls = {f.url for f in known}
    ids = IdAllocator(f.id for f in known)
    blocks = []
    for title, url, tags in outlines:
        if url in known_urls or not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            continue
        known_urls.add(url)
        title = one_line(title)[:200]
        lines = [f"id = {toml_string(ids.allocate(slugify(title) or _hashed(url)))}", f"url = {toml_string(url)}"]
        if title:
            lines.append(f"title = {toml_string(title)}")
        if tags:
            lines.append(f"tags = [{', '.join(toml_string(t) for t in tags)}]")
        blocks.append("[[feeds]]\n" + "\n".join(lines) + "\n")
    return blocks


class IdAllocator:
    """Unique ids in amortised constant time per id: ``news``, ``news-2``, ``news-3`` ... (one
    counter per base, so 20,000 outlines with one title do not rescan 20,000 candidates each)."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.next: dict[str, int] = {}

    def allocate(self, base: str) -> str:
        candidate, n = base, self.next.get(base, 2)
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.next[base] = n
        self.taken.add(candidate)
        return candidate


def _hashed(url: str) -> str:
    return "feed-" + hashlib.sha256(url.encode()).hexdigest()[:10]


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    out = []
    for ch in text:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


class _AnyEnv(dict[str, str]):
    """Every ``${VAR}`` resolves (to a placeholder): importing feeds needs no secrets."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return "placeholder"


def _load_structure(path: Path) -> Config:
    try:
        return load_config(path, environ=_AnyEnv())
    except ConfigError as e:
        raise CommandError(str(e), EXIT_CONFIG) from None


def replace_config(path: Path, text: str) -> None:
    """Validate ``text`` as config.toml, then put it in place of ``path`` atomically (temporary
    file in the same folder, fsync, rename, fsync of the folder) with the old file's mode and
    owner. On any problem the old file stays untouched."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            load_config(tmp, environ=_AnyEnv())
        except ConfigError as e:
            raise CommandError(str(e).replace(str(tmp), str(path)) + f"\n{path}: not changed", EXIT_CONFIG) from None
        _copy_owner_and_mode(path, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _copy_owner_and_mode(source: Path, target: Path) -> None:
    st = source.stat()
    os.chmod(target, stat.S_IMODE(st.st_mode))
    try:
        os.chown(target, st.st_uid, st.st_gid)
    except PermissionError:   # not root: the file stays ours, as the original was
        pass


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cmd_feeds_export(args: argparse.Namespace) -> int:
    config = get_config(args.config)
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
    # lazy-for-start-up: only this command needs these
    from watcher.cli.testrule import download_feed
    from watcher.parse import parse_feed
    config = get_config(args.config)
    body, headers, url = asyncio.run(download_feed(args.url, config))
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
