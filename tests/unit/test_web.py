"""Pure parts of the HTTP server: readiness decisions, [http] settings, what the page may show."""

from __future__ import annotations

import pytest

from watcher.web.health import Facts, decide
from watcher.web.page import mask_urls, safe_link
from watcher.web.settings import HttpSection, parse_listen, token_problems

READY = Facts(database_error=None, rules_loaded=3, rules_version="abc", rules_rejected=False, check_age=5.0,
              oldest_round=0.0, poll_interval=900.0, workers_alive=2)


def reasons(**changes) -> list[str]:
    return decide(Facts(**{**READY.__dict__, **changes})).reasons


def test_ready_when_everything_answers():
    assert decide(READY).ok and reasons() == []


@pytest.mark.parametrize("changes, reason", [
    ({"database_error": "unable to open database file"}, "database: cannot read the database: unable to open"),
    ({"rules_loaded": 0}, "rules: no rules loaded"),
    ({"check_age": 3 * 900 + 60}, "polling: no check for due feeds for 46m (more than 3 poll intervals, 45m)"),
    ({"oldest_round": 3 * 900 + 60}, "polling: a poll round has been running for 46m"),
    ({"workers_alive": 1, "workers_dead": 1}, "parse_workers: 1 parse worker process(es) died"),
])
def test_each_check_says_what_is_wrong(changes, reason):
    found = reasons(**changes)
    assert len(found) == 1 and found[0].startswith(reason), found


def test_within_three_intervals_is_still_ready_and_a_rejected_reload_keeps_it_ready():
    assert reasons(check_age=3 * 900 - 1, oldest_round=3 * 900 - 1, rules_rejected=True) == []
    assert "stays active" in decide(Facts(**{**READY.__dict__, "rules_rejected": True})).checks[1].detail
    assert reasons(workers_alive=0) == [], "workers start with the first changed feed"


@pytest.mark.parametrize("listen, host, port, loopback", [
    ("127.0.0.1:8470", "127.0.0.1", 8470, True), ("localhost:80", "localhost", 80, True),
    ("[::1]:8470", "::1", 8470, True), ("0.0.0.0:8470", "0.0.0.0", 8470, False),
    ("192.168.1.5:9000", "192.168.1.5", 9000, False), ("newswatch.example:8470", "newswatch.example", 8470, False),
])
def test_listen_addresses(listen, host, port, loopback):
    where = parse_listen(listen)
    assert (where.host, where.port, where.loopback) == (host, port, loopback)


@pytest.mark.parametrize("bad", ["8470", "127.0.0.1", "127.0.0.1:99999", "http://127.0.0.1:8470", "[::1:8470"])
def test_bad_listen_addresses_are_refused(bad):
    with pytest.raises(ValueError, match="listen must be HOST:PORT"):
        HttpSection(listen=bad)


def test_token_rules():
    long_token = "x" * 16
    assert token_problems(HttpSection(listen="0.0.0.0:1"), "")[0][0] == "listen"
    assert token_problems(HttpSection(listen="0.0.0.0:1"), long_token) == []
    assert token_problems(HttpSection(listen="127.0.0.1:1"), "") == []
    assert token_problems(HttpSection(listen="127.0.0.1:1"), "short")[0][0] == "token"
    assert token_problems(HttpSection(listen=""), "") == []


def test_links_and_secrets_on_the_page():
    assert safe_link("https://hn.example/a?b=1") == "https://hn.example/a?b=1"
    for hostile in ("javascript:alert(1)", "data:text/html,<script>", "JAVASCRIPT:x", "//evil.example", None, ""):
        assert safe_link(hostile) is None
    text = "feed 'x' (https://user:pa55@feeds.example/rss?apikey=s3cr3t&x=1): HTTP 401; mailtos://bot:pw@smtp.example"
    masked = mask_urls(text)
    assert "pa55" not in masked and "s3cr3t" not in masked and ":pw@" not in masked
    assert "https://****@feeds.example/rss?…" in masked and "HTTP 401" in masked
