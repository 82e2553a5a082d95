"""The command line as users call it: output formats, exit codes, dry runs and backfills."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import timedelta

from conftest import cli_env, dedent
from feeds import Item, rss
from servers import Route

HEADLINES = [
    {"title": "Extraditan a EE. UU. a hondureño acusado de narcotráfico", "link": "https://hn.example/1"},
    {"title": "Olimpia gana el clásico", "link": "https://hn.example/2"},
    {"title": "Honduras firma carta de intención sobre datos biométricos", "summary": "con DHS",
     "link": "https://hn.example/3"},
]


def test_test_rule_jsonl_json_output_is_one_line_per_entry(project, tmp_path):
    project.write()
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(h, ensure_ascii=False) for h in HEADLINES) + "\n", encoding="utf-8")
    result = project.cli("test-rule", "--jsonl", str(source), "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [
        {"index": 0, "link": "https://hn.example/1", "rules": ["extradition"],
         "terms": {"extradition": ["hondureñ*", "extradi*", "narco*", "acusado*", "EE. UU."]}},
        {"index": 1, "link": "https://hn.example/2", "rules": [], "terms": {}},
        {"index": 2, "link": "https://hn.example/3", "rules": ["biometric-data-sharing"],
         "terms": {"biometric-data-sharing": ["Honduras", "biometri*", "carta de intención", "DHS"]}},
    ]
    assert not project.db.exists(), "a dry run stores nothing"


def test_test_rule_text_human_output_and_rule_filter(project):
    project.write()
    result = project.cli("test-rule", "extradition", "--text", "Honduras aprueba la extradición de un exdiputado")
    assert result.returncode == 0
    assert "✓ extradition (high): Honduras, extradi* in title" in result.stdout
    assert "«Honduras» aprueba la «extradición»" in result.stdout
    unknown = project.cli("test-rule", "extradicion", "--text", "x")
    assert (unknown.returncode, unknown.stderr) == (2, "test-rule: unknown rule 'extradicion' (did you mean "
                                                       "'extradition'?)\n")


def test_a_mistyped_rule_id_gets_a_did_you_mean(project):
    """test-rule and backfill listed every rule id; alerts, stories and mute said "did you mean"."""
    project.write()
    typo = project.cli("test-rule", "extradtion", "nope", "--text", "x")
    assert (typo.returncode, typo.stdout, typo.stderr) == (
        2, "", "test-rule: unknown rule 'extradtion' (did you mean 'extradition'?); unknown rule 'nope' "
               "(known: biometric-data-sharing, deportation, extradition, us-neighbour-cooperation)\n")
    backfill = project.cli("backfill", "deportaton", "--since", "1d")
    assert (backfill.returncode, backfill.stderr) == (2, "backfill: unknown rule 'deportaton' "
                                                         "(did you mean 'deportation'?)\n")


def test_test_rule_reports_bad_jsonl_with_its_line(project, tmp_path):
    project.write()
    source = tmp_path / "bad.jsonl"
    source.write_text('{"title": "ok"}\n\n{"title": oops}\n', encoding="utf-8")
    result = project.cli("test-rule", "--jsonl", str(source), "--json")
    assert result.returncode == 2
    assert result.stderr.strip() == f"{source}:3:11: invalid JSON: Expecting value"


def test_test_rule_on_a_feed_file_and_url(project, feed_server, tmp_path):
    project.write()
    body = rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/f1", "f1"),
                Item("Lluvias en Tegucigalpa", "https://hn.example/f2", "f2")])
    path = tmp_path / "feed.xml"
    path.write_bytes(body)
    feed_server.routes["/f.xml"] = Route(body)
    for source in (str(path), feed_server.url("/f.xml")):
        result = project.cli("test-rule", "--feed", source, "--json")
        assert result.returncode == 0, result.stderr
        assert [json.loads(line)["rules"] for line in result.stdout.splitlines()] == [["extradition"], []]


def test_since_reruns_stored_entries_and_backfill_creates_real_alerts(project, feed_server, sink):
    items = [Item("Cruceros llegan a Roatán con 5 mil turistas", "https://hn.example/r", "r", age=timedelta(hours=2)),
             Item("Extraditan a EE. UU. a hondureño", "https://hn.example/x", "x")]
    feed_server.routes["/f.xml"] = Route(rss(items))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 1
    (project.rules / "tourism.yaml").write_text(dedent("""
        rules:
          - id: tourism
            title: Tourism in Roatán
            match: Roatán
    """), encoding="utf-8")
    dry = project.cli("test-rule", "tourism", "--since", "7d", "--json")
    assert dry.returncode == 0, dry.stderr
    assert [json.loads(line)["rules"] for line in dry.stdout.splitlines()] == [["tourism"], []]
    with sqlite3.connect(project.db) as db:
        assert db.execute("select count(*) from alert").fetchone() == (1,), "test-rule stores nothing"
    first = project.cli("backfill", "tourism", "--since", "7d")
    assert first.returncode == 0, first.stderr
    assert "1 new alert, 1 delivery queued" in first.stdout
    again = project.cli("backfill", "tourism", "--since", "7d")
    assert "0 new alerts" in again.stdout, "deduplicated as usual"
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 2 and "hn.example/r" in sink.payloads()[1]["message"]


def test_config_errors_name_file_line_and_key(project):
    project.write(extra='[[subscribers]]\nid = "desk"\nurls = ["mailtos://bot:${NO_SUCH_VAR}@smtp.example.org"]\n'
                        'timezone = "Mars/Olympus"\n')
    text = project.config.read_text().replace('timeout = "10s"', 'timout = "10s"')
    project.config.write_text(text)
    result = project.cli("check")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any(line.endswith("config.toml:7:1: fetch.timout: unknown key 'timout' (did you mean 'timeout'?)")
               for line in lines), lines
    assert any("subscribers[0].timezone: unknown timezone 'Mars/Olympus'" in line for line in lines), lines


def test_missing_env_var_and_bad_apprise_url(project):
    project.write(subscribers=[{"id": "desk", "urls": ["mailtos://bot:${NO_SUCH_VAR}@smtp.example.org?to=a@example.org",
                                                       "slakc://nope"]}])
    result = project.cli("check")
    assert result.returncode == 2
    assert "subscribers[0].urls[0]: environment variable NO_SUCH_VAR is not set" in result.stderr
    project.write(subscribers=[{"id": "desk", "urls": ["slakc://nope"]}])
    result = project.cli("check")
    assert "subscribers[0].urls[0]: not a valid Apprise URL (slakc://…)" in result.stderr


def test_run_refuses_invalid_rules_with_exit_2(project):
    project.write()
    (project.rules / "bad.yaml").write_text("rules:\n  - id: x\n    title: X\n    match: {all: ['@nope']}\n")
    result = project.cli("run", "--once")
    assert result.returncode == 2
    assert "rules/bad.yaml:4:19: rule 'x': match.all[0]: unknown list '@nope' (known: none defined)" in result.stderr


def test_opml_import_export_roundtrip(project, tmp_path):
    project.write()
    opml = tmp_path / "feeds.opml"
    opml.write_text(dedent("""
        <?xml version="1.0"?>
        <opml version="2.0"><head><title>x</title></head><body>
          <outline text="Honduras">
            <outline text="Proceso Digital" xmlUrl="https://proceso.hn/feed/"/>
            <outline text="Criterio" xmlUrl="https://criterio.hn/feed/"/>
          </outline>
          <outline text="BBC Mundo" xmlUrl="https://feeds.bbci.co.uk/mundo/rss.xml"/>
        </body></opml>
    """), encoding="utf-8")
    imported = project.cli("feeds", "import", str(opml))
    assert imported.returncode == 0, imported.stderr
    assert "added 3 feeds" in imported.stdout
    assert project.cli("check").returncode == 0
    again = project.cli("feeds", "import", str(opml))
    assert "no new feeds" in again.stdout
    exported = project.cli("feeds", "export").stdout
    assert 'xmlUrl="https://criterio.hn/feed/"' in exported and 'category="honduras"' in exported


def test_feeds_discover_finds_feed_links(project, feed_server):
    project.write()
    page = (b'<html><head><link rel="alternate" type="application/rss+xml" title="Portada" href="/rss.xml">'
            b'<link rel="stylesheet" href="/s.css"></head><body><a href="/feed/">RSS</a></body></html>')
    feed_server.routes["/"] = Route(page, "text/html")
    result = project.cli("feeds", "discover", feed_server.url("/"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{feed_server.url('/rss.xml')}\tPortada",
                                          f"{feed_server.url('/feed/')}\tlink on page"]


def test_deliveries_listing_and_retry_of_dead(project, feed_server, sink):
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/x", "x")]))
    sink.path_status["/hook"] = 404
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    assert project.cli("run", "--once").returncode == 1, "a delivery ended dead: cron must see a failure"
    dead = project.cli("deliveries", "--dead").stdout
    assert "dead" in dead and "desk" in dead and "404" in dead
    sink.path_status.clear()
    retried = project.cli("deliveries", "retry", "--dead")
    assert "1 delivery queued" in retried.stdout
    assert project.cli("run", "--once").returncode == 0
    assert len(sink.posts) == 1
    assert "totals: sent 1" in project.cli("deliveries").stdout


def test_notify_test_reports_each_url(project, smtp):
    project.write(subscribers=[{"id": "desk", "urls": [smtp.url(), "json://127.0.0.1:9/closed"]}])
    result = project.cli("notify-test", "desk")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok      mailto://127.0.0.1:")
    assert lines[1].startswith("FAILED  json://127.0.0.1:9/****:"), "path segments are masked"
    assert smtp.messages[0]["Subject"].startswith("[NORMAL] Test alert from newswatch")


def test_feeds_import_writes_only_a_valid_config_atomically(project, tmp_path):
    import os
    import stat
    import tomllib
    project.write(extra='[[feeds]]\nid = "news"\nurl = "https://old.example/feed"\n')
    project.config.chmod(0o640)
    opml = tmp_path / "world.opml"
    outlines = "".join(f'<outline text="News" xmlUrl="https://n.example/{i}.xml"/>' for i in range(300))
    opml.write_text(dedent(f"""
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>x</title></head><body>
          <outline text="Новости">
            <outline text="Новости Гондураса" xmlUrl="https://ru.example/rss"/>
            <outline text="洪都拉斯新闻" xmlUrl="https://zh.example/rss"/>
          </outline>
          <outline title="a&#10;b" text="x" xmlUrl="https://nl.example/rss"/>
          <outline text="del&#127;ete &quot;q&quot; back\\slash" xmlUrl="https://del.example/rss?a=1&amp;b=&quot;2&quot;"/>
          <outline text="!!!" xmlUrl="https://punct.example/rss"/>
          {outlines}
        </body></opml>
    """), encoding="utf-8")
    imported = project.cli("feeds", "import", str(opml))
    assert imported.returncode == 0 and "added 305 feeds" in imported.stdout, imported.stderr
    assert project.cli("check").returncode == 0
    assert stat.S_IMODE(project.config.stat().st_mode) == 0o640, "permissions kept"
    feeds = {f["url"]: f for f in tomllib.loads(project.config.read_text(encoding="utf-8"))["feeds"]}
    assert feeds["https://ru.example/rss"]["id"] == "novosti-gondurasa"
    assert feeds["https://ru.example/rss"]["tags"] == ["novosti"]
    assert feeds["https://zh.example/rss"]["id"] == "hongdoulasixinwen"
    assert feeds["https://nl.example/rss"]["title"] == "a b", "titles are one line"
    assert feeds['https://del.example/rss?a=1&b="2"']["title"] == 'delete "q" back\\slash'
    assert feeds["https://punct.example/rss"]["id"].startswith("feed-")
    news = sorted(f["id"] for f in feeds.values() if f.get("title") == "News")
    assert len(set(news)) == 300 and "news-2" in news and "news-301" in news and "news" not in news

    project.write()                            # a valid config the new blocks cannot be appended to
    project.config.write_text('feeds = [{id = "inline", url = "https://inline.example/"}]\n'
                              + project.config.read_text())
    assert project.cli("check").returncode == 0
    before = project.config.read_bytes()
    refused = project.cli("feeds", "import", str(opml))
    assert refused.returncode == 2 and "not changed" in refused.stderr, refused.stderr
    assert project.config.read_bytes() == before, "config.toml untouched"
    assert not [p for p in os.listdir(project.root) if p.endswith(".tmp")], "no temporary file left"


def test_alerts_show_only_the_subscribers_each_alert_was_routed_to(project, feed_server, sink):
    both = Item("Honduras extradita a narco y recibe deportados en San Pedro Sula", "https://hn.example/both", "b")
    feed_server.routes["/f.xml"] = Route(rss([both]))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
                  subscribers=[{"id": "ext-desk", "urls": [sink.json_url("/ext")], "rules": ["extradition"]},
                               {"id": "dep-desk", "urls": [sink.json_url("/dep")], "rules": ["deportation"]}])
    assert project.cli("run", "--once").returncode == 0
    lines = project.cli("alerts").stdout.splitlines()[2:]
    rows = {rule: line for rule in ("extradition", "deportation") for line in lines if f"  {rule}  " in line}
    assert "ext-desk:sent" in rows["extradition"] and "dep-desk" not in rows["extradition"], rows
    assert "dep-desk:sent" in rows["deportation"] and "ext-desk" not in rows["deportation"], rows


def test_alerts_rule_filter_knows_the_rules(project):
    project.write()
    project.cli("run", "--once")    # creates the database
    unknown = project.cli("alerts", "--rule", "nope")
    assert unknown.returncode == 2 and "unknown rule 'nope' (known: biometric-data-sharing, deportation, extradition, us-neighbour-cooperation)" \
        in unknown.stderr, unknown.stderr
    typo = project.cli("alerts", "--rule", "extradicion")
    assert typo.returncode == 2 and "did you mean 'extradition'?" in typo.stderr
    known = project.cli("alerts", "--rule", "biometric-data-sharing")
    assert known.returncode == 0 and known.stdout.startswith("id"), "a known rule without alerts is an empty list"


def test_feeds_table_formats_short_intervals_and_html_pages_suggest_discover(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([Item("Lluvias en Tegucigalpa", "https://hn.example/r", "r")]))
    feed_server.routes["/page"] = Route(b"<html><head><title>Diario</title></head><body>news</body></html>",
                                        "text/html")
    project.write(feeds=[{"id": f"every-{i}", "url": feed_server.url(f"/f.xml?{i}"), "interval": i}
                         for i in ("20s", "30s", "90s", "1h30m")] + [{"id": "page", "url": feed_server.url("/page")}])
    run = project.cli("run", "--once")
    assert f"an HTML page, not a feed; list its feeds with: newswatch feeds discover {feed_server.url('/page')}" \
        in run.stderr, run.stderr
    listing = project.cli("feeds").stdout
    rows = listing.split("\n\n")[0].splitlines()[2:]
    shown = {line.split()[0]: line.split()[-1] for line in rows}
    assert [shown[f"every-{i}"] for i in ("20s", "30s", "90s", "1h30m")] == ["20s", "30s", "1m30s", "1h30m"], shown
    # the last error in full on its own line (a table cell cut it at 60 characters, before the command)
    errors = listing.split("\n\n")[1].splitlines()
    assert errors[0] == "last error of each feed:"
    assert [re.sub(r"\(\d+s ago\)", "(Ns ago)", line) for line in errors[1:]] == [
        "  page (Ns ago): an HTML page, not a feed; list its feeds with: newswatch feeds discover "
        + feed_server.url("/page")]


def test_test_rule_summary_is_the_last_line_when_output_and_errors_share_a_terminal(project, tmp_path):
    """With `2>&1 | less` the summary (on stderr) came before the buffered results and ran into
    their first line: it must come last, on a line of its own."""
    project.write()
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(h, ensure_ascii=False) for h in HEADLINES) + "\n", encoding="utf-8")
    buffered = {k: v for k, v in cli_env().items() if k != "PYTHONUNBUFFERED"}   # as in a user's shell
    both = subprocess.run([sys.executable, "-m", "watcher", "test-rule", "--jsonl", str(source),
                           "--config", str(project.config)], cwd=project.root, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120, env=buffered)
    assert both.returncode == 0, both.stdout
    assert both.stdout.startswith("[0] Extraditan a EE. UU.")
    assert both.stdout.endswith("\n2 of 3 entries matched\n")


def test_opml_import_names_every_outline_it_skips_at_its_line(project, tmp_path):
    """`feeds import` skipped non-http and already-configured outlines without a word, and an
    invalid OPML file's error named two different positions (`:3:5: ... line 3, column 4`)."""
    project.write(extra='[[feeds]]\nid = "criterio"\nurl = "https://criterio.hn/feed/"\n')
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?>\n'
                    '<opml version="2.0"><head><title>x</title></head><body>\n'
                    '  <outline text="Honduras">\n'
                    '    <outline text="Proceso Digital" xmlUrl="https://proceso.hn/feed/"/>\n'
                    '    <outline text="Criterio" xmlUrl="https://criterio.hn/feed/"/>\n'
                    '  </outline>\n'
                    '  <outline text="Gopher news" xmlUrl="gopher://old.example/feed"/>\n'
                    '  <outline text="Just a page" htmlUrl="https://page.example/"/>\n'
                    '</body></opml>\n', encoding="utf-8")
    imported = project.cli("feeds", "import", str(opml))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"added 1 feed to {project.config.resolve()}; 3 outlines skipped (see above)"
    assert imported.stderr.splitlines() == [
        f"{opml}:8:3: skipped 'Just a page': no xmlUrl, so not a feed (and no feeds inside)",
        f"{opml}:5:5: skipped 'Criterio': already in config.toml as 'criterio'",
        f"{opml}:7:3: skipped 'Gopher news': a feed needs an http:// or https:// URL (got 'gopher://old.example/feed')",
    ]
    broken = tmp_path / "broken.opml"
    broken.write_text('<?xml version="1.0"?>\n<opml version="2.0"><body>\n  <outline text="a">\n</body></opml>\n',
                      encoding="utf-8")
    refused = project.cli("feeds", "import", str(broken))
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"{broken}:4:3: invalid OPML: mismatched tag"


