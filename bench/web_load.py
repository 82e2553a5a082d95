"""Does the HTTP server slow polling? Poll rounds of local feeds with the server idle, then with
a separate process hammering /, /metrics, /readyz and /alerts.json with 32 concurrent clients.

    python bench/web_load.py [--feeds 500] [--hosts 50] [--repeat 3] [--clients 32]

Feeds come from the local farm (bench/farm.py, processes of its own) as in bench/poll.py. The "unchanged 304"
and "ignores 304" rounds are the ones that live on the event loop (no parsing), so they show
any time the server takes from it. Prints median round seconds per cycle, requests answered per
second under load, and the page's latency percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from farm import Farm, FarmSpec  # noqa: E402
from poll import write_config  # noqa: E402

LOAD = r'''
import asyncio, sys, time, aiohttp
base, clients = sys.argv[1], int(sys.argv[2])
paths = ["/", "/metrics", "/readyz", "/alerts.json"]
latencies, count = [], 0
async def client(i):
    global count
    async with aiohttp.ClientSession() as s:
        while True:
            path = paths[i % len(paths)] if i % 2 else "/"
            started = time.perf_counter()
            async with s.get(base + path) as r:
                await r.read()
            if path == "/":
                latencies.append(time.perf_counter() - started)
            count += 1
async def main():
    tasks = [asyncio.create_task(client(i)) for i in range(clients)]
    started = time.perf_counter()
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    elapsed = time.perf_counter() - started
    lat = sorted(latencies) or [0.0]
    print(f"{count / elapsed:.0f} {lat[len(lat) // 2] * 1000:.1f} {lat[int(len(lat) * 0.95)] * 1000:.1f}", flush=True)
asyncio.run(main())
'''


async def rounds(config_path: Path, repeat: int, farm: Farm, clients: int) -> tuple[dict[str, list[float]], str]:
    from watcher.config import load_config
    from watcher.daemon import open_runtime
    from watcher.pipeline import load_checked, poll_many
    from watcher.web.server import WebServer

    config = load_config(config_path)
    result, problems = load_checked(config.rules_dir, [f.id for f in config.feeds], config.feed_tags())
    assert not problems
    runtime = open_runtime(config, result.ruleset)
    rt = await runtime.__aenter__()
    ids = [f.id for f in config.feeds]
    times: dict[str, list[float]] = {}

    async def one(name: str) -> None:
        now = rt.clock()
        states = await rt.db.run(rt.store.claim_due_feeds, ids, now, rt.owner, now + timedelta(minutes=10), all_due=True)
        started = time.perf_counter()
        await poll_many(rt.polling, states)
        times.setdefault(name, []).append(time.perf_counter() - started)

    web = await WebServer(rt).start()
    load = None
    try:
        await one("cold (first poll)")
        for mode, label in (("normal", "unchanged 304"), ("ignore", "ignores 304")):
            farm.set_mode(mode)
            for _ in range(repeat):
                await one(f"{label}, server idle")
            load = subprocess.Popen([sys.executable, "-c", LOAD, f"http://127.0.0.1:{web.port}", str(clients)],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            await asyncio.sleep(1.0)   # let the clients connect
            for _ in range(repeat):
                await one(f"{label}, {clients} clients")
            out, _ = await asyncio.get_running_loop().run_in_executor(None, load.communicate, "stop\n")
            load = None
        return times, out.strip()
    finally:
        if load is not None:
            load.kill()
        await web.close()
        await runtime.__aexit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    spec = FarmSpec(feeds=args.feeds, entries=args.entries, hosts=args.hosts)
    with tempfile.TemporaryDirectory(prefix="nw-webload-") as tmp, Farm(spec, Path(tmp)) as farm:
        config = write_config(Path(tmp), farm.urls(), 2, 64)
        with config.open("a") as f:
            f.write('[http]\nlisten = "127.0.0.1:0"\n')
        os.chdir(tmp)
        import logging
        logging.basicConfig(level=logging.ERROR)
        times, load = asyncio.run(rounds(config, args.repeat, farm, args.clients))
    print(f"{args.feeds} feeds on {args.hosts} loopback hosts; HTTP load: {args.clients} clients in another process\n")
    print(f"{'cycle':<32} {'runs':>4} {'median s':>9} {'feeds/s':>9}")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"{name:<32} {len(runs):>4} {median:>9.2f} {args.feeds / median:>9,.0f}")
    rate, p50, p95 = load.split()
    print(f"\nunder load (last loaded cycle): {rate} requests/s answered; status page p50 {p50} ms, p95 {p95} ms")


if __name__ == "__main__":
    main()
