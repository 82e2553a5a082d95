"""Fetch one feed: conditional GET, hand-followed redirects, overall deadline, byte cap (I/O).

Returns :class:`Fetched` or :class:`NotModified` (a 304 is a value, not an error) or raises
:class:`FetchError` with ``kind`` (timeout, too-large, blocked, redirects, http, gone, network,
encoding, url, protocol), whether a retry makes sense, and the server's Retry-After when it sent
one. Every failure of the transport is converted here, once: nothing else escapes a fetch.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import re
import socket
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import aiohttp

from watcher.errors import FetchError, FetchKind
from watcher.fetch.client import FeedClient
from watcher.fetch.decode import ACCEPT_ENCODING, BoundedDecoder
from watcher.fetch.guard import AddressPolicy, find_blocked
from watcher.fetch.target import check_target

if TYPE_CHECKING:
    from multidict import CIMultiDictProxy

MAX_REDIRECTS = 5
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
          "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")
_REDIRECTS = (301, 302, 303, 307, 308)
_PERMANENT = (301, 308)


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    body: bytes
    headers: dict[str, str]
    url: str                        # final URL after redirects
    validators: Validators
    moved_to: str | None = None     # new URL after permanent redirects (301/308) from the start
    raw_bytes: int = 0
    elapsed: float = 0.0


@dataclass(frozen=True)
class NotModified:
    url: str
    validators: Validators
    moved_to: str | None = None
    elapsed: float = 0.0


FetchResult = Fetched | NotModified


@dataclass
class FetchLimits:
    deadline: float = 30.0
    max_bytes: int = 10_000_000
    policy: AddressPolicy = AddressPolicy()


class HostGate:
    """Per-host concurrency cap (politeness), shared by every fetch of one daemon."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._sems: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(self.per_host))

    def __call__(self, url: str) -> asyncio.Semaphore:
        return self._sems[_host(url)]


@lru_cache(maxsize=1 << 15)
def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:   # an invalid URL: refused with a clear error once inside the gate
        return ""


async def fetch_feed(client: FeedClient, url: str, validators: Validators, limits: FetchLimits,
                     gate: HostGate | None = None) -> FetchResult:
    gate = gate or HostGate(2)
    async with gate(url):
        started = time.monotonic()
        try:
            async with asyncio.timeout(limits.deadline):
                result = await _follow(client, url, validators, limits)
        except TimeoutError:
            raise FetchError(FetchKind.TIMEOUT, f"no complete response within {limits.deadline:g}s") from None
        elapsed = time.monotonic() - started
        if isinstance(result, Fetched):
            return Fetched(result.body, result.headers, result.url, result.validators, result.moved_to,
                           result.raw_bytes, elapsed)
        return NotModified(result.url, result.validators, result.moved_to, elapsed)


