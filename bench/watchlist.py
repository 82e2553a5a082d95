"""Watchlist quality on real reporting: recall and precision of the shipped rules on a labelled set.

    python bench/watchlist.py [--data FILE] [--rules DIR] [--config FILE] [--assert]

The set (default bench/data/watchlist.jsonl, described in bench/data/README-watchlist.md) holds
real headlines with the summary/lede a feed carries, each labelled `relevant` (an analyst of the
watchlist wants the alert) with its `topic`, `countries` and `lang`, or, for near-misses, a `kind`.
An item counts as alerted when any enabled rule of the rule set matches its title + summary
(feed restrictions are ignored: the items carry no feed). The rule set is the shipped config's
(`rules` in config.toml, loaded with the project's loader), or the folder given with --rules.

Prints recall/precision overall, per rule, per language, per country and per topic, the false
alerts per near-miss kind, then every miss (with each rule's failing clauses, the explanation of
`newswatch test-rule --explain` and `check`) and every false alert (with the rules and terms that
fired). --assert exits 1 unless recall and precision
both reach the targets (0.95 each).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from watcher.ruleset import Document, RuleMatch, RuleSet, load_rules  # noqa: E402
from watcher.ruleset.explain import failures  # noqa: E402

TARGET_RECALL = 0.95
TARGET_PRECISION = 0.95
REQUIRED = ("title", "relevant", "lang")


@dataclass(frozen=True)
class Item:
    line: int
    title: str
    summary: str
    lang: str
    source: str
    relevant: bool
    topic: str
    countries: tuple[str, ...]
    kind: str


@dataclass
class Result:
    item: Item
    matches: list[RuleMatch]

    @property
    def alerted(self) -> bool:
        return bool(self.matches)


@dataclass
class Tally:
    """Counts for one slice of the set (a language, a country, a topic, or everything)."""

    items: int = 0
    relevant: int = 0
    caught: int = 0          # relevant and alerted
    false_alerts: int = 0    # not relevant and alerted

    def add(self, result: Result) -> None:
        self.items += 1
        if result.item.relevant:
            self.relevant += 1
            self.caught += result.alerted
        else:
            self.false_alerts += result.alerted

    @property
    def alerts(self) -> int:
        return self.caught + self.false_alerts

    @property
    def recall(self) -> float | None:
        return self.caught / self.relevant if self.relevant else None

    @property
    def precision(self) -> float | None:
        return self.caught / self.alerts if self.alerts else None


@dataclass
class Report:
    results: list[Result]
    rule_ids: list[str]
    overall: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_country: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_topic: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))


class DataError(Exception):
    pass


def load_items(path: Path) -> list[Item]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror or e}") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataError(f"{path}:{number}:{e.colno}: invalid JSON: {e.msg}") from None
        missing = [k for k in REQUIRED if not isinstance(raw, dict) or k not in raw]
        if missing:
            raise DataError(f"{path}:{number}:1: missing {', '.join(missing)}")
        relevant = bool(raw["relevant"])
        items.append(Item(number, str(raw["title"]), str(raw.get("summary") or ""), str(raw["lang"]),
                          str(raw.get("source") or ""), relevant, str(raw.get("topic") or "none"),
                          tuple(raw.get("countries") or ()), "" if relevant else str(raw.get("kind") or "other")))
    return items


def load_ruleset(rules_dir: str | None, config_file: str | None) -> RuleSet:
    if rules_dir is None:
        from watcher.cli.loading import get_config, get_rules
        return get_rules(get_config(config_file or str(ROOT / "config.toml"), check_urls=False),
                         run_examples=False)
    result = load_rules(Path(rules_dir))
    if not result.ok:
        raise DataError("\n".join(str(p) for p in result.problems))
    return result.ruleset


def evaluate(items: list[Item], ruleset: RuleSet) -> Report:
    report = Report([], [r.id for r in ruleset.rules if r.enabled])
    for item in items:
        result = Result(item, ruleset.match(Document(item.title, item.summary)))
        report.results.append(result)
        report.overall.add(result)
        report.by_lang[item.lang].add(result)
        report.by_topic[item.topic].add(result)
        for country in item.countries or ("(none)",):
            report.by_country[country].add(result)
        if not item.relevant:
            report.by_kind[item.kind].add(result)
    return report


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def _table(title: str, rows: dict[str, Tally]) -> list[str]:
    out = [f"{title:<26} {'items':>5} {'relev':>5} {'caught':>6} {'recall':>6} {'alerts':>6} {'false':>5} "
           f"{'precis':>6}"]
    for name, t in rows.items():
        out.append(f"{name:<26} {t.items:>5} {t.relevant:>5} {t.caught:>6} {_pct(t.recall):>6} {t.alerts:>6} "
                   f"{t.false_alerts:>5} {_pct(t.precision):>6}")
    return out


def rule_rows(report: Report) -> list[str]:
    """Per rule: its alerts, how many were right, and how many relevant items only it catches."""
    out = [f"{'rule':<28} {'alerts':>6} {'right':>5} {'false':>5} {'precis':>6} {'only-it':>7}"]
    for rule_id in report.rule_ids:
        alerts = right = only = 0
        for r in report.results:
            ids = [m.rule_id for m in r.matches]
            if rule_id in ids:
                alerts += 1
                right += r.item.relevant
                only += r.item.relevant and ids == [rule_id]
        precision = right / alerts if alerts else None
        out.append(f"{rule_id:<28} {alerts:>6} {right:>5} {alerts - right:>5} {_pct(precision):>6} {only:>7}")
    return out


def why_not(ruleset: RuleSet, item: Item) -> list[str]:
    """Each enabled rule's failing clauses for a missed item: the explanation `newswatch test-rule
    --explain` and `check` give (watcher.ruleset.explain), its ✗ clauses joined."""
    scanned = ruleset.scan(Document(item.title, item.summary))
    return [f"{rule.id}: {failures(rule.condition, scanned, rule.mask)}" for rule in ruleset.rules if rule.enabled]


def _short(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def render(report: Report, ruleset: RuleSet, *, details: bool = True) -> str:
    o = report.overall
    lines = [f"watchlist: {o.items} items, {o.relevant} relevant, {o.items - o.relevant} near-misses; "
             f"recall {_pct(o.recall).strip()} ({o.caught}/{o.relevant}), "
             f"precision {_pct(o.precision).strip()} ({o.caught}/{o.alerts}); "
             f"targets {TARGET_RECALL:.2f}/{TARGET_PRECISION:.2f}", ""]
    lines += _table("overall", {"all": o}) + [""]
    lines += rule_rows(report) + [""]
    for title, rows in (("language", report.by_lang), ("country", report.by_country),
                        ("topic", report.by_topic), ("near-miss kind", report.by_kind)):
        lines += _table(title, dict(sorted(rows.items(), key=lambda kv: (-kv[1].items, kv[0])))) + [""]
    if not details:
        return "\n".join(lines)
    misses = [r for r in report.results if r.item.relevant and not r.alerted]
    lines.append(f"misses ({len(misses)}):")
    for r in misses:
        i = r.item
        lines.append(f"  line {i.line} [{i.lang} {i.topic} {','.join(i.countries)}] {_short(i.title)} — {i.source}")
        lines += [f"      {reason}" for reason in why_not(ruleset, i)]
    noise = [r for r in report.results if not r.item.relevant and r.alerted]
    lines.append(f"false alerts ({len(noise)}):")
    for r in noise:
        i = r.item
        fired = "; ".join(f"{m.rule_id}: {', '.join(m.terms)}" for m in r.matches)
        lines.append(f"  line {i.line} [{i.lang} {i.kind}] {_short(i.title)} — {i.source}")
        lines.append(f"      fired {fired}")
    return "\n".join(lines)


def meets_targets(report: Report) -> bool:
    o = report.overall
    return (o.recall or 0.0) >= TARGET_RECALL and (o.precision or 0.0) >= TARGET_PRECISION


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT / "bench" / "data" / "watchlist.jsonl"),
                        help="labelled JSONL set (default: bench/data/watchlist.jsonl)")
    parser.add_argument("--rules", help="rules folder (default: the one config.toml names)")
    parser.add_argument("--config", help="config.toml whose rules to use (default: the repo's)")
    parser.add_argument("--assert", dest="check", action="store_true",
                        help=f"exit 1 unless recall >= {TARGET_RECALL} and precision >= {TARGET_PRECISION}")
    parser.add_argument("--summary", action="store_true", help="tables only, no list of misses/false alerts")
    args = parser.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):          # `| head` ends the output quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    start = time.perf_counter()
    try:
        items = load_items(Path(args.data))
        ruleset = load_ruleset(args.rules, args.config)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Exception as e:      # the CLI's CommandError (bad config or rule files)
        if type(e).__name__ != "CommandError":
            raise
        print(f"error: {e}", file=sys.stderr)
        return 2
    report = evaluate(items, ruleset)
    print(render(report, ruleset, details=not args.summary))
    print(f"\n({time.perf_counter() - start:.2f}s)")
    if args.check and not meets_targets(report):
        print(f"FAIL: recall {_pct(report.overall.recall).strip()} / precision "
              f"{_pct(report.overall.precision).strip()} below {TARGET_RECALL}/{TARGET_PRECISION}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
