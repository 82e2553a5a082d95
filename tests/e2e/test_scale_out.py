"""Several newswatch instances on one PostgreSQL database (issue 14): they start together on an
empty database, share the polls, keep or give up their leases, and never send one alert twice
without a crash. Real `newswatch run` processes or in-process harnesses on a fresh database per
test; skipped (with the reason) when NEWSWATCH_TEST_POSTGRES_URL is not set."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from conftest import cli_env
from feeds import Item, rss
from servers import Route, wait_for

STARTED = "feeds,"       # the start line: "newswatch X: N feeds, R rules, ..."


def use_database(project, url: str) -> None:
    text = project.config.read_text()
    project.config.write_text(text.replace('database = "sqlite:///newswatch.db"', f'database = "{url}"'))


def start_daemon(project, name: str, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
    log_path = project.root / f"{name}.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "watcher", "run", *args, "--config", str(project.config)],
                            cwd=project.root, stdout=subprocess.DEVNULL, stderr=log, env=cli_env())
    log.close()
    return proc, log_path


def stop(procs: list[subprocess.Popen[bytes]]) -> list[int | None]:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    codes = []
    for proc in procs:
        try:
            codes.append(proc.wait(timeout=30))
        except subprocess.TimeoutExpired:
            proc.kill()
            codes.append(None)
    return codes


def test_three_daemons_started_at_once_on_an_empty_database_all_come_up(project, feed_server, sink, pg_url):
    feeds = []
    for i in range(6):
        feed_server.routes[f"/f{i}.xml"] = Route(rss([Item(f"Noticias del día {i}", f"https://hn.example/n{i}", f"n{i}")]))
        feeds.append({"id": f"f{i}", "url": feed_server.url(f"/f{i}.xml")})
    project.write(feeds=feeds, subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    use_database(project, pg_url)
    started = [start_daemon(project, f"i{k}") for k in range(3)]
    procs = [p for p, _ in started]
    try:
        for proc, log in started:
            wait_for(lambda: STARTED in log.read_text() or proc.poll() is not None, timeout=60)
        wait_for(lambda: all(feed_server.hits(f"/f{i}.xml") for i in range(6)), timeout=30)
        alive = [proc.poll() is None for proc in procs]
    finally:
        codes = stop(procs)
    logs = [log.read_text() for _, log in started]
    assert alive == [True, True, True], "\n----\n".join(logs)
    assert codes == [0, 0, 0], "\n----\n".join(logs)
    assert not any("cannot prepare the database" in text for text in logs)
