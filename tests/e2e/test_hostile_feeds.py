"""Hostile and broken feeds against a real local server (hazards.md B 16-28): each case is
bounded in time and memory, and a healthy feed polled in the same cycle still alerts."""

from __future__ import annotations

import asyncio
import gzip
import sqlite3
from datetime import datetime, timezone
from email.utils import format_datetime
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from feeds import Item, rss
from harness import Clock, Harness, run
from hostile import (RssSampler, deflate_bomb, endless_chunked, gzip_bomb, hang, raw, redirect, trickle,
                     workers_peak_mb)
from servers import Route
from watcher.daemon import default_parser

# the tests that bound a parse's or a cycle's time, or the event loop's lag, run alone (serial); the
# others (errors, entries, this process's memory) run with the rest of the suite
timed = pytest.mark.serial

NOW_DATE = f"<pubDate>{format_datetime(datetime.now(timezone.utc))}</pubDate>"
HEALTHY = Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/ok", "ok")


@dataclass
class Outcome:
    reports: dict[str, Any]
    elapsed: float
    rss_mb: float
    max_lag: float
    rows: list[Any]
    workers_mb: float = 0.0     # the largest peak RSS of a process the daemon started (parse workers)
    parse_s: dict[str, float] = field(default_factory=dict)   # URL path -> seconds its parse took
    harness: Any = None


class TimedParser:
    """The daemon's own parse pool, timing each parse (the poll's elapsed time also holds waits on
    the store and the story index, which have nothing to do with the parser)."""

    def __init__(self, config: Any, times: dict[str, float]) -> None:
        self.pool, self.times = default_parser(config), times

    async def start(self) -> None:
        await self.pool.start()

    async def parse(self, body: bytes, headers: dict[str, str], url: str, now: datetime) -> Any:
        started = time.monotonic()
        try:
            return await self.pool.parse(body, headers, url, now)
        finally:
            self.times[urlsplit(url).path] = time.monotonic() - started

    async def close(self) -> None:
        await self.pool.close()


async def _lag(stop: asyncio.Event, out: list[float]) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(0.01)
        out.append(loop.time() - before - 0.01)


def cycle(project, feed_server, hostile: Route | None, *, fetch: str = "", watch: str = "",
          extra_feeds: list[dict[str, Any]] | None = None, rounds: int = 1, between=None) -> Outcome:
    clock = Clock()
    for leftover in project.root.glob("newswatch.db*"):   # every cycle starts a fresh deployment
        leftover.unlink()
    feed_server.routes["/healthy.xml"] = Route(rss([HEALTHY], now=clock()))
    if hostile is not None:
        feed_server.routes["/hostile"] = hostile
    feeds = [{"id": "healthy", "url": feed_server.url("/healthy.xml")},
             {"id": "hostile", "url": feed_server.url("/hostile")}] + (extra_feeds or [])
    project.write(feeds=feeds, fetch=fetch, watch=watch)

    async def scenario() -> Outcome:
        times: dict[str, float] = {}
        async with Harness(project.config, clock, make_parser=lambda config: TimedParser(config, times)) as h:
            await h.rt.parser.start()   # each report's elapsed time is then the feed's own work
            lags: list[float] = []
            stop = asyncio.Event()
            ticker = asyncio.create_task(_lag(stop, lags))
            reports: dict[str, Any] = {}
            started = time.monotonic()
            with RssSampler() as mem:
                for i in range(rounds):
                    if i and between:
                        between(i)
                    for r in await h.poll_all():
                        reports.setdefault(r.feed_id, []).append(r)
            elapsed = time.monotonic() - started
            workers_mb = workers_peak_mb()
            stop.set()
            await ticker
            return Outcome(reports, elapsed, mem.growth_mb, max(lags or [0]), h.rows(), workers_mb, times)

    outcome = run(scenario())
    healthy = outcome.reports["healthy"][0]
    assert healthy.status == "new" and healthy.alerts == 1, healthy
    return outcome


def hostile_error(outcome: Outcome) -> str:
    report = outcome.reports["hostile"][-1]
    assert report.status == "error", report
    return report.error


