"""A rule set from the rule cache stays packed until an entry needs matching (RuleSet.unpack):
a warm `run --once` (every feed answers 304) never unpickles the conditions nor compiles their
regexes; the first new entry unpacks them and is matched as from the files. In process, with
the real pipeline, store and a local feed server."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from feeds import Item, rss
from servers import Route

from watcher.config import load_config
from watcher.daemon import Hooks, Jobs, open_runtime, run_once
from watcher.pipeline.rules import load_checked

EXTRADITION = Item("Honduras extradita a Estados Unidos a un narcotraficante", "https://hn.example/ext-1", "ext-1",
                   "La Corte Suprema de Justicia autorizó la extradición.", timedelta(hours=1))
SPORT = Item("Olimpia gana el clásico ante Motagua", "https://hn.example/sport-1", "sport-1", "", timedelta(hours=2))


def _once(config: Any, *, warm_up: bool = False) -> tuple[Any, Any]:
    """(the rule set the run started with, its summary): a start as `run --once` makes it."""
    result, problems = load_checked(config.rules_dir, config.feed_refs, config.feed_tags(), config=config)
    assert problems == []

    async def go() -> Any:
        async with open_runtime(config, result.ruleset, Hooks()) as rt:
            if warm_up:                   # what the daemon does before its first poll round
                await Jobs(rt, config).warm_up()
                return None
            return await run_once(rt, config)
    return result.ruleset, asyncio.run(go())


def test_a_warm_run_once_never_unpacks_the_cached_rules(project, feed_server) -> None:
    feed_server.routes["/hn.xml"] = Route(rss([SPORT]), etag='"v1"')
    project.write(feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml"), "tags": ["honduras", "es"]}])
    config = load_config(project.config)
    cold_rules, cold = _once(config)          # loads the files (and fills the cache)
    assert not cold_rules.packed and [p.new_entries for p in cold.polls] == [1]
    warm_rules, warm = _once(config)          # from the cache; the feed answers 304
    assert [(p.status, p.new_entries) for p in warm.polls] == [("not-modified", 0)]
    assert warm_rules.packed and len(warm_rules) == len(cold_rules)
    feed_server.routes["/hn.xml"] = Route(rss([EXTRADITION, SPORT]), etag='"v2"')
    hot_rules, hot = _once(config)            # a new entry: unpacked for it, and it matches
    assert not hot_rules.packed
    assert [(p.new_entries, p.alerts) for p in hot.polls] == [(1, 1)]


def test_the_daemon_unpacks_the_cached_rules_before_its_first_poll(project, feed_server) -> None:
    feed_server.routes["/hn.xml"] = Route(rss([SPORT]), etag='"v1"')
    project.write(feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml")}])
    config = load_config(project.config)
    _once(config)
    ruleset, _ = _once(config, warm_up=True)
    assert not ruleset.packed
