"""Stemmed terms: a word of a list with a language matches every word with the same Snowball stem.

``deportar`` in a Spanish list matches *deportó*, *deportaron*, *deportados*; ``deport`` in an
English list matches *deports*, *deported*, *deportation*. The automaton finds candidates by
the part the term's folded word shares with its stem (``" deport"``; inside a word for languages
whose stemmer also removes prefixes, such as Arabic's article), and each candidate word is then
stemmed and compared, so matching stays one automaton pass. Words are folded before stemming,
exactly like terms. A list's ``except`` words (``deporte*``) never count even when their stem
is the same: Spanish *deportes* (sports) shares the stem of *deportar*.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import Stemmer

# ISO 639-1 codes for the Snowball algorithms PyStemmer ships (the full names work too)
ISO = {"ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
       "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
       "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
       "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "fa": "persian",
       "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
       "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish"}
# stemmers that also remove word beginnings (articles, conjunctions, verb prefixes)
PREFIXING = frozenset({"arabic", "indonesian", "irish", "persian"})
_CACHE = 50_000


def algorithm(lang: str) -> str | None:
    """The Snowball algorithm for a language code or name, None if there is none."""
    name = ISO.get(lang.lower(), lang.lower())
    return name if name in Stemmer.algorithms() else None


def languages() -> list[str]:
    return sorted(ISO)


@lru_cache(maxsize=None)
def _stemmer(name: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(name, _CACHE)


def stem(name: str, word: str) -> str:
    return _stemmer(name).stemWord(word) or word


def common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


@dataclass(frozen=True, slots=True)
class StemCheck:
    """Accepts a candidate hit when the word it ends in has ``stem`` and is no exception."""

    pid: int                      # the pattern id the accepted hit is reported as
    algorithm: str
    stem: str
    exact: frozenset[str]         # excepted words
    prefixes: tuple[str, ...]     # excepted word beginnings

    def word_at(self, text: str, end: int) -> str:
        start = text.rfind(" ", 0, end + 1) + 1
        stop = text.find(" ", end)
        return text[start:stop if stop >= 0 else len(text)]

    def accepts(self, word: str) -> bool:
        if word in self.exact or (self.prefixes and word.startswith(self.prefixes)):
            return False
        return stem(self.algorithm, word) == self.stem
