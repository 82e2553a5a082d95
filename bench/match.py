"""Matcher benchmark: entries/s for 10, 100, 1,000 and 10,000 generated rules over 20,000 entries.

    python bench/match.py [--entries 20000] [--repeat 3]

Rules are generated like real alert rules: 3-10 terms each (names, two-word phrases, 5-6
letter prefixes, shared place/topic words), half plain `any`, the rest with `none`, nested
`all` groups or `near`. Entries are Spanish/English-like text (title + 40-70 word summary)
drawn from a Zipf vocabulary of function words, topic words and 40k accented names, so rules
hit the way a watchlist does. Rules are written as YAML and loaded through the real loader.

Columns: `match` = automaton scan + candidate rule evaluation on entries prepared (folded and
tokenised) once, the target metric; `+explain` adds the explanation of every match; `prepare`
is the per-entry fold+tokenise cost, paid once per entry however many rules there are.
Medians of --repeat runs, one process, one core.
"""

from __future__ import annotations

import argparse
import random
import statistics
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
    result = load_rules(folder)
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


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    args = parser.parse_args()
    rng = random.Random(7)
    vocab = names(rng, 40_000)
    docs = make_entries(args.entries, vocab, rng)
    prep_time = timed(lambda: [PreparedText(d) for d in docs], args.repeat)
    prepared = [PreparedText(d) for d in docs]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            ruleset, built = load(n, vocab, random.Random(n), Path(tmp))
            hits = sum(len(ruleset.match(p, explain=False)) for p in prepared)
            plain = timed(lambda rs=ruleset: consume(rs, prepared, False), args.repeat)
            explained = timed(lambda rs=ruleset: consume(rs, prepared, True), args.repeat)
            rows.append((n, len(ruleset.table), built, hits / len(docs), len(docs) / plain, len(docs) / explained))
    base = {r[0]: r[4] for r in rows}
    print(f"{len(docs):,} entries; prepare (fold + tokenise, once per entry): {len(docs) / prep_time:,.0f} entries/s "
          f"({prep_time / len(docs) * 1e6:.1f} µs/entry)\n")
    print(f"{'rules':>7} {'patterns':>9} {'load s':>7} {'matches/entry':>14} {'match entries/s':>16} "
          f"{'+explain entries/s':>19} {'vs 100 rules':>13}")
    for n, patterns, built, per, speed, speed_x in rows:
        ratio = f"{base[100] / speed:.2f}x slower" if 100 in base else ""
        print(f"{n:>7,} {patterns:>9,} {built:>7.2f} {per:>14.2f} {speed:>16,.0f} {speed_x:>19,.0f} {ratio:>13}")


if __name__ == "__main__":
    main()
