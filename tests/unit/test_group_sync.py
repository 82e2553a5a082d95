"""Group commit (watcher.pipeline.database.GroupSync): one fsync of SQLite's write-ahead log
serves every poll recorded before it began; a poll recorded while it runs waits for the next."""

from __future__ import annotations

import asyncio
import threading

from watcher.pipeline.database import GroupSync


class CountingStore:
    def __init__(self) -> None:
        self.syncs = 0
        self.release = threading.Event()

    def sync_wal(self) -> None:
        self.syncs += 1
        assert self.release.wait(10), "the test never let the fsync finish"


async def test_one_fsync_serves_every_commit_made_before_it_began():
    store = CountingStore()
    group = GroupSync(store)  # type: ignore[arg-type]
    try:
        first = [asyncio.create_task(group.wait(group.committed_one())) for _ in range(3)]
        await asyncio.sleep(0)          # the first waiter starts the fsync for commits 1-3
        assert store.syncs == 1
        late = asyncio.create_task(group.wait(group.committed_one()))   # commit 4, during that fsync
        store.release.set()
        await asyncio.gather(*first, late)
        assert store.syncs == 2, "commit 4 was made after the first fsync began: it needs its own"
        assert group.synced == 4
        await group.wait(4)
        assert store.syncs == 2, "nothing new to sync"
    finally:
        group.thread.shutdown(wait=True)
