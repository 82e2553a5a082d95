"""What a failed send means for the retry, decided from what real Apprise reports about real
HTTP answers (issue 9): a refusal that will never change is not retried, a busy or broken
receiver is, and a rate limit waits at least a minute. Apprise 2.2 hands back an
AppriseResultStatus and its log entries only (its plugins call requests themselves and log the
status as "error=NNN"), so these tests pin that contract against a real receiver."""

from __future__ import annotations

import asyncio

import pytest

from watcher.notify import RATE_LIMIT_FLOOR, Notifier
from watcher.types import Message

MESSAGE = Message("Extraditan a hondureño", "Corte Suprema autorizó la extradición.", "text")


def send(sink, *statuses: int):
    sink.statuses = list(statuses)
    return asyncio.run(Notifier(timeout=10).send(sink.json_url(), MESSAGE, "idem-1"))


def test_a_delivered_message_is_a_success_and_carries_the_idempotency_key(sink):
    outcome = send(sink, 200)
    assert outcome.ok and not outcome.error
    assert sink.payloads()[-1]["title"] == MESSAGE.title
    assert sink.posts[-1][1]["x-idempotency-key"] == "idem-1"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_a_refusal_that_will_not_change_is_not_retried(sink, status):
    outcome = send(sink, status)
    assert not outcome.ok and not outcome.retryable and not outcome.ambiguous
    assert f"error={status}" in outcome.error


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_broken_or_busy_receiver_is_retried(sink, status):
    outcome = send(sink, status)
    assert not outcome.ok and outcome.retryable and outcome.retry_after is None


def test_a_rate_limit_waits_at_least_a_minute(sink):
    outcome = send(sink, 429)
    assert not outcome.ok and outcome.retryable and outcome.retry_after == RATE_LIMIT_FLOOR


def test_an_unreachable_receiver_is_retried(sink):
    sink.stop()
    outcome = asyncio.run(Notifier(timeout=5).send(sink.json_url(), MESSAGE, "idem-2"))
    assert not outcome.ok and outcome.retryable
    sink.restart()
