"""Direct tests of the seams where a mistake would cost a story or leak a secret (issue 9): the
TOML and YAML position scanners that locate every config and rule error, the renderer that turns
hostile feed text into messages, and the log filter that keeps secrets out of logs."""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from storage.records import AlertView, ReportView, StoryView
from watcher.log import RedactingFilter
from watcher.render import Renderer
from watcher.tomlpos import locate, nearest
from watcher.yamlpos import load_yaml

TOML = '''# a [comment] with = and "quotes"
[watch]
rules = "rules"   # trailing [comment]
poll_interval = """15m
[not a table]"""

[[feeds]]
id = "a"
url = 'https://a.example/feed?x=[1]'
tags = ["es",
        "hn"]

[[feeds]]
id = "b"
meta = { title = "B", nested = { deep = 1 } }
"dotted.key".part = 2
'''


def test_the_toml_scanner_finds_keys_items_and_tables_past_strings_comments_and_arrays():
    marks = locate(TOML)
    assert marks[("watch",)] == (2, 1)
    assert marks[("watch", "rules")] == (3, 1)
    assert marks[("watch", "poll_interval")] == (4, 1)
    assert marks[("feeds", 0)] == (7, 1) and marks[("feeds", 1)] == (13, 1)
    assert marks[("feeds", 0, "url")] == (9, 1)
    assert marks[("feeds", 0, "tags", 1)] == (11, 9)
    assert marks[("feeds", 1, "meta", "nested", "deep")][0] == 15
    assert ("not a table",) not in marks, "a table header inside a multi-line string is text"
    assert nearest(marks, ("feeds", 1, "meta", "unknown")) == marks[("feeds", 1, "meta")]
    assert nearest(marks, ("nowhere",)) == (None, None)


YAML = b"""rules:
  - id: one
    match:
      any: [extradi*, deport*]
  - id: two
    title: Two
    title: Again
"""


def test_the_yaml_scanner_marks_values_and_keys_and_reports_duplicates_where_they_are():
    doc = load_yaml(YAML, "rules/x.yaml")
    assert doc.data["rules"][0]["match"]["any"] == ["extradi*", "deport*"]
    assert doc.mark(("rules", 0, "match", "any", 1)) == (4, 23)
    assert doc.mark(("rules", 1, "title"), key=True) == (6, 5)
    assert [str(p) for p in doc.problems] == [
        "rules/x.yaml:7:5: rules[1].title: duplicate key 'title' (first defined at line 6)"]


def test_the_yaml_scanner_refuses_aliases_and_says_where():
    doc = load_yaml(b"base: &b [x]\nrules: *b\n", "rules/bomb.yaml")
    assert doc.data is None
    assert [str(p) for p in doc.problems] == [
        "rules/bomb.yaml:1:7: YAML anchors (&b) are not allowed in rule files"]


def _story(title: str, link: str, now: datetime) -> tuple[StoryView, tuple[AlertView, ...]]:
    alert = AlertView("extradition", "Extradition <watch>", "high", ("extradi*",), ("title",),
                      None, "rules/honduras.yaml", "abc123", now)
    report = ReportView("hn", "La Prensa & Co", title, link, now - timedelta(hours=1), now)
    return StoryView(1, title, link, now, (alert,), (report,)), (alert,)


def test_the_renderer_escapes_feed_text_for_each_format_and_keeps_only_safe_links():
    now = datetime.now(timezone.utc)
    title = 'Extraditan <img src=x onerror="alert(1)"> a hondureño'
    story, alerts = _story(title, "javascript:alert(2)", now)
    renderer = Renderer()
    html = renderer.render_stories("desk", "html", [(story, alerts)], ZoneInfo("America/Tegucigalpa"), now)
    assert "<img" not in html.body and "&lt;img src=x" in html.body
    assert "javascript:" not in html.body
    assert html.title.startswith("[HIGH] Extradition <watch>: Extraditan") and html.format == "html"
    text = renderer.render_stories("desk", "text", [(story, alerts)], ZoneInfo("UTC"), now)
    assert 'Extraditan <img src=x onerror="alert(1)"> a hondureño' in text.body, "plain text stays as written"
    digest = renderer.render_stories("desk", "markdown", [(story, alerts), _story("Otra", "https://x.example/2", now)],
                                     ZoneInfo("UTC"), now)
    assert digest.title == "newswatch: 2 new stories (1 rule)"
    assert "\\<img" in digest.body or "&lt;img" in digest.body, "markdown cannot inject markup either"


def test_the_log_filter_redacts_secrets_in_messages_arguments_and_tracebacks():
    stream = io.StringIO()
    logger = logging.getLogger("newswatch.test-seams")
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(["s3cr3t-token-value", "abc"]))
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("posting to %s failed", "https://hooks.example/s3cr3t-token-value")
        logger.warning("login json://desk:hunter2@127.0.0.1/hook refused")
        try:
            raise RuntimeError("token s3cr3t-token-value rejected\x1b[31m")
        except RuntimeError:
            logger.exception("send failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "s3cr3t-token-value" not in out and "hunter2" not in out
    assert "https://hooks.example/****" in out and "json://desk:****@127.0.0.1/hook" in out
    assert "RuntimeError: token **** rejected" in out, "tracebacks are redacted too"
    assert "\x1b" not in out, "control characters never reach the terminal"
    assert "abc" not in RedactingFilter(["abc"]).secrets, "pieces under 4 characters are not secrets"
