"""Side by side with the tools people use today (issue 13): reader 3.26, rss2email 3.14 and
``newswatch run --once``, each run as a whole process on one local feed farm.

    pip install -e '.[bench]'
    python bench/peers.py [--feeds 1000] [--entries 50] [--runs 3] [--tools newswatch,reader,rss2email]
                          [--daemon-feeds 1000,10000] [--daemon-entries 50] [--cycles cold,warm]

Every run starts each tool on fresh state (unmeasured set-up: database, feed list), then measures

  cold   the first update: every feed answers 200 with --entries new entries
  warm   the next update: every feed answers 304 (each tool sends its stored ETag)

(``--cycles warm``: each tool's cold cycle runs once, unmeasured, and every run's warm cycle
starts from a copy of the state it left, in the same folder, as a cron job's next run would:
the cold cycles take most of a run's time) as wall
time, CPU time (user + system of the process and all its descendants) and peak memory
(summed RSS of the process tree, sampled; the same summed as PSS, which counts a page shared by
several processes, such as a forkserver's with its workers, once in all rather than once in each;
and the largest single process), and prints medians
over --runs with the ratio of each tool to newswatch (above 1: newswatch is faster).

How each tool is configured (fairly: its defaults, except what the farm needs):
  newswatch  ``newswatch run --once``, the shipped rules, ``per_host = 16`` and
             ``concurrency = 16`` (reader's 16 workers), a mailto:// subscriber for every rule on
             the local SMTP sink, SQLite, log level info (its default), on uvloop's event loop (the
             ``speed`` extra, which the ``bench`` extra installs).
  reader     ``python -m reader update --workers 16 --no-scheduled -v``: 16 fetch threads, every
             feed updated whatever its schedule (by default reader skips feeds updated within the
             hour, which would make the warm cycle a no-op); default plugins; SQLite.
  rss2email  ``r2e run``: its defaults (sequential fetches, one e-mail per new entry, log level
             info) with ``email-protocol = smtp`` to the local SMTP sink (one SMTP connection per
             message, as rss2email does). It mails every new entry: it has no keyword filter.
All traffic stays on loopback: the farm (bench/farm.py) on 50 addresses 127.0.0.1-50, the SMTP
sink (bench/sinks.py, discards) on 127.0.0.1. HOME points at the run's folder so no user
configuration is read.

Then the daemon's own cycle without start-up (bench/poll.py, in-process, per_host 16,
concurrency 16) for each of --daemon-feeds, and its memory at the largest.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from farm import Farm, FarmSpec  # noqa: E402
from measure import Usage, run_measured  # noqa: E402
from sinks import SinkProcess  # noqa: E402

CYCLES = ("cold", "warm")
WORKERS = 16
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Tool:
    name: str
    label: str
    prepare: Callable[[Path, list[str], int], None]   # folder, feed urls, smtp port
    command: Callable[[Path], list[str]]
    check: Callable[[Path, str, Path], str]           # folder, cycle, log -> problem or ""


# -- newswatch ------------------------------------------------------------------------------

def newswatch_prepare(folder: Path, urls: list[str], smtp_port: int) -> None:
    shutil.copytree(ROOT / "rules", folder / "rules")
    lines = ["[watch]", 'database = "sqlite:///newswatch.db"', "[fetch]", "allow_private_networks = true",
             f"per_host = {WORKERS}", f"concurrency = {WORKERS}", 'timeout = "60s"',
             "[[subscribers]]", 'id = "desk"',
             f'urls = ["mailto://127.0.0.1:{smtp_port}?from=newswatch@example.org&to=desk@example.org"]']
    for i, url in enumerate(urls):
        lines += ["[[feeds]]", f'id = "f{i}"', f'url = "{url}"']
    (folder / "config.toml").write_text("\n".join(lines) + "\n")


def newswatch_command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "watcher", "--config", str(folder / "config.toml"), "run", "--once"]


def newswatch_check(folder: Path, cycle: str, log: Path) -> str:
    text = log.read_text(errors="replace")
    summary = next((line for line in text.splitlines() if "run --once:" in line and "feeds polled" in line), "")
    failed = re.search(r"\((\d+) failed", summary)
    if not failed or failed.group(1) != "0" or (cycle == "warm" and " 0 new entries" not in summary):
        return f"newswatch {cycle}: unexpected summary {summary or text[-300:]!r}"
    return ""


# -- reader ---------------------------------------------------------------------------------

def reader_prepare(folder: Path, urls: list[str], smtp_port: int) -> None:
    from reader import make_reader
    reader = make_reader(str(folder / "reader.sqlite"))
    for url in urls:
        reader.add_feed(url)
    reader.close()


def reader_command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "reader", "--db", str(folder / "reader.sqlite"),
            "update", "--workers", str(WORKERS), "--no-scheduled", "-v"]


def reader_check(folder: Path, cycle: str, log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if "\thttp://" in line]
    unchanged = sum("not modified" in line for line in lines)
    new = sum(" new, " in line and not line.split("\t")[-1].startswith("0 new") for line in lines)
    wanted = len(lines) if cycle == "warm" else 0
    if not lines or unchanged != wanted or (cycle == "cold" and new != len(lines)):
        return f"reader {cycle}: {len(lines)} feeds, {unchanged} not modified, {new} with new entries"
    return ""


# -- rss2email ------------------------------------------------------------------------------

def r2e_prepare(folder: Path, urls: list[str], smtp_port: int) -> None:
    from rss2email.feeds import Feeds
    config = folder / "r2e.cfg"
    config.write_text("[DEFAULT]\nfrom = r2e@example.org\nto = desk@example.org\nemail-protocol = smtp\n"
                      f"smtp-server = 127.0.0.1\nsmtp-port = {smtp_port}\n")
    feeds = Feeds(configfiles=[str(config)], datafile_path=str(folder / "r2e.json"))
    feeds.load(require=False)
    for i, url in enumerate(urls):
        feeds.new_feed(name=f"f{i}", url=url)
    feeds.save_config()
    feeds.save_feeds()


def r2e_command(folder: Path) -> list[str]:
    return [str(BIN / "r2e"), "-c", str(folder / "r2e.cfg"), "-d", str(folder / "r2e.json"), "run"]


def r2e_check(folder: Path, cycle: str, log: Path) -> str:
    text = log.read_text(errors="replace")
    errors = [line for line in text.splitlines() if "ERROR" in line or "Traceback" in line]
    return f"rss2email {cycle}: {errors[0]}" if errors else ""


TOOLS = {
    "newswatch": Tool("newswatch", "newswatch run --once", newswatch_prepare, newswatch_command, newswatch_check),
    "reader": Tool("reader", "reader 3.26", reader_prepare, reader_command, reader_check),
    "rss2email": Tool("rss2email", "rss2email 3.14", r2e_prepare, r2e_command, r2e_check),
}


# -- running --------------------------------------------------------------------------------

def run_tool(tool: Tool, folder: Path, urls: list[str], smtp_port: int, cycles: tuple[str, ...] = CYCLES,
             after_cold: Path | None = None) -> dict[str, Usage]:
    """A fresh cold cycle and a warm cycle of ``tool`` (those of ``cycles`` measured); raises when
    a cycle went wrong. ``after_cold``: a copy of the folder an earlier cold cycle left, copied
    back into ``folder`` (where that cold cycle ran: a tool may keep paths or caches keyed by its
    folder, as a cron job finds them) instead of running the cold cycle again."""
    if after_cold is not None:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(after_cold, folder, ignore=shutil.ignore_patterns("*.log"))
    else:
        folder.mkdir(parents=True)
        tool.prepare(folder, urls, smtp_port)
    # byte code cached as installed packages have it (PYTHONDONTWRITEBYTECODE would make every
    # newswatch start compile its own modules, while the peers' come compiled from pip)
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "HOME": str(folder),
           "NO_COLOR": "1"}
    usages = {}
    for cycle in CYCLES[1:] if after_cold is not None else CYCLES:
        log = folder / f"{cycle}.log"
        usage = run_measured(tool.command(folder), cwd=folder, env=env, log=log)
        problem = tool.check(folder, cycle, log) if usage.returncode == 0 else f"{tool.name} {cycle}: exit {usage.returncode}"
        if problem:
            raise RuntimeError(f"{problem} (log: {log})")
        if cycle in cycles:
            usages[cycle] = usage
    return usages


def cold_once(tool: Tool, folder: Path, urls: list[str], smtp_port: int) -> Path:
    """The state ``tool`` leaves after one cold cycle (unmeasured) in ``folder``, for ``--cycles
    warm``: a copy of it (``folder`` + "-after-cold"), which every warm run copies back into
    ``folder``."""
    folder.mkdir(parents=True)
    tool.prepare(folder, urls, smtp_port)
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "HOME": str(folder),
           "NO_COLOR": "1"}
    log = folder / "cold.log"
    usage = run_measured(tool.command(folder), cwd=folder, env=env, log=log)
    problem = tool.check(folder, "cold", log) if usage.returncode == 0 else f"{tool.name} cold: exit {usage.returncode}"
    if problem:
        raise RuntimeError(f"{problem} (log: {log})")
    snapshot = folder.with_name(folder.name + "-after-cold")
    shutil.copytree(folder, snapshot)
    return snapshot


def run_peers(args: argparse.Namespace, work: Path) -> dict[str, dict[str, list[Usage]]]:
    spec = FarmSpec(feeds=args.feeds, entries=args.entries, hosts=args.hosts)
    results: dict[str, dict[str, list[Usage]]] = {t: {c: [] for c in args.cycles} for t in args.tools}
    with Farm(spec, work) as farm, SinkProcess(["smtp"]) as smtp:
        after_cold = ({name: cold_once(TOOLS[name], work / f"warm-{name}", farm.urls(), smtp.port) for name in args.tools}
                      if "cold" not in args.cycles else {})
        for run in range(args.runs):
            for name in args.tools:   # interleaved, so a busy moment does not hit one tool only
                folder = work / (f"warm-{name}" if name in after_cold else f"run{run}-{name}")
                usages = run_tool(TOOLS[name], folder, farm.urls(), smtp.port, args.cycles, after_cold.get(name))
                for cycle, usage in usages.items():
                    results[name][cycle].append(usage)
                print(f"  run {run + 1}: {name:<10} " + "  ".join(
                    f"{c} {u.wall:.1f}s wall {u.cpu:.1f}s CPU" for c, u in usages.items()), flush=True)
    return results


def daemon_cycles(feeds: int, entries: int, hosts: int) -> dict[str, object]:
    """bench/poll.py in its own process (so each size's memory stands alone)."""
    cmd = [sys.executable, str(ROOT / "bench" / "poll.py"), "--feeds", str(feeds), "--entries", str(entries),
           "--hosts", str(hosts), "--per-host", str(WORKERS), "--concurrency", str(WORKERS), "--repeat", "3", "--json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# -- the tables -----------------------------------------------------------------------------

def median(usages: list[Usage], field: str) -> float:
    return statistics.median(getattr(u, field) for u in usages)


def print_peers(args: argparse.Namespace, results: dict[str, dict[str, list[Usage]]]) -> None:
    print(f"\n{args.feeds:,} feeds x {args.entries} entries on {args.hosts} loopback hosts; medians of "
          f"{args.runs} run(s); ratio = tool / newswatch (above 1: newswatch is faster)\n")
    print(f"{'cycle':<5} {'tool':<22} {'wall s':>7} {'CPU s':>7} {'tree RSS MiB':>12} {'tree PSS MiB':>12} {'max RSS MiB':>11} "
          f"{'wall ratio':>10} {'CPU ratio':>9}")
    for cycle in args.cycles:
        base = results.get("newswatch", {}).get(cycle)
        for name in args.tools:
            runs = results[name][cycle]
            wall, cpu = median(runs, "wall"), median(runs, "cpu")
            ratio = (f"{wall / median(base, 'wall'):>10.2f} {cpu / median(base, 'cpu'):>9.2f}" if base
                     else f"{'-':>10} {'-':>9}")
            print(f"{cycle:<5} {TOOLS[name].label:<22} {wall:>7.2f} {cpu:>7.2f} {median(runs, 'tree_rss_mib'):>12.0f} "
                  f"{median(runs, 'tree_pss_mib'):>12.0f} {median(runs, 'max_rss_mib'):>11.0f} {ratio}")


def print_daemon(rows: list[dict[str, object]]) -> None:
    print("\ndaemon cycle without start-up (bench/poll.py, in-process, per_host 16, concurrency 16, "
          f"{rows[0].get('loop', '?')}'s event loop as the daemon runs, medians of 3 for the warm cycles)\n")
    print(f"{'feeds':>7} {'cycle':<14} {'wall s':>7} {'CPU s':>7} {'feeds/s':>8}")
    for row in rows:
        for name, c in row["cycles"].items():  # type: ignore[attr-defined]
            print(f"{row['feeds']:>7,} {name:<14} {c['wall']:>7.2f} {c['cpu']:>7.2f} {c['feeds_per_s']:>8,.0f}")
    last = rows[-1]
    print(f"\nmemory at {last['feeds']:,} feeds: daemon process {last['rss_after_mib']:.0f} MiB after the cycles, "
          f"peak {last['rss_peak_mib']:.0f} MiB; largest parse worker peak {last['worker_peak_mib']:.0f} MiB")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3, help="cold+warm runs per tool (medians)")
    parser.add_argument("--tools", default="newswatch,reader,rss2email", help="comma-separated subset")
    parser.add_argument("--daemon-feeds", default="1000,10000", help="feed counts for the in-process cycle ('' skips)")
    parser.add_argument("--daemon-entries", type=int, help="entries per feed there (default --entries)")
    parser.add_argument("--cycles", default="cold,warm",
                        help="cycles measured: cold,warm or warm (then each tool's cold cycle runs once, "
                             "unmeasured, and every run's warm cycle starts from a copy of its state)")
    parser.add_argument("--keep", action="store_true", help="keep each run's folder (state and logs); print its path")
    args = parser.parse_args()
    wanted = {c for c in args.cycles.split(",") if c}
    if not wanted or wanted - set(CYCLES):
        parser.error(f"--cycles: one or both of {', '.join(CYCLES)}")
    args.cycles = tuple(c for c in CYCLES if c in wanted)
    args.tools = [t for t in args.tools.split(",") if t]
    unknown = set(args.tools) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(sorted(unknown))} (known: {', '.join(TOOLS)})")
    args.daemon_feeds = [int(n) for n in args.daemon_feeds.split(",") if n]
    return args


def main() -> None:
    args = parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    work = Path(tempfile.mkdtemp(prefix="nw-peers-"))
    try:
        results = run_peers(args, work) if args.tools else {}
    finally:
        if args.keep:
            print(f"runs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if results:
        print_peers(args, results)
    rows = [daemon_cycles(n, args.daemon_entries or args.entries, args.hosts) for n in args.daemon_feeds]
    if rows:
        print_daemon(rows)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
