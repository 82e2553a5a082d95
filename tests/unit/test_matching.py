"""Semantics of the rule language: terms, groups, near, regex, fields, feeds, explanations."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dedent
from watcher.ruleset import Document, load_rules
from watcher.textfold import fold, tokens


def ruleset_of(tmp_path: Path, text: str):
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "t.yaml").write_text(dedent(text), encoding="utf-8")
    result = load_rules(rules, feed_ids=["laprensa-hn", "bbc"], feed_tags=["honduras", "world"])
    assert result.ok, [str(p) for p in result.problems]
    return result.ruleset


def ids(ruleset, title="", summary="", content="", feed=None, tags=()):
    return [m.rule_id for m in ruleset.match(Document(title, summary, content), feed, tags)]


def test_case_accent_hyphen_and_line_break_tolerant_phrases(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: loi
        title: Letter of intent
        match: "carta de intención"
    """)
    for text in ("Firman CARTA DE INTENCION", "la carta-de-intención firmada", "una carta de\nintención",
                 "Carta  de   Intención", "«Carta de intención»"):
        assert ids(rs, text) == ["loi"], text
    assert ids(rs, "carta de intenciones") == []
    assert ids(rs, "carta sin intención") == []


def test_words_respect_boundaries_and_prefixes_extend(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: word
        title: Word
        match: deport
      - id: stem
        title: Stem
        match: "deporta*"
    """)
    assert ids(rs, "They will deport him") == ["word"]
    assert ids(rs, "deportation flights") == ["stem"]
    assert ids(rs, "Deportados llegan") == ["stem"]
    assert ids(rs, "Sección de deportes") == []
    assert ids(rs, "redeportation") == []


def test_new_mexico_excluded_with_none(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: mx
        title: Mexico
        match:
          all: [Mexico, deport*]
          none: ["New Mexico"]
    """)
    assert ids(rs, "Mexico deports migrants") == ["mx"]
    assert ids(rs, "New Mexico deports migrants") == []
    assert ids(rs, "México deporta migrantes") == ["mx"]


def test_nested_groups_and_lists(tmp_path):
    rs = ruleset_of(tmp_path, """
    lists:
      places: [Honduras, "San Pedro Sula", hondureñ*]
      topics: ["@extra", extradi*]
      extra: [deportad*]
    rules:
      - id: nested
        title: Nested
        match:
          all:
            - "@places"
            - any:
                - "@topics"
                - all: [biometric*, data]
          none: [fútbol]
    """)
    assert ids(rs, "Hondureños deportados") == ["nested"]
    assert ids(rs, "Honduras biometric data deal") == ["nested"]
    assert ids(rs, "Honduras biometric passports") == []
    assert ids(rs, "San Pedro Sula: extradición") == ["nested"]
    assert ids(rs, "Honduras extradición y fútbol") == []


def test_near_within_words_in_the_same_field(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: near
        title: Near
        match:
          near: {terms: [Honduras, extradi*], within: 3}
    """)
    assert ids(rs, "Honduras approves extradition") == ["near"]
    assert ids(rs, "extradition request by Honduras") == ["near"]
    assert ids(rs, "Honduras says the court will later consider extradition") == []
    assert ids(rs, "Honduras", "extradition") == [], "terms in different fields are not near"


def test_regex_runs_accent_insensitive_and_case_insensitive(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: re
        title: Regex
        match:
          all: [Honduras]
          regex: 'extradi(c|t)i[oó]n'
    """)
    assert ids(rs, "Honduras: EXTRADICIÓN aprobada") == ["re"]
    assert ids(rs, "Honduras: extradition") == ["re"]
    assert ids(rs, "Honduras: extraditado") == []


def test_field_scope(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: title-only
        title: Title only
        fields: [title]
        match: Honduras
      - id: nested-scope
        title: Summary scope
        match:
          all:
            - Honduras
            - {fields: [summary], any: [extradi*]}
    """)
    assert ids(rs, "Honduras") == ["title-only"]
    assert ids(rs, "", "Honduras") == []
    assert ids(rs, "Honduras extradition", "") == ["title-only"]
    assert sorted(ids(rs, "Honduras", "extradition")) == ["nested-scope", "title-only"]


def test_feed_selection_by_id_or_tag(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: local
        title: Local
        feeds: [honduras]
        match: Honduras
      - id: one-feed
        title: One feed
        feeds: [bbc]
        match: Honduras
    """)
    assert ids(rs, "Honduras", feed="laprensa-hn", tags=("honduras",)) == ["local"]
    assert ids(rs, "Honduras", feed="bbc", tags=("world",)) == ["one-feed"]
    assert ids(rs, "Honduras", feed="other", tags=()) == []


