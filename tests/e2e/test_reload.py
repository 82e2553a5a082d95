"""Hot reload on a running daemon: a broken rule file keeps the old rules matching, fixing it
applies the new rules; the problem is reported once with file:line:col (hazards.md G 39)."""

from __future__ import annotations

import signal

from conftest import dedent, popen_cli
from feeds import Item, rss
from servers import Route, wait_for

NEW_RULE = dedent("""
    rules:
      - id: tourism-watch
        title: Tourism in Roatán
        match: Roatán
        tests:
          match: ["Cruceros llegan a Roatán", "ROATAN recibe turistas", "Roatán", "Turismo en Roatán", "roatán"]
          no_match: ["Tegucigalpa", "Copán", "La Ceiba", "Utila", "San Pedro Sula"]
""")


def test_invalid_rules_keep_the_old_set_and_a_fix_applies_the_new_one(project, feed_server, sink):
    items = [Item("Extraditan a EE. UU. a hondureño", "https://hn.example/1", "1")]
    feed_server.routes["/f.xml"] = Route(rss(items))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "admin": True}],
                  watch='adaptive = false\npoll_interval = "1s"\nrules_check = "1h"')
    daemon = popen_cli("run", "--config", str(project.config), cwd=project.root)
    errors: list[str] = []
    try:
        wait_for(lambda: len(sink.posts) == 1, timeout=30)

        (project.rules / "broken.yaml").write_text("rules:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
        daemon.send_signal(signal.SIGHUP)
        wait_for(lambda: any("rejected" in p["title"] for p in sink.payloads()), timeout=30)
        notice = next(p for p in sink.payloads() if "rejected" in p["title"])
        assert "rules/broken.yaml:3:12: YAML syntax error" in notice["message"]

        items.append(Item("Llegan 50 hondureños deportados a Tegucigalpa", "https://hn.example/2", "2"))
        feed_server.routes["/f.xml"] = Route(rss(items))
        wait_for(lambda: any("hn.example/2" in p["message"] for p in sink.payloads()), timeout=30)

        daemon.send_signal(signal.SIGHUP)   # the same broken set again: no second report
        (project.rules / "broken.yaml").write_text(NEW_RULE, encoding="utf-8")
        daemon.send_signal(signal.SIGHUP)
        items.append(Item("Cruceros llegan a Roatán con 5 mil turistas", "https://hn.example/3", "3"))
        feed_server.routes["/f.xml"] = Route(rss(items))
        wait_for(lambda: any("hn.example/3" in p["message"] for p in sink.payloads()), timeout=30)
        assert len([p for p in sink.payloads() if "rejected" in p["title"]]) == 1
    finally:
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=20) == 0
        errors.append(daemon.stderr.read())
    log = errors[0]
    assert log.count("rule files changed but were rejected") == 1
    assert "rules reloaded: 4 rules" in log


