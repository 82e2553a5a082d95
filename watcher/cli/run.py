"""`newswatch run [--once]` and `newswatch check`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from storage import StorageError
from watcher.cli.common import EXIT_CONFIG, EXIT_OK, EXIT_RUNTIME, CommandError, get_config, get_rules
from watcher.config import load_config
from watcher.daemon import Daemon, prepare_renderer
from watcher.errors import ConfigErrors, Problem, WatcherError
from watcher.log import setup_logging
from watcher.pipeline import load_checked
from watcher.render import TemplateError

log = logging.getLogger("newswatch")


def cmd_run(args: argparse.Namespace) -> int:
    config = get_config(args.config)
    setup_logging(args.log_level or config.watch.log_level, config.secrets)
    ruleset = get_rules(config)
    try:
        prepare_renderer(config)
    except TemplateError as e:
        raise CommandError(str(e), EXIT_CONFIG) from None
    daemon = Daemon(config, ruleset)
    try:
        if args.once:
            summary = asyncio.run(daemon.run_once())
            polls = summary.polls
            errors = [p for p in polls if p.status == "error"]
            new = sum(p.new_entries for p in polls)
            alerts = sum(p.alerts for p in polls)
            d = summary.delivery
            log.info("run --once: %d feeds polled (%d failed), %d new entries, %d alerts; %d deliveries sent, "
                     "%d to retry, %d dead (%d send attempts)", len(polls), len(errors), new, alerts, d.sent,
                     d.retried, d.dead, d.messages)
        else:
            asyncio.run(daemon.run_forever())
    except StorageError as e:
        raise CommandError(f"database: {e}") from None
    except WatcherError as e:
        raise CommandError(str(e)) from None
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Validate config.toml and every rule file, run every rule's examples; report everything."""
    from watcher.cli.common import config_path
    problems: list[Problem | str] = []
    try:
        config = load_config(config_path(args.config))
    except ConfigErrors as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return EXIT_CONFIG
    result, rule_problems = load_checked(config.rules_dir, [f.id for f in config.feeds], config.feed_tags())
    problems.extend(rule_problems)
    try:
        prepare_renderer(config)
    except TemplateError as e:
        problems.append(str(e))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return EXIT_CONFIG
    rules = result.ruleset.rules
    examples = sum(len(r.must_match) + len(r.must_not_match) for r in rules)
    print(f"ok: {len(config.feeds)} feeds, {len(config.subscribers)} subscribers, {len(rules)} rules "
          f"({sum(1 for r in rules if r.enabled)} enabled), {examples} rule examples pass")
    return EXIT_OK


__all__ = ["cmd_check", "cmd_run", "EXIT_RUNTIME"]
