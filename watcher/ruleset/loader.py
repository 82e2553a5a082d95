"""Load every ``*.yaml`` rule file of the rules folder into a RuleSet, collecting every problem.

Each problem reads ``path:line:col: rule 'id': where: what``. Rule files may ``import`` list
files (``imports: [lists/central-america.yaml]``), relative to the importing file and inside
the rules folder. A rule id is unique across all files.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from watcher.config import friendly_error, loc_text
from watcher.errors import Problem
from watcher.ruleset.compile import Compiler, ListDef, Namespace, bool_problem, kind_of
from watcher.ruleset.conditions import ALL_FIELDS, FIELDS
from watcher.ruleset.engine import Document
from watcher.ruleset.model import Example, Rule, RuleSet
from watcher.ruleset.spec import SLUG, ListFileSpec, RuleFileSpec, RuleSpec
from watcher.ruleset.terms import PatternTable
from watcher.yamlpos import MAX_BYTES, Yaml11Bool, YamlDoc, load_yaml

import re

_SLUG = re.compile(SLUG)


@dataclass
class LoadResult:
    ruleset: RuleSet
    problems: list[Problem]
    files: dict[str, str] = field(default_factory=dict)   # display path -> sha256 of the bytes

    @property
    def ok(self) -> bool:
        return not self.problems


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def rule_files(rules_dir: Path) -> list[Path]:
    if not rules_dir.is_dir():
        return []
    return sorted(p for p in rules_dir.iterdir()
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith((".", "#")) and p.is_file())


def files_signature(rules_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap change detector: (name, mtime_ns, size) of every rule and list file."""
    out = []
    if rules_dir.is_dir():
        for p in sorted(rules_dir.rglob("*")):
            if p.suffix in (".yaml", ".yml") and p.is_file():
                st = p.stat()
                out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


