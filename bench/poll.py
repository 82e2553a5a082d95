"""Polling benchmark: the daemon's own poll cycle (no start-up) through the real pipeline.

    python bench/poll.py [--feeds 1000] [--hosts 50] [--entries 50] [--repeat 3]
                         [--per-host 2] [--concurrency 64] [--json]

The feeds come from a local farm (bench/farm.py, processes of its own) on 50 loopback
addresses, so the per-host cap applies as it would on the web. The daemon is started in this
process (database, parse pool, client), then three cycles poll every feed once:

  cold           every feed answers 200 with new entries: fetch, parse (worker pool), match,
                 cluster, record
  unchanged 304  the farm answers If-None-Match with 304
  ignores 304    the farm sends the same 200 body again: skipped by body hash, not parsed

Prints the median wall time and CPU time (user + system of this process and its parse workers;
--repeat runs for the warm cycles), feeds/s, and memory: this process's RSS after the cycles and
at its peak, and the largest parse worker's peak. ``--json`` prints one JSON line instead
(bench/peers.py reads it). Needs the ``bench`` extra (psutil).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from farm import Farm, FarmSpec  # noqa: E402

from watcher.cli.run import run_loop  # noqa: E402

CYCLES = ("cold", "unchanged 304", "ignores 304")


@dataclass
class CycleTimes:
    wall: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CYCLES})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CYCLES})


def write_config(folder: Path, urls: list[str], per_host: int, concurrency: int) -> Path:
    """A config.toml for the farm's feeds with the shipped rules; no subscribers."""
    shutil.copytree(ROOT / "rules", folder / "rules")
    lines = ["[watch]", 'database = "sqlite:///bench.db"', "[fetch]", "allow_private_networks = true",
             f"concurrency = {concurrency}", f"per_host = {per_host}", 'timeout = "60s"']
    for i, url in enumerate(urls):
        lines += ["[[feeds]]", f'id = "f{i}"', f'url = "{url}"']
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def workers(farm: Farm) -> list[psutil.Process]:
    """This process's children other than the farm: the parse workers."""
    return [c for c in psutil.Process().children() if c.pid != farm.pid]


def cpu_seconds(farm: Farm) -> float:
    """CPU time (user + system) of this process and its parse workers."""
    total = 0.0
    for proc in [psutil.Process(), *workers(farm)]:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def peak_rss_mib(pid: int | str = "self") -> float:
    """The peak resident set (VmHWM) of a live process, in MiB."""
    with open(f"/proc/{pid}/status") as f:
        line = next(line for line in f if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def current_rss_mib() -> float:
    return psutil.Process().memory_info().rss / 2**20


async def cycles(config_path: Path, repeat: int, farm: Farm) -> tuple[CycleTimes, dict[str, Any]]:
    from watcher.config import load_config
    from watcher.daemon import open_runtime
    from watcher.pipeline import load_checked, poll_many

    config = load_config(config_path)
    result, problems = load_checked(config.rules_dir, [f.id for f in config.feeds], config.feed_tags())
    assert not problems, problems[:3]
    runtime = open_runtime(config, result.ruleset)
    rt = await runtime.__aenter__()
    ids = [f.id for f in config.feeds]
    times = CycleTimes()

    async def one(name: str) -> None:
        now = rt.clock()
        states = await rt.db.run(rt.store.claim_due_feeds, ids, now, rt.owner, now + timedelta(minutes=10),
                                 all_due=True, limit=len(ids))
        started, cpu = time.perf_counter(), cpu_seconds(farm)
        reports = await poll_many(rt.polling, states)
        times.wall[name].append(time.perf_counter() - started)
        times.cpu[name].append(cpu_seconds(farm) - cpu)
        bad = [r for r in reports if r.status == "error"]
        assert not bad and len(reports) == len(ids), (len(reports), bad[:3])

    try:
        await one("cold")
        for _ in range(repeat):
            await one("unchanged 304")
        farm.set_mode("ignore")
        for _ in range(repeat):
            await one("ignores 304")
        memory: dict[str, Any] = {"loop": type(asyncio.get_running_loop()).__module__.split(".")[0],
                                  "rss_after_mib": current_rss_mib(), "rss_peak_mib": peak_rss_mib(),
                                  "worker_peak_mib": max((peak_rss_mib(w.pid) for w in workers(farm)), default=0.0)}
    finally:
        await runtime.__aexit__(None, None, None)
    return times, memory


def summary(args: argparse.Namespace, times: CycleTimes, memory: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"feeds": args.feeds, "entries": args.entries, "hosts": args.hosts,
                              "per_host": args.per_host, "concurrency": args.concurrency, "cycles": {}}
    for name in CYCLES:
        wall, cpu = statistics.median(times.wall[name]), statistics.median(times.cpu[name])
        result["cycles"][name] = {"runs": len(times.wall[name]), "wall": wall, "cpu": cpu,
                                  "feeds_per_s": args.feeds / wall}
    result.update(memory)
    return result


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['feeds']:,} feeds on {result['hosts']} loopback hosts, {result['entries']} entries each, "
          f"per_host={result['per_host']}, concurrency={result['concurrency']}, parse workers=2, "
          f"{result['loop']}'s event loop\n")
    print(f"{'cycle':<15} {'runs':>4} {'median s':>9} {'CPU s':>7} {'feeds/s':>9}")
    for name, c in result["cycles"].items():
        print(f"{name:<15} {c['runs']:>4} {c['wall']:>9.2f} {c['cpu']:>7.2f} {c['feeds_per_s']:>9,.0f}")
    print(f"\nmemory: daemon process {result['rss_after_mib']:.0f} MiB after the cycles, peak "
          f"{result['rss_peak_mib']:.0f} MiB; largest parse worker peak {result['worker_peak_mib']:.0f} MiB")
    print_headroom(result)


def print_headroom(result: dict[str, Any], feeds: int = 10_000, every_s: float = 900.0, cores: int = 2) -> None:
    """What polling ``feeds`` feeds every ``every_s`` seconds costs, from this run's CPU per feed."""
    rate = feeds / every_s
    print(f"\n{feeds:,} feeds every {every_s / 60:.0f} min = {rate:.1f} polls/s; CPU it needs at this run's cost per poll:")
    print(f"{'every poll is':<24} {'CPU ms/poll':>11} {'share of 1 core':>16} {f'headroom on {cores} cores':>19}")
    for name, label in (("unchanged 304", "a 304"), ("ignores 304", "an unchanged 200"), ("cold", "a changed feed")):
        per = result["cycles"][name]["cpu"] / result["feeds"]
        share = per * rate
        print(f"{label:<24} {per * 1000:>11.2f} {share:>15.1%} {1 - share / cores:>18.1%}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each warm cycle (median)")
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of the table")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    logging.basicConfig(level=logging.ERROR)
    spec = FarmSpec(feeds=args.feeds, entries=args.entries, hosts=args.hosts)
    with tempfile.TemporaryDirectory(prefix="nw-poll-") as tmp, Farm(spec, Path(tmp)) as farm:
        config = write_config(Path(tmp), farm.urls(), args.per_host, args.concurrency)
        os.chdir(tmp)
        # the event loop `newswatch run` picks (uvloop when installed, asyncio's without it or with
        # NEWSWATCH_UVLOOP=0); asyncio.run measured asyncio's whatever was installed
        times, memory = run_loop(cycles(config, args.repeat, farm))
        result = summary(args, times, memory)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
