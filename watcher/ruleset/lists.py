"""The lists a rule file can use: its own ``lists:`` and those of the list files it ``imports``
(relative to the importing file, inside the rules folder, at most MAX_IMPORT_DEPTH deep, no
cycles). A list name is defined once across a rule file and its imports; each problem is located.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from watcher.errors import Problem
from watcher.messages import excerpt, loc_text
from watcher.ruleset.compile import ListDef, Namespace
from watcher.ruleset.files import RuleFiles
from watcher.ruleset.named import ConditionDef
from watcher.ruleset.spec import ListFileSpec, spec_problems, yaml11_bool_problems
from watcher.validation import SLUG
from watcher.yamldoc import YamlDoc

_SLUG = re.compile(SLUG)
MAX_IMPORT_DEPTH = 16


class ListImports:
    """Collects the lists of each rule file of one load into its :class:`Namespace`."""

    def __init__(self, reader: RuleFiles, rules_dir: Path, problems: list[Problem]) -> None:
        self.reader = reader
        self.rules_dir = rules_dir
        self.problems = problems
        self.flagged: set[str] = set()
        self.broken: list[str] = []       # imports of the current rule file that did not load

    def namespace(self, doc: YamlDoc, lists: dict[str, Any], imports: list[str], path: Path,
                  conditions: dict[str, Any] | None = None) -> Namespace:
        """The lists and named conditions ``doc`` (the rule file at ``path``) defines and imports."""
        ns = Namespace()
        self.collect_lists(doc, lists, ns)
        self.merge_conditions(doc, conditions or {}, ns)
        self.broken = []
        for inner, inner_lists, inner_conditions in self.resolve_imports(doc, imports, path, (path.resolve(),)):
            self.merge_lists((inner, inner_lists), ns)
            self.merge_conditions(inner, inner_conditions, ns)
        ns.broken = tuple(dict.fromkeys(self.broken))
        return ns

    def resolve_imports(self, doc: YamlDoc, imports: list[str], path: Path,
                        stack: tuple[Path, ...]) -> list[tuple[YamlDoc, dict[str, Any], dict[str, Any]]]:
        out: list[tuple[YamlDoc, dict[str, Any], dict[str, Any]]] = []
        for i, name in enumerate(imports):
            target = (path.parent / name).resolve()
            where = ("imports", i)
            if self.rules_dir not in target.parents:
                self.problems.append(doc.problem(where, f"imports[{i}]: {excerpt(name)} is outside the rules folder"))
                self.broken.append(name)
                continue
            if target in stack:
                self.problems.append(doc.problem(where, f"imports[{i}]: {excerpt(name)} imports itself (cycle)"))
                continue
            if len(stack) > MAX_IMPORT_DEPTH:
                self.problems.append(doc.problem(where, f"imports[{i}]: imports nested more than "
                                                        f"{MAX_IMPORT_DEPTH} files deep"))
                self.broken.append(name)
                continue
            if not target.is_file():
                self.problems.append(doc.problem(where, f"imports[{i}]: file {excerpt(name)} not found"))
                self.broken.append(name)
                continue
            inner = self.reader.read(target)
            if inner is None or inner.data is None:
                self.broken.append(name)    # unreadable or not YAML: the reader said why
                continue
            if not isinstance(inner.data, dict):
                self.problems.append(inner.problem((), "a list file must be a mapping with 'lists'"))
                self.broken.append(name)
                continue
            try:
                spec = ListFileSpec.model_validate(inner.data)
            except ValidationError as e:
                if any(err["loc"] and err["loc"][0] == "rules" for err in e.errors()):
                    self.problems.append(inner.problem(("rules",), "rules: an imported file may only define lists "
                                                                   "and conditions", key=True))
                else:
                    self.problems.extend(spec_problems(inner, (), "", e, ListFileSpec))
                self.broken.append(name)
                continue
            if inner.source not in self.flagged:   # a list file imported twice is reported once
                self.flagged.add(inner.source)
                self.problems.extend(yaml11_bool_problems(inner, inner.data))
            out.extend(self.resolve_imports(inner, spec.imports, target, (*stack, target)))
            out.append((inner, spec.lists, spec.conditions))
        return out

    def collect_lists(self, doc: YamlDoc, lists: dict[str, Any], ns: Namespace) -> None:
        for name, items in lists.items():
            if not _SLUG.match(name):
                self.problems.append(doc.problem(
                    ("lists", name), f"{loc_text(('lists', name))}: list names use letters, digits, '-', '_' and '.'",
                    key=True))
                continue
            ns.defs[name] = ListDef(name, items, doc, ("lists", name))

    def merge_conditions(self, doc: YamlDoc, conditions: dict[str, Any], ns: Namespace) -> None:
        """Named conditions: defined once across a rule file and its imports, like lists."""
        for name, raw in conditions.items():
            where = ("conditions", name)
            if not _SLUG.match(name):
                self.problems.append(doc.problem(where, f"{loc_text(where)}: condition names use letters, digits, "
                                                        "'-', '_' and '.'", key=True))
                continue
            existing = ns.conditions.get(name)
            if existing is not None:
                if existing.doc is not doc:
                    line, _ = existing.doc.mark(existing.path, key=True)
                    self.problems.append(doc.problem(where, f"conditions.{name}: condition '{name}' is also defined "
                                                            f"in {existing.doc.source}:{line}", key=True))
                continue
            ns.conditions[name] = ConditionDef(name, raw, doc, where)

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
