"""What a headline or summary says, as comparable signals (pure).

One pass over the tokens of a text finds, in this order: the concept table's names (countries,
places, institutions, topics: ``EE. UU.`` = ``United States``), then named entities (runs of
capitalised words, accent-folded, without the titles that precede names: "Secretary Kristi Noem"
-> ``kristi``, ``noem``), then the remaining content words, stemmed in the entry's language
(``deportados`` -> ``deport``), and numbers (numbers.py). A word is used by one signal only, so an
entry in English and one in Spanish weigh the same for the same facts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Collection, cast

from watcher.stories.concepts import ConceptTable, key_text, token_key
from watcher.stories.lexicon import Lexicon
from watcher.stories.numbers import find_numbers, word_numbers
from watcher.textfold import clean_text

CONNECTORS = frozenset({"de", "del", "la", "las", "los", "of", "the", "van", "von", "da", "do", "dos", "y"})
_BREAK = r"[.!?:;|—–\"“”«»¿¡()\[\]\n]"
_SENTENCES = re.compile(_BREAK)
_WORDS = re.compile(r"[^\W_]+")
_SUFFIX = re.compile(r"\s+[-–—|]\s+([^-–—|]{2,60})$")
_BOILERPLATE = re.compile(r"\s*(The post .{0,300} appeared first on .{0,100}|La entrada .{0,300} se publicó "
                          r"primero en .{0,100}|Continue reading.{0,60}|Seguir leyendo.{0,60}|Read more.{0,60})$",
                          re.IGNORECASE | re.DOTALL)
# a piece of each of its alternatives, of letters nothing but their capitals matches under
# IGNORECASE (not i, s, k): a summary without any of them skips the regex (tried at every position)
_BOILERPLATE_HINTS = ("the po", "la entrada", "ue read", "r leyendo", "read more")


@dataclass(frozen=True, slots=True)
class Signals:
    """Feature keys of one text: ``t:`` stems, ``e:`` entity words, ``c:`` concepts, ``n:`` numbers."""

    keys: tuple[str, ...]                    # in order of first appearance within each kind
    countries: frozenset[str]                # named: the country, a place in it
    mentions: frozenset[str]                 # named, or implied by a region or a person's name
    specific: frozenset[str]                 # named, or implied by a person's name (not by a region)
    numbers: frozenset[str]
    names: tuple[frozenset[str], ...]        # multi-word names (entity words of each)
    name_words: frozenset[str]               # every entity word
    lang: str | None


def strip_publisher(title: str, source: str | None = None) -> str:
    """``"Honduras firma ... - La Prensa"`` -> ``"Honduras firma ..."`` (aggregator titles): a short
    trailing segment after `` - ``/`` | `` that names the source or is written like a name."""
    m = _SUFFIX.search(title)
    if not m or m.start() < 15:
        return title
    tail = m.group(1).strip()
    words = tail.split()
    if source and tail.casefold() in source.casefold():
        return title[: m.start()]
    if len(words) <= 5 and all(w[:1].isupper() or w.casefold() in CONNECTORS or not w[:1].isalpha() for w in words):
        return title[: m.start()]
    return title


def strip_boilerplate(summary: str, title: str) -> str:
    """The summary without a repeated title or a feed's "The post ... appeared first on ..." tail."""
    text = summary.strip()
    low = text.lower()
    if any(hint in low for hint in _BOILERPLATE_HINTS):
        text = _BOILERPLATE.sub("", text)
    if title and text.startswith(title.strip()):
        text = text[len(title.strip()):]
    return text.strip()


@dataclass
class _Tokens:
    words: list[str]
    keys: list[str]
    folded: list[str]
    starts: list[bool]          # begins a sentence
    used: list[bool]
    shouting: bool


