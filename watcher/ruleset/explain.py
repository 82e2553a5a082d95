"""Why a rule did or did not match one entry: its condition tree, clause by clause (pure).

``explain_tree`` gives one line per clause, indented by nesting, each marked ``✓`` (held) or
``✗`` (did not hold), saying which word of the entry satisfied a term or list, or what was
missing, where, and which words of the entry look like a missing term but are not one
(``"deportó" not a term of @deportation``). ``newswatch test-rule RULE --explain`` prints it for
every entry; without a rule, ``matched_branch`` and ``branch_summary`` keep it short (the branch
that matched; the first failure of each branch). ``newswatch check`` reports a failing example
with its ✗ lines (``failures``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from watcher.ruleset.conditions import FIELDS, ListItem, Near, Node, Regex, TermItem, closest_window
from watcher.ruleset.engine import ScannedDocument, fields_of
from watcher.ruleset.stems import common_prefix
from watcher.textfold import RAW_WORD, WORD, abbreviation_end, fold

HELD, FAILED = "✓", "✗"
EXCLUDES = "which excludes the entry"
MAX_HINTS = 3
MAX_BRANCHES = 5          # branches of a rule that did not match shown by branch_summary


def explain_tree(node: Node, scanned: ScannedDocument, mask: int) -> list[str]:
    """Lines of the condition tree of ``node`` evaluated on ``scanned`` (two spaces per level)."""
    excluded = None if node.evaluate(scanned, mask) else EXCLUDES
    return _node(node, scanned, mask, 0, excluded)


def failures(node: Node, scanned: ScannedDocument, mask: int) -> str:
    """The ✗ clauses (innermost lines only), joined: what a failing example reports."""
    return "; ".join(line.strip()[2:] for line in _failed_clauses(explain_tree(node, scanned, mask))) \
        or "no clause failed"


def matched_branch(node: Node, scanned: ScannedDocument, mask: int) -> list[str]:
    """For a rule that matched: the lines of its tree that held, without the alternatives that
    did not and without the parts of an absent ``none`` clause."""
    lines = explain_tree(node, scanned, mask)
    out: list[str] = []
    skip_below: int | None = None
    for line in lines:
        depth = _depth(line)
        if skip_below is not None and depth > skip_below:
            continue
        skip_below = None
        if line.strip().startswith(FAILED) or line.endswith(": absent"):
            skip_below = depth
        if not line.strip().startswith(FAILED):
            out.append(line)
    return _absent_runs(out)


_NONE_HELD = re.compile(r"^( *)✓ (.*)\.none\[(\d+)\]( \(in [^)]*\))?: (absent|no term of .*)$")


def _absent_runs(lines: list[str]) -> list[str]:
    """Three or more ``none`` clauses of one node in a row, all absent, as one line."""
    out: list[str] = []
    run: list[re.Match[str]] = []
    for line in [*lines, ""]:
        found = _NONE_HELD.match(line)
        if found and run and (found.group(1), found.group(2)) == (run[0].group(1), run[0].group(2)):
            run.append(found)
            continue
        if len(run) >= 3:
            pad, label, first, last = run[0].group(1), run[0].group(2), run[0].group(3), run[-1].group(3)
            out.append(f"{pad}{HELD} {label}.none[{first}-{last}]: all {len(run)} absent")
        else:
            out.extend(r.group(0) for r in run)
        run = [found] if found else []
        if not found and line:
            out.append(line)
    return out


def branch_summary(node: Node, scanned: ScannedDocument, mask: int, limit: int = MAX_BRANCHES) -> list[str]:
    """For a rule that did not match: its first line, then each top-level branch that did not
    hold with the first clause that failed in it (at most ``limit`` branches, then how many more)."""
    lines = explain_tree(node, scanned, mask)
    out, failed = lines[:1], 0
    for start, end in _children(lines):
        if lines[start].strip().startswith(HELD):
            continue
        failed += 1
        if failed > limit:
            continue
        out.append(lines[start])
        first = next(iter(_failed_clauses(lines[start + 1:end])), None)
        if first is not None:
            out.append(" " * (_depth(lines[start]) + 2) + first.strip())
    if failed > limit:
        out.append(f"  {failed - limit} more {'branch' if failed - limit == 1 else 'branches'} did not hold")
    return out


def _children(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each subtree one level below the first line."""
    if len(lines) < 2:
        return []
    level = _depth(lines[1])
    starts = [i for i in range(1, len(lines)) if _depth(lines[i]) == level]
    return list(zip(starts, starts[1:] + [len(lines)]))


