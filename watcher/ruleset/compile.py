"""Compile the ``match`` part of a rule (and named lists) into condition nodes.

Every problem is recorded with its position and the rule it belongs to; compilation goes on
after a problem so that one pass reports all of them. Conditions nest at most MAX_DEPTH levels
and lists include lists at most MAX_DEPTH deep, so neither compiling nor matching can run out
of stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import re2

from watcher.errors import Problem
from watcher.messages import did_you_mean, excerpt, kind_of, listing, loc_text, verbatim
from watcher.ruleset.conditions import ALL_FIELDS, FIELDS, ListItem, Near, Node, Regex, TermItem
from watcher.ruleset.named import ConditionDef, use_condition
from watcher.ruleset.stems import algorithm, languages
from watcher.ruleset.terms import PatternTable, TermError, parse_term, stem_candidate
from watcher.textfold import WORD, fold, strip_accents
from watcher.yamldoc import Path, Yaml11Bool, YamlDoc

NODE_KEYS = ("all", "any", "none", "near", "regex", "fields", "use")
LIST_KEYS = ("lang", "terms", "except")
MAX_NEAR = 1000
MAX_DEPTH = 32
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.case_sensitive = False
_RE2_OPTIONS.log_errors = False
_RE2_OPTIONS.max_mem = 8 << 20


@dataclass
class ListDef:
    name: str
    items: list[Any]
    doc: YamlDoc
    path: Path


@dataclass
class Namespace:
    """The named lists and conditions one rule file can see: its own plus those it imports."""

    defs: dict[str, ListDef] = field(default_factory=dict)
    conditions: dict[str, ConditionDef] = field(default_factory=dict)
    compiled: dict[str, ListItem | None] = field(default_factory=dict)
    broken: tuple[str, ...] = ()      # imports that did not load (their own problems say why)
    unchecked: int = 0                # references to lists not checked because of them

    def missing(self, name: str) -> str | None:
        """The problem for a reference to the undefined list ``name``; None when an import did
        not load: the list may be there once that file loads, and one bad list file would
        otherwise bury its own problem under an "unknown list" for every reference."""
        if self.broken:
            self.unchecked += 1
            return None
        return unknown_list(name, self)


def bool_problem(value: Yaml11Bool, where: str) -> str:
    return (f"{where}: {str(value)!r} is a boolean in YAML 1.1; quote it (\"{value}\") if text is meant"
            if where else f"{str(value)!r} is a boolean in YAML 1.1; quote it (\"{value}\") if text is meant")


class Compiler:
    """Compiles one rule's conditions. ``label`` prefixes messages (``rule 'x': ``)."""

    def __init__(self, table: PatternTable, doc: YamlDoc, ns: Namespace, problems: list[Problem],
                 label: str, base: Path) -> None:
        self.table = table
        self.doc = doc
        self.ns = ns
        self.problems = problems
        self.label = label
        self.base = base          # absolute YAML path of the rule (for positions)
        self.used_lists: set[str] = set()
        self.used_conditions: set[str] = set()
        self.using: tuple[str, ...] = ()  # named conditions being compiled, outermost first
        self.terms: dict[int, str] = {}   # pid -> display, first spelling in this rule
        self.depth = 0                    # condition nesting of the node being compiled
        self.stemmer: str | None = None   # Snowball algorithm of the list being compiled
        self.excepted: tuple[str, ...] = ()

    # -- reporting --------------------------------------------------------------------------
    def fail(self, rel: Path, message: str, *, key: bool = False, doc: YamlDoc | None = None,
             base: Path | None = None) -> None:
        doc = doc or self.doc
        path = (self.base if base is None else base) + rel
        line, col = doc.mark(path, key=key)
        where = _short(rel)
        if self.label.endswith(": "):   # "rule 'id': " + "match.any[2]"
            text = f"{self.label}{where}: {message}" if where else f"{self.label}{message}"
        else:                           # "lists.places" + "[3]" or ".lang"
            sep = "." if self.label and where and not where.startswith("[") else ""
            text = f"{self.label}{sep}{where}: {message}"
        self.problems.append(Problem(doc.source, line, col, text))

    # -- nodes ------------------------------------------------------------------------------
    def node(self, raw: Any, rel: Path, mask: int = ALL_FIELDS) -> Node | None:
        if self.depth >= MAX_DEPTH:
            self.fail(rel, f"conditions nested more than {MAX_DEPTH} levels deep")
            return None
        self.depth += 1
        try:
            return self.node_at_depth(raw, rel, mask)
        finally:
            self.depth -= 1

    def node_at_depth(self, raw: Any, rel: Path, mask: int) -> Node | None:
        label = loc_text(rel)
        if isinstance(raw, str):
            item = self.item(raw, rel)
            return None if item is None else Node(mask=mask, all=(item,), label=label, form="term")
        if isinstance(raw, list):
            items = self.items(raw, rel, mask)
            return None if items is None else Node(mask=mask, any=items, label=label, form="list")
        if not isinstance(raw, dict):
            self.fail(rel, f"expected a mapping with all/any/none/near/regex, got {kind_of(raw)}")
            return None
        if not raw:
            self.fail(rel, "empty condition (use all, any, none, near or regex)", key=True)
            return None
        if "use" in raw:
            return use_condition(self, raw, rel, mask)
        ok = True
        for key in raw:
            if key not in NODE_KEYS:
                hint = did_you_mean(key, NODE_KEYS) or f" (expected one of {', '.join(NODE_KEYS)})"
                self.fail(rel + (key,), f"unknown key {excerpt(str(key))}{hint}", key=True)
                ok = False
        if "fields" in raw:
            scoped = self.fields(raw["fields"], rel + ("fields",))
            mask = mask & scoped if scoped is not None else mask
            if scoped is not None and not mask:
                self.fail(rel + ("fields",), "these fields are outside the enclosing scope")
        groups: dict[str, tuple[Any, ...]] = {}
        for key in ("all", "any", "none"):
            if key in raw:
                items = self.items(raw[key], rel + (key,), mask)
                ok = ok and items is not None
                groups[key] = items or ()
        near = self.nears(raw["near"], rel + ("near",)) if "near" in raw else ()
        regex = self.regexes(raw["regex"], rel + ("regex",)) if "regex" in raw else ()
        if near is None or regex is None or not ok:
            return None
        node = Node(mask=mask, all=groups.get("all", ()), any=groups.get("any", ()), none=groups.get("none", ()),
                    near=near, regex=regex, label=label)
        if not node.has_positive():
            self.fail(rel, "a condition needs all, any, near or regex; 'none' alone would match every entry", key=True)
            return None
        return node

    def items(self, raw: Any, rel: Path, mask: int) -> tuple[Any, ...] | None:
        if isinstance(raw, (str, dict)):
            raw = [raw]
        if not isinstance(raw, list) or not raw:
            self.fail(rel, f"expected a non-empty list of terms or conditions, got {kind_of(raw)}")
            return None
        out, ok = [], True
        for i, element in enumerate(raw):
            if isinstance(element, dict):
                item: Any = self.node(element, rel + (i,), mask)
            elif isinstance(element, list):
                self.fail(rel + (i,), "a list inside a list; write it as 'any: [...]'")
                item = None
            else:
                item = self.item(element, rel + (i,))
            if item is None:
                ok = False
            else:
                out.append(item)
        return tuple(out) if ok else None

    def item(self, raw: Any, rel: Path) -> TermItem | ListItem | None:
        if isinstance(raw, Yaml11Bool):
            self.fail(rel, bool_problem(raw, ""))
            return None
        if isinstance(raw, bool) or raw is None or isinstance(raw, (int, float)):
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                raw = str(raw)
            else:
                self.fail(rel, f"expected a term (text), got {kind_of(raw)}")
                return None
        if not isinstance(raw, str):
            self.fail(rel, f"expected a term (text), got {kind_of(raw)}")
            return None
        text = raw.strip()
        if text.startswith("@"):
            return self.list_ref(text[1:], rel)
        try:
            term = parse_term(text)
        except TermError as e:
            self.fail(rel, str(e))
            return None
        stemmed = stem_candidate(text, self.stemmer) if self.stemmer else None
        if stemmed is not None:
            pid = self.table.add_stem(stemmed[0], self.stemmer, stemmed[1], self.excepted)  # type: ignore[arg-type]
            self.terms.setdefault(pid, term.display)
            return TermItem(pid, term.display)
        pid = self.table.add(term)
        self.terms.setdefault(pid, term.display)
        return TermItem(pid, term.display)

    def list_ref(self, name: str, rel: Path) -> ListItem | None:
        if name not in self.ns.defs:
            problem = self.ns.missing(name)
            if problem is not None:
                self.fail(rel, problem)
            return None
        self.used_lists.add(name)
        compiled = compile_list(name, self.ns, self.table, self.problems, ())
        if compiled is not None:
            for member in compiled.members:
                self.terms.setdefault(member.pid, member.display)
        return compiled

    def fields(self, raw: Any, rel: Path) -> int | None:
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not names:
            self.fail(rel, f"expected a list of fields ({', '.join(FIELDS)})")
            return None
        mask = 0
        for i, name in enumerate(names):
            if name not in FIELDS:
                self.fail(rel + (i,) if isinstance(raw, list) else rel,
                          f"unknown field {excerpt(name)}{did_you_mean(name, FIELDS)} (expected {', '.join(FIELDS)})")
                return None
            mask |= 1 << FIELDS.index(name)
        return mask

    def nears(self, raw: Any, rel: Path) -> tuple[Near, ...] | None:
        clauses = raw if isinstance(raw, list) else [raw]
        out = []
        for i, clause in enumerate(clauses):
            here = rel + (i,) if isinstance(raw, list) else rel
            if not isinstance(clause, dict):
                self.fail(here, "expected {terms: [...], within: N}")
                return None
            extra = set(clause) - {"terms", "within"}
            for key in sorted(extra, key=str):
                hint = did_you_mean(key, ("terms", "within")) or " (expected terms, within)"
                self.fail(here + (key,), f"unknown key {excerpt(str(key))}{hint}", key=True)
            within = clause.get("within")
            if not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= MAX_NEAR:
                self.fail(here + ("within",) if "within" in clause else here,
                          f"'within' must be a number of words from 1 to {MAX_NEAR}")
                return None
            terms = clause.get("terms")
            if not isinstance(terms, list) or len(terms) < 2:
                self.fail(here + ("terms",) if "terms" in clause else here, "'terms' must list at least two terms")
                return None
            items = [self.item(t, here + ("terms", j)) for j, t in enumerate(terms)]
            if any(i is None for i in items) or extra:
                return None
            out.append(Near(tuple(items), within))  # type: ignore[arg-type]
        return tuple(out)

    def regexes(self, raw: Any, rel: Path) -> tuple[Regex, ...] | None:
        patterns = raw if isinstance(raw, list) else [raw]
        out = []
        for i, pattern in enumerate(patterns):
            here = rel + (i,) if isinstance(raw, list) else rel
            if not isinstance(pattern, str) or not pattern:
                self.fail(here, f"expected a regular expression (text), got {kind_of(pattern)}")
                return None
            try:
                compiled = re2.compile(strip_accents(pattern), _RE2_OPTIONS)
            except re2.error as e:
                reason = e.args[0].decode() if e.args and isinstance(e.args[0], bytes) else str(e)
                self.fail(here, f"invalid regex {verbatim(pattern, 80)}: {verbatim(reason, 80, quoted=False)}")
                return None
            out.append(Regex(pattern, compiled))
        return tuple(out)


