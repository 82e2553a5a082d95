"""Where the cold cycle's time goes: ``newswatch run --once`` as bench/peers.py runs it (same farm,
same config, a mailto subscriber for every rule), sampled by py-spy.

    pip install -e ".[bench]"    (py-spy comes with the bench extra)
    python bench/profile_cycle.py [--cycle cold|warm] [--feeds 1000] [--entries 50] [--rate 200] [--top 40] [--native]

Prints the functions with the most samples, inclusive (on the stack) and on top (running), as a
share of all samples of the main thread and of every thread, then the cycle's summary line. The
collapsed stacks are kept in the run's folder (``--keep``) for a closer look.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from farm import Farm, FarmSpec  # noqa: E402
from peers import newswatch_command, newswatch_prepare  # noqa: E402
from sinks import SinkProcess  # noqa: E402


def profile(folder: Path, rate: int, native: bool, gil: bool, cycle: str = "cold") -> Path:
    out = folder / "stacks.txt"
    env = {**os.environ, "HOME": str(folder), "NO_COLOR": "1"}
    spy = [str(Path(sys.executable).parent / "py-spy"), "record", "--format", "raw", "--rate", str(rate), "--threads",
           "--output", str(out), *(["--native"] if native else []), *(["--gil"] if gil else []), "--"]
    cmd = [*(spy if rate else []), *newswatch_command(folder)]
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    with open(folder / f"{cycle}.log", "wb") as log:
        subprocess.run(cmd, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"{cycle} cycle{' (profiled)' if rate else ''}: {time.perf_counter() - started:.1f} s wall, {cpu:.1f} s CPU "
          "(newswatch and its parse workers)", flush=True)
    return out


def frame_name(frame: str) -> str:
    """'func (path/to/module.py:123)' -> 'module.py:func' (line numbers dropped)."""
    name, _, where = frame.partition(" (")
    return f"{where.split(':')[0].rsplit('/', 1)[-1]}:{name}"


def summarize(stacks: Path, top: int) -> None:
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    threads: collections.Counter[str] = collections.Counter()
    total = 0
    for line in stacks.read_text().splitlines():
        path, _, count = line.rpartition(" ")
        frames = path.split(";")
        n = int(count)
        total += n
        threads[frames[0].split("): ")[-1].rstrip("0123456789").rstrip("_")] += n
        names = [frame_name(f) for f in frames[1:]]
        for name in set(names):
            inclusive[name] += n
        if names:
            own[names[-1]] += n
    print(f"{total} samples; by thread: " + ", ".join(f"{t} {n / total:.0%}" for t, n in threads.most_common(6)))
    print(f"\n{'inclusive':>9} {'own':>6}  function")
    for name, n in inclusive.most_common(top):
        print(f"{n / total:>9.1%} {own[name] / total:>6.1%}  {name}")
    print(f"\n{'own':>6}  function (most samples on top of the stack)")
    for name, n in own.most_common(top):
        print(f"{n / total:>6.1%}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--rate", type=int, default=200, help="samples per second (0: no profile, the cycle alone)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--native", action="store_true", help="C frames too (py-spy --native)")
    parser.add_argument("--gil", action="store_true", help="only the thread holding the GIL (py-spy --gil): CPU "
                        "spent in Python, not threads waiting for it")
    parser.add_argument("--cycle", choices=("cold", "warm"), default="cold",
                        help="warm: run the cold cycle first (unprofiled), then profile the next one (every feed 304)")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder; print its path")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nw-profile-"))
    spec = FarmSpec(feeds=args.feeds, entries=args.entries, hosts=args.hosts)
    with Farm(spec, work / "farm") as farm, SinkProcess(["smtp"]) as smtp:
        folder = work / "newswatch"
        folder.mkdir(parents=True)
        newswatch_prepare(folder, farm.urls(), smtp.port)
        if args.cycle == "warm":
            profile(folder, 0, False, False)
        stacks = profile(folder, args.rate, args.native, args.gil, args.cycle)
    if args.rate:
        summarize(stacks, args.top)
    summary = [line for line in (folder / f"{args.cycle}.log").read_text(errors="replace").splitlines() if "run --once:" in line]
    print("\n" + (summary[-1] if summary else "(no summary line)"))
    if args.keep:
        print(f"kept: {work}")
    else:
        subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
