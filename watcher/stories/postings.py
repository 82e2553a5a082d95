"""The story index's postings: for each feature, the stories that have it (pure).

Most features of a busy window belong to one story, so a posting is that story's seq alone (an
int) until a second story has the feature; then it is a :class:`Posting`, a typed array of seqs.
"""

from __future__ import annotations

from array import array
from typing import Iterable, Sequence


class Posting:
    """The stories that have a feature, once two or more do (one story: its seq alone, an int,
    which is what most features of a busy window are: names and rare words of one story). The
    seqs are a typed array, not a list: the garbage collector has nothing to visit in them (a
    full window holds ~2 million)."""

    __slots__ = ("df", "seqs")

    def __init__(self, seqs: Iterable[int]) -> None:
        self.seqs = array("q", seqs)    # their seqs, oldest first (expired ones linger until compaction)
        self.df = len(self.seqs)        # stories in the index that have the feature


def newest(posting: Posting | int, scan: int) -> Sequence[int]:
    """The newest ``scan`` stories of a posting."""
    return (posting,) if posting.__class__ is int else posting.seqs[-scan:]  # type: ignore[union-attr]


def posting_seqs(posting: Posting | int | None) -> Sequence[int]:
    return [] if posting is None else [posting] if isinstance(posting, int) else posting.seqs


def top(hits: dict[int, float], n: int) -> list[tuple[float, int]]:
    """``heapq.nlargest(n, zip(hits.values(), hits.keys()))``: most shared weight first, then the
    newest. Cheaper: the n-th largest weight found by sorting the floats alone, then only the
    (weight, seq) pairs at or above it are made and sorted."""
    if len(hits) > n:
        least = sorted(hits.values(), reverse=True)[n - 1]
        pairs = [(w, seq) for seq, w in hits.items() if w >= least]
    else:
        pairs = list(zip(hits.values(), hits.keys()))
    pairs.sort(reverse=True)
    return pairs[:n]
