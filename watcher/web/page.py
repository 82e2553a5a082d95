"""The read-only status page: what the page shows, decided from plain values (pure), rendered
by Jinja2 with autoescaping on. Feed text is hostile: every string goes through escaping, links
are kept only when they are http(s), and error texts pass through the log redaction plus URL
masking (query strings and passwords hidden), so no secret reaches the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import jinja2

from storage import AlertedStory, DatabaseCounts, DeliveryInfo, FeedState, RuleStats
from watcher.rulehealth import assess
from watcher.ruleset import RuleSet
from watcher.textfold import one_line
from watcher.types import SEVERITY_RANK
from watcher.units import ago

TEMPLATES = Path(__file__).parent / "templates"
REFRESH_SECONDS = 60
_URL = re.compile(r"\b([a-z][a-z0-9+.-]*://)([^\s/?#@]*@)?([^\s/?#]*)([^\s?#]*)(\?[^\s#]*)?(#\S*)?", re.IGNORECASE)


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, read in one trip to the database."""

    feeds: list[FeedState]
    stories: list[AlertedStory]
    rules: RuleStats
    counts: DatabaseCounts
    problems: list[DeliveryInfo]


def read_page_data(store: Any, now: datetime) -> PageData:
    """Runs in the web read thread (blocking calls, one short transaction each)."""
    return PageData(feeds=store.feed_states(), stories=store.alerted_stories(40),
                    rules=store.rule_activity(now),
                    counts=store.database_counts(now), problems=store.delivery_problems(10))


def safe_link(url: str | None) -> str | None:
    """Only http(s) links become hrefs (a feed can carry ``javascript:`` or ``data:`` URLs)."""
    if url and re.match(r"^https?://[^\s]+$", url, re.IGNORECASE):
        return url
    return None


def mask_urls(text: str) -> str:
    """Hide the parts of URLs that carry secrets: user:password@ and the query string."""
    def repl(m: re.Match[str]) -> str:
        userinfo = "****@" if m.group(2) else ""
        query = "?…" if m.group(5) else ""
        return f"{m.group(1)}{userinfo}{m.group(3)}{m.group(4)}{query}"
    return _URL.sub(repl, text)


def feed_rows(states: Sequence[FeedState], titles: dict[str, str], now: datetime,
              clean: Callable[[str], str]) -> list[dict[str, Any]]:
    rows = []
    for s in states:
        if s.id not in titles:
            continue   # a feed removed from config.toml keeps its row; the page shows what runs
        if s.disabled_reason:
            status, level = f"disabled: {s.disabled_reason}", "bad"
        elif s.consecutive_errors:
            status, level = f"failing ({s.consecutive_errors} in a row)", "bad"
        elif s.last_success_at is None:
            status, level = "waiting for its first poll", "warn"
        else:
            status, level = "ok", "ok"
        rows.append({"id": s.id, "title": titles[s.id] or s.title or s.id, "status": status, "level": level,
                     "last_success": ago(s.last_success_at, now),
                     "last_error": clean(s.last_error) if s.last_error and s.consecutive_errors else "",
                     "last_error_at": ago(s.last_error_at, now) if s.last_error else "",
                     "next_poll": ago(s.next_poll_at, now) if not s.disabled_reason else "—",
                     "failing": level == "bad"})
    return sorted(rows, key=lambda r: (not r["failing"], r["id"]))


def rule_rows(ruleset: RuleSet, stats: RuleStats | None, now: datetime, silent_after: timedelta) -> list[dict[str, Any]]:
    """The rule-health table: the same judgement as `newswatch rules` and the admin notices."""
    rows = []
    for rule in ruleset.rules:
        act = stats.rules.get(rule.id) if stats is not None else None
        h = assess(rule, act, stats.polled if stats is not None else 0, now, silent_after,
                   act.state if act is not None else "ok")
        share = f"{100 * h.share:.1f}%" if h.share is not None else "—"
        rows.append({"id": rule.id, "title": rule.title, "severity": rule.severity, "state": h.state,
                     "reason": h.reason, "day": h.day, "week": h.week, "month": h.month, "total": h.total,
                     "usual": f"{h.usual:g}", "matched": share, "last_fired": ago(h.last_fired_at, now)})
    order = {"noisy": 0, "silent": 1, "ok": 2, "new": 3, "disabled": 4}
    return sorted(rows, key=lambda r: (order[r["state"]], -SEVERITY_RANK.get(r["severity"], 1), r["id"]))


def story_rows(stories: Iterable[AlertedStory], now: datetime) -> list[dict[str, Any]]:
    rows = []
    for story in stories:
        alerts = sorted(story.alerts, key=lambda a: -SEVERITY_RANK.get(a.severity, 1))
        outlets = [{"name": o.feed_title, "title": one_line(o.title), "link": safe_link(o.link),
                    "language": o.language or "", "published": ago(o.published_at or o.first_seen_at, now)}
                   for o in story.outlets]
        rows.append({"title": one_line(story.title) or "(untitled)", "link": safe_link(story.link),
                     "severity": alerts[0].severity if alerts else "normal", "when": ago(story.last_alert_at, now),
                     "rules": [{"id": a.rule_id, "title": a.rule_title, "severity": a.severity} for a in alerts],
                     "terms": sorted({t for a in alerts for t in a.terms}),
                     "languages": sorted({o["language"] for o in outlets if o["language"]}),
                     "outlets": outlets})
    return rows


def outbox_view(counts: DatabaseCounts, problems: Sequence[DeliveryInfo], now: datetime,
                clean: Callable[[str], str]) -> dict[str, Any]:
    oldest = counts.oldest_due_at
    return {"pending": counts.outbox.get("pending", 0), "sending": counts.outbox.get("sending", 0),
            "sent": counts.outbox.get("sent", 0), "dead": counts.outbox.get("dead", 0),
            "oldest": ago(oldest, now) if oldest else "",
            "problems": [{"id": d.id, "subscriber": d.subscriber_id, "destination": clean(d.destination_label),
                          "status": d.status, "attempts": d.attempts, "error": clean(d.last_error or ""),
                          "title": one_line(d.title), "due": ago(d.due_at, now)} for d in problems]}


class PageRenderer:
    def __init__(self) -> None:
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.page = self.env.get_template("page.html.j2")
        self.entry = self.env.get_template("entry.html.j2")

    def render_page(self, context: dict[str, Any]) -> str:
        return self.page.render(refresh=REFRESH_SECONDS, **context)

    def render_entry(self, item: dict[str, Any]) -> str:
        return self.entry.render(item=item).strip()


def stylesheet() -> bytes:
    return (TEMPLATES / "page.css").read_bytes()
