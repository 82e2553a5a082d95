"""Entry identity: entry keys within a feed and story keys across feeds (pure).

Policy (hazards.md 26): an entry is identified by its guid, else its canonical link, else a hash
of title + published date. A guid repeated inside one document with different links is
disambiguated with the link (Miniflux's rule). Links are canonicalised (tracking parameters,
fragments, default ports, ``www.``, scheme) so the same article reached through differently
tagged links is one story; a story is keyed by that canonical link when there is one.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from watcher.textfold import tokens

_TRACKING_PREFIXES = ("utm_", "at_", "ns_", "mc_", "pk_", "hsa_", "_hs", "oly_")
_TRACKING_KEYS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "mkt_tok", "cmpid", "cmp", "ocid", "traffic_source", "ito", "smid", "sr_share", "ref", "ref_src",
    "ref_url", "spm", "s_cid", "share", "xtor", "_ga", "guccounter", "oc", "rss", "cid_rss",
    "taid", "emc", "soc_src", "soc_trk", "partner", "feature", "source", "via", "amp",
}


def canonical_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip() or None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url.strip() or None
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query.sort()
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k in _TRACKING_KEYS or k.startswith(_TRACKING_PREFIXES)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def title_fingerprint(title: str) -> str:
    return " ".join(tokens(title))


def entry_identity(guid: str | None, canonical: str | None, title: str, published: str) -> str:
    if guid:
        return "guid:" + guid.strip()
    if canonical:
        return "link:" + canonical
    return "title:" + title_fingerprint(title) + "|" + published


def story_identity(canonical: str | None, title: str, published: str, feed_url: str) -> str:
    if canonical:
        return digest("url:" + canonical)
    return digest("title:" + feed_url + "|" + title_fingerprint(title) + "|" + published)
