"""Compiled match conditions and their evaluation (pure).

A condition node holds any of ``all`` / ``any`` / ``none`` item groups, ``near`` clauses and
``regex`` patterns, plus the field scope it applies to. It matches when every clause present
holds. Items are terms, ``@list`` references (any term of the list) or nested nodes.

Evaluation works on a :class:`Hits` value: which automaton patterns occurred in which fields
(bit mask: title=1, summary=2, content=4) and, lazily, at which token positions.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Protocol

FIELDS = ("title", "summary", "content")
ALL_FIELDS = 0b111


class Hits(Protocol):
    masks: dict[int, int]

    def positions(self, pid: int) -> list[tuple[int, int]]: ...   # (field, token index)
    def plain(self, field: int) -> str: ...                        # accent-stripped text for regexes


@dataclass(frozen=True, slots=True)
class TermItem:
    pid: int
    display: str

    def test(self, hits: Hits, mask: int) -> bool:
        return bool(hits.masks.get(self.pid, 0) & mask)

    def pids(self) -> frozenset[int]:
        return frozenset((self.pid,))

    def describe(self) -> str:
        return repr(self.display)


@dataclass(frozen=True, slots=True)
class ListItem:
    name: str
    members: tuple[TermItem, ...]
    pid_set: frozenset[int]

    def test(self, hits: Hits, mask: int) -> bool:
        masks = hits.masks
        if len(masks) < len(self.pid_set):
            return any(m & mask for p, m in masks.items() if p in self.pid_set)
        return any(masks.get(p, 0) & mask for p in self.pid_set)

    def pids(self) -> frozenset[int]:
        return self.pid_set

    def describe(self) -> str:
        return f"@{self.name}"


@dataclass(frozen=True, slots=True)
class Near:
    items: tuple[TermItem | ListItem, ...]
    within: int

    def test(self, hits: Hits, mask: int) -> bool:
        if not all(item.test(hits, mask) for item in self.items):
            return False
        labelled: list[tuple[int, int, int]] = []   # (field, position, item index)
        for idx, item in enumerate(self.items):
            for pid in item.pids():
                for fld, pos in hits.positions(pid):
                    if mask & (1 << fld):
                        labelled.append((fld, pos, idx))
        labelled.sort()
        return _min_window(labelled, len(self.items)) <= self.within

    def describe(self) -> str:
        return f"near({', '.join(i.describe() for i in self.items)}; within {self.within})"


def _min_window(labelled: list[tuple[int, int, int]], need: int) -> float:
    """Smallest position span in one field covering every item index (sliding window)."""
    best = float("inf")
    counts: dict[int, int] = {}
    lo = 0
    for hi, (fld, pos, idx) in enumerate(labelled):
        if labelled[lo][0] != fld:
            counts.clear()
            lo = hi
        counts[idx] = counts.get(idx, 0) + 1
        while len(counts) == need:
            lfld, lpos, lidx = labelled[lo]
            best = min(best, pos - lpos)
            counts[lidx] -= 1
            if not counts[lidx]:
                del counts[lidx]
            lo += 1
    return best


@dataclass(frozen=True, slots=True)
class Regex:
    source: str
    compiled: Any  # re2 pattern

    def test(self, hits: Hits, mask: int) -> bool:
        return any(mask & (1 << f) and self.compiled.search(hits.plain(f)) for f in range(len(FIELDS)))

    def describe(self) -> str:
        return f"regex {self.source!r}"


Item = "TermItem | ListItem | Node"


@dataclass(frozen=True, slots=True)
class Node:
    mask: int = ALL_FIELDS
    all: tuple[Any, ...] = ()
    any: tuple[Any, ...] = ()
    none: tuple[Any, ...] = ()
    near: tuple[Near, ...] = ()
    regex: tuple[Regex, ...] = ()
    label: str = "match"

    def test(self, hits: Hits, mask: int = ALL_FIELDS) -> bool:
        m = self.mask & mask
        for item in self.all:
            if not item.test(hits, m):
                return False
        if self.any and not any(item.test(hits, m) for item in self.any):
            return False
        for item in self.none:
            if item.test(hits, m):
                return False
        for clause in self.near:
            if not clause.test(hits, m):
                return False
        if self.regex and not any(r.test(hits, m) for r in self.regex):
            return False
        return True

    def describe(self) -> str:
        return self.label

    def triggers(self) -> frozenset[int] | None:
        """Patterns of which at least one must occur for this node to match, or None when the
        node could match without any (regex-only). Used to skip rules cheaply."""
        options: list[frozenset[int]] = []
        for item in self.all:
            t = _item_triggers(item)
            if t is not None:
                options.append(t)
        if self.any:
            union: set[int] = set()
            for item in self.any:
                t = _item_triggers(item)
                if t is None:
                    union = set()
                    break
                union |= t
            else:
                options.append(frozenset(union))
        for clause in self.near:
            options.append(min((i.pids() for i in clause.items), key=len))
        if not options:
            return None
        return min(options, key=len)

    def has_positive(self) -> bool:
        return bool(self.all or self.any or self.near or self.regex)

    def explain_hits(self, hits: Hits, mask: int = ALL_FIELDS) -> list[tuple[int, int]]:
        """(pid, field mask) of every positive pattern that occurred within scope."""
        m = self.mask & mask
        out: list[tuple[int, int]] = []
        for item in (*self.all, *self.any):
            if isinstance(item, Node):
                out.extend(item.explain_hits(hits, m))
            else:
                out.extend(_item_hits(item, hits, m))
        for clause in self.near:
            for item in clause.items:
                out.extend(_item_hits(item, hits, m))
        return out

    def why_not(self, hits: Hits, mask: int = ALL_FIELDS) -> str:
        """The first clause that fails, for test reports."""
        m = self.mask & mask
        for i, item in enumerate(self.all):
            if not item.test(hits, m):
                inner = item.why_not(hits, m) if isinstance(item, Node) else f"{item.describe()} not found"
                return f"{self.label}.all[{i}]: {inner}"
        if self.any and not any(item.test(hits, m) for item in self.any):
            names = ", ".join(item.describe() for item in self.any[:6])
            more = ", ..." if len(self.any) > 6 else ""
            return f"{self.label}.any: none of {names}{more} found"
        for i, item in enumerate(self.none):
            if item.test(hits, m):
                return f"{self.label}.none[{i}]: {item.describe()} is present"
        for i, clause in enumerate(self.near):
            if not clause.test(hits, m):
                return f"{self.label}.near[{i}]: terms not within {clause.within} words of each other"
        if self.regex and not any(r.test(hits, m) for r in self.regex):
            return f"{self.label}.regex: no pattern matched"
        return "matched"


def _item_triggers(item: Any) -> frozenset[int] | None:
    if isinstance(item, Node):
        return item.triggers()
    return item.pids()


def _item_hits(item: Any, hits: Hits, mask: int) -> list[tuple[int, int]]:
    out = []
    for pid in item.pids():
        m = hits.masks.get(pid, 0) & mask
        if m:
            out.append((pid, m))
    return out


@dataclass
class TokenIndex:
    """Token start offsets of a scanned text, to turn automaton hits into token positions."""

    starts: list[int] = field(default_factory=list)

    def token_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1
