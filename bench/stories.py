"""Story grouping benchmark: quality on labelled real headlines, signal ablation, speed and memory.

    python bench/stories.py [--stories 50000] [--skip-ablation] [FILE.jsonl ...]
    python bench/stories.py --micro [--sizes 1000,10000,50000] [--probes 2000]

Quality: every labelled file (default bench/data/stories.jsonl, plus the corpus's
feed_items.jsonl when ../shared/corpus, or $NEWSWATCH_CORPUS, is there) goes through the dry run (entries placed on the
time line by published date, watcher/stories/timeline.py); pairs of entries are compared with the
labels (`group`, or `dup_group` for the corpus; an entry without one is alone):

  joined        pairs of entries put together
  precision     pairs put together that the labels put together
  recall        labelled pairs that were put together
  x-lang recall recall over labelled pairs whose two entries differ in language

Ablation: the same with one signal switched off at a time (features edited after extraction).

Speed and memory: a synthetic window of --stories stories over 72 h (1-3 entries each, English
and Spanish, names, countries, topics, numbers; fixed seed) goes through extract -> expire ->
place -> add, one entry at a time. Prints entries/s, the stories held at the end, and the RSS
growth of this process while filling the window (the index plus whatever the allocator keeps).

Micro (--micro): the engine's two steps per new entry, timed apart at fixed index sizes (entries
in the index), for two kinds of entries: ``synthetic`` (the window above: stories of 1-3 entries)
and ``farm`` (bench/farm_content.py's items as the cold cycle of bench/peers.py reads them: every
entry new, feeds of 50 items sharing one vocabulary). The index is filled by place + add (as the
daemon does) up to each size; then --probes entries that are not in it are timed (CPU, median
of 3): ``extract_features``, and ``place`` as decide() calls it (one ``Pending`` per feed of 50,
new stories begun there), which leaves the index as it was. The fill is timed too (extract +
place + add per entry, as the daemon's cycle does it, the index growing to each size).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import itertools
import json
import os
import random
import re
import resource
import sys
import time
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from watcher.stories import EntryText, Features, Limits, StoryIndex, extract_features  # noqa: E402
from watcher.stories.lexicon import default_lexicon, lexicon_from  # noqa: E402
from watcher.stories.timeline import place_all  # noqa: E402
from watcher.stories.weights import FlatPrior, default_prior  # noqa: E402

LABELLED = ROOT / "bench" / "data" / "stories.jsonl"
CORPUS = Path(os.environ.get("NEWSWATCH_CORPUS") or ROOT.parent / "shared" / "corpus") / "items" / "feed_items.jsonl"
TARGETS = {"precision": 0.97, "recall": 0.85, "x-lang recall": 0.6, "entries/s": 2000, "MB": 200}


@dataclasses.dataclass
class Labelled:
    entry: EntryText
    group: str
    lang: str
    note: str = ""


def parse_when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        when = parsedate_to_datetime(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def load(path: Path) -> list[Labelled]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        group = d.get("group") or d.get("dup_group") or f"{path.name}:{number}"
        entry = EntryText(d.get("title") or "", d.get("summary") or "", d.get("link"), d.get("lang"), d.get("source"),
                          parse_when(d.get("published")))
        rows.append(Labelled(entry, group, d.get("lang") or "?", d.get("note") or ""))
    return rows


# -- quality ---------------------------------------------------------------------------------------

_HARD = re.compile(r"hard-negative:\(([a-z])\) vs ([^;\[]+)")


def hard_negatives(rows: list[Labelled], stories: list[int]) -> dict[str, tuple[int, int]]:
    """Per kind, the pairs a note says must stay apart (an entry and each member of the group it
    names) and how many of them were put together."""
    by_group: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_group.setdefault(r.group, []).append(i)
    seen: set[tuple[int, int]] = set()
    out: dict[str, tuple[int, int]] = {}
    for i, r in enumerate(rows):
        for kind, names in _HARD.findall(r.note):
            for other in re.findall(r"[a-z]{2}-[\w-]+|[a-z]+-[\w-]+", names):
                for j in by_group.get(other.strip(), ()):
                    pair = (min(i, j), max(i, j))
                    if pair in seen or rows[j].group == r.group:
                        continue
                    seen.add(pair)
                    pairs, merged = out.get(kind, (0, 0))
                    out[kind] = (pairs + 1, merged + (stories[i] == stories[j]))
    return out

def pairwise(rows: list[Labelled], stories: list[int]) -> dict[str, float]:
    tp = fp = fn = xtp = xfn = 0
    for i, j in itertools.combinations(range(len(rows)), 2):
        gold, pred = rows[i].group == rows[j].group, stories[i] == stories[j]
        cross = rows[i].lang != rows[j].lang
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
        xtp += gold and pred and cross
        xfn += gold and not pred and cross
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "x-lang recall": xtp / (xtp + xfn) if xtp + xfn else 1.0, "pairs": tp + fn, "x-pairs": xtp + xfn,
            "joined": tp + fp}


Edit = Callable[[Features], Features]


def run(rows: list[Labelled], edit: Edit | None = None, prior: object = None, title_only: bool = False,
        lex: object = None) -> list[int]:
    entries = [dataclasses.replace(r.entry, summary="") if title_only else r.entry for r in rows]
    feats = [extract_features(e, lex) for e in entries]  # type: ignore[arg-type]
    if edit:
        feats = [edit(f) for f in feats]
    index = StoryIndex(prior=prior)  # type: ignore[arg-type]
    return [a.story_id for a in place_all(entries, index=index, features=feats)]


def drop(prefix: str) -> Edit:
    return lambda f: dataclasses.replace(f, keys=frozenset(k for k in f.keys if not k.startswith(prefix)),
                                         title_keys=frozenset(k for k in f.title_keys if not k.startswith(prefix)))


def no_vetoes(kind: str) -> Edit:
    empty: frozenset[str] = frozenset()
    fields = {"countries": dict(title_countries=empty), "numbers": dict(title_numbers=empty),
              "names": dict(title_names=())}[kind]
    return lambda f: dataclasses.replace(f, **fields)  # type: ignore[arg-type]


def ablations() -> list[tuple[str, dict[str, object]]]:
    unstemmed = lexicon_from({**_language_data(), "stemmers": {}})
    return [
        ("all signals", {}),
        ("no link key", {"edit": lambda f: dataclasses.replace(f, link=None)}),
        ("no concepts (bilingual table)", {"edit": drop("c:")}),
        ("no entities", {"edit": drop("e:")}),
        ("no numbers as evidence", {"edit": drop("n:")}),
        ("no plain words (stems)", {"edit": drop("t:")}),
        ("no stemming", {"lex": unstemmed}),
        ("no summary (headline only)", {"title_only": True}),
        ("no wordfreq prior (flat)", {"prior": FlatPrior()}),
        ("no country contradiction", {"edit": no_vetoes("countries")}),
        ("no number contradiction", {"edit": no_vetoes("numbers")}),
        ("no name contradiction", {"edit": no_vetoes("names")}),
    ]


def _language_data() -> dict[str, object]:
    import yaml
    from importlib import resources
    return yaml.safe_load(resources.files("watcher.stories").joinpath("data/language.yaml").read_text(encoding="utf-8"))


def quality(files: list[Path], skip_ablation: bool) -> None:
    sets = [(p.name, load(p)) for p in files if p.exists()]
    print(f"{'labelled file':24} {'entries':>7} {'pairs':>6} {'x-pairs':>7} {'joined':>6} {'precision':>9} {'recall':>7} "
          f"{'F1':>6} {'x-lang R':>8}")
    hard = []
    for name, rows in sets:
        stories = run(rows)
        m = pairwise(rows, stories)
        print(f"{name:24} {len(rows):7d} {m['pairs']:6.0f} {m['x-pairs']:7.0f} {m['joined']:6.0f} {m['precision']:9.3f} "
              f"{m['recall']:7.3f} {m['F1']:6.3f} {m['x-lang recall']:8.3f}")
        hard += [(name, kind, counts) for kind, counts in sorted(hard_negatives(rows, stories).items())]
    if hard:
        print("\nhard negatives (an entry and each member of the group its note says it must not join)")
        print(f"{'labelled file':24} {'kind':>4} {'pairs':>6} {'merged':>6} {'kept apart':>10}")
        for name, kind, (pairs, merged) in hard:
            print(f"{name:24} {'(' + kind + ')':>4} {pairs:6d} {merged:6d} {1 - merged / pairs:10.3f}")
    if skip_ablation or not sets:
        return
    rows = sets[0][1]
    print(f"\nablation on {sets[0][0]} (one signal off at a time)")
    print(f"{'configuration':32} {'precision':>9} {'recall':>7} {'F1':>6} {'x-lang R':>8}")
    for label, options in ablations():
        m = pairwise(rows, run(rows, **options))  # type: ignore[arg-type]
        print(f"{label:32} {m['precision']:9.3f} {m['recall']:7.3f} {m['F1']:6.3f} {m['x-lang recall']:8.3f}")


# -- speed and memory ------------------------------------------------------------------------------

def synthetic(stories: int, hours: float, seed: int = 7) -> list[EntryText]:
    import wordfreq
    rng = random.Random(seed)
    lex = default_lexicon()
    words = {lang: [w for w in wordfreq.top_n_list(lang, 20000) if w.isalpha() and len(w) > 3 and w not in lex.stopwords]
             for lang in ("en", "es")}
    places = ["Honduras", "Guatemala", "El Salvador", "Mexico", "Nicaragua", "Costa Rica", "Panama", "Colombia",
              "Venezuela", "Cuba", "Haiti", "Brazil", "Peru", "Chile", "Spain", "France", "Canada", "Ecuador"]
    topics = ["extradition", "deportation flight", "letter of intent", "safe third country", "biometric data",
              "asylum", "tariffs", "election", "earthquake", "protest", "corruption", "kidnapping", "prison"]
    syllables = ["ka", "lo", "mi", "ra", "ven", "sol", "tar", "ne", "do", "qui", "bel", "an", "or", "ti", "gu", "zel"]
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    entries = []
    for _ in range(stories):
        lang_words = words[rng.choice(("en", "es"))]
        name = " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).title() for _ in range(2))
        core = [name, rng.choice(places), rng.choice(topics), _zipf_pick(rng, lang_words),
                *(rng.choice(lang_words[300:]) for _ in range(4))]
        if rng.random() < 0.3:
            core.append(str(rng.randint(2, 5000)))
        t0 = start + timedelta(hours=rng.uniform(0, hours))
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            lang = rng.choice(("en", "es"))
            title = " ".join(rng.sample(core, k=max(3, len(core) - 2)) + [_zipf_pick(rng, words[lang])])
            summary = " ".join(core + [_zipf_pick(rng, words[lang]) for _ in range(15)])
            when = t0 + timedelta(minutes=rng.expovariate(1 / 120))
            entries.append(EntryText(title, summary, f"https://news{rng.randint(1, 300)}.example/{rng.getrandbits(48):x}",
                                     lang, None, when))
    entries.sort(key=lambda e: e.published_at)  # type: ignore[arg-type, return-value]
    return entries


def _zipf_pick(rng: random.Random, words: list[str]) -> str:
    """A word whose rank is log-uniform between 30 and the list's end (a headline's mix)."""
    return words[min(len(words) - 1, int(30 * (len(words) / 30) ** rng.random()))]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed(stories: int) -> None:
    default_prior()                                          # loaded once per process, not per entry
    entries = synthetic(stories, hours=72)
    base = rss_mb()
    index = StoryIndex(Limits())
    extracting = placing = 0.0
    next_id = 1
    started = time.perf_counter()
    for e in entries:
        t0 = time.process_time()
        f = extract_features(e)
        t1 = time.process_time()
        now = e.published_at
        index.expire(now)  # type: ignore[arg-type]
        placed = index.place(f, now)  # type: ignore[arg-type]
        story = placed.story_id
        if story is None:
            story, next_id = next_id, next_id + 1
        index.add(story, f, now)  # type: ignore[arg-type]
        extracting += t1 - t0
        placing += time.process_time() - t1
    wall = time.perf_counter() - started
    grown = rss_mb() - base
    n = len(entries)
    print(f"\nsynthetic window: {stories} stories, {n} entries over 72 h (entries/s per CPU second of this process;"
          f" wall clock: {n / wall:.0f}/s on this machine now)")
    print(f"{'entries/s, extract+place+add':32} {n / (extracting + placing):9.0f}   target >= {TARGETS['entries/s']}")
    print(f"{'  extract features only':32} {n / extracting:9.0f}   (pure: can run in the parse workers)")
    print(f"{'  place+add+expire only':32} {n / placing:9.0f}   (the index: one entry at a time)")
    print(f"{'stories held at the end':32} {len(index):9d}")
    print(f"{'RSS growth while filling (MB)':32} {grown:9.1f}   target <= {TARGETS['MB']}")
    print(f"{'process peak RSS (MB)':32} {rss_mb():9.1f}")


def farm_entries(feeds: range, per_feed: int = 50) -> tuple[list[EntryText], datetime]:
    """The cold cycle's entries of ``feeds`` (bench/farm_content.py), as decide() reads them, and
    the poll's time."""
    sys.path.insert(0, str(ROOT / "bench"))
    from farm_content import FarmSpec, description, initial_items
    spec, start = FarmSpec(feeds=feeds.stop, entries=per_feed), 1_767_000_000.0
    entries = [EntryText(item.title, description(item.number), f"https://farm.example/{feed}/{item.guid}", None,
                         f"feed-{feed}", datetime.fromtimestamp(item.published, timezone.utc))
               for feed in feeds for item in initial_items(spec, feed, start)]
    return entries, datetime.fromtimestamp(start, timezone.utc)


