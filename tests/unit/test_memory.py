"""Memory held by the daemon (issue 13: peak RSS at 1,000 feeds): what a step allocates stays in
proportion to what it handles, not to the limits it is allowed."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest

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