# -- B16 / B17: entity attacks ------------------------------------------------------------------

@timed
def test_billion_laughs_and_xxe_are_inert(project, feed_server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    listener = []

    def spy(h):
        listener.append(h.path)
        h.send_simple(200, b"<!ENTITY leak 'x'>", "text/plain")

    feed_server.routes["/external.dtd"] = Route(handler=spy)
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}'
            f'<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY web SYSTEM "{feed_server.url("/external.dtd")}">'
            f'<!ENTITY % p SYSTEM "{feed_server.url("/external.dtd")}"> %p;]>'
            '<rss version="2.0"><channel><title>t</title><item><title>Honduras &lol9; &xxe; &web;</title>'
            '<link>https://x.example/1</link></item></channel></rss>').encode()
    outcome = cycle(project, feed_server, Route(body))
    assert outcome.elapsed < 5 and outcome.rss_mb < 50
    assert listener == [], "no external entity or DTD was fetched"
    assert "TOP-SECRET" not in repr(outcome.rows)
    import sqlite3
    with sqlite3.connect(project.db) as db:
        titles = [r[0] for r in db.execute("select title from entry where feed_id='hostile'")]
    assert titles and all("TOP-SECRET" not in t and len(t) < 200 for t in titles)


@timed
@pytest.mark.parametrize("entity_kb,refs", [(100, 1000), (130, 1000)])
def test_quadratic_blowup_is_not_expanded(project, feed_server, entity_kb, refs):
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"x" * (entity_kb * 1000) + b'">]>'
            b'<rss version="2.0"><channel><item><title>' + b"&a;" * refs + b"</title>"
            b"<link>https://x.example/q</link></item></channel></rss>")
    outcome = cycle(project, feed_server, Route(body))
    assert outcome.parse_s["/hostile"] < 1, "unmitigated feedparser takes 30 s and 2 GB here"
    assert outcome.rss_mb < 100 and outcome.workers_mb < 100, (outcome.rss_mb, outcome.workers_mb)


def _entity_feed(entity: int, refs: int, *, before_doctype: str = "", declaration: str = "") -> str:
    return (f'<?xml version="1.0"{declaration}?>\n{before_doctype}<!DOCTYPE rss [\n<!ENTITY a "{"x" * entity}">\n]>\n'
            '<rss version="2.0"><channel><title>t</title><item><title>Honduras ' + "&a;" * refs + "</title>"
            f"<link>https://x.example/q</link>{NOW_DATE}</item></channel></rss>")


ENTITY_BYPASSES = {
    # the byte-level strip saw no "<!DOCTYPE" in UTF-16; feedparser decoded it and expanded (9 s, 768 MB)
    "utf-16": (_entity_feed(200_000, 1000, declaration=' encoding="utf-16"').encode("utf-16"), "application/rss+xml"),
    "utf-16-charset": (_entity_feed(200_000, 1000).encode("utf-16-le"), "application/rss+xml; charset=utf-16le"),
    # "<a" inside a comment ended the prolog early: expat expands below its 100x amplification limit
    "comment-before-doctype": (_entity_feed(500_000, 95, before_doctype="<!-- <a -->").encode(),
                               "application/rss+xml"),
    "pi-before-doctype": (_entity_feed(500_000, 95, before_doctype="<?x <a?>").encode(), "application/rss+xml"),
}


@timed
@pytest.mark.parametrize("kind", sorted(ENTITY_BYPASSES))
def test_entity_blowup_is_not_expanded_whatever_the_encoding_or_prolog(project, feed_server, kind):
    body, ctype = ENTITY_BYPASSES[kind]
    outcome = cycle(project, feed_server, Route(body, ctype))
    report = outcome.reports["hostile"][0]
    assert report.status == "new", report     # the feed is read, its entity left unexpanded
    assert outcome.parse_s["/hostile"] < 1, f"parse took {outcome.parse_s['/hostile']:.1f}s"
    assert outcome.rss_mb < 100 and outcome.workers_mb < 100, (outcome.rss_mb, outcome.workers_mb)
    with sqlite3.connect(project.db) as db:
        (title,) = [r[0] for r in db.execute("select title from entry where feed_id='hostile'")]
    assert title.startswith("Honduras") and "xxxxxxxxxx" not in title


