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
    assert run.returncode == 1, run.stderr   # every delivery ended dead: a failed run for cron
    outputs += [run.stdout, run.stderr]
    assert "DEBUG" in run.stderr, "the daemon really ran at DEBUG"
    assert "DEBUG   apprise" not in run.stderr, "Apprise never logs below INFO"
    assert run.stderr.count("giving up on 1 delivery") >= 3, run.stderr
    for command in (("deliveries",), ("deliveries", "--dead"), ("alerts",), ("check",), ("feeds",)):
        result = project.cli(*command, env=env)
        outputs += [result.stdout, result.stderr]
    with sqlite3.connect(project.db) as db:
        outputs.append("\n".join(db.iterdump()))
    blob = "\n".join(outputs)
    assert "json://h...r:****@127.0.0.1" in blob, "destinations are shown, masked"
    for name, secret in SECRETS.items():
        assert secret not in blob, f"{name} leaked"


ENV_SECRETS = {"HOOK_PASS": "EnvPassw0rd77", "PATH_TOKEN": "EnvPathTok3nQ8", "QUERY_TOKEN": "EnvQueryTok3nZ9",
               "USER_TOKEN": "EnvUs3rTok3nK4"}
LITERAL_SECRETS = {"user": "LitUs3rTok3nA1", "password": "LitPassw0rdB2", "path": "LitPathTok3nC3",
                   "query": "LitQueryTok3nD4", "header": "LitHeaderTok3nE5"}


def test_secret_in_any_part_of_a_destination_never_shows(project, feed_server, sink):
    """Userinfo, path and query secrets, from ${VAR} and written literally, in every log line
    at DEBUG (WARNING retries, ERROR give-ups, INFO sends), every CLI table, every notice and
    every database column (issue 8, item 10)."""
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/s", "s")]))
    port, lit = sink.port, LITERAL_SECRETS
    paths = ["/hook/" + ENV_SECRETS["PATH_TOKEN"], "/user", "/services/T0000/B0000/" + lit["path"]]
    subscribers = [
        {"id": "env", "admin": True, "urls": [
            f"json://hookuser:${{HOOK_PASS}}@127.0.0.1:{port}/hook/${{PATH_TOKEN}}?token=${{QUERY_TOKEN}}",
            f"json://${{USER_TOKEN}}@127.0.0.1:{port}/user"]},
        {"id": "literal", "urls": [
            f"json://{lit['user']}:{lit['password']}@127.0.0.1:{port}/services/T0000/B0000/{lit['path']}"
            f"?apikey={lit['query']}&+X-Api-Key={lit['header']}"]}]
    feeds = [{"id": "hn", "url": feed_server.url("/f.xml")}]
    outputs = []

    def cli(*args: str) -> None:
        result = project.cli(*args, env=ENV_SECRETS)
        outputs.extend([result.stdout, result.stderr])

    sink.path_status.update({p: 500 for p in paths})
    project.write(feeds=feeds, subscribers=subscribers, delivery="max_attempts = 2")
    cli("run", "--once", "--log-level", "debug")                 # WARNING: failed, retrying
    project.write(feeds=feeds, subscribers=subscribers, delivery="max_attempts = 1")
    cli("deliveries", "retry", "1", "2", "3")                   # the three queued (an unknown id retries nothing)
    cli("run", "--once", "--log-level", "debug")                 # ERROR: giving up; dead-letter notice
    sink.path_status.clear()
    cli("deliveries", "retry", "--dead")
    cli("run", "--once", "--log-level", "debug")                 # INFO: sent
    logs = "\n".join(outputs)
    assert "failed (attempt 1)" in logs and "giving up on" in logs and "sent 1 alert to 'literal'" in logs, logs
    assert "DEBUG" in logs
    for command in (("deliveries",), ("alerts",), ("feeds",), ("check",), ("notify-test", "env"),
                    ("notify-test", "literal")):   # `deliveries` lists every status
        cli(*command)
    with sqlite3.connect(project.db) as db:
        outputs.append("\n".join(db.iterdump()))
        labels = {r[0] for r in db.execute("SELECT destination_label FROM delivery")}
        notices = [r[0] for r in db.execute("SELECT body FROM notice")]
    blob = "\n".join(outputs)
    assert f"json://h...r:****@127.0.0.1:{port}/****/E...8" in labels, labels
    assert any(f"127.0.0.1:{port}/s...s/****/****/L...3" in n for n in notices), notices
    assert len(sink.posts) >= 3, "every destination really got messages"
    for name, secret in [*ENV_SECRETS.items(), *LITERAL_SECRETS.items()]:
        assert secret not in blob, f"{name} leaked: ...{blob[max(0, blob.find(secret) - 200):blob.find(secret) + 50]}"


