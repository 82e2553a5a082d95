"""Memory held by the daemon (issue 13: peak RSS at 1,000 feeds): what a step allocates stays in
proportion to what it handles, not to the limits it is allowed."""

from __future__ import annotations

import gzip
import tracemalloc

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
