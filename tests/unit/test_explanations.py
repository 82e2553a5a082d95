"""Explanations say what actually happened: which `near` term is missing or how far apart the
terms are, and a message highlights every term it lists as matched (issue 8, item 23)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from conftest import SHIPPED_RULES
from test_rule_errors import problems_for
from storage.records import AlertView, ReportView, StoryView
from watcher.render import Renderer
from watcher.ruleset import Document, load_rules
from watcher.ruleset.explain import explain_tree

NEAR_RULE = """
    rules:
      - id: deportation
        title: Deportation
        match:
          near: {terms: [Honduras, deportee*], within: 5}
        tests:
          match:
            - "Honduras recibe a migrantes"
            - "Honduras says that many many many many many many many deportees arrived"
            - title: "Honduras"
              summary: "Deportees arrived"
"""


def test_a_failing_near_example_says_which_term_is_missing_or_how_far_apart_they_are(tmp_path):
    assert problems_for(tmp_path, NEAR_RULE) == [
        "rules/watch.yaml:8:11: rule 'deportation': tests.match[0]: expected a match, but match.near: "
        "'deportee*' not found in title, summary, content: \"Honduras recibe a migrantes\"",
        "rules/watch.yaml:9:11: rule 'deportation': tests.match[1]: expected a match, but match.near: "
        "the terms are 10 words apart at the closest; within 5 is required: "
        "\"Honduras says that many many many many many many many deportees arrived\"",
        "rules/watch.yaml:10:11: rule 'deportation': tests.match[2]: expected a match, but match.near: "
        "the terms occur, but never all in the same field: \"Honduras\"",
    ]


def _ruleset(tmp_path, text):
    """The rule set of one rule file with ``text``, loaded without a problem."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(text, encoding="utf-8")
    result = load_rules(rules)
    assert result.ok, result.problems
    return result.ruleset


def _alert(match, rule, now):
    return AlertView(rule.id, rule.title, rule.severity, match.terms, match.fields,
                     match.snippet.to_json() if match.snippet else None, rule.source, rule.hash, now)


def test_a_message_highlights_every_term_it_lists_as_matched():
    """Two rules match one headline: the message lists the terms of both, so the snippet must
    mark the terms of both (it used to mark only those of the highest-severity rule)."""
    ruleset = load_rules(SHIPPED_RULES).ruleset
    title = "Honduras and US sign agreement to share biometric data on deportees"
    now = datetime.now(timezone.utc)
    matches = ruleset.match(Document(title))
    assert {m.rule_id for m in matches} == {"deportation", "biometric-data-sharing", "us-neighbour-cooperation"}
    alerts = tuple(_alert(m, ruleset.by_id[m.rule_id], now) for m in matches)
    story = StoryView(1, title, "https://hn.example/1", now, alerts,
                      (ReportView("hn", "La Prensa", title, "https://hn.example/1", now, now),))
    message = Renderer().render_stories("desk", "text", [(story, alerts)], ZoneInfo("UTC"), now)
    assert "«Honduras» and US «sign» «agreement» to share «biometric» data on «deportees»" in message.body


def test_the_snippet_shows_the_field_holding_the_most_matched_terms():
    ruleset = load_rules(SHIPPED_RULES).ruleset
    doc = Document("Honduras: nuevas medidas", "Llegan 130 hondureños deportados desde Estados Unidos a San Pedro Sula")
    (match,) = [m for m in ruleset.match(doc) if m.rule_id == "deportation"]
    assert match.snippet is not None and match.snippet.field == "summary"
    assert match.snippet.marked().count("«") >= 2


def test_a_long_text_snippet_is_cut_around_the_most_hits():
    from watcher.ruleset.engine import SNIPPET_TOKENS
    filler = " ".join(["palabra"] * 60)
    text = f"Honduras {filler} Honduras deportados desde Estados Unidos {filler}"
    ruleset = load_rules(SHIPPED_RULES).ruleset
    (match,) = [m for m in ruleset.match(Document("", text)) if m.rule_id == "deportation"]
    marked = match.snippet.marked()
    assert "«Honduras» «deportados»" in marked, marked
    assert len(marked.split()) <= 2 * SNIPPET_TOKENS + 3



