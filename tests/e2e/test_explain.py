"""`newswatch test-rule RULE --explain`: the rule's condition tree for every entry, what held and
what did not, asserted exactly for a match, a non-match and a `near` failure (issue 11); without
a rule id, the branch that matched and the first failure of each branch that did not."""

from __future__ import annotations

import shutil

from conftest import dedent

RULES = """
    lists:
      places: [Honduras, hondureñ*, guatemaltec*]
      deportation: [deportados, deportation]
    rules:
      - id: deportation
        title: Deportation
        severity: high
        match:
          all:
            - near: {terms: ["@places", "@deportation"], within: 5}
            - any: ["@places", {all: [Mexico], none: [New Mexico]}]
"""


def _project(project):
    shutil.rmtree(project.rules)
    project.rules.mkdir()
    (project.rules / "watch.yaml").write_text(dedent(RULES), encoding="utf-8")
    project.write()
    return project


def _explain(project, text: str, *rule_ids: str) -> list[str]:
    result = project.cli("test-rule", *rule_ids, "--explain", "--text", text)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_explain_shows_why_a_headline_matched(project):
    assert _explain(_project(project), "Llegan 130 hondureños deportados desde Estados Unidos", "deportation") == [
        "[0] Llegan 130 hondureños deportados desde Estados Unidos",
        "  ✓ deportation (high): hondureñ*, deportados in title",
        "      ✓ match: held",
        "        ✓ match.all[0]: held",
        "          ✓ match.all[0].near: @places \"hondureños\" in title and @deportation \"deportados\" in title, "
        "1 words apart (within 5)",
        "        ✓ match.all[1]: held",
        "          ✓ match.all[1].any[0]: @places \"hondureños\" in title",
        "          ✗ match.all[1].any[1]: did not hold",
        "            ✗ match.all[1].any[1].all[0]: 'Mexico' not found in title, summary, content",
        "            ✓ match.all[1].any[1].none[0]: no term of 'New Mexico' in title, summary, content",
    ]


def test_explain_shows_a_near_failure_with_the_word_that_is_not_a_term(project):
    assert _explain(_project(project), "EE. UU. deportó a 1.200 guatemaltecos en octubre", "deportation") == [
        "[0] EE. UU. deportó a 1.200 guatemaltecos en octubre",
        "  ✗ deportation (high): no match",
        "      ✗ match: did not hold",
        "        ✗ match.all[0]: did not hold",
        "          ✗ match.all[0].near: no term of @deportation in title, summary, content; "
        "\"deportó\" not a term of @deportation",
        "        ✓ match.all[1]: held",
        "          ✓ match.all[1].any[0]: @places \"guatemaltecos\" in title",
        "          ✗ match.all[1].any[1]: did not hold",
        "            ✗ match.all[1].any[1].all[0]: 'Mexico' not found in title, summary, content",
        "            ✓ match.all[1].any[1].none[0]: no term of 'New Mexico' in title, summary, content",
    ]


def test_explain_shows_why_a_look_alike_did_not_match(project):
    lines = _explain(_project(project), "New Mexico deportation cases rise; the sheriff blames Mexico's cartels", "deportation")
    assert lines == [
        "[0] New Mexico deportation cases rise; the sheriff blames Mexico's cartels",
        "  ✗ deportation (high): no match",
        "      ✗ match: did not hold",
        "        ✗ match.all[0]: did not hold",
        "          ✗ match.all[0].near: no term of @places in title, summary, content",
        "        ✗ match.all[1]: did not hold",
        "          ✗ match.all[1].any[0]: no term of @places in title, summary, content",
        "          ✗ match.all[1].any[1]: did not hold",
        "            ✓ match.all[1].any[1].all[0]: 'Mexico' \"Mexico\" in title",
        "            ✗ match.all[1].any[1].none[0]: 'New Mexico' \"New Mexico\" in title, which excludes the entry",
    ]


def test_check_reports_a_failing_example_with_the_same_explanation(project):
    _project(project)
    example = '        tests:\n          match:\n            - "EE. UU. deportó a 1.200 guatemaltecos en octubre"\n'
    (project.rules / "watch.yaml").write_text(dedent(RULES.rstrip() + "\n" + example), encoding="utf-8")
    result = project.cli("check")
    assert result.returncode == 2
    assert ("rules/watch.yaml:14:11: rule 'deportation': tests.match[0]: expected a match, but "
            "match.all[0].near: no term of @deportation in title, summary, content; \"deportó\" not a term of "
            "@deportation: \"EE. UU. deportó a 1.200 guatemaltecos en octubre\"") in result.stdout + result.stderr


SEVERAL = """
    lists:
      places: [Honduras, Guatemala]
    rules:
      - id: deportation
        title: Deportation
        match:
          all:
            - "@places"
            - any: [deportados, {all: [expulsados], none: [turistas]}, repatriados]
          none: [New Mexico, Texas, Arizona]
      - id: extradition
        title: Extradition
        match:
          any:
            - {all: ["@places", extradi*]}
            - {near: {terms: [extradi*, narcotrafic*], within: 5}}
            - {all: [pedido de extradición]}
      - id: visas
        title: Visas
        match: {all: ["@places", visa*]}
"""


def test_explain_without_a_rule_shows_the_matched_branch_and_the_first_failure_of_each_branch(project):
    """`test-rule --text ... --explain` printed every rule's whole tree (~2,000 lines for the
    shipped rules, one headline)."""
    shutil.rmtree(project.rules)
    project.rules.mkdir()
    (project.rules / "watch.yaml").write_text(dedent(SEVERAL), encoding="utf-8")
    project.write()
    assert _explain(project, "Llegan 130 hondureños deportados a Honduras") == [
        "[0] Llegan 130 hondureños deportados a Honduras",
        "  ✓ deportation (normal): Honduras, deportados in title",
        "      ✓ match: held",
        "        ✓ match.all[0]: @places \"Honduras\" in title",
        "        ✓ match.all[1]: held",
        "          ✓ match.all[1].any[0,2]: 'deportados' \"deportados\" in title",
        "        ✓ match.none[0-2]: all 3 absent",
        "  ✗ extradition (normal): no match",
        "      ✗ match: did not hold",
        "        ✗ match.any[0]: did not hold",
        "          ✗ match.any[0].all[1]: 'extradi*' not found in title, summary, content",
        "        ✗ match.any[1]: did not hold",
        "          ✗ match.any[1].near: 'extradi*' not found in title, summary, content; "
        "'narcotrafic*' not found in title, summary, content",
        "        ✗ match.any[2]: did not hold",
        "          ✗ match.any[2].all[0]: 'pedido de extradición' not found in title, summary, content",
        "  ✗ visas (normal): no match",
        "      ✗ match: did not hold",
        "        ✗ match.all[1]: 'visa*' not found in title, summary, content",
        "(the whole condition tree of a rule: newswatch test-rule deportation ... --explain)",
    ]
