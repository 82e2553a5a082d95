"""Per-language word lists of the story engine (data/language.yaml), loaded once (pure).

Owns stop words, the words that introduce a name ("Secretary", "presidenta"), number words,
scale words and Snowball stemmers by language code. Nothing here names a language: a language is
whatever codes data/language.yaml lists, and an entry in a language it does not list is folded and
compared without stemming.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Mapping

import Stemmer
import yaml

from watcher.textfold import WORD, fold


@dataclass(frozen=True)
class Lexicon:
    stopwords: frozenset[str]                      # folded, every language
    stopwords_by_lang: Mapping[str, frozenset[str]]
    titles: frozenset[str]                         # folded, every language
    numbers: Mapping[str, Mapping[str, int]]       # lang -> folded word -> value
    scales: Mapping[str, Mapping[str, int]]        # lang -> folded (space-joined) words -> factor
    ignore: tuple[str, ...]                        # as written (capitals matter, see concepts.py)
    stemmer_names: Mapping[str, str]
    previews: frozenset[str] = frozenset()         # folded phrases of a headline announcing what is to come
    _preview_starts: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    _stemmers: dict[str, Callable[[str], str]] = field(default_factory=dict, compare=False, repr=False)
    _terms: dict[str | None, dict[str, str | None]] = field(default_factory=dict, compare=False, repr=False)

    def term_key(self, lang: str | None, folded: str, capitals: bool) -> str | None:
        """``t:`` + the stem of a content word in ``lang``; None for stop words, number words,
        digits and single letters (a pure function, cached: see ``term_cache``)."""
        if len(folded) < 2:         # a single letter counts only in capitals ("Plan B"): not cached
            return self._term_key(lang, folded, capitals)
        cache = self.term_cache(lang)
        key = cache.get(folded, _MISSING)
        if key is _MISSING:
            if len(cache) >= 1 << 15:       # bounded: a few MB
                cache.clear()
            key = cache[folded] = self._term_key(lang, folded, capitals)
        return key  # type: ignore[return-value]

    def term_cache(self, lang: str | None) -> dict[str, str | None]:
        """``term_key(lang, folded, ...)`` of words of two letters or more (where capitals do not
        matter) as the calls so far found it: callers in a loop look here first."""
        cache = self._terms.get(lang)
        if cache is None:
            cache = self._terms[lang] = {}
        return cache

    def _term_key(self, lang: str | None, folded: str, capitals: bool) -> str | None:
        if folded in self.stopwords or folded in self.numbers.get(lang or "", ()) or folded.isdigit() \
                or (len(folded) < 2 and not capitals):
            return None
        return "t:" + self.stem(lang)(folded)

    def announces(self, folded_tokens: list[str]) -> bool:
        """Does a headline announce what is to come ("Noem will travel...", "Rubio visitará...")
        rather than report what happened? One to three words of ``previews`` in a row."""
        previews, first = self.previews, self.preview_starts
        for i, word in enumerate(folded_tokens):
            if word in first and (word in previews or " ".join(folded_tokens[i:i + 2]) in previews
                                  or " ".join(folded_tokens[i:i + 3]) in previews):
                return True
        return False

    @property
    def preview_starts(self) -> frozenset[str]:
        """The first words of ``previews`` (most headline words are none: one set look-up each)."""
        return self._preview_starts or self._first_words()

    def _first_words(self) -> frozenset[str]:
        starts = frozenset(p.split(" ", 1)[0] for p in self.previews)
        object.__setattr__(self, "_preview_starts", starts)
        return starts

    def language(self, code: str | None) -> str | None:
        """'en-US' -> 'en'; None when the code is empty."""
        if not code:
            return None
        return code.strip().lower().replace("_", "-").split("-")[0] or None

    def guess_language(self, folded_tokens: list[str]) -> str | None:
        """The language whose stop words occur most (at least twice), for entries without one."""
        best, best_hits = None, 1
        for lang, words in self.stopwords_by_lang.items():
            hits = sum(1 for t in folded_tokens if t in words)
            if hits > best_hits:
                best, best_hits = lang, hits
        return best

    def stem(self, lang: str | None) -> Callable[[str], str]:
        """The stemming function for a language (identity when there is no stemmer for it)."""
        if lang is None or lang not in self.stemmer_names:
            return _identity
        fn = self._stemmers.get(lang)
        if fn is None:
            # no cache of its own: term_key caches in front of it (PyStemmer's cache kept 40k small
            # lists the garbage collector walked at every full collection)
            fn = Stemmer.Stemmer(self.stemmer_names[lang], 0).stemWord
            self._stemmers[lang] = fn
        return fn


_MISSING = object()


def _identity(word: str) -> str:
    return word


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(" ".join(WORD.findall(fold(str(w)))) for w in words)


@lru_cache(maxsize=4)
def shipped_data(name: str) -> dict[str, Any]:
    """A YAML file of data/ (parsed with libyaml when PyYAML has it: these files are large)."""
    text = resources.files("watcher.stories").joinpath(f"data/{name}").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return dict(yaml.load(text, Loader=loader) or {})  # noqa: S506 - a safe loader


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return lexicon_from(shipped_data("language.yaml"))


def lexicon_from(data: Mapping[str, Any]) -> Lexicon:
    stop = {lang: _folded(words) for lang, words in dict(data.get("stopwords") or {}).items()}
    titles = dict(data.get("titles") or {})
    numbers = {lang: {fold(str(w)): int(v) for w, v in m.items()} for lang, m in dict(data.get("numbers") or {}).items()}
    scales = {lang: {" ".join(WORD.findall(fold(str(w)))): int(v) for w, v in m.items()}
              for lang, m in dict(data.get("scales") or {}).items()}
    ignore = tuple(str(w) for ws in dict(data.get("ignore") or {}).values() for w in ws)
    previews = frozenset().union(*(_folded(ws) for ws in dict(data.get("previews") or {}).values()))
    return Lexicon(
        stopwords=frozenset().union(*stop.values()), stopwords_by_lang=stop,
        titles=frozenset().union(*(_folded(ws) for ws in titles.values())), numbers=numbers, scales=scales,
        ignore=ignore, stemmer_names={str(k): str(v) for k, v in dict(data.get("stemmers") or {}).items()},
        previews=previews)
