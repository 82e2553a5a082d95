"""Checking a URL before anything connects to it (pure): the scheme, the host name, the SSRF
guard for literal addresses, and the user:password part, which travels as a Basic auth header.

A URL the transport would choke on (a backslash in the authority, a host name that is not valid
IDNA, a port out of range) is refused here as ``FetchError(kind="url")``, one line, instead of
surfacing later as an exception from the HTTP or DNS library.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

import idna

from watcher.errors import FetchError, FetchKind
from watcher.fetch.guard import AddressPolicy, literal_ip

_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$")


@dataclass(frozen=True)
class Target:
    url: str                          # without user:password
    auth: str | None                  # Authorization header from the URL's user:password, if any


@lru_cache(maxsize=1 << 15)
def check_target(url: str, policy: AddressPolicy) -> Target:
    """The URL to connect to, or FetchError. Cached (pure): every feed is checked once, not at
    every poll; a refusal is an exception, so it is never cached."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise FetchError(FetchKind.URL, f"invalid URL ({e})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(FetchKind.REDIRECTS, f"refused to follow a non-HTTP URL ({url[:100]})")
    if "\\" in parts.netloc:
        raise FetchError(FetchKind.URL, "invalid URL: a backslash in the host or user part (browsers read it as '/')")
    host = parts.hostname
    ip = literal_ip(host)
    if ip is None:
        _check_host(host)
    else:
        reason = policy.refusal(ip)
        if reason:
            raise FetchError(FetchKind.BLOCKED, f"refused to connect to {host}: {reason} "
                                        "(set [fetch] allow_private_networks = true for LAN feeds)")
    return _split_credentials(url, parts.username, parts.password, port)


def _check_host(host: str) -> None:
    """A DNS name: ASCII labels of 1-63 letters, digits, '-' or '_' (253 characters at most);
    ``xn--`` labels must be valid IDNA; non-ASCII names must convert to IDNA."""
    try:
        ascii_host = host if host.isascii() else idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as e:
        raise FetchError(FetchKind.URL, f"invalid host name {_quote(host)}: {e}") from None
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) and len(label) <= 63 for label in labels):
        raise FetchError(FetchKind.URL, f"invalid host name {_quote(host)}")
    for label in labels:
        if label.lower().startswith("xn--"):
            try:
                idna.decode(label)
            except (idna.IDNAError, UnicodeError) as e:
                raise FetchError(FetchKind.URL, f"invalid host name {_quote(host)}: {e}") from None


def _split_credentials(url: str, user: str | None, password: str | None, port: int | None) -> Target:
    if user is None and password is None:
        return Target(url, None)
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    token = base64.b64encode(f"{unquote(user or '')}:{unquote(password or '')}".encode("utf-8")).decode("ascii")
    return Target(bare, f"Basic {token}")


def _quote(host: str, limit: int = 80) -> str:
    return repr(host if len(host) <= limit else host[: limit - 1] + "…")
