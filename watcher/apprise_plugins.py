"""Apprise's plugins, loaded for the schemes a config uses instead of all of them.

The first URL Apprise reads makes its plugin manager import every one of its ~186 plugin
modules and what they import (requests, oauthlib, ...): ~15 MiB that a daemon sending e-mail
keeps for its whole life, and ~0.3 s. The manager imports the plugins named in a folder's
listing (``load_modules(path, name)``: names are taken from the listing, modules imported by
name from Apprise's own package), so :func:`load_for` gives it a listing of the module that
declares the URL's scheme, found by reading Apprise's plugin sources for the quoted scheme in a
``protocol``/``secure_protocol`` class attribute. When that leaves the scheme unknown (declared
another way, or no plugin has it), Apprise loads every plugin as it would have: the plugin a URL
gets, or its refusal, is Apprise's own either way.
"""

from __future__ import annotations

import importlib
import re
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import Any

# Apprise's own patterns: the scheme of a URL (utils.parse.GET_SCHEMA_RE) and the names its
# manager takes from a plugin folder's listing (manager.PluginManager.load_modules)
_SCHEME = re.compile(r"\s*([a-z0-9]{1,32})://", re.I)
_MODULE = re.compile(r"^((?!base|_)[a-z0-9_]+)(\.py)?$", re.I)
_DECLARED = re.compile(rb"""^[ \t]+(?:secure_)?protocol[ \t]*=[ \t]*(\([^)]*\)|\[[^\]]*\]|"[^"]*"|'[^']*')""", re.M)
_QUOTED = re.compile(rb""""([^"]*)"|'([^']*)'""")

_lock = threading.Lock()
_everything = False     # Apprise was made to load all its plugins (a scheme not found by name)


def load_for(url: str) -> None:
    """Make sure Apprise's plugin manager knows the plugin for ``url``'s scheme (when Apprise has
    one), loading as few plugin modules as it can. Idempotent; safe from any thread."""
    global _everything
    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    manager = _manager()
    with _lock:
        if _everything or (scheme and _knows(manager, scheme)):
            return
        names = [n for n in declaring_modules(str(manager.module_path), scheme) if _importable(manager, n)]
        if names:
            with tempfile.TemporaryDirectory(prefix="newswatch-apprise-") as listing:
                for name in names:
                    (Path(listing) / name).touch()
                manager.load_modules(path=listing, name=manager.module_name_prefix)
        if not (scheme and _knows(manager, scheme)):
            if manager:                 # some plugins loaded here: start over with all of them
                manager.unload_modules()
            manager.load_modules()
            _everything = True


def _manager() -> Any:
    from apprise import manager_plugins  # lazy: Apprise only when a URL is read
    manager: Any = manager_plugins.NotificationManager
    return manager()


def _knows(manager: Any, scheme: str) -> bool:
    """Whether the manager maps ``scheme``, without its lazy load of every plugin (which asking
    an empty manager ``in`` would start)."""
    return bool(manager) and scheme in manager


def _importable(manager: Any, name: str) -> bool:
    """Whether a plugin module imports (one that cannot is skipped, as Apprise skips it)."""
    try:
        importlib.import_module(f"{manager.module_name_prefix}.{name}")
    except ImportError:
        return False
    return True


@cache
def declaring_modules(folder: str, scheme: str) -> tuple[str, ...]:
    """The plugin modules in ``folder`` (files or packages, as Apprise names them) whose source
    declares ``scheme`` as a ``protocol`` or ``secure_protocol``: read as bytes and searched
    for the quoted scheme first (~20 ms for all of Apprise's), then for the declaration."""
    if not scheme:
        return ()
    wanted = {b'"' + scheme.encode() + b'"', b"'" + scheme.encode() + b"'"}
    found = []
    for entry in sorted(Path(folder).iterdir()):
        match = _MODULE.match(entry.name)
        if match is None or (entry.is_file() and entry.suffix != ".py"):
            continue
        files = sorted(entry.rglob("*.py")) if entry.is_dir() else [entry]
        if any(_declares(path.read_bytes(), scheme, wanted) for path in files):
            found.append(match.group(1))
    return tuple(found)


def _declares(source: bytes, scheme: str, wanted: set[bytes]) -> bool:
    if not any(w in source for w in wanted):
        return False
    for declared in _DECLARED.finditer(source):
        for quoted in _QUOTED.finditer(declared.group(1)):
            if (quoted.group(1) or quoted.group(2) or b"").decode("utf-8", "replace").lower() == scheme:
                return True
    return False