def _placed(index: StoryIndex, entries: list[EntryText], now: datetime | None, next_id: int, batch: int) -> int:
    """Decide and record each entry as the daemon does (decide() for a feed of ``batch`` entries
    with a ``Pending``, then add each under its story's id; ``now``: each entry's published time
    when None)."""
    from watcher.stories.index import Pending
    for start in range(0, len(entries), batch):
        pending, decided = Pending(index), []
        for e in entries[start:start + batch]:
            when = now or e.published_at
            f = extract_features(e)
            story = index.place(f, when, pending).story_id  # type: ignore[arg-type]
            if story is None:
                story = pending.begin(f, when)  # type: ignore[arg-type]
            elif story < 0:
                pending.join(story, f)
            decided.append((story, f, when, e.source))
        ids: dict[int, int] = {}
        for story, f, when, source in decided:
            if story < 0:
                if story not in ids:
                    ids[story], next_id = next_id, next_id + 1
                story = ids[story]
            index.add(story, f, when, source)  # type: ignore[arg-type]
    return next_id


def _probe(index: StoryIndex, probes: list[EntryText], now: datetime | None) -> tuple[float, float]:
    """CPU seconds to extract the probes' features, and to place them as decide() does."""
    from watcher.stories.index import Pending
    t0 = time.process_time()
    feats = [extract_features(e) for e in probes]
    t1 = time.process_time()
    pending = Pending(index)
    for i, (e, f) in enumerate(zip(probes, feats)):
        if i % 50 == 0:     # the next feed: its weights found afresh, as after the last feed's entries were added
            pending, index._memo = Pending(index), (-1, {})
        when = now or e.published_at
        story = index.place(f, when, pending).story_id  # type: ignore[arg-type]
        if story is None:
            pending.begin(f, when)  # type: ignore[arg-type]
        elif story < 0:
            pending.join(story, f)
    return t1 - t0, time.process_time() - t1


