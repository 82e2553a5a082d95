"""Load every ``*.yaml`` rule file of the rules folder into a RuleSet, collecting every problem.

Each problem reads ``path:line:col: rule 'id': where: what``. Rule files may ``import`` list
files (``imports: [lists/central-america.yaml]``), relative to the importing file and inside
the rules folder. A rule id is unique across all files.

Only files inside the rules folder are read: a rule file that is a symlink to a file elsewhere
(``rules/env.yaml -> ../secrets/.env``) is refused unread, so no error can quote it. A rule set
is bounded (MAX_SET_BYTES over at most MAX_SET_FILES files, each at most 1 MB; imports at most
MAX_IMPORT_DEPTH deep) so that loading it stays cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from pydantic import BaseModel, ValidationError

from watcher.errors import Problem
from watcher.messages import did_you_mean, excerpt, kind_of, listing, loc_text
from watcher.ruleset.compile import Compiler, ListDef, Namespace, bool_problem
from watcher.ruleset.conditions import ALL_FIELDS, FIELDS
from watcher.ruleset.engine import Document
from watcher.ruleset.matcher import Example, Rule, RuleSet
from watcher.ruleset.spec import ExampleSpec, ListFileSpec, RuleFileSpec, RuleSpec
from watcher.ruleset.terms import PatternTable
from watcher.validation import SLUG, pydantic_problems
from watcher.yamlpos import MAX_BYTES, Yaml11Bool, YamlDoc, load_yaml

_SLUG = re.compile(SLUG)
MAX_SET_BYTES = 4_000_000
MAX_SET_FILES = 500
MAX_IMPORT_DEPTH = 16


@dataclass
class LoadResult:
    ruleset: RuleSet
    problems: list[Problem]
    files: dict[str, str] = field(default_factory=dict)   # display path -> sha256 of the bytes
    ids: frozenset[str] = frozenset()        # every rule id written, even in rules with problems
    tags: frozenset[str] = frozenset()       # every rule tag written
    complete: bool = True                    # False when a rule file could not be read or parsed

    @property
    def ok(self) -> bool:
        return not self.problems


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def recorded_path(path: Path, base_dir: Path | None) -> str:
    """A rule file as recorded with its alerts: relative to ``base_dir`` (the config folder),
    whatever the working folder (systemd starts the daemon in ``/``); absolute when outside it.
    Without ``base_dir``, as shown in messages (:func:`display_path`)."""
    if base_dir is None:
        return display_path(path)
    absolute = path.resolve()
    try:
        return absolute.relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return str(absolute)


def rule_files(rules_dir: Path) -> list[Path]:
    """The rule files of the folder that may be read (see :func:`scan_rules_dir`)."""
    return scan_rules_dir(rules_dir)[0]


def scan_rules_dir(rules_dir: Path) -> tuple[list[Path], list[Problem]]:
    """``*.yaml`` files of the folder, and a problem for each that resolves outside the folder
    (a symlink) or is not a regular file: those are never opened."""
    if not rules_dir.is_dir():
        return [], []
    root = rules_dir.resolve()
    paths, problems = [], []
    for p in sorted(rules_dir.iterdir()):
        if p.suffix not in (".yaml", ".yml") or p.name.startswith((".", "#")):
            continue
        refusal = _refusal(p, root)
        if refusal:
            problems.append(Problem(display_path(p), None, None, refusal))
        else:
            paths.append(p)
    return paths, problems


def _refusal(path: Path, root: Path) -> str | None:
    """Why ``path`` must not be read as part of the rule set under ``root``, or None."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "cannot read file: a broken or looping symlink"
    if root != target.parent and root not in target.parents:
        return "is a symlink to a file outside the rules folder; not read (copy the file into the folder)"
    if not target.is_file():
        return "not a regular file; not read"
    return None


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
    def __init__(self, rules_dir: Path, feed_ids: Iterable[str] | None, feed_tags: Iterable[str] | None,
                 base_dir: Path | None = None) -> None:
        self.rules_dir = rules_dir.resolve() if rules_dir.exists() else rules_dir
        self.base_dir = base_dir
        self.feed_ids = None if feed_ids is None else set(feed_ids)
        self.feed_tags = None if feed_tags is None else set(feed_tags)
        self.problems: list[Problem] = []
        self.table = PatternTable()
        self.files: dict[str, str] = {}
        self.docs: dict[Path, YamlDoc | None] = {}
        self.rules: list[Rule] = []
        self.rule_sites: dict[str, str] = {}
        self.flagged: set[str] = set()
        self.ids: set[str] = set()
        self.tags: set[str] = set()
        self.complete = True
        self.total = 0                        # bytes read so far

    # -- files ----------------------------------------------------------------------------
    def read(self, path: Path) -> YamlDoc | None:
        path = path.resolve()
        if path in self.docs:
            return self.docs[path]
        source = display_path(path)
        self.docs[path] = None
        raw = self.read_bytes(path, source)
        if raw is None:
            self.complete = False
            return None
        self.files[source] = hashlib.sha256(raw).hexdigest()
        doc = load_yaml(raw, source)
        self.problems.extend(doc.problems)
        self.complete = self.complete and not (doc.problems and doc.data is None)
        self.docs[path] = doc
        return doc

    def read_bytes(self, path: Path, source: str) -> bytes | None:
        """The file's bytes, within the per-file and whole-set limits (a problem otherwise)."""
        def refuse(message: str) -> None:
            self.problems.append(Problem(source, None, None, message))
        try:
            with path.open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as e:
            refuse(f"cannot read file: {e.strerror or e}")
            return None
        if len(raw) > MAX_BYTES:
            size = max(path.stat().st_size, len(raw))
            refuse(f"file is {size:,} bytes; rule files are limited to {MAX_BYTES:,}")
            return None
        if len(self.files) >= MAX_SET_FILES or self.total + len(raw) > MAX_SET_BYTES:
            refuse(f"not read: the rule set would exceed {MAX_SET_FILES:,} files or {MAX_SET_BYTES:,} bytes "
                   "in total (rule files and the files they import)")
            return None
        self.total += len(raw)
        return raw

    def load(self) -> LoadResult:
        paths, refused = scan_rules_dir(self.rules_dir)
        self.problems.extend(refused)
        self.complete = not refused
        where = display_path(self.rules_dir)
        if not self.rules_dir.is_dir():
            self.problems.append(Problem(where, None, None, "rules folder not found"))
        elif not paths and not refused:
            self.problems.append(Problem(where, None, None, "no *.yaml rule files in the rules folder"))
        elif self.over_limits(paths, where):
            paths = []
        for path in paths:
            self.load_rule_file(path)
        self.problems.sort(key=lambda p: (p.source, p.line or 0, p.col or 0))
        return LoadResult(RuleSet(self.rules, self.table, files=self.files), self.problems, dict(self.files),
                          frozenset(self.ids), frozenset(self.tags), self.complete)

    def over_limits(self, paths: list[Path], where: str) -> bool:
        """One clear problem, and nothing loaded, when the rule files alone are over the limits."""
        size = sum(p.stat().st_size for p in paths)
        if len(paths) <= MAX_SET_FILES and size <= MAX_SET_BYTES:
            return False
        self.complete = False
        self.problems.append(Problem(where, None, None,
            f"the rule set is too large: {len(paths):,} files, {size:,} bytes; it is limited to "
            f"{MAX_SET_FILES:,} files and {MAX_SET_BYTES:,} bytes in total (each file to {MAX_BYTES:,})"))
        return True

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
            self.report(doc, (), "", e, RuleFileSpec)
            self.note_ids(data.get("rules"))
            return
        if "rules" in data and not isinstance(data["rules"], list):
            self.problems.append(doc.problem(("rules",), f"rules: expected a list of rules, got {kind_of(data['rules'])}"))
            return
        ns = Namespace()
        self.collect_lists(doc, envelope.lists, ns)
        for imported in self.resolve_imports(doc, envelope.imports, path, (path.resolve(),)):
            self.merge_lists(imported, ns)
        file = recorded_path(path, self.base_dir)
        for i, raw_rule in enumerate(data.get("rules") or []):
            self.load_rule(doc, raw_rule, i, ns, file)

    def resolve_imports(self, doc: YamlDoc, imports: list[str], path: Path,
                        stack: tuple[Path, ...]) -> list[tuple[YamlDoc, dict[str, Any]]]:
        out: list[tuple[YamlDoc, dict[str, Any]]] = []
        for i, name in enumerate(imports):
            target = (path.parent / name).resolve()
            where = ("imports", i)
            if self.rules_dir not in target.parents:
                self.problems.append(doc.problem(where, f"imports[{i}]: {excerpt(name)} is outside the rules folder"))
                continue
            if target in stack:
                self.problems.append(doc.problem(where, f"imports[{i}]: {excerpt(name)} imports itself (cycle)"))
                continue
            if len(stack) > MAX_IMPORT_DEPTH:
                self.problems.append(doc.problem(where, f"imports[{i}]: imports nested more than "
                                                        f"{MAX_IMPORT_DEPTH} files deep"))
                continue
            if not target.is_file():
                self.problems.append(doc.problem(where, f"imports[{i}]: file {excerpt(name)} not found"))
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
                    self.report(inner, (), "", e, ListFileSpec)
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
                    ("lists", name), f"{loc_text(('lists', name))}: list names use letters, digits, '-', '_' and '.'",
                    key=True))
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
    def load_rule(self, doc: YamlDoc, raw: Any, index: int, ns: Namespace, file: str) -> None:
        base = ("rules", index)
        if not isinstance(raw, dict):
            self.problems.append(doc.problem(
                base, f"rules[{index}]: expected a rule (a mapping with id, title, match), got {kind_of(raw)}"))
            return
        rule_id = raw.get("id") if isinstance(raw.get("id"), str) and _SLUG.match(raw.get("id", "")) else None
        label = f"rule '{rule_id}': " if rule_id else f"rules[{index}]: "
        self.note_ids([raw])
        try:
            spec = RuleSpec.model_validate(raw)
        except ValidationError as e:
            self.report(doc, base, label, e, RuleSpec)
            spec = None
        examples = self.examples(doc, base, label, raw.get("tests"))
        if "match" not in raw:
            return
        compiler = Compiler(self.table, doc, ns, self.problems, label, base)
        scope = _fields_mask(spec.fields) if spec else ALL_FIELDS
        condition = compiler.node(raw["match"], ("match",), scope)
        if spec is None or condition is None:
            return
        self.check_feeds(doc, base, label, spec.feeds)
        if spec.id in self.rule_sites:
            self.problems.append(doc.problem(
                base + ("id",), f"{label}id: duplicate rule id (first defined at {self.rule_sites[spec.id]})"))
            return
        line, col = doc.mark(base + ("id",))
        self.rule_sites[spec.id] = f"{doc.source}:{line}"
        self.rules.append(Rule(
            id=spec.id, title=spec.title, condition=condition, severity=spec.severity,
            description=spec.description.strip(), tags=tuple(spec.tags), enabled=spec.enabled,
            mask=scope, feeds=frozenset(spec.feeds), source=doc.source, line=doc.mark(base)[0],
            hash=_rule_hash(raw, compiler.used_lists, ns), terms=compiler.terms,
            must_match=tuple(_examples(doc, base, "match", examples["match"], scope)),
            must_not_match=tuple(_examples(doc, base, "no_match", examples["no_match"], scope)),
            file=file,
        ))

    def note_ids(self, rules: Any) -> None:
        """Remember rule ids and tags as written, so a subscriber naming a rule that has a
        problem is not also told the rule does not exist."""
        for raw in rules if isinstance(rules, list) else ():
            if isinstance(raw, dict):
                if isinstance(raw.get("id"), str):
                    self.ids.add(raw["id"])
                tags = raw.get("tags")
                self.tags.update(t for t in (tags if isinstance(tags, list) else ()) if isinstance(t, str))

    def examples(self, doc: YamlDoc, base: tuple[Any, ...], label: str, tests: Any
                 ) -> dict[str, list[str | ExampleSpec]]:
        """Each example validated on its own: text, or a mapping of title/summary/content/feed
        (the shape of ``tests`` itself is the schema's to report)."""
        out: dict[str, list[str | ExampleSpec]] = {"match": [], "no_match": []}
        for kind in out if isinstance(tests, dict) else ():
            items = tests.get(kind)
            for i, item in enumerate(items if isinstance(items, list) else ()):
                if isinstance(item, str) and not isinstance(item, Yaml11Bool):
                    out[kind].append(item)
                    continue
                where = base + ("tests", kind, i)
                if not isinstance(item, dict):
                    self.problems.append(doc.problem(where, f"{label}tests.{kind}[{i}]: expected text or a mapping "
                                                            f"with title, summary, content, feed (got {kind_of(item)})"))
                    continue
                try:
                    out[kind].append(ExampleSpec.model_validate(item))
                except ValidationError as e:
                    self.report(doc, where, f"{label}tests.{kind}[{i}].", e, ExampleSpec)
        return out

    def check_feeds(self, doc: YamlDoc, base: tuple[Any, ...], label: str, feeds: list[str]) -> None:
        if self.feed_ids is None:
            return
        known = self.feed_ids | (self.feed_tags or set())
        for i, ref in enumerate(feeds):
            if ref not in known:
                hint = did_you_mean(ref, known) or f" (known tags: {listing(self.feed_tags or ()) or 'none'})"
                self.problems.append(doc.problem(base + ("feeds", i),
                    f"{label}feeds[{i}]: unknown feed id or tag {excerpt(ref)}{hint}"))

    def report(self, doc: YamlDoc, base: tuple[Any, ...], label: str, error: ValidationError,
               model: type[BaseModel]) -> None:
        """pydantic errors as located human messages (``label`` ends with ': ' or '.')."""
        self.problems.extend(pydantic_problems(error, doc.source, lambda loc, key: doc.mark(base + loc, key=key),
                                               model, label))

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
        elif isinstance(value, Yaml11Bool) and not (path and path[-1] == "enabled"):   # pydantic reports that
            self.problems.append(doc.problem(path, bool_problem(value, _rule_where(doc, path))))


