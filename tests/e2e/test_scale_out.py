"""Several newswatch instances on one PostgreSQL database (issue 14): they start together on an
empty database, share the polls, keep or give up their leases, and never send one alert twice
without a crash. Real `newswatch run` processes or in-process harnesses on a fresh database per
test; skipped (with the reason) when NEWSWATCH_TEST_POSTGRES_URL is not set."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import cli_env
from feeds import Item, rss
from harness import Clock, Harness, poll_then_deliver, run
from servers import Route, wait_for
from watcher.pipeline import DeliverReport

pytestmark = pytest.mark.serial   # several daemons and their shares of the work, timed by leases

STARTED = "feeds,"       # the start line: "newswatch X: N feeds, R rules, ..."
EXTRADITION = Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/x1", "x1")


class WallClock(Clock):
    """The real clock: leases expire and heartbeats renew them in real time."""

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc)


def case(n: int) -> Item:
    """A distinct story matching the shipped extradition rule (numbers keep stories apart)."""
    return Item(f"Honduras extradita a Estados Unidos a exalcalde acusado de narcotráfico, caso {n}",
                f"https://hn.example/caso-{n}", f"caso-{n}")


def deliveries(url: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "select status, attempts, ambiguous, batch_key from delivery order by id"))]
    finally:
        engine.dispose()


def use_database(project, url: str) -> None:
    text = project.config.read_text()
    project.config.write_text(text.replace('database = "sqlite:///newswatch.db"', f'database = "{url}"'))


def start_daemon(project, name: str, *args: str, config: Path | None = None) -> tuple[subprocess.Popen[bytes], Path]:
    log_path = project.root / f"{name}.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "watcher", "run", *args, "--config", str(config or project.config)],
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


def slow_feed(body: bytes, seconds: float):
    """A route answering after ``seconds`` (a slow outlet: polls overlap across instances)."""
    def handler(h) -> None:
        time.sleep(seconds)
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return Route(handler=handler)


def instance_config(project, k: int) -> Path:
    """The same deployment under its own User-Agent (to tell the instances apart on the wire)."""
    path = project.root / f"config-i{k}.toml"
    path.write_text(project.config.read_text().replace("[fetch]\n", f'[fetch]\nuser_agent = "nw-i{k}"\n', 1))
    return path


def test_three_instances_share_the_polls(project, feed_server, sink, pg_url):
    """Before: the first instance to tick claimed every due feed (786 of 804 polls)."""
    for i in range(18):
        feed_server.routes[f"/f{i}.xml"] = slow_feed(rss([Item(f"Nota {i}", f"https://hn.example/n{i}", f"n{i}")]), 0.3)
    project.write(feeds=[{"id": f"f{i}", "url": feed_server.url(f"/f{i}.xml"), "interval": "3s"} for i in range(18)],
                  watch="adaptive = false", fetch="concurrency = 3")
    use_database(project, pg_url)
    procs, logs = [], []
    try:
        for k in range(3):
            proc, log = start_daemon(project, f"i{k}", config=instance_config(project, k))
            procs.append(proc)
            logs.append(log)
        for proc, log in zip(procs, logs):
            wait_for(lambda: STARTED in log.read_text() or proc.poll() is not None, timeout=60)
        # skip one round after the starts (an instance's first tick comes up to 2 s after its start
        # line), then count a window of six rounds
        first = len(feed_server.requests) + 18
        wait_for(lambda: len(feed_server.requests) - first >= 108, timeout=120)
        window = feed_server.requests[first:first + 108]
    finally:
        codes = stop(procs)
    shares = [sum(1 for r in window if r.headers.get("user-agent") == f"nw-i{k}") / len(window) for k in range(3)]
    assert codes == [0, 0, 0], [log.read_text()[-2000:] for log in logs]
    # each instance takes a part (the ticks' phases make the parts unequal: one got 0.17 of 54 polls
    # and 0.19 of 108 in runs of this test, so 0.2 failed about one run in six); the fault this guards,
    # the first instance claiming every due feed, left the others ~0.01
    assert all(share >= 0.1 for share in shares), shares


def test_concurrent_run_once_on_an_empty_database_fetch_each_feed_once(project, feed_server, pg_url):
    """Before: 5 of 6 `run --once` exited 1 on a new database, and overlapping runs fetched
    feeds twice. A feed another run polls or polled in the same round counts as polled."""
    for i in range(6):
        feed_server.routes[f"/f{i}.xml"] = slow_feed(rss([Item(f"Nota {i}", f"https://hn.example/n{i}", f"n{i}")]), 2.0)
    project.write(feeds=[{"id": f"f{i}", "url": feed_server.url(f"/f{i}.xml")} for i in range(6)])
    use_database(project, pg_url)
    runs = [start_daemon(project, f"once{k}", "--once") for k in range(3)]
    codes = [proc.wait(timeout=120) for proc, _ in runs]
    logs = [log.read_text() for _, log in runs]
    assert codes == [0, 0, 0], "\n----\n".join(logs)
    assert [len(feed_server.hits(f"/f{i}.xml")) for i in range(6)] == [1] * 6, "\n----\n".join(logs)


def test_run_once_drains_a_backlog_larger_than_one_claim(project, feed_server, sink, pg_url):
    """Before: one run sent 1,000 rows and left 794 pending. A claim now holds what one lease
    can send (here 50 rows for one destination); the run goes on until nothing is due."""
    feed_server.routes["/hn.xml"] = Route(rss([case(n) for n in range(120)]))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "format": "text"}],
                  delivery='lease = "2s"\nsend_timeout = "2s"')
    use_database(project, pg_url)
    done = project.cli("run", "--once")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = deliveries(pg_url)
    assert len(rows) == 120 and {r[0] for r in rows} == {"sent"}, rows[:5]
    received = " ".join(p["message"] for p in sink.payloads())
    assert all(f"caso-{n}" in received for n in range(120))
    assert len(sink.posts) == 3, "50 + 50 + 20: one message per claim"


def test_a_send_slower_than_its_lease_is_delivered_once(project, feed_server, sink, pg_url):
    """Before: the 2-minute delivery lease was never renewed, so another instance re-sent
    whatever one destination took longer than that to receive (300 of 1,916 pairs twice)."""
    feed_server.routes["/hn.xml"] = Route(rss([EXTRADITION]))
    sink.delay = 4.5            # longer than the lease; renewed every second
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}], delivery='lease = "3s"\nsend_timeout = "30s"')
    use_database(project, pg_url)

    async def scenario():
        async with Harness(project.config, WallClock()) as a, Harness(project.config, WallClock()) as b:
            await a.poll_all()
            sending = asyncio.create_task(a.deliver())
            while not sink.inflight and not sending.done():   # A's send has reached the receiver
                await asyncio.wait({sending}, timeout=0.05)
            others = DeliverReport()
            while not sending.done():     # the other instance keeps claiming while the slow send runs
                others.add(await b.deliver())
                await asyncio.wait({sending}, timeout=0.2)
            return sending.result(), others

    first, others = run(scenario())
    assert (first.sent, first.lost, others.claimed) == (1, 0, 0), (first, others)
    assert len(sink.posts) == 1, "delivered once"
    ((status, attempts, ambiguous, _),) = deliveries(pg_url)
    assert (status, attempts, ambiguous) == ("sent", 1, False)


def test_a_webhook_answering_after_six_seconds_is_delivered_once(project, feed_server, sink, pg_url):
    """Apprise's own 4 s read timeout must not override send_timeout (it did: a plain failure,
    then 1-4 resends per pair with three instances)."""
    feed_server.routes["/hn.xml"] = Route(rss([EXTRADITION]))
    sink.delay = 6.0
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}], delivery='send_timeout = "30s"')
    use_database(project, pg_url)

    report = poll_then_deliver(project.config, WallClock())
    assert (report.sent, report.retried, report.messages) == (1, 0, 1), report
    ((status, attempts, ambiguous, _),) = deliveries(pg_url)
    assert (status, attempts, ambiguous) == ("sent", 1, False)
    assert len(sink.posts) == 1, "delivered once"


def test_an_instance_that_lost_its_lease_logs_it_and_does_not_report_sent(project, feed_server, sink, pg_url):
    """Instance A stalls (SIGSTOP) in the middle of a send; its lease expires; B waits until
    A's attempt could have completed, then sends once more with the same key. A, resumed,
    logs the lost lease and never reports the rows sent (before: finish_sent updated 0 rows
    without a word and the log said "sent")."""
    feed_server.routes["/hn.xml"] = Route(rss([EXTRADITION]))
    sink.delays = [3.0]            # A's attempt: the receiver takes 3 s; B's goes through at once
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}],
                  delivery='lease = "1s"\nsend_timeout = "4s"\ninterval = "1s"')
    use_database(project, pg_url)
    a, a_log = start_daemon(project, "a")
    procs = [a]
    try:
        wait_for(lambda: sink.inflight == 1, timeout=60)
        a.send_signal(signal.SIGSTOP)
        b, b_log = start_daemon(project, "b")
        procs.append(b)
        wait_for(lambda: "sent 1 alert" in b_log.read_text(), timeout=60)
        a.send_signal(signal.SIGCONT)
        wait_for(lambda: "lease lost" in a_log.read_text(), timeout=30)
    finally:
        a.send_signal(signal.SIGCONT)
        codes = stop(procs)
    assert codes == [0, 0], a_log.read_text()[-2000:]
    assert "sent 1 alert" not in a_log.read_text(), a_log.read_text()[-2000:]
    ((status, attempts, ambiguous, _),) = deliveries(pg_url)
    assert (status, ambiguous) == ("sent", True), "B's send: the earlier attempt may have arrived too"
    keys = {headers["x-idempotency-key"] for _, headers, _ in sink.posts}
    assert len(sink.posts) == 2 and len(keys) == 1, "a stall is a crash: at-least-once, with one key"
