"""A daemon with real data behind its HTTP server, for the page, feed, metrics and browser tests:
two outlets reporting the same story, a hostile feed title, a failing feed, a delivered alert."""

from __future__ import annotations

import contextlib
from typing import Any, AsyncIterator

from feeds import Item, rss
from harness import Clock, Harness
from servers import Route
from watcher.web.server import WebServer

# The watchlist wants "extradición" within 10 words of the country: the markup comes after both.
HOSTILE_TITLE = ('Honduras: Corte Suprema aprueba extradición de diputado <img src=x onerror="document.title=\'pwned-img\'">'
                 ' <script>document.title="pwned-script"</script>')
EXTRADITION = Item("Extraditan a Estados Unidos a exalcalde hondureño acusado de narcotráfico",
                   "https://hn.example/x1", "x1")
DEPORTATION = Item("Llegan 120 hondureños deportados a San Pedro Sula", "https://hn.example/d1", "d1")
HOSTILE = Item(HOSTILE_TITLE, "javascript:alert(1)", "h1")
SAME_STORY = Item("Llegan 120 hondureños deportados a San Pedro Sula", "https://gt.example/d1", "gd1")


def serve_feeds(feed_server: Any, clock: Clock) -> None:
    feed_server.routes["/hn.xml"] = Route(rss([EXTRADITION, DEPORTATION, HOSTILE], title="Diario HN", now=clock()))
    feed_server.routes["/gt.xml"] = Route(rss([SAME_STORY], title="Diario GT", now=clock()))


def write_desk(project: Any, feed_server: Any, sink: Any, http: str = 'listen = "127.0.0.1:0"', **kw: Any) -> None:
    project.write(feeds=[{"id": "diario-hn", "title": "Diario HN", "url": feed_server.url("/hn.xml")},
                         {"id": "diario-gt", "title": "Diario GT", "url": feed_server.url("/gt.xml")},
                         {"id": "broken", "title": "Broken feed", "url": feed_server.url("/missing.xml?key=s3cr3t-query")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]},
                               {"id": "deport-desk", "urls": [sink.json_url("/deport")], "rules": ["deportation"]}],
                  http=http, **kw)


@contextlib.asynccontextmanager
async def running_desk(project: Any, feed_server: Any, sink: Any, clock: Clock | None = None,
                       http: str = 'listen = "127.0.0.1:0"', poll: bool = True) -> AsyncIterator[tuple[Harness, str]]:
    """The harness (polled and delivered once) and the base URL of its HTTP server."""
    clock = clock or Clock()
    serve_feeds(feed_server, clock)
    write_desk(project, feed_server, sink, http)
    async with Harness(project.config, clock) as h:
        if poll:
            await h.poll_all()
            await h.deliver()
        web = await WebServer(h.rt).start()
        h.web = web  # type: ignore[attr-defined]
        try:
            yield h, f"http://127.0.0.1:{web.port}"
        finally:
            await web.close()
