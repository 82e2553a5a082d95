"""Entity attacks against each parse path on its own (the e2e hostile tests go through the daemon):
the fast lxml path never expands or fetches anything (it declines a document with a DTD), and the
feedparser path stays bounded too. Each case runs in a fresh process that reports its own time and
peak memory for the parse (CPU time, so the bound holds on a busy machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ITEM = ('<rss version="2.0"><channel><title>t</title><item><title>Honduras {refs}</title>'
        '<link>https://x.example/1</link></item></channel></rss>')


def _entity(size: int, refs: int, before: str = "", declaration: str = "") -> str:
    return (f'<?xml version="1.0"{declaration}?>\n{before}<!DOCTYPE rss [\n<!ENTITY a "{"x" * size}">\n]>\n'
            + ITEM.format(refs="&a;" * refs))


def _bodies(secret: Path) -> dict[str, bytes]:
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return {
        "utf-8": _entity(100_000, 1000).encode(),
        "utf-16": _entity(200_000, 1000, declaration=' encoding="utf-16"').encode("utf-16"),
        "comment-before-doctype": _entity(1_000_000, 95, before="<!-- <a -->").encode(),
        "billion-laughs": (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]>'
                           + ITEM.format(refs="&l9;")).encode(),
        "external-entity": (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY s SYSTEM "file://{secret}">]>'
                            + ITEM.format(refs="&s;")).encode(),
    }


CHILD = """
import json, resource, sys, time
from watcher.parse import fast
from watcher.parse.feed import read_feedparser
body = open(sys.argv[2], "rb").read()
headers = {"content-location": "https://x.example/feed"}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()   # CPU, not wall: a loaded machine does not fail the bound
try:
    raw = fast.read(body, headers, headers["content-location"]) if sys.argv[1] == "fast" else \\
        read_feedparser(body, headers, headers["content-location"])
    titles = [item["title"] for item in raw["items"]]
except fast.Fallback as e:
    titles = None
elapsed = time.process_time() - started
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"elapsed": elapsed, "grown_mb": grown, "titles": titles}))
"""


@pytest.mark.parametrize("path", ["fast", "feedparser"])
def test_entity_attacks_stay_bounded_on_each_parse_path(tmp_path, path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    for kind, body in _bodies(secret).items():
        doc = tmp_path / f"{kind}.xml"
        doc.write_bytes(body)
        out = subprocess.run([sys.executable, "-c", CHILD, path, str(doc)], cwd=REPO, capture_output=True,
                             text=True, timeout=60, check=True)
        result = json.loads(out.stdout)
        assert result["elapsed"] < 1 and result["grown_mb"] < 100, (kind, result)
        if path == "fast":
            assert result["titles"] is None, f"{kind}: the fast path declines a document with a DTD"
        else:
            (title,) = result["titles"]
            assert title.startswith("Honduras") and "xxxxx" not in title and "lol" not in title, (kind, title[:80])
            assert "TOP-SECRET" not in title
