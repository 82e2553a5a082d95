"""How much a shared feature says: rarity over the recent window, smoothed by a prior (pure).

A feature's weight is an inverse document frequency over the stories in the window,
``ln(N' / (df' + 1))``, where the counts include ``PSEUDO_STORIES`` imaginary background stories
in which the feature occurs with its prior probability: ``N' = N + PSEUDO_STORIES`` and
``df' = df + PSEUDO_STORIES * p(feature)``. With few stories in the window (a fresh start, a
dry run over a small file) the prior decides ("the" and "government" are common, "Noem" and
"extradition" are not); with thousands the window does ("Honduras" is everywhere in a Honduras
watch). The prior comes from ``wordfreq`` (word frequencies of many languages, shipped in its
wheel): a stem's probability is the sum over the words that stem to it, a concept's the sum over
its names.
"""

from __future__ import annotations

import bisect
import itertools
import math
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Protocol

import Stemmer

from watcher.stories.concepts import META, ConceptTable, default_table, is_acronym
from watcher.stories.lexicon import Lexicon, default_lexicon, shipped_data
from watcher.textfold import WORD, fold

PSEUDO_STORIES = 5000
WORDS_PER_ENTRY = 40                # a headline and a lead: word frequency -> document frequency
KIND_FACTOR = {"e": 1.5, "c": 1.0, "n": 1.0, "t": 1.0}
IDF_FLOOR = 2.0                     # subtracted: a feature in one story of ~7 weighs nothing
COUNTRY_PROBABILITY = 0.02          # countries are context, never the news by themselves
DEFAULT_PROBABILITY = {"e": 1e-4, "c": 3e-3, "n": 5e-3, "t": 1e-4}
WORDLIST = "small"                  # the 'small' lists: ~30k words per language, ~4 MB in memory each


class Prior(Protocol):
    def probability(self, key: str) -> float: ...


class FlatPrior:
    """Every feature of a kind equally likely (no frequency list: measured in bench/stories.py)."""

    def __init__(self, table: ConceptTable | None = None) -> None:
        self.countries = frozenset("c:" + c for c in (table or default_table()).countries)

    def probability(self, key: str) -> float:
        return COUNTRY_PROBABILITY if key in self.countries else DEFAULT_PROBABILITY.get(key[0], 1e-3)


class WordfreqPrior:
    """Probabilities from wordfreq's lists for the languages the lexicon stems.

    Built one language at a time (only one list's words in memory at once), then kept compact
    (``FrozenFloats``: ~20 bytes a key instead of a dict entry's ~100): the stems' probabilities,
    each word's frequency in the language where it is most frequent (entities), and a small dict
    of the concepts'. wordfreq's own caches of its lists are emptied after each read."""

    def __init__(self, lex: Lexicon, concepts: Mapping[str, list[str]], countries: frozenset[str]) -> None:
        # lazy import for start-up speed: wordfreq (and its msgpack lists) costs ~0.3 s and only
        # the story engine's first weighing needs it, never `check`, `status` or `feeds`
        import wordfreq

        self.countries = frozenset("c:" + c for c in countries)
        stems: dict[str, float] = {}       # stem (no "t:") -> probability
        self.words: list[FrozenFloats] = []     # by language, for entities
        names = {cid: [_term_tokens(t) for t in terms] for cid, terms in concepts.items()}
        best = {cid: [0.0] * len(terms) for cid, terms in concepts.items()}
        for lang in lex.stemmer_names:
            if lang not in wordfreq.available_languages(WORDLIST):
                continue
            freqs = _folded_frequencies(lang)
            _add_stems(stems, freqs, lex.stemmer_names[lang])
            ordered = sorted(freqs)
            for cid, row in best.items():
                for i, tokens in enumerate(names[cid]):
                    if tokens is not None:
                        row[i] = max(row[i], _term_frequency(tokens, freqs, ordered))
            self.words.append(FrozenFloats(ordered, [freqs[w] for w in ordered]))
            del freqs, ordered
        self.concepts = FrozenFloats.of({"c:" + cid: min(0.5, WORDS_PER_ENTRY * sum(row)) for cid, row in best.items()})
        self.stems = FrozenFloats.of(stems)

    @classmethod
    def from_tables(cls, countries: frozenset[str], stems: FrozenFloats, concepts: FrozenFloats,
                    words: list[FrozenFloats]) -> WordfreqPrior:
        """A prior from the tables a built one holds (``countries`` with their "c:"): what a cache
        of built priors restores, without wordfreq or the stemmers."""
        prior = cls.__new__(cls)
        prior.countries, prior.stems, prior.concepts, prior.words = countries, stems, concepts, list(words)
        return prior

    def probability(self, key: str) -> float:
        if key in self.countries:
            return COUNTRY_PROBABILITY
        if key[0] == "e":
            word = key[2:]
            freq = max((f.get(word) or 0.0 for f in self.words), default=0.0)
            return min(0.5, WORDS_PER_ENTRY * freq) if freq else DEFAULT_PROBABILITY["e"]
        p = self.stems.get(key[2:]) if key[0] == "t" else self.concepts.get(key)
        return DEFAULT_PROBABILITY.get(key[0], 1e-3) if p is None else min(0.5, max(p, 1e-6))


