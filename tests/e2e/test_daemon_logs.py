"""What a real `newswatch run` writes to its log while it works normally: nothing at WARNING."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import timedelta

from conftest import cli_env
from feeds import Item, rss
from servers import Route, wait_for

SKIPPED = "skipped: maximum number of running instances"


def test_skipped_scheduler_ticks_are_never_warnings(project, feed_server, sink):
    """A delivery round slower than [delivery] interval makes APScheduler skip ticks: normal
    here, so at most a DEBUG line (the soak logged 6,139 WARNING lines in 10 minutes)."""
    items = [Item(f"Extraditan a Estados Unidos a hondureño número {i}", f"https://hn.example/x{i}", f"x{i}",
                  age=timedelta(minutes=10)) for i in range(3)]
    feed_server.routes["/hn.xml"] = Route(rss(items))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "format": "text"}],
                  delivery='interval = "1s"\nsend_timeout = "30s"')
    sink.delay = 4.0          # one send outlasts four delivery ticks
    log_path = project.root / "daemon.log"
    with open(log_path, "w") as log:
        daemon = subprocess.Popen([sys.executable, "-m", "watcher", "run", "--log-level", "debug", "--config",
                                   str(project.config)], cwd=project.root, stdout=subprocess.DEVNULL, stderr=log,
                                  env=cli_env())
        try:
            wait_for(lambda: log_path.read_text().count(SKIPPED) >= 2, timeout=40)
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=30)
    skipped = [line for line in log_path.read_text().splitlines() if SKIPPED in line]
    assert skipped and all(" DEBUG " in line for line in skipped), skipped[:3]
    warnings = [line for line in log_path.read_text().splitlines() if " WARNING " in line]
    assert warnings == [], warnings[:5]


def test_a_send_cut_off_by_the_shutdown_drain_is_one_warning_not_a_traceback(project, feed_server, sink):
    """SIGTERM while a send outlasts the drain: one WARNING saying so, exit 0, and no ERROR or
    traceback from the scheduler about the job it had to cancel."""
    feed_server.routes["/hn.xml"] = Route(rss([Item("Extraditan a Estados Unidos a hondureño", "https://hn.example/x",
                                                    "x", age=timedelta(minutes=10))]))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "format": "text"}],
                  delivery='send_timeout = "60s"')
    sink.delay = 12.0          # longer than the 8 s drain
    log_path = project.root / "daemon.log"
    with open(log_path, "w") as log:
        daemon = subprocess.Popen([sys.executable, "-m", "watcher", "run", "--config", str(project.config)],
                                  cwd=project.root, stdout=subprocess.DEVNULL, stderr=log, env=cli_env())
        try:
            wait_for(lambda: sink.inflight >= 1, timeout=40)
        finally:
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=40)
    lines = log_path.read_text().splitlines()
    assert code == 0, lines[-5:]
    assert [line for line in lines if " WARNING " in line and "did not finish within" in line], lines[-5:]
    assert not [line for line in lines if " ERROR " in line or "Traceback" in line], lines