# -- B18 / B19: bombs and oversized bodies --------------------------------------------------------

@timed
def test_gzip_bomb_stops_at_the_decoded_cap(project, feed_server):
    bomb = gzip_bomb(1 << 30)     # 1 GiB decoded, ~1 MB on the wire
    outcome = cycle(project, feed_server, Route(bomb, headers={"Content-Encoding": "gzip"}),
                    fetch='max_bytes = "5MB"')
    assert "after decompression" in hostile_error(outcome)
    assert outcome.rss_mb < 2 * 5 + 30 and outcome.elapsed < 5


def test_stacked_encodings_are_refused(project, feed_server):
    double = gzip.compress(gzip.compress(b"\0" * (50 << 20)))
    outcome = cycle(project, feed_server, Route(double, headers={"Content-Encoding": "gzip, gzip"}))
    assert "stacked content-encodings refused" in hostile_error(outcome)
    assert outcome.rss_mb < 30


def test_deflate_bomb_and_unsupported_codings(project, feed_server):
    outcome = cycle(project, feed_server, Route(deflate_bomb(200 << 20), headers={"Content-Encoding": "deflate"}),
                    fetch='max_bytes = "5MB"')
    assert "after decompression" in hostile_error(outcome)
    for coding in ("br", "zstd"):
        outcome = cycle(project, feed_server, Route(b"\x8b\x00junk", headers={"Content-Encoding": coding}))
        assert f"unsupported content-encoding '{coding}'" in hostile_error(outcome)


def test_oversized_bodies(project, feed_server):
    stop = threading.Event()
    try:
        big = raw("200 OK", {"Content-Type": "application/rss+xml", "Content-Length": str(200 << 20)})
        assert "over the 10,000,000-byte limit" in hostile_error(cycle(project, feed_server, Route(handler=big)))
        outcome = cycle(project, feed_server, Route(handler=endless_chunked(stop)))
        assert "larger than 10,000,000 bytes" in hostile_error(outcome)
        assert outcome.rss_mb < 2 * 10 + 30
        short = raw("200 OK", {"Content-Type": "application/rss+xml", "Content-Length": "5000"}, b"<rss>")
        assert hostile_error(cycle(project, feed_server, Route(handler=short)))
    finally:
        stop.set()


# -- B20: slow and silent servers -------------------------------------------------------------------

@timed
@pytest.mark.parametrize("mode", ["body", "headers", "hang"])
def test_slow_servers_are_cut_at_the_overall_deadline(project, feed_server, mode):
    stop = threading.Event()
    handler = hang(stop) if mode == "hang" else trickle(stop, headers_too=(mode == "headers"))
    # five more healthy feeds, each with its own story (sharing the healthy feed's story would make
    # "which feed alerts it" a race between them)
    for i in range(5):
        feed_server.routes[f"/other-{i}.xml"] = Route(rss([Item(f"Nota local {i}", f"https://x.example/o{i}", f"o{i}")]))
    others = [{"id": f"other-{i}", "url": feed_server.url(f"/other-{i}.xml")} for i in range(5)]
    try:
        outcome = cycle(project, feed_server, Route(handler=handler), fetch='timeout = "3s"', extra_feeds=others)
    finally:
        stop.set()
    assert "no complete response within 3s" in hostile_error(outcome)
    assert 2.5 < outcome.elapsed < 5, "per-read timeouts alone would never end a 1 byte/s body"
    assert all(outcome.reports[f"other-{i}"][0].status in ("new", "unchanged") for i in range(5))
    assert max(r.elapsed for i in range(5) for r in outcome.reports[f"other-{i}"]) < 2


# -- B21: redirects ------------------------------------------------------------------------------