async def _follow(client: FeedClient, url: str, validators: Validators, limits: FetchLimits) -> FetchResult:
    current = url
    moved_to: str | None = None
    permanent_so_far = True
    for _hop in range(MAX_REDIRECTS + 1):
        target = check_target(current, limits.policy)
        headers = {"Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        if target.auth:
            headers["Authorization"] = target.auth
        try:
            async with client.get(target.url, headers=headers, allow_redirects=False) as response:
                status = response.status
                if status in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(FetchKind.REDIRECTS, f"HTTP {status} redirect without a Location header", status=status)
                    nxt = urljoin(current, location.strip())
                    permanent_so_far = permanent_so_far and status in _PERMANENT
                    if permanent_so_far:
                        moved_to = nxt
                    current = nxt
                    continue
                if status == 304:
                    return NotModified(current, validators, moved_to)
                _raise_for_status(response)
                body, raw = await _read_body(response, limits.max_bytes)
                fresh = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
                return Fetched(body, _lower_headers(response.headers), current, fresh, moved_to, raw)
        except FetchError:
            raise
        except aiohttp.InvalidURL as e:
            raise FetchError(FetchKind.URL, f"invalid URL ({_excerpt(str(e))})") from e
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as e:
            raise _network_error(e) from e
        except aiohttp.ClientError as e:   # a response aiohttp refused to read
            raise _protocol_error(e) from e
        except (ValueError, UnicodeError) as e:
            raise FetchError(FetchKind.URL, f"invalid URL ({_excerpt(str(e))})") from e
    raise FetchError(FetchKind.REDIRECTS, f"more than {MAX_REDIRECTS} redirects (last: {current})", retryable=True)


def _lower_headers(headers: CIMultiDictProxy[str]) -> dict[str, str]:
    """Response headers by lower-cased name; a repeated header's values joined by ", " (RFC 9110 5.3)."""
    out: dict[str, str] = {}
    for key, value in headers.items():
        key = key.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _raise_for_status(response: aiohttp.ClientResponse) -> None:
    status = response.status
    if 200 <= status < 300:
        return
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    reason = response.reason or ""
    if status == 410:
        raise FetchError(FetchKind.GONE, "HTTP 410 Gone: the publisher removed this feed", status=status, retryable=False)
    raise FetchError(FetchKind.HTTP, f"HTTP {status} {reason}".strip(), status=status, retry_after=retry_after)


async def _read_body(response: aiohttp.ClientResponse, limit: int) -> tuple[bytes, int]:
    length = response.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchError(FetchKind.TOO_LARGE, f"Content-Length {int(length):,} is over the {limit:,}-byte limit")
    decoder = BoundedDecoder(response.headers.get("content-encoding"), limit)
    raw = 0
    async for chunk in response.content.iter_chunked(65536):
        raw += len(chunk)
        if raw > limit:
            raise FetchError(FetchKind.TOO_LARGE, f"body larger than {limit:,} bytes")
        decoder.feed(chunk)
    return decoder.finish(), raw


def _network_error(error: aiohttp.ClientError) -> FetchError:
    """A connection that failed (DNS, refused, reset, TLS, timed out) or a body cut short, in
    plain words (aiohttp's own text, ``Cannot connect to host x:443 ssl:default [...]``, is not
    for people)."""
    blocked = find_blocked(error)
    if blocked is not None:
        return FetchError(FetchKind.BLOCKED, str(blocked))
    if isinstance(error, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        return FetchError(FetchKind.TIMEOUT, "timed out waiting for the server")
    return FetchError(FetchKind.NETWORK, "network error: " + _network_words(error))


def _network_words(error: aiohttp.ClientError) -> str:
    host, port = getattr(error, "host", None), getattr(error, "port", None)
    where = f"{host}:{port}" if host and port else host or "the server"
    os_error = getattr(error, "os_error", None) if isinstance(error, aiohttp.ClientConnectorError) else error
    code = getattr(os_error, "errno", None)
    if isinstance(error, aiohttp.ClientConnectorDNSError) or isinstance(os_error, socket.gaierror):
        return f"the host name {host or ''} could not be found (DNS)".replace("  ", " ")
    if isinstance(error, aiohttp.ClientConnectorCertificateError):
        reason = getattr(error.certificate_error, "verify_message", "") or "not trusted"
        return f"the TLS certificate of {host} is not valid ({_excerpt(str(reason), 60)})"
    if isinstance(error, (aiohttp.ClientSSLError, aiohttp.ServerFingerprintMismatch)):
        return f"the secure (TLS) connection to {where} failed"
    if code == errno.ECONNREFUSED:
        return f"connection refused by {where} (nothing answers on that port)"
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"{where} cannot be reached from here (no route)"
    if code == errno.ECONNRESET or isinstance(error, aiohttp.ClientConnectionResetError) or _reset_within(error):
        return "the connection was reset by the server" + (
            " before the whole body arrived" if isinstance(error, aiohttp.ClientPayloadError) else "")
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "the server closed the connection without a complete answer"
    if isinstance(error, aiohttp.ClientPayloadError):
        return "the response was cut short (the connection ended before the whole body arrived)"
    if isinstance(error, aiohttp.ClientConnectorError):
        reason = getattr(os_error, "strerror", None)
        return f"could not connect to {where}" + (f" ({str(reason).lower()})" if reason else "")
    return f"the connection failed ({type(error).__name__})"


def _reset_within(error: BaseException) -> bool:
    """A ConnectionResetError in the error's causes or arguments (aiohttp wraps it)."""
    seen: set[int] = set()
    todo: list[object] = [error]
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionResetError) or "Connection reset by peer" in str(current):
            return True
        todo += [current.__cause__, current.__context__, *current.args]
    return False


def _protocol_error(error: aiohttp.ClientError) -> FetchError:
    """A response aiohttp refused to read: oversized or malformed status line, headers or chunks."""
    message = getattr(error, "message", "") or str(error)
    too_long = re.match(r"Got more than (\d+) bytes", str(message))
    if too_long:
        return FetchError(FetchKind.PROTOCOL, f"response header line longer than {int(too_long.group(1)):,} bytes")
    return FetchError(FetchKind.PROTOCOL, f"malformed HTTP response ({type(error).__name__}: {_excerpt(str(message))})")


def _excerpt(text: str, limit: int = 120) -> str:
    """The first line of a library message, cut short: it may quote what the server sent."""
    line = " ".join(text.strip().split("\n", 1)[0].split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), capped at one day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), 86400.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = datetime.now(timezone.utc).timestamp() if now is None else now
    return max(0.0, min(when.timestamp() - current, 86400.0))
