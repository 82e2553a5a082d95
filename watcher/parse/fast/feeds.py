"""The document level: RSS 0.9x/2.0 (``<rss><channel>``), RDF (RSS 0.90 and 1.0: channel and
items side by side under ``rdf:RDF``) and Atom 0.3/1.0 (``<feed>``), with feedparser's version
names and its feed title, link and language."""

from __future__ import annotations

from itertools import product
from typing import Any

from lxml import etree

from watcher.parse.fast.common import _NAMES, Fallback, lang_of, name_of, urljoin
from watcher.parse.fast.items import TITLE, _link, _typed, read_item, texts_of
from watcher.parse.html import html_to_text, normalise_space

_HAS_BASE = etree.XPath("boolean(//@xml:base | //@base)")
# every ASCII spelling of the two names, in any namespace ({*})
_ITEM_TAGS = tuple("{*}" + "".join(letters) for word in ("item", "entry")
                   for letters in product(*((c, c.upper()) for c in word)))
RSS_VERSIONS = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
RDF_VERSIONS = {"http://purl.org/rss/1.0/": "rss10", "http://my.netscape.com/rdf/simple/0.9/": "rss090"}
ATOM_VERSIONS = {"http://www.w3.org/2005/Atom": "atom10", "http://purl.org/atom/ns#": "atom03"}


def read_document(root: Any, base: str, header_lang: str | None, doctype: str, may_have_base: bool = True) -> dict[str, Any]:
    name = name_of(root)
    uri = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if name == "rss":
        version = _rss_version(root.get("version", ""), doctype)
        channels = [c for c in root if name_of(c) == "channel"]
        if len(channels) != 1:
            raise Fallback(f"{len(channels)} <channel> elements")
        return _read(root, channels[0], [channels[0], root], "item", version, base, header_lang, may_have_base)
    if name == "rdf_rdf":
        channels = [c for c in root if name_of(c) == "channel"]
        rdf_version = next((RDF_VERSIONS[c.tag[1:].split("}")[0]] for c in channels
                            if c.tag.startswith("{") and c.tag[1:].split("}")[0] in RDF_VERSIONS), None)
        if len(channels) != 1 or rdf_version is None:
            raise Fallback("RDF without one RSS 1.0/0.90 channel")
        return _read(root, channels[0], [root], "item", rdf_version, base, header_lang, may_have_base)
    if name == "feed" and uri in ATOM_VERSIONS:
        version = ATOM_VERSIONS[uri] if uri.endswith("Atom") else {"0.3": "atom03"}.get(root.get("version"), "atom")
        return _read(root, root, [root], "entry", version, base, header_lang, may_have_base)
    raise Fallback(f"root element <{name}> is not RSS, RDF or Atom")


def _rss_version(attr: str, doctype: str) -> str:
    if "netscape" in doctype.lower():
        return "rss091n"
    return RSS_VERSIONS.get(attr) or ("rss20" if attr.startswith("2.") else "rss")


def _read(root: Any, channel: Any, parents: list[Any], item_name: str, version: str, base: str,
          header_lang: str | None, may_have_base: bool) -> dict[str, Any]:
    """``parents``: the elements whose children are the items, in feedparser's order."""
    atom = version.startswith("atom")
    fields = [] if channel is parents[0] else _fields(channel, None)[1]
    groups = []
    for parent in parents:   # (the channel's own fields found in the same pass over its children)
        items, found = _fields(parent, item_name)
        groups.append((parent, items))
        if parent is channel:
            fields = found
    everywhere = _count_items(root)
    count = sum(len(items) for _, items in groups)
    if everywhere != count:
        raise Fallback(f"{everywhere - count} items outside the channel")
    if may_have_base and _HAS_BASE(root):   # xml:base or base attributes
        raise Fallback("xml:base")
    return {
        **_channel(fields, base, atom, root, header_lang),
        "version": version,
        "warning": None,
        # (the language in scope at the items' parent: looked up once for all of them)
        "items": texts_of([read_item(item, base, atom, header_lang, inherited) for parent, items in groups if items
                           for inherited in (lang_of(parent),) for item in items]),
    }


_CHANNEL_FIELDS = TITLE | {"link", "id", "guid", "language", "dc_language"}


def _fields(parent: Any, item_name: str | None) -> tuple[list[Any], list[tuple[str, Any]]]:
    """The children of ``parent`` named ``item_name``, and those the channel reads (name, element)."""
    known = _NAMES
    items = []
    fields = []
    for el in parent:
        name = known.get(el.tag) or name_of(el)
        if name == item_name:
            items.append(el)
        elif name in _CHANNEL_FIELDS:
            fields.append((name, el))
    return items, fields


def _count_items(root: Any) -> int:
    """Elements feedparser takes for items, at any depth: local name ``item`` or ``entry`` in
    any ASCII case, in any namespace. lxml matches the tag names in C (an XPath lower-casing
    every element's name cost ~10 µs per entry)."""
    return sum(1 for _ in root.iter(*_ITEM_TAGS))


def _channel(fields: list[tuple[str, Any]], base: str, atom: bool, root: Any, header_lang: str | None) -> dict[str, Any]:
    link: str | None = None
    title: tuple[str, str | None] = ("", None)
    language = lang_of(root) or header_lang
    for name, el in fields:
        if name in TITLE and not title[0]:
            title = _typed(el, "text/plain", atom)
        elif name == "link":
            link = _link(el, base, link)
        elif name in ("id", "guid") and el.text and el.get("isPermaLink", "true") == "true" and link is None:
            link = urljoin(base, el.text.strip())
        elif name in ("language", "dc_language"):
            language = (el.text or "").strip() or None
    value, kind = title
    text = html_to_text(value) if kind in ("text/html", "application/xhtml+xml") else normalise_space(value)
    return {"title": text, "link": link, "language": language}
