"""Mutes, like amtool's silences: added by the CLI while the daemon runs, read by the daemon when
it raises an alert and when a delivery is due. Real daemon pipeline (harness, injected clock),
real feed server, real Apprise to a real HTTP sink, real SQLite."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from feeds import Item, rss
from harness import Clock, Harness, run
from servers import Route
from storage import open_store
from watcher.cli import main

EXTRADITION = Item("Extraditan a Estados Unidos a exalcalde hondureño acusado de narcotráfico",
                   "https://hn.example/x1", "x1")
DEPORTATION = Item("Llegan 120 hondureños deportados a San Pedro Sula", "https://hn.example/d1", "d1")
LATER_EXTRADITION = Item("Corte Suprema de Honduras aprueba extradición de diputado pedido por Nueva York",
                         "https://hn.example/x2", "x2")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    """Both databases (PostgreSQL when NEWSWATCH_TEST_POSTGRES_URL is set)."""
    return None if request.param == "sqlite" else request.getfixturevalue("pg_url")


def use(project, database):
    if database:
        project.config.write_text(project.config.read_text().replace("sqlite:///newswatch.db", database))


def serve(feed_server, clock, items):
    feed_server.routes["/hn.xml"] = Route(rss(items, now=clock()))


def links(sink):
    return [link for p in sink.payloads() for link in ("https://hn.example/x1", "https://hn.example/d1",
                                                        "https://hn.example/x2") if link in p["message"]]


def test_muted_rule_alert_is_recorded_not_sent_and_after_expiry_the_next_is_sent(project, feed_server, sink, database):
    clock = Clock()
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    use(project, database)

    async def scenario():
        async with Harness(project.config, clock) as h:        # the daemon runs; the CLI adds the mute
            added = project.cli("mute", "--rule", "extradition", "--for", "2h", "--comment", "court case flood",
                                "--by", "ana")
            assert added.returncode == 0, added.stderr
            assert added.stdout.startswith("mute #1: rule 'extradition' muted until ") and "by ana" in added.stdout
            serve(feed_server, clock, [EXTRADITION, DEPORTATION])
            await h.poll_all()
            first = await h.deliver()
            assert links(sink) == ["https://hn.example/d1"], "the unmuted rule's alert still goes out"
            assert first.sent == 1
            statuses = {r.title[:10]: r.status for r in h.rows()}
            assert statuses == {"Extraditan": "muted", "Llegan 120": "sent"}

            listed = project.cli("alerts").stdout.splitlines()
            (muted,) = [line for line in listed if "  extradition  " in line]
            assert "desk:muted" in muted and "muted (mute #1)" in muted
            (deported,) = [line for line in listed if "  deportation  " in line]
            assert "desk:sent" in deported and "mute #" not in deported
            mutes = project.cli("mutes").stdout
            assert "rule 'extradition'" in mutes and "ana" in mutes and "court case flood" in mutes
            assert "active" in mutes

            clock.advance(timedelta(hours=2, minutes=1))       # the mute expires by itself
            assert h.rt.store.mutes(clock()) == []
            serve(feed_server, clock, [EXTRADITION, DEPORTATION, LATER_EXTRADITION])
            await h.poll_all()
            await h.deliver()
            return h.rt.store.recent_alerts(10)

    alerts = run(scenario())
    assert links(sink) == ["https://hn.example/d1", "https://hn.example/x2"], "the next alert after expiry is sent"
    by_title = {a.title[:10]: a for a in alerts}
    assert by_title["Extraditan"].muted_by == 1 and by_title["Corte Supr"].muted_by is None


def test_queued_alert_is_muted_at_send_time_and_one_raised_during_a_mute_never_goes_later(project, feed_server,
                                                                                          sink):
    """A digest holds alerts for 3 hours. One queued before a 4 h mute is not sent when its digest
    comes during the mute (checked at send time, like amtool); one raised during the mute is not
    sent at the next digest either, after the mute ended (recorded muted when raised). Then the
    next alert goes out."""
    clock = Clock()
    slot = (clock() + timedelta(hours=3)).strftime("%H:%M")
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "digest": slot, "timezone": "UTC"}])

    async def scenario():
        async with Harness(project.config, clock) as h:
            serve(feed_server, clock, [EXTRADITION])
            await h.poll_all()                              # queued for the digest, not sent yet
            assert [r.status for r in h.rows()] == ["pending"]
            mute = project.cli("mute", "--feed", "hn", "--for", "4h", "--comment", "feed republishes old news")
            assert mute.returncode == 0, mute.stderr
            clock.advance(timedelta(hours=3, minutes=1))    # the digest is due, the mute still on
            report = await h.deliver()
            assert report.sent == 0 and report.muted == 1 and sink.payloads() == []
            serve(feed_server, clock, [EXTRADITION, DEPORTATION])
            await h.poll_all()                              # raised during the mute, due at tomorrow's digest
            clock.advance(timedelta(days=1))                 # the mute ended 23 h ago
            await h.deliver()
            assert sink.payloads() == []
            assert [r.status for r in h.rows()] == ["muted", "muted"]
            listing = project.cli("deliveries", "--muted").stdout
            assert listing.count("mute #1") == 2, listing
            serve(feed_server, clock, [EXTRADITION, DEPORTATION, LATER_EXTRADITION])
            await h.poll_all()
            clock.advance(timedelta(days=1))
            await h.deliver()

    run(scenario())
    assert links(sink) == ["https://hn.example/x2"]


def test_mute_commands_refuse_unknown_targets_with_did_you_mean(project, feed_server, capsys):
    project.write(feeds=[{"id": "laprensa-hn", "url": feed_server.url("/hn.xml")}])
    open_store(f"sqlite:///{project.db}").close()

    def cli(*args):    # the real command line, in this process (each subprocess costs seconds)
        code = main([*args, "--config", str(project.config)])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = cli("mute", "--rule", "extradicion", "--for", "1h")
    assert code == 2 and "unknown rule 'extradicion' (did you mean 'extradition'?)" in err
    code, _, err = cli("mute", "--feed", "laprensa", "--for", "1h")
    assert code == 2 and "unknown feed 'laprensa' (did you mean 'laprensa-hn'?)" in err
    code, _, err = cli("mute", "--story", "99", "--for", "1h")
    assert code == 2 and "no story 99 in the database" in err
    code, _, err = cli("mute", "--rule", "extradition", "--for", "soon")
    assert code == 2 and "invalid duration 'soon'" in err
    assert cli("unmute", "7")[0] == 2
    assert cli("mute", "--rule", "extradition", "--for", "3d")[0] == 0
    listed = [json.loads(line) for line in cli("mutes", "--json")[1].splitlines()]
    assert [(m["id"], m["kind"], m["target"], m["state"]) for m in listed] == [(1, "rule", "extradition", "active")]
    assert listed[0]["by"], "who muted it: the OS user by default"
    assert "mute #1 ended" in cli("unmute", "1")[1]
    assert "extradition" not in cli("mutes")[1]
    assert "ended" in cli("mutes", "--all")[1]


@pytest.mark.parametrize("muted_when", ["before the poll", "after the poll, before the send"])
def test_a_muted_rule_is_not_named_in_the_message_sent_for_another_rule_on_the_same_story(project, feed_server, sink,
                                                                                           muted_when):
    """One entry matched two rules; the second was muted. The message for the first rule still
    named the muted rule (its title, severity and terms): a mute must keep the rule out of it,
    whether it began before the alert was raised or while its delivery was queued."""
    clock = Clock()
    (project.rules / "desk.yaml").write_text(
        "rules:\n"
        "  - {id: port-strike, title: Port strike watch, severity: high, match: {all: [huelga, puerto]}}\n"
        "  - {id: cortes-port, title: Puerto Cortes watch, match: [Cortés]}\n", encoding="utf-8")
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "rules": ["port-strike", "cortes-port"]}])
    strike = Item("Huelga paraliza el puerto de Puerto Cortés", "https://hn.example/s1", "s1")

    async def scenario():
        async with Harness(project.config, clock) as h:
            serve(feed_server, clock, [strike])
            if muted_when == "before the poll":
                assert project.cli("mute", "--rule", "cortes-port", "--for", "2h").returncode == 0
            await h.poll_all()
            if muted_when != "before the poll":
                assert project.cli("mute", "--rule", "cortes-port", "--for", "2h").returncode == 0
            await h.deliver()
            return h.rt.store.recent_alerts(10)

    alerts = run(scenario())
    assert sorted(a.rule_id for a in alerts) == ["cortes-port", "port-strike"], "both rules matched"
    (payload,) = sink.payloads()
    assert "Port strike watch" in payload["message"] + payload.get("title", "")
    assert "Puerto Cortes watch" not in payload["message"] and "cortes-port" not in payload["message"]
    assert "Puerto Cortes watch" not in payload.get("title", "")
