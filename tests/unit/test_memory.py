"""Memory held by the daemon (issue 13: peak RSS at 1,000 feeds): what a step allocates stays in
proportion to what it handles, not to the limits it is allowed."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tracemalloc

import pytest
from conftest import REPO

from watcher.fetch.decode import BoundedDecoder


def test_decoding_a_small_gzip_body_allocates_in_proportion_to_it_not_to_the_limit():
    body = b"<rss>" + b"<item>Honduras extradita</item>" * 1000 + b"</rss>"
    packed = gzip.compress(body)
    tracemalloc.start()
    try:
        decoder = BoundedDecoder("gzip", 10 << 20)
        decoder.feed(packed)
        assert decoder.finish() == body
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20, f"{peak:,} bytes allocated to decode {len(body):,}"


def test_trims_are_at_least_a_few_seconds_apart(monkeypatch):
    from watcher import malloc
    if malloc._libc is None:
        pytest.skip("not glibc")
    monkeypatch.setattr(malloc, "_last_trim", 0.0)
    assert malloc.trim(now=1000.0)
    assert not malloc.trim(now=1000.0 + malloc.TRIM_EVERY / 2)
    assert malloc.trim(now=1000.0 + malloc.TRIM_EVERY)


def test_a_trim_gives_back_memory_freed_below_memory_still_in_use(monkeypatch):
    """glibc returns freed memory at the top of its heap by itself, not what was freed below a
    block still in use: that takes malloc_trim."""
    from watcher import malloc
    if malloc._libc is None:
        pytest.skip("not glibc")
    monkeypatch.setattr(malloc, "_last_trim", 0.0)
    blocks = [bytes(4000) + bytes([i % 256]) for i in range(20_000)]    # ~80 MB, each from malloc
    kept = blocks[-1]
    del blocks
    before = rss_mib()
    assert malloc.trim(now=1e9)
    assert before - rss_mib() > 40, "the freed blocks below the kept one were given back"
    assert kept


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS"))


def test_a_new_database_is_upgraded_by_a_child_process_and_alembic_stays_out_of_this_one(tmp_path):
    """Alembic and what it loads (~10 MiB) would stay in the daemon for its life after one upgrade."""
    code = f"""
import json, sys
from storage import open_store
from storage.engine import current_revision, head_revision, pragma
store = open_store({f"sqlite:///{tmp_path / 'nw.db'}"!r})
print(json.dumps(["alembic" in sys.modules, current_revision(store.engine) == head_revision(),
                  pragma(store.engine, "auto_vacuum"), pragma(store.engine, "journal_mode")]))"""
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, True, 2, "wal"]


def test_when_the_child_cannot_upgrade_this_process_does_with_the_same_errors(tmp_path, monkeypatch):
    from alembic.util.exc import CommandError

    from storage import open_store
    from storage.engine import current_revision, head_revision, make_engine, upgrade
    monkeypatch.setattr(sys, "executable", "/bin/false")
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    assert current_revision(store.engine) == head_revision()
    store.close()
    monkeypatch.undo()
    newer = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    with newer.begin() as conn:     # a database stamped by a newer newswatch
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('ffffffffffff')")
    with pytest.raises(CommandError) as here:
        upgrade(newer)
    with pytest.raises(CommandError) as opened:
        open_store(f"sqlite:///{tmp_path / 'b.db'}")
    assert str(opened.value) == str(here.value)
