"""watcher.slotstate: frozen slotted dataclasses pickled with the standard library's state (the
field values in order) and restored through their slots, so a rule cache written by either
reads with the other."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from watcher.ruleset import conditions, engine, stems
from watcher.slotstate import fast_state


@fast_state
@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: tuple[str, ...]
    derived: int = dataclasses.field(default=0, init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "derived", self.x * 2)


@dataclasses.dataclass(frozen=True, slots=True)
class PlainPoint:   # the standard library's pickling, for comparison
    x: int
    y: tuple[str, ...]


def test_round_trip_keeps_every_field_including_derived_ones() -> None:
    p = pickle.loads(pickle.dumps(Point(3, ("a",))))
    assert (p.x, p.y, p.derived) == (3, ("a",), 6)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 4  # type: ignore[misc]


def test_state_is_the_standard_librarys() -> None:
    assert Point(3, ("a",)).__getstate__() == [3, ("a",), 6]
    assert PlainPoint(3, ("a",)).__getstate__() == [3, ("a",)]   # the same shape: values in field order


def test_a_state_of_the_wrong_length_is_refused() -> None:
    p = object.__new__(Point)
    with pytest.raises(ValueError):
        p.__setstate__([1, ("a",)])


def test_the_rule_caches_classes_restore_through_their_slots() -> None:
    for cls in (conditions.TermItem, conditions.ListItem, conditions.Near, conditions.Regex, conditions.Node,
                stems.StemCheck, engine.Document):
        assert cls.__setstate__ is not dataclasses._dataclass_setstate, cls  # type: ignore[attr-defined]
    node = conditions.Node(any=(conditions.TermItem(1, "deporta"),), label="match")
    again = pickle.loads(pickle.dumps(node))
    assert again == node and again._any_set == frozenset({1})
