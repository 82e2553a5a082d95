"""The aiohttp server inside the daemon: routes, token check, security headers and limits.

Bounded so that no client can slow polling or exhaust the process: at most ``max_connections``
open connections (more are closed at once), idle keep-alive 5 s, any connection older than
CONNECTION_SECONDS closed (slow-header clients), each request answered within REQUEST_SECONDS,
bodies ignored (everything is GET), no access log (a ``?token=`` must never reach a log).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import socket
import time
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable

from aiohttp import web

from storage import StorageError
from watcher import __version__
from watcher.errors import WatcherError
from watcher.log import redact
from watcher.metrics import Live, Snapshot
from watcher.web import feeds, health, page
from watcher.web.reads import Reads
from watcher.web.settings import parse_listen

log = logging.getLogger("newswatch.http")
REQUEST_SECONDS = 10.0
CONNECTION_SECONDS = 30.0
KEEPALIVE_SECONDS = 5.0
SHARE_SECONDS = 3.0                 # page and feed reads are shared this long between requests
RATE_PER_SECOND = 20.0              # requests answered per second beyond /healthz (burst: twice that)
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
OPEN_PATHS = ("/healthz", "/static/")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebServer:
    """``await WebServer(rt).start()``; ``port`` is the bound port (useful with ``:0``)."""

    def __init__(self, rt: Any) -> None:
        self.rt = rt
        self.settings = rt.config.model.http
        self.listen = parse_listen(self.settings.listen)
        self.token = rt.config.http_token
        self.reads = Reads(rt.config.database_url)
        self.renderer = page.PageRenderer()
        self.runner: web.AppRunner | None = None
        self.port = 0
        self.bucket = TokenBucket(RATE_PER_SECOND, 2 * RATE_PER_SECOND)

    async def start(self) -> "WebServer":
        app = web.Application(middlewares=[self._guard], client_max_size=1024)
        app.add_routes([web.get("/healthz", self.healthz), web.get("/readyz", self.readyz),
                        web.get("/metrics", self.metrics), web.get("/", self.index),
                        web.get("/static/page.css", self.css), web.get("/alerts.atom", self.alerts_atom),
                        web.get("/alerts.json", self.alerts_json)])
        self.runner = web.AppRunner(app, access_log=None, handle_signals=False, keepalive_timeout=KEEPALIVE_SECONDS,
                                    shutdown_timeout=2.0)
        await self.runner.setup()
        site = BoundedSite(self.runner, self.listen.host, self.listen.port, self.settings.max_connections)
        try:
            await site.start()
        except OSError as e:
            await self.close()
            reason = os.strerror(e.errno) if e.errno else str(e)
            raise WatcherError(f"http.listen: cannot listen on {self.settings.listen}: {reason}; "
                               'choose another address or set listen = "" to turn the server off') from None
        self.port = site.port
        log.info("http: serving the status page, /metrics and /readyz on http://%s", _hostport(self.listen.host, self.port))
        return self

    async def close(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None
        self.reads.close()

    # -- middleware: token, deadline, headers ----------------------------------------------
    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path != "/healthz" and not self.bucket.take():
            response: web.StreamResponse = _json({"error": "too many requests"}, 429)
            response.headers["Retry-After"] = "1"
        elif self.token and not request.path.startswith(OPEN_PATHS) and not self._authorised(request):
            response = _json({"error": "a valid token is required (Authorization: Bearer "
                                                           "TOKEN, or ?token=TOKEN)"}, 401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="newswatch"'
        else:
            try:
                async with asyncio.timeout(REQUEST_SECONDS):
                    response = await handler(request)
            except web.HTTPException as e:    # 404, 405: aiohttp answers them, with our headers
                _secure(e)
                raise
            except TimeoutError:
                response = _json({"error": f"no answer within {REQUEST_SECONDS:g}s"}, 503)
        _secure(response)
        return response

    def _authorised(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        given = header[7:].strip() if header[:7].lower() == "bearer " else request.query.get("token", "")
        return hmac.compare_digest(given.encode(), self.token.encode())

    # -- health ---------------------------------------------------------------------------
    async def healthz(self, request: web.Request) -> web.Response:
        """Liveness: the event loop answers. Nothing else is checked (that is /readyz)."""
        return _json({"status": "alive", "version": __version__})

    async def readiness(self) -> health.Readiness:
        return health.decide(await health.gather_facts(self.rt, self.reads))

    async def readyz(self, request: web.Request) -> web.Response:
        ready = await self.readiness()
        return _json(ready.to_json(), 200 if ready.ok else 503)

    # -- metrics --------------------------------------------------------------------------
    async def metrics(self, request: web.Request) -> web.Response:
        body = await self.reads.memo("metrics", 1.0, self._exposition)
        return web.Response(body=body, headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"})

    async def _exposition(self) -> bytes:
        ready = await self.readiness()
        snapshot = None
        try:
            counts = await self.reads.shared("counts", 1.0, lambda store, now: store.database_counts(now), _now())
            snapshot = _snapshot(counts, _now())
        except StorageError as e:
            log.debug("metrics: database counts unavailable: %s", e)
        rt = self.rt
        alive, _dead = health.worker_health(rt.parser)
        live = Live(rules_loaded=len(rt.rules.current.rules), rules_version=rt.rules.current.fingerprint[:12],
                    parse_workers_alive=alive or 0, parse_worker_restarts=getattr(rt.parser, "restarts", 0),
                    ready=ready.ok, database_up=snapshot is not None, snapshot=snapshot)
        exposition: bytes = rt.metrics.exposition(live)
        return exposition

    # -- the page -------------------------------------------------------------------------
    async def index(self, request: web.Request) -> web.Response:
        status, html = await self.reads.memo("page", SHARE_SECONDS, self._render_page)
        return web.Response(body=html, status=status, content_type="text/html", charset="utf-8")

    async def _render_page(self) -> tuple[int, bytes]:
        """The page, rendered once per SHARE_SECONDS however many clients ask (rendering is CPU
        on the event loop the pollers share)."""
        now = _now()
        ready = await self.readiness()
        rt = self.rt
        context: dict[str, Any] = {
            "ready": ready, "version": __version__, "rules_version": rt.rules.current.fingerprint[:12],
            "generated_at": now.strftime("%Y-%m-%d %H:%M:%S UTC"), "database_error": "",
            "stories": [], "feeds": [], "rules": page.rule_rows(rt.rules.current, None, now, rt.config.watch.silent_after),
            "outbox": {"pending": 0, "sending": 0, "sent": 0, "dead": 0, "oldest": "", "problems": []}}
        try:
            data = await self.reads.shared("page", SHARE_SECONDS, page.read_page_data, now)
            context.update(self._page_context(data, now))
        except StorageError as e:
            context["database_error"] = _clean(str(e))
        status = 200 if not context["database_error"] else 503
        return status, self.renderer.render_page(context).encode("utf-8")

    def _page_context(self, data: page.PageData, now: datetime) -> dict[str, Any]:
        titles = {f.id: f.title for f in self.rt.config.feeds if f.enabled}
        return {"stories": page.story_rows(data.stories, now),
                "feeds": page.feed_rows(data.feeds, titles, now, _clean),
                "rules": page.rule_rows(self.rt.rules.current, data.rules, now, self.rt.config.watch.silent_after),
                "outbox": page.outbox_view(data.counts, data.problems, now, _clean)}

    async def css(self, request: web.Request) -> web.Response:
        return web.Response(body=page.stylesheet(), content_type="text/css", charset="utf-8",
                            headers={"Cache-Control": "max-age=300"})

    # -- alert feeds ----------------------------------------------------------------------
    async def alerts_atom(self, request: web.Request) -> web.StreamResponse:
        return await self._alerts(request, feeds.atom, "application/atom+xml")

    async def alerts_json(self, request: web.Request) -> web.StreamResponse:
        return await self._alerts(request, feeds.json_feed, "application/feed+json")

    async def _alerts(self, request: web.Request, build: Callable[..., bytes], content_type: str) -> web.StreamResponse:
        subscriber_id = request.query.get("subscriber")
        if subscriber_id and self.rt.subscriber(subscriber_id) is None:
            return _json({"error": f"unknown subscriber {subscriber_id!r}"}, 404)
        meta = self._feed_meta(request, subscriber_id)
        key = f"{build.__name__}:{subscriber_id or ''}:{meta.self_url}"
        try:
            body = await self.reads.memo(key, SHARE_SECONDS, lambda: self._build_feed(build, subscriber_id, meta))
        except StorageError as e:
            return _json({"error": f"database: {_clean(str(e))}"}, 503)
        return _conditional(request, body, f"{content_type}; charset=utf-8")

    async def _build_feed(self, build: Callable[..., bytes], subscriber_id: str | None, meta: feeds.FeedMeta) -> bytes:
        stories = await self.reads.shared(f"alerts:{subscriber_id or ''}", SHARE_SECONDS,
                                          lambda store: store.alerted_stories(50, subscriber_id))
        sub = self.rt.subscriber(subscriber_id) if subscriber_id else None
        rules = self.rt.rules.current.by_id
        wants = (lambda rid: sub.wants_rule_id(rid, rules[rid].tags if rid in rules else ())) if sub else (lambda rid: True)
        return build(feeds.feed_items(stories, wants), meta, self.renderer.render_entry)

    def _feed_meta(self, request: web.Request, subscriber_id: str | None) -> feeds.FeedMeta:
        base = f"{request.scheme}://{request.host}"
        query = f"?subscriber={subscriber_id}" if subscriber_id else ""
        suffix = f" for {subscriber_id}" if subscriber_id else ""
        return feeds.FeedMeta(title=f"newswatch alerts{suffix}", self_url=f"{base}{request.path}{query}",
                              home_url=f"{base}/", feed_id=f"urn:newswatch:alerts{':' + subscriber_id if subscriber_id else ''}",
                              updated=self.rt.metrics.started_wall)


class BoundedSite(web.BaseSite):
    """A TCP site that refuses connections beyond ``limit`` and closes any connection older
    than CONNECTION_SECONDS (aiohttp has no deadline for reading request headers)."""

    def __init__(self, runner: web.AppRunner, host: str, port: int, limit: int) -> None:
        super().__init__(runner, backlog=min(128, limit * 2))
        self.host, self.port, self.limit = host, port, limit

    @property
    def name(self) -> str:
        return f"http://{_hostport(self.host, self.port)}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        loop = asyncio.get_running_loop()

        def factory() -> asyncio.Protocol:
            if len(server.connections) >= self.limit:
                return _Refused()
            handler = server()
            loop.call_later(CONNECTION_SECONDS, handler.force_close)
            return handler

        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self._server = await loop.create_server(factory, self.host, self.port, family=family, backlog=self._backlog,
                                                reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]


class TokenBucket:
    """At most ``rate`` requests a second on average, ``burst`` at once: a client in a loop cannot
    take the event loop from the pollers (a desk page refreshes once a minute, Prometheus every 15 s)."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.at = burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class _Refused(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.close()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _clean(text: str) -> str:
    """Error text for the page: known secrets redacted, URL passwords and queries masked."""
    return page.mask_urls(redact(text))


def _hostport(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _json(document: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(document, status=status)


def _secure(response: web.StreamResponse) -> None:
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers.setdefault("Cache-Control", "no-store")


def _conditional(request: web.Request, body: bytes, content_type: str) -> web.Response:
    """ETag on the body: a feed reader polling an unchanged feed gets 304 and no body."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, headers={**headers, "Content-Type": content_type})


def _snapshot(counts: Any, now: datetime) -> Snapshot:
    oldest = counts.oldest_due_at
    return Snapshot(outbox=counts.outbox, oldest_due_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
                    alerts=counts.alerts, stories=counts.stories, feeds=counts.feeds)


async def serve(rt: Any) -> WebServer | None:
    """Start the server configured in ``[http]`` (None when ``listen = ""``)."""
    if not rt.config.model.http.listen:
        return None
    return await WebServer(rt).start()
