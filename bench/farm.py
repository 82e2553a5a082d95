"""A local feed farm for the benchmarks: many loopback hosts, feeds x entries, conditional GET,
optionally changing feeds with a ground-truth log, optionally slow.

    python bench/farm.py --feeds 1000 --entries 50 [--hosts 50] [--new-per-minute 0]
                         [--match-every 10] [--latency 0] [--truth FILE] [--requests FILE]

Feed i is served at http://127.0.0.{1 + i % hosts}:PORT/feed/{i}.xml (RSS 2.0, the newest
``entries`` items, gzip when asked) with an ETag and a Last-Modified; a conditional GET gets 304
while the feed is unchanged (If-None-Match wins over If-Modified-Since, RFC 9110 13.2.2).
``GET /mode/ignore`` makes every host send the full body every time (a server that ignores
conditional GET), ``GET /mode/normal`` switches back. The farm prints ``ready PORT`` once every
host listens; SIGTERM stops it after flushing its logs.

Items: every item has a unique number n, guid ``nw-n`` and link ``https://farm.example/{feed}/nw-n``.
Item n is written to match the shipped watchlist (rules/) when ``n % match_every == 0``: one of
four headline templates about extradition, deportation or biometric data-sharing, each with
the number in it, so no two items can be clustered into one story. Other items are filler.

Changing feeds: with ``--new-per-minute R`` a new item is published every 60/R s on a feed drawn
by a seeded generator, so every worker process sees the same schedule. ``--truth FILE`` logs one
JSON line per item published: {"t": epoch seconds, "feed": i, "guid", "title", "initial",
"designed_match"} (initial items carry their pubDate). ``--requests FILE`` logs one
tab-separated line per feed request and worker: time, feed, status, User-Agent.

``--latency S`` delays every feed response by S seconds (a slow farm that saturates a client).
``--workers N`` serves from N processes sharing the listening sockets. The farm always runs in
processes of its own, so it never counts in a measured process's CPU time.

Import ``Farm`` to start one from another script (bench/peers.py, bench/scale.py, bench/poll.py).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import gzip
import ipaddress
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from farm_content import FarmSpec, Item, Schedule, feed_xml, initial_items  # noqa: E402

MODES = ("normal", "ignore")


@dataclass
class FeedState:
    items: deque[Item]
    version: int = 0
    modified: float = 0.0
    cache: dict[bool, bytes] = field(default_factory=dict)

    def publish(self, item: Item) -> None:
        self.items.appendleft(item)
        self.items.pop()
        self.version += 1
        self.modified = item.published
        self.cache.clear()

    def body(self, feed: int, gz: bool) -> bytes:
        if gz not in self.cache:
            raw = feed_xml(feed, list(self.items))
            self.cache[gz] = gzip.compress(raw, 6) if gz else raw
        return self.cache[gz]


class FarmState:
    """Every feed's current items, brought up to date from the schedule before each answer."""

    def __init__(self, spec: FarmSpec, start: float) -> None:
        self.spec = spec
        self.schedule = Schedule(spec, start)
        self.feeds = [FeedState(deque(initial_items(spec, i, start)), modified=start) for i in range(spec.feeds)]
        for i, feed in enumerate(self.feeds):   # render now, so serving costs the farm little CPU
            feed.body(i, gz=True)

    def advance(self, now: float) -> list[Item]:
        published = self.schedule.due(now)
        for item in published:
            self.feeds[item.feed].publish(item)
        return published


def not_modified(headers: Any, etag: str, modified: float) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            return int(modified) <= parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
    return False


# -- the server (one per worker process) ------------------------------------------------------

class Logs:
    """The truth log (worker 0 only) and this worker's request log, flushed every second."""

    def __init__(self, truth: str | None, requests: str | None, worker: int) -> None:
        self.truth: IO[str] | None = open(truth, "a", encoding="utf-8") if truth and worker == 0 else None
        self.requests: IO[str] | None = open(f"{requests}.{worker}", "a", encoding="utf-8") if requests else None

    def published(self, items: list[Item]) -> None:
        if self.truth is None:
            return
        for item in items:
            self.truth.write(json.dumps({"t": round(item.published, 3), "feed": item.feed, "guid": item.guid,
                                         "title": item.title, "initial": item.initial,
                                         "designed_match": item.matches}) + "\n")

    def request(self, feed: int, status: int, agent: str) -> None:
        if self.requests is not None:
            self.requests.write(f"{time.time():.3f}\t{feed}\t{status}\t{agent}\n")

    def flush(self) -> None:
        for f in (self.truth, self.requests):
            if f is not None:
                f.flush()

    def close(self) -> None:
        for f in (self.truth, self.requests):
            if f is not None:
                f.close()


