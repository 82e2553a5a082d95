"""What an alert lists as its matched terms (the explanation of a match): the same whether found
by walking the rule's condition tree or from the rule's explain plan, which the matcher uses (the
shipped rules name the same lists in many branches, so a walk visits ~120 nodes per match)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watcher.ruleset import Document, load_rules
from watcher.ruleset.conditions import ALL_FIELDS, ExplainPlan, Hits, Node

ROOT = Path(__file__).resolve().parents[2]


def walked(node: Node, hits: Hits, mask: int = ALL_FIELDS) -> list[tuple[int, int]]:
    """The reference: every positive item of the tree in the order it is written, its patterns
    that occurred within scope in pattern order, each (pattern, fields) pair once."""
    out: dict[tuple[int, int], None] = {}

    def walk(n: Node, m: int) -> None:
        m &= n.mask
        items = [*n.all, *n.any, *(i for clause in n.near for i in clause.items)]
        for item in items:
            if isinstance(item, Node):
                walk(item, m)
                continue
            for pid in sorted(item.pids() & hits.pids):
                if hits.mask_of(pid) & m:
                    out.setdefault((pid, hits.mask_of(pid) & m))
    walk(node, mask)
    return list(out)


@pytest.fixture(scope="module")
def shipped():
    return load_rules(ROOT / "rules").ruleset


def labelled(step: int) -> list[Document]:
    lines = (ROOT / "bench/data/watchlist.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines[::step] if line.strip()]
    return [Document(i["title"], i["summary"], "") for i in items]


def test_plan_lists_what_the_tree_walk_lists_on_real_reporting(shipped) -> None:
    compared = 0
    plans = {rule.id: ExplainPlan(rule.condition, rule.mask) for rule in shipped.rules}
    for doc in labelled(25):                  # ~400 real headlines and ledes, relevant and not
        scanned = shipped.scan(doc)
        for rule in shipped.rules:
            expected = walked(rule.condition, scanned, rule.mask)
            assert plans[rule.id].hits(scanned) == expected, (rule.id, doc.title)
            compared += bool(expected)
    assert compared > 300                     # the rules named terms of most of those entries


def test_a_term_named_in_many_branches_is_listed_and_highlighted_once(shipped) -> None:
    doc = Document("Honduras extradita a Estados Unidos a exalcalde acusado de narcotráfico",
                   "El exalcalde fue entregado en Tegucigalpa a agentes de la DEA.", "")
    [match] = [m for m in shipped.match(doc) if m.rule_id == "extradition"]
    assert len(match.terms) == len(set(match.terms))
    assert "Honduras" in match.terms
    assert match.snippet is not None and match.snippet.field == "title"
    starts = [h[0] for h in match.snippet.highlights]
    assert starts == sorted(set(starts))
