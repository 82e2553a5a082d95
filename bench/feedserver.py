"""A fast local feed server for bench/poll.py (aiohttp, one process, many loopback hosts).

    python bench/feedserver.py PORT HOSTS FEEDS ENTRIES

Serves /feed/{i}.xml, gzip-encoded, with an ETag. GET /mode/normal makes it answer
If-None-Match with 304; GET /mode/ignore makes it send the same 200 body every time (a server
that ignores conditional GET).
"""

from __future__ import annotations

import gzip
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from aiohttp import web

WORDS = ("gobierno congreso economía elecciones lluvias mercado fútbol salud educación turismo "
         "government economy election weather market health education tourism").split()


def feed_body(i: int, entries: int) -> bytes:
    now = datetime.now(timezone.utc)
    items = []
    for j in range(entries):
        words = " ".join(WORDS[(i * 7 + j * 3 + k) % len(WORDS)] for k in range(40))
        title = f"Nota {i}-{j}: {WORDS[(i + j) % len(WORDS)]} en la región"
        if j == 0 and i % 20 == 0:
            title = f"Honduras extradita a exalcalde {i}"
        items.append(f"<item><title>{title}</title><link>https://feeds{i % 50}.example/{i}/{j}</link>"
                     f"<guid>g-{i}-{j}</guid><pubDate>{format_datetime(now - timedelta(minutes=30 * j))}</pubDate>"
                     f"<description>{words}</description></item>")
    xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {i}</title>'
           f"<link>https://feeds.example/{i}</link>{''.join(items)}</channel></rss>")
    return gzip.compress(xml.encode(), 6)


def main() -> None:
    port, hosts, feeds, entries = (int(a) for a in sys.argv[1:5])
    bodies = {i: feed_body(i, entries) for i in range(feeds)}
    state = {"mode": "normal"}

    async def feed(request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        etag = f'"v-{i}"'
        if state["mode"] == "normal" and request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=bodies[i], headers={"Content-Type": "application/rss+xml; charset=utf-8",
                                                       "Content-Encoding": "gzip", "ETag": etag})

    async def mode(request: web.Request) -> web.Response:
        state["mode"] = request.match_info["m"]
        return web.Response(text=state["mode"])

    app = web.Application()
    app.router.add_get("/feed/{i}.xml", feed)
    app.router.add_get("/mode/{m}", mode)

    async def start(app: web.Application) -> None:
        print("ready", flush=True)

    app.on_startup.append(start)
    web.run_app(app, host=[f"127.0.0.{h + 1}" for h in range(hosts)], port=port, print=None,
                access_log=None, backlog=1024)


if __name__ == "__main__":
    main()
