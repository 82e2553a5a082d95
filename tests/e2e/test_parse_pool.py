"""The parse pool on either event loop the daemon runs on (asyncio's own, uvloop): a body and a
result larger than a pipe's buffer cross whole, in pieces, between the daemon and its worker."""

from __future__ import annotations

import os
import pickle
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import REPO
from feeds import Item, rss

from watcher.cli.run import run_loop
from watcher.parse.pool import ParsePool
from watcher.types import ParsedFeed


def big_feed(items: int = 300) -> bytes:
    return rss([Item(f"Headline {i} about the southern border", f"https://x.example/{i}", f"g{i}",
                     f"Paragraph {i}. " + "The ministry said the flights would continue. " * 100)
                for i in range(items)])


@pytest.mark.parametrize("uvloop", ["1", "0"])
def test_large_bodies_and_results_cross_the_pipe_on_either_loop(monkeypatch, uvloop):
    if uvloop == "1":
        pytest.importorskip("uvloop")
    monkeypatch.setenv("NEWSWATCH_UVLOOP", uvloop)
    body = big_feed()
    assert len(body) > 1 << 20, "far more than a pipe holds at once"

    async def three_parses() -> tuple[list[ParsedFeed], int]:
        pool = ParsePool(1, max_entries=500)
        try:
            now = datetime.now(timezone.utc)
            results = [await pool.parse(body, {"content-type": "application/rss+xml"}, "https://x.example/feed", now)
                       for _ in range(3)]
            return results, pool.restarts
        finally:
            await pool.close()

    results, restarts = run_loop(three_parses())
    assert restarts == 0
    assert [len(r.entries) for r in results] == [300, 300, 300]
    assert results[2].entries[299].title == "Headline 299 about the southern border"


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/<pid>/maps")
def test_a_worker_loads_the_parser_and_nothing_of_the_daemons():
    """Each parse process's memory: the worker unpickles its target and arguments, so neither may
    bring in the daemon's modules (a pydantic ByteSize budget imported pydantic, the pool's module
    asyncio and ssl)."""
    from pydantic import ByteSize

    async def parse_then_look() -> tuple[ParsedFeed, set[str]]:
        pool = ParsePool(1, memory_bytes=ByteSize(768 << 20), max_entries=500)
        try:
            parsed = await pool.parse(big_feed(3), {}, "https://x.example/feed", datetime.now(timezone.utc))
            (slot,) = pool._slots
            maps = Path(f"/proc/{slot.process.pid}/maps").read_text()
            return parsed, {line.rsplit("/", 1)[-1] for line in maps.splitlines() if ".so" in line}
        finally:
            await pool.close()

    parsed, shared_objects = run_loop(parse_then_look())
    assert len(parsed.entries) == 3
    assert any(name.startswith("etree.") for name in shared_objects), "lxml, the parser, is loaded"
    assert not [name for name in shared_objects if name.startswith(("_pydantic_core", "_asyncio", "_ssl", "_sqlalchemy"))]


def test_story_features_found_in_a_worker_are_those_found_here_with_the_same_key_objects():
    """The daemon has many new entries' story features found in a parse worker (ParsePool.map):
    the same values, every key the same string object as here and the other strings one object
    for every entry (interned when unpickled: the stories of the index share one copy of each)."""
    from watcher.errors import ParseError
    from watcher.stories import EntryText, extract_features

    texts = [EntryText(f"Honduras extradita a Estados Unidos a exalcalde Juan Pérez, caso {i}",
                       "Deportados llegan a San Pedro Sula. " * 3, f"https://x.example/{i}", "es", "Wire")
             for i in range(20)]

    async def in_a_worker() -> tuple[tuple[object, ...], str]:
        pool = ParsePool(1)
        try:
            found = await pool.map(extract_features, texts)
            with pytest.raises(ParseError):
                await pool.map(int, ["not a number"])
            return found, str(pool.restarts)
        finally:
            await pool.close()

    found, restarts = run_loop(in_a_worker())
    here = [extract_features(t) for t in texts]
    assert list(found) == here and restarts == "0"
    for remote, local in zip(found, here):
        mine = {k: k for k in local.keys}
        assert all(k is mine[k] for k in remote.keys)
    first, last = found[0], found[-1]
    assert first.countries == last.countries and first.name_words == last.name_words
    shared = {id(s) for s in (*first.countries, *first.name_words)}
    assert {id(s) for s in (*last.countries, *last.name_words)} == shared


def test_a_mapped_functions_context_goes_to_each_worker_once_and_again_after_a_restart():
    """ParsePool.map with a context (the rule set): each worker gets its pickle once, answers from
    it for later tasks of the same key, gets it again after it was replaced, and a new key
    replaces it; the matches are those found here."""
    from watcher.errors import ParseError
    from watcher.parse.pool import Context
    from watcher.pipeline.entrywork import EntryWork, features_and_matches
    from watcher.ruleset import Document, load_rules
    from watcher.stories import EntryText

    rules = load_rules(Path(REPO) / "rules").ruleset
    blob = pickle.dumps(rules)
    title = "México extradita a Estados Unidos a exalcalde acusado de narcotráfico, caso {}"
    work = [EntryWork(EntryText(title.format(i), source="Wire"), Document(title.format(i), "", ""), "wire", ())
            for i in range(10)]
    made: list[str] = []

    def context(key: str) -> Context:
        return Context(key, lambda: made.append(key) or blob)

    async def mapped() -> tuple[list[object], list[str]]:
        pool = ParsePool(1)
        try:
            first = await pool.map(features_and_matches, work, context("a"))
            second = await pool.map(features_and_matches, work, context("a"))
            with pytest.raises(ParseError):                  # the worker dies: replaced
                await pool.map(os._exit, [3])
            third = await pool.map(features_and_matches, work, context("a"))
            fourth = await pool.map(features_and_matches, work[:2], context("b"))
            return [first, second, third, fourth], list(made)
        finally:
            await pool.close()

    results, sent = run_loop(mapped())
    here = tuple(features_and_matches(rules, w) for w in work)
    assert results[:3] == [here] * 3 and results[3] == here[:2]
    assert all(matches and matches[0].rule_id == "extradition" for _, matches in here)
    assert sent == ["a", "a", "b"], "once, again for the new worker, then the new key"
