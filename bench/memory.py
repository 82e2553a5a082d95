"""Where newswatch's memory goes (issue 13: peak RSS at 1,000 feeds), in three tables.

    pip install -e '.[bench]'
    python bench/memory.py [--feeds 1000] [--entries 50] [--skip-cycle] [--skip-index]

1. start-up, step by step, in a fresh interpreter: RSS after the imports of ``run``, loading
   config.toml and the rules, opening the runtime on a new database (migrations), the story
   index with an empty window (its word-frequency prior), the parse pool;
2. the cold cycle of bench/peers.py (``newswatch run --once`` on a new database, every feed of
   the local farm new, a mailto subscriber on the local SMTP sink) as a whole process: each
   process's peak RSS, and the tree's peak RSS and PSS summed (sampled every 0.25 s);
3. the story index's own share: the window that cycle stored, read back and indexed again in
   a fresh interpreter as a restart does (every row read, then indexed: RSS for each), and
   again reading 5,000 rows at a time (the RSS it grows by: the index's own).

RSS counts a page shared by a forkserver and the workers forked from it once in each; PSS
divides it among them. Needs the ``bench`` extra (psutil).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from farm import Farm, FarmSpec  # noqa: E402
from measure import _pss  # noqa: E402
from peers import newswatch_command, newswatch_prepare  # noqa: E402
from sinks import SinkProcess  # noqa: E402

# each step prints "step<TAB>RSS MiB"; run in a fresh interpreter from the run's folder
STARTUP = r"""
import asyncio, sys
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmRSS"))
print(f"interpreter\t{rss()}")
from watcher.cli.loading import validate
from watcher.daemon import Daemon, prepare_renderer
from watcher.daemon.runtime import open_runtime
from watcher.pipeline import utcnow
print(f"imports of run (watcher.daemon, storage, ...)\t{rss()}")
config, ruleset, problems = validate(sys.argv[1])
assert not problems, problems
prepare_renderer(config)
daemon = Daemon(config, ruleset)
print(f"config.toml, rules, destinations\t{rss()}")
async def main():
    async with open_runtime(daemon.config, daemon.ruleset, daemon.hooks, daemon.preflight) as rt:
        print(f"runtime: new database (migrations), client\t{rss()}")
        await rt.stories.current(rt.db.run, rt.store, utcnow())
        print(f"story index, empty window (the prior)\t{rss()}")
        await rt.polling.fetcher.parser.start()
        print(f"parse pool started (this process)\t{rss()}")
asyncio.run(main())
"""

INDEX = r"""
import ctypes, gc, sys
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmRSS"))
from storage import open_store
from watcher.pipeline import utcnow
from watcher.pipeline.stories import _rebuild, member_text
from watcher.stories import Limits, StoryIndex, extract_features
StoryIndex()                                 # the prior, as every index has it
gc.collect()
ctypes.CDLL(None).malloc_trim(0)
store, now, start = open_store(sys.argv[1], readonly=True), utcnow(), rss()
if sys.argv[2] == "at-once":                 # as a restart does: every row of the window, then the index
    members = store.story_members(now - Limits().window)
    read = rss()
    index = _rebuild(members, now, Limits())
    print(f"{len(members.members)}\t{len(index)}\t{read - start}\t{rss() - read}")
else:                                        # 5,000 rows at a time: the index's own growth
    index, last, n = StoryIndex(Limits()), 0, 0
    while True:
        chunk = store.story_members(now - Limits().window, last, 5000).members
        for m in chunk:
            index.add(m.story_id, extract_features(member_text(m)), m.first_seen_at, m.feed_id)
        n += len(chunk)
        if len(chunk) < 5000:
            break
        last = chunk[-1].entry_id
    print(f"{n}\t{len(index)}\t0\t{rss() - start}")
