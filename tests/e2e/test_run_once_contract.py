"""`newswatch run --once` for cron: every feed is polled except one that must wait (backoff after
errors, Retry-After); `--all` polls even those; the exit code tells cron when the run failed."""

from __future__ import annotations

from datetime import timedelta

from feeds import Item, rss
from servers import Route

NEWS = Item("Extraditan a Estados Unidos a hondureño acusado de narcotráfico", "https://hn.example/a1", "a1",
            "", timedelta(hours=1))


def test_once_leaves_feeds_that_must_wait_alone_unless_all(project, feed_server, sink):
    feed_server.routes["/ok.xml"] = Route(rss([NEWS]), etag='"v1"')
    feed_server.routes["/limited.xml"] = Route(b"slow down", "text/plain", status=429, headers={"Retry-After": "86400"})
    feed_server.routes["/broken.xml"] = Route(b"oops", "text/plain", status=500)
    project.write(feeds=[{"id": "ok", "url": feed_server.url("/ok.xml")},
                         {"id": "limited", "url": feed_server.url("/limited.xml")},
                         {"id": "broken", "url": feed_server.url("/broken.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])

    first = project.cli("run", "--once")
    assert first.returncode == 0, "one feed was fetched: the run did its job"
    hits = {path: len(feed_server.hits(path)) for path in ("/ok.xml", "/limited.xml", "/broken.xml")}
    assert hits == {"/ok.xml": 1, "/limited.xml": 1, "/broken.xml": 1}

    second = project.cli("run", "--once")
    assert second.returncode == 0, second.stderr
    assert len(feed_server.hits("/ok.xml")) == 2, "--once still polls a healthy feed that is not due"
    assert len(feed_server.hits("/limited.xml")) == 1, "a 429 with Retry-After: 24h is honoured by cron runs too"
    assert len(feed_server.hits("/broken.xml")) == 1, "a feed backing off after an error waits"
    assert "feed 'limited': not polled: backing off after 1 failed poll (last: HTTP 429" in second.stderr
    assert "`run --once --all` polls it anyway" in second.stderr

    forced = project.cli("run", "--once", "--all")
    assert len(feed_server.hits("/limited.xml")) == 2 and len(feed_server.hits("/broken.xml")) == 2
    assert forced.returncode == 0


def test_once_exits_1_when_no_feed_could_be_fetched(project, feed_server):
    feed_server.routes["/a.xml"] = Route(b"oops", "text/plain", status=500)
    feed_server.routes["/b.xml"] = Route(b"<html>not a feed</html>", "text/html")
    project.write(feeds=[{"id": "a", "url": feed_server.url("/a.xml")}, {"id": "b", "url": feed_server.url("/b.xml")}])
    failed = project.cli("run", "--once")
    assert failed.returncode == 1
    assert "run --once: none of the 2 feeds could be fetched" in failed.stderr
    again = project.cli("run", "--once")
    assert again.returncode == 1, "both feeds back off: still nothing fetched"


def test_once_exits_1_when_a_delivery_ended_dead(project, feed_server, sink):
    feed_server.routes["/ok.xml"] = Route(rss([NEWS]))
    sink.path_status["/gone"] = 404
    project.write(feeds=[{"id": "ok", "url": feed_server.url("/ok.xml")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url("/gone")]}])
    result = project.cli("run", "--once")
    assert result.returncode == 1
    assert "run --once: 1 deliveries ended dead" in result.stderr


def test_all_without_once_is_a_usage_error(project):
    project.write()
    result = project.cli("run", "--all")
    assert result.returncode == 2 and "--all goes with --once" in result.stderr
