"""Where the poll stage finds a poll's story features: in a parse worker when there are many new
entries, here when there are few or the worker fails."""

from __future__ import annotations

from watcher.errors import ParseError
from watcher.pipeline.record import MAP_FROM, features_elsewhere
from watcher.stories import EntryText, extract_features


class Workers:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls = 0

    async def map(self, fn, items):
        self.calls += 1
        if self.fail:
            raise ParseError("parse worker died (exit code -9)")
        return tuple(map(fn, items))


def texts(n: int) -> list[EntryText]:
    return [EntryText(f"Honduras deporta {i} migrantes", source="Wire") for i in range(n)]


async def test_many_new_entries_have_their_features_found_by_the_workers():
    workers = Workers()
    found = await features_elsewhere(workers, texts(MAP_FROM))
    assert workers.calls == 1 and list(found or ()) == [extract_features(t) for t in texts(MAP_FROM)]


async def test_few_new_entries_or_a_failed_worker_leave_them_to_this_process():
    few, failing = Workers(), Workers(fail=True)
    assert await features_elsewhere(few, texts(MAP_FROM - 1)) is None and few.calls == 0
    assert await features_elsewhere(failing, texts(MAP_FROM)) is None and failing.calls == 1