class FrozenFloats:
    """A read-only str -> float mapping in three flat buffers: the keys' UTF-8 bytes in sorted
    order, their offsets and the values (exact doubles); a look-up is a binary search."""

    __slots__ = ("_blob", "_ends", "_values", "_index")

    def __init__(self, keys: list[str], values: list[float]) -> None:
        """``keys`` sorted (code point order: the order of their UTF-8 bytes), ``values`` theirs."""
        self._blob = "".join(keys).encode("utf-8")
        self._ends = array("I", itertools.accumulate(map(len, map(str.encode, keys))))
        self._values: array[float] = array("d", values)
        self._index = range(len(keys))

    @classmethod
    def of(cls, items: Mapping[str, float]) -> FrozenFloats:
        keys = sorted(items)
        return cls(keys, [items[k] for k in keys])

    @classmethod
    def from_buffers(cls, blob: bytes, ends: array[int], values: array[float]) -> FrozenFloats:
        """The table whose ``buffers()`` these are (checked for shape, not for order)."""
        if ends.typecode != "I" or values.typecode != "d" or len(ends) != len(values) \
                or (ends[-1] if ends else 0) != len(blob):
            raise ValueError("the buffers of a FrozenFloats do not fit together")
        table = cls.__new__(cls)
        table._blob, table._ends, table._values, table._index = blob, ends, values, range(len(values))
        return table

    def buffers(self) -> tuple[bytes, array[int], array[float]]:
        """The keys' UTF-8 bytes, their end offsets and the values (for ``from_buffers``)."""
        return self._blob, self._ends, self._values

    def __len__(self) -> int:
        return len(self._values)

    def _key(self, i: int) -> bytes:
        return self._blob[self._ends[i - 1] if i else 0:self._ends[i]]

    def get(self, key: str) -> float | None:
        target = key.encode("utf-8")
        i = bisect.bisect_left(self._index, target, key=self._key)
        if i < len(self._values) and self._key(i) == target:
            value: float = self._values[i]
            return value
        return None


def _add_stems(table: dict[str, float], freqs: dict[str, float], algorithm: str) -> None:
    for stem, freq in zip(Stemmer.Stemmer(algorithm).stemWords(list(freqs)), freqs.values()):
        table[stem] = table.get(stem, 0.0) + WORDS_PER_ENTRY * freq


def _folded_frequencies(lang: str) -> dict[str, float]:
    import wordfreq  # lazy import for start-up speed (see WordfreqPrior)

    freqs: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict(lang, WORDLIST).items():
        key = fold(word)
        freqs[key] = freqs.get(key, 0.0) + freq
    # wordfreq keeps every list it read (an unbounded lru_cache, ~3.5 MB a language): nothing else
    # in the daemon reads them
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.get_frequency_list.cache_clear()
    return freqs


