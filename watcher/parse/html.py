"""HTML to plain text for feed summaries and content (stdlib parser). The HTML arrives as the
feed wrote it (nothing sanitised it); only its text is kept: tags are dropped, the contents of
``script``, ``style`` and the like skipped, block elements become line breaks. What is shown to
people is escaped again for each message format (:mod:`watcher.render.escape`).

Plain markup (tags whose quoted attribute values hold no ``<``/``>``, no comments, scripts or
styles) is split by one regex instead, with the same result as the parser in a fraction of the
time (tests/unit/test_parse.py compares them); anything else goes through the parser."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Callable

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
          "blockquote", "pre", "section", "article", "header", "footer", "figure", "figcaption", "hr"}
_SKIP = {"script", "style", "head", "title", "noscript", "template"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


_ATTRIBUTES_AND_END = r"""(?:[^<>"'=]++|=\s*+"[^"<>]*+"|=\s*+'[^'<>]*+'|=)*+>"""
_TAG = re.compile(r"<(/?)([a-zA-Z][^\t\n\r\f />\x00]*+)" + _ATTRIBUTES_AND_END)


_INLINE_NAMES = sorted(("a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "img", "ins", "mark", "q",
                        "s", "small", "span", "strike", "strong", "sub", "sup", "time", "u", "wbr"), key=len, reverse=True)
# a tag of an inline element (a name in the two usual spellings), as _TAG reads it: it goes, its text runs on
_INLINE_TAG = re.compile(r"</?(?:%s|%s)(?=[\t\n\r\f />])" % ("|".join(_INLINE_NAMES), "|".join(_INLINE_NAMES).upper())
                         + _ATTRIBUTES_AND_END)


_LONG = 4096   # characters: a text longer is read by itself, without the inline shortcut


def html_to_text(html: str) -> str:
    if "<" not in html:   # text and character references only: what the parser would give
        return normalise_space(unescape_text(html) if "&" in html else html)
    # inline tags only (the common case): _plain_markup_text's result in one substitution (not tried
    # on long markup: it nearly always has paragraphs, and the substitution would go over it for nothing)
    if len(html) > _LONG:
        pass
    elif "&" not in html:
        text = _INLINE_TAG.sub("", html)
        if "<" not in text:
            return normalise_space(text)
    elif "\x00" not in html:
        if html.count("&") == html.count("&nbsp;"):   # whole &nbsp;s only: removing tags makes no reference
            text = _INLINE_TAG.sub("", html)
            if "<" not in text:
                return normalise_space(text.replace("&nbsp;", "\xa0"))
        else:   # a NUL where each tag was: no reference spans two texts (the parser unescapes each)
            text = _INLINE_TAG.sub("\x00", html)
            if "<" not in text:
                return normalise_space(unescape_text(text).replace("\x00", ""))
    return _markup_text(html)


def _markup_text(html: str) -> str:
    """html_to_text for markup with more than inline tags."""
    quick = _plain_markup_text(html)
    if quick is not None:
        return normalise_space(quick)
    return _parsed_text(html)


def _plain_markup_text(html: str) -> str | None:
    """The collector's text for markup the tag regex reads unambiguously, else None.

    One ``re.split`` cuts the text from the tags in C: ``parts`` is text, closing slash, tag
    name, text, ... A block tag becomes a line break (how many does not matter: the caller
    collapses them), any other tag nothing; markup with skipped or raw-text elements takes the
    per-tag loop. Character references are unescaped in one call with a NUL where each inline
    tag was, removed after: like a line break, it ends every reference, so no reference spans
    two texts (the parser unescapes each text by itself)."""
    parts = _TAG.split(html)
    texts = parts[::3]
    text = "".join(texts)
    if "<" in text:
        return None   # a "<" that is not a plain tag: comment, CDATA, stray bracket...
    names = {name.lower() for name in parts[2::3]}
    if not names.isdisjoint(_SKIP):
        return _skipping_markup_text(html)
    block = not names.isdisjoint(_BLOCK)
    if "&" not in text and not block:
        return text
    if "\x00" in text:
        return _skipping_markup_text(html)
    if block:
        seps = ["\n" if name.lower() in _BLOCK else "\x00" for name in parts[2::3]]
        seps.append("")
        joined = "".join([t + sep for t, sep in zip(texts, seps)])
    else:
        joined = "\x00".join(texts)
    return unescape(joined).replace("\x00", "") if "&" in text else joined.replace("\x00", "")


def unescape_text(text: str) -> str:
    """``html.unescape``; without its regex for text whose only reference is the usual ``&nbsp;``."""
    if text.count("&") == text.count("&nbsp;"):
        return text.replace("&nbsp;", "\xa0")
    return unescape(text)


def _skipping_markup_text(html: str) -> str | None:
    """:func:`_plain_markup_text` for markup with elements whose text is skipped."""
    parts: list[str] = []
    skip = 0
    pos = 0
    for m in _TAG.finditer(html):
        text = html[pos:m.start()]
        if text and not skip:
            parts.append(unescape(text) if "&" in text else text)
        pos = m.end()
        tag = m.group(2).lower()
        if tag in ("script", "style"):
            return None   # raw-text elements: the parser's rules
        closing = bool(m.group(1))
        for end in ((closing,) if closing or not m.group(0).endswith("/>") else (False, True)):
            if tag in _SKIP:
                skip = max(0, skip - 1) if end else skip + 1
            elif tag in _BLOCK:
                parts.append("\n")
    tail = html[pos:]
    if tail and not skip:
        parts.append(unescape(tail) if "&" in tail else tail)
    return "".join(parts)


def _parsed_text(html: str) -> str:
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # noqa: BLE001 - the stdlib parser is lenient; never let odd markup lose an entry
        return normalise_space(html)
    return normalise_space("".join(collector.parts))


def _no_ascii_space(text: str) -> bool:
    """No ASCII space but " " (each looked for by memchr: isprintable looks every character up)."""
    return ("\n" not in text and "\t" not in text and "\r" not in text and "\x0b" not in text and "\x0c" not in text
            and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text and "\x1f" not in text)


def normalise_space(text: str) -> str:
    """Collapse runs of spaces, keep paragraph breaks as single newlines."""
    if ("  " not in text and text[:1] != " " and text[-1:] != " "
            and (_no_ascii_space(text) if text.isascii() else text.isprintable())):
        return text   # single spaces between words only, no other space or break (not printable): as it is
    lines = text.splitlines()
    if len(lines) == 1:
        return " ".join(lines[0].split())
    lines = [" ".join(line.split()) for line in lines]
    return "\n".join(line for line in lines if line)


# Many texts at once. html_to_text and normalise_space spend their time on the per-call cost of a
# dozen string methods, not on the characters: the texts of one document are joined (with a
# character XML cannot carry between them) and each step runs once over all of them.
_SEP = "\x01"
# (nor a NUL: where <b> was, before the regex)
_BATCH_INLINE_TAG = re.compile(_INLINE_TAG.pattern.replace("[^<>\"'=]", "[^<>\"'=\x00\x01]")
                               .replace('[^"<>]', '[^"<>\x00\x01]').replace("[^'<>]", "[^'<>\x00\x01]"))
_DOUBLE_SPACE = re.compile("  ")   # (sre finds it in a long text 3x faster than str's "in": spaces are frequent)
# what str.split() takes for whitespace besides " " (every line break is one)
_OTHER_SPACES = ("\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u1680", "\u2000",
                 "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a",
                 "\u2028", "\u2029", "\u202f", "\u205f", "\u3000")
_ASCII_SPACES = tuple(space for space in _OTHER_SPACES if space.isascii())   # (all an ASCII text can hold)


def html_to_texts(htmls: list[str]) -> list[str]:
    """``[html_to_text(h) for h in htmls]``."""
    if len(htmls) < 2:
        return [html_to_text(h) for h in htmls]
    if max(map(len, htmls)) > _LONG:   # long texts one by one: nothing to save, and one wide character
        return _some_one_by_one(htmls, [len(h) > _LONG for h in htmls], html_to_text)   # would widen all
    joined = _SEP.join(htmls)
    if not joined.isascii():   # (isascii reads a flag)
        wide = [not h.isascii() for h in htmls]
        if not all(wide):
            return _by_width(htmls, wide)
    if "\x00" in joined:   # (a separator inside a text: found when the result is split, below)
        return [html_to_text(h) for h in htmls]
    if "<" in joined:
        # a NUL where each tag was: no reference spans two texts (the parser unescapes each);
        # a tag never spans two texts (_BATCH_INLINE_TAG does not cross the separator). Bold
        # (search terms in Google's titles and snippets) without the regex.
        bold = _replace(joined, "<b>", "\x00")
        if len(bold) != len(joined):
            joined = _replace(bold, "</b>", "\x00")
        joined = _BATCH_INLINE_TAG.sub("\x00", joined) if "<" in joined else joined
        if "<" in joined:   # markup other than inline tags in some: those one by one
            # (the inline shortcut would fail on them again)
            pieces = joined.split(_SEP)
            if len(pieces) != len(htmls):
                return [html_to_text(h) for h in htmls]
            return _some_one_by_one(htmls, ["<" in piece for piece in pieces], _markup_text)
        joined = (_unescape_to_normalise(joined) if "&" in joined else joined).replace("\x00", "")
    elif "&" in joined:   # (a reference never spans two texts: the separator is no name character)
        joined = _unescape_to_normalise(joined)
    # no step adds or removes a separator: one more piece than texts is one inside a text (then
    # the texts may have run into each other: one by one). (Counted here, not before: a pass less.)
    texts = _normalise_joined(joined)
    return texts if len(texts) == len(htmls) else [html_to_text(h) for h in htmls]


def _by_width(htmls: list[str], wide: list[bool]) -> list[str]:
    """html_to_texts of the ASCII texts together and of the others together: one curly quote
    would make the whole joined text 2 bytes a character, every step after slower (a search for
    a character no longer memchr's), for the ~1 text in 10 that has one."""
    narrow = iter(html_to_texts([h for h, w in zip(htmls, wide) if not w]))
    others = iter(html_to_texts([h for h, w in zip(htmls, wide) if w]))
    return [next(others) if w else next(narrow) for w in wide]


def _unescape_to_normalise(text: str) -> str:
    """``unescape_text`` for text about to be normalised: &nbsp; becomes a plain space (split()
    takes both for one; a space ends a reference name as "&" does), &#39; an apostrophe without
    html.unescape's callback, the others html.unescape."""
    text = _replace(text, "&nbsp;", " ")
    if "&" in text:   # (like the space, an apostrophe cannot extend a reference name into a longer one)
        text = _replace(text, "&#39;", "'")
    return unescape(text) if "&" in text else text


def _replace(text: str, old: str, new: str) -> str:
    """``text.replace(old, new)`` for a document's joined texts and an ``old`` of a few characters:
    replace searches the text twice (it counts, then copies), split once (~35% less on the median
    document's 4 KB). (An ``old`` that is not there: both one search, and the text itself back.)"""
    return new.join(text.split(old))


def _some_one_by_one(htmls: list[str], alone: list[bool], one_by_one: Callable[[str], str]) -> list[str]:
    """``alone``: those to read with ``one_by_one`` (the others together)."""
    together = iter(html_to_texts([h for h, one in zip(htmls, alone) if not one]))
    return [one_by_one(h) if one else next(together) for h, one in zip(htmls, alone)]


def _normalise_joined(joined: str) -> list[str]:
    if "\xa0" in joined:   # a space to split() like any other: the same words, one check less
        joined = joined.replace("\xa0", " ")
    # a space next to a separator doubled too (and an empty text next to another: those one by one)
    if (_DOUBLE_SPACE.search(joined.replace(_SEP, " ")) or joined[:1] == " " or joined[-1:] == " "
            or any(space in joined for space in (_ASCII_SPACES if joined.isascii() else _OTHER_SPACES))):
        return [normalise_space(t) for t in joined.split(_SEP)]
    return joined.split(_SEP)   # single spaces between words only: nothing to change
