"""Case and accent folding, and tokenisation, shared by matching, clustering and snippets.

``fold("¿Extradición — DEPORTACIÓN?")`` -> ``"¿extradicion — deportacion?"`` and
``tokens(...)`` -> ``["extradicion", "deportacion"]``. Folding is per character (casefold,
NFKD, drop combining marks), so the tokens of a text are exactly the concatenation of the
tokens of its words; snippets rely on that to map folded positions back to the original text.
"""

from __future__ import annotations

import re
import unicodedata

# combining marks; for Arabic also the short vowels, shadda and hamza marks (they would split a
# word into tokens) and the tatweel that stretches words
_MARK_CHARS = ("\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
               "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed")
_MARKS = re.compile(f"[{_MARK_CHARS}]")
WORD = re.compile(r"[^\W_]+")
# a word of unfolded text: its marks (ّ in ترحّل, a decomposed accent) belong to it, as folding drops them
RAW_WORD = re.compile(f"(?:[^\\W_]|[{_MARK_CHARS}])+")
# C0/C1 controls except TAB/LF/CR, bidi overrides and isolates, zero-width characters, BOM
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def fold(text: str) -> str:
    """Lower-case and strip accents: ``Extradición`` -> ``extradicion``.

    Compatibility decomposition comes first (``𝓐`` -> ``A``), then case folding, then once more
    decomposition (casefold can produce combining marks, ``İ`` -> ``i̇``) and the marks go."""
    if text.isascii():
        return text.lower()
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return _MARKS.sub("", s)


def strip_accents(text: str) -> str:
    """Strip accents but keep case (the text regexes run against)."""
    if text.isascii():
        return text
    return _MARKS.sub("", unicodedata.normalize("NFKD", text))


def tokens(text: str) -> list[str]:
    """Folded word tokens; punctuation, hyphens and line breaks separate words."""
    return WORD.findall(fold(text))


# The fast path of field_texts: news text is mostly ASCII, Latin-1 letters (é ñ ü ç...) and
# punctuation (¿ ¡ « » “ ” — …). Each such character folds to one ASCII letter or digit, or only
# to separators; encoded as Latin-1 (General Punctuation and the currency signs, all separators,
# as "?"), one byte table folds and separates the whole entry in C, and split() does the rest:
# the same tokens as WORD.findall(fold(text)), about 4x cheaper. A text with any other character
# (ß ½ ø, other Latin letters, other scripts, combining marks) takes the reference path.
def _fast_path() -> tuple[bytes, re.Pattern[str]]:
    table = bytearray(b" " * 256)
    easy = ["\x00-\x7f"]
    for code in range(256):
        char = chr(code)
        folded = fold(char)
        if char == "\x1f":
            table[code] = code
        elif len(folded) == 1 and folded.isascii() and folded.isalnum():
            table[code] = ord(folded)
        elif folded and not WORD.search(folded):
            pass   # a separator: a space
        else:
            continue   # ß -> ss, ½ -> 1⁄2, ø stays ø: not on the fast path
        if code >= 0x80:
            easy.append(re.escape(char))
    for code in range(0x2000, 0x20C1):
        folded = fold(chr(code))
        if folded and not WORD.search(folded):
            easy.append(re.escape(chr(code)))
    return bytes(table), re.compile(f"[^{''.join(easy)}]")


_FOLD_BYTES, _NOT_FAST = _fast_path()


def field_texts(fields: tuple[str, ...]) -> list[str]:
    """``[" ".join(tokens(f)) for f in fields]``, folding and splitting all fields in one pass."""
    joined = "\x1f".join(fields)
    if (joined.count("\x1f") != len(fields) - 1      # a field with its own \x1f: one at a time
            or not joined.isascii() and _NOT_FAST.search(joined)):
        return [" ".join(words) for words in _reference_tokens(joined, fields)]
    folded = joined.encode("latin-1", "replace").translate(_FOLD_BYTES).decode("ascii")
    while "  " in folded:   # only letters, digits, spaces and \x1f are left: collapse the spaces
        folded = folded.replace("  ", " ")
    return [part.strip(" ") for part in folded.split("\x1f")]


def field_tokens(fields: tuple[str, ...]) -> list[list[str]]:
    """``[tokens(f) for f in fields]``."""
    return [text.split() for text in field_texts(fields)]


_NONASCII_SEPARATORS = re.compile(r"[^\x00-\x7f\w]+")


def _reference_tokens(joined: str, fields: tuple[str, ...]) -> list[list[str]]:
    if joined.count("\x1f") != len(fields) - 1:
        return [tokens(f) for f in fields]
    folded = fold(joined)   # per character, so the separators stay where they were
    folded = _NONASCII_SEPARATORS.sub(" ", folded)
    return [WORD.findall(part) for part in folded.split("\x1f")]


def clean_text(text: str) -> str:
    """Remove control, bidi-override and zero-width characters (log and terminal injection)."""
    return _UNSAFE.sub("", text)


def one_line(text: str) -> str:
    """Collapse all whitespace (CR/LF included) to single spaces, for subjects and log lines."""
    return " ".join(clean_text(text).split())


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")


def language_tag(value: str | None) -> str | None:
    """A language tag in BCP 47 casing (``EN_us`` -> ``en-US``, ``zh-hant-tw`` -> ``zh-Hant-TW``),
    or None when there is none or it is not a tag (``"English"`` stays a word: ``english``)."""
    text = (value or "").strip().replace("_", "-")
    if not text or len(text) > 35 or not _LANGUAGE_TAG.match(text):
        return None
    primary, *rest = text.split("-")
    parts = [primary.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())          # script: Hant, Latn
        elif len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            parts.append(part.upper())          # region: US, HN, 419
        else:
            parts.append(part.lower())
    return "-".join(parts)


_ABBREVIATION_END = re.compile(r"(?:^|[^\w.])(?:[^\W\d_]{1,3}\.\s?)+[^\W\d_]{1,3}$")


def abbreviation_end(text: str, start: int, end: int) -> int:
    """``end`` moved past the final dot of an abbreviation the span ``[start, end)`` ends in
    (``EE. UU`` + ``.`` -> ``EE. UU.``, ``U.S`` + ``.``), so a highlight keeps it whole."""
    if end < len(text) and text[end] == "." and _ABBREVIATION_END.search(text[start:end]):
        return end + 1
    return end
