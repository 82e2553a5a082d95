"""Local receivers for the benchmarks' notifications, each in a process of its own.

    python bench/sinks.py smtp                       # SMTP on 127.0.0.1:PORT, discards every message
    python bench/sinks.py webhook --log FILE [--delay desk:10:5 ...]

Both print ``ready PORT`` when listening and stop on SIGTERM.

smtp     aiosmtpd; accepts and discards every message (counts them; the count is printed on exit).
webhook  aiohttp; answers every POST to /{subscriber} with 200 and logs one JSON line per POST
         when it arrives: {"t": epoch seconds, "path": subscriber, "key": X-Idempotency-Key,
         "guids": [farm item guids found in the links of the message], "delay": seconds}.
         ``--delay SUB:SECONDS[:EVERY]`` holds every EVERY-th POST to /SUB (default every one)
         SECONDS before answering (a slow destination).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GUID_IN_LINK = re.compile(r"farm\.example/\d+/(nw-\d+)")


@dataclass(frozen=True)
class Delay:
    path: str
    seconds: float
    every: int = 1

    @classmethod
    def parse(cls, text: str) -> "Delay":
        parts = text.split(":")
        if len(parts) not in (2, 3):
            raise argparse.ArgumentTypeError(f"expected SUB:SECONDS[:EVERY], got {text!r}")
        return cls(parts[0], float(parts[1]), int(parts[2]) if len(parts) == 3 else 1)


def guids_in(payload: bytes) -> list[str]:
    """The farm items a message carries, from the links in its text (json:// body or any text)."""
    try:
        data = json.loads(payload)
        text = f"{data.get('title', '')}\n{data.get('message', '')}" if isinstance(data, dict) else payload.decode()
    except (ValueError, UnicodeDecodeError):
        text = payload.decode("utf-8", "replace")
    return list(dict.fromkeys(GUID_IN_LINK.findall(text)))


def listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)
    sock.setblocking(False)
    return sock


async def until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def run_smtp() -> None:
    from aiosmtpd.smtp import SMTP

    class Discard:
        count = 0

        async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,  # noqa: N802
                              responses: list[str]) -> list[str]:
            # one write for the whole multi-line answer: line by line, each client pays a
            # 40 ms delayed-ACK stall per message on loopback, which would dominate rss2email
            session.host_name = hostname
            return ["\r\n".join(responses)]

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            Discard.count += 1
            return "250 OK"

    sock = listening_socket()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Discard(), hostname="127.0.0.1"), sock=sock)
    print(f"ready {sock.getsockname()[1]}", flush=True)
    await until_stopped()
    server.close()
    print(f"received {Discard.count}", flush=True)


async def run_webhook(log_path: str, delays: list[Delay]) -> None:
    from aiohttp import web
    log = open(log_path, "a", encoding="utf-8")
    counts: dict[str, int] = {}

    async def receive(request: web.Request) -> web.Response:
        path = request.match_info["sub"]
        body = await request.read()
        counts[path] = counts.get(path, 0) + 1
        delay = next((d.seconds for d in delays if d.path == path and counts[path] % d.every == 0), 0.0)
        log.write(json.dumps({"t": round(time.time(), 3), "path": path, "delay": delay,
                              "key": request.headers.get("X-Idempotency-Key", ""), "guids": guids_in(body)}) + "\n")
        log.flush()
        if delay:
            await asyncio.sleep(delay)
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=16 * 1024 * 1024)
    app.router.add_post("/{sub}", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = listening_socket()
    await web.SockSite(runner, sock).start()
    print(f"ready {sock.getsockname()[1]}", flush=True)
    await until_stopped()
    await runner.cleanup()
    log.close()


# -- using a sink from another script ---------------------------------------------------------

class SinkProcess:
    """``with SinkProcess(["smtp"]) as sink: sink.port``."""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0
        self.farewell = ""

    def __enter__(self) -> "SinkProcess":
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *self.args],
                                     stdout=subprocess.PIPE, text=True, start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "ready":
            self.proc.kill()
            raise RuntimeError(f"sink {self.args[0]} did not start")
        self.port = int(line[1])
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            out, _ = self.proc.communicate(timeout=30)
            self.farewell = out.strip()


def read_webhook_log(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.endswith("\n")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="kind", required=True)
    sub.add_parser("smtp", help="discarding SMTP server")
    hook = sub.add_parser("webhook", help="recording webhook receiver")
    hook.add_argument("--log", required=True, help="JSON-lines log of every POST")
    hook.add_argument("--delay", type=Delay.parse, action="append", default=[], help="SUB:SECONDS[:EVERY]")
    args = parser.parse_args()
    if args.kind == "smtp":
        asyncio.run(run_smtp())
    else:
        asyncio.run(run_webhook(args.log, args.delay))


if __name__ == "__main__":
    main()
