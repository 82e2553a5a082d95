"""The daemon's HTTP server against a daemon with real data: metrics that move, readiness that
follows the database, tokens, limits, the page's escaping and secrets, the Atom and JSON feeds."""

from __future__ import annotations

import asyncio
import html.parser
import json
import os
import re
import socket
from datetime import datetime
from pathlib import Path

import aiohttp
import feedparser
import jsonschema
import pytest
from multidict import CIMultiDict
from prometheus_client.parser import text_string_to_metric_families

from desk import HOSTILE_TITLE, running_desk, write_desk
from harness import Clock, Harness
from watcher.web.server import WebServer

SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "jsonfeed-1.1.schema.json").read_text())


async def get(url: str, **kw) -> tuple[int, CIMultiDict[str], str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, **kw) as response:
            return response.status, CIMultiDict(response.headers), await response.text()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(metrics: dict, name: str, **labels: str) -> float:
    return metrics.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_counters_move_after_a_poll_and_a_delivery(project, feed_server, sink):
    async with running_desk(project, feed_server, sink, poll=False) as (h, base):
        status, headers, body = await get(base + "/metrics")
        assert status == 200 and headers["Content-Type"].startswith("text/plain; version=0.0.4")
        before = samples(body)
        await h.poll_all()
        await h.deliver()
        after: dict = {}

        async def scraped_after_the_poll() -> bool:
            # /metrics answers and the database counts behind them are each shared for a second,
            # from slightly different instants: wait until both were taken after the poll.
            after.clear()
            after.update(samples((await get(base + "/metrics"))[2]))
            return value(after, "newswatch_polls_total", status="new") > 0 and value(after, "newswatch_stories_total") > 0

        await _until_async(scraped_after_the_poll)
        shipped_rules = len(h.rt.rules.current.rules)
    assert shipped_rules >= 3
    assert value(before, "newswatch_polls_total", status="new") == 0
    assert value(after, "newswatch_polls_total", status="new") == 2          # two feeds brought entries
    assert value(after, "newswatch_polls_total", status="error") == 1        # the broken one: 404
    assert value(after, "newswatch_feed_errors_total", kind="http") == 1
    assert value(after, "newswatch_fetch_duration_seconds_count", outcome="ok") == 2
    assert value(after, "newswatch_fetch_body_bytes_count") == 2
    assert value(after, "newswatch_entries_seen_total") == 4
    assert value(after, "newswatch_entries_new_total") == 4
    assert value(after, "newswatch_poll_round_duration_seconds_count") == 1
    assert value(before, "newswatch_deliveries_total", outcome="sent", channel="json") == 0
    assert value(after, "newswatch_deliveries_total", outcome="sent", channel="json") >= 3
    assert value(after, "newswatch_alerts_total", rule="deportation", severity="high") == 1
    assert value(after, "newswatch_alerts_total", rule="extradition", severity="high") == 2
    assert value(after, "newswatch_outbox_deliveries", status="sent") >= 3
    assert value(after, "newswatch_outbox_deliveries", status="pending") == 0
    assert value(after, "newswatch_stories_total") == 3
    assert value(after, "newswatch_feeds", health="failing") == 1
    assert value(after, "newswatch_ready") == 1 and value(after, "newswatch_database_up") == 1
    assert value(after, "newswatch_rules_loaded") == shipped_rules
    assert value(after, "newswatch_parse_workers_alive") == 2
    labels = {k for (name, ls) in after for k, v in ls if "://" in v or "hondureño" in v}
    assert not labels, "no URL or title is ever a label value"


async def test_readyz_turns_503_when_the_sqlite_file_goes_away_and_200_when_it_returns(project, feed_server, sink):
    async with running_desk(project, feed_server, sink, poll=False) as (_h, base):
        status, _, body = await get(base + "/readyz")
        assert status == 200 and json.loads(body)["status"] == "ready"
        moved = project.db.with_name("elsewhere.db")
        os.rename(project.db, moved)
        try:
            status, _, body = await _ready_status(base, 503)
            answer = json.loads(body)
            assert answer["status"] == "not ready"
            assert answer["reasons"][0].startswith("database: cannot read the database:"), answer
            assert "unable to open database file" in answer["reasons"][0]
            assert not project.db.exists(), "a status read never creates an empty database"
        finally:
            os.rename(moved, project.db)
        status, _, body = await _ready_status(base, 200)
        assert json.loads(body)["reasons"] == []


