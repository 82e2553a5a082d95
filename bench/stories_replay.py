"""The cold cycle's story decisions replayed: the story engine alone, as ``run --once`` used it.

    python bench/profile_cycle.py --rate 0 --keep     (prints the run's folder)
    python bench/stories_replay.py FOLDER/newswatch/newswatch.db [--runs 3] [--profile]

The run's database gives the order its feeds were polled in and when (each feed's first entry id
and first-seen time); the farm's items (bench/farm_content.py) are rebuilt from it, their
features found, and each feed's entries placed as decide() places them (one ``Pending`` a poll,
the index expired at each poll's time), then added under the ids a database would give. The order
matters: the farm in feed order makes 47,721 stories of 50,000 entries, the real cycle's order
25,576 (its first polls' entries join each other while their words still weigh something), with
twice the placement work. Prints CPU seconds of place() and add(), the stories made (the
database's count, when the engine decides as the run did) and a digest of every placement and
its explanation, which a change that must not change decisions must keep.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from farm_content import FarmSpec, description, initial_items  # noqa: E402

from watcher.stories import EntryText, Features, Limits, StoryIndex, extract_features  # noqa: E402
from watcher.stories.pending import Pending  # noqa: E402
from watcher.stories.weights import default_prior  # noqa: E402

Poll = tuple[datetime, list[EntryText], list[Features]]


def polls(db: Path, entries: int) -> tuple[list[Poll], int]:
    """Each feed's poll in the run's order: its time and its entries; and the run's story count."""
    with sqlite3.connect(db) as conn:
        order = conn.execute("SELECT feed_id, MIN(id), MIN(first_seen_at) FROM entry GROUP BY feed_id "
                             "ORDER BY MIN(id)").fetchall()
        newest = conn.execute("SELECT MAX(published_at) FROM entry").fetchone()[0]
        stories = conn.execute("SELECT COUNT(DISTINCT story_id) FROM entry").fetchone()[0]
    start = datetime.fromisoformat(newest).replace(tzinfo=timezone.utc).timestamp()
    spec = FarmSpec(feeds=len(order), entries=entries)
    out = []
    for feed_id, _, seen in order:
        feed = int(feed_id.lstrip("f"))
        texts = [EntryText(i.title, description(i.number), f"https://farm.example/{feed}/{i.guid}", None, f"Feed {feed}",
                           datetime.fromtimestamp(i.published, timezone.utc)) for i in initial_items(spec, feed, start)]
        out.append((datetime.fromisoformat(seen).replace(tzinfo=timezone.utc), texts, [extract_features(t) for t in texts]))
    return out, stories


def replay(run: list[Poll]) -> tuple[float, float, int, str]:
    """CPU seconds of place() and of add(), stories made, digest of the placements."""
    index, next_id, digest = StoryIndex(Limits()), 1, hashlib.sha256()
    placing = adding = 0.0
    for now, texts, feats in run:
        index.expire(now)
        pending, decided = Pending(index), []
        t0 = time.process_time()
        for text, f in zip(texts, feats):
            placement = index.place(f, now, pending)
            digest.update(json.dumps(placement.explanation.to_json()).encode() + str(placement.story_id).encode())
            story = placement.story_id
            if story is None:
                story = pending.begin(f, now)
            elif story < 0:
                pending.join(story, f)
            decided.append((story, f, text.source))
        t1 = time.process_time()
        ids: dict[int, int] = {}
        for story, f, source in decided:
            if story < 0:
                if story not in ids:
                    ids[story], next_id = next_id, next_id + 1
                story = ids[story]
            index.add(story, f, now, source)
        placing, adding = placing + t1 - t0, adding + time.process_time() - t1
    return placing, adding, len(index), digest.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("database", type=Path, help="newswatch.db of a cold run (bench/profile_cycle.py --keep)")
    ap.add_argument("--entries", type=int, default=50, help="entries per feed of that run's farm")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="one run under cProfile: the functions with most own time")
    args = ap.parse_args()
    default_prior()
    run, stored = polls(args.database, args.entries)
    if args.profile:
        import cProfile
        import pstats
        profiler = cProfile.Profile()
        profiler.runcall(replay, run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    results = [replay(run) for _ in range(args.runs)]
    print(f"{'run':>4} {'place s':>8} {'add s':>7} {'stories':>8}  digest")
    for i, (placing, adding, stories, digest) in enumerate(results, 1):
        print(f"{i:>4} {placing:8.2f} {adding:7.2f} {stories:8d}  {digest}")
    print(f"median place {statistics.median(r[0] for r in results):.2f} s, add {statistics.median(r[1] for r in results):.2f} s "
          f"CPU for {sum(len(p[1]) for p in run)} entries; the run stored {stored} stories")


if __name__ == "__main__":
    main()
