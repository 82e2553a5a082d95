"""The decider: what one parsed feed means, as values (pure: no database, no clock, no network).

``decide(state, parsed, feed, rules, subscribers, stories, now, backfill)`` answers, for one poll:

- which entries are new (not among the feed's stored entry keys);
- which story each new entry belongs to: an existing story of the window (``story_id`` > 0), or a
  story this poll begins (``story_id`` < 0: entries with the same negative id begin one story,
  so an aggregator's three copies of an event are one story), with the engine's explanation;
- which (rule, story) pairs alert: one per pair, at the first entry that matches; a pair the
  story already alerted for (as the story index knows it) only records the entry, which then
  shows as "also reported by" in the story's messages;
- for whom and when: one delivery plan per destination of every subscriber who wants the rule
  and feed, due now or at their next digest / end of quiet hours.

The poll stage is fetch -> parse -> decide -> record: it reads the stored state, runs ``prepare``
(each new entry's story features and rule matches: no story index needed) before taking the story
lock, then, holding it, ``decide_rows`` (this, and the rows to store), stores the decisions in one
transaction and tells the story index what was stored (poll.py ``learn``). ``newswatch backfill``
decides with ``decide_alerts`` over stored entries (their stories known).
The story index is only read here; ``Pending`` holds the stories this poll begins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterable, Sequence

from storage import DeliveryPlan, NewAlert, NewEntry, NewNotice
from watcher.config import FeedSpec
from watcher.pipeline.entrywork import EntryWork, features_and_matches
from watcher.routing import Subscriber, due_time
from watcher.ruleset import Document, RuleMatch, RuleSet
from watcher.stories import EntryText, Explanation, Features, StoryIndex
from watcher.stories.pending import Pending
from watcher.textfold import one_line
from watcher.types import Entry, ParsedFeed


@dataclass(frozen=True)
class StoredState:
    """What the database said about the feed before deciding."""

    known_keys: frozenset[str] = frozenset()   # entry keys of this feed already stored (of those parsed)
    first_poll: bool = False                    # the feed was never polled: old entries only recorded
    source: str = ""                            # the feed's name (aggregator titles end with outlets' names)


@dataclass(frozen=True)
class EntryDecision:
    entry: Entry
    features: Features
    story_id: int                     # > 0: an existing story; < 0: a story this poll begins
    explanation: Explanation
    recent: bool                      # False: older than the backfill window on a first poll
    alerts: tuple[NewAlert, ...] = ()
    matched: tuple[str, ...] = ()     # every rule that matched it (alerting or not)


@dataclass(frozen=True)
class Decisions:
    entries: tuple[EntryDecision, ...] = ()
    seen_at: datetime | None = None
    follow_ups: tuple[NewNotice, ...] = ()     # once per (story, subscriber who opted in)
    feed_id: str = ""                           # the outlet whose poll this is

    @property
    def alerts(self) -> int:
        return sum(len(d.alerts) for d in self.entries)

    def alerted(self) -> dict[int, set[str]]:
        """Story id (negative for new ones) -> rules that alert in this poll."""
        out: dict[int, set[str]] = {}
        for d in self.entries:
            out.setdefault(d.story_id, set()).update(a.rule_id for a in d.alerts)
        return out


@dataclass
class AlertedRules:
    """Rules that alerted per story: as known before deciding (``known``, e.g. the story
    index's) plus what this decision added."""

    known: Callable[[int], Iterable[str]] = lambda story_id: ()
    decided: dict[int, set[str]] = field(default_factory=dict)

    def has(self, story_id: int, rule_id: str) -> bool:
        return rule_id in self.decided.get(story_id, ()) or (story_id > 0 and rule_id in self.known(story_id))

    def add(self, story_id: int, rule_id: str) -> None:
        self.decided.setdefault(story_id, set()).add(rule_id)


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a new entry brings to the decision that the story index has no part in: whether it
    is recent, its story features (a pure function of its text) and the rules it matches."""

    entry: Entry
    recent: bool
    features: Features
    matches: tuple[RuleMatch, ...]


def prepare(state: StoredState, parsed: ParsedFeed, feed: FeedSpec, rules: RuleSet, now: datetime,
            backfill: timedelta, found: Sequence[tuple[Features, tuple[RuleMatch, ...]]] | None = None,
            ) -> tuple[Prepared, ...]:
    """The part of :func:`decide` that needs neither the story index nor the other polls' decisions
    (the poll stage runs it before taking the story lock: most of the CPU of a new entry).
    ``found``: each of :func:`work_items`' story features and rule matches
    (entrywork.features_and_matches), when the caller found them already (in a parse worker)."""
    new = new_entries(state, parsed.entries)
    if found is None:
        found = [features_and_matches(rules, work) for work in work_items(state, new, feed, now, backfill)]
    return tuple(Prepared(entry, is_recent(state, entry, now, backfill), f, matches)
                 for entry, (f, matches) in zip(new, found, strict=True))


def is_recent(state: StoredState, entry: Entry, now: datetime, backfill: timedelta) -> bool:
    """Whether rules see the entry: every new entry, but on a feed's first poll only those
    published within the backfill window (the older ones are only recorded)."""
    return not state.first_poll or (entry.published_at is not None and entry.published_at >= now - backfill)


def work_items(state: StoredState, new: Sequence[Entry], feed: FeedSpec, now: datetime,
               backfill: timedelta) -> list[EntryWork]:
    """What finding each new entry's story features and rule matches reads (``new``:
    :func:`new_entries`): its text for the story engine, its fields for the rules when recent."""
    tags = tuple(feed.tags)
    return [EntryWork(text, _document(entry) if is_recent(state, entry, now, backfill) else None, feed.id, tags)
            for entry, text in zip(new, feature_texts(state, new, feed), strict=True)]


def _document(entry: Entry) -> Document:
    return Document(entry.title, entry.summary, entry.content)


def feature_texts(state: StoredState, new: Sequence[Entry], feed: FeedSpec) -> list[EntryText]:
    """What the story engine reads of each new entry (``new``: :func:`new_entries`)."""
    source = state.source or feed.id
    return [entry_text(entry, source) for entry in new]


def decide(state: StoredState, parsed: ParsedFeed, feed: FeedSpec, rules: RuleSet,
           subscribers: Sequence[Subscriber], stories: StoryIndex, now: datetime,
           backfill: timedelta, prepared: Sequence[Prepared] | None = None) -> Decisions:
    """``prepared``: :func:`prepare` of the same arguments, when the caller ran it already."""
    pending = Pending(stories)
    alerted = AlertedRules(stories.alerted)
    out = []
    for p in prepare(state, parsed, feed, rules, now, backfill) if prepared is None else prepared:
        entry, features, matches = p.entry, p.features, p.matches
        placement = stories.place(features, now, pending)
        story_id = placement.story_id
        if story_id is None:
            story_id = pending.begin(features, now)
        elif story_id < 0:
            pending.join(story_id, features)
        alerts = decide_alerts(matches, story_id, alerted, subscribers, rules, feed, now)
        out.append(EntryDecision(entry, features, story_id, placement.explanation, p.recent, alerts,
                                 tuple(m.rule_id for m in matches)))
    return Decisions(tuple(out), now, follow_ups(out, stories, subscribers, rules, state.source or feed.id, now, feed.id),
                     feed.id)


@dataclass(frozen=True)
class DecidedRows:
    decisions: Decisions
    rows: list[NewEntry]        # what storage records, one per decision


def decide_rows(state: StoredState, parsed: ParsedFeed, feed: FeedSpec, rules: RuleSet,
                subscribers: Sequence[Subscriber], stories: StoryIndex, now: datetime, backfill: timedelta,
                prepared: Sequence[Prepared]) -> DecidedRows:
    """:func:`decide` and the rows storage records (their explanations as JSON: in the same
    thread, off the event loop)."""
    decisions = decide(state, parsed, feed, rules, subscribers, stories, now, backfill, prepared)
    return DecidedRows(decisions, [new_entry(d) for d in decisions.entries])


def new_entry(d: EntryDecision) -> NewEntry:
    e = d.entry
    return NewEntry(
        entry_key=e.entry_key, story_key=e.story_key, title=e.title, link=e.link, summary=e.summary,
        content=e.content, author=e.author, language=e.language, published_at=e.published_at,
        story=d.story_id, story_reason=json.dumps(d.explanation.to_json(), ensure_ascii=False),
        alerts=d.alerts, matched=d.matched, recent=d.recent)


def follow_ups(decisions: Sequence[EntryDecision], stories: StoryIndex, subscribers: Sequence[Subscriber],
               rules: RuleSet, source: str, now: datetime, outlet: str = "") -> tuple[NewNotice, ...]:
    """One short follow-up per (story that alerted before this poll, subscriber who opted in), when
    later coverage brings the story a new language (``follow_up = "new-language"``) or N more
    outlets than the first (``follow_up = N``; ``outlet`` is this poll's feed: its second report
    of a story is not another outlet). Storage keeps it to one per key."""
    out: dict[str, NewNotice] = {}
    langs: dict[int, set[str]] = {}
    outlets: dict[int, set[str]] = {}
    for d in decisions:
        alerted = stories.alerted(d.story_id) if d.story_id > 0 else ()
        if not alerted:
            continue
        seen = langs.setdefault(d.story_id, set(stories.langs(d.story_id)))
        lang = d.features.lang or d.entry.language or ""
        new_lang = bool(lang) and lang not in seen
        seen.add(lang)
        known = outlets.setdefault(d.story_id, set(stories.outlets(d.story_id)))
        new_outlet = (outlet or source) not in known
        known.add(outlet or source)
        for sub in subscribers:
            mode = sub.spec.follow_up
            wanted = any(sub.wants_rule_id(r, rules.by_id[r].tags if r in rules.by_id else ()) for r in alerted)
            due = (mode == "new-language" and new_lang) or (isinstance(mode, int) and new_outlet
                                                             and len(known) == 1 + mode)
            key = f"follow-up:{d.story_id}:{sub.id}"
            if wanted and due and key not in out:
                what = f"now also in {lang}" if mode == "new-language" else f"now reported by {len(known)} outlets"
                out[key] = _follow_up(key, sub, d, what, source, now)
    return tuple(out.values())


def _follow_up(key: str, sub: Subscriber, d: EntryDecision, what: str, source: str, now: datetime) -> NewNotice:
    title = one_line(d.entry.title)
    due, held = due_time(sub, 1, now)
    body = (f"A story you were alerted to is {what}:\n{title}\n{source}"
            f"{f' ({d.entry.language})' if d.entry.language else ''}: {d.entry.link or '(no link)'}")
    return NewNotice(key, "follow-up", f"Follow-up ({what}): {title[:150]}", body,
                     tuple(DeliveryPlan(sub.id, dest.key, dest.label, due, 1, held) for dest in sub.destinations))


def new_entries(state: StoredState, entries: Iterable[Entry]) -> list[Entry]:
    """Entries not stored yet, each key once (a feed repeating an item counts it once)."""
    seen = set(state.known_keys)
    out = []
    for entry in entries:
        if entry.entry_key not in seen:
            seen.add(entry.entry_key)
            out.append(entry)
    return out


def entry_text(entry: Entry, source: str) -> EntryText:
    """What the story engine reads of an entry (the same as storage.StoryMember gives back)."""
    return EntryText(entry.title, entry.summary or entry.content[:1000], entry.link, entry.language, source,
                     entry.published_at)


def match_entry(ruleset: RuleSet, entry: Entry, spec: FeedSpec) -> list[RuleMatch]:
    return ruleset.match(_document(entry), spec.id, spec.tags)


def decide_alerts(matches: Sequence[RuleMatch], story_id: int, alerted: AlertedRules, subscribers: Sequence[Subscriber],
                  rules: RuleSet, feed: FeedSpec, now: datetime) -> tuple[NewAlert, ...]:
    """One alert per (rule, story): a rule that already alerted for the story adds nothing."""
    out = []
    for match in matches:
        if alerted.has(story_id, match.rule_id):
            continue
        alerted.add(story_id, match.rule_id)
        out.append(alert_for(subscribers, rules, feed, match, now))
    return tuple(out)


def alert_for(subscribers: Sequence[Subscriber], ruleset: RuleSet, spec: FeedSpec, match: RuleMatch,
              now: datetime) -> NewAlert:
    """The alert row for a match, with one outbox row per destination of every subscriber who
    wants it, due now or at their next digest / end of quiet hours."""
    rule = ruleset.by_id[match.rule_id]
    plans: list[DeliveryPlan] = []
    for sub in subscribers:
        if not sub.wants(rule, spec.id, spec.tags):
            continue
        due, held = due_time(sub, rule.rank, now)
        plans.extend(DeliveryPlan(sub.id, d.key, d.label, due, rule.rank, held) for d in sub.destinations)
    return NewAlert(
        rule_id=rule.id, rule_title=rule.title, severity=rule.severity, rule_file=rule.file,
        rule_hash=rule.hash, terms=match.terms, fields=match.fields,
        snippet=match.snippet.to_json() if match.snippet else None, deliveries=tuple(plans))
