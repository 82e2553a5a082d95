"""Rule health on the real pipeline (harness daemon with an injected clock, real feed server,
real Apprise to a real HTTP sink, real SQLite): a noisy rule and a silent rule each produce one
admin notice, one more when back to normal, none repeated across checks or a restart."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest

from conftest import dedent
from feeds import Item, rss
from harness import Clock, Harness, run
from servers import Route
from watcher.cli import main
from watcher.pipeline.rulehealth import check_rule_health
from watcher.web import page

RULE = dedent("""
    rules:
      - id: roatan
        title: Roatán in the news
        match: Roatán
        tests:
          match: ["Cruceros llegan a Roatán", "ROATAN recibe turistas", "Roatán", "Turismo en Roatán", "roatán"]
          no_match: ["Tegucigalpa", "Copán", "La Ceiba", "Utila", "San Pedro Sula"]
""")
WORDS = ("alcaldía muelle crucero buceo arrecife playa hotel aeropuerto vuelo tormenta lluvia pesca langosta "
         "escuela hospital carretera energía agua turismo festival concierto museo mercado puerto policía "
         "bomberos iglesia parque estadio torneo regata velero manglar tortuga delfín ballena coral isla "
         "ferry kayak mapa ruta cacao café banano palma madera cemento").split()


def items(start: int, count: int) -> list[Item]:
    """Unlike headlines that all name Roatán (each its own story: they share no other word)."""
    return [Item(f"Roatán {' '.join(WORDS[(4 * i) % len(WORDS):(4 * i) % len(WORDS) + 4])} {i}",
                 f"https://bay.example/{i}", f"r{i}") for i in range(start, start + count)]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    """Both databases (PostgreSQL when NEWSWATCH_TEST_POSTGRES_URL is set)."""
    return None if request.param == "sqlite" else request.getfixturevalue("pg_url")


def setup(project, feed_server, sink, database=None):
    shutil.rmtree(project.rules)
    project.rules.mkdir()
    (project.rules / "bay.yaml").write_text(RULE, encoding="utf-8")
    project.write(feeds=[{"id": "bay", "url": feed_server.url("/bay.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url("/desk")]},
                               {"id": "ops", "urls": [sink.json_url("/ops")], "admin": True}])
    if database:
        project.config.write_text(project.config.read_text().replace("sqlite:///newswatch.db", database))


def notices(sink) -> list[str]:
    return [p["title"] for p in sink.payloads() if p["title"].startswith("newswatch: rule")]


async def check(h: Harness) -> None:
    rt = h.rt
    await check_rule_health(rt.db, rt.notices, rt.rules.current, rt.config.watch.silent_after, rt.clock())
    await h.deliver()


def test_noisy_and_silent_rules_each_get_one_notice_and_one_on_recovery(project, feed_server, sink, capsys, database):
    clock = Clock()
    setup(project, feed_server, sink, database)

    async def noisy_then_normal():
        async with Harness(project.config, clock) as h:
            await check(h)                                   # first sight of the rule: no notice
            assert notices(sink) == []
            feed_server.routes["/bay.xml"] = Route(rss(items(0, 12), now=clock()))
            await h.poll_all()
            await check(h)
            await check(h)
            (row,) = page.rule_rows(h.rt.rules.current, h.rt.store.rule_activity(clock()), clock(), timedelta(days=14))
            assert (row["state"], row["day"], row["matched"]) == ("noisy", 12, "100.0%"), "the status page agrees"
            assert row["reason"] == "12 alerts in 24 h; usually 0/day (noisy from 10)"
        assert notices(sink) == ["newswatch: rule 'roatan' is noisy: 12 alerts in 24 h"]
        assert main(["rules", "--json", "--config", str(project.config)]) == 0
        (shown,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert (shown["state"], shown["alerts_24h"], shown["alerts_30d"], shown["noisy_at"]) == ("noisy", 12, 12, 10)
        assert (shown["matched_30d"], shown["polled_30d"], shown["share_matched"]) == (12, 12, 1.0)
        assert main(["rules", "--config", str(project.config)]) == 0
        header, _, line, footer = capsys.readouterr().out.splitlines()
        assert header.split()[:6] == ["rule", "state", "24h", "7d", "30d", "usual/day"]
        assert line.split()[:6] == ["roatan", "noisy", "12", "12", "12", "0"] and "12 (100.00%)" in line
        assert footer.startswith("12 new entries polled in the last 30 days")
        async with Harness(project.config, clock) as h:      # a restart does not repeat the notice
            await check(h)
            assert len(notices(sink)) == 1
            clock.advance(timedelta(days=2))                 # the burst left the last 24 h
            await check(h)
            await check(h)

    run(noisy_then_normal())
    assert notices(sink)[1:] == ["newswatch: rule 'roatan' back to normal: 0 alerts in 24 h"]

    async def silent_then_firing():
        async with Harness(project.config, clock) as h:
            clock.advance(timedelta(days=11, hours=23))      # 13 d 23 h since the last alert: not yet
            await check(h)
            assert len(notices(sink)) == 2
            clock.advance(timedelta(hours=2))
            await check(h)
            await check(h)
            feed_server.routes["/bay.xml"] = Route(rss(items(0, 13), now=clock()))
            await h.poll_all()
            await check(h)

    run(silent_then_firing())
    assert notices(sink)[2:] == ["newswatch: rule 'roatan' silent: no alert for 14 days (since "
                                 f"{(clock() - timedelta(days=14, hours=1)).date()})",
                                 "newswatch: rule 'roatan' fired again"]
    messages = [p["message"] for p in sink.payloads() if p["title"].startswith("newswatch: rule 'roatan' is noisy")]
    assert "newswatch mute --rule roatan" in messages[0] and "usually raises 0 a day" in messages[0]
