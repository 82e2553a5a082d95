"""Where the poll stage finds a poll's story features and rule matches: in a parse worker when
there are many new entries (the rule set sent as the worker's context), here when there are few
or the worker fails."""

from __future__ import annotations

import pickle
from pathlib import Path

from watcher.errors import ParseError
from watcher.pipeline.entrywork import EntryWork, features_and_matches
from watcher.pipeline.record import MAP_FROM, rules_context, work_elsewhere
from watcher.ruleset import Document, load_rules
from watcher.stories import EntryText

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules").ruleset


class Workers:
    """Runs the mapped function as a worker does: on the context as it arrives pickled."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls = 0

    async def map(self, fn, items, context=None):
        self.calls += 1
        if self.fail:
            raise ParseError("parse worker died (exit code -9)")
        value = pickle.loads(context.blob())
        return tuple(fn(value, item) for item in items)


def work(n: int) -> list[EntryWork]:
    title = "Honduras deporta {} migrantes a San Pedro Sula desde Estados Unidos"
    return [EntryWork(EntryText(title.format(i), source="Wire"), Document(title.format(i), "", ""), "wire", ())
            for i in range(n)]


async def test_many_new_entries_have_their_features_and_matches_found_by_the_workers():
    workers = Workers()
    found = await work_elsewhere(workers, RULES, work(MAP_FROM))
    assert workers.calls == 1 and list(found or ()) == [features_and_matches(RULES, w) for w in work(MAP_FROM)]
    assert all(matches for _, matches in found or ()), "the deportation rule matched in the worker too"


async def test_few_new_entries_or_a_failed_worker_leave_them_to_this_process():
    few, failing = Workers(), Workers(fail=True)
    assert await work_elsewhere(few, RULES, work(MAP_FROM - 1)) is None and few.calls == 0
    assert await work_elsewhere(failing, RULES, work(MAP_FROM)) is None and failing.calls == 1


def test_one_context_per_rule_set_and_a_packed_one_is_pickled_at_once():
    packed = pickle.loads(pickle.dumps(RULES))
    assert packed.packed
    context = rules_context(packed)
    assert rules_context(packed) is context and rules_context(RULES).key != context.key
    assert packed.packed, "pickling it for the workers did not unpack it here"
    assert pickle.loads(context.blob()).heads == RULES.heads
