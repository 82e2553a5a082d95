"""Terms of the rule language and the table of automaton patterns they compile to.

A term is a word (``Honduras``), a phrase (``carta de intención``, also written with quotes),
or either with a trailing ``*`` wildcard on its last word (``extradit*``, ``datos biométric*``).
Terms are folded like entry text, so case, accents, hyphens, punctuation and line breaks never
matter. Every distinct folded term becomes one pattern of the shared Aho-Corasick automaton; the
scanned text is ``" tok tok tok "``, so word boundaries are literal spaces: a word is
``" honduras "``, a prefix ``" extradit"``, a phrase ``" carta de intencion "``.
"""

from __future__ import annotations

from dataclasses import dataclass

from watcher.messages import excerpt
from watcher.ruleset.stems import PREFIXING, StemCheck, common_prefix, stem
from watcher.textfold import WORD, fold

MIN_PREFIX = 3


class TermError(ValueError):
    """A term that cannot be compiled; the message says why."""


@dataclass(frozen=True, slots=True)
class Term:
    display: str   # as the rule author wrote it
    pattern: str   # automaton key
    ntokens: int
    prefix: bool


def parse_term(raw: str) -> Term:
    text = raw.strip()
    quoted = len(text) >= 2 and text[0] == text[-1] == '"'
    if quoted:
        text = text[1:-1]
    prefix = not quoted and text.endswith("*")
    body = text[:-1] if prefix else text
    if not quoted and "*" in body:
        raise TermError(f"wildcard '*' is only allowed at the end of a term (got {excerpt(raw)})")
    words = WORD.findall(fold(body))
    if not words:
        raise TermError(f"term {excerpt(raw)} has no letters or digits")
    if prefix:
        if body.rstrip() != body or not body[-1:].isalnum():
            raise TermError(f"wildcard must follow a letter: write 'extradit*' (got {excerpt(raw)})")
        if len(words[-1]) < MIN_PREFIX:
            raise TermError(f"prefix '{words[-1]}*' is too short (at least {MIN_PREFIX} letters)")
        pattern = " " + " ".join(words)
    else:
        pattern = " " + " ".join(words) + " "
    return Term(display=raw.strip(), pattern=pattern, ntokens=len(words), prefix=prefix)


def stem_candidate(raw: str, algorithm: str) -> tuple[Term, str] | None:
    """For a word or phrase of a list with a language: the candidate pattern the automaton looks
    for and the stem its last word must have; None when the term is matched as written (a
    wildcard, a quoted term, or a stem too short to find candidates by)."""
    text = raw.strip()
    if text.endswith("*") or (len(text) >= 2 and text[0] == text[-1] == '"'):
        return None
    words = WORD.findall(fold(text))
    if not words:
        return None
    last = words[-1]
    root = stem(algorithm, last)
    core = root if algorithm in PREFIXING and len(words) == 1 and root in last else common_prefix(last, root)
    if len(core) < MIN_PREFIX:
        return None
    if algorithm in PREFIXING and len(words) == 1:
        pattern = core                       # anywhere in a word: the stemmer strips beginnings too
    else:
        pattern = " " + " ".join([*words[:-1], core])
    return Term(display=text, pattern=pattern, ntokens=len(words), prefix=True), root


class PatternTable:
    """Distinct automaton patterns, numbered. Several terms may share one pattern. A stemmed
    term is a virtual pattern: its hits are the candidate pattern's hits whose word has the stem."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.patterns: list[str] = []
        self.ntokens: list[int] = []
        self.virtual: set[int] = set()
        self.checks: dict[int, list[StemCheck]] = {}   # candidate pid -> stem checks

    def add_stem(self, candidate: Term, algorithm: str, root: str, excepted: tuple[str, ...]) -> int:
        """``excepted``: folded words, a trailing * for word beginnings."""
        cand = self.add(candidate)
        key = "\x00".join((algorithm, root, str(cand), *sorted(excepted)))
        pid = self.ids.get(key)
        if pid is None:
            pid = len(self.patterns)
            self.ids[key] = pid
            self.patterns.append(candidate.pattern)
            self.ntokens.append(candidate.ntokens)
            self.virtual.add(pid)
            exact = frozenset(w for w in excepted if not w.endswith("*"))
            prefixes = tuple(w[:-1] for w in excepted if w.endswith("*"))
            self.checks.setdefault(cand, []).append(StemCheck(pid, algorithm, root, exact, prefixes))
        return pid

    def add(self, term: Term) -> int:
        pid = self.ids.get(term.pattern)
        if pid is None:
            pid = len(self.patterns)
            self.ids[term.pattern] = pid
            self.patterns.append(term.pattern)
            self.ntokens.append(term.ntokens)
        return pid

    def __len__(self) -> int:
        return len(self.patterns)
