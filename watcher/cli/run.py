"""`newswatch run [--once]` and `newswatch check`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from storage import StorageError
from watcher.cli.common import EXIT_CONFIG, EXIT_OK, EXIT_RUNTIME, CommandError, secret_warnings, validate
from watcher.daemon import Daemon, prepare_renderer
from watcher.errors import WatcherError
from watcher.log import setup_logging
from watcher.render import TemplateError

log = logging.getLogger("newswatch")


def cmd_run(args: argparse.Namespace) -> int:
    config, ruleset, problems = validate(args.config)
    if problems or config is None or ruleset is None:
        raise CommandError("\n".join(str(p) for p in problems), EXIT_CONFIG)
    setup_logging(args.log_level or config.watch.log_level, config.secrets)
    for warning in secret_warnings(config):
        log.warning("%s", warning)
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
    config, ruleset, problems = validate(args.config)
    for warning in secret_warnings(config) if config is not None else ():
        print(warning, file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    if problems or config is None or ruleset is None:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return EXIT_CONFIG
    rules = ruleset.rules
    examples = sum(len(r.must_match) + len(r.must_not_match) for r in rules)
    print(f"ok: {len(config.feeds)} feeds, {len(config.subscribers)} subscribers, {len(rules)} rules "
          f"({sum(1 for r in rules if r.enabled)} enabled), {examples} rule examples pass")
    return EXIT_OK


__all__ = ["cmd_check", "cmd_run", "EXIT_RUNTIME"]
