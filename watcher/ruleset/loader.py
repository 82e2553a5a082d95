"""Load every ``*.yaml`` rule file of the rules folder into a RuleSet, collecting every problem.

Each problem reads ``path:line:col: rule 'id': where: what``. The steps, each in its module:
which files are read and how much (:mod:`~watcher.ruleset.files`), YAML checked against the
schema (:mod:`~watcher.ruleset.spec`), the lists a file defines and imports
(:mod:`~watcher.ruleset.lists`), each rule's ``match`` tree compiled
(:mod:`~watcher.ruleset.compile`); here, the rules built from them. A rule id is unique across
all files.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from pydantic import ValidationError

from watcher.errors import Problem, display_path
from watcher.messages import counted, did_you_mean, excerpt, kind_of, listing
from watcher.ruleset.compile import Compiler, Namespace
from watcher.ruleset.conditions import ALL_FIELDS, FIELDS
from watcher.ruleset.engine import Document
from watcher.ruleset.files import RuleFiles, recorded_path, scan_rules_dir
from watcher.ruleset.lists import ListImports
from watcher.ruleset.matcher import Example, Rule, RuleSet
from watcher.ruleset.named import use_condition
from watcher.ruleset.result import LoadResult
from watcher.ruleset.spec import ExampleSpec, RuleFileSpec, RuleSpec, spec_problems, yaml11_bool_problems
from watcher.ruleset.terms import PatternTable
from watcher.validation import SLUG
from watcher.yamldoc import Yaml11Bool, YamlDoc

_SLUG = re.compile(SLUG)


class _Loader:
    def __init__(self, rules_dir: Path, feed_ids: Iterable[str] | None, feed_tags: Iterable[str] | None,
                 base_dir: Path | None = None) -> None:
        self.rules_dir = rules_dir.resolve() if rules_dir.exists() else rules_dir
        self.base_dir = base_dir
        self.feed_ids = None if feed_ids is None else set(feed_ids)
        self.feed_tags = None if feed_tags is None else set(feed_tags)
        self.feed_refs: set[str] = set()       # what the rules' ``feeds`` name (the rule cache checks them)
        self.problems: list[Problem] = []
        self.reader = RuleFiles(self.problems)
        self.lists = ListImports(self.reader, self.rules_dir, self.problems)
        self.table = PatternTable()
        self.rules: list[Rule] = []
        self.rule_sites: dict[str, str] = {}
        self.checked: set[tuple[str, str]] = set()     # named conditions checked on their own (file, name)
        self.ids: set[str] = set()
        self.tags: set[str] = set()

    def load(self) -> LoadResult:
        paths, refused = scan_rules_dir(self.rules_dir)
        self.problems.extend(refused)
        self.reader.complete = not refused
        where = display_path(self.rules_dir)
        if not self.rules_dir.is_dir():
            self.problems.append(Problem(where, None, None, "rules folder not found"))
        elif not paths and not refused:
            self.problems.append(Problem(where, None, None, "no *.yaml rule files in the rules folder"))
        elif self.reader.over_limits(paths, where):
            paths = []
        for path in paths:
            self.load_rule_file(path)
        # a list file imported by several rule files reports its problems once
        self.problems[:] = dict.fromkeys(self.problems)
        self.problems.sort(key=lambda p: (p.source, p.line or 0, p.col or 0))
        files = self.reader.files
        return LoadResult(RuleSet(self.rules, self.table, files=files), self.problems, dict(files),
                          frozenset(self.ids), frozenset(self.tags), self.reader.complete, frozenset(self.feed_refs))

    def load_rule_file(self, path: Path) -> None:
        doc = self.reader.read(path)
        if doc is None or (doc.problems and doc.data is None):
            return
        data = {} if doc.data is None else doc.data
        if not isinstance(data, dict):
            self.problems.append(doc.problem((), "a rule file must be a mapping with 'rules' (and optionally "
                                                 f"'lists', 'conditions', 'imports'), got {kind_of(data)}"))
            return
        self.problems.extend(yaml11_bool_problems(doc, data))
        try:
            envelope = RuleFileSpec.model_validate({k: v for k, v in data.items() if k != "rules"} | {"rules": []})
        except ValidationError as e:
            self.problems.extend(spec_problems(doc, (), "", e, RuleFileSpec))
            self.note_ids(data.get("rules"))
            return
        if "rules" in data and not isinstance(data["rules"], list):
            self.problems.append(doc.problem(("rules",), f"rules: expected a list of rules, got {kind_of(data['rules'])}"))
            return
        ns = self.lists.namespace(doc, envelope.lists, envelope.imports, path, envelope.conditions)
        file = recorded_path(path, self.base_dir)
        for i, raw_rule in enumerate(data.get("rules") or []):
            self.load_rule(doc, raw_rule, i, ns, file)
        self.check_conditions(doc, ns)
        if ns.unchecked:
            self.problems.append(doc.problem(("imports",), f"imports: {listing(ns.broken)} did not load, so "
                                             f"{counted(ns.unchecked, 'reference')} to lists not checked: fix "
                                             f"{'it' if len(ns.broken) == 1 else 'them'} first", key=True))

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
            self.problems.extend(spec_problems(doc, base, label, e, RuleSpec))
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
            hash=_rule_hash(raw, compiler.used_lists, compiler.used_conditions, ns), terms=compiler.terms,
            must_match=tuple(_examples(doc, base, "match", examples["match"], scope)),
            must_not_match=tuple(_examples(doc, base, "no_match", examples["no_match"], scope)),
            file=file,
        ))

    def check_conditions(self, doc: YamlDoc, ns: Namespace) -> None:
        """Every named condition compiled once on its own, so one no rule uses yet reports its
        problems too (a problem found again through a rule is the same, reported once); one a list
        file defines for several rule files is checked with the first of them."""
        for name, definition in ns.conditions.items():
            if (definition.doc.source, name) not in self.checked:
                self.checked.add((definition.doc.source, name))
                use_condition(Compiler(self.table, doc, ns, self.problems, "", ()), {"use": name}, (), ALL_FIELDS)

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
                    self.problems.extend(spec_problems(doc, where, f"{label}tests.{kind}[{i}].", e, ExampleSpec))
        return out

    def check_feeds(self, doc: YamlDoc, base: tuple[Any, ...], label: str, feeds: list[str]) -> None:
        self.feed_refs.update(feeds)
        if self.feed_ids is None:
            return
        known = self.feed_ids | (self.feed_tags or set())
        for i, ref in enumerate(feeds):
            if ref not in known:
                hint = did_you_mean(ref, known) or f" (known tags: {listing(self.feed_tags or ()) or 'none'})"
                self.problems.append(doc.problem(base + ("feeds", i),
                    f"{label}feeds[{i}]: unknown feed id or tag {excerpt(ref)}{hint}"))


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


def _rule_hash(raw: dict[str, Any], used_lists: set[str], used_conditions: set[str], ns: Namespace) -> str:
    lists: dict[str, list[Any]] = {}
    for name in sorted(used_lists):
        compiled = ns.compiled.get(name)
        items = ns.defs[name].items if name in ns.defs else None
        options: dict[str, Any] = {k: v for k, v in items.items() if k != "terms"} if isinstance(items, dict) else {}
        lists[name] = ([m.display for m in compiled.members] if compiled else []) + ([options] if options else [])
    conditions = {name: ns.conditions[name].raw for name in sorted(used_conditions)}
    payload = json.dumps({"rule": raw, "lists": lists} | ({"conditions": conditions} if conditions else {}),
                         sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def load_rules(rules_dir: Path, *, feed_ids: Iterable[str] | None = None,
               feed_tags: Iterable[str] | None = None, base_dir: Path | None = None) -> LoadResult:
    """Load and compile every rule file; problems are collected, never raised. ``base_dir`` (the
    config folder) is what each rule's recorded ``file`` is relative to."""
    return _Loader(Path(rules_dir), feed_ids, feed_tags, base_dir).load()