def compile_list(name: str, ns: Namespace, table: PatternTable, problems: list[Problem],
                 stack: tuple[str, ...]) -> ListItem | None:
    """Compile a named list once (memoised); lists may reference other lists."""
    if name in ns.compiled:
        return ns.compiled[name]
    definition = ns.defs[name]
    if len(stack) >= MAX_DEPTH:
        line, col = definition.doc.mark(definition.path)
        problems.append(Problem(definition.doc.source, line, col, f"lists.{name}: lists include lists more than "
                                f"{MAX_DEPTH} levels deep (@{stack[0]} -> ... -> @{name})"))
        ns.compiled[name] = None
        return None
    if name in stack:
        line, col = definition.doc.mark(definition.path)
        cycle = " -> ".join(f"@{n}" for n in (*stack, name))
        problems.append(Problem(definition.doc.source, line, col,
                                f"lists.{name}: lists reference each other in a cycle ({cycle})"))
        return None
    compiler = Compiler(table, definition.doc, ns, problems, f"lists.{name}", definition.path)
    members: list[TermItem] = []
    items, base = definition.items, ()
    if isinstance(items, dict):
        items, base = _list_options(compiler, items), ("terms",)
    ok = True
    if not isinstance(items, list) or not items:
        if items is not None:
            compiler.fail(base, "expected a non-empty list of terms")
        ns.compiled[name] = None
        return None
    for i, raw in enumerate(items):
        if isinstance(raw, str) and raw.strip().startswith("@"):
            ref = raw.strip()[1:]
            if ref not in ns.defs:
                problem = ns.missing(ref)
                if problem is not None:
                    compiler.fail((*base, i), problem)
                ok = False
                continue
            inner = compile_list(ref, ns, table, problems, (*stack, name))
            if inner is None:
                ok = False
            else:
                members.extend(inner.members)
            continue
        item = compiler.item(raw, (*base, i))
        if item is None:
            ok = False
        else:
            members.append(item)  # type: ignore[arg-type]
    result = ListItem(name, tuple(members), frozenset(m.pid for m in members)) if ok else None
    ns.compiled[name] = result
    return result


