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

from watcher.slotstate import fast_state

# ISO 639-1 codes for the Snowball algorithms PyStemmer ships (the full names work too)
ISO = {"ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
       "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
       "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
       "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "fa": "persian",
       "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
       "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish"}
# stemmers that also remove word beginnings (articles, conjunctions, verb prefixes)
PREFIXING = frozenset({"arabic", "indonesian", "irish", "persian"})
# clitics written as part of the next word that a stemmer does not always remove
# (Arabic: and-, so-, with-, for-, as-, the-: "والمكسيك" is "and Mexico")
PROCLITICS = {"arabic": ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")}
_CACHE = 50_000
# Stemmers whose suffixes carry accents (-ía, -ará, -ção) see folded words without them: a word
# that fails is tried again with the accent back on one of its last vowels (deportaria -> deportaría).
ACCENTED = frozenset({"spanish", "portuguese", "italian", "catalan", "french"})
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}
_ENDINGS = (("cao", "ção"), ("coes", "ções"), ("oes", "ões"), ("ao", "ão"))


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


def accented(word: str) -> list[str]:
    """The word with an acute accent on each one of its last four letters that is a vowel, and
    with Portuguese nasal endings restored."""
    out = [word[:i] + _ACUTE[c] + word[i + 1:] for i, c in enumerate(word) if i >= len(word) - 4 and c in _ACUTE]
    out.extend(word[:-len(plain)] + marked for plain, marked in _ENDINGS if word.endswith(plain))
    return out


def common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


@fast_state
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
        if same_stem(self.algorithm, self.stem, word):
            return True
        for clitic in PROCLITICS.get(self.algorithm, ()):
            if word.startswith(clitic) and len(word) > len(clitic) + 1 and self.accepts(word[len(clitic):]):
                return True
        return False


@lru_cache(maxsize=_CACHE)
def same_stem(name: str, root: str, word: str) -> bool:
    """Does ``word`` (folded) have the stem ``root``, its accents back on if need be?"""
    if stem(name, word) == root:
        return True
    return name in ACCENTED and any(stem(name, w) == root for w in accented(word))