def test_outbox_rows_of_older_versions_are_masked_and_still_delivered(project, feed_server, sink):
    """Rows an older version stored with an unmasked label (and a key derived from it) get the
    current key and masked label at start: still delivered, no secret left behind."""
    from harness import Clock, Harness, run
    from watcher.destinations import legacy_label
    from watcher.routing import destination_key

    clock = Clock()
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/s", "s")],
                                             now=clock()))
    url = sink.json_url("/hook/" + LITERAL_SECRETS["path"])
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}], subscribers=[{"id": "desk", "urls": [url]}])

    async def poll():
        async with Harness(project.config, clock) as h:
            await h.poll_all()

    async def deliver():
        async with Harness(project.config, clock) as h:
            return await h.deliver(), h.rows()

    run(poll())
    with sqlite3.connect(project.db) as db:   # what the older version wrote
        db.execute("UPDATE delivery SET destination = ?, destination_label = ?",
                   (destination_key("desk", legacy_label(url), 0), legacy_label(url)))
        db.execute("INSERT INTO notice (key, kind, subject, body, created_at) VALUES ('k', 'dead-letter', 's', ?, "
                   "'2020-01-01 00:00:00')", (f"- 1 for 'desk' via {legacy_label(url)} (404)",))
    report, rows = run(deliver())
    assert report.sent == 1 and len(sink.posts) == 1
    assert [r.destination_label for r in rows] == [f"json://127.0.0.1:{sink.port}/****/L...3"]
    with sqlite3.connect(project.db) as db:
        assert LITERAL_SECRETS["path"] not in "\n".join(db.iterdump())


def test_literal_secret_in_a_world_readable_config_is_warned_about_once(project, smtp):
    literal = f"mailto://bot:{LITERAL_SECRETS['password']}@127.0.0.1:{smtp.port}?from=n@example.org&to=d@example.org"
    from_env = f"mailto://bot:${{SMTP_PASSWORD}}@127.0.0.1:{smtp.port}?from=n@example.org&to=d@example.org"
    env = {"SMTP_PASSWORD": SECRETS["SMTP_PASSWORD"]}
    project.write(subscribers=[{"id": "env", "urls": [from_env]}, {"id": "lit", "urls": [literal]}])
    project.config.chmod(0o644)
    check = project.cli("check", env=env)
    assert check.returncode == 0, check.stderr
    (warning,) = [line for line in check.stderr.splitlines() if "warning" in line]
    line = project.config.read_text().splitlines().index('id = "lit"') + 2   # the urls line after it
    assert warning.startswith(f"{project.config}:{line}:") and "subscribers[1].urls[0]: warning:" in warning
    assert "${VAR}" in warning
    run = project.cli("run", "--once", env=env)
    assert run.stderr.count("a secret is written in a file every user can read") == 1, run.stderr
    for output in (check.stdout + check.stderr, run.stdout + run.stderr):
        assert LITERAL_SECRETS["password"] not in output and SECRETS["SMTP_PASSWORD"] not in output
    project.config.chmod(0o640)
    assert "warning" not in project.cli("check", env=env).stderr, "only files every user can read"
    project.write(subscribers=[{"id": "env", "urls": [from_env]}])
    project.config.chmod(0o644)
    assert "warning" not in project.cli("check", env=env).stderr, "${VAR} values are not literal"


def test_a_literal_http_token_in_a_world_readable_config_is_warned_about(project):
    """The [http] token is a secret like any subscriber password: written literally into a file
    every user can read, `check` warns at its line; taken from ${VAR}, it does not."""
    token = "L1teral-http-token-" + "q" * 12
    project.write(http=f'listen = "127.0.0.1:0"\ntoken = "{token}"')
    project.config.chmod(0o644)
    check = project.cli("check")
    assert check.returncode == 0, check.stderr
    (warning,) = [line for line in check.stderr.splitlines() if "warning" in line]
    line = project.config.read_text().splitlines().index(f'token = "{token}"') + 1
    assert warning.startswith(f"{project.config}:{line}:") and "http.token: warning:" in warning, warning
    assert token not in check.stdout + check.stderr
    project.write(http='listen = "127.0.0.1:0"\ntoken = "${NEWSWATCH_HTTP_TOKEN}"')
    project.config.chmod(0o644)
    quiet = project.cli("check", env={"NEWSWATCH_HTTP_TOKEN": token})
    assert quiet.returncode == 0 and "warning" not in quiet.stderr, quiet.stderr
