"""config.toml mistakes explain themselves: strict types, human wording, short quotes, "did you
mean", and files that are not config files at all (issue 8, items 4, 9, 21, 22, 24)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from watcher.config import MAX_CONFIG_BYTES, check_config


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return [str(p) for p in check_config(Path("config.toml"), environ={})[1]]
    finally:
        os.chdir(cwd)


def test_strict_booleans_and_numbers(tmp_path):
    """`adaptive = "yes"` was silently true; a quoted number was silently a number (item 24)."""
    assert problems(tmp_path, '[watch]\nadaptive = "yes"\n[fetch]\nconcurrency = "32"\nallow_private_networks = 1\n') == [
        "config.toml:2:1: watch.adaptive: write true or false (got 'yes')",
        "config.toml:4:1: fetch.concurrency: expected a whole number (got '32')",
        "config.toml:5:1: fetch.allow_private_networks: write true or false (got 1)",
    ]


def test_no_pydantic_internals_and_did_you_mean(tmp_path):
    found = problems(tmp_path, '[watch]\npoll_intervall = "5m"\n[[feeds]]\nid = "hn"\nurl = "https://hn.example/f"\n'
                               'tags = "honduras"\n[[subscribers]]\nid = "desk"\nurls = ["json://127.0.0.1/x"]\n'
                               'rules = "tps"\nfeeds = ["hn", "hondura"]\nmin_severity = "hihg"\n')
    assert found == [
        "config.toml:2:1: watch.poll_intervall: unknown key 'poll_intervall' (did you mean 'poll_interval'?)",
        'config.toml:6:1: feeds[0].tags: expected a list, e.g. ["honduras"] (got \'honduras\')',
        'config.toml:10:1: subscribers[0].rules: expected a list, e.g. ["tps"] (got \'tps\')',
        "config.toml:12:1: subscribers[0].min_severity: expected 'low', 'normal', 'high' or 'urgent' (got 'hihg')",
        "config.toml:11:16: subscribers[0].feeds[1]: unknown feed id or tag 'hondura'",
    ]
    assert not any("tuple" in p or "input should" in p for p in found)


def test_an_invalid_feed_still_counts_as_a_known_feed_and_positions_stay_right(tmp_path):
    found = problems(tmp_path, '[[feeds]]\nid = "bad"\nurl = "ftp://x"\n[[feeds]]\nid = "ok"\nurl = "https://a/f"\n'
                               '[[feeds]]\nid = "ok"\nurl = "https://b/f"\n[[subscribers]]\nid = "desk"\n'
                               'urls = ["json://127.0.0.1/x"]\nfeeds = ["bad"]\n')
    assert found == [
        "config.toml:3:1: feeds[0].url: feed url must start with http:// or https:// (got 'ftp://x')",
        "config.toml:8:1: feeds[2].id: duplicate id 'ok' (also feeds[1])",
    ]


def test_quoted_values_are_cut_and_escaped(tmp_path):
    (found,) = problems(tmp_path, '[[subscribers]]\nid = "desk"\nurls = ["json://127.0.0.1/x"]\ntimezone = "'
                                  + "Mars\\n" + "x" * 3000 + '"\n')
    assert found == ("config.toml:4:1: subscribers[0].timezone: unknown timezone 'Mars\\n" + "x" * 35 + "…' "
                     "(use an IANA name like 'America/Tegucigalpa')")


@pytest.mark.parametrize("target", ["/dev/zero", "folder", "fifo"])
def test_a_config_that_is_not_a_regular_file_is_refused_at_once(tmp_path, target):
    """`--config /dev/zero` read until MemoryError (item 9)."""
    path = Path(target) if target.startswith("/") else tmp_path / target
    if target == "folder":
        path.mkdir()
    elif target == "fifo":
        os.mkfifo(path)
    started = time.monotonic()
    config, found = check_config(path)
    assert time.monotonic() - started < 1.0
    assert config is None
    assert [str(p) for p in found] == [f"{path}: not a regular file (a device, pipe or folder?); "
                                       "give the path of config.toml"]


def test_an_oversized_config_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "config.toml"
    with path.open("wb") as f:
        f.truncate(MAX_CONFIG_BYTES + 1)          # sparse: no disk used
    config, found = check_config(path)
    assert config is None
    assert [str(p) for p in found] == [f"{path}: file is 16,000,001 bytes or more; config.toml is limited to 16,000,000"]


@pytest.mark.parametrize(("text", "expected"), [
    ('[watch]\nrules = "rules\nadaptive = true\n',
     'config.toml:2:9: TOML syntax error: quoted text is not closed on its line: add the closing " '
     '(text on several lines goes between """)'),
    ('[[feeds]]\nid = "a"\nurl = "https://a/f"\nid = "b"\n',
     "config.toml:4:1: TOML syntax error: 'feeds[0].id' is set twice (first at line 2); keep one"),
    ('[watch]\nrules = "rules"\n[fetch]\n[watch]\n',
     "config.toml:4:1: TOML syntax error: table [watch] is declared twice (first at line 1); keep one [watch]"),
    ('[watch]\nadaptive = true\nrules = """rules\n\n',
     'config.toml:3:9: TOML syntax error: quoted text is not closed: add the closing """'),
    ("[watch]\nrules = 'rules", "config.toml:2:9: TOML syntax error: quoted text is not closed on its line: "
                                "add the closing ' (text on several lines goes between ''')"),
    ("[watch]\nrules = 'rules\nadaptive = true\n", "config.toml:2:9: TOML syntax error: quoted text is not closed on its "
                                                  "line: add the closing ' (text on several lines goes between ''')"),
    ('[watch]\nadaptive = yes\n', 'config.toml:2:12: TOML syntax error: \'yes\' is not a value: put text in quotes '
                                  '("yes"); numbers, true/false, [lists] and dates go without'),
    ('[watch]\nrules =\n', "config.toml:2:8: TOML syntax error: a value is missing after '='"),
    ('[[feeds]]\nid = "a"\ntags = ["x", "y"\nurl = "https://a/f"\n',
     "config.toml:3:17: TOML syntax error: list not closed: a ']' is missing, or a ',' between two items"),
])
def test_toml_syntax_errors_are_plain_words_at_a_line(tmp_path, text, expected):
    """tomllib's own words leaked ("Illegal character '\\n'", "Cannot overwrite a value", an
    unterminated string with no line at all): each is one located sentence."""
    assert problems(tmp_path, text) == [expected]


def test_a_feed_language_is_a_language_tag(tmp_path):
    assert problems(tmp_path, '[[feeds]]\nid = "hn"\nurl = "https://hn.example/f"\nlanguage = "Spanish (Honduras)"\n') == [
        "config.toml:4:1: feeds[0].language: expected a language tag like 'es' or 'es-HN' (got 'Spanish (Honduras)')"]