def _failed_clauses(lines: list[str]) -> list[str]:
    """The innermost ✗ lines, skipping the parts of clauses that held (they do not matter)."""
    out = []
    skip_below: int | None = None       # inside a clause that held: its parts do not matter
    for i, line in enumerate(lines):
        text, depth = line.strip(), _depth(line)
        if skip_below is not None and depth > skip_below:
            continue
        skip_below = None
        deeper = i + 1 < len(lines) and _depth(lines[i + 1]) > depth
        if text.startswith(HELD) and deeper:
            skip_below = depth
        elif text.startswith(FAILED) and deeper and text.endswith(": present"):
            out.append(line)        # a 'none' clause that held: it is what failed, not its parts
            skip_below = depth
        elif text.startswith(FAILED) and not deeper:
            out.append(line)
    return out


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _node(node: Node, scanned: ScannedDocument, mask: int, depth: int, excluded: str | None) -> list[str]:
    """``excluded``: what a ``none`` term that alone made this node fail is said to do (``which
    excludes the entry`` where that failure is why the rule did not match; None inside a ``none``
    clause or a rule that matched, where the term only makes this node not hold)."""
    m = node.mask & mask
    pad = "  " * depth
    if node.form == "term":     # `match: extradi*`: the term is the clause, one line
        return [f"{pad}{_item(node.all[0], scanned, m, node.label)}"]
    held = node.evaluate(scanned, mask)
    scope = f" (in {', '.join(fields_of(m))})" if m != mask else ""
    lines = [f"{pad}{_mark(held)} {node.label}{scope}: {'held' if held else 'did not hold'}"]
    inner = "  " * (depth + 1)
    label = node.label
    for i, item in enumerate(node.all):
        if isinstance(item, Node):
            lines.extend(_node(item, scanned, m, depth + 1, excluded))
        else:
            lines.append(f"{inner}{_item(item, scanned, m, _path(node, 'all', [i]))}")
    if node.any:
        plain = [i for i, item in enumerate(node.any) if not isinstance(item, Node)]
        if plain:
            where = _path(node, "any", plain)
            lines.append(f"{inner}{_alternatives([node.any[i] for i in plain], scanned, m, where)}")
        for item in node.any:
            if isinstance(item, Node):
                lines.extend(_node(item, scanned, m, depth + 1, excluded))
    because = None if held or not _held_but_for_none(node, scanned, m) else (excluded or f"so {label} does not hold")
    for i, item in enumerate(node.none):
        where = f"{label}.none[{i}]"
        if isinstance(item, Node):     # one line for the clause: present or absent, then its parts
            present = item.evaluate(scanned, m)
            sub_scope = item.mask & m
            scope_text = f" (in {', '.join(fields_of(sub_scope))})" if sub_scope != m else ""
            lines.append(f"{inner}{_mark(not present)} {where}{scope_text}: {'present' if present else 'absent'}")
            lines.extend(_node(item, scanned, m, depth + 1, None)[1:])
        else:
            lines.append(f"{inner}{_absent(item, scanned, m, where, because)}")
    for i, clause in enumerate(node.near):
        where = f"{label}.near" + (f"[{i}]" if len(node.near) > 1 else "")
        lines.append(f"{inner}{_near(clause, scanned, m, where)}")
    if node.regex:
        ok = any(r.test(scanned, m) for r in node.regex)
        names = ", ".join(r.describe() for r in node.regex)
        lines.append(f"{inner}{_mark(ok)} {label}.regex: {names} {'matched' if ok else 'did not match'}")
    return lines


