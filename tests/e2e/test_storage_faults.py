"""Storage faults on a real `newswatch run` (hazards.md A 14, 15, 8b): a full disk, a damaged
page, a read-only database, a second daemon through another name of the same file."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import cli_env, popen_cli, run_cli
from feeds import Item, rss
from servers import Route, wait_for

FIRST = Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/a1", "a1",
             "", timedelta(hours=1))


def burst(count: int) -> list[Item]:
    """Matching stories with long summaries: storing them needs far more than a few free pages."""
    return [Item(f"Deportan a {i} hondureños desde Estados Unidos", f"https://hn.example/d{i}", f"d{i}",
                 "Los migrantes retornados fueron recibidos en San Pedro Sula. " * 60, timedelta(minutes=30))
            for i in range(count)]


def setup(project, feed_server, sink, database: str = "sqlite:///newswatch.db", interval: str = "10s") -> None:
    feed_server.routes["/hn.xml"] = Route(rss([FIRST]), etag='"v1"')
    project.write(feeds=[{"id": "diario-hn", "url": feed_server.url("/hn.xml"), "interval": interval}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}], delivery='interval = "2s"')
    project.config.write_text(project.config.read_text().replace("sqlite:///newswatch.db", database))


class LogFile:
    """A daemon's standard error, written to a file the test reads while it runs."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self) -> str:
        return self.path.read_text(errors="replace")

    def lines(self, level: str) -> list[str]:
        return [line for line in self.text().splitlines() if f" {level} " in line[:40]]


def start(cmd: list[str], cwd: Path) -> tuple[subprocess.Popen[bytes], LogFile]:
    log = LogFile(cwd / "daemon.log")
    with open(log.path, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=out, env=cli_env())
    return proc, log


def stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=30)


# -- a full disk: a real 3 MB tmpfs, mounted in a user and mount namespace ---------------------

def tmpfs_command(folder: Path, size: str, *args: str) -> list[str]:
    script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"'
    return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", size, str(folder), *args]


def tmpfs_available(tmp_path: Path) -> bool:
    folder = tmp_path / "probe"
    folder.mkdir()
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.Popen(tmpfs_command(folder, "1m", "sh", "-c", f'touch "{folder}/inside" && sleep 5'))
    try:
        inside = Path(f"/proc/{probe.pid}/root") / str(folder).lstrip("/") / "inside"
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and probe.poll() is None:
            if inside.exists():
                return not (folder / "inside").exists()
            time.sleep(0.05)
        return False
    finally:
        probe.kill()
        probe.wait()


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        return filler
    finally:
        os.close(fd)


def test_disk_full_logs_once_backs_off_and_recovers_at_once(project, feed_server, sink, tmp_path):
    if not tmpfs_available(tmp_path):
        pytest.skip("needs `unshare` with user and mount namespaces to mount a small tmpfs")
    data = project.root / "data"
    data.mkdir()
    setup(project, feed_server, sink, database="sqlite:///data/newswatch.db", interval="4s")
    daemon, log = start(tmpfs_command(data, "3m", sys.executable, "-m", "watcher", "run", "--config",
                                      str(project.config)), project.root)
    try:
        wait_for(lambda: len(sink.posts) == 1, timeout=40)
        inside = Path(f"/proc/{daemon.pid}/root") / str(data).lstrip("/")
        gate, items = threading.Event(), burst(40)

        def slow_then_big(handler):   # the daemon has claimed the feed and waits for its body
            gate.wait(30)
            handler.send_simple(200, rss(items), "application/rss+xml", {"ETag": '"v2"'})

        feed_server.routes["/hn.xml"] = Route(handler=slow_then_big)
        wait_for(lambda: len(feed_server.hits("/hn.xml")) == 2, timeout=30)
        with sqlite3.connect(inside / "newswatch.db") as db:   # an empty WAL: every write must grow it
            db.execute("pragma wal_checkpoint(TRUNCATE)")
        filler = fill(inside)
        full_at = time.monotonic()
        gate.set()
        wait_for(lambda: "disk is full" in log.text(), timeout=20)
        wait_for(lambda: time.monotonic() - full_at > 7, timeout=20)   # poll and delivery ticks
        fetches_while_full = len(feed_server.hits("/hn.xml")) - 2
        filler.unlink()
        freed_at = time.monotonic()
        wait_for(lambda: len(sink.posts) == 2, timeout=60)
        recovered = time.monotonic() - freed_at
    finally:
        code = stop(daemon)
    text = log.text()
    assert code == 0, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    errors = log.lines("ERROR")
    assert len(errors) <= 2 and all("database or disk is full" in e for e in errors), errors
    assert [line for line in log.lines("INFO") if "database: cleared" in line], "one line when it clears"
    assert fetches_while_full <= 2, "the feed keeps its 4s schedule, and the stored lease never blocks it"
    assert recovered < 40, f"recovered {recovered:.0f}s after space returned (the poll lease is 2m40s)"
    assert len(sink.payloads()[1]["message"]) > 0