def test_redirect_loops_and_foreign_schemes(project, feed_server):
    for i in range(25):
        feed_server.routes[f"/hop{i}"] = Route(handler=redirect(f"/hop{i + 1}"))
    assert "more than 5 redirects" in hostile_error(cycle(project, feed_server, Route(handler=redirect("/hop0"))))
    assert "more than 5 redirects" in hostile_error(cycle(project, feed_server, Route(handler=redirect("/hostile"))))
    for target in ("file:///etc/passwd", "gopher://127.0.0.1:70/"):
        assert "refused to follow a non-HTTP URL" in hostile_error(
            cycle(project, feed_server, Route(handler=redirect(target))))


def test_relative_redirects_are_followed(project, feed_server):
    feed_server.routes["/real.xml"] = Route(rss([Item("Honduras deporta a 20 migrantes", "https://x.example/r", "r")]))
    feed_server.routes["/a/b"] = Route(handler=redirect("../real.xml", 307))
    outcome = cycle(project, feed_server, Route(handler=redirect("/a/b")))
    assert outcome.reports["hostile"][0].status == "new"


# -- B22 / B23: huge and pathological documents ------------------------------------------------------

@timed
def test_large_legitimate_feed_is_capped_and_never_blocks_the_loop(project, feed_server):
    items = [Item(f"Nota {i} sobre la economía regional", f"https://x.example/big/{i}", f"big-{i}") for i in range(20_000)]
    outcome = cycle(project, feed_server, Route(rss(items)), fetch='max_bytes = "20MB"\nmax_entries = 500')
    report = outcome.reports["hostile"][0]
    assert report.status == "new" and report.new_entries == 500
    assert outcome.max_lag < 0.1, f"event loop blocked for {outcome.max_lag * 1000:.0f} ms"


@timed
def test_single_12mb_line_is_parsed_off_the_loop(project, feed_server):
    line = b'<rss version="2.0"><channel><item><title>Honduras</title><description>' + b"palabra " * 1_500_000
    body = line + b"</description><link>https://x.example/line</link></item></channel></rss>"
    outcome = cycle(project, feed_server, Route(body), fetch='max_bytes = "20MB"')
    assert outcome.max_lag < 0.1, f"event loop blocked for {outcome.max_lag * 1000:.0f} ms"


@timed
def test_pathological_nesting_kills_the_worker_not_the_daemon(project, feed_server):
    body = b'<rss version="2.0"><channel><item><title>x</title><description>' + b"<a>" * 1_000_000
    outcome = cycle(project, feed_server, Route(body), fetch='parse_timeout = "2s"\nparse_memory = "400MB"',
                    rounds=2)
    first, second = outcome.reports["hostile"]
    assert first.status == second.status == "error"
    assert "parse took longer than 2s" in first.error or "memory" in first.error
    assert outcome.max_lag < 0.1
    assert outcome.reports["healthy"][1].status in ("not-modified", "unchanged"), "the daemon carries on"


# -- B24 / B25: not a feed, truncated feeds -------------------------------------------------------------

NOT_FEEDS = {
    "html": (b"<html><body><form>login</form></body></html>", "text/html", "an HTML page"),
    "json": (b'{"status": "ok", "items": []}', "application/json", "not a feed"),
    "binary": (bytes(range(256)) * 100, "application/octet-stream", "not a feed"),
    "empty": (b"", "application/rss+xml", "empty response body"),
    "utf16-no-bom": ('<rss version="2.0"><channel><item><title>Honduras extradita</title></item></channel>'
                     '</rss>'.encode("utf-16-le"), "application/rss+xml", "not a feed"),
    "gzip-without-header": (gzip.compress(rss([Item("Honduras extradita", "https://x.example/g", "g")])),
                            "application/rss+xml", ""),
}


@pytest.mark.parametrize("kind", sorted(NOT_FEEDS))
def test_not_a_feed_sends_nothing_keeps_seen_entries_and_recovers_quietly(project, feed_server, kind):
    body, ctype, message = NOT_FEEDS[kind]
    real = rss([Item("Honduras extradita a exdiputado", "https://x.example/real", "real")])
    feed_server.routes["/hostile"] = Route(real)

    def swap(i: int) -> None:
        feed_server.routes["/hostile"] = Route(body, ctype) if i == 1 else Route(real)

    outcome = cycle(project, feed_server, None, rounds=3, between=swap)
    first, bad, back = outcome.reports["hostile"]
    assert first.status == "new" and first.alerts == 1
    assert bad.status == "error" and message in bad.error
    assert back.status in ("new", "unchanged") and back.new_entries == 0 and back.alerts == 0, "no re-alert"
    assert len([r for r in outcome.rows if "exdiputado" in r.title]) == 1


