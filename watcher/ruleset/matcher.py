"""Compiled rules and the rule set that matches entries against all of them at once (pure)."""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Iterable

from watcher.ruleset.conditions import ALL_FIELDS, FIELDS, ExplainPlan, Node, share_sets
from watcher.ruleset.engine import (
    Automaton,
    Document,
    PreparedText,
    RuleMatch,
    ScannedDocument,
    Snippet,
    build_snippet,
    fields_of,
)
from watcher.ruleset.packing import Packable, RuleHead, restore
from watcher.ruleset.terms import PatternTable
from watcher.types import SEVERITY_RANK, Severity


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
    severity: Severity = "normal"
    description: str = ""
    tags: tuple[str, ...] = ()
    enabled: bool = True
    mask: int = ALL_FIELDS
    feeds: frozenset[str] = frozenset()
    source: str = ""                # the rule file as shown in messages (relative to the working folder)
    line: int | None = None
    hash: str = ""
    terms: dict[int, str] = field(default_factory=dict, compare=False)   # pid -> display
    must_match: tuple[Example, ...] = ()
    must_not_match: tuple[Example, ...] = ()
    file: str = ""                  # the rule file as recorded with alerts: relative to the config folder

    def applies_to(self, feed_id: str | None, feed_tags: Iterable[str] = ()) -> bool:
        if not self.feeds or feed_id is None:
            return True
        return feed_id in self.feeds or not self.feeds.isdisjoint(feed_tags)

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]


def _flat_plan(rule: Rule) -> tuple[tuple[frozenset[int], ...], frozenset[int] | None] | None:
    """(sets that must each occur, set that must not) for rules made only of term sets over all
    fields, so the matcher can decide them without a call; None for anything richer."""
    node = rule.condition
    if rule.mask != ALL_FIELDS or node.evaluate.__name__ != "_flat_test":
        return None
    required = tuple(node._all_sets) + ((node._any_set,) if node._any_set else ())
    return required, (node._none_set or None)


def _head(rule: Rule) -> RuleHead:
    return RuleHead(rule.id, rule.title, rule.severity, rule.enabled, rule.hash,
                    len(rule.must_match) + len(rule.must_not_match))


