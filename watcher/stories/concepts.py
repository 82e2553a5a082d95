"""The bilingual concept table (data/concepts.yaml) and finding its terms in a token list (pure).

A concept is one thing with many names in many languages: a country (with its demonyms,
abbreviations and capital), a place inside a country, an institution, a region or a topic. The
table compiles every name to a key sequence of the same form as an entry's tokens (folded; a
word written in capitals, up to five letters, keeps a trailing ``_`` so ``US`` is not ``us``) and
finds them with one Aho-Corasick automaton; where names overlap the longest wins.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any, Iterable, Mapping, NamedTuple

import ahocorasick

from watcher.errors import WatcherError
from watcher.textfold import WORD, fold

MAX_ACRONYM = 5


def is_acronym(word: str) -> bool:
    """A word written in capitals that may be an abbreviation (``US``, ``EE``, ``DHS``)."""
    return len(word) <= MAX_ACRONYM and word.isalpha() and word.isupper()


def token_key(word: str, shouting: bool = False) -> str:
    """The comparison form of a word: folded, plus ``_`` for an abbreviation in capitals."""
    folded = fold(word)
    return folded + "_" if not shouting and is_acronym(word) else folded


class Match(NamedTuple):
    first: int          # index of the first token
    last: int           # index of the last token (inclusive)
    concept: str        # concept id ("" for words to ignore)


@dataclass(frozen=True)
class ConceptTable:
    automaton: ahocorasick.Automaton
    countries: frozenset[str]
    country_of: Mapping[str, str]       # place id -> country id
    covers: Mapping[str, frozenset[str]]  # region or person id -> the countries it mentions
    people: ahocorasick.Automaton       # people's names -> their country (never consumes words)
    persons: frozenset[str] = frozenset()   # concepts that are people (``kind: person``): names, not topics

    def people_countries(self, keys: list[str], haystack: str | None = None) -> set[str]:
        """Countries of the people a token key list names ("Noem" -> us); ``haystack``:
        ``key_text(keys)``, when the caller has it."""
        if not keys or not len(self.people):
            return set()
        return {country for _, country in self.people.iter(haystack or key_text(keys))}

    def find(self, keys: list[str], haystack: str | None = None) -> list[Match]:
        """Non-overlapping concept names in a token key list, longest first, in text order."""
        if not keys:
            return []
        found = []
        starts: list[int] = []      # where each token's leading space is (built at the first match)
        for end, (pattern_len, ntokens, concept) in self.automaton.iter(haystack or key_text(keys)):
            if not starts:
                starts = list(accumulate([len(k) + 1 for k in keys], initial=0))
            pos = end - pattern_len + 1
            first = bisect_left(starts, pos)
            if first < len(keys) and starts[first] == pos:
                found.append((ntokens, pattern_len, first, concept))
        return _longest(found)


def key_text(keys: list[str]) -> str:
    """What the automatons read: the keys between single spaces (patterns are " key ")."""
    return " " + " ".join(keys) + " "


def _longest(found: list[tuple[int, int, int, str]]) -> list[Match]:
    if len(found) <= 1:     # most texts: nothing to choose between
        return [Match(first, first + ntokens - 1, concept) for ntokens, _, first, concept in found]
    if all(m[0] == 1 for m in found):
        # names of one token each (most matches): the longest name at each token, the first found
        # of equal ones (what the sort below keeps, it is stable)
        best: dict[int, tuple[int, str]] = {}
        for _, pattern_len, first, concept in found:
            have = best.get(first)
            if have is None or pattern_len > have[0]:
                best[first] = (pattern_len, concept)
        return [Match(first, first, concept) for first, (_, concept) in sorted(best.items())]
    found.sort(key=lambda m: (-m[0], -m[1], m[2]))
    taken = bytearray(max(first + ntokens for ntokens, _, first, _ in found))
    chosen = []
    for ntokens, _, first, concept in found:
        if not any(taken[first:first + ntokens]):
            taken[first:first + ntokens] = b"\x01" * ntokens
            chosen.append(Match(first, first + ntokens - 1, concept))
    chosen.sort()
    return chosen


def term_pattern(raw: str) -> tuple[str, int]:
    """The automaton key of a concept term and its number of tokens."""
    text = unicodedata.normalize("NFC", str(raw).strip())
    prefix = text.endswith("*")
    words = WORD.findall(text.rstrip("*"))
    if not words:
        raise WatcherError(f"concept term {raw!r} has no letters or digits")
    keys = [token_key(w) for w in words]
    return " " + " ".join(keys) + ("" if prefix else " "), len(keys)


class TableError(WatcherError):
    """The concept table is malformed (a bug in shipped data or a user's extra table)."""


def build_table(data: Mapping[str, Any], ignore: Iterable[str] = ()) -> ConceptTable:
    automaton = ahocorasick.Automaton()
    owners: dict[str, str] = {}
    countries = dict(data.get("countries") or {})
    places = dict(data.get("places") or {})
    concepts = dict(data.get("concepts") or {})
    for cid, names in (*countries.items(), *places.items(), *concepts.items()):
        for term in _terms(names):
            _add(automaton, owners, term, str(cid))
    for term in ignore:
        _add(automaton, owners, term, "")
    automaton.make_automaton()
    country_of = {str(p): str(v["in"]) for p, v in places.items() if isinstance(v, dict) and v.get("in")}
    covers = {str(c): frozenset(str(x) for x in v["covers"]) for c, v in concepts.items()
              if isinstance(v, dict) and v.get("covers")}
    people = dict(data.get("people") or {})
    _check_countries(set(countries), [*country_of.values(), *(c for cs in covers.values() for c in cs), *people])
    persons = frozenset(str(c) for c, v in concepts.items() if isinstance(v, dict) and v.get("kind") == "person")
    return ConceptTable(automaton, frozenset(str(c) for c in countries), country_of, covers, _people(people), persons)


def _check_countries(known: set[str], named: list[str]) -> None:
    unknown = sorted({str(c) for c in named} - {str(k) for k in known})
    if unknown:
        raise TableError(f"concepts: unknown country ids: {', '.join(unknown)}")


def _people(people: Mapping[str, list[str]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for country, names in people.items():
        for name in names or []:
            automaton.add_word(term_pattern(str(name))[0], str(country))
    automaton.make_automaton()
    return automaton


META = ("in", "covers", "kind")


def _terms(names: object) -> list[str]:
    if not isinstance(names, dict):
        raise TableError(f"concepts: expected language: [terms], got {names!r}")
    return [str(t) for lang, terms in names.items() if lang not in META for t in (terms or [])]


def _add(automaton: ahocorasick.Automaton, owners: dict[str, str], term: str, cid: str) -> None:
    pattern, ntokens = term_pattern(term)
    owner = owners.setdefault(pattern, cid)
    if owner != cid:
        raise TableError(f"concepts: {term!r} names both {owner!r} and {cid!r}")
    automaton.add_word(pattern, (len(pattern), ntokens, cid))


@lru_cache(maxsize=1)
def default_table() -> ConceptTable:
    from watcher.stories.lexicon import default_lexicon, shipped_data  # lazy for start-up speed (loads tables)
    return build_table(shipped_data("concepts.yaml"), default_lexicon().ignore)
