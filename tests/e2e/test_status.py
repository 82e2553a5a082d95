"""`newswatch run` as a process with its HTTP server and JSON logs, and `newswatch status`
(exit 0 ready, 1 not) against it and without it."""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import urllib.request

from conftest import popen_cli
from feeds import Item, rss
from servers import Route, wait_for


class Lines:
    """Collects a process's stderr lines in a thread (the test never blocks on the pipe)."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def find(self, pattern: str) -> re.Match[str] | None:
        return next((m for line in list(self.lines) if (m := re.search(pattern, line))), None)


def test_status_of_a_running_daemon_with_json_logs(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/1", "1")]))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}],
                  watch='log_format = "json"\nadaptive = false\npoll_interval = "1h"')
    daemon = popen_cli("run", "--config", str(project.config), cwd=project.root)
    log = Lines(daemon.stderr)
    try:
        found = wait_for(lambda: log.find(r"on http://127\.0\.0\.1:(\d+)"), timeout=30)
        base = f"http://127.0.0.1:{found.group(1)}"
        wait_for(lambda: log.find(r'"feed_id": "hn"'), timeout=30)
        ready = project.cli("status", "--url", base)
        assert ready.returncode == 0, ready.stdout + ready.stderr
        assert ready.stdout.splitlines()[0] == f"newswatch at {base}: ready"
        assert re.search(r"ok +database +answers", ready.stdout)
        wait_for(lambda: re.search(r'^newswatch_polls_total\{status="new"\} 1\.0$',
                                   urllib.request.urlopen(base + "/metrics", timeout=10).read().decode(), re.M))
    finally:
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=20) == 0
    gone = project.cli("status", "--url", base)
    assert gone.returncode == 1 and "the daemon does not answer at" in gone.stderr
    wait_for(lambda: log.find("stopped"), timeout=5)
    records = [json.loads(line) for line in log.lines]
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    polled = [r for r in records if r.get("feed_id") == "hn" and r["logger"] == "newswatch.poll"]
    assert polled and polled[0]["level"] == "info" and "1 new entry, " in polled[0]["message"], records


def test_status_without_the_http_server_checks_from_here(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([Item("Extraditan a EE. UU. a hondureño", "https://hn.example/1", "1")]))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}], http='listen = ""')
    never = project.cli("status")
    assert never.returncode == 1 and "BAD  polling" in never.stdout, never.stdout
    assert project.cli("run", "--once").returncode == 0
    ready = project.cli("status")
    assert ready.returncode == 0, ready.stdout
    assert "the [http] server is off" in ready.stdout and re.search(r"ok +polling +last poll \d+s ago", ready.stdout)
    os.rename(project.db, project.root / "moved.db")
    moved = project.cli("status", "--json")
    answer = json.loads(moved.stdout)
    assert moved.returncode == 1 and answer["status"] == "not ready"
    assert answer["reasons"][0].startswith("database: cannot read the database:")
    assert not project.db.exists()


def test_a_busy_listen_address_stops_the_start_with_its_name(project):
    import socket
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        project.write(http=f'listen = "127.0.0.1:{port}"')
        result = project.cli("run", timeout=60)
    finally:
        taken.close()
    assert result.returncode == 1
    assert f"http.listen: cannot listen on 127.0.0.1:{port}: address already in use" in result.stderr.lower()