class _Loader:
    def __init__(self, rules_dir: Path, feed_ids: Iterable[str] | None, feed_tags: Iterable[str] | None) -> None:
        self.rules_dir = rules_dir.resolve() if rules_dir.exists() else rules_dir
        self.feed_ids = None if feed_ids is None else set(feed_ids)
        self.feed_tags = None if feed_tags is None else set(feed_tags)
        self.problems: list[Problem] = []
        self.table = PatternTable()
        self.files: dict[str, str] = {}
        self.docs: dict[Path, YamlDoc | None] = {}
        self.rules: list[Rule] = []
        self.rule_sites: dict[str, str] = {}
        self.flagged: set[str] = set()

    # -- files ----------------------------------------------------------------------------
    def read(self, path: Path) -> YamlDoc | None:
        path = path.resolve()
        if path in self.docs:
            return self.docs[path]
        source = display_path(path)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                self.problems.append(Problem(source, None, None,
                                             f"file is {size:,} bytes; rule files are limited to {MAX_BYTES:,}"))
                self.docs[path] = None
                return None
            raw = path.read_bytes()
        except OSError as e:
            self.problems.append(Problem(source, None, None, f"cannot read file: {e.strerror or e}"))
            self.docs[path] = None
            return None
        self.files[source] = hashlib.sha256(raw).hexdigest()
        doc = load_yaml(raw, source)
        self.problems.extend(doc.problems)
        self.docs[path] = doc
        return doc

    def load(self) -> LoadResult:
        paths = rule_files(self.rules_dir)
        if not self.rules_dir.is_dir():
            self.problems.append(Problem(display_path(self.rules_dir), None, None, "rules folder not found"))
        elif not paths:
            self.problems.append(Problem(display_path(self.rules_dir), None, None, "no *.yaml rule files in the rules folder"))
        for path in paths:
            self.load_rule_file(path)
        self.problems.sort(key=lambda p: (p.source, p.line or 0, p.col or 0))
        return LoadResult(RuleSet(self.rules, self.table, files=self.files), self.problems, dict(self.files))

    def load_rule_file(self, path: Path) -> None:
        doc = self.read(path)
        if doc is None or (doc.problems and doc.data is None):
            return
        data = {} if doc.data is None else doc.data
        if not isinstance(data, dict):
            self.problems.append(doc.problem((), "a rule file must be a mapping with 'rules' (and optionally "
                                                 f"'lists', 'imports'), got {kind_of(data)}"))
            return
        self.flag_yaml11_bools(doc, data, ())
        try:
            envelope = RuleFileSpec.model_validate({k: v for k, v in data.items() if k != "rules"} | {"rules": []})
        except ValidationError as e:
            self.report(doc, (), "", e)
            return
        if "rules" in data and not isinstance(data["rules"], list):
            self.problems.append(doc.problem(("rules",), f"rules: expected a list of rules, got {kind_of(data['rules'])}"))
            return
        ns = Namespace()
        self.collect_lists(doc, envelope.lists, ns)
        for imported in self.resolve_imports(doc, envelope.imports, path, (path.resolve(),)):
            self.merge_lists(imported, ns)
        for i, raw_rule in enumerate(data.get("rules") or []):
            self.load_rule(doc, raw_rule, i, ns)

    def resolve_imports(self, doc: YamlDoc, imports: list[str], path: Path,
                        stack: tuple[Path, ...]) -> list[tuple[YamlDoc, dict[str, Any]]]:
        out: list[tuple[YamlDoc, dict[str, Any]]] = []
        for i, name in enumerate(imports):
            target = (path.parent / name).resolve()
            where = ("imports", i)
            if self.rules_dir not in target.parents:
                self.problems.append(doc.problem(where, f"imports[{i}]: '{name}' is outside the rules folder"))
                continue
            if target in stack:
                self.problems.append(doc.problem(where, f"imports[{i}]: '{name}' imports itself (cycle)"))
                continue
            if not target.is_file():
                self.problems.append(doc.problem(where, f"imports[{i}]: file '{name}' not found"))
                continue
            inner = self.read(target)
            if inner is None or inner.data is None:
                continue
            if not isinstance(inner.data, dict):
                self.problems.append(inner.problem((), "a list file must be a mapping with 'lists'"))
                continue
            try:
                spec = ListFileSpec.model_validate(inner.data)
            except ValidationError as e:
                if any(err["loc"] and err["loc"][0] == "rules" for err in e.errors()):
                    self.problems.append(inner.problem(("rules",), "rules: an imported file may only define lists", key=True))
                else:
                    self.report(inner, (), "", e)
                continue
            if inner.source not in self.flagged:   # a list file imported twice is reported once
                self.flagged.add(inner.source)
                self.flag_yaml11_bools(inner, inner.data, ())
            out.extend(self.resolve_imports(inner, spec.imports, target, (*stack, target)))
            out.append((inner, spec.lists))
        return out

    def collect_lists(self, doc: YamlDoc, lists: dict[str, Any], ns: Namespace) -> None:
        for name, items in lists.items():
            if not _SLUG.match(name):
                self.problems.append(doc.problem(
                    ("lists", name), f"lists.{name}: list names use letters, digits, '-', '_' and '.'", key=True))
                continue
            ns.defs[name] = ListDef(name, items, doc, ("lists", name))

    def merge_lists(self, imported: tuple[YamlDoc, dict[str, Any]], ns: Namespace) -> None:
        inner, lists = imported
        for name, items in lists.items():
            existing = ns.defs.get(name)
            if existing is not None:
                if existing.doc is inner:
                    continue
                line, _ = existing.doc.mark(existing.path, key=True)
                self.problems.append(inner.problem(("lists", name),
                    f"lists.{name}: list '@{name}' is also defined in {existing.doc.source}:{line}", key=True))
                continue
            ns.defs[name] = ListDef(name, items, inner, ("lists", name))

    # -- rules ----------------------------------------------------------------------------
    def load_rule(self, doc: YamlDoc, raw: Any, index: int, ns: Namespace) -> None:
        base = ("rules", index)
        if not isinstance(raw, dict):
            self.problems.append(doc.problem(
                base, f"rules[{index}]: expected a rule (a mapping with id, title, match), got {kind_of(raw)}"))
            return
        rule_id = raw.get("id") if isinstance(raw.get("id"), str) and _SLUG.match(raw.get("id", "")) else None
        label = f"rule '{rule_id}': " if rule_id else f"rules[{index}]: "
        try:
            spec = RuleSpec.model_validate(raw)
        except ValidationError as e:
            self.report(doc, base, label, e)
            spec = None
        if "match" not in raw:
            return
        compiler = Compiler(self.table, doc, ns, self.problems, label, base)
        scope = _fields_mask(spec.fields) if spec else ALL_FIELDS
        condition = compiler.node(raw["match"], ("match",), scope)
        if spec is None or condition is None:
            return
        if spec.id in self.rule_sites:
            self.problems.append(doc.problem(
                base + ("id",), f"{label}id: duplicate rule id (first defined at {self.rule_sites[spec.id]})"))
            return
        line, col = doc.mark(base + ("id",))
        self.rule_sites[spec.id] = f"{doc.source}:{line}"
        self.check_feeds(doc, base, label, spec.feeds)
        self.rules.append(Rule(
            id=spec.id, title=spec.title, condition=condition, severity=spec.severity,
            description=spec.description.strip(), tags=tuple(spec.tags), enabled=spec.enabled,
            mask=scope, feeds=frozenset(spec.feeds), source=doc.source, line=doc.mark(base)[0],
            hash=_rule_hash(raw, compiler.used_lists, ns), terms=compiler.terms,
            must_match=tuple(_examples(doc, base, "match", spec.tests.match, scope)),
            must_not_match=tuple(_examples(doc, base, "no_match", spec.tests.no_match, scope)),
        ))

    def check_feeds(self, doc: YamlDoc, base: tuple[Any, ...], label: str, feeds: list[str]) -> None:
        if self.feed_ids is None:
            return
        known = self.feed_ids | (self.feed_tags or set())
        for i, ref in enumerate(feeds):
            if ref not in known:
                tags = ", ".join(sorted(self.feed_tags or ())) or "none"
                self.problems.append(doc.problem(base + ("feeds", i),
                    f"{label}feeds[{i}]: unknown feed id or tag '{ref}' (known tags: {tags})"))

    def report(self, doc: YamlDoc, base: tuple[Any, ...], label: str, error: ValidationError) -> None:
        for err in error.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "lax-"))))
            loc = _trim_union_loc(loc)
            key = err["type"] == "extra_forbidden"
            line, col = doc.mark(base + loc, key=key)
            self.problems.append(Problem(doc.source, line, col, f"{label}{loc_text(loc)}: {friendly_error(err)}"))

    def flag_yaml11_bools(self, doc: YamlDoc, value: Any, path: tuple[Any, ...]) -> None:
        """``yes``/``no``/``on``/``off`` outside match trees and lists (those report themselves)."""
        if path and path[0] == "lists" or "match" in path:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                self.flag_yaml11_bools(doc, v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.flag_yaml11_bools(doc, v, path + (i,))
        elif isinstance(value, Yaml11Bool):
            where = _rule_where(doc, path)
            if path and path[-1] == "enabled":
                self.problems.append(doc.problem(path, f"{where}: write true or false (got {str(value)!r})"))
            else:
                self.problems.append(doc.problem(path, bool_problem(value, where)))


def _rule_where(doc: YamlDoc, path: tuple[Any, ...]) -> str:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
        rule = rules[path[1]] if isinstance(rules, list) and path[1] < len(rules) else None
        rid = rule.get("id") if isinstance(rule, dict) else None
        prefix = f"rule '{rid}': " if isinstance(rid, str) else f"rules[{path[1]}]: "
        return prefix + loc_text(path[2:])
    return loc_text(path)


def _trim_union_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """pydantic names union branches in loc (``tests.match.0.str``); drop them."""
    return tuple(p for p in loc if p not in ("str", "ExampleSpec"))


def _fields_mask(fields: list[str] | str) -> int:
    names = [fields] if isinstance(fields, str) else fields
    mask = 0
    for name in names:
        mask |= 1 << FIELDS.index(name)
    return mask or ALL_FIELDS


def _examples(doc: YamlDoc, base: tuple[Any, ...], kind: str, items: list[Any], scope: int) -> list[Example]:
    out = []
    first_field = next(i for i in range(len(FIELDS)) if scope & (1 << i))
    for i, item in enumerate(items):
        line, col = doc.mark(base + ("tests", kind, i))
        if isinstance(item, str):
            parts = ["", "", ""]
            parts[first_field] = item
            document = Document(*parts)
            feed = None
        else:
            document = Document(item.title, item.summary, item.content)
            feed = item.feed
        out.append(Example(document, feed, doc.source, line, col, f"tests.{kind}[{i}]"))
    return out


def _rule_hash(raw: dict[str, Any], used_lists: set[str], ns: Namespace) -> str:
    lists = {}
    for name in sorted(used_lists):
        compiled = ns.compiled.get(name)
        lists[name] = [m.display for m in compiled.members] if compiled else []
    payload = json.dumps({"rule": raw, "lists": lists}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def load_rules(rules_dir: Path, *, feed_ids: Iterable[str] | None = None,
               feed_tags: Iterable[str] | None = None) -> LoadResult:
    """Load and compile every rule file; problems are collected, never raised."""
    return _Loader(Path(rules_dir), feed_ids, feed_tags).load()
