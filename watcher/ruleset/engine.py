"""Scanning entries with the compiled automaton and turning hits into explained matches (pure).

One Aho-Corasick automaton (pyahocorasick) holds every pattern of every rule. An entry is folded
and tokenised once, its three fields joined into one string (``\\x1f`` between fields keeps
phrases from spanning fields), and scanned once. Only rules that have one of their trigger
patterns among the hits are evaluated; rules without triggers (regex-only) always are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

import ahocorasick

from watcher.ruleset.conditions import ALL_FIELDS, FIELDS
from watcher.slotstate import fast_state
from watcher.textfold import RAW_WORD, WORD, abbreviation_end, field_texts, fold, strip_accents

# Characters outside ASCII, Latin letters, combining marks and general punctuation may fold
# into a different number of tokens (½ -> 1⁄2, ™ -> TM); texts with them take the slow path.
_RISKY = re.compile("[^\x00-\u00bb\u00bf-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")
SNIPPET_TOKENS = 14      # words of context on each side of the first hit
SNIPPET_WHOLE = 240      # texts up to this length are shown whole


@fast_state
@dataclass(frozen=True, slots=True)
class Document:
    """The text of one entry, as matching sees it."""

    title: str = ""
    summary: str = ""
    content: str = ""

    def field(self, index: int) -> str:
        return (self.title, self.summary, self.content)[index]


@dataclass(frozen=True, slots=True)
class Snippet:
    field: str
    text: str
    highlights: tuple[tuple[int, int], ...]   # character spans inside ``text``

    def marked(self, left: str = "«", right: str = "»") -> str:
        out, last = [], 0
        for start, span_end in self.highlights:
            if start < last:
                continue
            end = abbreviation_end(self.text, start, span_end)     # «EE. UU.», not «EE. UU».
            out.append(self.text[last:start] + left + self.text[start:end] + right)
            last = end
        return "".join(out) + self.text[last:]

    def to_json(self) -> dict[str, object]:
        return {"field": self.field, "text": self.text, "highlights": [list(h) for h in self.highlights]}


class RuleMatch(NamedTuple):
    """One rule that matched one entry, with its explanation (empty when not asked for)."""

    rule_id: str
    terms: tuple[str, ...]
    fields: tuple[str, ...]
    snippet: Snippet | None


_second = itemgetter(1)


class Automaton:
    """``virtual`` patterns are not searched: they are reported where a ``checks`` entry of a
    searched pattern accepts the word of its hit (stemmed terms, :mod:`watcher.ruleset.stems`)."""

    def __init__(self, patterns: list[str], virtual: set[int] | frozenset[int] = frozenset(),
                 checks: dict[int, list[Any]] | None = None) -> None:
        self._auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)   # pattern ids inside the nodes
        # in sorted order, the trie nodes of words sharing a beginning are allocated near each
        # other: a scan walks fewer cache lines (~8% at 47k patterns)
        for pid, pattern in sorted(enumerate(patterns), key=itemgetter(1)):
            if pid not in virtual:
                self._auto.add_word(pattern, pid)
        self._empty = len(patterns) == len(virtual)
        self._checks = checks or {}
        self.checks = bool(self._checks)
        if not self._empty:
            self._auto.make_automaton()

    def patterns_in(self, text: str) -> set[int]:
        """The ids of the patterns ``text`` contains, when there are no stem checks (the set of
        :meth:`scan`'s pattern ids, without keeping where each hit was)."""
        if self._empty:
            return set()
        return set(map(_second, self._auto.iter(text)))

    def scan(self, text: str) -> list[tuple[int, int]]:
        if self._empty:
            return []
        hits = list(self._auto.iter(text))
        checks = self._checks
        if checks:
            extra: list[tuple[int, int]] = []
            for end, pid in hits:
                found = checks.get(pid)
                if found:
                    word = found[0].word_at(text, end)
                    extra.extend((end, check.pid) for check in found if check.accepts(word))
            hits.extend(extra)
        return hits


class PreparedText:
    """An entry folded and tokenised once: the three fields joined into one scan string."""

    __slots__ = ("doc", "_tokens", "text", "b1", "b2")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        a, b, c = field_texts((doc.title, doc.summary, doc.content))
        self.text = f" {a} \x1f {b} \x1f {c} "
        self.b1 = len(a) + 2          # offset of the first field separator
        self.b2 = self.b1 + len(b) + 3
        self._tokens: tuple[list[str], list[str], list[str]] | None = None

    @property
    def tokens(self) -> tuple[list[str], list[str], list[str]]:
        """The folded tokens of each field (for snippets and explanations: split on demand)."""
        if self._tokens is None:
            text, b1, b2 = self.text, self.b1, self.b2
            self._tokens = (text[1:b1 - 1].split(), text[b1 + 2:b2 - 1].split(), text[b2 + 2:-1].split())
        return self._tokens


class ScannedDocument:
    """An entry after one automaton pass: the patterns it contains and, lazily, where.

    Built from the scan's hit list (``hits``: (end, pattern) pairs) when the matcher has it, or
    from the set of patterns alone (``pids``): then a pattern's occurrences are found when a
    rule first asks for them (fields or token positions), by searching the scan text for that
    one pattern, the same occurrences the automaton reports (no stemmed pattern is found this
    way: the matcher keeps the hit list whenever the automaton has stem checks)."""

    __slots__ = ("doc", "prepared", "text", "bounds", "hits", "pids", "_masks", "_positions", "_ends", "_plain",
                 "_patterns", "_words")

    def __init__(self, prepared: PreparedText, automaton: Automaton | None, patterns: list[str],
                 hits: list[tuple[int, int]] | None = None, pids: set[int] | None = None) -> None:
        self.doc = prepared.doc
        self.prepared = prepared
        self.text = prepared.text
        self.bounds = (0, prepared.b1 + 1, prepared.b2 + 1)
        if hits is None and pids is None:
            hits = automaton.scan(self.text)  # type: ignore[union-attr]
        self.hits = hits
        self.pids = pids if pids is not None else set(map(itemgetter(1), hits or ()))   # patterns seen anywhere
        self._masks: dict[int, int] = {}
        self._positions: dict[int, list[tuple[int, int]]] = {}
        self._ends: dict[int, list[int]] | None = None
        self._plain: dict[int, str] = {}
        self._patterns = patterns
        self._words: dict[int, tuple[list[re.Match[str]], list[int] | range | None]] = {}

    @property
    def tokens(self) -> tuple[list[str], list[str], list[str]]:
        return self.prepared.tokens

    def ends(self, pid: int) -> list[int]:
        """Where each occurrence of pattern ``pid`` ends in the scan text (its last character)."""
        ends = self._ends
        if ends is None:
            ends = self._ends = {}
            if self.hits is not None:        # one pass over the hits: pattern -> hit ends
                for end, hit in self.hits:
                    ends.setdefault(hit, []).append(end)
        found = ends.get(pid)
        if found is None:
            found = ends[pid] = [] if self.hits is not None or pid not in self.pids else self._search(pid)
        return found

    def _search(self, pid: int) -> list[int]:
        pattern, text = self._patterns[pid], self.text
        last = len(pattern) - 1
        out = []
        at = text.find(pattern)
        while at >= 0:
            out.append(at + last)
            at = text.find(pattern, at + 1)      # overlapping occurrences too, as the automaton
        return out

    def mask_of(self, pid: int) -> int:
        """The fields pattern ``pid`` occurred in (bits: title=1, summary=2, content=4; 0: none)."""
        mask = self._masks.get(pid)
        if mask is None:
            mask = 0
            if pid in self.pids:
                b1, b2 = self.bounds[1] - 1, self.bounds[2] - 1
                for end in self.ends(pid):
                    mask |= 1 if end < b1 else (2 if end < b2 else 4)
            self._masks[pid] = mask
        return mask

    def positions(self, pid: int) -> list[tuple[int, int]]:
        """(field, token index) of every occurrence of pattern ``pid``, computed on demand."""
        found = self._positions.get(pid)
        if found is None:
            found = self._positions[pid] = []
            if pid in self.pids:
                text, bounds, plen = self.text, self.bounds, len(self._patterns[pid])
                for end in self.ends(pid):
                    fld = 0 if end < bounds[1] else (1 if end < bounds[2] else 2)
                    # pattern = " w1 w2" or " w1 w2 ": its first token starts one past its leading space
                    token = text.count(" ", bounds[fld], end - plen + 2) - 1
                    found.append((fld, token))
        return found

    def word_map(self, fld: int) -> tuple[list[re.Match[str]], list[int] | range | None]:
        """:func:`word_map` of a field, worked out once for all the rules an entry matched."""
        found = self._words.get(fld)
        if found is None:
            found = self._words[fld] = word_map(self.doc.field(fld), self.tokens[fld])
        return found

    def plain(self, field_index: int) -> str:
        text = self._plain.get(field_index)
        if text is None:
            text = self._plain[field_index] = strip_accents(self.doc.field(field_index))
        return text


def word_map(original: str, tokens: list[str]) -> tuple[list[re.Match[str]], list[int] | range | None]:
    """The words of a field's original text and, for each folded token, the word it comes from
    (None when the two cannot be lined up: the snippet then shows the text without highlights)."""
    words = list(RAW_WORD.finditer(original))
    folded_to_word: list[int] | range
    if len(words) == len(tokens) and not _RISKY.search(original):
        folded_to_word = range(len(words))   # Latin text: every word folds to exactly one token
    else:
        folded_to_word = []
        for w_index, m in enumerate(words):
            word = m.group()
            count = 1 if word.isascii() else len(WORD.findall(fold(word)))
            folded_to_word.extend([w_index] * count)
    return words, (folded_to_word if len(folded_to_word) == len(tokens) else None)


def build_snippet(doc: Document, scanned: ScannedDocument, spots: list[tuple[int, int, int]]) -> Snippet | None:
    """``spots``: (field, first token, token count) of each hit to highlight."""
    if not spots:
        return None
    fld = min(s[0] for s in spots)
    original = doc.field(fld)
    words, folded_to_word = scanned.word_map(fld) if doc is scanned.doc else word_map(original, scanned.tokens[fld])
    if folded_to_word is None:
        return Snippet(FIELDS[fld], _cut(original, 0, min(len(original), SNIPPET_WHOLE))[0], ())
    spans = []
    for f, tok, count in sorted(spots):
        if f != fld or tok + count - 1 >= len(folded_to_word):
            continue
        first, last = words[folded_to_word[tok]], words[folded_to_word[tok + count - 1]]
        spans.append((first.start(), last.end()))
    if not spans:
        return None
    if len(original) <= SNIPPET_WHOLE:
        lo, hi = 0, len(original)
    else:
        w = folded_to_word[_busiest(sorted(s[1] for s in spots if s[0] == fld))]
        lo = words[max(0, w - SNIPPET_TOKENS)].start()
        hi = words[min(len(words) - 1, w + SNIPPET_TOKENS)].end()
    text, shift = _cut(original, lo, hi)
    highlights = []
    for start, end in _merge(spans):
        if start >= lo and end <= hi:
            highlights.append((start - lo + shift, end - lo + shift))
    return Snippet(FIELDS[fld], text, tuple(highlights))


def _busiest(tokens: list[int]) -> int:
    """The centre of the snippet window that shows the most hits (the first hit on a tie)."""
    best, centre, hi = 0, tokens[0], 0
    for lo, first in enumerate(tokens):          # tokens are sorted: one sliding window, O(n)
        while hi < len(tokens) and tokens[hi] - first <= 2 * SNIPPET_TOKENS:
            hi += 1
        if hi - lo > best:
            best, centre = hi - lo, (first + tokens[hi - 1]) // 2
    return centre


def merge_snippets(snippets: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """One snippet for a story several rules matched: the first one, with the highlights of
    every other snippet of the same text added (so every listed term is marked)."""
    present = [s for s in snippets if s]
    if not present:
        return None
    first = present[0]
    spans = [tuple(h) for s in present if s.get("field") == first.get("field") and s.get("text") == first.get("text")
             for h in s.get("highlights", [])]
    return {**first, "highlights": [list(h) for h in _merge(spans)]}


def _cut(text: str, lo: int, hi: int) -> tuple[str, int]:
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    body = text[lo:hi].replace("\r", " ").replace("\n", " ")
    return prefix + body + suffix, len(prefix)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def fields_of(mask: int) -> tuple[str, ...]:
    return tuple(name for i, name in enumerate(FIELDS) if mask & (1 << i))


__all__ = ["ALL_FIELDS", "Automaton", "Document", "PreparedText", "RuleMatch", "ScannedDocument", "Snippet", "build_snippet",
           "fields_of", "merge_snippets"]
