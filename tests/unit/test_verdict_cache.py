"""The cache of Apprise's verdicts on subscriber URLs (watcher/pipeline/verdictcache.py): what
it gives back, and what it ignores (a damaged file, one others may write)."""

from __future__ import annotations

import pytest

from watcher import destinations
from watcher.pipeline import verdictcache

URL = "mailto://desk:s3cretpw@mail.example.org?to=desk@example.org"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(destinations, "_verdicts", {})
    asked: list[str] = []
    monkeypatch.setattr(destinations, "_ask", lambda url: asked.append(url) or destinations.Verdict(True, "mailto://x"))
    return asked


def start(urls: list[str]) -> None:
    """What a start does: recall, ask what is not known, keep."""
    destinations._verdicts.clear()
    cache = verdictcache.recall(urls)
    for url in urls:
        destinations.verdict(url)
    verdictcache.keep(cache, urls)


def test_a_known_url_is_not_asked_again_and_a_new_one_is(fresh):
    start([URL])
    start([URL])
    assert fresh == [URL]
    start([URL, "json://example.org/hook"])
    assert fresh == [URL, "json://example.org/hook"]
    assert destinations.known_verdict(URL) == destinations.Verdict(True, "mailto://x")


@pytest.mark.parametrize("damage", ["truncated", "not json", "other format", "group-writable"])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(fresh, damage):
    start([URL])
    cache = verdictcache.VerdictCache.here()
    assert cache is not None
    text = cache.path.read_text()
    if damage == "truncated":
        cache.path.write_text(text[: len(text) // 2])
    elif damage == "not json":
        cache.path.write_bytes(b"\x80\x81 not json")
    elif damage == "other format":
        cache.path.write_text(text.replace('"format": 1', '"format": 99'))
    else:
        cache.path.chmod(0o620)
    start([URL])
    assert fresh == [URL, URL], "asked again"
    start([URL])
    assert fresh == [URL, URL], "and cached again"
