"""Compiled match conditions and their evaluation (pure).

A condition node holds any of ``all`` / ``any`` / ``none`` item groups, ``near`` clauses and
``regex`` patterns, plus the field scope it applies to. It matches when every clause present
holds. Items are terms, ``@list`` references (any term of the list) or nested nodes.

Evaluation works on a :class:`Hits` value: which automaton patterns occurred in which fields
(bit mask: title=1, summary=2, content=4) and, lazily, at which token positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol

from watcher.messages import verbatim
from watcher.slotstate import fast_state

FIELDS = ("title", "summary", "content")
ALL_FIELDS = 0b111


class Hits(Protocol):
    pids: set[int]                                                  # patterns seen anywhere

    def mask_of(self, pid: int) -> int: ...                        # field bits of a pattern (0: absent)
    def positions(self, pid: int) -> list[tuple[int, int]]: ...   # (field, token index)
    def plain(self, field: int) -> str: ...                        # accent-stripped text for regexes


@fast_state
@dataclass(frozen=True, slots=True)
class TermItem:
    pid: int
    display: str

    def test(self, hits: Hits, mask: int) -> bool:
        if mask == ALL_FIELDS:
            return self.pid in hits.pids
        return bool(hits.mask_of(self.pid) & mask)

    def pids(self) -> frozenset[int]:
        return frozenset((self.pid,))

    def describe(self) -> str:
        return repr(self.display)


@fast_state
@dataclass(frozen=True, slots=True)
class ListItem:
    name: str
    members: tuple[TermItem, ...]
    pid_set: frozenset[int]

    def test(self, hits: Hits, mask: int) -> bool:
        return _hit(hits, self.pid_set, mask)

    def pids(self) -> frozenset[int]:
        return self.pid_set

    def describe(self) -> str:
        return f"@{self.name}"


@fast_state
@dataclass(frozen=True, slots=True)
class Near:
    items: tuple[TermItem | ListItem, ...]
    within: int

    def test(self, hits: Hits, mask: int) -> bool:
        if not all(item.test(hits, mask) for item in self.items):
            return False
        return self.span(hits, mask) <= self.within

    def span(self, hits: Hits, mask: int) -> float:
        """Fewest words covering one occurrence of every item inside one field (inf if none)."""
        return closest_window(self.occurrences(hits, mask), len(self.items))[0]

    def occurrences(self, hits: Hits, mask: int) -> list[tuple[int, int, int, int]]:
        """(field, position, item index, pattern) of every occurrence of the items inside ``mask``, sorted."""
        labelled = []
        seen = hits.pids
        for idx, item in enumerate(self.items):
            for pid in item.pids() & seen:
                for fld, pos in hits.positions(pid):
                    if mask & (1 << fld):
                        labelled.append((fld, pos, idx, pid))
        labelled.sort()
        return labelled

    def why_not(self, hits: Hits, mask: int) -> str:
        """What failed: a term that is missing, or how far apart the terms are."""
        missing = [item.describe() for item in self.items if not item.test(hits, mask)]
        if missing:
            return f"{', '.join(missing)} not found"
        span = self.span(hits, mask)
        if span == float("inf"):
            return "the terms occur, but never all in the same field"
        return f"the terms are {int(span)} words apart at the closest; within {self.within} is required"

    def describe(self) -> str:
        return f"near({', '.join(i.describe() for i in self.items)}; within {self.within})"


def closest_window(labelled: list[tuple[int, int, int, int]], need: int) -> tuple[float, int, int]:
    """Smallest position span in one field covering every item index (sliding window over
    :meth:`Near.occurrences`): (span, first, last) with ``labelled[first:last + 1]`` that window;
    (inf, 0, -1) when no field holds every item."""
    best, first, last = float("inf"), 0, -1
    counts: dict[int, int] = {}
    lo = 0
    for hi, (fld, pos, idx, _) in enumerate(labelled):
        if labelled[lo][0] != fld:
            counts.clear()
            lo = hi
        counts[idx] = counts.get(idx, 0) + 1
        while len(counts) == need:
            lpos, lidx = labelled[lo][1], labelled[lo][2]
            if pos - lpos < best:
                best, first, last = pos - lpos, lo, hi
            counts[lidx] -= 1
            if not counts[lidx]:
                del counts[lidx]
            lo += 1
    return best, first, last


@fast_state
@dataclass(frozen=True, slots=True)
class Regex:
    source: str
    compiled: Any  # re2 pattern

    def test(self, hits: Hits, mask: int) -> bool:
        return any(mask & (1 << f) and self.compiled.search(hits.plain(f)) for f in range(len(FIELDS)))

    def describe(self) -> str:
        return f"regex {verbatim(self.source, 80)}"


def _hit(hits: Hits, pids: frozenset[int], mask: int) -> bool:
    """Did any of ``pids`` occur inside the fields of ``mask``?"""
    if mask == ALL_FIELDS:
        return not pids.isdisjoint(hits.pids)      # C: iterates the smaller set
    mask_of = hits.mask_of
    return any(mask_of(p) & mask for p in pids & hits.pids)    # the fields of present patterns only


@fast_state
@dataclass(frozen=True, slots=True)
class Node:
    mask: int = ALL_FIELDS
    all: tuple[Any, ...] = ()
    any: tuple[Any, ...] = ()
    none: tuple[Any, ...] = ()
    near: tuple[Near, ...] = ()
    regex: tuple[Regex, ...] = ()
    label: str = "match"
    form: str = "mapping"       # as written: "mapping" (all/any/none...), "list" (any) or "term" (all)
    # derived for fast evaluation: plain terms and lists become pattern sets
    _all_sets: tuple[frozenset[int], ...] = field(default=(), init=False, repr=False, compare=False)
    _all_nodes: tuple["Node", ...] = field(default=(), init=False, repr=False, compare=False)
    _any_set: frozenset[int] = field(default=frozenset(), init=False, repr=False, compare=False)
    _any_nodes: tuple["Node", ...] = field(default=(), init=False, repr=False, compare=False)
    _none_set: frozenset[int] = field(default=frozenset(), init=False, repr=False, compare=False)
    _none_nodes: tuple["Node", ...] = field(default=(), init=False, repr=False, compare=False)
    # patterns one of which must occur for the node to hold (None: it can hold without any, e.g. a regex)
    _gate: frozenset[int] | None = field(default=None, init=False, repr=False, compare=False)
    evaluate: Any = field(default=None, init=False, repr=False, compare=False)   # test, or a faster equivalent

    def __post_init__(self) -> None:
        def split(items: tuple[Any, ...]) -> tuple[list[frozenset[int]], tuple["Node", ...]]:
            sets = [i.pids() for i in items if not isinstance(i, Node)]
            return sets, tuple(i for i in items if isinstance(i, Node))
        all_sets, all_nodes = split(self.all)
        # all: [{any: [a, b]}, ...] over the same fields is just one more required set
        for node in all_nodes:
            if node.direct_set is not None and node.mask == self.mask:
                all_sets.append(node.direct_set)
        all_nodes = tuple(n for n in all_nodes if not (n.direct_set is not None and n.mask == self.mask))
        any_sets, any_nodes = split(self.any)
        none_sets, none_nodes = split(self.none)
        object.__setattr__(self, "_all_sets", tuple(all_sets))
        object.__setattr__(self, "_all_nodes", all_nodes)
        object.__setattr__(self, "_any_set", frozenset().union(*any_sets))
        object.__setattr__(self, "_any_nodes", any_nodes)
        object.__setattr__(self, "_none_set", frozenset().union(*none_sets))
        object.__setattr__(self, "_none_nodes", none_nodes)
        options = self.trigger_options()
        object.__setattr__(self, "_gate", min(options, key=len) if options else None)
        flat = not (all_nodes or any_nodes or none_nodes or self.near or self.regex) and self.mask == ALL_FIELDS
        object.__setattr__(self, "evaluate", self._flat_test if flat else self._gated_test)

    def _gated_test(self, hits: Hits, mask: int = ALL_FIELDS) -> bool:
        """:meth:`test`, answered False at once when none of a set of patterns the node needs
        occurred anywhere (most nested nodes of a big rule, for most entries)."""
        gate = self._gate
        if gate is not None and gate.isdisjoint(hits.pids):
            return False
        return self.test(hits, mask)

    def _flat_test(self, hits: Hits, mask: int = ALL_FIELDS) -> bool:
        """Fast path for a node of plain term sets over all fields (most rules)."""
        if mask != ALL_FIELDS:
            return Node.test(self, hits, mask)
        seen = hits.pids
        for pids in self._all_sets:
            if pids.isdisjoint(seen):
                return False
        if self._any_set and self._any_set.isdisjoint(seen):
            return False
        return not (self._none_set and not self._none_set.isdisjoint(seen))

    def test(self, hits: Hits, mask: int = ALL_FIELDS) -> bool:
        m = self.mask & mask
        for pids in self._all_sets:
            if not _hit(hits, pids, m):
                return False
        for node in self._all_nodes:
            if not node.evaluate(hits, m):
                return False
        if self.any and not ((self._any_set and _hit(hits, self._any_set, m))
                             or any(node.evaluate(hits, m) for node in self._any_nodes)):
            return False
        if self._none_set and _hit(hits, self._none_set, m):
            return False
        for node in self._none_nodes:
            if node.evaluate(hits, m):
                return False
        for clause in self.near:
            if not clause.test(hits, m):
                return False
        if self.regex and not any(r.test(hits, m) for r in self.regex):
            return False
        return True

    def describe(self) -> str:
        return self.label

    @property
    def direct_set(self) -> frozenset[int] | None:
        """For a plain "any of these terms" node: the terms. Such a node matches exactly when
        one of them occurs in its fields, so an all-fields rule of this shape fires from the
        index without evaluation."""
        if self.any and not (self.all or self.none or self.near or self.regex) and not self._any_nodes:
            return self._any_set
        return None

    def trigger_options(self) -> list[frozenset[int]]:
        """Alternative sets of patterns, each necessary: the node can only match when at least
        one pattern of EVERY returned set occurred. Empty when the node could match without any
        pattern (regex-only)."""
        options: list[frozenset[int]] = []
        for item in self.all:
            if isinstance(item, Node):
                options.extend(item.trigger_options())
            else:
                options.append(item.pids())
        if self.any:
            union: set[int] = set()
            for item in self.any:
                inner = item.trigger_options() if isinstance(item, Node) else [item.pids()]
                if not inner:
                    union = set()
                    break
                union |= min(inner, key=len)
            else:
                options.append(frozenset(union))
        for clause in self.near:
            options.extend(i.pids() for i in clause.items)
        return options

    def has_positive(self) -> bool:
        return bool(self.all or self.any or self.near or self.regex)

    def explain_hits(self, hits: Hits, mask: int = ALL_FIELDS) -> list[tuple[int, int]]:
        """(pid, field mask) of every positive pattern that occurred within scope, each pair
        once, in the order the rule names them (a big rule names a list in many branches)."""
        return ExplainPlan(self, mask).hits(hits)

    def positive_leaves(self, mask: int, out: dict[tuple[frozenset[int], int], None]) -> None:
        """Every positive item of the subtree as (its patterns, the fields in scope), in the
        order the rule names them, each once."""
        m = self.mask & mask
        for item in (*self.all, *self.any):
            if isinstance(item, Node):
                item.positive_leaves(m, out)
            else:
                out[item.pids(), m] = None
        for clause in self.near:
            for item in clause.items:
                out[item.pids(), m] = None

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
                where = f"{self.label}.near" + (f"[{i}]" if len(self.near) > 1 else "")
                return f"{where}: {clause.why_not(hits, m)}"
        if self.regex and not any(r.test(hits, m) for r in self.regex):
            return f"{self.label}.regex: no pattern matched"
        return "matched"


class ExplainPlan:
    """A condition's positive patterns ranked in the order it names them: for each pattern, its
    (rank, fields in scope) at every place it is named. Which named patterns an entry has is
    then one pass over the entry's patterns, not a walk over the condition tree (a big rule
    names the same lists in many branches: ~120 nodes per explained match)."""

    __slots__ = ("places",)

    def __init__(self, node: Node, mask: int = ALL_FIELDS) -> None:
        leaves: dict[tuple[frozenset[int], int], None] = {}
        node.positive_leaves(mask, leaves)
        places: dict[int, list[tuple[int, int]]] = {}
        rank = 0
        for pids, m in leaves:
            for pid in sorted(pids):
                places.setdefault(pid, []).append((rank, m))
                rank += 1
        self.places = {pid: tuple(p) for pid, p in places.items()}

    def hits(self, hits: Hits) -> list[tuple[int, int]]:
        """(pid, field mask) of every named pattern that occurred within its scope, each pair
        once, in the order the condition names them (its first place)."""
        found: dict[tuple[int, int], int] = {}
        places, mask_of = self.places, hits.mask_of
        for pid in hits.pids:
            at = places.get(pid)
            if at is None:
                continue
            present = mask_of(pid)
            for rank, m in at:
                key = (pid, present & m)
                if key[1] and rank < found.get(key, rank + 1):
                    found[key] = rank
        return sorted(found, key=found.__getitem__)


def share_sets(roots: Iterable[Node], ints: list[int]) -> Callable[[frozenset[int]], frozenset[int]]:
    """Make the pattern sets of the condition trees under ``roots`` share memory: every set of
    equal members one object (a list used by many rules, a veto repeated across a file), made of
    the ``ints`` (``ints[pid]`` is pid), and each term's pid one of them. The compiled rules held
    ~3,700 sets of ~650 distinct values and ~50,000 int objects of ~6,100 values (4.3 MiB of
    sets); pickling keeps the sharing (the rule cache, the parse workers' copy). Values and
    results are unchanged. Returns the function that gives a set's shared copy (for sets made
    from the trees later)."""
    made: dict[frozenset[int], frozenset[int]] = {}
    seen: set[int] = set()
    item = ints.__getitem__

    def one(pids: frozenset[int]) -> frozenset[int]:
        return made.get(pids) or made.setdefault(pids, frozenset(map(item, pids)))

    def visit(obj: Any) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, TermItem):
            object.__setattr__(obj, "pid", item(obj.pid))
        elif isinstance(obj, ListItem):
            object.__setattr__(obj, "pid_set", one(obj.pid_set))
            for member in obj.members:
                visit(member)
        elif isinstance(obj, Near):
            for part in obj.items:
                visit(part)
        elif isinstance(obj, Node):
            object.__setattr__(obj, "_all_sets", tuple(map(one, obj._all_sets)))
            for name in ("_any_set", "_none_set", "_gate"):
                value = getattr(obj, name)
                if value is not None:
                    object.__setattr__(obj, name, one(value))
            for child in (*obj.all, *obj.any, *obj.none, *obj.near):
                visit(child)
    for root in roots:
        visit(root)
    return one
