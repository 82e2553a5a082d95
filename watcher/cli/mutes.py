"""Analyst controls, like amtool's silences: `mute`, `mutes`, `unmute`.

A mute keeps the alerts of one rule, story or feed from being sent for a while; they are still
recorded (`newswatch alerts` shows them as muted). The daemon reads mutes from the database when
it raises an alert and again when a delivery is due, so a mute added here acts on a running
daemon at once (storage.mutes).
"""

from __future__ import annotations

import argparse
import getpass
import json
from datetime import datetime, timezone
from typing import Sequence

from storage import MuteInfo, open_store
from watcher.cli.exits import EXIT_CONFIG, EXIT_OK, CommandError
from watcher.cli.loading import get_config
from watcher.cli.show import table
from watcher.config import Config
from watcher.messages import unknown_name
from watcher.textfold import one_line
from watcher.units import format_duration, parse_duration


def cmd_mute(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    kind, target = _target(args)
    try:
        length = parse_duration(args.duration)
    except ValueError as e:
        raise CommandError(f"mute --for: {e}", EXIT_CONFIG) from None
    if length.total_seconds() <= 0:
        raise CommandError("mute --for: the duration must be longer than 0s", EXIT_CONFIG)
    if kind == "rule":
        _known("rule", target, _rule_ids(config))
    elif kind == "feed":
        _known("feed", target, [f.id for f in config.feeds])
    now = datetime.now(timezone.utc)
    store = open_store(config.database_url)
    try:
        if kind == "story" and not store.story_exists(int(target)):
            raise CommandError(f"mute --story: no story {target} in the database "
                               "(`newswatch stories` and `newswatch alerts` show story numbers)", EXIT_CONFIG)
        mute = store.add_mute(kind, target, args.by or _os_user(), one_line(args.comment or ""), now, now + length)
    finally:
        store.close()
    print(f"mute #{mute.id}: {_what(mute)} muted until {mute.expires_at:%Y-%m-%d %H:%M} UTC "
          f"({format_duration(length)}) by {mute.created_by}" + (f": {mute.comment}" if mute.comment else ""))
    return EXIT_OK


def cmd_mutes(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    store = open_store(config.database_url, readonly=True)
    now = datetime.now(timezone.utc)
    try:
        mutes = store.mutes(now, include_inactive=args.all)
    finally:
        store.close()
    if args.json:
        for m in mutes:
            print(json.dumps(_json(m, now), ensure_ascii=False))
        return EXIT_OK
    if not mutes:
        print("no mutes" if args.all else "no active mutes (`newswatch mutes --all` shows expired and ended ones)")
        return EXIT_OK
    print(table(("id", "what", "state", "by", "why", "since", "until"), _rows(mutes, now)))
    return EXIT_OK


def cmd_unmute(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    store = open_store(config.database_url)
    try:
        mute, ended = store.end_mute(args.id, args.by or _os_user(), datetime.now(timezone.utc))
    finally:
        store.close()
    if mute is None:
        raise CommandError(f"unmute: no mute #{args.id} (`newswatch mutes --all` lists them)", EXIT_CONFIG)
    if not ended:
        print(f"mute #{mute.id} ({_what(mute)}) was already {mute.state(datetime.now(timezone.utc))}")
        return EXIT_OK
    print(f"mute #{mute.id} ended: alerts of {_what(mute)} are sent again from now on "
          "(what was muted stays muted)")
    return EXIT_OK


def _target(args: argparse.Namespace) -> tuple[str, str]:
    if args.rule:
        return "rule", args.rule
    if args.feed:
        return "feed", args.feed
    story = str(args.story).strip()
    if not story.isdigit():
        raise CommandError(f"mute --story: expected a story number, got {one_line(story)[:40]!r}", EXIT_CONFIG)
    return "story", str(int(story))


def _known(kind: str, name: str, known: Sequence[str]) -> None:
    if name in known:
        return
    raise CommandError(f"mute --{kind}: {unknown_name(kind, name, known, one_line(name)[:80])}", EXIT_CONFIG)


def _rule_ids(config: Config) -> list[str]:
    from watcher.ruleset import load_rules  # lazy-for-start-up: only `mute --rule` reads the rules

    loaded = load_rules(config.rules_dir, feed_ids=[f.id for f in config.feeds], feed_tags=config.feed_tags())
    return [r.id for r in loaded.ruleset.rules]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _what(m: MuteInfo) -> str:
    return f"story {m.target}" if m.kind == "story" else f"{m.kind} '{m.target}'"


def _rows(mutes: Sequence[MuteInfo], now: datetime) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for m in mutes:
        until = m.ended_at if m.ended_at is not None else m.expires_at
        state = m.state(now) + (f" by {m.ended_by}" if m.ended_at is not None and m.ended_by else "")
        rows.append((m.id, _what(m), state, m.created_by, one_line(m.comment)[:60] or "-",
                     _utc(m.created_at), _utc(until)))
    return rows


def _utc(at: datetime) -> str:
    """``2026-12-01 14:05Z``: the time in UTC, saying so."""
    return f"{at.astimezone(timezone.utc):%Y-%m-%d %H:%MZ}"


def _json(m: MuteInfo, now: datetime) -> dict[str, object]:
    return {"id": m.id, "kind": m.kind, "target": m.target, "state": m.state(now), "by": m.created_by,
            "comment": m.comment, "created_at": m.created_at.isoformat(), "expires_at": m.expires_at.isoformat(),
            "ended_at": m.ended_at.isoformat() if m.ended_at else None, "ended_by": m.ended_by}


__all__ = ["cmd_mute", "cmd_mutes", "cmd_unmute"]
