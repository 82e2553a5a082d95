"""Delivery under faults and schedules, in-process with an injected clock (hazards.md A 5-9,
digests, quiet hours, flood control): real Apprise, real HTTP sink, real SMTP, real SQLite."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from feeds import Item, rss
from harness import Clock, Harness, poll_then_deliver, run
from servers import Route

TGU = ZoneInfo("America/Tegucigalpa")
EXTRADITION = Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/x1", "x1")
DEPORTATION = Item("Llegan 120 hondureños deportados a San Pedro Sula", "https://hn.example/d1", "d1")
BIOMETRIC = Item("Honduras firma carta de intención para compartir datos biométricos", "https://hn.example/b1", "b1")


def serve(feed_server, clock, items):
    feed_server.routes["/hn.xml"] = Route(rss(items, now=clock()))


def local(clock: Clock, hour: int, minute: int = 0) -> None:
    day = clock().astimezone(TGU).date()
    clock.set(datetime(day.year, day.month, day.day, hour, minute, tzinfo=TGU))


def next_due(h: Harness) -> datetime:
    return min(r.due_at for r in h.rows() if r.status == "pending")


def test_receiver_down_for_six_hours_gets_everything_after(project, feed_server, sink):
    clock = Clock()
    serve(feed_server, clock, [EXTRADITION, DEPORTATION, BIOMETRIC])
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])
    sink.stop()

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            start = clock()
            attempts = 0
            while clock() - start < timedelta(hours=6):
                report = await h.deliver()
                attempts += report.messages
                assert report.sent == 0 and report.dead == 0
                clock.set(next_due(h))
            rows = h.rows()
            assert {r.status for r in rows} == {"pending"} and len(rows) == 3
            assert all("Connection" in (r.last_error or "") or "connect" in (r.last_error or "").lower() for r in rows)
            gaps = sorted({r.due_at - clock() for r in rows})
            sink.restart()
            recovered_at = clock()
            clock.set(next_due(h))
            report = await h.deliver()
            assert report.sent == 3 and report.messages == 1
            assert clock() - recovered_at <= timedelta(hours=1, minutes=12), "within one capped backoff step"
            return attempts, gaps

    attempts, _ = run(scenario())
    assert 8 <= attempts <= 16, f"capped exponential backoff, not a busy loop ({attempts} attempts in 6h)"
    (payload,) = sink.payloads()
    for link in ("https://hn.example/x1", "https://hn.example/d1", "https://hn.example/b1"):
        assert link in payload["message"]


def test_permanent_4xx_is_dead_at_once_with_one_admin_notice(project, feed_server, sink, smtp):
    clock = Clock()
    serve(feed_server, clock, [EXTRADITION])
    sink.path_status["/gone"] = 404
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "broken", "urls": [sink.json_url("/gone")]},
                               {"id": "ops", "urls": [smtp.url("ops@example.org")], "admin": True}])

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            first = await h.deliver()
            second = await h.deliver()
            third = await h.deliver()
            return first, second, third, h.rows()

    first, second, third, rows = run(scenario())
    assert first.dead == 1 and first.sent == 1, "the healthy destination is not held back"
    assert second.sent == 1 and third.messages == 0
    by_sub = {r.subscriber_id: r for r in rows if r.title.startswith("Extraditan")}
    assert by_sub["broken"].status == "dead" and "404" in by_sub["broken"].last_error
    assert by_sub["ops"].status == "sent"
    subjects = [m["Subject"] for m in smtp.messages]
    assert subjects[0].startswith("[HIGH] Extradition")
    assert subjects[1] == "newswatch: 1 alert deliveries could not be made"
    assert len(smtp.messages) == 2, "one notice, not one per attempt"
    assert "deliveries retry --dead" in smtp.messages[1].get_body(("plain",)).get_content()


def test_partial_fan_out_retries_only_the_failed_destination(project, feed_server, sink, smtp):
    clock = Clock()
    serve(feed_server, clock, [EXTRADITION])
    sink.statuses = [503]
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [smtp.url(), sink.json_url()]}])

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            first = await h.deliver()
            clock.set(next_due(h))
            second = await h.deliver()
            return first, second

    first, second = run(scenario())
    assert (first.sent, first.retried) == (1, 1)
    assert (second.sent, second.retried) == (1, 0)
    assert len(smtp.messages) == 1, "email is never resent"
    assert len(sink.posts) == 1


def test_ambiguous_ack_is_retried_with_the_same_key_and_remembered(project, feed_server, sink):
    clock = Clock()
    serve(feed_server, clock, [EXTRADITION])
    sink.delay = 2.5
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}], delivery='send_timeout = "1s"')

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            first = await h.deliver()
            sink.delay = 0
            clock.set(next_due(h))
            second = await h.deliver()
            return first, second, h.rows()

    first, second, rows = run(scenario())
    assert first.retried == 1 and second.sent == 1
    from servers import wait_for
    wait_for(lambda: len(sink.posts) == 2)
    keys = {headers["x-idempotency-key"] for _, headers, _ in sink.posts}
    assert len(keys) == 1, "the receiver can collapse the duplicate"
    assert rows[0].ambiguous and rows[0].status == "sent"


def test_quiet_hours_hold_until_the_window_ends_and_urgent_goes_at_once(project, feed_server, sink):
    clock = Clock()
    local(clock, 23, 30)
    serve(feed_server, clock, [EXTRADITION, DEPORTATION, BIOMETRIC])
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "timezone": "America/Tegucigalpa",
                                "quiet_hours": "22:00-07:00"}])

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            night = await h.deliver()
            local(clock, 6, 59)
            clock.advance(timedelta(days=1))
            early = await h.deliver()
            clock.advance(timedelta(minutes=1))
            morning = await h.deliver()
            return night, early, morning, h.rows()

    night, early, morning, rows = run(scenario())
    assert night.sent == 1 and early.messages == 0 and morning.messages == 1 and morning.sent == 2
    first, second = sink.payloads()
    assert first["title"].startswith("[URGENT] Biometric data-sharing")
    assert second["title"] == "newswatch: 2 new stories (2 rules)"
    assert "https://hn.example/x1" in second["message"] and "https://hn.example/d1" in second["message"]
    held = {r.title[:12]: r.held for r in rows}
    assert held == {"Extraditan a": "quiet-hours", "Llegan 120 h": "quiet-hours", "Honduras fir": ""}


def test_digest_schedule_in_the_subscribers_timezone(project, feed_server, sink):
    clock = Clock()
    local(clock, 10, 0)
    serve(feed_server, clock, [EXTRADITION, DEPORTATION])
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "timezone": "America/Tegucigalpa",
                                "digest": "07:00,13:00"}])

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            before = await h.deliver()
            local(clock, 13, 0)
            at_slot = await h.deliver()
            return before, at_slot

    before, at_slot = run(scenario())
    assert before.messages == 0
    assert at_slot.messages == 1 and at_slot.sent == 2
    (digest,) = sink.payloads()
    assert digest["message"].startswith("2 new stories matched your rules")
    assert digest["message"].index("== Deportation") < digest["message"].index("== Extradition")


def test_flood_control_rolls_alerts_into_the_next_digest_and_drops_nothing(project, feed_server, sink):
    clock = Clock()
    local(clock, 9, 5)
    items = [Item(f"EE. UU. deporta a {n} hondureños en un nuevo vuelo", f"https://hn.example/f{n}", f"f{n}")
             for n in range(100, 600, 100)]      # five flights (tallies within 5% would be one)
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()], "timezone": "America/Tegucigalpa",
                                "max_per_hour": 2}])

    async def scenario():
        reports = []
        async with Harness(project.config, clock) as h:
            for i in range(5):
                serve(feed_server, clock, items[: i + 1])
                await h.poll_all()
                reports.append(await h.deliver())
                clock.advance(timedelta(minutes=5))
            local(clock, 10, 4)
            reports.append(await h.deliver())      # the 9:05 message still counts
            local(clock, 10, 5)
            reports.append(await h.deliver())      # it left the hour: everything held goes, together
            return reports, h.rows()

    reports, rows = run(scenario())
    assert [r.sent for r in reports] == [1, 1, 0, 0, 0, 0, 3]
    assert [r.held for r in reports[:5]] == [0, 0, 1, 1, 1]
    assert {r.status for r in rows} == {"sent"} and len(rows) == 5
    payloads = sink.payloads()
    assert len(payloads) == 3
    assert payloads[2]["title"] == "newswatch: 3 new stories (1 rule)"


def test_two_rules_one_story_reach_a_subscriber_once_naming_both(project, feed_server, sink):
    clock = Clock()
    both = Item("Honduras extradita a narco y recibe deportados en San Pedro Sula", "https://hn.example/both", "both")
    serve(feed_server, clock, [both])
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])

    report = poll_then_deliver(project.config, clock)
    assert report.messages == 1 and report.sent == 1
    (payload,) = sink.payloads()
    assert "[HIGH] Extradition involving Honduras or a neighbour" in payload["message"]
    assert "[HIGH] Deportation of people to or from Honduras or a neighbour" in payload["message"]



def test_rate_limited_destination_waits_at_least_a_minute(project, feed_server, sink):
    clock = Clock()
    serve(feed_server, clock, [EXTRADITION])
    sink.statuses = [429]
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            first = await h.deliver()
            wait = next_due(h) - clock()
            clock.advance(timedelta(seconds=59))
            early = await h.deliver()
            clock.set(next_due(h))
            late = await h.deliver()
            return first, wait, early, late

    first, wait, early, late = run(scenario())
    assert first.retried == 1 and wait >= timedelta(seconds=60)
    assert early.messages == 0 and late.sent == 1


def test_wall_clock_jumps_cause_no_burst_and_no_duplicate(project, feed_server, sink):
    clock = Clock()
    serve(feed_server, clock, [EXTRADITION, DEPORTATION])
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")},
                         {"id": "hn2", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])

    async def scenario():
        polls = []
        async with Harness(project.config, clock) as h:
            polls.append(len(await h.poll_due()))
            await h.deliver()
            clock.advance(timedelta(hours=24))          # the clock jumps a day ahead
            polls.append(len(await h.poll_due()))
            polls.append(len(await h.poll_due()))
            await h.deliver()
            clock.advance(timedelta(hours=-1))          # and an hour back
            polls.append(len(await h.poll_due()))
            await h.deliver()
            return polls, h.rows()

    polls, rows = run(scenario())
    assert polls == [2, 2, 0, 0], "one poll per feed after the jump, not a burst"
    assert len(rows) == 2 and len(sink.posts) == 1


@pytest.mark.parametrize("stories", [1, 3], ids=["alert", "digest"])
def test_every_format_shows_each_storys_link(project, feed_server, sink, smtp, stories):
    clock = Clock()
    items = [EXTRADITION, DEPORTATION, BIOMETRIC][:stories]
    serve(feed_server, clock, items)
    formats = ("html", "text", "markdown")
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}], subscribers=[
        *({"id": f"mail-{f}", "urls": [smtp.url(f"{f}@example.org")], "format": f} for f in formats),
        {"id": "mail-default", "urls": [smtp.url("default@example.org")]},
        *({"id": f"hook-{f}", "urls": [sink.json_url(f"/{f}")], "format": f} for f in formats)])

    report = poll_then_deliver(project.config, clock)
    assert report.messages == 7 and report.sent == 7 * stories, report
    parts = {}
    for message in smtp.messages:
        to = message["To"]
        parts[f"{to} plain"] = message.get_body(("plain",)).get_content()
        if message.get_body(("html",)) is not None:
            parts[f"{to} html"] = message.get_body(("html",)).get_content()
    for path, _, body in sink.posts:
        parts[f"webhook {path}"] = __import__("json").loads(body)["message"]
    assert len([k for k in parts if k.endswith("plain")]) == 4 and len(sink.posts) == 3
    for where, text in parts.items():
        for item in items:
            assert item.link in text, f"{where} lacks {item.link}:\n{text}"


def test_slow_receiver_within_send_timeout_is_delivered_once(project, feed_server, sink):
    """Apprise's own 4 s read timeout must not turn a slow acknowledgement into a failure."""
    clock = Clock()
    serve(feed_server, clock, [EXTRADITION])
    sink.delay = 6.0            # the receiver stores the message, then answers after ~6 s
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/hn.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}], delivery='send_timeout = "30s"')

    async def scenario():
        async with Harness(project.config, clock) as h:
            await h.poll_all()
            report = await h.deliver()
            return report, h.rows()

    report, rows = run(scenario())
    assert (report.sent, report.retried, report.messages) == (1, 0, 1), report
    (row,) = rows
    assert row.status == "sent" and not row.ambiguous and row.attempts == 1 and not row.last_error
    assert len(sink.posts) == 1, "delivered once"