def make_app(state: FarmState, logs: Logs, mode: Any) -> Any:
    from aiohttp import web

    async def feed(request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        if not 0 <= i < len(state.feeds):
            raise web.HTTPNotFound()
        logs.published(state.advance(time.time()))
        if state.spec.latency:
            await asyncio.sleep(state.spec.latency)
        return answer(request, state.feeds[i], i, mode.value == 0, logs)

    async def set_mode(request: web.Request) -> web.Response:
        name = request.match_info["m"]
        if name not in MODES:
            raise web.HTTPNotFound()
        mode.value = MODES.index(name)
        return web.Response(text=name)

    app = web.Application()
    app.router.add_get("/feed/{i}.xml", feed)
    app.router.add_get("/mode/{m}", set_mode)
    return app


def answer(request: Any, feed: FeedState, i: int, conditional: bool, logs: Logs) -> Any:
    from aiohttp import web
    etag = f'"{i}-{feed.version}"'
    headers = {"ETag": etag, "Last-Modified": formatdate(int(feed.modified), usegmt=True)}
    agent = request.headers.get("User-Agent", "")
    if conditional and not_modified(request.headers, etag, feed.modified):
        logs.request(i, 304, agent)
        return web.Response(status=304, headers=headers)
    gz = "gzip" in request.headers.get("Accept-Encoding", "")
    if gz:
        headers["Content-Encoding"] = "gzip"
    logs.request(i, 200, agent)
    return web.Response(body=feed.body(i, gz), headers={**headers, "Content-Type": "application/rss+xml; charset=utf-8"})


async def serve(spec: FarmSpec, socks: list[socket.socket], start: float, worker: int, mode: Any,
                paths: tuple[str | None, str | None], ready: Any) -> None:
    from aiohttp import web
    state = FarmState(spec, start)
    logs = Logs(paths[0], paths[1], worker)
    if worker == 0:
        logs.published([item for f in state.feeds for item in reversed(f.items)])
    runner = web.AppRunner(make_app(state, logs, mode), access_log=None)
    await runner.setup()
    for sock in socks:
        await web.SockSite(runner, sock, backlog=1024).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    ready.release()
    while not stop.is_set():   # publish on time even when nobody asks, and keep the logs fresh
        logs.published(state.advance(time.time()))
        logs.flush()
        try:
            await asyncio.wait_for(stop.wait(), 0.2)
        except TimeoutError:
            pass
    await runner.cleanup()
    logs.close()


def worker_main(spec: FarmSpec, socks: list[socket.socket], start: float, worker: int, mode: Any,
                paths: tuple[str | None, str | None], ready: Any) -> None:
    asyncio.run(serve(spec, socks, start, worker, mode, paths, ready))


def bind_hosts(hosts: int, attempts: int = 20) -> tuple[int, list[socket.socket]]:
    """One listening socket per loopback host 127.0.0.1..N, all on the same free port."""
    for _ in range(attempts):
        socks: list[socket.socket] = []
        try:
            for h in range(hosts):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                socks.append(sock)
                sock.bind((host_address(h), socks[0].getsockname()[1] if h else 0))
            for sock in socks:
                sock.listen(1024)
                sock.setblocking(False)
            return socks[0].getsockname()[1], socks
        except OSError as e:
            for sock in socks:
                sock.close()
            if e.errno != errno.EADDRINUSE:
                raise
    raise OSError(errno.EADDRINUSE, f"no port free on all {hosts} loopback hosts")


def host_address(h: int) -> str:
    """The h-th loopback address: 127.0.0.1, 127.0.0.2, ... (all of 127/8 reaches lo on Linux)."""
    return str(ipaddress.IPv4Address(0x7F000000 + h + 1))


def feed_url(port: int, hosts: int, i: int) -> str:
    return f"http://{host_address(i % hosts)}:{port}/feed/{i}.xml"


def run_farm(spec: FarmSpec, truth: str | None, requests: str | None) -> None:
    """Bind, fork the workers, print ``ready PORT``, and stop them all on SIGTERM."""
    port, socks = bind_hosts(spec.hosts)
    start = time.time()
    ctx = multiprocessing.get_context("fork")
    mode = ctx.Value("i", 0, lock=False)
    ready = ctx.Semaphore(0)
    procs = [ctx.Process(target=worker_main, args=(spec, socks, start, w, mode, (truth, requests), ready), daemon=True)
             for w in range(spec.workers)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    print(f"ready {port} {start:.3f}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: _stop(procs))
    signal.signal(signal.SIGINT, lambda *_: _stop(procs))
    for p in procs:
        p.join()


def _stop(procs: list[Any]) -> None:
    for p in procs:
        if p.is_alive() and p.pid:
            os.kill(p.pid, signal.SIGTERM)


# -- using a farm from another script ---------------------------------------------------------

@dataclass(frozen=True)
class Published:
    t: float
    feed: int
    guid: str
    title: str
    initial: bool
    designed_match: bool


@dataclass(frozen=True)
class Request:
    t: float
    feed: int
    status: int
    agent: str


class Farm:
    """Start the farm in its own process group; ``with Farm(spec, folder) as farm: farm.url(i)``."""

    def __init__(self, spec: FarmSpec, folder: Path, *, truth: bool = False, requests: bool = False) -> None:
        self.spec = spec
        self.truth_path = folder / "truth.jsonl" if truth else None
        self.requests_path = folder / "requests.tsv" if requests else None
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0
        self.started_at = 0.0

    def __enter__(self) -> "Farm":
        args = [sys.executable, str(Path(__file__).resolve()), *self.spec.to_args()]
        if self.truth_path:
            args.append(f"--truth={self.truth_path}")
        if self.requests_path:
            args.append(f"--requests={self.requests_path}")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "ready":
            self.close()
            raise RuntimeError(f"the feed farm did not start (exit {self.proc.wait()})")
        self.port, self.started_at = int(line[1]), float(line[2])
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def url(self, i: int) -> str:
        return feed_url(self.port, self.spec.hosts, i)

    def urls(self) -> list[str]:
        return [self.url(i) for i in range(self.spec.feeds)]

    def set_mode(self, mode: str) -> None:
        import urllib.request
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/mode/{mode}", timeout=10) as response:
            response.read()

    def published(self) -> list[Published]:
        """The ground truth: every item the farm has published so far (initial ones first)."""
        assert self.truth_path is not None, "start the farm with truth=True"
        with open(self.truth_path, encoding="utf-8") as f:
            return [Published(**json.loads(line)) for line in f if line.endswith("\n")]

    def requests(self) -> list[Request]:
        """Every feed request answered so far, in time order (all workers)."""
        assert self.requests_path is not None, "start the farm with requests=True"
        seen: list[Request] = []
        for path in self.requests_path.parent.glob(self.requests_path.name + ".*"):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.endswith("\n"):
                        t, feed, status, agent = line.rstrip("\n").split("\t", 3)
                        seen.append(Request(float(t), int(feed), int(status), agent))
        return sorted(seen, key=lambda r: r.t)


def parse_args(argv: list[str] | None = None) -> tuple[FarmSpec, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = FarmSpec()
    for name in FarmSpec.__dataclass_fields__:
        kind = type(getattr(defaults, name))
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=getattr(defaults, name))
    parser.add_argument("--truth", help="ground-truth log of every item published (JSON lines)")
    parser.add_argument("--requests", help="request log prefix (one file per worker, tab-separated)")
    args = parser.parse_args(argv)
    spec = FarmSpec(**{name: getattr(args, name) for name in FarmSpec.__dataclass_fields__})
    if spec.hosts < 1 or spec.hosts > 60000 or spec.feeds < 1 or spec.entries < 1 or spec.workers < 1:
        parser.error("--feeds, --entries, --hosts and --workers must be at least 1 (hosts at most 60000)")
    return spec, args


def main() -> None:
    spec, args = parse_args()
    run_farm(spec, args.truth, args.requests)


if __name__ == "__main__":
    main()
