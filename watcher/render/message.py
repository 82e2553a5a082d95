"""Rendering alerts, digests and notices into messages (pure: stories and a clock in, text out).

Templates are Jinja2 in an immutable sandbox; every printed value is escaped for the message
format by ``finalize``. Shipped templates live in ``templates/``; a subscriber may override
them with its own file, checked at load for unknown variables.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence
from zoneinfo import ZoneInfo

from watcher.errors import TemplateError
from watcher.messages import did_you_mean
from watcher.parse.identity import without_tracking
from watcher.render.escape import ESCAPERS, Safe, escape_text, highlight, link, shown_link, truncate
from watcher.ruleset.engine import merge_snippets
from watcher.textfold import one_line
from watcher.types import SEVERITY_RANK, Message

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from storage.records import AlertView, NoticeView, StoryView

TEMPLATES = Path(__file__).parent / "templates"
VARIABLES = frozenset({"kind", "count", "item", "items", "groups", "notices", "subscriber", "generated_at", "timezone"})
FORMATS = ("text", "html", "markdown")
TITLE_LIMIT = 200


def _environment(fmt: str) -> ImmutableSandboxedEnvironment:
    import jinja2  # lazy-for-start-up: Jinja2 is loaded when the first message is rendered
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        autoescape=False, finalize=ESCAPERS[fmt], undefined=jinja2.StrictUndefined,
        trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=False)


class Renderer:
    def __init__(self) -> None:
        self._envs: dict[str, ImmutableSandboxedEnvironment] = {}   # made on first use (lazy-for-start-up)
        self._cache: dict[tuple[str, str], jinja2.Template] = {}
        self._custom: dict[str, tuple[str, jinja2.Template]] = {}

    def _env(self, fmt: str) -> ImmutableSandboxedEnvironment:
        if fmt not in self._envs:
            self._envs[fmt] = _environment(fmt)
        return self._envs[fmt]

    def template(self, kind: str, fmt: str) -> jinja2.Template:
        key = (kind, fmt)
        if key not in self._cache:
            source = (TEMPLATES / f"{kind}.{fmt}.j2").read_text(encoding="utf-8")
            self._cache[key] = self._env(fmt).from_string(source)
        return self._cache[key]

    def add_custom(self, subscriber_id: str, fmt: str, path: Path) -> None:
        """Load a subscriber's template; unknown variables and syntax errors raise TemplateError."""
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise TemplateError(path, f"cannot read template: {getattr(e, 'strerror', None) or e}") from e
        import jinja2  # lazy-for-start-up, like _environment()
        from jinja2 import meta

        env = self._env(fmt)
        try:
            ast = env.parse(source)
        except jinja2.TemplateSyntaxError as e:
            raise TemplateError(path, f"template syntax error: {e.message}", e.lineno) from e
        unknown = sorted(meta.find_undeclared_variables(ast) - VARIABLES)
        if unknown:
            line, col = _first_use(source, unknown[0])
            raise TemplateError(path, f"unknown template variable '{unknown[0]}'{did_you_mean(unknown[0], VARIABLES)}"
                                + (f" (also {', '.join(unknown[1:])})" if unknown[1:] else ""), line, col)
        self._custom[subscriber_id] = (fmt, env.from_string(source))

    def render_stories(self, subscriber_id: str, fmt: str, stories: Sequence[tuple[StoryView, Sequence[AlertView]]],
                       zone: ZoneInfo, now: datetime, *, title_limit: int = TITLE_LIMIT,
                       body_limit: int = 30_000) -> Message:
        items = [story_item(story, alerts, fmt, zone) for story, alerts in stories]
        items.sort(key=lambda i: i["sort_at"], reverse=True)
        kind = "alert" if len(items) == 1 else "digest"
        context = {
            "kind": kind, "count": len(items), "item": items[0], "items": items, "groups": group_by_rule(items),
            "notices": [], "subscriber": subscriber_id, "timezone": str(zone),
            "generated_at": now.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z"),
        }
        custom = self._custom.get(subscriber_id)
        template = custom[1] if custom and custom[0] == fmt else self.template(kind, fmt)
        body = template.render(context).strip() + "\n"
        if kind == "alert":
            item = items[0]
            title = f"[{item['severity'].upper()}] {item['rules'][0]['title']}: {item['title']}"
        else:
            rules = {r["id"] for i in items for r in i["rules"]}
            title = f"newswatch: {len(items)} new stories ({len(rules)} {'rule' if len(rules) == 1 else 'rules'})"
        return Message(truncate(escape_text(one_line(title)), title_limit), truncate(body, body_limit), fmt)

    def render_notices(self, subscriber_id: str, fmt: str, notices: Sequence[NoticeView], zone: ZoneInfo,
                       now: datetime, *, title_limit: int = TITLE_LIMIT, body_limit: int = 30_000) -> Message:
        context = {"kind": "notice", "count": len(notices), "item": None, "items": [], "groups": [],
                   "notices": [{"subject": n.subject, "body": n.body} for n in notices],
                   "subscriber": subscriber_id, "timezone": str(zone),
                   "generated_at": now.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")}
        body = self.template("notice", fmt).render(context).strip() + "\n"
        title = notices[0].subject if len(notices) == 1 else f"newswatch: {len(notices)} notices"
        return Message(truncate(escape_text(one_line(title)), title_limit), truncate(body, body_limit), fmt)


def story_item(story: StoryView, alerts: Sequence[AlertView], fmt: str, zone: ZoneInfo) -> dict[str, Any]:
    first = story.reports[0] if story.reports else None
    ranked = sorted(alerts, key=lambda a: -SEVERITY_RANK.get(a.severity, 1))
    terms: list[str] = []
    fields: list[str] = []
    for alert in ranked:
        terms.extend(t for t in alert.terms if t not in terms)
        fields.extend(f for f in alert.fields if f not in fields)
    snippet = merge_snippets([a.snippet for a in ranked])   # every listed term highlighted
    sources: list[str] = []
    also_reported = []
    for report in story.reports:
        source = one_line(report.feed_title)
        if source not in sources:
            sources.append(source)
            if len(sources) > 1:      # each other outlet once, with its own link and language
                other = without_tracking(report.link)
                also_reported.append({"source": source, "language": report.language or "", "link": other or "",
                                      "anchor": link(other, source, fmt), "link_anchor": shown_link(other, fmt)})
    published = first.published_at if first and first.published_at else None
    title = one_line(story.title)   # titles stored before they were one line, too: never forge lines
    story_link = without_tracking(story.link)     # no utm_* and the like in what people click
    return {
        "title": title,
        "link": story_link or "",
        "anchor": link(story_link, title, fmt),
        "link_anchor": shown_link(story_link, fmt),
        "source": sources[0] if sources else "",
        "also": sources[1:],
        "also_reported": also_reported,
        "published": published.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if published else "",
        "severity": ranked[0].severity if ranked else "normal",
        "rules": [{"id": a.rule_id, "title": one_line(a.rule_title), "severity": a.severity,
                   "file": a.rule_file, "hash": a.rule_hash} for a in ranked],
        "terms": terms,
        "fields": fields,
        "snippet": highlight(snippet["text"], [tuple(h) for h in snippet.get("highlights", [])], fmt) if snippet else "",
        "sort_at": published or story.first_seen_at,
    }


def group_by_rule(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for item in items:
        for rule in item["rules"]:
            group = groups.setdefault(rule["id"], {"id": rule["id"], "title": rule["title"],
                                                   "severity": rule["severity"], "stories": []})
            group["stories"].append(item)
    return sorted(groups.values(), key=lambda g: (-SEVERITY_RANK.get(g["severity"], 1), g["title"]))


__all__ = ["FORMATS", "Message", "Renderer", "Safe", "TemplateError", "VARIABLES"]


def _first_use(source: str, name: str) -> tuple[int | None, int | None]:
    """(line, col) of the first use of a variable inside ``{{ }}`` or ``{% %}``, for messages."""
    for m in re.finditer(r"\{[{%](.*?)[}%]\}", source, re.DOTALL):
        inner = re.search(rf"(?<![\w.]){re.escape(name)}\b", m.group(1))
        if inner:
            offset = m.start(1) + inner.start()
            return source.count("\n", 0, offset) + 1, offset - (source.rfind("\n", 0, offset) + 1) + 1
    return None, None