def test_unknown_ids_and_bad_limits_say_what_is_wrong_and_exit_2(project, feed_server, sink):
    """`stories --rule nope` and `deliveries retry 999` exited 0 with an empty answer, and
    `alerts --limit -1` was accepted."""
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/x", "x")]))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    assert project.cli("run", "--once").returncode == 0
    stories = project.cli("stories", "--rule", "extradicion")
    assert stories.returncode == 2
    assert stories.stderr.strip() == "stories --rule: unknown rule 'extradicion' (did you mean 'extradition'?)"
    assert project.cli("stories", "--rule", "deportation").returncode == 0, "a known rule with no story is fine"
    retry = project.cli("deliveries", "retry", "999", "1")
    assert retry.returncode == 2
    assert retry.stdout.startswith("0 deliveries queued")
    assert retry.stderr.strip() == ("deliveries retry: no delivery #999; delivery #1 is sent; only pending "
                                    "or dead deliveries are sent again (see `newswatch deliveries`)")
    for command in (("alerts", "--limit", "-1"), ("deliveries", "--limit", "0"), ("stories", "--limit", "x")):
        refused = project.cli(*command)
        assert refused.returncode == 2, command
        assert "--limit: expected a whole number of at least 1" in refused.stderr, refused.stderr


def test_counts_of_one_are_singular(project, feed_server, sink):
    """"1 subscribers", "1 new entries", "1 deliveries": a count of one reads as one."""
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/x", "x")]))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    checked = project.cli("check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 1 feed, 1 subscriber, "), checked.stdout
    ran = project.cli("run", "--once")
    assert ran.returncode == 0, ran.stderr
    assert re.search(r"newswatch \S+: 1 feed, \d+ rules, 1 subscriber, database", ran.stderr), ran.stderr
    assert "feed 'hn': 1 new entry, 1 alert, 1 delivery queued" in ran.stderr
    assert "run --once: 1 feed polled (0 failed, 0 not polled), 1 new entry, 1 alert; 1 delivery sent" in ran.stderr
    listed = project.cli("stories").stdout
    assert "1 entry, 1 outlet (" in listed and "\n1 story with entries since" in listed


