"""`newswatch test-rule` (dry run: nothing stored, nothing sent) and `newswatch backfill`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, CommandError
from watcher.cli.loading import get_config, get_rules
from watcher.config import Config
from watcher.errors import FetchError, ParseError
from watcher.messages import counted, unknown_name
from watcher.ruleset import Document, Rule, RuleMatch, RuleSet
from watcher.units import parse_duration


@dataclass(frozen=True)
class Sample:
    doc: Document
    link: str | None = None
    source: str | None = None
    feed_id: str | None = None


def cmd_test_rule(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    ruleset = get_rules(config, run_examples=False)
    rules = _selected(ruleset, args.rule_ids, "test-rule")
    samples = list(_samples(args, config))
    matched = 0
    explain = getattr(args, "explain", False)
    for index, sample in enumerate(samples):
        results = _match(ruleset, rules, sample, config)
        matched += bool(results)
        if args.json:
            line = {"index": index, "link": sample.link, "rules": [m.rule_id for m in results],
                    "terms": {m.rule_id: list(m.terms) for m in results}}
            if explain:
                line["explain"] = {r.id: _tree(ruleset, r, sample) for r in rules}
            print(json.dumps(line, ensure_ascii=False))
        elif explain:
            _print_explained(index, sample, results, ruleset, rules, whole=bool(args.rule_ids))
        elif results:
            _print_human(index, sample, results, ruleset)
    if explain and not args.json and not args.rule_ids and samples:
        print(f"(the whole condition tree of a rule: newswatch test-rule {rules[0].id if rules else 'RULE'} ... --explain)")
    if not args.json:
        sys.stdout.flush()      # the results first: with 2>&1 the summary is the last line
        print(f"{matched} of {counted(len(samples), 'entry', 'entries')} matched", file=sys.stderr)
    return EXIT_OK


def cmd_backfill(args: argparse.Namespace) -> int:
    """Run one rule over stored entries and create real (deduplicated) alerts."""
    # lazy-for-start-up: only this command needs these
    from storage import open_store
    from watcher.pipeline.decide import AlertedRules, decide_alerts
    from watcher.pipeline.schedule import utcnow
    from watcher.routing import build_subscribers

    config = get_config(args.config)
    ruleset = get_rules(config)
    (rule,) = _selected(ruleset, [args.rule_id], "backfill")
    since = datetime.now(timezone.utc) - parse_duration(args.since)
    store = open_store(config.database_url)
    subscribers = build_subscribers(config)
    created = deliveries = scanned = 0
    now = utcnow()
    alerted = AlertedRules()     # one alert per (rule, story); storage also refuses a second one
    for stored in store.entries_since(since):
        spec = config.feed(stored.feed_id)
        if spec is None or stored.story_id is None:
            continue
        scanned += 1
        sample = Sample(Document(stored.title, stored.summary, stored.content), stored.link, feed_id=spec.id)
        matches = _match(ruleset, [rule], sample, config)
        alerts = decide_alerts(matches, stored.story_id, alerted, subscribers, ruleset, spec, now)
        if alerts:
            result = store.record_alerts(spec.id, stored.entry_key, alerts, now)
            created += result.alerts
            deliveries += result.deliveries
    store.close()
    print(f"backfill '{rule.id}': {counted(scanned, 'stored entry', 'stored entries')} since {since:%Y-%m-%d %H:%M} "
          f"UTC scanned, {counted(created, 'new alert')}, {counted(deliveries, 'delivery', 'deliveries')} queued "
          "(sent by the daemon or the next run --once)")
    return EXIT_OK


def _selected(ruleset: RuleSet, ids: list[str] | None, command: str) -> list[Rule]:
    if not ids:
        return [r for r in ruleset.rules if r.enabled]
    unknown = [unknown_name('rule', i, ruleset.by_id) for i in ids if i not in ruleset.by_id]
    if unknown:
        raise CommandError(f"{command}: {'; '.join(unknown)}", EXIT_CONFIG)
    return [ruleset.by_id[i] for i in ids]


def _match(ruleset: RuleSet, rules: list[Rule], sample: Sample, config: Config) -> list[RuleMatch]:
    spec = config.feed(sample.feed_id) if sample.feed_id else None
    return ruleset.match_rules(sample.doc, rules, sample.feed_id, spec.tags if spec else ())


def _samples(args: argparse.Namespace, config: Config) -> Iterator[Sample]:
    if args.text is not None:
        yield Sample(Document(args.text))
    elif args.jsonl is not None:
        yield from _jsonl(Path(args.jsonl))
    elif args.feed is not None:
        yield from _feed(args.feed, config)
    elif args.since is not None:
        yield from _stored(args.since, config)


def _jsonl(path: Path) -> Iterator[Sample]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror or e}", EXIT_CONFIG) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            raise CommandError(f"{path}:{number}:{e.colno}: invalid JSON: {e.msg}", EXIT_CONFIG) from None
        if not isinstance(item, dict):
            raise CommandError(f"{path}:{number}:1: expected a JSON object per line", EXIT_CONFIG)
        yield Sample(Document(str(item.get("title") or ""), str(item.get("summary") or ""),
                              str(item.get("content") or "")), item.get("link"), item.get("source"))


def _feed(location: str, config: Config) -> Iterator[Sample]:
    # lazy-for-start-up: only this command needs these
    from watcher.parse import parse_feed
    now = datetime.now(timezone.utc)
    if location.startswith(("http://", "https://")):
        body, headers, url = asyncio.run(download_feed(location, config))
    else:
        try:
            body = Path(location).read_bytes()
        except OSError as e:
            raise CommandError(f"{location}: cannot read: {e.strerror or e}", EXIT_CONFIG) from None
        headers, url = {}, Path(location).resolve().as_uri()
    try:
        parsed = parse_feed(body, headers, url, now, max_entries=config.fetch.max_entries)
    except ParseError as e:
        raise CommandError(f"{location}: {e}") from None
    for entry in parsed.entries:
        yield Sample(Document(entry.title, entry.summary, entry.content), entry.link, parsed.title)


async def download_feed(url: str, config: Config) -> tuple[bytes, dict[str, str], str]:
    # lazy-for-start-up: only this command needs these
    from watcher.daemon import default_client
    from watcher.fetch import AddressPolicy, Fetched, FetchLimits, Validators, fetch_feed
    client = default_client(config)
    try:
        limits = FetchLimits(config.fetch.timeout.total_seconds(), config.fetch.max_bytes,
                             AddressPolicy.of(config.fetch.allow_private_networks, config.fetch.allow_networks))
        result = await fetch_feed(client, url, Validators(), limits)
    except FetchError as e:
        raise CommandError(f"{url}: {e}") from None
    finally:
        await client.aclose()
    assert isinstance(result, Fetched)
    return result.body, result.headers, result.url


def _stored(since: str, config: Config) -> Iterator[Sample]:
    # lazy-for-start-up: only this command needs these
    from storage import open_store
    try:
        delta = parse_duration(since)
    except ValueError as e:
        raise CommandError(f"--since: {e}", EXIT_CONFIG) from None
    store = open_store(config.database_url, readonly=True)
    try:
        entries = store.entries_since(datetime.now(timezone.utc) - delta)
    finally:
        store.close()
    for stored in entries:
        yield Sample(Document(stored.title, stored.summary, stored.content), stored.link, stored.feed_id,
                     stored.feed_id)


def _print_human(index: int, sample: Sample, results: list[RuleMatch], ruleset: RuleSet) -> None:
    print(f"[{index}] {sample.doc.title or sample.doc.summary[:80]}")
    if sample.link:
        print(f"     {sample.link}")
    for m in results:
        rule = ruleset.by_id[m.rule_id]
        print(f"  ✓ {m.rule_id} ({rule.severity}): {', '.join(m.terms)} in {', '.join(m.fields)}")
        if m.snippet:
            print(f"     {m.snippet.marked()}")


def _tree(ruleset: RuleSet, rule: Rule, sample: Sample, view: str = "whole") -> list[str]:
    """The rule's condition tree on ``sample``: ``whole``, the ``matched`` branch, or the first
    failure of each branch (``summary``)."""
    # lazy-for-start-up: only this command needs these
    from watcher.ruleset.explain import branch_summary, explain_tree, matched_branch
    show = {"whole": explain_tree, "matched": matched_branch, "summary": branch_summary}[view]
    return show(rule.condition, ruleset.scan(sample.doc), rule.mask)


def _print_explained(index: int, sample: Sample, results: list[RuleMatch], ruleset: RuleSet,
                     rules: list[Rule], *, whole: bool) -> None:
    """Every selected rule, matched or not, with its condition tree: whole for the rules asked
    for by id; else, for a rule that matched, the branch that matched, for one that did not, the
    first clause that failed in each branch (the whole trees of the shipped rules: ~2,000 lines)."""
    print(f"[{index}] {sample.doc.title or sample.doc.summary[:80]}")
    if sample.link:
        print(f"     {sample.link}")
    fired = {m.rule_id: m for m in results}
    for rule in rules:
        m = fired.get(rule.id)
        if m is not None:
            print(f"  ✓ {rule.id} ({rule.severity}): {', '.join(m.terms)} in {', '.join(m.fields)}")
        elif sample.feed_id is not None and not rule.applies_to(sample.feed_id):
            print(f"  ✗ {rule.id} ({rule.severity}): not applied to feed '{sample.feed_id}'")
            continue
        else:
            print(f"  ✗ {rule.id} ({rule.severity}): no match")
        view = "whole" if whole else "matched" if m is not None else "summary"
        for line in _tree(ruleset, rule, sample, view):
            print(f"      {line}")
