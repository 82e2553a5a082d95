"""Real local servers for tests: a scriptable feed server, an SMTP server, an HTTP sink.

Everything binds 127.0.0.1 port 0 and records what it received, so tests assert on the wire.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    ignore_conditional: bool = False
    handler: Callable[["FeedHandler"], None] | None = None   # full control


class SlowFeed:
    """A route handler for a slow server: holds every request ``hold`` seconds (so requests
    overlap; not a wait for a condition), then answers ``body``, and records how many of its
    requests were in flight at once (``most``)."""

    def __init__(self, body: bytes, hold: float) -> None:
        self.body, self.hold = body, hold
        self.now = self.most = 0
        self._lock = threading.Lock()

    def __call__(self, h: "FeedHandler") -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.hold)
        with self._lock:
            self.now -= 1
        h.send_simple(200, self.body, "application/rss+xml")


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


class FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "FeedServer.HTTP"

    def log_message(self, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.server.owner.connections += 1

    def do_GET(self) -> None:  # noqa: N802
        owner = self.server.owner
        owner.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
        route = owner.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_simple(404, b"not found", "text/plain")
            return
        if route.handler is not None:
            route.handler(self)
            return
        if route.etag and not route.ignore_conditional and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(route.body)))
        if route.etag:
            self.send_header("ETag", route.etag)
        for k, v in route.headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(route.body)

    def send_simple(self, status: int, body: bytes, ctype: str = "text/plain", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


class FeedServer:
    class HTTP(ThreadingHTTPServer):
        daemon_threads = True
        owner: "FeedServer"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.connections = 0
        self.httpd = self.HTTP((host, port), FeedHandler)
        self.httpd.owner = self
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path.split("?")[0] == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SmtpServer:
    """aiosmtpd on a socket bound to port 0 (aiosmtpd's Controller cannot use port 0)."""

    def __init__(self) -> None:
        from aiosmtpd.smtp import SMTP
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.fail_with: str | None = None     # e.g. "451 try later"
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        handler = self

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(
                self.loop.create_server(lambda: SMTP(handler, hostname="127.0.0.1"), sock=self.sock))
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(10)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.fail_with:
            return self.fail_with
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def url(self, to: str = "desk@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=newswatch@example.org&to={to}"

    def close(self) -> None:
        def stop() -> None:
            self.server.close()
            self.loop.stop()
        self.loop.call_soon_threadsafe(stop)
        self.thread.join(5)


class HttpSink:
    """Receives POSTs (json://, Slack webhooks pointed here); answers with scripted statuses."""

    def __init__(self, port: int = 0) -> None:
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        self.statuses: list[int] = []        # consumed one per request; then 200
        self.store_before_fail = False       # store the post even when answering an error (ambiguous ack)
        self.delay = 0.0                     # seconds to wait before answering
        self.delays: list[float] = []        # consumed one per request (before ``delay`` applies)
        self.path_status: dict[str, int] = {}  # fixed answer for some paths
        self.inflight = 0
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                sink.inflight += 1
                wait = sink.delays.pop(0) if sink.delays else sink.delay
                if wait:
                    time.sleep(wait)
                sink.inflight -= 1
                status = sink.statuses.pop(0) if sink.statuses else sink.path_status.get(self.path.split("?")[0], 200)
                if status < 400 or sink.store_before_fail:
                    sink.posts.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                payload = b"ok"
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.handler = Handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def json_url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        """Stop listening (connections are refused) but keep what was received."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def restart(self) -> None:
        """Listen again on the same port."""
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def payloads(self) -> list[Any]:
        return [json.loads(b) for _, _, b in self.posts]

    def close(self) -> None:
        try:
            self.httpd.shutdown()
            self.httpd.server_close()
        except OSError:
            pass


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, interval: float = 0.05) -> Any:
    """Poll until ``predicate()`` is truthy (no fixed sleeps); fail with a clear message."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


class DaemonLog:
    """A daemon's stderr read as it is written (by a thread), so that a test can wait for the
    line that says a step is done ("rules reloaded") instead of guessing how long it takes."""

    def __init__(self, process: Any) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process.stderr,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def count(self, text: str) -> int:
        return self.text.count(text)

    def wait_for_count(self, text: str, count: int, timeout: float = 60.0) -> None:
        """Until ``text`` has been logged ``count`` times; the log so far in the failure."""
        try:
            wait_for(lambda: self.count(text) >= count, timeout=timeout)
        except AssertionError as e:
            raise AssertionError(f"{e}: {text!r} logged {self.count(text)} of {count} times; the log:\n{self.text}") from None

    def rest(self, timeout: float = 20.0) -> str:
        """The whole log, once the process has exited (its stderr closed)."""
        self._thread.join(timeout=timeout)
        return self.text