def _held_but_for_none(node: Node, scanned: ScannedDocument, m: int) -> bool:
    """Would ``node`` hold without its ``none`` clauses (is an exclusion what made it fail)?"""
    def ok(item: Any) -> bool:
        return bool(item.evaluate(scanned, m) if isinstance(item, Node) else item.test(scanned, m))
    return (all(ok(item) for item in node.all) and (not node.any or any(ok(item) for item in node.any))
            and all(clause.test(scanned, m) for clause in node.near)
            and (not node.regex or any(r.test(scanned, m) for r in node.regex)))


def _path(node: Node, group: str, indexes: list[int]) -> str:
    """Where the items sit in the rule file: ``match.any[0]``, ``match[2]`` (a list), ``match``
    (a single term), ``match.any[0,2]`` (the plain alternatives of a group, shown as one line)."""
    if node.form == "term":
        return node.label
    at = "[" + ",".join(str(i) for i in indexes) + "]"
    return f"{node.label}{at}" if node.form == "list" else f"{node.label}.{group}{at}"


def _mark(ok: bool) -> str:
    return HELD if ok else FAILED


def _item(item: TermItem | ListItem, scanned: ScannedDocument, m: int, where: str) -> str:
    if item.test(scanned, m):
        return f"{HELD} {where}: {_found(item, scanned, m)}"
    return f"{FAILED} {where}: {_missing(item, scanned, m)}"


def _alternatives(items: list[Any], scanned: ScannedDocument, m: int, where: str) -> str:
    found = [item for item in items if item.test(scanned, m)]
    if found:
        return f"{HELD} {where}: " + "; ".join(_found(item, scanned, m) for item in found)
    names = ", ".join(item.describe() for item in items)
    hints = [h for item in items for h in _hints(item, scanned, m)]
    return f"{FAILED} {where}: no term of {names} in {_fields(m)}" + (f"; {', '.join(hints)}" if hints else "")


def _absent(item: TermItem | ListItem, scanned: ScannedDocument, m: int, where: str, because: str | None) -> str:
    if item.test(scanned, m):
        return f"{FAILED} {where}: {_found(item, scanned, m)}" + (f", {because}" if because else "")
    return f"{HELD} {where}: no term of {item.describe()} in {_fields(m)}"


def _near(clause: Near, scanned: ScannedDocument, m: int, where: str) -> str:
    missing = [item for item in clause.items if not item.test(scanned, m)]
    if missing:
        return f"{FAILED} {where}: " + "; ".join(_missing(item, scanned, m) for item in missing)
    span = clause.span(scanned, m)
    if span == float("inf"):
        return f"{FAILED} {where}: the terms occur, but never all in the same field"
    if span > clause.within:
        return (f"{FAILED} {where}: the terms are {int(span)} words apart at the closest; "
                f"within {clause.within} is required")
    window = _closest(clause, scanned, m)
    found = " and ".join(_at(item, scanned, *spot) for item, spot in zip(clause.items, window))
    return f"{HELD} {where}: {found}, {int(span)} words apart (within {clause.within})"


def _closest(clause: Near, scanned: ScannedDocument, m: int) -> list[tuple[int, int, int]]:
    """One occurrence (field, token, pattern) of each of the clause's items in its closest window:
    the words that made it hold, all in one field (the first occurrence of each item may be in
    another field, or far from the others)."""
    spots = clause.occurrences(scanned, m)
    _, first, last = closest_window(spots, len(clause.items))
    chosen = {idx: (fld, tok, pid) for fld, tok, idx, pid in spots[first:last + 1]}
    return [chosen[i] for i in range(len(clause.items))]


def _found(item: TermItem | ListItem, scanned: ScannedDocument, m: int) -> str:
    """``@deportation "deportó" in title``: the first occurrence of the item inside ``m``."""
    spots = sorted((fld, tok, pid) for pid in item.pids() for fld, tok in scanned.positions(pid) if m & (1 << fld))
    if not spots:
        return item.describe()
    fld, tok, pid = spots[0]
    return _at(item, scanned, fld, tok, pid)


