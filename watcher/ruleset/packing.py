"""A rule set kept packed after unpickling (the rule cache): only each rule's head is read at
once; the conditions and their regexes are unpickled and compiled on first use.

A start from the cache whose cycle matches nothing (every feed answers 304) never pays for
them (~0.05 s of ~0.5 s to the first request for the shipped rules). The first use of any
attribute but ``heads`` and ``len()`` unpacks the set (:meth:`Packable.unpack`)."""

from __future__ import annotations

import pickle
import threading
import zlib
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, TypeVar

from watcher.types import Severity

_UNPACKING = threading.RLock()   # the event loop and a worker thread may both reach for the rules
P = TypeVar("P", bound="Packable")


class RuleHead(NamedTuple):
    """What is said about a rule without matching with it (start-up log, rule health, check,
    reload summaries): readable while the rest of a cached rule set is still packed."""

    id: str
    title: str
    severity: Severity
    enabled: bool
    hash: str
    examples: int


class Packable:
    """Pickled as its ``heads`` and the rest of its ``__dict__`` as one pickle of its own,
    which unpickling leaves packed (:func:`restore`)."""

    heads: tuple[RuleHead, ...]

    def __len__(self) -> int:
        return len(self.heads)

    def __reduce__(self) -> tuple[Callable[..., Packable], tuple[Any, ...]]:
        packed = self.__dict__.get("_packed")
        if packed is None:
            state = {k: v for k, v in self.__dict__.items() if k != "_fallback"}
            packed = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        return restore, (type(self), self.heads, packed, zlib.crc32(packed))

    @property
    def packed(self) -> bool:
        """True while a rule set loaded from a pickle has not been unpacked yet."""
        return "_packed" in self.__dict__

    def recover_with(self: P, fallback: Callable[[Exception], P]) -> None:
        """What :meth:`unpack` uses if the packed state cannot be read after all: the same rule
        set loaded again from its files (the rule cache gives it)."""
        if self.packed:
            self.__dict__["_fallback"] = fallback

    def unpack(self: P) -> P:
        """Unpickle the packed state now (once; a no-op when there is none). Returns itself."""
        with _UNPACKING:
            packed = self.__dict__.get("_packed")
            if packed is None:
                return self
            try:
                state = pickle.loads(packed)
            except Exception as e:  # noqa: BLE001 - loaded again from the files, or raised as it is
                fallback = self.__dict__.get("_fallback")
                if fallback is None:
                    raise
                state = fallback(e).unpack().__dict__
            self.__dict__.update(state)
            self.__dict__.pop("_fallback", None)
            del self.__dict__["_packed"]
        return self

    if not TYPE_CHECKING:      # the type checker keeps seeing only the attributes set in __init__
        def __getattr__(self, name: str) -> Any:
            """Any attribute but ``heads`` of a packed rule set: unpack it first."""
            if name.startswith("__") or "_packed" not in self.__dict__:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            return getattr(self.unpack(), name)


def restore(cls: type[P], heads: tuple[RuleHead, ...], packed: bytes, crc: int) -> P:
    """An instance of ``cls`` unpickled as its heads, the rest left packed. A damaged pickle
    fails here, while the cache can still be ignored, not at the first match."""
    if zlib.crc32(packed) != crc:
        raise ValueError("the packed rule set does not have its checksum")
    obj = cls.__new__(cls)
    obj.__dict__.update(heads=heads, _packed=packed)
    return obj
