"""No secret in logs, errors, the database or CLI output, even at DEBUG with failing channels
(hazards.md D 34)."""

from __future__ import annotations

import socket
import sqlite3

from feeds import Item, rss
from servers import Route

SECRETS = {"SMTP_PASSWORD": "Sm7pS3cretPassw0rd", "SLACK_TOKEN_C": "TIiajkdnlazkcOXrIdevi7",
           "HOOK_PASSWORD": "Wh00kPassw0rdXYZ"}
SITECUSTOMIZE = """
import os
port = os.environ.get("NW_TEST_SLACK_PORT")
if port:   # Slack's servers cannot exist here: point the plugin at a closed local port
    from apprise.plugins.slack import NotifySlack
    NotifySlack.webhook_url = f"http://127.0.0.1:{port}/services"
"""


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_planted_secrets_never_show(project, feed_server, smtp, sink, tmp_path):
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/s", "s")]))
    sink.path_status["/hook"] = 500
    project.write(
        feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
        subscribers=[{"id": "desk", "admin": True, "urls": [
            f"mailto://bot:${{SMTP_PASSWORD}}@127.0.0.1:{smtp.port}?from=newswatch@example.org&to=desk@example.org",
            "slack://T1JJ3T3L2/A1BRTD4JD/${SLACK_TOKEN_C}/#alerts",
            f"json://hookuser:${{HOOK_PASSWORD}}@127.0.0.1:{sink.port}/hook"]}],
        delivery='max_attempts = 1')
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = dict(SECRETS, NW_TEST_SLACK_PORT=str(closed_port()), PYTHONPATH=str(site))
    outputs = []
    run = project.cli("run", "--once", "--log-level", "debug", env=env)
    assert run.returncode == 0, run.stderr
    outputs += [run.stdout, run.stderr]
    assert "DEBUG" in run.stderr, "the daemon really ran at DEBUG"
    assert "DEBUG   apprise" not in run.stderr, "Apprise never logs below INFO"
    assert run.stderr.count("giving up on 1 deliveries") >= 3, run.stderr
    for command in (("deliveries",), ("deliveries", "--dead"), ("alerts",), ("check",), ("feeds",)):
        result = project.cli(*command, env=env)
        outputs += [result.stdout, result.stderr]
    with sqlite3.connect(project.db) as db:
        outputs.append("\n".join(db.iterdump()))
    blob = "\n".join(outputs)
    assert "json://hookuser:****@127.0.0.1" in blob or "hookuser" in blob
    for name, secret in SECRETS.items():
        assert secret not in blob, f"{name} leaked"