def _at(item: TermItem | ListItem, scanned: ScannedDocument, fld: int, tok: int, pid: int) -> str:
    """``@deportation "deportó" in title``: the item's occurrence of pattern ``pid`` at token ``tok``."""
    ntok = max(1, len(_term_words(_display(item, pid))))
    return f"{item.describe()} \"{_as_written(scanned, fld, tok, ntok) or _display(item, pid)}\" in {FIELDS[fld]}"


def _as_written(scanned: ScannedDocument, fld: int, tok: int, ntok: int) -> str:
    """The entry's text of tokens ``[tok, tok + ntok)`` as written, punctuation inside and an
    abbreviation's last dot kept (``EE. UU.``, not ``EE UU``); spaces and line breaks as one space."""
    words, to_word = scanned.word_map(fld)
    if to_word is None or tok + ntok > len(to_word):
        return " ".join(_words(scanned, fld)[tok:tok + ntok])
    text = scanned.doc.field(fld)
    start, end = words[to_word[tok]].start(), words[to_word[tok + ntok - 1]].end()
    return " ".join(text[start:abbreviation_end(text, start, end)].split())


def _missing(item: TermItem | ListItem, scanned: ScannedDocument, m: int) -> str:
    what = f"no term of {item.describe()}" if isinstance(item, ListItem) else f"{item.describe()} not found"
    hints = _hints(item, scanned, m)
    return f"{what} in {_fields(m)}" + (f"; {', '.join(hints)}" if hints else "")


def _hints(item: TermItem | ListItem, scanned: ScannedDocument, m: int) -> list[str]:
    """Words of the entry that look like a term of ``item`` but are not one."""
    stems = _stems_by_prefix(item)
    out: list[str] = []
    for fld in range(len(FIELDS)):
        if not m & (1 << fld):
            continue
        for folded, shown in zip(scanned.tokens[fld], _words(scanned, fld)):
            if any(_resembles(folded, s) for s in stems.get(folded[:4], ())):
                hint = f"\"{shown}\" not a term of {item.describe()}"
                if hint not in out:
                    out.append(hint)
                if len(out) >= MAX_HINTS:
                    return out
    return out


@lru_cache(maxsize=1024)
def _stems_by_prefix(item: TermItem | ListItem) -> dict[str, tuple[str, ...]]:
    """The item's one-word terms (folded) by their first four letters: a word can only resemble
    a term that shares them (``_resembles``), so a hint looks at a few terms, not every one of a
    list of hundreds (the why-not of a miss over the shipped lists: ~0.2 s -> ~0.01 s)."""
    members = item.members if isinstance(item, ListItem) else (item,)
    found: dict[str, set[str]] = {}
    for words in (_term_words(t.display) for t in members):
        if len(words) == 1 and len(words[0]) >= 4:
            found.setdefault(words[0][:4], set()).add(words[0])
    return {prefix: tuple(sorted(terms)) for prefix, terms in found.items()}


def _resembles(word: str, term: str) -> bool:
    if word == term or len(word) < 4:
        return False
    shared = len(common_prefix(word, term))
    return shared >= max(4, min(len(word), len(term)) - 3)


def _term_words(display: str) -> list[str]:
    return WORD.findall(fold(display.strip().strip('"').rstrip("*")))


def _display(item: TermItem | ListItem, pid: int) -> str:
    if isinstance(item, TermItem):
        return item.display
    return next((t.display for t in item.members if t.pid == pid), "")


def _words(scanned: ScannedDocument, fld: int) -> list[str]:
    """The entry's words as written, one per folded token when they line up (else the tokens)."""
    original = RAW_WORD.findall(scanned.doc.field(fld))
    tokens = scanned.tokens[fld]
    return original if len(original) == len(tokens) else list(tokens)


def _fields(m: int) -> str:
    return ", ".join(fields_of(m))


__all__ = ["explain_tree", "failures", "matched_branch", "branch_summary", "Regex"]
