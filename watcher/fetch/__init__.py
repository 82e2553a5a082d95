"""Fetching feeds (I/O): the shared client, the SSRF guard and the capped conditional GET."""

import watcher.fetch.aio  # noqa: F401,I001 - first: aiohttp imported without its unused default CAs
from watcher.fetch.client import USER_AGENT, ClientSettings, FeedClient, make_client
from watcher.fetch.fetcher import (
                                   Fetched,
                                   FetchLimits,
                                   FetchResult,
                                   HostGate,
                                   NotModified,
                                   Validators,
                                   fetch_feed,
                                   parse_retry_after,
)
from watcher.fetch.guard import AddressPolicy, GuardedResolver

__all__ = ["USER_AGENT", "AddressPolicy", "ClientSettings", "FeedClient", "FetchLimits", "FetchResult", "Fetched",
           "GuardedResolver", "HostGate", "NotModified", "Validators", "fetch_feed", "make_client",
           "parse_retry_after"]
