"""Faster pickling of frozen, slotted dataclasses (the compiled rules' cache: ~10,000 of them).

For ``@dataclass(frozen=True, slots=True)`` the standard library pickles each instance's state
as the list of its field values and restores it with ``dataclasses._dataclass_setstate``, which
calls ``dataclasses.fields()`` (a tuple built from the class's field table) for every instance:
most of the cost of loading the rule cache. :func:`fast_state` gives the class the same state
(the field values, in field order: a cache written by either reads with the other) restored
through the class's slot descriptors, found once per class.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def fast_state(cls: T) -> T:
    """Class decorator, applied on top of ``@dataclass(frozen=True, slots=True)``."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    setters = tuple(cls.__dict__[name].__set__ for name in names)   # the slots' member descriptors

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for set_value, value in zip(setters, state, strict=True):
            set_value(self, value)

    target: Any = cls      # (a class as the type checker sees it has no __setstate__ to assign)
    target.__getstate__ = __getstate__
    target.__setstate__ = __setstate__
    return cls
