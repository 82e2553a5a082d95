"""Matcher benchmark: entries/s for 10, 100, 1,000 and 10,000 generated rules over 20,000 entries.

    python bench/match.py [--entries 20000] [--repeat 3] [--sizes 10,100,1000,10000]
    python bench/match.py --callgrind [--entries 2000] [--sizes 1000]

Rules are generated like real alert rules: 3-10 terms each (names, two-word phrases, 5-6
letter prefixes, shared place/topic words), half plain `any`, the rest with `none`, nested
`all` groups or `near`. Entries are Spanish/English-like text (title + 40-70 word summary)
drawn from a Zipf vocabulary of function words, topic words and 40k accented names, so rules
hit the way a watchlist does. Rules are written as YAML and loaded through the real loader.

Columns: `text->decision` = fold + tokenise + automaton scan + candidate rule evaluation, from
an entry's text to the list of rules it matches: the headline (the daemon pays all of it for
every new entry); `match` = the same on entries prepared (folded and tokenised) once;
`+explain` adds the explanation of every match; `prepare` is the per-entry fold+tokenise cost,
paid once per entry however many rules there are. Times are CPU time of this process
(time.process_time: on a shared machine wall time measures the neighbours), medians of
--repeat runs, one core. The last column is the 10,000-rule/100-rule time ratio of each run.

Then the shipped watchlist itself (4 big rules) on the labelled set's real items
(bench/data/watchlist.jsonl), text -> explained matches, the matching and the other entries apart.

``--callgrind`` counts instead of timing (deterministic, needs valgrind): per rule count the script
runs itself under ``valgrind --tool=callgrind --cache-sim=yes`` with counting switched on only
for the deciding of --entries entries (after loading, 2,500 warm-up entries that take the matcher
past its first trigger-index retune, and 500 more to fill the simulated caches), and prints
instructions, first-level and last-level cache misses per entry. The last level is modelled at
2 MiB, about what one core keeps of a shared cache when its neighbours are busy: the misses
there are what a loaded machine pays and an idle one mostly does not.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.ruleset import Document, PreparedText, load_rules  # noqa: E402

SYLLABLES = ["ca", "lo", "ma", "ri", "na", "te", "gu", "ci", "pa", "dra", "xo", "ñe", "lá", "ré", "mí", "tó", "hu", "be",
             "sa", "vi", "go", "fé", "ja", "qui", "zu", "ño", "ló", "rra", "ndo", "cés"]
FUNCTION = ("de la el en y a los que del se las por un para con no una su al es lo como más pero sus le ya o "
            "the of and to in a is that for on with as was by at from it an be are has have said").split()
TOPIC = ("gobierno presidente congreso corte fiscal policía migrantes frontera elecciones economía acuerdo "
         "seguridad datos ministro tribunal juez militares protesta reforma ley crisis exportaciones "
         "government court police border election data minister judge protest reform law crisis trade").split()


def names(rng: random.Random, n: int) -> list[str]:
    out = set()
    while len(out) < n:
        out.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(out)


def make_rules(n: int, vocab: list[str], rng: random.Random) -> str:
    lines = ["rules:"]
    for i in range(n):
        terms = []
        for _ in range(rng.randint(3, 10)):
            kind = rng.random()
            if kind < 0.5:
                terms.append(rng.choice(vocab))
            elif kind < 0.75:
                terms.append(f"{rng.choice(vocab)} {rng.choice(vocab)}")
            else:  # a stem that keeps most of a word, like extradi* or deporta*
                word = rng.choice(vocab).lower()
                terms.append(word[:-1] + "*" if len(word) >= 6 else word)
        quoted = ", ".join('"' + t + '"' for t in terms)
        shape = rng.random()
        if shape < 0.5:
            match = f"{{any: [{quoted}]}}"
        elif shape < 0.7:
            match = f"{{any: [{quoted}], none: [\"{rng.choice(TOPIC)}\"]}}"
        elif shape < 0.9:
            match = f"{{all: [{{any: [{quoted}]}}, {{any: [\"{rng.choice(TOPIC)}\", \"{rng.choice(TOPIC)}\"]}}]}}"
        else:
            match = f"{{near: {{terms: [\"{terms[0]}\", \"{rng.choice(TOPIC)}\"], within: 8}}}}"
        lines.append(f"  - {{id: r{i}, title: Rule {i}, match: {match}}}")
    return "\n".join(lines) + "\n"


def make_entries(n: int, vocab: list[str], rng: random.Random) -> list[Document]:
    weights_f = [1 / (i + 1) for i in range(len(FUNCTION))]
    out = []
    for _ in range(n):
        def words(k: int) -> str:
            picked = []
            for _ in range(k):
                r = rng.random()
                if r < 0.6:
                    picked.append(rng.choices(FUNCTION, weights_f)[0])
                elif r < 0.9:
                    picked.append(rng.choice(TOPIC))
                else:
                    picked.append(rng.choice(vocab))
            return " ".join(picked)
        out.append(Document(words(rng.randint(8, 14)).capitalize(), words(rng.randint(40, 70)) + "."))
    return out


def load(n: int, vocab: list[str], rng: random.Random, tmp: Path):
    folder = tmp / f"rules-{n}"
    folder.mkdir()
    per_file = 1000
    for start in range(0, n, per_file):
        chunk = make_rules(min(per_file, n - start), vocab, rng).replace("id: r", f"id: f{start}-r")
        (folder / f"gen-{start:05d}.yaml").write_text(chunk, encoding="utf-8")
    started = time.perf_counter()
    # as the daemon loads rules (watcher/pipeline/rules.py): the rule set's objects frozen out of
    # the collector's scans, else the first full collection after the load (~0.3 s at 10,000
    # rules, once per load) lands in the first timed run
    gc.unfreeze()
    result = load_rules(folder)
    gc.freeze()
    built = time.perf_counter() - started
    assert result.ok, result.problems[:3]
    return result.ruleset, built


def consume(ruleset, prepared, explain: bool) -> int:
    """Match every entry and drop the results, as the daemon does (keeping 20k result lists
    alive would measure the garbage collector, not the matcher)."""
    total = 0
    for p in prepared:
        total += len(ruleset.match(p, explain=explain))
    return total


def decide(ruleset, docs) -> int:
    """From text to decision: fold, tokenise, scan and evaluate every entry (no explanation)."""
    total = 0
    for d in docs:
        total += len(ruleset.match(d, explain=False))
    return total


def runs_of(fn, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        runs.append(time.process_time() - started)
    return runs


def timed(fn, repeat: int) -> float:
    return statistics.median(runs_of(fn, repeat))


LL_MODEL = "--LL=2097152,16,64"   # a 2 MiB last-level cache: a core's share when neighbours are busy


def callgrind(args: argparse.Namespace) -> None:
    """Instructions and cache misses per entry, text -> decision, counted by callgrind over the
    deciding alone (instrumentation switched on after the rules are loaded and warmed)."""
    print(f"{'rules':>7} {'instructions/entry':>19} {'D1 misses/entry':>16} {'LL misses/entry':>16} "
          f"{'vs 100 rules (instr, LL)':>25}   (callgrind, {args.entries:,} entries, LL modelled at 2 MiB)")
    per: dict[int, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            out = Path(tmp) / f"cg-{n}"
            subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--cache-sim=yes", LL_MODEL,
                            f"--callgrind-out-file={out}.%p", sys.executable, __file__, "--one-pass", str(n),
                            "--entries", str(args.entries), "--decide", str(args.entries)],
                           capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            dump = next(Path(tmp).glob(f"cg-{n}.*.1"))      # the dump taken after the counted run
            summary = next(line for line in dump.read_text().splitlines() if line.startswith("summary:"))
            ir, _dr, _dw, _i1, d1r, d1w, _il, llr, llw = (int(v) for v in summary.split()[1:])
            per[n] = (ir / args.entries, (d1r + d1w) / args.entries, (llr + llw) / args.entries)
            ratio = f"{per[n][0] / per[100][0]:.2f}x {per[n][2] / max(per[100][2], 1):.1f}x" if 100 in per else ""
            print(f"{n:>7,} {per[n][0]:>19,.0f} {per[n][1]:>16,.0f} {per[n][2]:>16,.1f} {ratio:>25}")


WARM = 2_500


def _callgrind_control(*options: str) -> None:
    subprocess.run(["callgrind_control", *options, str(os.getpid())], check=True, capture_output=True)


def one_pass(n: int, entries: int, count: int) -> None:
    """Under callgrind (--instr-atstart=no): load n rules, take the matcher past its first
    trigger-index retune (2,000 entries), switch counting on, warm the simulated caches with 500
    more entries, zero the counters, decide ``count`` entries and dump."""
    rng = random.Random(7)
    vocab = names(rng, 40_000)
    docs = make_entries(entries, vocab, rng)
    warm = make_entries(WARM, vocab, random.Random(99))
    with tempfile.TemporaryDirectory() as tmp:
        ruleset, _ = load(n, vocab, random.Random(n), Path(tmp))
        decide(ruleset, warm)
        _callgrind_control("--instr=on")
        decide(ruleset, warm[:500])
        _callgrind_control("--zero")
        decide(ruleset, docs[:count])
        _callgrind_control("--dump")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--callgrind", action="store_true", help="count instructions per entry under valgrind")
    parser.add_argument("--one-pass", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--decide", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_pass is not None:
        return one_pass(args.one_pass, args.entries, args.decide)
    if args.callgrind:
        return callgrind(args)
    rng = random.Random(7)
    vocab = names(rng, 40_000)
    docs = make_entries(args.entries, vocab, rng)
    prep_time = timed(lambda: [PreparedText(d) for d in docs], args.repeat)
    prepared = [PreparedText(d) for d in docs]
    rows, decide_runs = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            ruleset, built = load(n, vocab, random.Random(n), Path(tmp))
            hits = sum(len(ruleset.match(p, explain=False)) for p in prepared)
            decide_runs[n] = runs_of(lambda rs=ruleset: decide(rs, docs), args.repeat)
            plain = timed(lambda rs=ruleset: consume(rs, prepared, False), args.repeat)
            explained = timed(lambda rs=ruleset: consume(rs, prepared, True), args.repeat)
            rows.append((n, len(ruleset.table), built, hits / len(docs), len(docs) / statistics.median(decide_runs[n]),
                         len(docs) / plain, len(docs) / explained))
    print(f"{len(docs):,} entries; prepare (fold + tokenise, once per entry): {len(docs) / prep_time:,.0f} entries/s "
          f"({prep_time / len(docs) * 1e6:.1f} µs/entry); CPU time, medians of {args.repeat}\n")
    print(f"{'rules':>7} {'patterns':>9} {'load s':>7} {'matches/entry':>14} {'text->decision/s':>17} "
          f"{'match entries/s':>16} {'+explain entries/s':>19} {'vs 100 rules, each run':>23}")
    for n, patterns, built, per, end_to_end, speed, speed_x in rows:
        ratios = ""
        if 100 in decide_runs:
            ratios = " ".join(f"{r / b:.2f}x" for r, b in zip(decide_runs[n], decide_runs[100]))
        print(f"{n:>7,} {patterns:>9,} {built:>7.2f} {per:>14.2f} {end_to_end:>17,.0f} {speed:>16,.0f} "
              f"{speed_x:>19,.0f} {ratios:>23}")
    shipped(args.repeat)


def shipped(repeat: int) -> None:
    """The shipped watchlist (4 big rules naming the same lists in many branches) on the labelled
    set's real headlines and ledes, from text to explained matches as the daemon decides: the
    entries that match (most of the relevant ones) and those that do not, apart."""
    root = Path(__file__).resolve().parent.parent
    ruleset = load_rules(root / "rules").ruleset
    items = [json.loads(line) for line in (root / "bench/data/watchlist.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    docs = [Document(i["title"], i["summary"], "") for i in items]
    matching = [d for d in docs if ruleset.match(d)]
    quiet = [d for d in docs if not ruleset.match(d, explain=False)]
    print(f"\nshipped rules ({len(ruleset.rules)}, {len(ruleset.table):,} patterns) on the labelled set's "
          f"{len(docs):,} items, text -> explained matches, CPU time, medians of {repeat}:")
    for label, group in (("matching", matching), ("not matching", quiet)):
        took = timed(lambda g=group: [ruleset.match(d) for d in g], repeat)
        print(f"  {label:>12}: {len(group):>6,} entries, {len(group) / took:>9,.0f} entries/s "
              f"({took / len(group) * 1e6:,.0f} µs/entry)")


if __name__ == "__main__":
    main()