def _list_options(compiler: Compiler, raw: dict[Any, Any]) -> list[Any] | None:
    """``{lang: es, terms: [...], except: [...]}``: set the compiler's stemmer and exceptions and
    return the terms (None after reporting a problem)."""
    ok = True
    for key in raw:
        if key not in LIST_KEYS:
            hint = did_you_mean(str(key), LIST_KEYS) or f" (expected {', '.join(LIST_KEYS)})"
            compiler.fail((key,), f"unknown key {excerpt(str(key))}{hint}", key=True)
            ok = False
    if "terms" not in raw:
        compiler.fail((), "a list written as a mapping needs 'terms'", key=True)
        return None
    lang = raw.get("lang")
    if lang is not None:
        name = algorithm(lang) if isinstance(lang, str) else None
        if name is None:
            compiler.fail(("lang",), f"no stemmer for language {excerpt(str(lang))} "
                                     f"(known: {', '.join(languages())})")
            ok = False
        compiler.stemmer = name
    excepted = raw.get("except", [])
    if not isinstance(excepted, list):
        compiler.fail(("except",), f"expected a list of words, got {kind_of(excepted)}")
        return None
    words = []
    for i, word in enumerate(excepted):
        folded = WORD.findall(fold(word)) if isinstance(word, str) else []
        if len(folded) != 1 or ("*" in word and not word.strip().endswith("*")):
            compiler.fail(("except", i), f"expected one word, optionally ending in '*' (got {kind_of(word)})")
            ok = False
            continue
        words.append(folded[0] + ("*" if word.strip().endswith("*") else ""))
    if excepted and lang is None:
        compiler.fail(("except",), "'except' needs 'lang' (it lists words whose stem collides)")
        ok = False
    compiler.excepted = tuple(words)
    return raw["terms"] if ok else None


def _short(rel: Path) -> str:
    """The dotted path, its middle elided when very deep (``match.all[0]…all[0]``)."""
    where = loc_text(rel)
    if len(where) <= 100:
        return where
    tail = loc_text(rel[-2:])
    return f"{loc_text(rel[:4])}…{tail if tail.startswith('[') else '.' + tail}"


def unknown_list(name: str, ns: Namespace) -> str:
    known = [f"@{n}" for n in ns.defs]
    hint = did_you_mean(f"@{name}", known) or f" (known: {listing(known) or 'none defined'})"
    return f"unknown list {excerpt('@' + name)}{hint}"
