"""Sending messages through Apprise (I/O), one destination URL per call.

Apprise never raises: every call's AppriseResult is checked and turned into a SendOutcome.
One Apprise object per destination and send, so a PARTIAL result can never make us resend to a
destination that already got the message. Where the channel lets us, the delivery's
idempotency key travels as an ``X-Idempotency-Key`` header (json/xml/form webhooks, email).
URLs are only ever shown masked (:mod:`watcher.redact`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from dataclasses import dataclass
from typing import Any, Callable, TextIO

from watcher.destinations import apprise_module, instantiate
from watcher.redact import mask_url
from watcher.textfold import one_line
from watcher.types import Message

log = logging.getLogger("newswatch.notify")
# Apprise reports an HTTP status only inside its log text, always as "…, error=NNN." (every
# plugin formats failures that way); AppriseResult carries no status code of its own.
_STATUS = re.compile(r"\berror=(\d{3})\b")
_PERMANENT = {400, 401, 403, 404, 405, 410, 413, 422}
_HEADER_SCHEMES = {"mailto", "mailtos", "json", "jsons", "xml", "xmls", "form", "forms"}
IDEMPOTENCY_HEADER = "X-Idempotency-Key"
RATE_LIMIT_FLOOR = 60.0
SOCKET_GRACE = 5.0     # Apprise's sockets outlast its deadline by this much


@dataclass(frozen=True)
class SendOutcome:
    ok: bool
    retryable: bool = True
    error: str = ""
    ambiguous: bool = False      # the receiver may have got it (timeout after sending)
    retry_after: float | None = None


def channel_limits(url: str) -> tuple[int, int]:
    """(title, body) length limits of the service behind ``url``."""
    if url == "stdout://":
        return 500, 100_000
    plugin = instantiate(url)
    if plugin is None:
        return 200, 30_000
    title = int(getattr(plugin, "title_maxlen", 250) or 0)
    body = int(getattr(plugin, "body_maxlen", 32768) or 32768)
    return (title if title > 0 else 0), body


def default_format(service: str) -> str:
    return "html" if service in ("mailto", "mailtos") else "text"


class Notifier:
    """Sends one message to one destination URL."""

    def __init__(self, *, timeout: float = 60.0, stdout: TextIO | None = None,
                 apprise_factory: Callable[[], Any] | None = None) -> None:
        self.timeout = timeout
        self.stdout = stdout
        self._factory = apprise_factory

    async def send(self, url: str, message: Message, idem_key: str) -> SendOutcome:
        if url == "stdout://":
            return self._print(message)
        apprise = apprise_module()
        plugin = instantiate(url)
        if plugin is None:
            return SendOutcome(False, retryable=False, error="not a valid Apprise URL")
        scheme = url.split("://", 1)[0].lower()
        if scheme in _HEADER_SCHEMES and isinstance(getattr(plugin, "headers", None), dict):
            plugin.headers[IDEMPOTENCY_HEADER] = idem_key
        follow_send_timeout(plugin, self.timeout)
        ap = self._factory() if self._factory else apprise.Apprise()
        ap.add(plugin)
        fmt = {"text": apprise.NotifyFormat.TEXT, "html": apprise.NotifyFormat.HTML,
               "markdown": apprise.NotifyFormat.MARKDOWN}[message.format]
        try:   # Apprise's own deadline answers TIMEOUT first; this one only guards against a hang
            result = await asyncio.wait_for(
                ap.async_notify(title=message.title, body=message.body, body_format=fmt, timeout=self.timeout),
                self.timeout + 2 * SOCKET_GRACE)
        except TimeoutError:
            return SendOutcome(False, retryable=True, ambiguous=True, error=f"no answer within {self.timeout:g}s")
        return _outcome(result, mask_url(str(plugin.url(privacy=True))), self.timeout)

    def _print(self, message: Message) -> SendOutcome:
        out = self.stdout or sys.stdout
        rule = "─" * min(72, max(20, len(message.title)))
        out.write(f"{rule}\n{one_line(message.title)}\n{rule}\n{message.body.rstrip()}\n\n")
        out.flush()
        return SendOutcome(True)


def follow_send_timeout(plugin: Any, timeout: float) -> None:
    """Make an Apprise plugin's socket timeouts follow ``[delivery] send_timeout``.

    Apprise's default read timeout (4 s) would turn a receiver that stored the message but
    answered slowly into a plain failure. The read timeout is set past Apprise's own deadline
    (``notify(timeout=...)``), so a slow answer either arrives or ends as status TIMEOUT, which
    is ambiguous (the request was written). The connect timeout stays shorter than the deadline:
    a refused or unreachable receiver is a plain failure (nothing was sent). smtplib uses one
    timeout for connecting and for every reply, so e-mail gets the long one for both. The
    plugin attributes are what Apprise reads at send time (its ``rto``/``cto`` URL options set
    the same ones); a longer ``rto`` given in the URL is kept.
    """
    from apprise.plugins.email import NotifyEmail  # lazy for start-up speed, like apprise_module()

    long = timeout + SOCKET_GRACE
    one_timeout = isinstance(plugin, NotifyEmail)
    plugin.socket_read_timeout = max(float(plugin.socket_read_timeout), long)
    if one_timeout:
        plugin.socket_connect_timeout = max(float(plugin.socket_connect_timeout), long)
    else:
        plugin.socket_connect_timeout = min(float(plugin.socket_connect_timeout), max(1.0, timeout / 2))


def _outcome(result: Any, label: str, timeout: float = 0.0) -> SendOutcome:
    apprise = apprise_module()
    status = result.status
    if status == apprise.AppriseResultStatus.SUCCESS:
        return SendOutcome(True)
    messages = [one_line(entry.message) for entry in result.logs()
                if getattr(entry, "level", "") in ("WARNING", "ERROR", "CRITICAL")]
    error = "; ".join(dict.fromkeys(messages)) or f"Apprise status {status.name}"
    if status == apprise.AppriseResultStatus.NOMATCH:
        return SendOutcome(False, retryable=False, error=f"no service matched ({label})")
    if status == apprise.AppriseResultStatus.TIMEOUT:   # the request went out; the answer did not come
        waited = f"no answer within {timeout:g}s (it may have arrived)" if timeout else error
        return SendOutcome(False, retryable=True, ambiguous=True, error=waited[:500])
    codes = {int(c) for c in _STATUS.findall(error)}
    permanent = bool(codes) and codes <= _PERMANENT
    # Apprise does not hand back response headers, so a 429's Retry-After is unknown: wait at
    # least a minute rather than hammering a rate-limited service.
    floor = RATE_LIMIT_FLOOR if 429 in codes else None
    return SendOutcome(False, retryable=not permanent, error=error[:500], retry_after=floor)
