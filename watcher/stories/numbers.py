"""Numbers in text, normalised across writing conventions (pure).

``1.250``, ``1,250``, ``1250`` and ``1 250`` are all 1250: a separator followed by exactly three
digits groups thousands, any other separator is the decimal mark (``3,5`` = ``3.5``). A scale word
multiplies (``1,5 millones`` = ``1.5 million`` = 1500000) and number words count
(``tres`` = ``three`` = 3) in the languages data/language.yaml lists. Digits glued to letters
(``G20``, ``COVID-19``) are names, not numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Iterable, Mapping

from watcher.textfold import fold

_NUMBER = re.compile(
    r"(?<![\w.,])(?<![^\W\d_]-)"
    r"(\d{1,3}(?:([.,\u00a0\u202f\u2009 ])\d{3})(?:\2\d{3})*|\d+)"
    r"(?:[.,](\d+))?(?!\d)")
_DIGIT = re.compile(r"\d")
_AFTER = re.compile(r"\s?([^\W\d_]+(?:\s[^\W\d_]+)?)")


def parse_number(whole: str, sep: str | None, decimals: str | None) -> Decimal:
    digits = whole.replace(sep, "") if sep else whole
    return Decimal(f"{digits}.{decimals}" if decimals else digits)


def number_text(value: Decimal) -> str:
    """``Decimal('1250.0')`` -> ``'1250'``; ``Decimal('1.50')`` -> ``'1.5'``."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def find_numbers(text: str, scales: Mapping[str, int]) -> list[str]:
    """Every number written with digits in ``text``, normalised, in order."""
    found: list[str] = []
    if not _DIGIT.search(text):     # most headlines: skip the lookbehinds tried at every position
        return found
    for m in _NUMBER.finditer(text):
        try:
            value = parse_number(m.group(1), m.group(2), m.group(3))
        except InvalidOperation:
            continue
        value *= _scale(text, m.end(), scales)
        found.append(number_text(value))
    return found


def _scale(text: str, end: int, scales: Mapping[str, int]) -> int:
    after = _AFTER.match(text, end)
    if not after:
        return 1
    words = fold(after.group(1)).split()
    for n in (2, 1):
        factor = scales.get(" ".join(words[:n])) if len(words) >= n else None
        if factor:
            return factor
    return 1


def word_numbers(folded_tokens: Iterable[str], words: Mapping[str, int]) -> list[str]:
    """Numbers written as words (``tres``, ``twelve``) among folded tokens."""
    return [str(words[t]) for t in folded_tokens if t in words]
