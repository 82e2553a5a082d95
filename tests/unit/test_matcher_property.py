"""The fast matcher (RuleSet.match: one automaton pass, a trigger index learned from the entries
seen, inline plans for plain term rules) must decide exactly what the reference evaluation
(Node.test over the scanned entry, rule by rule) decides, on any rules and any text; a missed
story here would go unnoticed in production (issue 9). Hypothesis generates both."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from watcher.ruleset import Document, PreparedText, RuleSet, load_rules
from watcher.ruleset.conditions import Node
from watcher.ruleset.engine import ScannedDocument

TERMS = ["honduras", "extradición", "deporta*", "deportes", "migrantes", "visa", "corte suprema", "muro",
         "frontera", "tps", "Guatemala", "asilo*", "estados unidos"]
WORDS = ["honduras", "extradición", "extradicion", "deportados", "deportación", "deportes", "migrantes", "visa",
         "corte", "suprema", "muro", "frontera", "tps", "guatemala", "asilo", "asilados", "estados", "unidos",
         "el", "de", "la", "Honduras,", "EXTRADICIÓN", "deporta", "corte corte suprema", "unidos estados unidos"]
FIELDS = ["title", "summary", "content"]

term = st.sampled_from(TERMS)
terms = st.lists(term, min_size=1, max_size=3, unique=True)


def conditions(depth: int) -> st.SearchStrategy[dict]:
    positive = st.fixed_dictionaries({}, optional={
        "all": terms if depth == 0 else st.lists(st.one_of(term, conditions(depth - 1)), min_size=1, max_size=3),
        "any": terms if depth == 0 else st.lists(st.one_of(term, conditions(depth - 1)), min_size=1, max_size=3),
        "near": st.fixed_dictionaries({"terms": st.lists(term, min_size=2, max_size=3, unique=True),
                                       "within": st.integers(1, 6)}),
        "regex": st.sampled_from(["hondur", "deport(a|e)", r"\bmuro\b"]),
    })
    extras = st.fixed_dictionaries({}, optional={
        "none": terms, "fields": st.lists(st.sampled_from(FIELDS), min_size=1, max_size=2, unique=True)})
    return st.tuples(positive, extras).filter(lambda pe: bool(pe[0])).map(lambda pe: {**pe[0], **pe[1]})


rule_sets = st.lists(conditions(1), min_size=1, max_size=6)
texts = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
documents = st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=6)


def load(matches: list[dict], *, generated: bool = True) -> RuleSet:
    rules = [{"id": f"r{i}", "title": f"rule {i}", "match": m} for i, m in enumerate(matches)]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "generated.yaml").write_text(json.dumps({"rules": rules}), encoding="utf-8")
        result = load_rules(Path(folder))
    if generated:
        assume(not result.problems)    # a generated rule the loader refuses is not a matcher question
    assert not result.problems, result.problems
    return result.ruleset


def reference(ruleset: RuleSet, doc: Document) -> set[str]:
    scanned = ruleset.scan(doc)
    return {rule.id for rule in ruleset.rules if rule.enabled and Node.test(rule.condition, scanned, rule.mask)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(rule_sets, documents, st.randoms(use_true_random=False))
def test_the_fast_matcher_decides_what_the_reference_evaluation_decides(matches, docs, rng: random.Random):
    ruleset = load(matches)
    for title, summary, content in docs:
        doc = Document(title, summary, content)
        expected = reference(ruleset, doc)
        assert {m.rule_id for m in ruleset.match(doc, explain=False)} == expected
        assert {m.rule_id for m in ruleset.match(doc)} == expected
        # the trigger index is rebuilt as pattern frequencies are learned: any costs, same answers
        weights = [rng.random() for _ in range(len(ruleset.table))]
        ruleset._build_index(weights)
        assert {m.rule_id for m in ruleset.match(doc, explain=False)} == expected


def brute_hits(ruleset: RuleSet, text: str) -> set[tuple[int, int]]:
    """(end, pattern) of every occurrence of every searched pattern, by plain substring search."""
    table, out = ruleset.table, set()
    for pid, pattern in enumerate(table.patterns):
        if pid in table.virtual:
            continue
        at = text.find(pattern)
        while at >= 0:
            out.add((at + len(pattern) - 1, pid))
            at = text.find(pattern, at + 1)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(rule_sets, documents)
def test_occurrences_found_per_pattern_are_the_automaton_s(matches, docs):
    """The matcher keeps only the set of patterns an entry contains; fields and token positions
    are then found per pattern when a rule asks (near, fields, explanations). They must be where
    the automaton's full hit list puts them, and both must be every occurrence (overlapping ones
    too) that a plain substring search finds."""
    ruleset = load(matches)
    automaton = ruleset._automaton
    for title, summary, content in docs:
        prepared = PreparedText(Document(title, summary, content))
        full = ScannedDocument(prepared, automaton, ruleset.table.patterns)
        assert set(full.hits) == brute_hits(ruleset, prepared.text)
        lazy = ScannedDocument(prepared, automaton, ruleset.table.patterns, None, automaton.patterns_in(prepared.text))
        assert lazy.pids == full.pids
        for pid in range(len(ruleset.table)):
            assert lazy.mask_of(pid) == full.mask_of(pid)
            assert lazy.positions(pid) == full.positions(pid)


def test_the_index_learned_from_traffic_gives_the_same_answers():
    """After 2,000 entries the trigger index is rebuilt from the pattern frequencies seen: a rule
    moves under its rarer required set (here the frequent 'frontera' gives way to the names), and
    only the rules whose choice changed are re-planned. Every answer stays the reference's."""
    ruleset = load([{"all": ["frontera", {"any": ["honduras", "guatemala"]}]},
                    {"any": ["honduras", "guatemala", "visa", "asilo*"], "none": ["deportes"]},
                    {"all": ["frontera", "tps"], "none": ["muro"]},
                    {"near": {"terms": ["corte suprema", "extradición"], "within": 4}}], generated=False)
    rng = random.Random(5)
    frequent = ["frontera", "el", "de", "la"]
    def words(n: int) -> str:
        return " ".join(rng.choice(frequent if rng.random() < 0.9 else WORDS) for _ in range(n))
    docs = [Document(words(8), words(10)) for _ in range(2_600)]
    first = next(i for i, rule in enumerate(ruleset.rules) if rule.id == "r0")
    chosen_before = ruleset._chosen[first]
    for doc in docs:
        assert {m.rule_id for m in ruleset.match(doc, explain=False)} == reference(ruleset, doc)
    assert ruleset._docs >= 2_000 and ruleset._next_tune > 2_000, "the index was retuned"
    frontera = ruleset.table.ids[" frontera "]
    assert frontera in chosen_before and frontera not in ruleset._chosen[first]
    for text in ("Honduras y Guatemala", "la frontera", "frontera con Honduras", "TPS en la frontera",
                 "TPS en la frontera y el muro", "visa de deportes", "asilados", "Corte Suprema aprueba extradición"):
        doc = Document(text)
        assert {m.rule_id for m in ruleset.match(doc, explain=False)} == reference(ruleset, doc), text
