"""Fault modes for the local feed server: hostile bodies and misbehaving transports."""

from __future__ import annotations

import gzip
import os
import threading
import time
import zlib
from typing import Callable

from servers import FeedHandler


def gzip_bomb(decoded_bytes: int) -> bytes:
    """A multi-member gzip body: ~1 KB per decoded MiB."""
    member = gzip.compress(b"\0" * (1 << 20), compresslevel=9)
    return member * (decoded_bytes >> 20)


def deflate_bomb(decoded_bytes: int) -> bytes:
    c = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    return b"".join(c.compress(chunk) for _ in range(decoded_bytes >> 20)) + c.flush()


def raw(status: str, headers: dict[str, str], body: bytes = b"") -> Callable[[FeedHandler], None]:
    def handle(h: FeedHandler) -> None:
        h.wfile.write(f"HTTP/1.1 {status}\r\n".encode())
        for k, v in headers.items():
            h.wfile.write(f"{k}: {v}\r\n".encode())
        h.wfile.write(b"\r\n" + body)
        h.wfile.flush()
        h.close_connection = True
    return handle


def trickle(stop: threading.Event, *, headers_too: bool = False) -> Callable[[FeedHandler], None]:
    """One byte per second, of the headers or of the body, until the client goes away."""
    def handle(h: FeedHandler) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n"
        try:
            if headers_too:
                data = head + b"<rss>" * 10000
            else:
                h.wfile.write(head)
                h.wfile.flush()
                data = b"<rss>" * 10000
            for i in range(len(data)):
                if stop.is_set():
                    return
                h.wfile.write(data[i:i + 1])
                h.wfile.flush()
                time.sleep(1)
        except OSError:
            pass
        h.close_connection = True
    return handle


def hang(stop: threading.Event) -> Callable[[FeedHandler], None]:
    def handle(h: FeedHandler) -> None:
        stop.wait(60)
        h.close_connection = True
    return handle


def endless_chunked(stop: threading.Event) -> Callable[[FeedHandler], None]:
    def handle(h: FeedHandler) -> None:
        try:
            h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"x" * 65536
            while not stop.is_set():
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass
        h.close_connection = True
    return handle


def redirect(location: str, status: int = 302) -> Callable[[FeedHandler], None]:
    return raw(f"{status} Moved", {"Location": location, "Content-Length": "0"})


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (parse workers run under the forkserver, a grandchild)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory so far (VmHWM), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return 0.0


def workers_peak_mb() -> float:
    """The largest peak resident memory of any process this one started (the parse workers)."""
    return max((peak_rss_mb(pid) for pid in descendants(os.getpid())), default=0.0)


class RssSampler:
    """Peak resident memory of this process while a block runs (sampled every 5 ms)."""

    def __init__(self) -> None:
        self.peak = 0
        self.base = self.rss()
        self._stop = threading.Event()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> "RssSampler":
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.thread.join()

    @property
    def growth_mb(self) -> float:
        return max(0, self.peak - self.base) / 1e6
