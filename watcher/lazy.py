"""Lazy imports for start-up speed: a package's public names loaded on first use (PEP 562).

A package lists where each name lives and sets ``__getattr__ = lazy_names(__name__, WHERE,
globals())``; ``import watcher.x`` then costs nothing until a name is used (each package says
what it saves). Type checkers see the names through ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping


def lazy_names(package: str, where: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` importing ``package.<where[name]>`` the first time ``name`` is
    used, and keeping the value in ``namespace`` (the package's globals) for the next use."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
