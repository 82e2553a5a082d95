"""Entry identity: entry keys within a feed and story keys across feeds (pure).

Policy (hazards.md 26): an entry is identified by its guid, else its canonical link, else a hash
of title + published date. A guid repeated inside one document with different links is
disambiguated with the link (Miniflux's rule). Links are canonicalised (tracking parameters,
fragments, default ports, ``www.``, scheme) so the same article reached through differently
tagged links is one story; a story is keyed by that canonical link when there is one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote_plus

from yarl import URL

from watcher.textfold import tokens

# an http(s) URL with a lower-risk shape: a host name, no port, user, query, fragment or percent
# sign, a path of unreserved characters without dot segments (yarl would not change it)
_PLAIN = re.compile(r"https?://((?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+\.?)((?:/(?!\.\.?(?:/|$))[A-Za-z0-9_.~-]*)*)$",
                    re.IGNORECASE)
PLAIN_URL = _PLAIN     # story links (watcher/stories/links.py) skip yarl for these too
_TRACKING_PREFIXES = ("utm_", "at_", "ns_", "mc_", "pk_", "hsa_", "_hs", "oly_")
_TRACKING_KEYS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "mkt_tok", "cmpid", "cmp", "ocid", "traffic_source", "ito", "smid", "sr_share", "ref", "ref_src",
    "ref_url", "spm", "s_cid", "share", "xtor", "_ga", "guccounter", "oc", "rss", "cid_rss",
    "taid", "emc", "soc_src", "soc_trk", "partner", "feature", "source", "via", "amp",
}
# plain words some sites route on (``?source=…`` selects an edition, ``?amp`` a page): dropped
# from the identity of an entry, kept in the links a message shows
_MEANINGFUL_KEYS = {"source", "ref", "amp", "via", "feature", "partner", "share", "cmp", "oc", "rss"}


def canonical_url(url: str | None) -> str | None:
    """One spelling per article: https, no ``www.``, default port, fragment, tracking parameters or
    trailing slash; query sorted; percent-encoding normalised by yarl (``/extradición``,
    ``/extradici%C3%B3n`` and ``/extradici%c3%b3n`` are one URL) after NFC normalisation of the
    path, so composed and decomposed accents agree too. Anything not http(s) comes back stripped."""
    if not url:
        return None
    text = url.strip()
    plain = _PLAIN.match(text)
    if plain:   # the common case, without yarl (~5x faster): what yarl would make of it
        host, path = plain.group(1).lower().rstrip("."), plain.group(2) or "/"
        host = host[4:] if host.startswith("www.") else host
        return f"https://{host}{path.rstrip('/') or '/'}"
    try:
        parsed = URL(text)
        host = parsed.raw_host
        port = parsed.explicit_port
    except (ValueError, TypeError, UnicodeError):
        return text or None
    if parsed.scheme.lower() not in ("http", "https") or not host:
        return text or None
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    query = sorted((k, v) for k, v in parsed.query.items() if not _is_tracking(k))
    try:
        base = URL.build(scheme="https", host=host, port=None if port in (80, 443) else port)
        path, encoded = _canonical_path(parsed)
        return str(base.with_path(path, encoded=encoded).with_query(query or None))
    except (ValueError, TypeError, UnicodeError):
        return text or None


def without_tracking(url: str | None) -> str | None:
    """``url`` without its tracking parameters (``utm_*``, ``fbclid`` ... as :func:`canonical_url`
    drops them, except plain words like ``source`` or ``amp`` that a site may need to serve the
    page), everything else exactly as written: the link a message shows."""
    if not url or "?" not in url:
        return url
    head, hash_mark, fragment = url.partition("#")
    base, _, query = head.partition("?")
    kept = [p for p in query.split("&") if p and not _is_click_tracking(unquote_plus(p.split("=", 1)[0]))]
    return base + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment


def _canonical_path(parsed: URL) -> tuple[str, bool]:
    """The path to build with and whether it is already encoded."""
    if "%2f" in parsed.raw_path.lower():   # an encoded slash is data, not a separator: keep it encoded
        return parsed.raw_path.rstrip("/") or "/", True
    return unicodedata.normalize("NFC", parsed.path).rstrip("/") or "/", False


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k in _TRACKING_KEYS or k.startswith(_TRACKING_PREFIXES)


def _is_click_tracking(key: str) -> bool:
    return _is_tracking(key) and key.lower() not in _MEANINGFUL_KEYS


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
