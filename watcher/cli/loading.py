"""Loading what a command needs, with exit codes: config.toml (and its destinations), the
rule files, or everything ``check`` and ``run`` validate at once."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Callable, Iterator

from watcher.cli.exits import EXIT_CONFIG, CommandError
from watcher.config import Config, check_config, default_config_path
from watcher.destinations import ask_apart, check_destinations, exposure_warnings, subscriber_urls
from watcher.errors import ConfigError, Problem
from watcher.messages import unknown_name
from watcher.pipeline import load_checked, verdictcache
from watcher.ruleset import RuleSet
from watcher.units import format_duration


def config_path(arg: str | None) -> Path:
    return Path(arg) if arg else default_config_path()


def get_config(arg: str | None, *, check_urls: bool = True) -> Config:
    """config.toml, loaded and validated; with ``check_urls``, its destinations too (Apprise
    URLs and templates: :func:`watcher.destinations.check_destinations`)."""
    config, problems = check_config(config_path(arg))
    if config is not None and check_urls:
        problems += _checked_destinations(config)
    if problems or config is None:
        raise CommandError(str(ConfigError(problems)), EXIT_CONFIG)
    return config


def secret_warnings(config: Config) -> list[str]:
    """Warnings about literal secrets in a config file every user can read."""
    try:
        mode = config.path.stat().st_mode
    except OSError:
        return []
    return exposure_warnings(config, mode)


MIN_SENSIBLE_INTERVAL = timedelta(minutes=1)


def interval_warnings(config: Config) -> list[str]:
    """A located warning for each poll interval under a minute (``interval = "5s"``): feeds
    rarely change that often, and a publisher may block a client that polls so fast."""
    if config.locator is None:
        return []
    floor = format_duration(MIN_SENSIBLE_INTERVAL.total_seconds())
    places: list[tuple[tuple[str | int, ...], timedelta]] = [
        (("watch", key), getattr(config.watch, key)) for key in ("poll_interval", "min_interval")]
    places += [(("feeds", i, "interval"), f.interval) for i, f in enumerate(config.feeds) if f.interval is not None]
    return [str(config.locator.problem(path, f"warning: polled every {format_duration(value.total_seconds())}; "
                                             f"publishers may block a client this fast and feeds rarely change that "
                                             f"often: use at least '{floor}'"))
            for path, value in places if value < MIN_SENSIBLE_INTERVAL]


def config_warnings(config: Config) -> list[str]:
    """What ``check`` and ``run`` warn about (nothing stops): readable secrets, tiny intervals."""
    return secret_warnings(config) + interval_warnings(config)


def get_rules(config: Config, *, run_examples: bool = True) -> RuleSet:
    result, problems = load_checked(config.rules_dir, config.feed_refs or [f.id for f in config.feeds],
                                    config.feed_tags(), config=config)
    if not run_examples:
        problems = result.problems
    if problems:
        raise CommandError("\n".join(str(p) for p in problems), EXIT_CONFIG)
    return result.ruleset


def validate(arg: str | None, read: Callable[[Config], object] | None = None,
             ) -> tuple[Config | None, RuleSet | None, list[Problem]]:
    """Everything ``check`` and ``run`` validate, every problem at once: config.toml (as far
    as it can be read), its urls and templates, every rule file, every rule's examples, and
    the subscribers' rule references. ``read``: called with the config once it is read (work
    that can begin while the rules are validated)."""
    config, problems = check_config(config_path(arg))
    if config is None:
        return None, None, problems
    with cached_verdicts(config):     # the verdicts of the last start on the same URLs
        apart = ask_apart(config)     # Apprise's verdicts on the other URLs, on another core meanwhile
        if read is not None:          # after the fork: ask_apart forks only while no other thread runs
            read(config)
        try:
            result, rule_problems = load_checked(config.rules_dir, config.feed_refs, config.feed_tags(), config=config)
        finally:
            if apart is not None:
                apart.join()
        problems += check_destinations(config)
    return config, result.ruleset, problems + rule_problems


@contextmanager
def cached_verdicts(config: Config) -> Iterator[None]:
    """Apprise's verdicts on the config's URLs from the cache of the last start, for the block;
    those asked in it kept for the next start (watcher/pipeline/verdictcache.py)."""
    urls = subscriber_urls(config)
    cache = verdictcache.recall(urls)
    yield
    verdictcache.keep(cache, urls)


def _checked_destinations(config: Config) -> list[Problem]:
    """:func:`check_destinations`, with the verdicts cached across starts."""
    with cached_verdicts(config):
        return check_destinations(config)


def check_rule_id(config: Config, rule_id: str, option: str) -> None:
    """A rule id with nothing stored must at least be a rule of the rule files (else exit 2)."""
    from watcher.ruleset import load_rules
    known = sorted(r.id for r in load_rules(config.rules_dir, feed_ids=[f.id for f in config.feeds],
                                            feed_tags=config.feed_tags()).ruleset.rules)
    if rule_id in known:
        return
    raise CommandError(f"{option}: {unknown_name('rule', rule_id, known)}", EXIT_CONFIG)