def test_run_once_exits_1_when_the_disk_fills_during_the_run(project, feed_server, sink, tmp_path):
    if not tmpfs_available(tmp_path):
        pytest.skip("needs `unshare` with user and mount namespaces to mount a small tmpfs")
    data = project.root / "data"
    data.mkdir()
    setup(project, feed_server, sink, database="sqlite:///data/newswatch.db")
    later = burst(150)
    feed_server.routes["/hn.xml"] = Route(handler=lambda h: h.send_simple(
        200, rss([FIRST] if len(feed_server.hits("/hn.xml")) == 1 else later), "application/rss+xml"))
    leave_256k = ("import os, sys; st = os.statvfs(sys.argv[1]); fd = os.open(sys.argv[1] + '/filler', os.O_CREAT | "
                  "os.O_WRONLY); os.write(fd, bytes(st.f_bavail * st.f_frsize - 256 * 1024))")
    run = f'"{sys.executable}" -m watcher run --once --config "{project.config}"'
    script = f'{run}; echo "first=$?"; "{sys.executable}" -c "{leave_256k}" "{data}"; {run}; echo "second=$?"'
    result = subprocess.run(tmpfs_command(data, "2m", "sh", "-c", script), cwd=project.root, capture_output=True,
                            text=True, timeout=120, env=cli_env())
    assert "first=0" in result.stdout, result.stderr[-3000:]
    assert "second=1" in result.stdout, result.stderr[-3000:]
    assert "database or disk is full" in result.stderr and "Traceback" not in result.stderr
    assert "run --once: the database failed" in result.stderr
    assert len(sink.posts) == 1, "nothing of the failed run was sent"


# -- a damaged database -----------------------------------------------------------------------

def corrupt(db_path: Path, table: str = "entry") -> None:
    """Overwrite every page of one table's root and index roots with garbage, as a bad disk
    block would (after folding the WAL in, so the damaged pages are the ones SQLite reads)."""
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        wait_for(lambda: db.execute("pragma wal_checkpoint(TRUNCATE)").fetchone()[0] == 0, timeout=20)
        page_size = db.execute("pragma page_size").fetchone()[0]
        roots = [r[0] for r in db.execute("select rootpage from sqlite_master where tbl_name = ? and rootpage > 0",
                                          (table,))]
    finally:
        db.close()
    with open(db_path, "r+b") as f:
        for root in roots:
            f.seek((root - 1) * page_size)
            f.write(b"\xa5" * page_size)


def test_a_damaged_database_is_refused_at_start(project, feed_server, sink):
    setup(project, feed_server, sink)
    assert project.cli("run", "--once").returncode == 0
    corrupt(project.db)
    fetched = len(feed_server.hits("/hn.xml"))
    for args in (("run", "--once"), ("run",)):
        result = project.cli(*args, timeout=60)
        assert result.returncode == 1, result.stderr
        assert f"the database {project.db} is damaged" in result.stderr and ".recover" in result.stderr
        assert "Traceback" not in result.stderr
    assert len(feed_server.hits("/hn.xml")) == fetched, "nothing is fetched for a database that cannot store it"


def test_a_damaged_database_with_a_broken_rule_file_reports_the_rules(project, feed_server, sink):
    """The quick check starts while the rules are validated (a thread): their problems still come
    first and alone (exit 2), as when the check came after them."""
    setup(project, feed_server, sink)
    assert project.cli("run", "--once").returncode == 0
    corrupt(project.db)
    (project.rules / "broken.yaml").write_text("rules:\n  - id: [unclosed\n")
    result = project.cli("run", "--once", timeout=60)
    assert result.returncode == 2, result.stderr
    assert "broken.yaml" in result.stderr and "damaged" not in result.stderr
    (project.rules / "broken.yaml").unlink()
    result = project.cli("run", "--once", timeout=60)
    assert result.returncode == 1 and f"the database {project.db} is damaged" in result.stderr, result.stderr


