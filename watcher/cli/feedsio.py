"""`newswatch feeds import FILE.opml`, `feeds export`, `feeds discover URL`."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import stat
import sys
import tempfile
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence
from urllib.parse import urljoin
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, CommandError
from watcher.cli.loading import config_path, get_config
from watcher.config import Config, FeedSpec, load_config
from watcher.errors import ConfigError
from watcher.messages import excerpt, plural
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


class Outline(NamedTuple):
    """A feed outline of an OPML file and where it is written (1-based line and column)."""

    title: str
    url: str
    tags: tuple[str, ...]
    line: int
    col: int


def read_opml(path: Path) -> tuple[list[Outline], list[str]]:
    """Every feed outline (enclosing outlines become tags), and a ``FILE:LINE:COL: ...`` line for
    each outline that is neither a feed nor a folder of feeds."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror or e}", EXIT_CONFIG) from None
    if b"<!DOCTYPE" in raw[:2000] or b"<!ENTITY" in raw:
        raise CommandError(f"{path}: OPML with a DOCTYPE or entities is refused", EXIT_CONFIG)
    reader = _OpmlReader(path)
    try:
        reader.parser.Parse(raw, True)
    except expat.ExpatError as e:
        what = expat.ErrorString(e.code) or "not well-formed XML"
        raise CommandError(f"{path}:{e.lineno}:{e.offset + 1}: invalid OPML: {what}", EXIT_CONFIG) from None
    if not reader.saw_body:
        raise CommandError(f"{path}: not an OPML file (no <opml><body>)", EXIT_CONFIG)
    return reader.outlines, reader.skipped


class _OpmlReader:
    """Outlines with their positions (ElementTree keeps none), read with expat as it streams."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.outlines: list[Outline] = []
        self.skipped: list[str] = []
        self.saw_body = False
        # one frame per open element: (name, tags inside it, [feeds found] when its outlines are
        # read (body, folders) else None, where it starts, title)
        self.stack: list[tuple[str, tuple[str, ...], list[int] | None, str, str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        line, col = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        parent = self.stack[-1] if self.stack else None
        if name == "body" and [frame[0] for frame in self.stack] == ["opml"]:
            self.saw_body = True
            self.stack.append((name, (), [0], "", ""))
        elif name != "outline" or parent is None or parent[2] is None:
            self.stack.append((name, (), None, "", ""))
        elif url := attrs.get("xmlUrl") or attrs.get("xmlurl") or "":
            parent[2][0] += 1
            self.outlines.append(Outline(attrs.get("title") or attrs.get("text") or url, url, parent[1], line, col))
            self.stack.append((name, (), None, "", ""))     # a feed's own children are not read
        else:
            title = attrs.get("title") or attrs.get("text") or ""
            tag = slugify(title)
            self.stack.append((name, parent[1] + (tag,) if tag else parent[1], [0], f"{self.path}:{line}:{col}", title))

    def end(self, name: str) -> None:
        _, _, read, where, title = self.stack.pop()
        if name == "outline" and read is not None and read[0] == 0:
            self.skipped.append(f"{where}: skipped {_quoted(title)}: no xmlUrl, so not a feed (and no feeds inside)")
        elif read is not None and read[0] and self.stack and self.stack[-1][2] is not None:
            self.stack[-1][2][0] += read[0]


def _quoted(title: str) -> str:
    return repr(one_line(title)[:60]) if title else "an outline"


def cmd_feeds_import(args: argparse.Namespace) -> int:
    """Append an OPML file's new feeds to config.toml: the merged file is validated before it
    replaces the old one (atomically), so a failed import leaves config.toml as it was. Every
    outline not imported is named on stderr at its FILE:LINE:COL, with why."""
    path = config_path(args.config).resolve()
    config = _load_structure(path)
    outlines, skipped = read_opml(Path(args.file))
    blocks, passed_over = feed_blocks(outlines, config.feeds, Path(args.file))
    for line in skipped + passed_over:
        print(line, file=sys.stderr)
    not_added = len(skipped) + len(passed_over)
    also = f"; {not_added} {plural(not_added, 'outline')} skipped (see above)" if not_added else ""
    if not blocks:
        print(f"no new feeds in the OPML file{also}")
        return EXIT_OK
    original = path.read_text(encoding="utf-8")
    header = f"\n# imported from {one_line(Path(args.file).name)}\n"
    replace_config(path, original + ("" if original.endswith("\n") else "\n") + header + "\n".join(blocks))
    print(f"added {len(blocks)} {plural(len(blocks), 'feed')} to {path}{also}")
    return EXIT_OK


def feed_blocks(outlines: list[Outline], known: Sequence[FeedSpec], source: Path | None = None
                ) -> tuple[list[str], list[str]]:
    """One ``[[feeds]]`` block per outline whose URL is new, with a unique id for each; and a
    ``FILE:LINE:COL: skipped ...`` line for each outline that is not."""
    known_urls = {f.url: f.id for f in known}
    ids = IdAllocator(f.id for f in known)
    blocks: list[str] = []
    passed_over: list[str] = []
    for outline in outlines:
        title, url, tags = outline.title, outline.url, outline.tags
        where = f"{source}:{outline.line}:{outline.col}"
        if url in known_urls:
            passed_over.append(f"{where}: skipped {_quoted(title)}: already in config.toml as '{known_urls[url]}'")
            continue
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            passed_over.append(f"{where}: skipped {_quoted(title)}: a feed needs an http:// or https:// URL "
                               f"(got {excerpt(url)})")
            continue
        title = one_line(title)[:200]
        feed_id = ids.allocate(slugify(title) or _hashed(url))
        known_urls[url] = feed_id
        lines = [f"id = {toml_string(feed_id)}", f"url = {toml_string(url)}"]
        if title:
            lines.append(f"title = {toml_string(title)}")
        if tags:
            lines.append(f"tags = [{', '.join(toml_string(t) for t in tags)}]")
        blocks.append("[[feeds]]\n" + "\n".join(lines) + "\n")
    return blocks, passed_over


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
