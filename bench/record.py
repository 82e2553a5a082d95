"""Recording cost alone: ``Store.record_poll`` of a cold cycle's polls (every entry new), in
this process, without fetching, parsing or deciding.

    python bench/record.py [--feeds 200] [--entries 50] [--repeat 3] [--url URL] [--profile]

Each repeat opens a new database (SQLite in a temporary folder, or ``--url``: a PostgreSQL
database whose tables are emptied first), registers and claims the feeds (each poll is recorded
under its lease, as the daemon's are), and records one poll per feed as
a cold cycle does: half the entries begin a story of their own (a negative ``story``), the
other half join a story an earlier feed's poll stored (its id); one entry in ten raises an
alert with one delivery; every entry carries a story reason (JSON) and two matched rules.
Prints CPU (user + system of this process) per repeat and their median, per poll and per entry.
``--profile`` prints cProfile's top functions of the last repeat.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage import DeliveryPlan, NewAlert, NewEntry, PollSuccess, open_store  # noqa: E402

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
TEXT = ("Officials said on Monday that the agreement, reached after weeks of talks, would take effect "
        "next month; critics called it a step back. ") * 4


def entries_for(feed: int, count: int, joinable: list[tuple[str, int]]) -> list[NewEntry]:
    out = []
    for i in range(count):
        key = f"f{feed}-e{i}"
        if i % 2 and joinable:
            story_key, story = f"https://news.example/{feed}/{i}", joinable[(feed * 7 + i) % len(joinable)][1]
        else:
            story_key, story = f"https://news.example/{feed}/{i}", -(i + 1)
        alerts = ()
        if i % 10 == 0:
            plan = DeliveryPlan("desk", "d0", "mailto://d***@example.org", NOW + timedelta(minutes=5))
            alerts = (NewAlert("r1", "Rule one", "high", "rules/r.yaml", "abc123", ("talks", "agreement"),
                               ("title", "summary"), {"title": [[0, 5]]}, (plan,)),)
        reason = json.dumps({"kind": "new" if story < 0 else "joined", "score": 0.71, "signals": ["title", "link"]})
        out.append(NewEntry(key, story_key, f"Headline {feed} {i}: agreement reached after talks", story_key,
                            TEXT, "", "Reporter", "en", NOW - timedelta(hours=i), story, reason, alerts,
                            ("r1", "r2")))
    return out


def one_run(url: str | None, feeds: int, entries: int, profile: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(url or f"sqlite:///{Path(tmp) / 'nw.db'}")
        if url:
            with store.engine.begin() as conn:
                conn.exec_driver_sql("TRUNCATE entry, story, story_alias, alert, delivery, notice, rule_count, "
                                     "feed RESTART IDENTITY CASCADE")
        store.sync_feeds([(f"feed{f}", f"http://h{f % 50}.example/{f}", f"Feed {f}") for f in range(feeds)], NOW)
        ids = [f"feed{f}" for f in range(feeds)]
        tokens = {s.id: s.lease_token for s in store.claim_due_feeds(ids, NOW, "bench", NOW + timedelta(hours=1),
                                                                      all_due=True, limit=feeds)}
        polls = [(PollSuccess(f"feed{f}", NOW, NOW + timedelta(minutes=15), etag=f'"{f}"', body_hash=f"h{f}",
                              lease_token=tokens[f"feed{f}"]), f) for f in range(feeds)]
        joinable: list[tuple[str, int]] = []
        prof = cProfile.Profile() if profile else None
        cpu = 0.0
        stored = 0
        for success, f in polls:
            rows = entries_for(f, entries, joinable)
            start = time.process_time()
            if prof:
                prof.enable()
            result = store.record_poll(success, rows)
            if prof:
                prof.disable()
            cpu += time.process_time() - start
            stored += result.new_entries
            joinable = list(result.stories[::5])[:20] or joinable
        store.close()
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return cpu, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", help="a PostgreSQL URL (its tables are emptied: a database of its own)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    runs = []
    for n in range(args.repeat):
        cpu, stored = one_run(args.url, args.feeds, args.entries, args.profile and n == args.repeat - 1)
        runs.append(cpu)
        print(f"run {n + 1}: {cpu:.3f} s CPU, {stored} entries stored", flush=True)
    med = statistics.median(runs)
    polls = args.feeds
    print(f"record_poll CPU, median of {args.repeat}: {med:.3f} s; {med / polls * 1000:.2f} ms a poll, "
          f"{med / (polls * args.entries) * 1e6:.1f} us an entry")


if __name__ == "__main__":
    main()
