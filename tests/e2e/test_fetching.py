"""Fetching policy against real local servers: SSRF guard (hazards.md E 35), politeness
(per-host cap, Retry-After, backoff, redirects, 410), feed health and formats."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

import pytest
from aiohttp.abc import AbstractResolver

from feeds import Item, atom, rss
from harness import Clock, Harness, run
from servers import FeedServer, Route, SlowFeed

ALERTING = Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/a", "a")


def harness_run(project, clock=None, rounds=1, between=None, **hooks):
    clock = clock or Clock()

    async def scenario():
        out = []
        async with Harness(project.config, clock, **hooks) as h:
            for i in range(rounds):
                if between:
                    between(i, clock, h)
                out.append({r.feed_id: r for r in await h.poll_all()})
            states = {s.id: s for s in h.rt.store.feed_states()}
            rows = h.rows()
        return out, states, rows

    return run(scenario())


# -- E35: SSRF ------------------------------------------------------------------------------------------

BLOCKED_HOSTS = ["127.0.0.1:{port}", "[::1]:{port}", "[::ffff:127.0.0.1]:{port}", "0x7f000001:{port}",
                 "2130706433:{port}", "0.0.0.0:{port}", "localhost:{port}", "169.254.169.254", "10.0.0.5",
                 "172.16.0.1", "192.168.1.1", "100.64.0.1", "[fc00::1]", "[fe80::1]"]


def test_private_destinations_are_refused_before_connecting(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([ALERTING]))
    feeds = [{"id": f"f{i}", "url": f"http://{host.format(port=feed_server.port)}/f.xml"}
             for i, host in enumerate(BLOCKED_HOSTS)]
    project.write(feeds=feeds, fetch="allow_private_networks = false")
    (reports,), states, _ = harness_run(project)
    for i, host in enumerate(BLOCKED_HOSTS):
        assert reports[f"f{i}"].status == "error", host
        # the refusal's own message, not a connect timeout or a connection error: no connect was attempted
        assert "refused to connect" in reports[f"f{i}"].error and "allow_private_networks" in reports[f"f{i}"].error
    assert feed_server.connections == 0, "no request reached the local listener"


def test_allowlisted_network_is_fetched(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([ALERTING]))
    project.write(feeds=[{"id": "lan", "url": feed_server.url("/f.xml")}],
                  fetch='allow_private_networks = false\nallow_networks = ["127.0.0.1/32"]')
    (reports,), _, _ = harness_run(project)
    assert reports["lan"].status == "new" and reports["lan"].alerts == 1


def test_redirect_hop_to_a_private_address_is_refused(project, feed_server):
    inside = FeedServer(host="127.0.0.2")
    try:
        inside.routes["/secret"] = Route(b"internal")
        feed_server.routes["/f.xml"] = Route(handler=lambda h: h.send_simple(
            302, b"", headers={"Location": inside.url("/secret")}))
        project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}],
                      fetch='allow_private_networks = false\nallow_networks = ["127.0.0.1/32"]')
        (reports,), _, _ = harness_run(project)
        assert "refused to connect to 127.0.0.2" in reports["f"].error
        assert inside.connections == 0
    finally:
        inside.close()


class StubResolver(AbstractResolver):
    """DNS for tests: a list of answers per query; the last answer repeats."""

    def __init__(self, answers: list[list[str]]) -> None:
        self.answers = answers
        self.queries = 0

    async def resolve(self, host, port=0, family=socket.AF_INET):
        answer = self.answers[min(self.queries, len(self.answers) - 1)]
        self.queries += 1
        return [{"hostname": host, "host": ip, "port": port, "family": socket.AF_INET, "proto": 0,
                 "flags": socket.AI_NUMERICHOST} for ip in answer]

    async def close(self) -> None:
        pass


@pytest.mark.parametrize("answers", [[["127.0.0.1"], ["127.0.0.2"]], [["127.0.0.1", "127.0.0.2"]]])
def test_dns_rebinding_never_reaches_the_private_address(project, feed_server, answers):
    from watcher.daemon import default_client
    inside = FeedServer(host="127.0.0.2", port=feed_server.port)
    try:
        inside.routes["/f.xml"] = Route(b"internal")
        feed_server.routes["/f.xml"] = Route(rss([ALERTING]))
        project.write(feeds=[{"id": "f", "url": f"http://rebind.test:{feed_server.port}/f.xml"}],
                      fetch='allow_private_networks = false\nallow_networks = ["127.0.0.1/32"]')
        resolver = StubResolver(answers)

        def between(i, clock, h):
            clock.advance(timedelta(hours=1))

        harness_run(project, rounds=3, between=between,
                    make_client=lambda cfg: default_client(cfg, resolver=resolver))
        assert inside.connections == 0
        assert resolver.queries >= 1
    finally:
        inside.close()


# -- politeness -------------------------------------------------------------------------------------------

def test_per_host_concurrency_cap(project, feed_server):
    slow = SlowFeed(rss([]), 0.3)
    for i in range(6):
        feed_server.routes[f"/f{i}.xml"] = Route(handler=slow)
    project.write(feeds=[{"id": f"f{i}", "url": feed_server.url(f"/f{i}.xml")} for i in range(6)],
                  fetch="per_host = 2")
    harness_run(project)
    assert slow.most == 2


def test_user_agent_names_the_project(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([]))
    project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}])
    harness_run(project)
    (seen,) = feed_server.hits("/f.xml")
    assert seen.headers["user-agent"].startswith("newswatch/")
    assert seen.headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("retry_after", ["120", "DATE"])
def test_retry_after_is_honoured(project, feed_server, retry_after):
    import time
    from email.utils import format_datetime
    from datetime import datetime, timezone
    written = time.monotonic()
    value = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True) \
        if retry_after == "DATE" else retry_after
    feed_server.routes["/f.xml"] = Route(b"slow down", "text/plain", status=429, headers={"Retry-After": value})
    project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}], watch='poll_interval = "1m"')
    clock = Clock()
    (reports,), states, _ = harness_run(project, clock)
    # an HTTP date is counted from the real time of the fetch, which comes after the harness
    # starts (seconds on a loaded machine); without Retry-After the first retry is ~1 min away
    waited = time.monotonic() - written if retry_after == "DATE" else 0.0
    assert waited < 30, "the harness took too long to tell"
    assert reports["f"].error.startswith("HTTP 429")
    assert states["f"].next_poll_at - clock() >= timedelta(seconds=118 - waited)


def test_errors_back_off_exponentially_capped_and_recover(project, feed_server):
    feed_server.routes["/f.xml"] = Route(b"boom", "text/plain", status=500)
    project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}],
                  watch='poll_interval = "5m"', fetch='backoff_max = "1h"')
    delays = []

    async def scenario():
        clock = Clock()
        async with Harness(project.config, clock) as h:
            for _ in range(8):
                await h.poll_all()
                state = h.rt.store.feed_state("f")
                delays.append((state.next_poll_at - clock()).total_seconds())
                clock.set(state.next_poll_at)
            feed_server.routes["/f.xml"] = Route(rss([ALERTING], now=clock()))
            (report,) = await h.poll_all()
            return report, h.rt.store.feed_state("f")

    report, state = run(scenario())
    assert delays[0] < delays[1] < delays[2] < delays[3]
    assert max(delays) <= 3600 * 1.01 and delays[-1] >= 3600 * 0.79
    assert report.status == "new" and state.consecutive_errors == 0 and state.last_error is None


def test_permanent_redirect_updates_the_stored_url(project, feed_server, caplog):
    import logging
    caplog.set_level(logging.WARNING)
    feed_server.routes["/new.xml"] = Route(rss([ALERTING]))
    feed_server.routes["/old.xml"] = Route(handler=lambda h: h.send_simple(301, b"", headers={"Location": "/new.xml"}))
    project.write(feeds=[{"id": "f", "url": feed_server.url("/old.xml")}])

    def between(i, clock, h):
        clock.advance(timedelta(hours=2))

    _, states, _ = harness_run(project, rounds=2, between=between)
    assert states["f"].url == feed_server.url("/new.xml")
    assert len(feed_server.hits("/old.xml")) == 1, "the second poll goes straight to the new URL"
    assert "moved permanently" in caplog.text


def test_gone_feed_is_disabled_with_a_notice(project, feed_server, capsys):
    feed_server.routes["/f.xml"] = Route(b"gone", "text/plain", status=410)
    project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}])

    async def scenario():
        async with Harness(project.config) as h:
            await h.poll_all()
            await h.deliver()
            again = await h.rt.db.run(h.rt.store.claim_due_feeds, ["f"], h.clock() + timedelta(days=30), "x",
                                      h.clock() + timedelta(days=31))
            return h.rt.store.feed_state("f"), again

    state, again = run(scenario())
    assert state.disabled_reason == "410 Gone" and again == []
    assert "newswatch: feed 'f' is gone (HTTP 410)" in capsys.readouterr().out
    listing = project.cli("feeds").stdout
    assert "gone" in listing


def test_unhealthy_feed_gets_one_notice_and_one_when_it_recovers(project, feed_server, capsys):
    feed_server.routes["/f.xml"] = Route(b"boom", "text/plain", status=503)
    project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}], fetch='unhealthy_after = "1h"')

    async def scenario():
        clock = Clock()
        async with Harness(project.config, clock) as h:
            for _ in range(12):
                await h.poll_all()
                await h.deliver()
                clock.set(h.rt.store.feed_state("f").next_poll_at)
            feed_server.routes["/f.xml"] = Route(rss([], now=clock()))
            await h.poll_all()
            await h.deliver()

    run(scenario())
    out = capsys.readouterr().out
    assert out.count("newswatch: feed 'f' failing for") == 1
    assert out.count("newswatch: feed 'f' recovered") == 1


def test_body_identical_to_the_last_is_not_parsed_again(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([ALERTING]), etag='"v"', ignore_conditional=True)
    project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}])
    parses = []
    from watcher.parse import InlineParser

    class Counting(InlineParser):
        async def parse(self, *a, **kw):
            parses.append(1)
            return await super().parse(*a, **kw)

    results, _, _ = harness_run(project, rounds=3, make_parser=lambda cfg: Counting())
    assert [r["f"].status for r in results] == ["new", "unchanged", "unchanged"]
    assert len(parses) == 1
    assert [h.headers.get("if-none-match") for h in feed_server.hits("/f.xml")] == [None, '"v"', '"v"']


def test_adaptive_interval_follows_the_feeds_rate(project, feed_server):
    busy = [Item(f"Nota {i}", f"https://x.example/busy/{i}", f"b{i}", age=timedelta(minutes=20 * i)) for i in range(50)]
    slow = [Item(f"Nota {i}", f"https://x.example/slow/{i}", f"s{i}", age=timedelta(days=3 * i + 1)) for i in range(3)]
    feed_server.routes["/busy.xml"] = Route(rss(busy))
    feed_server.routes["/slow.xml"] = Route(rss(slow))
    feed_server.routes["/pinned.xml"] = Route(rss(busy))
    project.write(feeds=[{"id": "busy", "url": feed_server.url("/busy.xml")},
                         {"id": "slow", "url": feed_server.url("/slow.xml")},
                         {"id": "pinned", "url": feed_server.url("/pinned.xml"), "interval": "45m"}],
                  watch='min_interval = "5m"\nmax_interval = "2h"')
    _, states, _ = harness_run(project)
    assert states["busy"].interval_seconds == 300
    assert states["slow"].interval_seconds == 7200
    assert states["pinned"].interval_seconds == 2700


def test_json_feed_is_read(project, feed_server):
    import json
    clock = Clock()   # the entry is dated relative to the clock the daemon uses, inside the backfill window
    published = (clock.now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON wire", "items": [
        {"id": "j1", "url": "https://json.example/1", "title": "Honduras extradita a exalcalde",
         "content_html": "<p>La <b>Corte</b> aprobó.</p>", "date_published": published}]}
    feed_server.routes["/feed.json"] = Route(json.dumps(doc).encode(), "application/feed+json")
    project.write(feeds=[{"id": "j", "url": feed_server.url("/feed.json")}])
    (reports,), _, rows = harness_run(project, clock)
    assert reports["j"].status == "new" and reports["j"].alerts == 1


def test_atom_served_as_text_html_is_read(project, feed_server):
    feed_server.routes["/a.atom"] = Route(atom([ALERTING]), "text/html")
    project.write(feeds=[{"id": "a", "url": feed_server.url("/a.atom")}])
    (reports,), _, _ = harness_run(project)
    assert reports["a"].alerts == 1




# -- transport faults: each one a one-line FetchError with a kind, and normal backoff ---------------

def _reset_mid_body(h):
    """Headers promise 50,000 bytes; 2,000 arrive, then the connection is reset (RST, not FIN)."""
    import struct
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 50000\r\n\r\n"
                  + rss([ALERTING])[:2000])
    h.wfile.flush()
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def _transport_faults(feed_server) -> dict[str, tuple[str, str, str]]:
    """feed id -> (url, FetchError kind, what the one-line error says)."""
    from hostile import raw
    feed_server.routes["/etag.xml"] = Route(handler=raw("200 OK", {
        "Content-Type": "application/rss+xml", "ETag": '"' + "e" * 100_000 + '"', "Content-Length": "0"}))
    feed_server.routes["/reset.xml"] = Route(handler=_reset_mid_body)
    feed_server.routes["/to-bad-host.xml"] = Route(handler=raw("302 Found", {
        "Location": "http://xn--zz-.example/f.xml", "Content-Length": "0"}))
    feed_server.routes["/hang-up.xml"] = Route(handler=_hang_up)
    port = feed_server.port
    with socket.socket() as closed:         # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        closed_port = closed.getsockname()[1]
    return {
        "etag": (feed_server.url("/etag.xml"), "protocol", "response header line longer than 8,190 bytes"),
        "backslash": (f"http://us\\er@127.0.0.1:{port}/f.xml", "url", "backslash in the host or user part"),
        "idna": ("http://xn--zz-.example/f.xml", "url", "invalid host name 'xn--zz-.example'"),
        "redirect-idna": (feed_server.url("/to-bad-host.xml"), "url", "invalid host name 'xn--zz-.example'"),
        "reset": (feed_server.url("/reset.xml"), "network",
                  "network error: the connection was reset by the server before the whole body arrived"),
        "refused": (f"http://127.0.0.1:{closed_port}/f.xml", "network",
                    f"network error: connection refused by 127.0.0.1:{closed_port} (nothing answers on that port)"),
        "hang-up": (feed_server.url("/hang-up.xml"), "network",
                    "network error: the server closed the connection without a complete answer"),
    }


def _hang_up(h):
    """The request is read, then the connection closes without a byte of answer."""
    h.connection.close()
    h.close_connection = True


def test_transport_faults_are_one_line_fetch_errors_with_a_kind(feed_server):
    from watcher.errors import FetchError
    from watcher.fetch import AddressPolicy, ClientSettings, FetchLimits, Validators, fetch_feed, make_client

    async def fetch_all(faults):
        client = make_client(ClientSettings(policy=AddressPolicy(True)))
        kinds = {}
        try:
            for feed_id, (url, _, _) in faults.items():
                with pytest.raises(FetchError) as caught:
                    await fetch_feed(client, url, Validators(), FetchLimits(deadline=10, policy=AddressPolicy(True)))
                kinds[feed_id] = (caught.value.kind, str(caught.value))
        finally:
            await client.aclose()
        return kinds

    faults = _transport_faults(feed_server)
    for feed_id, (kind, message) in run(fetch_all(faults)).items():
        assert (kind, faults[feed_id][2] in message) == (faults[feed_id][1], True), (feed_id, kind, message)
        assert "\n" not in message and len(message) < 300, (feed_id, message)
        assert "Error" not in message and "[Errno" not in message and "ssl:" not in message, (feed_id, message)


def test_the_client_trusts_certifis_cas_from_its_first_request_that_is_not_plain_http(feed_server):
    """Reading the CAs costs ~20 ms at every start: a daemon polling plain-http feeds skips it,
    and the first https request (a feed, a redirect hop) loads them before it connects."""
    import ssl

    import aiohttp
    import certifi

    from watcher.fetch import AddressPolicy, ClientSettings, make_client
    feed_server.routes["/f.xml"] = Route(rss([ALERTING]))

    async def counts() -> list[int]:
        client = make_client(ClientSettings(policy=AddressPolicy(True)))
        seen = [client.tls.cert_store_stats()["x509_ca"]]
        try:
            async with client.get(feed_server.url("/f.xml")) as response:
                assert response.status == 200
            seen.append(client.tls.cert_store_stats()["x509_ca"])
            with pytest.raises(aiohttp.ClientError):   # TLS to a plain-http server: the handshake fails
                async with client.get(f"HTTPS://127.0.0.1:{feed_server.port}/f.xml"):
                    pass
            seen.append(client.tls.cert_store_stats()["x509_ca"])
        finally:
            await client.aclose()
        return seen

    everyone = ssl.create_default_context(cafile=certifi.where()).cert_store_stats()["x509_ca"]
    assert run(counts()) == [0, 0, everyone] and everyone > 100


def test_transport_faults_back_off_normally_without_a_traceback(project, feed_server, caplog):
    import logging
    caplog.set_level(logging.INFO)
    faults = _transport_faults(feed_server)
    feed_server.routes["/ok.xml"] = Route(rss([ALERTING]))
    project.write(feeds=[{"id": i, "url": url} for i, (url, _, _) in faults.items()]
                  + [{"id": "ok", "url": feed_server.url("/ok.xml")}], watch='poll_interval = "10m"')
    clock = Clock()
    (reports,), states, _ = harness_run(project, clock)
    assert reports["ok"].status == "new" and reports["ok"].alerts == 1, "a healthy feed is not held back"
    for feed_id, (_, _, expected) in faults.items():
        report, state = reports[feed_id], states[feed_id]
        assert report.status == "error" and expected in report.error, (feed_id, report.error)
        assert not report.error.startswith("internal error"), report.error
        assert state.consecutive_errors == 1 and state.last_error == report.error
        assert state.next_poll_at - clock() >= timedelta(minutes=8), "the normal error backoff, not the poll tick"
    assert "Traceback" not in caplog.text and "unexpected error" not in caplog.text


def test_feed_url_with_user_and_password_sends_basic_auth(project, feed_server):
    import base64
    feed_server.routes["/private.xml"] = Route(rss([ALERTING]))
    project.write(feeds=[{"id": "p", "url": f"http://reader:s%40cret@127.0.0.1:{feed_server.port}/private.xml"}])
    (reports,), _, _ = harness_run(project)
    assert reports["p"].status == "new", reports["p"]
    (seen,) = feed_server.hits("/private.xml")
    assert seen.headers["authorization"] == "Basic " + base64.b64encode(b"reader:s@cret").decode()


def test_a_pinned_interval_applies_from_the_next_start(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([ALERTING]))
    feed_server.routes["/err.xml"] = Route(b"boom", "text/plain", status=500)
    feeds = [{"id": "f", "url": feed_server.url("/f.xml")}, {"id": "err", "url": feed_server.url("/err.xml")}]
    project.write(feeds=[dict(f, interval="1h") for f in feeds])
    clock = Clock()

    async def start_and_poll_due():
        async with Harness(project.config, clock) as h:
            return sorted(r.feed_id for r in await h.poll_due()), {s.id: s for s in h.rt.store.feed_states()}

    first, _ = run(start_and_poll_due())
    assert first == ["err", "f"]
    clock.advance(timedelta(minutes=6))
    project.write(feeds=[dict(f, interval="5m") for f in feeds])
    again, states = run(start_and_poll_due())
    assert again == ["f"], "due five minutes after its last poll, not at the old one-hour slot"
    assert states["f"].interval_seconds == 300
    assert states["err"].next_poll_at - clock() > timedelta(minutes=30), "error backoff is never shortened"


def test_a_feed_url_is_parsed_once_and_requested_as_written(feed_server):
    """The client parses each feed URL once (watcher.fetch.client.request_url) and every poll
    requests it exactly as aiohttp requested the string: the same path, percent-encoded the same
    way, the query kept; a URL yarl refuses reaches aiohttp as it is, which reports it."""
    from watcher.errors import FetchError
    from watcher.fetch import AddressPolicy, ClientSettings, FetchLimits, Validators, fetch_feed, make_client
    from watcher.fetch.client import request_url

    path = "/a b/caf\u00e9.xml"
    feed_server.routes["/a%20b/caf%C3%A9.xml"] = Route(body=rss([]), etag='"v1"')
    url = feed_server.url(path) + "?q=1"
    assert request_url(url) is request_url(url)
    assert request_url("http://[::1/f.xml") == "http://[::1/f.xml"

    async def poll_twice():
        client = make_client(ClientSettings(policy=AddressPolicy(True)))
        limits = FetchLimits(deadline=10, policy=AddressPolicy(True))
        try:
            first = await fetch_feed(client, url, Validators(), limits)
            second = await fetch_feed(client, url, first.validators, limits)
            with pytest.raises(FetchError) as refused:
                await fetch_feed(client, f"http://127.0.0.1:{feed_server.port}:99999/f.xml", Validators(), limits)
        finally:
            await client.aclose()
        return first, second, refused.value

    first, second, refused = run(poll_twice())
    assert type(second).__name__ == "NotModified" and first.validators.etag == '"v1"'
    assert [r.path for r in feed_server.requests] == ["/a%20b/caf%C3%A9.xml?q=1"] * 2
    assert refused.kind == "url"
