"""The HTTP client: httpx's API over an aiohttp transport, created once per daemon.

httpx's own connection pool spends ~4 ms of CPU per request at high concurrency
(notes/performance.md §5); the aiohttp transport (httpx-aiohttp) keeps httpx's API at a
fraction of the cost. The aiohttp connector also gives the SSRF guard its hook: a resolver that
refuses private addresses and whose answers are the ones connected to. Proxy variables are
ignored (``trust_env=False``); redirects and decompression are handled by :mod:`fetcher`.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import aiohttp
import certifi
import httpx
from aiohttp.abc import AbstractResolver
from httpx_aiohttp import AiohttpTransport

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


def make_client(settings: ClientSettings, *, resolver: AbstractResolver | None = None) -> httpx.AsyncClient:
    """One client for every feed. Must be called inside the running event loop."""
    ssl_context = ssl.create_default_context(cafile=certifi.where())
    connector = aiohttp.TCPConnector(
        limit=settings.concurrency,
        limit_per_host=settings.per_host,
        ssl=ssl_context,
        resolver=GuardedResolver(settings.policy, resolver),
        ttl_dns_cache=60,
        keepalive_timeout=15,
    )
    session = aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=False,
                                    skip_auto_headers=("Accept-Encoding", "User-Agent"))
    transport = AiohttpTransport(client=session)
    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": settings.user_agent or USER_AGENT},
    )