def test_a_page_damaged_while_running_never_raises_the_fetch_rate(project, feed_server, sink):
    setup(project, feed_server, sink, interval="5s")
    daemon, log = start([sys.executable, "-m", "watcher", "run", "--config", str(project.config)], project.root)
    try:
        wait_for(lambda: len(sink.posts) == 1, timeout=40)
        feed_server.routes["/hn.xml"] = Route(rss(burst(3)), etag='"v2"')   # the next poll has entries to store
        corrupt(project.db)
        with sqlite3.connect(project.db) as db:   # a write the daemon sees: its cached pages are dropped
            db.execute("insert into meta (key, value) values ('probe', 'x')")
        wait_for(lambda: "malformed" in log.text(), timeout=40)
        failed_at, fetches = time.monotonic(), len(feed_server.hits("/hn.xml"))
        wait_for(lambda: time.monotonic() - failed_at > 4, timeout=20)   # two or more poll ticks
        refetched = len(feed_server.hits("/hn.xml")) - fetches
    finally:
        code = stop(daemon)
    assert code == 0
    assert refetched == 0, f"fetched {refetched} more times within 4s although its interval is 5s"
    errors = log.lines("ERROR")
    assert len(errors) == 1 and "malformed" in errors[0] and "repair" in errors[0], errors
    assert "Traceback" not in log.text()


# -- a read-only database -----------------------------------------------------------------------

def unprivileged(args: list[str]) -> list[str]:
    """Run as a user that file permissions apply to (root ignores them): as the owner of the
    test's files, mapped to an ordinary uid in a user namespace."""
    if os.geteuid() != 0:
        return args
    return ["unshare", "--user", "--map-user=1000", "--map-group=1000", *args]


def cli_as_owner(project, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = unprivileged([sys.executable, "-m", "watcher", *args, "--config", str(project.config)])
    return subprocess.run(cmd, cwd=project.root, capture_output=True, text=True, timeout=120, env=cli_env())


def need_unprivileged() -> None:
    if os.geteuid() == 0 and subprocess.run(unprivileged(["true"])).returncode != 0:
        pytest.skip("running as root and cannot map to an ordinary user (unshare --map-user)")


def side_files(project) -> list[str]:
    return sorted(p.name for p in project.root.glob("newswatch.db-*"))


def test_a_start_on_a_read_only_database_leaves_nothing_behind(project, feed_server, sink):
    need_unprivileged()
    setup(project, feed_server, sink)
    assert cli_as_owner(project, "run", "--once").returncode == 0
    os.chmod(project.db, 0o444)
    refused = cli_as_owner(project, "run", "--once")
    assert refused.returncode == 1
    assert f"the database {project.db} is read-only (mode 0444)" in refused.stderr and "chmod u+w" in refused.stderr
    assert side_files(project) == [], "no -wal or -shm file is left behind"
    os.chmod(project.db, 0o644)
    repaired = cli_as_owner(project, "run", "--once")
    assert repaired.returncode == 0, repaired.stderr


def test_read_only_leftovers_of_an_earlier_reader_are_repaired_at_start(project, feed_server, sink):
    need_unprivileged()
    setup(project, feed_server, sink)
    assert cli_as_owner(project, "run", "--once").returncode == 0
    os.chmod(project.db, 0o444)
    read = f"import sqlite3; sqlite3.connect({str(project.db)!r}).execute('select count(*) from feed').fetchall()"
    subprocess.run(unprivileged([sys.executable, "-c", read]), check=True, cwd=project.root)
    assert side_files(project) == ["newswatch.db-shm", "newswatch.db-wal"]
    assert (project.root / "newswatch.db-shm").stat().st_mode & 0o777 == 0o444
    os.chmod(project.db, 0o644)
    result = cli_as_owner(project, "run", "--once")
    assert result.returncode == 0, result.stderr
    assert "newswatch.db-shm was read-only" in result.stderr


# -- one daemon per database file ------------------------------------------------------------------

def test_a_second_daemon_through_a_symlink_or_a_hard_link_is_refused(project, feed_server, sink):
    setup(project, feed_server, sink)
    daemon = popen_cli("run", "--config", str(project.config), cwd=project.root)
    try:
        wait_for(lambda: len(sink.posts) == 1, timeout=40)
        for name, make in (("link.db", os.symlink), ("hard.db", os.link)):
            make(project.db, project.root / name)
            other = project.root / f"{name}.toml"
            absolute = f"sqlite:///{project.root / name}"   # an absolute path is taken as written
            other.write_text(project.config.read_text().replace("sqlite:///newswatch.db", absolute))
            second = run_cli("run", "--once", "--config", str(other), cwd=project.root)
            assert second.returncode == 1, f"{name}: {second.stderr}"
            assert f"another newswatch (pid {daemon.pid}) is running" in second.stderr
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=30)
    assert len(sink.posts) == 1
