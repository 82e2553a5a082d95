"""End to end: `newswatch run --once` as a real process against a local feed server (RSS in
ISO-8859-1, Atom served as text/html), a real SMTP server and real Apprise."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import run_cli
from feeds import Item, atom, rss
from servers import Route, SlowFeed

HN_ITEMS = [
    Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/extradicion-1",
         "hn-1", "La Corte Suprema de Justicia autorizó la extradición.", timedelta(hours=1)),
    Item("Olimpia gana el clásico ante Motagua en el Nacional", "https://hn.example/deportes-1", "hn-2",
         "Deportes: crónica del partido.", timedelta(hours=2)),
    Item("Llega vuelo con 120 hondureños deportados a San Pedro Sula", "https://hn.example/deportados-1", "hn-3",
         "Los migrantes retornados fueron recibidos en el CAMR.", timedelta(hours=3)),
    Item("Remesas a Honduras crecen 10% en octubre", "https://hn.example/remesas-1", "hn-4", "", timedelta(hours=4)),
    Item("Honduras aprueba extradición de exalcalde", "https://hn.example/old-extradicion", "hn-old", "",
         timedelta(days=3)),
]
WORLD_ITEMS = [
    Item("Honduras signs letter of intent to share biometric data with US", "https://world.example/biometric",
         "w-1", "Civil society groups warned about fingerprint records of deportees.", timedelta(hours=2)),
    Item("Pakistan deports thousands of Afghans", "https://world.example/pakistan", "w-2", "", timedelta(hours=1)),
    Item("Honduran accused of drug trafficking extradited to the US", "https://hn.example/extradicion-1?utm_source=world",
         "w-3", "Same story, other outlet.", timedelta(minutes=30)),
]


def serve(feed_server, hn_items=HN_ITEMS, world_items=WORLD_ITEMS):
    feed_server.routes["/hn.xml"] = Route(rss(hn_items, encoding="iso-8859-1", title="Diario HN"),
                                          "application/rss+xml; charset=iso-8859-1", etag='"hn-v1"')
    feed_server.routes["/world.atom"] = Route(atom(world_items, title="World Wire"), "text/html; charset=utf-8",
                                              etag='"world-v1"')


def setup(project, feed_server, smtp):
    serve(feed_server)
    project.write(
        feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml"), "tags": ["honduras", "es"]},
               {"id": "world-wire", "url": feed_server.url("/world.atom"), "tags": ["world", "en"]}],
        subscribers=[{"id": "desk", "urls": [smtp.url()], "timezone": "America/Tegucigalpa"}])


def test_run_once_delivers_expected_alerts_then_nothing_twice(project, feed_server, smtp):
    setup(project, feed_server, smtp)
    started = time.monotonic()
    first = project.cli("run", "--once")
    wall = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    assert len(smtp.messages) == 1, "three alerts due at once for one subscriber go out as one message"
    body = smtp.messages[0].get_body(("plain",)).get_content()
    html = smtp.messages[0].get_body(("html",)).get_content()
    for link in ("https://hn.example/extradicion-1", "https://hn.example/deportados-1", "https://world.example/biometric"):
        assert link in html, link
    for noise in ("deportes-1", "remesas-1", "pakistan", "old-extradicion"):
        assert noise not in html and noise not in body
    assert "3 new stories" in smtp.messages[0]["Subject"]
    key = smtp.messages[0]["X-Idempotency-Key"]
    assert key and len(key) == 40, "the delivery's idempotency key travels with the e-mail"
    assert smtp.envelopes[0][1] == ["desk@example.org"]
    print(f"run --once wall time: {wall:.2f}s")

    second = project.cli("run", "--once")
    assert second.returncode == 0, second.stderr
    assert len(smtp.messages) == 1, "a second run must not send anything again"
    conditional = [r.headers.get("if-none-match") for r in feed_server.hits("/hn.xml")]
    assert conditional == [None, '"hn-v1"'], "the second poll must be a conditional GET"

    serve(feed_server, HN_ITEMS + [Item("EE. UU. deporta a 80 guatemaltecos en un nuevo vuelo",
                                        "https://hn.example/guatemaltecos", "hn-9", "", timedelta(minutes=5))])
    feed_server.routes["/hn.xml"].etag = '"hn-v2"'
    third = project.cli("run", "--once")
    assert third.returncode == 0, third.stderr
    assert len(smtp.messages) == 2
    single = smtp.messages[1]
    assert "https://hn.example/guatemaltecos" in single.get_body(("html",)).get_content()
    assert single["Subject"].startswith("[HIGH] Deportation")
    alerts = project.cli("alerts")
    # deportation: the flight, the Guatemalans' flight, and the biometric letter whose lede is about the
    # fingerprints of deportees (a watched place in the headline, deportees in the lede: since c8832d9)
    assert alerts.stdout.count("deportation ") == 3 and alerts.stdout.count("extradition ") == 1
    import re
    assert re.search(r"rules/honduras\.yaml@[0-9a-f]{8}", alerts.stdout), "alerts record which rule version fired"


def test_same_story_in_two_feeds_alerts_once_and_names_both_sources(project, feed_server, smtp):
    setup(project, feed_server, smtp)
    assert project.cli("run", "--once").returncode == 0
    plain = smtp.messages[0].get_body(("plain",)).get_content()
    assert plain.count("https://hn.example/extradicion-1") == 1, "the story is listed once (with its link)"
    shown = project.cli("alerts").stdout
    assert shown.count("extradition") == 1


def test_single_alert_names_rule_source_time_link_and_terms(project, feed_server, smtp):
    feed_server.routes["/hn.xml"] = Route(rss(HN_ITEMS[:1], encoding="iso-8859-1", title="Diario HN"),
                                          "application/rss+xml; charset=iso-8859-1")
    project.write(feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [smtp.url()], "format": "text"}])
    assert project.cli("run", "--once").returncode == 0
    (message,) = smtp.messages
    text = message.get_body(("plain",)).get_content()
    assert message["Subject"] == ("[HIGH] Extradition involving Honduras or a neighbour: "
                                  "Extraditan a Estados Unidos a hondureño acusado de narcotráfico")
    assert "https://hn.example/extradicion-1" in text
    assert "Source: Diario HN" in text and "published 20" in text
    assert "Matched: hondureñ*, extradi*, narco*, acusado*" in text
    assert "«Extraditan»" in text


def test_an_alert_records_its_rule_file_relative_to_the_config_folder(project, feed_server, smtp):
    """Started in / (as systemd does), the alert's rule file is rules/x.yaml, not the path from
    the working folder (tmp/pytest-…/rules/x.yaml) that changes with where newswatch is run."""
    serve(feed_server)
    project.write(feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [smtp.url()]}])
    result = run_cli("run", "--once", "--config", str(project.config), cwd=Path("/"))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(project.db) as db:
        files = {row[0] for row in db.execute("SELECT rule_file FROM alert")}
    shipped = {f"rules/{p.name}" for p in project.rules.glob("*.yaml")}
    assert files and files <= shipped, files


def test_no_subscribers_prints_alerts_to_the_terminal(project, feed_server):
    serve(feed_server)
    project.write(feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml")}])
    result = project.cli("run", "--once")
    assert result.returncode == 0, result.stderr
    assert "https://hn.example/extradicion-1" in result.stdout
    assert "https://hn.example/deportados-1" in result.stdout
    assert project.cli("run", "--once").stdout.strip() == "", "nothing is printed twice"


def test_entry_languages_are_cased_alike_and_a_feed_without_one_takes_the_configured_one(project, feed_server):
    """`en-US` and `en-us` were two languages in `newswatch stories`, and a feed that declares no
    language gave its entries none even when config.toml says what it is."""
    feed_server.routes["/us.xml"] = Route(rss(WORLD_ITEMS[:1], title="US Wire", language="EN-us"))
    feed_server.routes["/hn.xml"] = Route(rss(HN_ITEMS[:1], title="Diario HN"))
    feed_server.routes["/other.xml"] = Route(rss(HN_ITEMS[1:2], title="Otro"))
    project.write(feeds=[{"id": "us", "url": feed_server.url("/us.xml")},
                         {"id": "hn", "url": feed_server.url("/hn.xml"), "language": "es_hn"},
                         {"id": "other", "url": feed_server.url("/other.xml")}])
    assert project.cli("run", "--once").returncode == 0
    listed = project.cli("stories", "--json")
    assert listed.returncode == 0, listed.stderr
    languages = {e["feed"]: e["language"] for line in listed.stdout.splitlines() if line.startswith("{")
                 for e in json.loads(line)["entries"]}
    assert languages == {"us": "en-US", "hn": "es-HN", "other": None}


def test_stories_explain_names_the_story_an_entry_joined_in_the_same_poll(project, feed_server):
    """Two reports of one event in one poll: the second joined a story not yet recorded, and
    `stories --explain` said "joined story -1" (the pending id), not the story's number."""
    same_event = [
        Item("Extraditan a Estados Unidos a exalcalde hondureño Arnaldo Urbina Soto por narcotráfico",
             "https://hn.example/urbina-1", "u1", "La Corte Suprema autorizó la extradición de Arnaldo Urbina Soto.",
             timedelta(hours=2)),
        Item("Exalcalde Arnaldo Urbina Soto es extraditado a Estados Unidos acusado de narcotráfico",
             "https://hn.example/urbina-2", "u2", "Urbina Soto fue entregado a la DEA en Tegucigalpa.",
             timedelta(hours=1)),
    ]
    feed_server.routes["/hn.xml"] = Route(rss(same_event, title="Diario HN"))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}])
    assert project.cli("run", "--once").returncode == 0
    listed = project.cli("stories", "--json", "--explain")
    assert listed.returncode == 0, listed.stderr
    (story,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(story["entries"]) == 2, "one story"
    explained = [e["explain"] for e in story["entries"]]
    assert all(e["story"] is None or e["story"] > 0 for e in explained), explained
    assert any(e["reason"] in ("joined", "link") and e["story"] == story["story"] for e in explained), explained
    human = project.cli("stories", "--explain").stdout
    assert f"joined story {story['story']}" in human and "story -" not in human, human


def test_a_changed_body_with_nothing_new_needs_no_story_index(project, feed_server, smtp):
    """The story index is read from the database (the whole window) only when a poll brings
    entries to place: a body that changed around the same items does not build it."""
    setup(project, feed_server, smtp)
    assert project.cli("run", "--once").returncode == 0
    serve(feed_server)
    feed_server.routes["/hn.xml"] = Route(rss(HN_ITEMS, encoding="iso-8859-1", title="Diario HN, edición digital"),
                                          "application/rss+xml; charset=iso-8859-1", etag='"hn-v2"')
    same = project.cli("run", "--once", "--all")
    assert same.returncode == 0, same.stderr
    assert [r.headers.get("if-none-match") for r in feed_server.hits("/hn.xml")] == [None, '"hn-v1"']
    assert "0 new entries" in same.stderr and "story index rebuilt" not in same.stderr
    serve(feed_server, HN_ITEMS + [Item("Remesas a Honduras crecen 12% en noviembre", "https://hn.example/remesas-2",
                                        "hn-10", "", timedelta(minutes=5))])
    feed_server.routes["/hn.xml"].etag = '"hn-v3"'
    more = project.cli("run", "--once", "--all")
    assert more.returncode == 0, more.stderr
    assert "1 new entry" in more.stderr and "story index rebuilt: 8 entries" in more.stderr


def test_run_once_claims_more_feeds_while_a_slow_one_is_still_answering(project, feed_server):
    """Fetch slots are refilled as feeds finish, not batch by batch: with two slots, the three
    other feeds are fetched while the first one's server is still holding its answer (a batch
    waiting for its slowest feed would fetch none of them until it answered)."""
    import threading

    others_done = threading.Event()
    waited: list[bool] = []

    def slow(h):
        waited.append(others_done.wait(30))
        h.send_simple(200, rss([Item("Slow outlet's story", "https://slow.example/1", "s1")]), "application/rss+xml")

    def last(h):
        h.send_simple(200, rss([Item("Fast outlet's story", "https://fast.example/3", "f3")]), "application/rss+xml")
        others_done.set()

    feed_server.routes["/a-slow.xml"] = Route(handler=slow)
    for i in range(3):
        feed_server.routes[f"/b{i}.xml"] = (Route(handler=last) if i == 2 else
                                            Route(rss([Item(f"Fast outlet's story {i}", f"https://fast.example/{i}", f"f{i}")])))
    project.write(feeds=[{"id": "a-slow", "url": feed_server.url("/a-slow.xml")}]
                  + [{"id": f"b{i}", "url": feed_server.url(f"/b{i}.xml")} for i in range(3)],
                  fetch="concurrency = 2\nper_host = 2\ntimeout = \"60s\"")
    result = project.cli("run", "--once")
    assert result.returncode == 0, result.stderr
    assert waited == [True], "the other feeds were fetched while the slow one held its slot"
    assert "4 feeds polled (0 failed" in result.stderr


def test_a_run_of_304s_records_every_feed_and_a_changed_one_still_alerts(project, feed_server, smtp):
    """The warm path: run --once writes its unchanged feeds together (not round by round), builds
    the story index only when a body brings entries, and asks Apprise apart; a run where every
    feed but one answers 304 records each of them and still decides and alerts for that one."""
    filler = [Item(f"Local weather, day {i}", f"https://w.example/{i}", f"w{i}") for i in range(2)]
    for i in range(24):
        feed_server.routes[f"/f{i}.xml"] = Route(rss(filler), etag=f'"f{i}-v1"')
    project.write(feeds=[{"id": f"f{i:02d}", "url": feed_server.url(f"/f{i}.xml")} for i in range(24)],
                  subscribers=[{"id": "desk", "urls": [smtp.url()]}], fetch="concurrency = 3\nper_host = 3")
    assert project.cli("run", "--once").returncode == 0
    assert smtp.messages == []
    feed_server.routes["/f17.xml"] = Route(rss([*filler, HN_ITEMS[0]]), etag='"f17-v2"')
    before = len(feed_server.requests)
    second = project.cli("run", "--once", "--all")
    assert second.returncode == 0, second.stderr
    assert "24 feeds polled (0 failed, 0 not polled), 1 new entry, 1 alert" in second.stderr
    assert "story index rebuilt" in second.stderr, "the one changed body built the index"
    assert len(feed_server.requests) - before == 24
    assert len(smtp.messages) == 1 and "extradicion-1" in smtp.messages[0].get_body(("plain",)).get_content()
    db = sqlite3.connect(project.db)
    rows = db.execute("select id, etag, last_polled_at, lease_owner from feed order by id").fetchall()
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (f"f{i:02d}", f'"f{i}-v2"' if i == 17 else f'"f{i}-v1"', None) for i in range(24)]
    first_poll = {r[0]: r[2] for r in rows}
    third = project.cli("run", "--once", "--all")
    assert third.returncode == 0 and "24 feeds polled (0 failed, 0 not polled), 0 new entries" in third.stderr
    later = dict(db.execute("select id, last_polled_at from feed").fetchall())
    assert all(later[i] > first_poll[i] for i in first_poll), "every unchanged poll was recorded"


@pytest.mark.serial      # its slow feeds are timed against the fetch deadline
def test_run_once_claims_ahead_but_a_feed_waits_for_its_fetch_slot_outside_its_deadline(project, feed_server):
    """run --once claims a set of fetch slots ahead (fewer claim transactions); a feed claimed
    ahead waits for a free slot before its fetch begins, so its deadline is its own fetch's
    (waiting inside the HTTP client's connection pool, the feeds behind two slow ones would
    time out), and never more than [fetch] concurrency requests run at once."""
    slow = SlowFeed(rss([]), 1.2)
    for i in range(6):
        feed_server.routes[f"/f{i}.xml"] = Route(handler=slow)
    project.write(feeds=[{"id": f"f{i}", "url": feed_server.url(f"/f{i}.xml")} for i in range(6)],
                  fetch='concurrency = 2\nper_host = 10\ntimeout = "2s"')
    result = project.cli("run", "--once")
    assert result.returncode == 0, result.stderr
    assert "6 feeds polled (0 failed, 0 not polled)" in result.stderr
    assert slow.most == 2
    leases = sqlite3.connect(project.db).execute("select count(*) from feed where lease_owner is not null").fetchone()
    assert leases == (0,), "every lease claimed ahead was given back"