async def _ready_status(base: str, wanted: int, timeout: float = 10.0) -> tuple[int, dict, str]:
    """/readyz until it answers ``wanted`` (answers are shared for a second), within a deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        answer = await get(base + "/readyz")
        if answer[0] == wanted or loop.time() > deadline:
            assert answer[0] == wanted, answer
            return answer
        await asyncio.sleep(0.1)


async def _until(predicate, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def _until_async(predicate, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await predicate():
        assert loop.time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.1)


class TcpProxy:
    """127.0.0.1:0 -> PostgreSQL; ``down()`` cuts every connection and refuses new ones."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = True
        self.links: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.links |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    def down(self) -> None:
        self.up = False
        for writer in self.links:
            writer.close()
        self.links.clear()

    async def close(self) -> None:
        self.down()
        self.server.close()


@pytest.mark.postgres
async def test_readyz_follows_a_postgresql_outage(project, feed_server, sink, pg_url):
    from sqlalchemy.engine import make_url
    url = make_url(pg_url)
    proxy = TcpProxy(url.port or 5432)
    port = await proxy.start()
    proxied = url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    write_desk(project, feed_server, sink)
    text = project.config.read_text().replace('database = "sqlite:///newswatch.db"', f'database = "{proxied}"')
    project.config.write_text(text)
    try:
        async with Harness(project.config, Clock()) as h:
            web = await WebServer(h.rt).start()
            base = f"http://127.0.0.1:{web.port}"
            try:
                await _ready_status(base, 200)
                proxy.down()
                _, _, body = await _ready_status(base, 503, timeout=20)
                assert json.loads(body)["reasons"][0].startswith("database: cannot read the database:")
                proxy.up = True
                await _ready_status(base, 200, timeout=20)
            finally:
                await web.close()
    finally:
        await proxy.close()


async def test_a_token_guards_everything_but_healthz(project, feed_server, sink, monkeypatch):
    token = "t0k3n-" + "x" * 20
    monkeypatch.setenv("NEWSWATCH_HTTP_TOKEN", token)
    http = 'listen = "127.0.0.1:0"\ntoken = "${NEWSWATCH_HTTP_TOKEN}"'
    async with running_desk(project, feed_server, sink, http=http) as (_h, base):
        assert (await get(base + "/healthz"))[0] == 200
        for path in ("/", "/metrics", "/readyz", "/alerts.atom", "/alerts.json"):
            status, headers, _ = await get(base + path)
            assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer"), path
            assert (await get(base + path, headers={"Authorization": "Bearer wrong-token-wrong-token"}))[0] == 401
            assert (await get(base + path, params={"token": token[:-1]}))[0] == 401
            assert (await get(base + path, headers={"Authorization": f"Bearer {token}"}))[0] == 200, path
            status, _, body = await get(base + path, params={"token": token})
            assert status == 200 and token not in body, path


def test_a_non_loopback_listen_without_a_token_refuses_to_start(project, monkeypatch):
    project.write(http='listen = "0.0.0.0:8470"')
    for command in (("check",), ("run",)):
        result = project.cli(*command)
        assert result.returncode == 2, result.stderr
        assert 'config.toml:' in result.stderr and 'http.listen: listening on 0.0.0.0:8470 (not loopback) needs a token' \
            in result.stderr
    project.write(http='listen = "0.0.0.0:8470"\ntoken = "${NEWSWATCH_HTTP_TOKEN}"')
    monkeypatch.delenv("NEWSWATCH_HTTP_TOKEN", raising=False)
    result = project.cli("check")
    assert result.returncode == 2 and "http.token: environment variable NEWSWATCH_HTTP_TOKEN is not set" in result.stderr
    result = project.cli("check", env={"NEWSWATCH_HTTP_TOKEN": "short"})
    assert result.returncode == 2 and "http.token: the token is shorter than 16 characters" in result.stderr


async def test_connections_beyond_the_limit_are_refused_and_the_page_still_answers(project, feed_server, sink):
    async with running_desk(project, feed_server, sink, http='listen = "127.0.0.1:0"\nmax_connections = 4',
                            poll=False) as (h, base):
        port = int(base.rsplit(":", 1)[1])
        loop = asyncio.get_running_loop()
        slow = []
        for _ in range(4):   # slow-header clients holding every slot
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        await _until(lambda: len(h.web.runner.server.connections) == 4)   # the server took them
        extra = socket.create_connection(("127.0.0.1", port))
        extra.settimeout(5)
        assert await loop.run_in_executor(None, extra.recv, 100) == b"", "the fifth connection is closed at once"
        extra.close()
        for s in slow:
            s.close()
        status, _, _ = await get(base + "/healthz")
        assert status == 200


