"""`newswatch stories [--since D] [--rule ID] [--json] [--explain]`: stored stories with their
entries (feed, title, link, language, first seen) and the rules that alerted (read-only).

With `--json`: one line per story, newest first: `{"story": S, "title", "link", "first_seen",
"rules": [{"rule", "severity", "at", "feed"}], "entries": [{"feed", "feed_title", "title", "link",
"language", "published", "first_seen"}]}`; `--explain` adds each entry's `"explain"` (why it
joined the story or began it, as the daemon decided then).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from typing import Any

from storage import StoryListing, open_store
from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, CommandError
from watcher.cli.loading import check_rule_id, get_config
from watcher.messages import counted
from watcher.stories import Explanation, Reason
from watcher.textfold import one_line
from watcher.units import ago, parse_duration


def cmd_stored_stories(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    try:
        since = datetime.now(timezone.utc) - (parse_duration(args.since) if args.since else config.stories.window)
    except ValueError as e:
        raise CommandError(f"--since: {e}", EXIT_CONFIG) from None
    store = open_store(config.database_url, readonly=True)
    try:
        stories = store.stories_since(since, args.rule, args.limit)
    finally:
        store.close()
    if args.rule and not stories:
        check_rule_id(config, args.rule, "stories --rule")
    if args.json:
        for story in stories:
            print(json.dumps(story_json(story, args.explain), ensure_ascii=False))
    else:
        _print_human(stories, args.explain, since)
    return EXIT_OK


def story_json(story: StoryListing, explain: bool) -> dict[str, object]:
    entries = []
    for e in story.entries:
        item: dict[str, object] = {"feed": e.feed_id, "feed_title": e.feed_title, "title": e.title, "link": e.link,
                                   "language": e.language, "published": _iso(e.published_at),
                                   "first_seen": _iso(e.first_seen_at)}
        if explain:
            item["explain"] = _recorded(json.loads(e.reason), story.id) if e.reason else None
        entries.append(item)
    return {"story": story.id, "title": story.title, "link": story.link, "first_seen": _iso(story.first_seen_at),
            "rules": [{"rule": a.rule_id, "severity": a.severity, "at": _iso(a.created_at), "feed": a.feed_id}
                      for a in story.alerts],
            "entries": entries}


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _print_human(stories: list[StoryListing], explain: bool, since: datetime) -> None:
    now = datetime.now(timezone.utc)
    for story in stories:
        langs = sorted({e.language or "?" for e in story.entries})
        rules = ", ".join(f"{a.rule_id} ({a.feed_id})" for a in story.alerts) or "no alert"
        print(f"story {story.id}: {one_line(story.title)[:90]}")
        outlets = len({e.feed_id for e in story.entries})
        print(f"  {counted(len(story.entries), 'entry', 'entries')}, {counted(outlets, 'outlet')} ({', '.join(langs)}); "
              f"alerted: {rules}")
        for e in story.entries:
            print(f"  - {ago(e.first_seen_at, now):>8} {e.language or '?':2} {e.feed_id}: {one_line(e.title)[:80]}")
            if e.link:
                print(f"      {e.link}")
            if explain:
                print(f"      {_reason(e.reason, story.id)}")
    print(f"{counted(len(stories), 'story', 'stories')} with entries since {since:%Y-%m-%d %H:%M} UTC")


def _recorded(d: dict[str, Any], story_id: int) -> dict[str, Any]:
    """An explanation as recorded, with the story ids people know. A story begun earlier in the
    same poll had no id yet when the entry was decided (it was recorded as -1, -2, ...): an entry
    that joined it joined this story; a nearest one is named as begun in the same poll."""
    pending = d.get("story")
    if not isinstance(pending, int) or pending >= 0:
        return d
    if d.get("reason") in (Reason.JOINED, Reason.LINK):
        return {**d, "story": story_id}
    return {**d, "story": None, "nearest_in_same_poll": True}


def _reason(text: str | None, story_id: int) -> str:
    if not text:
        return "(no explanation recorded)"
    d = _recorded(json.loads(text), story_id)
    if d.get("nearest_in_same_poll"):
        why = "; ".join(str(x) for x in d.get("disagreements", ())) or f"score {d.get('score', 0.0):.2f} too low"
        return f"new story: nearest is a story begun in the same poll ({why})"
    kinds = {"entities": "e", "concepts": "c", "numbers": "n", "words": "t"}
    shared = tuple((f"{kinds.get(kind, 'x')}:{k}", 0.0) for kind, keys in d.get("shared", {}).items() for k in keys)
    return Explanation(Reason(d["reason"]), d.get("story"), d.get("score", 0.0), shared,
                       tuple(d.get("disagreements", ())), d.get("candidates", 0)).text()
