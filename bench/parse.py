"""Parse benchmark: the fast lxml path against feedparser on the real-feed corpus.

    python bench/parse.py [--corpus ../shared/corpus] [--repeat 3]   (or NEWSWATCH_CORPUS, as the tests)

Every RSS/Atom/RDF document of corpus/feeds that the fast path reads (the others go to feedparser
anyway) is parsed by both readers; the table shows, for the median document by size and for the
quartiles and the largest, the time of each reader (``fast`` = watcher.parse.fast.read,
``feedparser`` = the reference reading with the same HTML-to-text step) and of the whole
``parse_feed`` (entry keys, canonical links, text clean-up) on the fast path. Times are medians of
--repeat runs of CPU time (each run parses the document enough times to last ~50 ms), one process,
one core: CPU time, because wall time on a shared machine measures the neighbours.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.parse import fast  # noqa: E402
from watcher.parse.fast import dates  # noqa: E402
from watcher.parse.feed import parse_feed, read_feedparser  # noqa: E402
from watcher.parse.jsonfeed import looks_like_json_feed  # noqa: E402

URL = "https://corpus.example/feed"
NOW = datetime.now(timezone.utc)


def timed(fn, repeat: int) -> float:
    """Median CPU seconds per call over ``repeat`` runs of ~50 ms each."""
    start = time.process_time()
    fn()
    once = max(time.process_time() - start, 1e-5)
    loops = max(1, int(0.05 / once))
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(loops):
            fn()
        runs.append((time.process_time() - start) / loops)
    return statistics.median(runs)


def cold(read, *args):
    """A first reading: the fast path memoises dates, which a document parsed again would find."""
    dates._SEEN.clear()
    return read(*args)


def documents(corpus: Path) -> tuple[list[tuple[Path, bytes]], int]:
    readable, declined = [], 0
    for path in sorted((corpus / "feeds").rglob("*")):
        if not path.is_file():
            continue
        body = path.read_bytes()
        if not body.strip() or looks_like_json_feed(body, ""):
            continue
        try:
            fast.read(body, {"content-location": URL}, URL)
        except fast.Fallback:
            declined += 1
            continue
        readable.append((path, body))
    readable.sort(key=lambda d: len(d[1]))
    return readable, declined


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("NEWSWATCH_CORPUS")
                                                        or Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs, declined = documents(args.corpus)
    if not docs:
        sys.exit(f"no corpus documents under {args.corpus}")
    n = len(docs)
    picks = [("p25", docs[n // 4]), ("median", docs[n // 2]), ("p75", docs[3 * n // 4]), ("largest", docs[-1])]
    print(f"{n} corpus feeds on the fast path, {declined} declined (read by feedparser)\n")
    print(f"| document | bytes | entries | feedparser ms | fast ms | ratio | parse_feed (fast) ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, (path, body) in picks:
        headers = {"content-location": URL}
        ref = timed(lambda: read_feedparser(body, dict(headers), URL), args.repeat)
        quick = timed(lambda: cold(fast.read, body, headers, URL), args.repeat)
        whole = timed(lambda: cold(parse_feed, body, {}, URL, NOW), args.repeat)
        entries = len(fast.read(body, headers, URL)["items"])
        print(f"| {label}: {path.name[:28]} | {len(body):,} | {entries} | {ref * 1e3:.2f} | {quick * 1e3:.3f} | "
              f"{ref / quick:.0f}x | {whole * 1e3:.2f} |")
    total_ref = sum(timed(lambda b=b: read_feedparser(b, {"content-location": URL}, URL), 1) for _, b in docs)
    total_fast = sum(timed(lambda b=b: cold(fast.read, b, {"content-location": URL}, URL), 1) for _, b in docs)
    print(f"\nall {n} documents: feedparser {total_ref:.2f} s, fast {total_fast:.3f} s ({total_ref / total_fast:.0f}x)")


if __name__ == "__main__":
    main()
