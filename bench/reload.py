"""Rule reload benchmark: how long a reload of big rule files takes, and how long the event
loop stalls meanwhile (the daemon's fetches and sends run on that loop).

    python bench/reload.py [--files 1 2 4] [--rules-per-file 5600]

Each file holds generated rules of 4-8 made-up names (about 0.9 MB per 5,600 rules). A ticker
task sleeps 10 ms in a loop during `RulesHolder.reload()`; "loop stall" is its largest overshoot.
"inline" loads the same files on the loop itself, as reloads did before they moved to a thread.
Each load starts with an empty compiled-rules cache (NEWSWATCH_CACHE_DIR, a new temporary folder),
as a reload of changed files does: it loads in full and stores the result.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.pipeline.rules import RulesHolder, load_checked  # noqa: E402
from watcher.ruleset import load_rules  # noqa: E402

SYLLABLES = ["ca", "lo", "ma", "ri", "na", "te", "gu", "ci", "pa", "dra", "xo", "ñe", "lá", "ré", "hu", "be"]


def rule_file(n: int, seed: int) -> str:
    rng = random.Random(seed)

    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))).capitalize()
    lines = ["rules:"]
    for i in range(n):
        terms = ", ".join(f'"{name()}"' for _ in range(rng.randint(4, 8)))
        match = f"{{any: [{terms}]}}" if i % 2 else f"{{all: [{{any: [{terms}]}}, {{any: [Honduras, Guatemala]}}]}}"
        lines.append(f"  - {{id: g{seed}-{i}, title: Generated {i}, match: {match}}}")
    return "\n".join(lines) + "\n"


async def measure(load) -> tuple[float, float]:
    stall, done, ticking = 0.0, False, asyncio.Event()

    async def ticker() -> None:
        nonlocal stall
        while not done:
            ticking.set()
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            stall = max(stall, time.perf_counter() - started - 0.01)
    task = asyncio.create_task(ticker())
    await ticking.wait()
    started = time.perf_counter()
    await load()
    took = time.perf_counter() - started
    done = True
    await task
    return took, stall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rules-per-file", type=int, default=5600)
    args = parser.parse_args()
    print(f"{'files':>5} {'MB':>6} {'rules':>7} | {'thread s':>8} {'loop stall ms':>13} | {'inline s':>8} "
          f"{'loop stall ms':>13}")
    for files in args.files:
        folder = Path(tempfile.mkdtemp()) / "rules"
        folder.mkdir()
        (folder / "seed.yaml").write_text("rules:\n  - {id: seed, title: Seed, match: x}\n")
        holder = RulesHolder(folder, [], [], load_rules(folder).ruleset)
        for k in range(files):
            (folder / f"big{k}.yaml").write_text(rule_file(args.rules_per_file, k), encoding="utf-8")
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6

        async def threaded(holder: RulesHolder = holder) -> None:
            outcome = await holder.reload(force=True)
            assert not outcome.problems, outcome.problems[:3]

        async def inline(folder: Path = folder) -> None:
            load_checked(folder, [], [])
        os.environ["NEWSWATCH_CACHE_DIR"] = tempfile.mkdtemp()
        took, stall = asyncio.run(measure(threaded))
        os.environ["NEWSWATCH_CACHE_DIR"] = tempfile.mkdtemp()
        took_inline, stall_inline = asyncio.run(measure(inline))
        print(f"{files:>5} {size:>6.2f} {len(holder.current.rules):>7} | {took:>8.2f} {stall * 1000:>13.0f} | "
              f"{took_inline:>8.2f} {stall_inline * 1000:>13.0f}")


if __name__ == "__main__":
    main()
