"""Lists with a language match every inflection a Snowball stemmer reduces to the same stem
(`lang:`), minus the words their `except:` names; any PyStemmer language works (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_rule_errors import problems_for
from watcher.ruleset import Document, load_rules

RULES = """
    lists:
      deportation-es:
        lang: es
        terms: [deportar, extraditar, expulsar, tercer país seguro]
        except: [deporte*, deportiv*, deportist*]
      deportation-en:
        lang: en
        terms: [deport, extradite]
        except: [deportes]
      deportation-ar:
        lang: ar
        terms: [ترحيل]
      deportation-fr:
        lang: fr
        terms: [expulser]
      deportation-pt:
        lang: pt
        terms: [deportar]
        except: [deporte, deportes, deportiv*, deportist*]
      handover-ar:
        lang: ar
        terms: [سلم, المكسيك]
    rules:
      - id: deport
        title: Deportation in any language
        match: ["@deportation-es", "@deportation-en", "@deportation-ar", "@deportation-fr", "@deportation-pt",
                "@handover-ar"]
"""


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory):
    root = tmp_path_factory.mktemp("stems")
    assert problems_for(root, RULES) == []
    return load_rules(Path(root) / "rules").ruleset


def _matches(ruleset, text: str) -> bool:
    return bool(ruleset.match(Document(text)))


@pytest.mark.parametrize("text", [
    "EE. UU. deportó a 1.200 guatemaltecos en octubre",              # Spanish preterite
    "Estados Unidos deportaron a 130 hondureños",                    # plural preterite
    "Llegan los deportados a San Pedro Sula",                        # participle, plural
    "Guatemala extraditó a un narcotraficante",
    "Nicaragua expulsó a 135 presos políticos",
    "US deports 200 Guatemalans",                                    # English third person
    "Mexico extradites cartel leader",
    "Honduras firma acuerdo de tercer país seguro",                  # a phrase, its last word stemmed
    "الولايات المتحدة تبدأ الترحيل إلى هندوراس",                      # Arabic, with the article
    "Le Nicaragua a expulsé des opposants",                          # French participle
    "Estados Unidos deportaría a mil hondureños",                    # conditional: its accent is folded away
    "EE. UU. extraditará al exalcalde",                              # future
    "Aumentam as deportações de hondurenhos",                        # Portuguese nasal ending, folded
    "سلّمت السلطات",                                                  # Arabic shadda is folded like an accent
    "الولايات المتحدة والمكسيك",                                      # "and Mexico": the clitic is not the word
])
def test_a_list_with_a_language_matches_the_inflections(ruleset, text):
    assert _matches(ruleset, text)


@pytest.mark.parametrize("text", [
    "Deportes: Olimpia gana el clásico",          # Spanish sports share the stem of deportar
    "Los deportistas hondureños viajan a México",
    "Club deportivo Motagua",
    "Tradition and transport",
])
def test_except_keeps_words_with_a_colliding_stem_out(ruleset, text):
    assert not _matches(ruleset, text)


def test_the_matched_word_is_highlighted_and_the_term_named(ruleset):
    (match,) = ruleset.match(Document("EE. UU. deportó a 1.200 guatemaltecos"))
    assert match.terms == ("deportar",)
    assert match.snippet.marked() == "EE. UU. «deportó» a 1.200 guatemaltecos"


def test_list_options_are_checked(tmp_path):
    assert problems_for(tmp_path, """
    lists:
      a: {lang: xx, terms: [deportar]}
      b: {lang: es, terms: [deportar], exept: [deportes]}
      c: {terms: [deportar], except: [deportes]}
      d: {lang: es, terms: [deportar], except: [dos palabras]}
    rules:
      - id: r
        title: R
        match: ["@a", "@b", "@c", "@d"]
    """) == [
        "rules/watch.yaml:2:13: lists.a.lang: no stemmer for language 'xx' (known: ar, ca, cs, da, de, el, en, eo, "
        "es, et, eu, fa, fi, fr, ga, hi, hu, hy, id, it, lt, ne, nl, no, pl, pt, ro, ru, sr, st, sv, ta, tr, yi)",
        "rules/watch.yaml:3:36: lists.b.exept: unknown key 'exept' (did you mean 'except'?)",
        "rules/watch.yaml:4:34: lists.c.except: 'except' needs 'lang' (it lists words whose stem collides)",
        "rules/watch.yaml:5:45: lists.d.except[0]: expected one word, optionally ending in '*' (got str 'dos palabras')",
    ]


def test_an_arabic_word_with_a_shadda_is_one_word_and_is_highlighted(ruleset):
    (match,) = ruleset.match(Document("سلّمت السلطات"))
    assert match.snippet.marked() == "«سلّمت» السلطات"


def test_a_word_found_by_two_languages_lists_is_named_once(ruleset):
    """English "deportees" has the stem of Spanish "deportar" too: the alert names one term."""
    (match,) = ruleset.match(Document("Flights of deportees resume"))
    assert match.terms == ("deportar",)
    assert match.snippet.marked() == "Flights of «deportees» resume"