def test_disabled_rules_do_not_match(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: disabled
        title: Disabled
        enabled: false
        match: Honduras
    """)
    assert ids(rs, "Honduras") == []


def test_explanation_names_terms_fields_and_highlights_snippet(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: x
        title: X
        match: {all: [Honduras, "extradi*"]}
    """)
    (match,) = rs.match(Document("Honduras aprueba la EXTRADICIÓN", "La extradición de Honduras"))
    assert match.terms == ("Honduras", "extradi*")
    assert match.fields == ("title", "summary")
    assert match.snippet.field == "title"
    assert match.snippet.marked() == "«Honduras» aprueba la «EXTRADICIÓN»"


def test_snippet_of_a_long_text_is_a_window_around_the_hit(tmp_path):
    rs = ruleset_of(tmp_path, """
    rules:
      - id: x
        title: X
        match: extradición
    """)
    words = " ".join(f"palabra{i}" for i in range(200))
    (match,) = rs.match(Document("", f"{words} la extradición de {words}"))
    assert match.snippet.text.startswith("…") and match.snippet.text.endswith("…")
    assert "«extradición»" in match.snippet.marked()
    assert len(match.snippet.text) < 400


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
    assert tokens(" ".join(tokens(text))) == tokens(text)


WORDS = st.sampled_from(["extradición", "hondureño", "Tegucigalpa", "biométricos", "niño", "Nicaragüense",
                         "carta", "intención", "acción", "MÉXICO", "datos", "São", "Ñandú"])


def _vary(word: str, data: st.DataObject) -> str:
    import unicodedata
    out = []
    for ch in word:
        variant = data.draw(st.sampled_from(["same", "upper", "lower", "strip", "nfd"]))
        if variant == "upper":
            ch = ch.upper()
        elif variant == "lower":
            ch = ch.lower()
        elif variant == "strip":
            ch = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        elif variant == "nfd":
            ch = unicodedata.normalize("NFD", ch)
        out.append(ch)
    return "".join(out)


@pytest.fixture(scope="module")
def phrase_rules(tmp_path_factory):
    return tmp_path_factory.mktemp("phrase")


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=4), st.data())
def test_a_phrase_matches_however_it_is_cased_or_accented(phrase_rules, phrase, data):
    import shutil
    target = phrase_rules / "rules"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    (target / "p.yaml").write_text(
        "rules:\n  - id: p\n    title: P\n    match: " + repr(" ".join(phrase)).replace("'", '"') + "\n", encoding="utf-8")
    result = load_rules(target)
    assert result.ok
    separator = data.draw(st.sampled_from([" ", "-", "\n", " — ", ", "]))
    text = "antes " + separator.join(_vary(w, data) for w in phrase) + " después"
    assert [m.rule_id for m in result.ruleset.match(Document(text))] == ["p"]


def test_equal_pattern_sets_are_one_object_in_the_compiled_rules_and_their_pickle(tmp_path):
    """The rules' pattern sets share memory (conditions.share_sets): a list used by two rules and
    a veto repeated in both are one set each, also once the rule set is pickled (the rule cache,
    the parse workers' copy), and the rules match as before."""
    import pickle

    rs = ruleset_of(tmp_path, """
    lists:
      places: [Honduras, Guatemala, "El Salvador"]
    rules:
      - id: deport
        title: Deportations
        match: {all: ["@places", deportad*], none: [fútbol, béisbol]}
      - id: extra
        title: Extraditions
        match: {all: ["@places", extradi*], none: [fútbol, béisbol]}
    """)
    for ruleset in (rs, pickle.loads(pickle.dumps(rs)).unpack()):
        a, b = (ruleset.by_id[i].condition for i in ("deport", "extra"))
        assert a._none_set == b._none_set and a._none_set is b._none_set
        places = [s for s in a._all_sets if len(s) == 3]
        assert places and any(s is places[0] for s in b._all_sets)
        assert ids(ruleset, "Honduras: migrantes deportados") == ["deport"]
        assert ids(ruleset, "Guatemala: extradición") == ["extra"]
        assert ids(ruleset, "Guatemala: extradición y fútbol") == []