class _Dom(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


async def test_the_page_escapes_feed_text_and_shows_no_secret(project, feed_server, sink, monkeypatch):
    async with running_desk(project, feed_server, sink) as (_h, base):
        status, headers, body = await get(base + "/")
    assert status == 200
    assert "script-src" not in headers["Content-Security-Policy"] and "default-src 'none'" in headers["Content-Security-Policy"]
    dom = _Dom()
    dom.feed(body)
    assert not [t for t, _ in dom.tags if t in ("script", "img", "iframe", "object")]
    assert not [a for _, a in dom.tags if any(k.startswith("on") for k in a)]
    assert not [a for t, a in dom.tags if t == "a" and not a["href"].startswith(("http://", "https://", "/", "#"))]
    assert "&lt;img src=x onerror=" in body and "&lt;script&gt;" in body
    assert "s3cr3t-query" not in body, "feed URL query strings are masked in errors"
    assert sink.json_url().split("://", 1)[1] not in body
    assert "HTTP 404" in body and "Also reported by" in body and "Diario GT" in body
    assert all(rule in body for rule in ("extradition", "deportation", "biometric-data-sharing"))


async def test_alerts_atom_parses_with_feedparser(project, feed_server, sink):
    async with running_desk(project, feed_server, sink) as (_h, base):
        status, headers, body = await get(base + "/alerts.atom")
        etag = headers["ETag"]
        again = await get(base + "/alerts.atom", headers={"If-None-Match": etag})
        _, _, deport = await get(base + "/alerts.atom", params={"subscriber": "deport-desk"})
        unknown = await get(base + "/alerts.atom", params={"subscriber": "nobody"})
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    assert again[0] == 304 and unknown[0] == 404
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0 and parsed.version == "atom10", parsed.get("bozo_exception")
    titles = {e.title: e for e in parsed.entries}
    assert HOSTILE_TITLE in titles, "hostile text arrives as text"
    story = titles["Llegan 120 hondureños deportados a San Pedro Sula"]
    assert {t.term for t in story.tags} == {"deportation", "high"}
    assert {link.href for link in story.links} == {"https://hn.example/d1", "https://gt.example/d1"}
    assert story.summary.startswith("high: Deportation of people") and "Matched" in story.summary
    assert re.search(r"Reported by (Diario GT, Diario HN|Diario HN, Diario GT)\.", story.summary)
    assert all(link.href.startswith("https://") for e in parsed.entries for link in e.get("links", []))
    only = feedparser.parse(deport)
    assert [e.title for e in only.entries] == ["Llegan 120 hondureños deportados a San Pedro Sula"]
    assert only.feed.id == "urn:newswatch:alerts:deport-desk"


async def test_alerts_json_is_a_valid_json_feed_1_1(project, feed_server, sink):
    async with running_desk(project, feed_server, sink) as (_h, base):
        status, headers, body = await get(base + "/alerts.json")
        _, _, deport = await get(base + "/alerts.json?subscriber=deport-desk")
    assert status == 200 and headers["Content-Type"].startswith("application/feed+json")
    document = json.loads(body)
    jsonschema.validate(document, SCHEMA)
    assert len(document["items"]) == 3 and len({i["id"] for i in document["items"]}) == 3
    for item in document["items"]:
        datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
        datetime.fromisoformat(item["date_modified"].replace("Z", "+00:00"))
    story = next(i for i in document["items"] if i["title"].startswith("Llegan"))
    assert story["_newswatch"]["rules"][0]["id"] == "deportation"
    assert {o["url"] if "url" in o else o["link"] for o in story["_newswatch"]["outlets"]} == {
        "https://hn.example/d1", "https://gt.example/d1"}
    hostile = next(i for i in document["items"] if "<script>" in i["title"])
    assert "url" not in hostile, "a javascript: link never becomes the item URL"
    assert "&lt;script&gt;" in hostile["content_html"]
    deport_doc = json.loads(deport)
    jsonschema.validate(deport_doc, SCHEMA)
    assert [i["title"] for i in deport_doc["items"]] == ["Llegan 120 hondureños deportados a San Pedro Sula"]


def test_json_feed_schema_rejects_what_the_spec_forbids():
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1", "content_text": "x"}]}
    jsonschema.validate(good, SCHEMA)
    for bad in ({**good, "items": [{"id": "1"}]}, {**good, "items": [{"id": 1, "content_text": "x"}]},
                {k: v for k, v in good.items() if k != "title"}, {**good, "newswatch": {}}, {**good, "authors": [{}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SCHEMA)


async def test_a_client_in_a_loop_is_slowed_down_but_healthz_always_answers(project, feed_server, sink):
    async with running_desk(project, feed_server, sink, poll=False) as (_h, base):
        async with aiohttp.ClientSession() as session:
            async def status(path: str) -> tuple[int, str | None]:
                async with session.get(base + path) as response:
                    return response.status, response.headers.get("Retry-After")
            answers = await asyncio.gather(*(status("/readyz") for _ in range(120)))
            health = await asyncio.gather(*(status("/healthz") for _ in range(20)))
    limited = [a for a in answers if a[0] == 429]
    assert limited and all(retry == "1" for _, retry in limited)
    assert sum(1 for a in answers if a[0] == 200) >= 40, "the burst is served"
    assert all(code == 200 for code, _ in health)