def _term_tokens(term: str) -> tuple[bool, list[str]] | None:
    """A concept name as (a prefix?, its folded words); None when it has no frequency (no words,
    or only acronyms)."""
    raw = term.strip()
    tokens = WORD.findall(raw.rstrip("*"))
    if not tokens or all(is_acronym(t) for t in tokens):
        return None
    return raw.endswith("*") and len(tokens) == 1, [fold(t) for t in tokens]


def _term_frequency(tokens: tuple[bool, list[str]], freqs: Mapping[str, float], ordered: list[str]) -> float:
    """A concept name's frequency in one language (the caller keeps the most frequent language's):
    a word's own, a phrase's rarest word's (a bound), a prefix's summed over the words that start
    with it."""
    prefix, folded = tokens
    if prefix:
        return _prefix_sum(folded[0], ordered, freqs)
    return min(freqs.get(t, 0.0) for t in folded) / float(4 ** (len(folded) - 1))


def _prefix_sum(prefix: str, ordered: list[str], freqs: Mapping[str, float]) -> float:
    i = bisect.bisect_left(ordered, prefix)
    total = 0.0
    while i < len(ordered) and ordered[i].startswith(prefix):
        total += freqs[ordered[i]]
        i += 1
    return total


class Weights:
    """Weights of features given the window's document frequencies."""

    CACHE = 1 << 15

    def __init__(self, prior: Prior) -> None:
        self.prior = prior
        self._pseudo: dict[str, float] = {}        # key -> pseudo df (a pure function: cached)

    def pseudo_df(self, key: str) -> float:
        """The feature's document frequency among the imaginary background stories."""
        pseudo = self._pseudo.get(key)
        if pseudo is None:
            if len(self._pseudo) >= self.CACHE:
                self._pseudo.clear()
            pseudo = self._pseudo[key] = PSEUDO_STORIES * self.prior.probability(key)
        return pseudo

    def weight(self, key: str, df: int, stories: int) -> float:
        idf = math.log((stories + PSEUDO_STORIES) / (df + self.pseudo_df(key) + 1.0))
        return max(idf - IDF_FLOOR, 0.0) * KIND_FACTOR.get(key[0], 1.0)


@dataclass(frozen=True)
class PriorInputs:
    """What the shipped prior is built from (besides wordfreq's lists, the stemmers and this
    module's code): the lexicon's stemmers by language, every concept's and place's names, the
    countries. ``fingerprint`` is all of it (and this module's constants) as one string, for a
    cache of built priors."""

    lexicon: Lexicon
    concepts: Mapping[str, list[str]]
    countries: frozenset[str]

    def build(self) -> WordfreqPrior:
        return WordfreqPrior(self.lexicon, self.concepts, self.countries)

    def fingerprint(self) -> str:
        return repr((WORDLIST, WORDS_PER_ENTRY, sorted(self.lexicon.stemmer_names.items()),
                     sorted(self.concepts.items()), sorted(self.countries)))


def default_inputs() -> PriorInputs:
    """The inputs of the shipped prior: data/language.yaml's stemmers, data/concepts.yaml's places
    and concepts."""
    data = shipped_data("concepts.yaml")
    concepts: dict[str, list[str]] = {}
    for section in ("places", "concepts"):
        for cid, names in dict(data.get(section) or {}).items():
            concepts[str(cid)] = [str(t) for lang, terms in names.items() if lang not in META for t in (terms or [])]
    return PriorInputs(default_lexicon(), concepts, default_table().countries)


@lru_cache(maxsize=1)
def default_prior() -> Prior:
    """The shipped prior, built (about a second of CPU; the daemon and the CLI load it from a
    cache: watcher/pipeline/priorcache.py)."""
    return default_inputs().build()
