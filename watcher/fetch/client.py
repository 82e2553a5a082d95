"""The HTTP client: one aiohttp session, created once per daemon.

httpx's own connection pool spends ~4 ms of CPU per request at high concurrency, and httpx's
request/response model over an aiohttp transport (httpx-aiohttp) still doubles the cost of a 304
(notes/performance.md §5); :mod:`fetcher` therefore speaks aiohttp directly. The connector gives
the SSRF guard its hook: a resolver that refuses private addresses and whose answers are the ones
connected to. Proxy variables are ignored (``trust_env=False``); redirects and decompression are
handled by :mod:`fetcher`.
"""

from __future__ import annotations

import os
import ssl
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import aiohttp
import certifi
from aiohttp.abc import AbstractResolver
from yarl import URL

from watcher import __version__
from watcher.fetch.guard import AddressPolicy, GuardedResolver

USER_AGENT = f"newswatch/{__version__} (+https://github.com/newswatch/newswatch; news alerting bot)"


@dataclass(frozen=True)
class ClientSettings:
    concurrency: int = 32
    per_host: int = 2
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    user_agent: str = USER_AGENT
    policy: AddressPolicy = AddressPolicy()


class FeedClient:
    """The session every fetch goes through (:meth:`get`); ``await client.aclose()`` when done.

    The TLS context trusts certifi's CAs from the first request to a URL that is not plain
    http: reading them costs ~20 ms of CPU, at every start of a daemon that may fetch none."""

    def __init__(self, session: aiohttp.ClientSession, tls: ssl.SSLContext | None = None) -> None:
        self.session = session
        self.tls = tls
        self._trusting = tls is None         # the CAs are loaded (or the TLS context is not ours)

    def get(self, url: str, **kwargs: Any) -> Any:
        """``session.get(url, **kwargs)``: one request (redirects are the caller's)."""
        if not self._trusting and url[:5].lower() != "http:":
            assert self.tls is not None
            self.tls.load_verify_locations(cafile=certifi.where())
            self._trusting = True
        return self.session.get(request_url(url), **kwargs)

    async def aclose(self) -> None:
        await self.session.close()


def request_url(url: str) -> URL | str:
    """The URL as aiohttp requests it, parsed once per URL: aiohttp parses a string at every
    request, and yarl keeps only its last 128 parses, so a daemon polling more feeds than that
    parsed each one again at every poll (and the parsed URL's own memo of its host, port and
    origin, which aiohttp reads several times a request, started empty each time): ~5 % of the
    CPU of a 304 (bench/poll.py). A URL yarl refuses is handed on as it is, so aiohttp reports it
    as before."""
    try:
        return _parsed(url)
    except ValueError:
        return url


@lru_cache(maxsize=1 << 15)
def _parsed(url: str) -> URL:
    return URL(url)


def make_client(settings: ClientSettings, *, resolver: AbstractResolver | None = None) -> FeedClient:
    """One client for every feed. Must be called inside the running event loop."""
    # what ssl.create_default_context(cafile=certifi.where()) makes, without the CAs yet (FeedClient.get)
    ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    keylog = os.environ.get("SSLKEYLOGFILE")
    if keylog and not sys.flags.ignore_environment:
        ssl_context.keylog_filename = keylog
    connector = aiohttp.TCPConnector(
        limit=settings.concurrency,
        limit_per_host=settings.per_host,
        ssl=ssl_context,
        resolver=GuardedResolver(settings.policy, resolver),
        ttl_dns_cache=60,
        keepalive_timeout=15,
    )
    timeout = aiohttp.ClientTimeout(total=None, connect=settings.read_timeout, sock_connect=settings.connect_timeout,
                                    sock_read=settings.read_timeout)
    session = aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=False, timeout=timeout,
                                    skip_auto_headers=("Accept-Encoding", "User-Agent"),
                                    headers={"User-Agent": settings.user_agent or USER_AGENT})
    return FeedClient(session, ssl_context)
