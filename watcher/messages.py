"""Helpers for error messages that quote what a person wrote.

Input is untrusted: a rule file may be a symlink to a secrets file, a config value may be a
megabyte long or hold control characters. Every message quotes input through :func:`excerpt`
(short, escaped, one line) or names it through :func:`key_text`; near misses get a
"did you mean" from :func:`did_you_mean`.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterable

EXCERPT = 40          # characters of a quoted value shown in a message
KEY = 40              # characters of a key name shown in a path


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """``value`` quoted and escaped (``repr`` style), cut to ``limit`` characters with ``…``."""
    if isinstance(value, (dict, list, tuple)):
        return kind_of(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else str(value)
    if not isinstance(value, str):
        return text if len(text) <= limit else text[:limit] + "…"
    cut = text if len(text) <= limit else text[:limit]
    quoted = repr(str(cut))
    return quoted if cut is text else quoted[:-1] + "…" + quoted[-1]


def verbatim(text: str, limit: int = EXCERPT, *, quoted: bool = True) -> str:
    """``text`` as the user wrote it (a backslash stays one backslash, unlike :func:`excerpt`), in
    quotes, cut to ``limit`` characters with ``…``; only characters that do not print are escaped."""
    cut = text[:limit]
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in cut) + ("…" if len(text) > limit else "")
    if not quoted:
        return shown
    quote = '"' if "'" in shown and '"' not in shown else "'"
    return f"{quote}{shown}{quote}"


def key_text(key: Any) -> str:
    """A mapping key as shown inside a path: as written when short and printable, else an excerpt."""
    text = str(key)
    if text.isprintable() and len(text) <= KEY and "'" not in text and '"' not in text:
        return text
    return excerpt(text, KEY)


def unknown_name(kind: str, name: str, known: Iterable[str], shown: str | None = None) -> str:
    """``unknown rule 'extradtion' (did you mean 'extradition'?)``, else the known names
    (``shown``: how to print ``name``, when not as it is)."""
    pool = list(known)
    close = difflib.get_close_matches(name, pool, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(pool)) or 'none'}"
    return f"unknown {kind} '{name if shown is None else shown}' ({hint})"


def did_you_mean(name: Any, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    if not isinstance(name, str):
        return ""
    pool = [c for c in candidates if isinstance(c, str)]
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.75)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [lowered[name.lower()]] if name.lower() in lowered else []
    return f" (did you mean '{close[0]}'?)" if close else ""


def listing(names: Iterable[str], limit: int = 12) -> str:
    """``a, b, c`` or ``a, b, c, ... (40 more)`` for messages that list what is known."""
    items = sorted(set(names))
    shown = ", ".join(key_text(n) for n in items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def kind_of(value: Any) -> str:
    """What a value is, for "expected X, got Y" messages: ``a mapping``, ``a number (3)``, ``str 'x'``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list" if value else "an empty list"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return f"{type(value).__name__} {excerpt(value)}"


def loc_text(loc: tuple[Any, ...]) -> str:
    """A path into a document as written in messages: ``feeds[0].url``, ``match.any[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + key_text(part)
    return out


def plural(count: int, word: str, many: str | None = None) -> str:
    """``word`` for one, else ``many`` (default ``word + "s"``): ``f"{n} {plural(n, 'entry', 'entries')}"``."""
    return word if count == 1 else (many or word + "s")


def counted(count: int, word: str, many: str | None = None) -> str:
    """``1 subscriber``, ``3 subscribers``, ``1 entry`` (``counted(1, 'entry', 'entries')``)."""
    return f"{count} {plural(count, word, many)}"
