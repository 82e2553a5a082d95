"""The blind sets' headline tests (issue 11). Each file in data/watchlist_blind/ is one round of blind
sets (its `about` says how it was built, scored and fixed): `caught` are the sets' misses (and probes
of the same kinds found by search) that the shipped rules catch now, each naming the rule that must
fire; `quiet` are near-misses of the same words on which no rule fires (or, with `quiet_rule`, not
that rule). Real headlines and ledes, each with the page it came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import fired

DATA = Path(__file__).parent / "data" / "watchlist_blind"
REQUIRED = {"kind", "title", "summary", "url"}


def _cases(section: str) -> list[Any]:
    cases = []
    for path in sorted(DATA.glob("*.yaml")):
        for n, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))[section]):
            cases.append(pytest.param(case, id=f"{path.stem}-{section}-{n}: {case['title'][:40]}"))
    return cases


def test_every_set_file_has_its_story_and_sourced_cases() -> None:
    files = sorted(DATA.glob("*.yaml"))
    assert len(files) >= 13
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == {"about", "caught", "quiet"}, path.name
        assert data["about"].startswith("Blind set"), path.name
        for case in data["caught"] + data["quiet"]:
            assert REQUIRED <= set(case), (path.name, case["title"])
        for case in data["caught"]:
            assert case["rule"], (path.name, case["title"])


@pytest.mark.parametrize("case", _cases("caught"))
def test_miss_kinds_of_the_blind_sets_alert(watchlist: Any, case: dict[str, Any]) -> None:
    assert case["rule"] in fired(watchlist, case["title"], case["summary"]), case["kind"]


@pytest.mark.parametrize("case", _cases("quiet"))
def test_near_miss_kinds_of_the_blind_sets_stay_quiet(watchlist: Any, case: dict[str, Any]) -> None:
    rules = fired(watchlist, case["title"], case["summary"])
    if "quiet_rule" in case:
        assert case["quiet_rule"] not in rules, case["kind"]
    else:
        assert rules == set(), case["kind"]