def _rule_where(doc: YamlDoc, path: tuple[Any, ...]) -> str:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
        rule = rules[path[1]] if isinstance(rules, list) and path[1] < len(rules) else None
        rid = rule.get("id") if isinstance(rule, dict) else None
        prefix = f"rule '{rid}': " if isinstance(rid, str) else f"rules[{path[1]}]: "
        return prefix + loc_text(path[2:])
    return loc_text(path)


def _fields_mask(fields: Sequence[str] | str) -> int:
    names = [fields] if isinstance(fields, str) else fields
    mask = 0
    for name in names:
        mask |= 1 << FIELDS.index(name)
    return mask or ALL_FIELDS


def _examples(doc: YamlDoc, base: tuple[Any, ...], kind: str, items: list[str | ExampleSpec], scope: int
              ) -> list[Example]:
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
    lists: dict[str, list[Any]] = {}
    for name in sorted(used_lists):
        compiled = ns.compiled.get(name)
        items = ns.defs[name].items if name in ns.defs else None
        options: dict[str, Any] = {k: v for k, v in items.items() if k != "terms"} if isinstance(items, dict) else {}
        lists[name] = ([m.display for m in compiled.members] if compiled else []) + ([options] if options else [])
    payload = json.dumps({"rule": raw, "lists": lists}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def load_rules(rules_dir: Path, *, feed_ids: Iterable[str] | None = None,
               feed_tags: Iterable[str] | None = None, base_dir: Path | None = None) -> LoadResult:
    """Load and compile every rule file; problems are collected, never raised. ``base_dir`` (the
    config folder) is what each rule's recorded ``file`` is relative to."""
    return _Loader(Path(rules_dir), feed_ids, feed_tags, base_dir).load()
