"""Smoke tests: every benchmark script in bench/ runs end to end at its smallest size and prints
its table. Slow (each starts a farm and whole daemons); run with --runslow. The numbers are
not checked here: performance targets live in the scripts' output, never in timed tests."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def run_script(name: str, *args: str, timeout: float = 240) -> str:
    done = subprocess.run([sys.executable, str(BENCH / name), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


def needs(*modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"needs the bench extra (pip install -e '.[bench]'): {', '.join(missing)} missing")


def test_poll_bench_polls_every_feed_in_each_cycle() -> None:
    needs("psutil")
    out = run_script("poll.py", "--feeds", "6", "--entries", "3", "--hosts", "3", "--repeat", "1")
    for cycle in ("cold", "unchanged 304", "ignores 304"):
        assert re.search(rf"^{cycle}\s+1\s+[\d.]+\s+[\d.]+\s+[\d,]+$", out, re.MULTILINE), out
    # measured on the loop the daemon runs on (uvloop with the speed extra, which the tests install)
    assert "uvloop's event loop" in out.splitlines()[0], out


def test_record_bench_stores_every_entry_of_every_poll() -> None:
    out = run_script("record.py", "--feeds", "4", "--entries", "30", "--repeat", "1")
    assert "run 1: " in out and "120 entries stored" in out, out
    assert re.search(r"^record_poll CPU, median of 1: [\d.]+ s; [\d.]+ ms a poll", out, re.MULTILINE), out


def test_peers_bench_measures_every_tool_cold_and_warm() -> None:
    needs("psutil", "reader", "rss2email", "aiosmtpd")
    out = run_script("peers.py", "--feeds", "5", "--entries", "3", "--hosts", "3", "--runs", "1",
                     "--daemon-feeds", "5")
    for cycle in ("cold", "warm"):
        for tool in ("newswatch run --once", "reader 3.26", "rss2email 3.14"):
            assert re.search(rf"^{cycle}\s+{re.escape(tool)}\s+[\d.]+\s+[\d.]+", out, re.MULTILINE), out
    assert re.search(r"^\s+5 unchanged 304\s+[\d.]+", out, re.MULTILINE), out


def test_peers_bench_measures_warm_cycles_alone_after_one_cold_cycle_per_tool() -> None:
    needs("psutil", "reader", "aiosmtpd")
    out = run_script("peers.py", "--feeds", "5", "--entries", "3", "--hosts", "3", "--runs", "2",
                     "--tools", "newswatch,reader", "--cycles", "warm", "--daemon-feeds", "")
    for tool in ("newswatch run --once", "reader 3.26"):
        assert re.search(rf"^warm\s+{re.escape(tool)}\s+[\d.]+\s+[\d.]+", out, re.MULTILINE), out
    assert not re.search(r"^cold ", out, re.MULTILINE), out
    assert len(re.findall(r"^  run \d: ", out, re.MULTILINE)) == 4, out


def test_scale_bench_counts_every_pair_of_item_and_subscriber() -> None:
    needs("psutil", "psycopg")
    url = os.environ.get("NEWSWATCH_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("NEWSWATCH_TEST_POSTGRES_URL is not set (scale.py needs PostgreSQL)")
    base = url.rsplit("/", 1)[0]
    out = run_script("scale.py", "--instances", "1", "--feeds", "8", "--hosts", "3", "--duration", "20",
                     "--interval", "5", "--drain", "25", "--new-per-minute", "60", "--match-every", "2",
                     "--slow-webhook", "1", "--postgres", base)
    row = re.search(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+$", out, re.MULTILINE)
    assert row, out
    pairs, lost, once, duplicate = (int(g) for g in row.groups())
    assert pairs > 0 and pairs == lost + once + duplicate, out
    assert "rules vs farm design disagree on 0" in out, out


def test_memory_bench_prints_startup_steps_each_process_and_the_story_index() -> None:
    needs("psutil", "aiosmtpd")
    out = run_script("memory.py", "--feeds", "5", "--entries", "3", "--hosts", "3")
    assert re.search(r"^\s+story index, empty window \(the prior\)\s+[\d.]+ MiB", out, re.MULTILINE), out
    assert re.search(r"^\s+newswatch \(main process\)\s+[\d.]+ MiB", out, re.MULTILINE), out
    assert re.search(r"^\s+tree, PSS summed\s+[\d.]+ MiB", out, re.MULTILINE), out
    assert re.search(r"^\s+15 entries in the window, \d+ stories", out, re.MULTILINE), out
    assert re.search(r"^\s+the index alone \(rows read 5,000 at a time\)\s+\+\s*[\d.]+ MiB", out, re.MULTILINE), out


def test_stories_replay_decides_as_the_cold_run_did() -> None:
    needs("uvloop")
    out = run_script("profile_cycle.py", "--rate", "0", "--feeds", "6", "--entries", "10", "--hosts", "2", "--keep")
    kept = re.search(r"kept: (\S+)", out)
    assert kept, out
    try:
        replay = run_script("stories_replay.py", str(Path(kept.group(1)) / "newswatch" / "newswatch.db"),
                            "--entries", "10", "--runs", "1")
    finally:
        subprocess.run(["rm", "-rf", kept.group(1)], check=False)
    made = re.search(r"^\s+1\s+\S+\s+\S+\s+(\d+)\s+\w+$", replay, re.MULTILINE)
    stored = re.search(r"the run stored (\d+) stories", replay)
    assert made and stored and made.group(1) == stored.group(1), replay