class RuleSet(Packable):
    """All enabled rules compiled into one automaton plus a pattern -> rules index.

    Pickled (the rule cache) packed: only :attr:`heads` and ``len()`` are read before the first
    use of anything else unpacks it (:mod:`watcher.ruleset.packing`)."""

    def __init__(self, rules: Iterable[Rule], table: PatternTable, *, files: dict[str, str] | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.heads: tuple[RuleHead, ...] = tuple(_head(r) for r in self.rules)
        self.by_id = {r.id: r for r in self.rules}
        self.table = table
        self.files = dict(files or {})            # path -> content hash
        self._automaton = Automaton(table.patterns, table.virtual, table.checks)
        # Rule and pattern numbers as one run of int objects, allocated together: the index and
        # the plans hold these, so the few an entry touches share cache lines and stay near each
        # other (ints made while the rules were compiled lie scattered across the whole heap, a
        # cache miss each, at 10,000 rules a large part of an entry's matching time)
        self._ints = list(range(max(len(self.rules), len(table))))
        share = share_sets((r.condition for r in self.rules), self._ints)     # one object per distinct set
        self._options = [list(map(share, r.condition.trigger_options())) if r.enabled else [] for r in self.rules]
        self._flat = self._flat_plans()
        # the plan of each plain rule, in two lists so that an entry touches one object for the
        # most common plan (a veto and nothing else required): the required term sets besides the
        # trigger set (None: not a plain rule, evaluated by its condition) and the veto set
        self._needs: list[tuple[frozenset[int], ...] | None] = [None] * len(self.rules)
        self._vetoes: list[frozenset[int] | None] = [None] * len(self.rules)
        self._bare = [RuleMatch(r.id, (), (), None) for r in self.rules]   # unexplained results, shared
        # made here, not at the first explain: the attributes never change in number after this, so
        # the set can be pickled (for the parse workers, in a thread) while another thread matches
        self._explain_plans = ExplainPlans()
        self._split_rules()
        usage = [0] * len(table)             # how many rules use each pattern: a first commonness guess
        for options in self._options:
            for option in options:
                for pid in option:
                    usage[pid] += 1
        self._build_index([float(n or 1) for n in usage])
        # Observed pattern frequencies: the index is rebuilt under each rule's rarest necessary
        # terms as entries go by (2k, 8k, 32k... entries). Results never change, only speed.
        self._seen = array("q", bytes(8 * len(table)))   # counts in place: no int object per count
        self._docs = 0
        self._next_tune = 2000

    def _split_rules(self) -> None:
        """Rules that fire from the index outright (plain "any of these terms" over all fields,
        every feed), rules evaluated for every entry (no trigger), and the others with their
        alternative trigger sets, which :meth:`_build_index` chooses among."""
        direct: dict[int, list[int]] = {}
        self._always: list[int] = []
        self._choices: list[tuple[int, list[frozenset[int]]]] = []
        for i, rule, options in zip(self._ints, self.rules, self._options):
            if not rule.enabled:
                continue
            if not options:
                self._always.append(i)
                continue
            terms = rule.condition.direct_set
            if terms is not None and rule.mask == ALL_FIELDS == rule.condition.mask and not rule.feeds:
                for pid in terms:
                    direct.setdefault(pid, []).append(i)
                continue
            self._choices.append((i, options))
        # pattern -> rules, as lists indexed by pattern id (every pattern has an entry, most an
        # empty one): an entry's patterns are looked up with one map() in C, whatever their number
        empty: tuple[int, ...] = ()
        self._direct = [empty] * len(self.table)
        for pid, rules in direct.items():
            self._direct[pid] = tuple(rules)
        self._direct_rules = frozenset(chain.from_iterable(direct.values()))
        self._triggers = list(self._direct)
        self._chosen: dict[int, frozenset[int]] = {}      # rule -> the trigger set it is indexed under
        self._under: dict[int, list[int]] = {}            # pattern -> rules indexed under it

    def _flat_plans(self) -> list[tuple[tuple[frozenset[int], ...], frozenset[int] | None] | None]:
        """:func:`_flat_plan` of every rule without a feed selection, its sets made of the
        shared ints (a set met in several rules made once)."""
        made: dict[frozenset[int], frozenset[int]] = {}
        ints = self._ints.__getitem__

        def compact(terms: frozenset[int]) -> frozenset[int]:
            return made.setdefault(terms, frozenset(map(ints, terms)))

        out: list[tuple[tuple[frozenset[int], ...], frozenset[int] | None] | None] = []
        for rule in self.rules:
            plan = _flat_plan(rule) if not rule.feeds else None
            if plan is not None:
                required, veto = plan
                plan = tuple(map(compact, required)), (compact(veto) if veto is not None else None)
            out.append(plan)
        return out

    def _build_index(self, cost: list[float]) -> None:
        """Each rule under the trigger set of least total ``cost`` (by pattern id), and the plan
        of each plain rule (term sets over all fields, every feed) without that set: a rule is
        looked at only when a pattern of its trigger set occurred, so only its other required
        sets and its vetoes are left to test. Only the rules whose choice changed since the last
        build, and the patterns they leave or join, are touched (a retune at 10,000 rules: most
        rules have one choice, and learned frequencies seldom reorder the others)."""
        weight = cost.__getitem__
        chosen, under, needs, flat = self._chosen, self._under, self._needs, self._flat
        touched: set[int] = set()
        for i, options in self._choices:
            best = options[0] if len(options) == 1 else min(options, key=lambda o: sum(map(weight, o)))
            before = chosen.get(i)
            if before is best:
                continue
            if before is not None:
                for pid in before:
                    under[pid].remove(i)
                touched |= before
            chosen[i] = best
            for pid in best:
                under.setdefault(pid, []).append(i)
            touched |= best
            plain = flat[i]
            if plain is not None:
                required, veto = plain
                needs[i] = tuple(terms for terms in required if terms != best)
                self._vetoes[i] = veto
        # indexed and direct-firing rules in one tuple per pattern, looked up once per pattern of
        # an entry; _direct_rules tells them apart
        triggers, direct = self._triggers, self._direct
        for pid in touched:
            triggers[pid] = tuple(under.get(pid, ())) + direct[pid]

    def _retune(self) -> None:
        if self._docs >= self._next_tune:
            docs = self._docs
            self._build_index([(seen + 0.5) / docs for seen in self._seen])
            self._next_tune = docs * 4 if docs < 500_000 else docs + 500_000

    @property
    def fingerprint(self) -> str:
        joined = "\n".join(f"{p}:{h}" for p, h in sorted(self.files.items()))
        return hashlib.sha256(joined.encode()).hexdigest()[:16]

    def scan(self, doc: Document | PreparedText) -> ScannedDocument:
        prepared = doc if isinstance(doc, PreparedText) else PreparedText(doc)
        return ScannedDocument(prepared, self._automaton, self.table.patterns)

    def candidates(self, pids: set[int]) -> tuple[set[int], set[int]]:
        """(rules to evaluate, rules that match outright) for the patterns an entry contains."""
        self._docs += 1
        if not self._docs & 7:             # learn pattern frequencies from every 8th entry
            seen = self._seen
            for pid in pids:
                seen[pid] += 8
            if self._docs >= self._next_tune:
                self._retune()
        check = set(chain.from_iterable(map(self._triggers.__getitem__, pids)))
        fired = check & self._direct_rules
        check -= fired
        if self._always:
            check.update(self._always)
        return check, fired

    def match(self, doc: Document | PreparedText, feed_id: str | None = None, feed_tags: Iterable[str] = (),
              *, only: Iterable[str] | None = None, explain: bool = True) -> list[RuleMatch]:
        """Every enabled rule that matches ``doc``; ``only`` limits to some rule ids. ``doc`` may be
        prepared once with :class:`PreparedText` and matched against several rule sets."""
        prepared = doc if isinstance(doc, PreparedText) else PreparedText(doc)
        automaton = self._automaton
        hits: list[tuple[int, int]] | None = None   # where each pattern occurred: only if a rule needs it
        if automaton.checks:
            hits = automaton.scan(prepared.text)
            pids = set(map(itemgetter(1), hits))
        else:
            pids = automaton.patterns_in(prepared.text)
        if not pids and not self._always:
            return []
        check, fired = self.candidates(pids)
        if not check and not fired:
            return []
        rules, needs, vetoes = self.rules, self._needs, self._vetoes
        scanned: ScannedDocument | None = None     # built only for rules that need positions or fields
        for i in check:
            required = needs[i]
            if required is not None:        # inline: the other required term sets, then the veto
                for terms in required:
                    if pids.isdisjoint(terms):
                        break
                else:
                    veto = vetoes[i]
                    if veto is None or pids.isdisjoint(veto):
                        fired.add(i)
                continue
            rule = rules[i]
            if rule.feeds and not rule.applies_to(feed_id, tuple(feed_tags)):
                continue
            if scanned is None:
                scanned = ScannedDocument(prepared, automaton, self.table.patterns, hits, pids)
            if rule.condition.evaluate(scanned, rule.mask):
                fired.add(i)
        if only is not None:
            wanted = set(only)
            fired = {i for i in fired if rules[i].id in wanted}
        order = sorted(fired) if len(fired) > 1 else fired
        if not explain:
            bare = self._bare
            return [bare[i] for i in order]
        scanned = scanned or ScannedDocument(prepared, automaton, self.table.patterns, hits, pids)
        return [self.explain(rules[i], scanned) for i in order]

    def match_rules(self, doc: Document, rules: Iterable[Rule], feed_id: str | None = None,
                    feed_tags: Iterable[str] = ()) -> list[RuleMatch]:
        """Explained matches of the given rules, enabled or not (test-rule, backfill); the entry
        is scanned once, and only if a rule applies to its feed."""
        tags = tuple(feed_tags)
        scanned: ScannedDocument | None = None
        out = []
        for rule in rules:
            if feed_id is not None and not rule.applies_to(feed_id, tags):
                continue
            scanned = scanned or self.scan(doc)
            if rule.condition.evaluate(scanned, rule.mask):
                out.append(self.explain(rule, scanned))
        return out

    def test_rule(self, rule: Rule, doc: Document) -> tuple[bool, ScannedDocument]:
        """Evaluate one rule regardless of ``enabled`` and feed selection (embedded tests)."""
        scanned = self.scan(doc)
        return rule.condition.evaluate(scanned, rule.mask), scanned

    def explain(self, rule: Rule, scanned: ScannedDocument) -> RuleMatch:
        plans = self._explain_plans
        plan = plans.get(rule.id)
        if plan is None:
            plan = plans[rule.id] = ExplainPlan(rule.condition, rule.mask)
        hits = plan.hits(scanned)
        mask = 0
        listed: dict[str, tuple[set[tuple[int, int]], bool, int]] = {}   # display -> (where, loose, words)
        spots: list[tuple[int, int, int, int]] = []     # (field, token, token count, pattern)
        covered: set[tuple[int, int]] = set()
        exact: dict[tuple[int, int], int] = {}         # where an exact term starts -> its words
        for pid, field_mask in hits:
            mask |= field_mask
            display = rule.terms.get(pid) or self.table.patterns[pid].strip()
            mine = {(fld, token) for fld, token in scanned.positions(pid) if field_mask & (1 << fld)}
            loose = not self.table.patterns[pid].endswith(" ")      # a prefix or a stem's candidate
            words = self.table.ntokens[pid]
            # a stemmed term of another language's list that found only words already listed
            # ("deportar" for "deportees" after "deportee") is not listed again
            if display in listed:         # one spelling, several patterns: exact if any of them is
                where, was_loose, _ = listed[display]
                listed[display] = (where | mine, was_loose and loose, words)
            elif not (pid in self.table.virtual and mine <= covered):
                listed[display] = (mine, loose, words)
            covered |= mine
            if not loose:
                exact.update((spot, max(words, exact.get(spot, 0))) for spot in mine)
            spots.extend((fld, token, self.table.ntokens[pid], pid) for fld, token in sorted(mine))
        # one word, one term: a prefix or stem that found only words an exact term lists
        # ("guatemaltec*" next to "guatemaltecos") is left out, whichever the rule names first
        terms = [d for d, (where, loose, words) in listed.items()
                 if not (loose and where and all(exact.get(spot, 0) >= words for spot in where))]
        snippet = build_snippet(scanned.doc, scanned, _best_field(spots))
        if snippet is None and rule.condition.regex:
            fld = next((f for f in range(len(FIELDS)) if rule.mask & (1 << f) and scanned.doc.field(f)), 0)
            text = scanned.doc.field(fld)
            snippet = Snippet(FIELDS[fld], text[:240], ())
        return RuleMatch(rule.id, tuple(terms), fields_of(mask), snippet)


class ExplainPlans(dict[str, ExplainPlan]):
    """Each explained rule's :class:`ExplainPlan` (by rule id), made on its first match; never
    pickled (a worker or a cached start makes its own)."""

    def __reduce__(self) -> tuple[type[ExplainPlans], tuple[()]]:
        return ExplainPlans, ()


def _packed_ruleset(heads: tuple[RuleHead, ...], packed: bytes, crc: int) -> RuleSet:
    """:func:`~watcher.ruleset.packing.restore` of a rule set."""
    return restore(RuleSet, heads, packed, crc)


def _best_field(spots: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int]]:
    """The hits of the field holding the most distinct matched terms (the earliest on a tie),
    so the snippet shows as many of the listed terms as one field can."""
    if not spots:
        return []
    terms: dict[int, set[int]] = {}
    for fld, _, _, pid in spots:
        terms.setdefault(fld, set()).add(pid)
    best = max(sorted(terms), key=lambda f: len(terms[f]))
    return [(fld, token, count) for fld, token, count, _ in spots if fld == best]
