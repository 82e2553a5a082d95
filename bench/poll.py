"""Polling benchmark: 1,000 local feeds through the real pipeline (fetch, parse pool, record).

    python bench/poll.py [--feeds 1000] [--hosts 50] [--entries 50] [--repeat 3]

A local aiohttp server (bench/feedserver.py, another process) serves the feeds from 50
loopback addresses (127.0.0.1-50), so the per-host cap (2) applies as it would on the web.
Three cycles, each polling every feed once:

  cold           every feed answers 200 with 50 new entries: fetch, parse (worker pool),
                 match, record
  unchanged 304  the server answers If-None-Match with 304
  ignores 304    the server sends the same 200 body again: skipped by body hash, not parsed

Prints feeds/s (medians of --repeat runs for the warm cycles) and the peak RSS of the daemon
process and of one parse worker.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_config(folder: Path, port: int, feeds: int, hosts: int) -> Path:
    shutil.copytree(ROOT / "rules", folder / "rules")
    lines = ["[watch]", 'database = "sqlite:///bench.db"', "[fetch]", "allow_private_networks = true",
             "concurrency = 64", "per_host = 2", 'timeout = "30s"']
    for i in range(feeds):
        lines += ["[[feeds]]", f'id = "f{i}"', f'url = "http://127.0.0.{i % hosts + 1}:{port}/feed/{i}.xml"']
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


async def cycles(config_path: Path, repeat: int, port: int) -> dict[str, list[float]]:
    from watcher.config import load_config
    from watcher.daemon import Daemon
    from watcher.pipeline import load_checked, poll_many
    from datetime import timedelta

    config = load_config(config_path)
    result, problems = load_checked(config.rules_dir, [f.id for f in config.feeds], config.feed_tags())
    assert not problems
    daemon = Daemon(config, result.ruleset)
    rt = await daemon._start()
    ids = [f.id for f in config.feeds]
    times: dict[str, list[float]] = {"cold": [], "unchanged 304": [], "ignores 304": []}

    async def one(name: str) -> None:
        now = rt.clock()
        states = await rt.db(rt.store.claim_due_feeds, ids, now, rt.owner, now + timedelta(minutes=10), all_due=True)
        started = time.perf_counter()
        reports = await poll_many(rt, states)
        times[name].append(time.perf_counter() - started)
        bad = [r for r in reports if r.status == "error"]
        assert not bad, bad[:3]

    try:
        await one("cold")
        for _ in range(repeat):
            await one("unchanged 304")
        urllib.request.urlopen(f"http://127.0.0.1:{port}/mode/ignore").read()
        for _ in range(repeat):
            await one("ignores 304")
    finally:
        await daemon._close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "bench" / "feedserver.py"), str(port), str(args.hosts),
                               str(args.feeds), str(args.entries)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        with tempfile.TemporaryDirectory() as tmp:
            config = write_config(Path(tmp), port, args.feeds, args.hosts)
            os.chdir(tmp)
            import logging
            logging.basicConfig(level=logging.ERROR)
            times = asyncio.run(cycles(config, args.repeat, port))
    finally:
        server.terminate()
        server.wait()
    daemon_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.feeds} feeds on {args.hosts} loopback hosts, {args.entries} entries each, per_host=2, "
          f"concurrency=64, parse workers=2\n")
    print(f"{'cycle':<15} {'runs':>4} {'median s':>9} {'feeds/s':>9}")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"{name:<15} {len(runs):>4} {median:>9.2f} {args.feeds / median:>9,.0f}")
    print(f"\npeak RSS: daemon process {daemon_rss:.0f} MB, largest child (parse worker or server) {worker_rss:.0f} MB")


if __name__ == "__main__":
    main()
