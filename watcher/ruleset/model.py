"""Compiled rules and the rule set that matches entries against all of them at once (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from watcher.ruleset.conditions import ALL_FIELDS, FIELDS, Node
from watcher.ruleset.engine import Automaton, Document, RuleMatch, ScannedDocument, build_snippet, fields_of
from watcher.ruleset.terms import PatternTable

SEVERITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}


@dataclass(frozen=True)
class Example:
    """One embedded test text of a rule."""

    doc: Document
    feed: str | None
    source: str
    line: int | None
    col: int | None
    where: str          # e.g. "tests.match[2]"

    @property
    def label(self) -> str:
        text = self.doc.title or self.doc.summary or self.doc.content
        return text if len(text) <= 90 else text[:87] + "..."


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    condition: Node
    severity: str = "normal"
    description: str = ""
    tags: tuple[str, ...] = ()
    enabled: bool = True
    mask: int = ALL_FIELDS
    feeds: frozenset[str] = frozenset()
    source: str = ""
    line: int | None = None
    hash: str = ""
    terms: dict[int, str] = field(default_factory=dict, compare=False)   # pid -> display
    must_match: tuple[Example, ...] = ()
    must_not_match: tuple[Example, ...] = ()

    def applies_to(self, feed_id: str | None, feed_tags: Iterable[str] = ()) -> bool:
        if not self.feeds or feed_id is None:
            return True
        return feed_id in self.feeds or not self.feeds.isdisjoint(feed_tags)

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]


class RuleSet:
    """All enabled rules compiled into one automaton plus a pattern -> rules index."""

    def __init__(self, rules: Iterable[Rule], table: PatternTable, *, files: dict[str, str] | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.by_id = {r.id: r for r in self.rules}
        self.table = table
        self.files = dict(files or {})            # path -> content hash
        self._automaton = Automaton(table.patterns)
        self._plens = [len(p) for p in table.patterns]
        self._index: dict[int, list[int]] = {}
        self._always: list[int] = []
        for i, rule in enumerate(self.rules):
            if not rule.enabled:
                continue
            triggers = rule.condition.triggers()
            if triggers is None:
                self._always.append(i)
            else:
                for pid in triggers:
                    self._index.setdefault(pid, []).append(i)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def fingerprint(self) -> str:
        import hashlib
        joined = "\n".join(f"{p}:{h}" for p, h in sorted(self.files.items()))
        return hashlib.sha256(joined.encode()).hexdigest()[:16]

    def scan(self, doc: Document) -> ScannedDocument:
        return ScannedDocument(doc, self._automaton, self._plens)

    def candidates(self, scanned: ScannedDocument) -> list[int]:
        index = self._index
        if len(scanned.masks) == 1:
            (pid,) = scanned.masks
            found = index.get(pid, ())
            return sorted({*found, *self._always}) if self._always else list(found)
        seen: set[int] = set(self._always)
        for pid in scanned.masks:
            hit = index.get(pid)
            if hit:
                seen.update(hit)
        return sorted(seen)

    def match(self, doc: Document, feed_id: str | None = None, feed_tags: Iterable[str] = (),
              *, only: Iterable[str] | None = None, explain: bool = True) -> list[RuleMatch]:
        """Every enabled rule that matches ``doc``; ``only`` limits to some rule ids."""
        scanned = self.scan(doc)
        wanted = None if only is None else set(only)
        tags = tuple(feed_tags)
        out = []
        for i in self.candidates(scanned):
            rule = self.rules[i]
            if wanted is not None and rule.id not in wanted:
                continue
            if rule.feeds and not rule.applies_to(feed_id, tags):
                continue
            if rule.condition.test(scanned, rule.mask):
                out.append(self.explain(rule, scanned) if explain else RuleMatch(rule.id, (), (), None))
        return out

    def test_rule(self, rule: Rule, doc: Document) -> tuple[bool, ScannedDocument]:
        """Evaluate one rule regardless of ``enabled`` and feed selection (embedded tests)."""
        scanned = self.scan(doc)
        return rule.condition.test(scanned, rule.mask), scanned

    def explain(self, rule: Rule, scanned: ScannedDocument) -> RuleMatch:
        hits = rule.condition.explain_hits(scanned, rule.mask)
        mask = 0
        terms: list[str] = []
        spots: list[tuple[int, int, int]] = []
        for pid, field_mask in hits:
            mask |= field_mask
            display = rule.terms.get(pid) or self.table.patterns[pid].strip()
            if display not in terms:
                terms.append(display)
            for fld, token in scanned.positions(pid):
                if field_mask & (1 << fld):
                    spots.append((fld, token, self.table.ntokens[pid]))
        snippet = build_snippet(scanned.doc, scanned, spots)
        if snippet is None and rule.condition.regex:
            fld = next((f for f in range(len(FIELDS)) if rule.mask & (1 << f) and scanned.doc.field(f)), 0)
            text = scanned.doc.field(fld)
            from watcher.ruleset.engine import Snippet
            snippet = Snippet(FIELDS[fld], text[:240], ())
        return RuleMatch(rule.id, tuple(terms), fields_of(mask), snippet)