def test_truncated_feed_then_full_feed(project, feed_server):
    items = [Item(f"Honduras deporta a {n} migrantes guatemaltecos", f"https://x.example/t{n}", f"t{n}")
             for n in range(10, 20)]
    full = rss(items)
    cut = full[: full.index(b"<item>", full.index(b"t17")) - 0]

    def swap(i: int) -> None:
        feed_server.routes["/hostile"] = Route(full)

    outcome = cycle(project, feed_server, Route(cut), rounds=2, between=swap)
    first, second = outcome.reports["hostile"]
    assert first.alerts == 8 and second.alerts == 2
    assert len(outcome.rows) == 11   # 10 stories + the healthy one, each delivered once


# -- B26: identity edge cases ----------------------------------------------------------------------------

def test_entry_identity_edge_cases(project, feed_server):
    """Duplicate guids, missing guid and link, a guid that changes every fetch, tracking
    parameters, the same story in two feeds: no duplicate alert, no lost story."""
    fetches = [0]

    def body() -> bytes:
        fetches[0] += 1
        items = [
            Item("Honduras extradita a alias El Tigre", "https://x.example/a", "dup"),
            Item("Guatemala extradita a exministro", "https://x.example/b", "dup"),           # same guid, other story
            Item("Honduras deporta a 40 nicaragüenses", "", None),                            # no guid, no link
            Item("México extradita a 26 narcotraficantes", "https://x.example/c?utm_source=rss",
                 f"volatile-{fetches[0]}"),                                                 # guid changes each fetch
            Item("México extradita a 26 narcotraficantes", "https://x.example/c?utm_campaign=x", "copy-c"),
        ]
        return rss(items)

    def handler(h):
        h.send_simple(200, body(), "application/rss+xml")

    other = [{"id": "second-outlet", "url": feed_server.url("/second.xml")}]
    feed_server.routes["/second.xml"] = Route(rss([Item("México extradita a 26 narcotraficantes",
                                                        "https://www.x.example/c/?fbclid=abc", "elsewhere")]))
    outcome = cycle(project, feed_server, Route(handler=handler), extra_feeds=other, rounds=3)
    alerted = sorted(r.title for r in outcome.rows if r.subscriber_id == "terminal")
    assert alerted == sorted(["Extraditan a Estados Unidos a hondureño acusado de narcotráfico",
                              "Honduras extradita a alias El Tigre", "Guatemala extradita a exministro",
                              "Honduras deporta a 40 nicaragüenses", "México extradita a 26 narcotraficantes"])


# -- B27 / B28: encodings, control characters, oversized fields ------------------------------------------------

def test_broken_encodings_and_control_characters(project, feed_server):
    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item>'
            f'<title>Honduras extradita \x07\u202eal\u200b jefe</title><link>https://x.example/e</link>{NOW_DATE}'
            '</item></channel></rss>').encode() + b"\xff\xfe bad bytes"
    outcome = cycle(project, feed_server, Route(body, "application/rss+xml; charset=iso-8859-1"))
    titles = [r.title for r in outcome.rows if "jefe" in r.title]
    assert titles and all(not set(t) & {"\x07", "\u202e", "\u200b"} for t in titles)


def test_oversized_fields_are_truncated_and_still_sent(project, feed_server, capsys):
    title = "Honduras extradita " + "x" * 1_000_000
    summary = "palabra " * 6_000_000
    body = (f'<rss version="2.0"><channel><item><title>{title}</title><description>{summary}</description>'
            f'<link>https://x.example/huge</link>{NOW_DATE}</item></channel></rss>').encode()
    outcome = cycle(project, feed_server, Route(body), fetch='max_bytes = "60MB"')
    assert outcome.reports["hostile"][0].alerts == 1
    assert outcome.rss_mb < 400
