"""Scanning entries with the compiled automaton and turning hits into explained matches (pure).

One Aho-Corasick automaton (pyahocorasick) holds every pattern of every rule. An entry is folded
and tokenised once, its three fields joined into one string (``\\x1f`` between fields keeps
phrases from spanning fields), and scanned once. Only rules that have one of their trigger
patterns among the hits are evaluated; rules without triggers (regex-only) always are.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from watcher.ruleset.conditions import ALL_FIELDS, FIELDS
from watcher.textfold import WORD, fold, strip_accents

SNIPPET_TOKENS = 14      # words of context on each side of the first hit
SNIPPET_WHOLE = 240      # texts up to this length are shown whole


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
        for start, end in self.highlights:
            out.append(self.text[last:start] + left + self.text[start:end] + right)
            last = end
        return "".join(out) + self.text[last:]

    def to_json(self) -> dict[str, object]:
        return {"field": self.field, "text": self.text, "highlights": [list(h) for h in self.highlights]}


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule_id: str
    terms: tuple[str, ...]
    fields: tuple[str, ...]
    snippet: Snippet | None


class Automaton:
    def __init__(self, patterns: list[str]) -> None:
        self._auto = ahocorasick.Automaton()
        for pid, pattern in enumerate(patterns):
            self._auto.add_word(pattern, pid)
        self._empty = not patterns
        if patterns:
            self._auto.make_automaton()

    def scan(self, text: str) -> list[tuple[int, int]]:
        return [] if self._empty else list(self._auto.iter(text))


class ScannedDocument:
    """An entry after one automaton pass: pattern masks per field, lazily token positions."""

    __slots__ = ("doc", "tokens", "text", "bounds", "hits", "masks", "_positions", "_plain", "_plens")

    def __init__(self, doc: Document, automaton: Automaton, plens: list[int]) -> None:
        self.doc = doc
        self.tokens = (WORD.findall(fold(doc.title)), WORD.findall(fold(doc.summary)),
                       WORD.findall(fold(doc.content)))
        a, b, c = (" ".join(t) for t in self.tokens)
        self.text = f" {a} \x1f {b} \x1f {c} "
        b1 = len(a) + 2
        b2 = b1 + len(b) + 3
        self.bounds = (0, b1 + 1, b2 + 1)
        self.hits = automaton.scan(self.text)
        masks: dict[int, int] = {}
        for end, pid in self.hits:
            bit = 1 if end < b1 else (2 if end < b2 else 4)
            masks[pid] = masks.get(pid, 0) | bit
        self.masks = masks
        self._positions: dict[int, list[tuple[int, int]]] | None = None
        self._plain: dict[int, str] = {}
        self._plens = plens  # character length of each pattern

    def positions(self, pid: int) -> list[tuple[int, int]]:
        if self._positions is None:
            self._positions = self._index_positions()
        return self._positions.get(pid, [])

    def _index_positions(self) -> dict[int, list[tuple[int, int]]]:
        out: dict[int, list[tuple[int, int]]] = {}
        text, bounds = self.text, self.bounds
        for end, pid in self.hits:
            fld = 0 if end < bounds[1] else (1 if end < bounds[2] else 2)
            # pattern = " w1 w2" or " w1 w2 ": its first token starts one past its leading space
            start = end - self._plens[pid] + 2
            token = text.count(" ", bounds[fld], start) - 1
            out.setdefault(pid, []).append((fld, token))
        return out

    def plain(self, field_index: int) -> str:
        text = self._plain.get(field_index)
        if text is None:
            text = self._plain[field_index] = strip_accents(self.doc.field(field_index))
        return text


def build_snippet(doc: Document, scanned: ScannedDocument, spots: list[tuple[int, int, int]]) -> Snippet | None:
    """``spots``: (field, first token, token count) of each hit to highlight."""
    if not spots:
        return None
    fld = min(s[0] for s in spots)
    original = doc.field(fld)
    words = list(WORD.finditer(original))
    folded_to_word: list[int] = []
    for w_index, m in enumerate(words):
        folded_to_word.extend([w_index] * len(WORD.findall(fold(m.group()))))
    if len(folded_to_word) != len(scanned.tokens[fld]):
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
        w = folded_to_word[min(s[1] for s in spots if s[0] == fld)]
        lo = words[max(0, w - SNIPPET_TOKENS)].start()
        hi = words[min(len(words) - 1, w + SNIPPET_TOKENS)].end()
    text, shift = _cut(original, lo, hi)
    highlights = []
    for start, end in _merge(spans):
        if start >= lo and end <= hi:
            highlights.append((start - lo + shift, end - lo + shift))
    return Snippet(FIELDS[fld], text, tuple(highlights))


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


__all__ = ["ALL_FIELDS", "Automaton", "Document", "RuleMatch", "ScannedDocument", "Snippet", "build_snippet",
           "fields_of"]
