"""`newswatch stories --jsonl FILE`: which entries of a file would be grouped as one story (dry
run: nothing is read from or written to the database).

Each input line is an entry (`title`, `summary`, `link`, `published`, `source`, `lang`). The
entries are placed on the time line by `published` (first seen = published), as if they had
arrived then, whatever order the file has; the output keeps the file's order. With `--json`:
one line per entry, `{"index": N, "link": ..., "story": S}` (entries with the same S were
grouped), plus `"explain"` with `--explain`.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Sequence

from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, CommandError
from watcher.cli.loading import config_path, get_config
from watcher.messages import counted
from watcher.pipeline.priorcache import cached_prior
from watcher.stories import Assigned, EntryText, Limits, place_all
from watcher.units import parse_duration


def cmd_stories(args: argparse.Namespace) -> int:
    if args.jsonl is None:
        from watcher.cli.storylist import cmd_stored_stories  # lazy import for start-up speed (storage)
        return cmd_stored_stories(args)
    if args.since or args.rule:
        raise CommandError("stories: --since and --rule list stored stories; they do not go with --jsonl", EXIT_CONFIG)
    entries = read_entries(Path(args.jsonl))
    assigned = place_all(entries, Limits(window=_window(args)), prior=cached_prior())
    if args.json:
        for index, (entry, a) in enumerate(zip(entries, assigned)):
            print(json.dumps(_line(index, entry, a, args.explain), ensure_ascii=False))
    else:
        _print_human(entries, assigned, args.explain)
    return EXIT_OK


def _window(args: argparse.Namespace) -> timedelta:
    if args.window:
        try:
            return parse_duration(args.window)
        except ValueError as e:
            raise CommandError(f"--window: {e}", EXIT_CONFIG) from None
    if args.config or config_path(None).exists():
        return get_config(args.config, check_urls=False).stories.window
    return Limits().window


def _line(index: int, entry: EntryText, a: Assigned, explain: bool) -> dict[str, object]:
    line: dict[str, object] = {"index": index, "link": entry.link, "story": a.story_id}
    if explain:
        line["explain"] = a.placement.explanation.to_json()
    return line


def read_entries(path: Path) -> list[EntryText]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise CommandError(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}", EXIT_CONFIG) from None
    entries = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            entries.append(_entry(path, number, line))
    return entries


def _entry(path: Path, number: int, line: str) -> EntryText:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as e:
        raise CommandError(f"{path}:{number}:{e.colno}: invalid JSON: {e.msg}", EXIT_CONFIG) from None
    if not isinstance(item, dict):
        raise CommandError(f"{path}:{number}:1: expected a JSON object per line", EXIT_CONFIG)
    for key in ("title", "summary", "link", "published", "source", "lang"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise CommandError(f"{path}:{number}: {key}: expected a string, got {type(item[key]).__name__}", EXIT_CONFIG)
    return EntryText(item.get("title") or "", item.get("summary") or "", item.get("link"), item.get("lang"),
                     item.get("source"), _published(path, number, item.get("published")))


def _published(path: Path, number: int, text: str | None) -> datetime | None:
    """ISO 8601 (``2025-06-25T12:00:00Z``, a date alone) or RFC 822 (``Wed, 25 Jun 2025 12:00:00 +0000``);
    a time without a zone is UTC."""
    if not text or not text.strip():
        return None
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise CommandError(f"{path}:{number}: published: cannot read the date {text!r} "
                               "(use ISO 8601, e.g. 2025-06-25T12:00:00Z, or RFC 822)", EXIT_CONFIG) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _print_human(entries: Sequence[EntryText], assigned: Sequence[Assigned], explain: bool) -> None:
    by_story: dict[int, list[int]] = {}
    for index, a in enumerate(assigned):
        by_story.setdefault(a.story_id, []).append(index)
    for story_id in sorted(by_story):
        members = by_story[story_id]
        langs = sorted({entries[i].lang or "?" for i in members})
        print(f"story {story_id}: {len(members)} {'entry' if len(members) == 1 else 'entries'} ({', '.join(langs)})")
        for i in members:
            e = entries[i]
            when = f"{e.published_at:%Y-%m-%d %H:%M}" if e.published_at else "undated"
            print(f"  [{i}] {when} {e.lang or '?':2} {e.source or ''}: {e.title}")
            if e.link:
                print(f"       {e.link}")
            if explain:
                print(f"       {assigned[i].placement.explanation.text()}")
    print(f"{counted(len(entries), 'entry', 'entries')} in {counted(len(by_story), 'story', 'stories')}")
