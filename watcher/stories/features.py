"""An entry's comparable features: link key, headline and summary signals, time (pure).

``extract_features`` is all the story index needs to know about an entry; it depends only on the
entry's own text, so it can run anywhere (a parse worker, the dry run, a rebuild from stored
rows) and gives the same result every time. Feature keys are interned strings: the stories of
the index share one copy of each.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime
from sys import intern
from typing import Any, Callable, Iterable

from watcher.stories.concepts import ConceptTable, default_table
from watcher.stories.lexicon import Lexicon, default_lexicon
from watcher.stories.links import link_key
from watcher.stories.text import analyse, capitalised_mid_sentence, strip_boilerplate, strip_publisher, title_case, tokenize

SUMMARY_CHARS = 400         # the lead says what happened; later paragraphs wander (measured: 400-800 same)
MAX_KEYS = 48               # per entry: headline keys first, then the summary's


@dataclass(frozen=True, slots=True)
class EntryText:
    """What the engine reads of an entry (a feed entry, a stored row or a JSONL line)."""

    title: str
    summary: str = ""
    link: str | None = None
    lang: str | None = None
    source: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Features:
    link: str | None
    lang: str | None
    title_keys: frozenset[str]
    keys: frozenset[str]                    # title_keys plus the summary's, at most MAX_KEYS
    title_countries: frozenset[str]         # named in the headline
    countries: frozenset[str]               # named or implied anywhere (regions, people)
    specific_countries: frozenset[str]      # named or implied by a person anywhere (a region is vaguer)
    named_countries: frozenset[str]         # named anywhere
    title_numbers: frozenset[str]
    numbers: frozenset[str]
    title_names: tuple[frozenset[str], ...]
    name_words: frozenset[str]
    published_at: datetime | None = None
    title_preview: bool = False             # the headline announces what is to come (a visit, a meeting)
    title_specific: frozenset[str] = frozenset()    # named in the headline or implied by a person it names

    def __reduce__(self) -> tuple[Callable[..., Features], tuple[Any, ...]]:
        """Pickled as its fields, unpickled with every key interned again: features found in a
        parse worker (``ParsePool.map``) share one copy of each key with the daemon's index."""
        return (_unpickled, tuple(getattr(self, name) for name in _FIELDS))


def _unpickled(*values: Any) -> Features:
    fields: list[Any] = [frozenset(map(intern, v)) if v.__class__ is frozenset
                         else tuple(frozenset(map(intern, n)) for n in v) if v.__class__ is tuple else v for v in values]
    return Features(*fields)


_FIELDS = tuple(Features.__dataclass_fields__)


def extract_features(entry: EntryText, lex: Lexicon | None = None, table: ConceptTable | None = None) -> Features:
    lex = lex or default_lexicon()
    table = table or default_table()
    title = strip_publisher(entry.title or "", entry.source)
    summary = _lead(strip_boilerplate(entry.summary or "", entry.title or ""))
    title_toks, summary_toks = tokenize(title), tokenize(summary)
    known = capitalised_mid_sentence(summary_toks)
    if not title_case(title_toks):
        known |= capitalised_mid_sentence(title_toks)
    head = analyse(title, entry.lang, lex, table, known_names=known, headline=True, toks=title_toks)
    body = analyse(summary, entry.lang or head.lang, lex, table, known_names=known, toks=summary_toks)
    return Features(
        link=link_key(entry.link), lang=head.lang or body.lang, title_keys=frozenset(map(intern, head.keys)),
        keys=frozenset(map(intern, head.keys[:MAX_KEYS] + _capped(body.keys, set(head.keys), MAX_KEYS - len(head.keys)))),
        title_countries=head.countries, countries=head.mentions | body.mentions,
        specific_countries=head.specific | body.specific,
        named_countries=head.countries | body.countries,
        title_numbers=head.numbers, numbers=head.numbers | body.numbers,
        title_names=head.names, name_words=head.name_words | body.name_words,
        published_at=entry.published_at, title_preview=lex.announces(title_toks.folded),
        title_specific=head.specific)


_KIND_ORDER = {"e": 0, "c": 1, "n": 2, "t": 3}


def kind_sorted(keys: Iterable[str]) -> tuple[str, ...]:
    """Entities, concepts, numbers, plain words, then any other key; each kind in key order (a
    story's keys). Sorted as strings (in C, no key function), a kind is one run (its keys begin
    with its letter), found by bisection and put in its place."""
    s = sorted(keys)
    c0, c1 = bisect_left(s, "c"), bisect_left(s, "d")
    e0, e1 = bisect_left(s, "e", c1), bisect_left(s, "f", c1)
    n0, n1 = bisect_left(s, "n", e1), bisect_left(s, "o", e1)
    t0, t1 = bisect_left(s, "t", n1), bisect_left(s, "u", n1)
    return (*s[e0:e1], *s[c0:c1], *s[n0:n1], *s[t0:t1], *s[:c0], *s[c1:e0], *s[e1:n0], *s[n1:t0], *s[t1:])


def _lead(summary: str) -> str:
    """The first SUMMARY_CHARS characters, cut between words."""
    if len(summary) <= SUMMARY_CHARS:
        return summary
    cut = summary[:SUMMARY_CHARS]
    space = cut.rfind(" ")
    return cut[:space] if space > SUMMARY_CHARS // 2 else cut


def _capped(keys: tuple[str, ...], seen: set[str], room: int) -> tuple[str, ...]:
    """At most ``room`` new keys: entities, concepts and numbers before plain words, each kind in
    the order the text gives them."""
    fresh = [k for k in keys if k not in seen]
    if len(fresh) > room:
        fresh.sort(key=lambda k: _KIND_ORDER.get(k[0], 4))
    return tuple(fresh[: max(room, 0)])
