"""The fast lxml path against feedparser (the reference) over every feed of the shared corpus and
the peer parser test corpora: the same entries, keys, titles, links, dates and text wherever the
fast path reads a document; the documents it declines are listed with the reason in
tests/data/parse-fallbacks.tsv (regenerate with NEWSWATCH_WRITE_FALLBACKS=1 after a deliberate change)."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import CORPUS
from watcher.errors import ParseError
from watcher.parse import fast
from watcher.parse.feed import _build, read_feedparser
from watcher.parse.jsonfeed import looks_like_json_feed

URL = "https://corpus.example/feed"
NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)   # past every corpus date: no date is dropped as "future"
FALLBACKS = Path(__file__).resolve().parent.parent / "data" / "parse-fallbacks.tsv"
ENTRY_FIELDS = ("entry_key", "story_key", "guid", "title", "link", "canonical_link", "published_at", "summary",
                "content", "author", "language")
DOCUMENTS = sorted(p for d in ("feeds", "parser-tests") if (CORPUS / d).exists() for p in (CORPUS / d).rglob("*")
                   if p.is_file() and p.suffix.lower() not in (".md", ".txt", ".json", ".license"))


def _differences(body: bytes) -> list[str]:
    headers = {"content-location": URL}
    quick = _build(fast.read(body, dict(headers), URL), URL, NOW, 500)
    try:
        reference = _build(read_feedparser(body, dict(headers), URL), URL, NOW, 500)
    except ParseError as e:
        return [f"feedparser refuses what the fast path read: {e}"]
    found = [f"feed {name}: {getattr(quick, name)!r:.80} != {getattr(reference, name)!r:.80}"
             for name in ("title", "link", "version") if getattr(quick, name) != getattr(reference, name)]
    if len(quick.entries) != len(reference.entries):
        found.append(f"{len(quick.entries)} entries != {len(reference.entries)}")
    for i, (a, b) in enumerate(zip(quick.entries, reference.entries)):
        found += [f"entry {i} {name}: {getattr(a, name)!r:.80} != {getattr(b, name)!r:.80}"
                  for name in ENTRY_FIELDS if getattr(a, name) != getattr(b, name)]
    return found


@pytest.mark.skipif(not DOCUMENTS, reason="shared corpus not present")
def test_fast_path_reads_every_corpus_document_as_feedparser_does_or_declines_it():
    declined: dict[str, str] = {}
    mismatches: dict[str, list[str]] = {}
    read = 0
    for path in DOCUMENTS:
        body = path.read_bytes()
        if not body.strip() or looks_like_json_feed(body, ""):
            continue
        name = str(path.relative_to(CORPUS))
        try:
            diff = _differences(body)
        except fast.Fallback as e:
            declined[name] = str(e).split(" (")[0]   # libxml2's own words may change between versions
            continue
        read += 1
        if diff:
            mismatches[name] = diff[:3]
    assert not mismatches, "\n".join(f"{k}: {v}" for k, v in list(mismatches.items())[:10])
    listed = "".join(f"{k}\t{v}\n" for k, v in sorted(declined.items()))
    if os.environ.get("NEWSWATCH_WRITE_FALLBACKS"):
        FALLBACKS.write_text(listed)
    assert listed == FALLBACKS.read_text(), "the declined documents changed: see tests/data/parse-fallbacks.tsv"
    assert read > 3 * len(declined) // 2, (read, len(declined))