"""


def startup(folder: Path) -> list[tuple[str, float]]:
    out = subprocess.run([sys.executable, "-c", STARTUP, str(folder / "config.toml")], cwd=folder, check=True,
                         capture_output=True, text=True).stdout
    return [(name, float(mib)) for name, mib in (line.split("\t") for line in out.splitlines() if "\t" in line)]


def cycle(folder: Path) -> tuple[dict[str, float], float, float, float]:
    """Run the cold cycle; each process's peak RSS (by role), the tree's peak RSS and PSS, wall."""
    env = {**os.environ, "HOME": str(folder), "NO_COLOR": "1"}
    started = time.perf_counter()
    with open(folder / "cold.log", "wb") as log:
        proc = subprocess.Popen(newswatch_command(folder), cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        root = psutil.Process(proc.pid)
        peaks: dict[str, float] = {}
        tree_rss = tree_pss = 0.0
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                sizes = {p.pid: (role(p, root), p.memory_info().rss / 2**20) for p in tree}
            except psutil.NoSuchProcess:
                continue
            for name, mib in sizes.values():
                if name != "other":      # gone while sampled
                    peaks[name] = max(peaks.get(name, 0.0), mib)
            tree_rss = max(tree_rss, sum(mib for _, mib in sizes.values()))
            tree_pss = max(tree_pss, sum(_pss(pid) for pid in sizes) / 2**20)
            time.sleep(0.25)
    if proc.returncode != 0:
        raise RuntimeError(f"run --once exited {proc.returncode} (log: {folder / 'cold.log'})")
    return peaks, tree_rss, tree_pss, time.perf_counter() - started


def role(proc: psutil.Process, root: psutil.Process) -> str:
    """What a process of the tree is: the main process, the forkserver, a parse worker (forked
    from it), multiprocessing's resource tracker, or a child forked from the main process."""
    if proc.pid == root.pid:
        return "newswatch (main process)"
    try:
        cmd, parent = " ".join(proc.cmdline()), proc.ppid()
        forkserver = "multiprocessing.forkserver" in " ".join(psutil.Process(parent).cmdline())
    except psutil.Error:
        return "other"
    if forkserver:
        return f"parse worker {proc.pid}"
    if "multiprocessing.forkserver" in cmd:
        return "forkserver"
    if "resource_tracker" in cmd:
        return "resource tracker"
    return f"forked from main, pid {proc.pid}" if parent == root.pid else f"other, pid {proc.pid}"


def index_share(folder: Path) -> str:
    def run(how: str) -> list[str]:
        out = subprocess.run([sys.executable, "-c", INDEX, "sqlite:///" + str(folder / "newswatch.db"), how],
                             cwd=folder, check=True, capture_output=True, text=True).stdout
        return out.strip().splitlines()[-1].split("\t")
    n, stories, read, built = run("at-once")
    own = float(run("streamed")[3])
    return (f"{int(n):,} entries in the window, {int(stories):,} stories\n"
            f"  as a restart builds it: the stored rows, read at once     +{float(read):6.1f} MiB\n"
            f"                          the index built from them         +{float(built):6.1f} MiB\n"
            f"  the index alone (rows read 5,000 at a time)               +{own:6.1f} MiB "
            f"= {own * 2**20 / max(1, int(n)):,.0f} bytes an entry")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--skip-cycle", action="store_true", help="start-up table only")
    parser.add_argument("--skip-index", action="store_true", help="no story index table")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nw-memory-"))
    try:
        with Farm(FarmSpec(feeds=args.feeds, entries=args.entries, hosts=args.hosts), work / "farm") as farm, \
                SinkProcess(["smtp"]) as smtp:
            for name in ("startup", "cycle"):
                (work / name).mkdir()
                newswatch_prepare(work / name, farm.urls(), smtp.port)
            print(f"1. start-up of run --once, {args.feeds:,} feeds, new database (RSS of the process)\n")
            last = 0.0
            for step, mib in startup(work / "startup"):
                print(f"  {step:<46} {mib:6.1f} MiB  {'+' if mib >= last else ''}{mib - last:5.1f}")
                last = mib
            if args.skip_cycle:
                return
            peaks, tree_rss, tree_pss, wall = cycle(work / "cycle")
        print(f"\n2. cold cycle, {args.feeds:,} feeds x {args.entries} entries, run --once ({wall:.0f} s wall): "
              "peak RSS by process\n")
        for name, mib in sorted(peaks.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<28} {mib:6.1f} MiB")
        print(f"  {'tree, RSS summed':<28} {tree_rss:6.1f} MiB\n  {'tree, PSS summed':<28} {tree_pss:6.1f} MiB")
        if not args.skip_index:
            print("\n3. the story index's own share (the cycle's window indexed again, as at a restart)\n")
            print("  " + index_share(work / "cycle"))
    finally:
        subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