def test_a_tiny_poll_interval_is_a_located_warning(project):
    """`interval = "5s"` was taken silently: a publisher may block a client polling that fast."""
    project.write(feeds=[{"id": "hn", "url": "https://hn.example/f.xml", "interval": "5s"},
                         {"id": "ok", "url": "https://ok.example/f.xml", "interval": "2m"}])
    checked = project.cli("check")
    assert checked.returncode == 0, "a warning, not an error"
    line = next(n for n, text in enumerate(project.config.read_text().splitlines(), 1) if text == 'interval = "5s"')
    assert checked.stderr.splitlines() == [
        f"{project.config}:{line}:1: feeds[0].interval: warning: polled every 5s; publishers may block a client this fast "
        "and feeds rarely change that often: use at least '1m'"]


def test_mutes_says_no_mutes_and_shows_times_in_utc(project):
    """`mutes` printed an empty table header when there were none; 'since' had no time zone."""
    project.write()
    project.cli("run", "--once")    # creates the database
    assert project.cli("mutes", "--all").stdout == "no mutes\n"
    assert project.cli("mutes").stdout == "no active mutes (`newswatch mutes --all` shows expired and ended ones)\n"
    assert project.cli("mute", "--rule", "extradition", "--for", "2h", "--by", "ana").returncode == 0
    (mute,) = [json.loads(line) for line in project.cli("mutes", "--json").stdout.splitlines()]
    since, until = (f"{mute[k][:10]} {mute[k][11:16]}Z" for k in ("created_at", "expires_at"))
    assert project.cli("mutes").stdout.splitlines() == [
        "id  what                state   by   why  since              until",
        "--  ------------------  ------  ---  ---  -----------------  -----------------",
        f"1   rule 'extradition'  active  ana  -    {since}  {until}",
    ]
