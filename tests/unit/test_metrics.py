"""Metrics counted in plain numbers and rendered as Prometheus text at scrape time: the same
series and values as prometheus_client's own Counter and Histogram would give."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from watcher.metrics import Live, Metrics


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = metrics.exposition(Live()).decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_a_value_on_a_bucket_bound_counts_in_that_bucket_and_every_later_one():
    m = Metrics()
    for seconds in (0.05, 0.06, 100):
        m.fetch_seconds.observe(seconds, "ok")
    got = samples(m)

    def bucket(le: str) -> float:
        return got[("newswatch_fetch_duration_seconds_bucket", (("le", le), ("outcome", "ok")))]

    assert (bucket("0.05"), bucket("0.1"), bucket("60.0"), bucket("+Inf")) == (1, 2, 2, 3)
    assert got[("newswatch_fetch_duration_seconds_count", (("outcome", "ok"),))] == 3
    assert got[("newswatch_fetch_duration_seconds_sum", (("outcome", "ok"),))] == pytest.approx(100.11)


def test_counters_start_at_zero_for_every_fixed_label_and_add_up():
    m = Metrics()
    before = samples(m)
    assert before[("newswatch_polls_total", (("status", "error"),))] == 0
    assert before[("newswatch_entries_new_total", ())] == 0
    assert before[("newswatch_poll_round_duration_seconds_count", ())] == 0
    m.record_delivery("sent", "mailto", 3)
    m.record_delivery("sent", "mailto", 2)
    m.record_delivery("dead", "", 1)
    after = samples(m)
    assert after[("newswatch_deliveries_total", (("channel", "mailto"), ("outcome", "sent")))] == 5
    assert after[("newswatch_deliveries_total", (("channel", "unknown"), ("outcome", "dead")))] == 1