def tokenize(text: str) -> _Tokens:
    text = unicodedata.normalize("NFC", clean_text(text))
    words: list[str] = []
    starts: list[bool] = []
    find = _WORDS.findall
    for sentence in _SENTENCES.split(text):     # the first word after a mark begins a sentence
        found = find(sentence)
        if found:
            words += found
            starts.append(True)
            starts += [False] * (len(found) - 1)
    upper = [w.isupper() for w in words]
    shouting = True in upper and _shouting(words, upper)     # no word in capitals: neither shouting nor loud
    loud = _loud_runs(words, upper) if not shouting and True in upper else ()
    if shouting or loud:
        keys = [token_key(w, shouting or i in loud) for i, w in enumerate(words)]
        folded = [k.rstrip("_") for k in keys]
    else:
        cached: list[str | None] = list(map(_WORD_KEYS.get, words))    # looked up in C; a new word is rare
        keys = [k if k is not None else _word_key(w) for w, k in zip(words, cached)] if None in cached \
            else cast(list[str], cached)
        known: list[str | None] = list(map(_FOLDED.get, keys))
        folded = [k.rstrip("_") for k in keys] if None in known else cast(list[str], known)  # None: caches emptied
    return _Tokens(words, keys, folded, starts, [False] * len(words), shouting)


_WORD_KEYS: dict[str, str] = {}     # word -> token key: headlines repeat words
_FOLDED: dict[str, str] = {}        # token key -> folded (without an abbreviation's "_")
WORD_CACHE = 1 << 16          # ~10 MB at most (bench/stories.py: its 72 h window has ~44k distinct words; 32k thrashed)


def _word_key(word: str) -> str:
    """A word's token key (not in a run of capitals), cached with its folded form (bounded)."""
    if len(_WORD_KEYS) >= WORD_CACHE:
        _WORD_KEYS.clear()
        _FOLDED.clear()
    key = _WORD_KEYS[word] = token_key(word)
    _FOLDED[key] = key.rstrip("_")
    return key


def _loud_runs(words: list[str], upper: list[bool]) -> set[int]:
    """Indexes of words in runs of capitals that are not abbreviations ("SAN SALVADOR, El Salvador"
    datelines): a run with a word longer than an abbreviation can be."""
    loud: set[int] = set()
    run: list[int] = []
    for i, (w, up) in enumerate(zip([*words, ""], [*upper, False])):
        if up and w.isalpha():
            run.append(i)
            continue
        if len(run) >= 2 and any(len(words[j]) > 5 for j in run):
            loud.update(run)
        run = []
    return loud


def _shouting(words: list[str], upper: list[bool]) -> bool:
    """Mostly capitals (a headline in capitals): capitals there say nothing."""
    letters = sum(map(len, words))
    return letters >= 12 and sum(len(w) for w, up in zip(words, upper) if up) > 0.6 * letters


def title_case(toks: _Tokens) -> bool:
    """A headline in Title Case ("Guatemala Agrees To Take More Flights"): no word of four letters
    or more is written in lower case, so capitals there say nothing about names. One lower-case
    word ("Honduran President Xiomara Castro meets Kristi Noem") is enough to trust them."""
    long_words = [w for w in toks.words if len(w) >= 4 and w.isalpha()]
    return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)


def capitalised_mid_sentence(toks: _Tokens) -> frozenset[str]:
    """Folded words written with a capital away from a sentence start: names, surely."""
    if toks.shouting:
        return frozenset()
    return frozenset(f for w, f, s in zip(toks.words, toks.folded, toks.starts) if not s and w[0].isupper())


def analyse(text: str, lang: str | None, lex: Lexicon, table: ConceptTable, *,
            known_names: Collection[str] = (), headline: bool = False, toks: _Tokens | None = None) -> Signals:
    """The signals of ``text`` (``toks``: its tokens, when the caller already has them)."""
    toks = toks if toks is not None else tokenize(text)
    code = lex.language(lang) or lex.guess_language(toks.folded)
    keys: dict[str, None] = {}          # an ordered set
    haystack = key_text(toks.keys)
    countries, specific, regions, persons = _concepts(toks, table, keys, haystack)
    specific |= table.people_countries(toks.keys, haystack) | countries
    names = persons + _entities(toks, lex, known_names, headline and title_case(toks), keys)
    _terms(toks, lex, code, keys)
    numbers = find_numbers(text, lex.scales.get(code or "", {})) + \
        word_numbers((f for f, u in zip(toks.folded, toks.used) if not u), lex.numbers.get(code or "", {}))
    keys.update(dict.fromkeys("n:" + n for n in numbers))
    name_words = frozenset(k[2:] for k in keys if k.startswith("e:")).union(*persons)
    return Signals(tuple(keys), frozenset(countries), frozenset(specific | regions), frozenset(specific), frozenset(numbers),
                   tuple(names), name_words, code)