def micro(sizes: list[int], probes: int) -> None:
    default_prior()
    top = max(sizes)
    synth = synthetic(top, hours=72)        # about twice as many entries as stories
    farm, poll = farm_entries(range(top // 50 + probes // 50 + 1))
    print(f"\nmicro: {probes} new entries against an index of N entries; entries/s per CPU second, median of 3")
    print(f"{'entries':8} {'index N':>8} {'stories':>8} {'features/s':>11} {'place/s':>9} {'both/s':>8} {'ms/entry':>8} {'fill ms':>7}")
    for name, entries, now, batch in (("synthetic", synth, None, 1), ("farm", farm, poll, 50)):
        index, done, next_id = StoryIndex(Limits()), 0, 1
        for n in sizes:
            t0 = time.process_time()
            next_id = _placed(index, entries[done:n], now, next_id, batch)
            fill, done = (time.process_time() - t0) / (n - done), n
            gc.collect()
            gc.freeze()     # as the daemon does after building its index: full collections skip it
            runs = sorted((_probe(index, entries[n:n + probes], now) for _ in range(3)), key=sum)
            feat, place = sorted(r[0] for r in runs)[1], sorted(r[1] for r in runs)[1]
            print(f"{name:8} {n:8d} {len(index):8d} {probes / feat:11.0f} {probes / place:9.0f} "
                  f"{probes / (feat + place):8.0f} {1000 * (feat + place) / probes:8.3f} {1000 * fill:7.3f}")


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--stories", type=int, default=50_000)
    ap.add_argument("--skip-ablation", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--micro", action="store_true", help="only the per-entry micro-benchmark")
    ap.add_argument("--sizes", default="1000,10000,50000", help="index sizes (entries) for --micro")
    ap.add_argument("--probes", type=int, default=2000, help="new entries timed at each size for --micro")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if args.micro:
        micro([int(n) for n in args.sizes.split(",")], args.probes)
        return
    quality(args.files or [LABELLED, CORPUS], args.skip_ablation)
    if not args.skip_speed:
        speed(args.stories)


if __name__ == "__main__":
    main()
