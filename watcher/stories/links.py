"""The story key of a link: its canonical form (watcher.parse.identity) with AMP variants undone.

``https://amp.example.com/a``, ``https://example.com/amp/a``, ``https://example.com/a/amp``,
``https://example.com/a.amp.html``, ``?outputType=amp``, the Google AMP cache
(``https://example-com.cdn.ampproject.org/c/s/example.com/a``) and ``google.com/amp/s/...`` all
lead to ``https://example.com/a``.
"""

from __future__ import annotations

import re

from yarl import URL

from watcher.parse.identity import PLAIN_URL, canonical_url

_AMP_SEGMENT = re.compile(r"/amp(?=/|$)")
_AMP_HTML = re.compile(r"\.amp(?=\.html?$)|/amp\.html?$")
_AMP_VALUES = {("outputtype", "amp"), ("output", "amp"), ("_amp", "true"), ("amp", "1")}


def link_key(link: str | None) -> str | None:
    canonical = canonical_url(_unwrap_cache(link.strip())) if link else None
    if canonical is None or not canonical.startswith("https://") or "amp" not in canonical.lower():
        return canonical
    if _plain_without_amp(canonical):   # "example.com/campaign": yarl would give it back unchanged
        return canonical
    try:
        url = URL(canonical)
    except ValueError:
        return canonical
    host = url.raw_host or ""
    if host.startswith("amp."):
        url = url.with_host(host[4:])
    path = _AMP_HTML.sub("", _AMP_SEGMENT.sub("", url.raw_path)) or "/"
    query = [(k, v) for k, v in url.query.items() if (k.lower(), v.lower()) not in _AMP_VALUES]
    return str(url.with_path(path.rstrip("/") or "/", encoded=True).with_query(query or None))


def _plain_without_amp(canonical: str) -> bool:
    """A plain URL (no query, nothing yarl would change) with no AMP host, segment or suffix."""
    plain = PLAIN_URL.match(canonical)
    if not plain:
        return False
    host, path = plain.group(1), plain.group(2)
    return not host.startswith("amp.") and not host.endswith(".") and path == (path.rstrip("/") or "/") \
        and not _AMP_SEGMENT.search(path) and not _AMP_HTML.search(path)


def _unwrap_cache(link: str) -> str:
    """The publisher's URL inside an AMP-cache or Google AMP viewer URL."""
    if "amp" not in link:
        return link
    m = re.match(r"https?://[^/]+\.cdn\.ampproject\.org/[cv]/(s/)?(.+)$", link) or \
        re.match(r"https?://(?:www\.)?google\.[a-z.]+/amp/(s/)?(.+)$", link)
    if not m:
        return link
    return ("https://" if m.group(1) else "http://") + m.group(2)