def _concepts(toks: _Tokens, table: ConceptTable, keys: dict[str, None],
              haystack: str) -> tuple[set[str], set[str], set[str], list[frozenset[str]]]:
    """Countries named, countries implied by a person, countries implied by a region, and the
    people of the table named (each a name of one word, the concept id: "JOH" = "Juan Orlando
    Hernández", which the names check compares like any other name). ``haystack``: the tokens'
    ``key_text``."""
    countries: set[str] = set()
    mentions: set[str] = set()
    specific: set[str] = set()
    persons: list[frozenset[str]] = []
    used, seen = toks.used, set()
    for m in table.find(toks.keys, haystack):
        for i in range(m.first, m.last + 1):
            used[i] = True
        if not m.concept or m.concept in seen:      # what follows is the same for a repeated concept
            continue
        seen.add(m.concept)
        keys["c:" + m.concept] = None
        if m.concept in table.persons and all(m.concept not in p for p in persons):
            persons.append(frozenset((m.concept,)))
        (specific if m.concept in table.persons else mentions).update(table.covers.get(m.concept, ()))
        country = m.concept if m.concept in table.countries else table.country_of.get(m.concept)
        if country:
            countries.add(country)
            keys["c:" + country] = None
    return countries, specific, mentions, persons


def _entities(toks: _Tokens, lex: Lexicon, known: Collection[str], titled: bool, keys: dict[str, None]) -> list[frozenset[str]]:
    names = []
    for run in _capital_runs(toks, titled, known):
        for part in _split_run(run, toks, lex):
            if len(part) == 1 and toks.starts[part[0]] and toks.folded[part[0]] not in known:
                continue            # a capital at a sentence start proves nothing
            for i in part:
                toks.used[i] = True
                keys["e:" + toks.folded[i]] = None
            if len(part) >= 2:
                names.append(frozenset(toks.folded[i] for i in part))
    return names


def _capital_runs(toks: _Tokens, titled: bool, known: Collection[str]) -> list[list[int]]:
    """Runs of capitalised words, joined by connectors ("Corte Suprema de Justicia"), within a sentence."""
    if toks.shouting:
        return []
    words, folded, used, starts = toks.words, toks.folded, toks.used, toks.starts
    capital = [i for i, w in enumerate(words) if w[0].isupper() and not used[i]
               and (not titled or folded[i] in known or toks.keys[i].endswith("_"))]
    runs: list[list[int]] = []
    for i in capital:
        if runs and not starts[i] and (runs[-1][-1] == i - 1 or (runs[-1][-1] == i - 2 and folded[i - 1] in CONNECTORS
                                                                 and not starts[i - 1])):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _split_run(run: list[int], toks: _Tokens, lex: Lexicon) -> list[list[int]]:
    """A run without its titles and stop words ("Presidenta Xiomara Castro" -> "Xiomara Castro")."""
    parts: list[list[int]] = [[]]
    for i in run:
        if toks.folded[i] in lex.titles or toks.folded[i] in lex.stopwords or toks.words[i].isdigit():
            parts.append([])
        else:
            parts[-1].append(i)
    return [p for p in parts if p]


def _terms(toks: _Tokens, lex: Lexicon, lang: str | None, keys: dict[str, None]) -> None:
    cached = lex.term_cache(lang).get
    for word, folded, used in zip(toks.words, toks.folded, toks.used):
        if not used:
            key = cached(folded, _MISSING)
            if key is _MISSING:
                key = lex.term_key(lang, folded, word.isupper())
            if key is not None:
                keys[key] = None  # type: ignore[index]


_MISSING = object()