def test_explain_names_each_clause_once_by_its_path_in_the_rule_file(tmp_path):
    """`test-rule --explain` printed a `none` clause twice (`✓ match.none[0]: absent` then
    `✗ match.none[0]: did not hold`) and named plain alternatives `any` next to `any[1]`."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        "rules:\n"
        "  - id: r\n    title: R\n    match:\n"
        "      all:\n"
        "        - any: [Honduras, {all: [Guatemala], none: [Belice]}]\n"
        "      none:\n"
        "        - {all: [México], none: [frontera]}\n"
        "  - id: listed\n    title: L\n    match: [deporta*, repatria*, {all: [Guatemala]}]\n"
        "  - id: single\n    title: S\n    match: Honduras\n", encoding="utf-8")
    result = load_rules(rules)
    assert result.ok, result.problems
    from watcher.ruleset.explain import explain_tree
    scanned = result.ruleset.scan(Document("Honduras deporta a 30 desde México hacia la frontera"))

    def tree(rule_id):
        rule = result.ruleset.by_id[rule_id]
        return [line.strip() for line in explain_tree(rule.condition, scanned, rule.mask)]

    assert tree("r") == [
        "✓ match: held",
        "✓ match.all[0]: held",
        '✓ match.all[0].any[0]: \'Honduras\' "Honduras" in title',
        "✗ match.all[0].any[1]: did not hold",
        "✗ match.all[0].any[1].all[0]: 'Guatemala' not found in title, summary, content",
        "✓ match.all[0].any[1].none[0]: no term of 'Belice' in title, summary, content",
        "✓ match.none[0]: absent",
        '✓ match.none[0].all[0]: \'México\' "México" in title',
        # the exclusion inside a `none` clause that is absent keeps the entry in: it excludes nothing
        '✗ match.none[0].none[0]: \'frontera\' "frontera" in title, so match.none[0] does not hold',
    ]
    assert tree("listed") == [
        "✓ match: held",
        '✓ match[0,1]: \'deporta*\' "deporta" in title',
        "✗ match[2]: did not hold",
        "✗ match[2].all[0]: 'Guatemala' not found in title, summary, content",
    ]
    assert tree("single") == ['✓ match: \'Honduras\' "Honduras" in title']


def _tree_for(tmp_path, rule_yaml: str, text: str) -> list[str]:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text("rules:\n  - id: r\n    title: R\n    match:\n" + rule_yaml, encoding="utf-8")
    result = load_rules(rules)
    assert result.ok, result.problems
    from watcher.ruleset.explain import explain_tree
    rule = result.ruleset.by_id["r"]
    return [line.strip() for line in explain_tree(rule.condition, result.ruleset.scan(Document(text)), rule.mask)]


def test_which_excludes_the_entry_only_where_the_exclusion_made_the_rule_fail(tmp_path):
    """'which excludes the entry' was printed under any present `none` term: in a branch that
    failed for another reason, in an alternative of a rule that matched anyway."""
    rule = ("      any:\n"
            "        - {all: [Honduras], none: [frontera]}\n"
            "        - {all: [Guatemala], none: [Belice]}\n")
    assert _tree_for(tmp_path, rule, "Honduras refuerza la frontera con Belice") == [
        "✗ match: did not hold",
        "✗ match.any[0]: did not hold",
        "✓ match.any[0].all[0]: 'Honduras' \"Honduras\" in title",
        "✗ match.any[0].none[0]: 'frontera' \"frontera\" in title, which excludes the entry",
        "✗ match.any[1]: did not hold",
        "✗ match.any[1].all[0]: 'Guatemala' not found in title, summary, content",
        "✗ match.any[1].none[0]: 'Belice' \"Belice\" in title",       # any[1] failed without it
    ]


def test_an_exclusion_in_an_alternative_of_a_rule_that_matched_excludes_nothing(tmp_path):
    rule = ("      any:\n"
            "        - {all: [Honduras], none: [frontera]}\n"
            "        - Guatemala\n")
    assert _tree_for(tmp_path, rule, "Honduras y Guatemala refuerzan la frontera") == [
        "✓ match: held",
        "✓ match.any[1]: 'Guatemala' \"Guatemala\" in title",
        "✗ match.any[0]: did not hold",
        "✓ match.any[0].all[0]: 'Honduras' \"Honduras\" in title",
        "✗ match.any[0].none[0]: 'frontera' \"frontera\" in title, so match.any[0] does not hold",
    ]


def test_the_summary_of_a_rule_that_did_not_match_is_capped(tmp_path):
    from watcher.ruleset.explain import MAX_BRANCHES, branch_summary
    rules = tmp_path / "rules"
    rules.mkdir()
    branches = "".join(f"        - {{all: [Honduras, term{i}]}}\n" for i in range(MAX_BRANCHES + 2))
    (rules / "r.yaml").write_text("rules:\n  - id: r\n    title: R\n    match:\n      any:\n" + branches, encoding="utf-8")
    result = load_rules(rules)
    rule = result.ruleset.by_id["r"]
    lines = branch_summary(rule.condition, result.ruleset.scan(Document("Honduras hoy")), rule.mask)
    assert [line.strip() for line in lines] == ["✗ match: did not hold"] + [
        line for i in range(MAX_BRANCHES) for line in (
            f"✗ match.any[{i}]: did not hold", f"✗ match.any[{i}].all[1]: 'term{i}' not found in title, summary, content")
    ] + ["2 more branches did not hold"]


def test_a_term_is_listed_once_and_an_abbreviation_as_written(tmp_path):
    """Matched terms listed 'guatemaltec*' and 'guatemaltecos' for the one word 'guatemaltecos';
    `--explain` showed 'EE. UU.' as "EE UU"."""
    ruleset = _ruleset(tmp_path,
        "lists:\n  places: [guatemaltec*, guatemaltecos, Guatemala]\n  usa: [EE. UU., Estados Unidos]\n"
        "  deportation: [deport*]\n"
        "rules:\n  - id: r\n    title: R\n    match: {all: ['@places', '@usa', '@deportation']}\n")
    (match,) = ruleset.match(Document("EE. UU. deportó a 1.200 guatemaltecos y a 30 guatemaltecas"))
    # guatemaltec* stays for 'guatemaltecas', which no exact term lists
    assert match.terms == ("guatemaltec*", "guatemaltecos", "EE. UU.", "deport*")
    (match,) = ruleset.match(Document("EE. UU. deportó a 1.200 guatemaltecos"))
    assert match.terms == ("guatemaltecos", "EE. UU.", "deport*")
    rule = ruleset.by_id["r"]
    lines = explain_tree(rule.condition, ruleset.scan(Document("EE. UU. deportó a 1.200 guatemaltecos")), rule.mask)
    assert [line.strip() for line in lines] == [
        "✓ match: held",
        '✓ match.all[0]: @places "guatemaltecos" in title',
        '✓ match.all[1]: @usa "EE. UU." in title',
        '✓ match.all[2]: @deportation "deportó" in title',
    ]


def test_a_spelling_both_stemmed_and_exact_stays_listed(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        "lists:\n  deals:\n    lang: es\n    terms: [acuerdo]\n  signed: [firman, acuerdo]\n"
        "rules:\n  - id: r\n    title: R\n    match: {all: ['@deals', '@signed', Guatemala]}\n", encoding="utf-8")
    result = load_rules(rules)
    assert result.ok, result.problems
    (match,) = result.ruleset.match(Document("Guatemala y EEUU firman acuerdo migratorio"))
    assert match.terms == ("acuerdo", "firman", "Guatemala")


def test_a_held_near_names_the_words_that_held_it_in_their_field(tmp_path):
    """The near clause holds in the summary ("impidió su ingreso"); "niega" in the title is the
    list's first occurrence, 2 fields away: the explanation used to name it (and the title), so it
    read as if terms of two fields were 2 words apart."""
    ruleset = _ruleset(tmp_path,
        "lists:\n  deny: [niega, impidió]\n  entry: [ingreso, entrada]\n"
        "rules:\n  - id: refused\n    title: Refused\n    match:\n      all: [Nicaragua]\n"
        "      near: {terms: ['@deny', '@entry'], within: 4}\n")
    rule = ruleset.rules[0]
    scanned = ruleset.scan(Document("Nicaragua niega acceso a un grupo de visitantes",
                                    "El gobierno impidió su ingreso al país por la frontera sur."))
    assert explain_tree(rule.condition, scanned, rule.mask)[-1] == (
        "  ✓ match.near: @deny \"impidió\" in summary and @entry \"ingreso\" in summary, 2 words apart (within 4)")
