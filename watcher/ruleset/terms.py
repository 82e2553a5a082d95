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


class PatternTable:
    """Distinct automaton patterns, numbered. Several terms may share one pattern."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.patterns: list[str] = []
        self.ntokens: list[int] = []

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
