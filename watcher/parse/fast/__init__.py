"""The fast parse path: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and RDF read with lxml, configured so that
a DTD is never loaded, an entity never expanded and the network never touched. It gives the
values feedparser gives (tests/unit/test_parse_differential.py proves it on the corpus) or raises
:class:`Fallback` with the reason, and feedparser reads that document instead."""

from __future__ import annotations

import codecs
import re
from typing import Any

from lxml import etree

from watcher.parse.fast.common import BLANKLESS_PARSER, PARSER, Fallback, KeepBlanks
from watcher.parse.fast.feeds import read_document

__all__ = ["Fallback", "read"]


def read(body: bytes, headers: dict[str, str], url: str) -> dict[str, Any]:
    """The raw feed dict of :func:`watcher.parse.feed.parse_feed` (lower-cased ``headers``)."""
    try:
        return _read(body, headers, url, BLANKLESS_PARSER)
    except KeepBlanks:
        return _read(body, headers, url, PARSER)


def _read(body: bytes, headers: dict[str, str], url: str, parser: Any) -> dict[str, Any]:
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as e:
        raise Fallback(f"not well-formed XML for libxml2 ({_first_line(e)})") from None
    if root is None:
        raise Fallback("no root element")
    info = root.getroottree().docinfo
    if info.internalDTD is not None:
        raise Fallback("a DTD internal subset")
    _check_charset(headers.get("content-type", ""), info.encoding or "utf-8")
    lang = headers.get("content-language") or None
    return read_document(root, url, lang, info.doctype or "", _may_have_base(body, info.encoding or "utf-8"))


# encodings that write every ASCII character as that one byte, whatever comes before it
_ASCII_FAMILIES = ("utf-8", "ascii", "latin", "iso8859", "cp", "koi8", "mac", "shift_jis", "euc", "gb", "big5")
_BASE_ATTRIBUTE = re.compile(rb"base[ \t\r\n]*=")


def _may_have_base(body: bytes, encoding: str) -> bool:
    """Can a ``base`` or ``xml:base`` attribute occur in the document? Searched in the bytes (the
    name, maybe spaces, "=") when the document's encoding writes ASCII as ASCII (an XPath over
    every attribute costs ~10 µs a document); else, and for an unknown encoding, it may."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in body[:4]:
        return True   # UTF-16 or UTF-32, whatever the declaration says
    ascii_like = _ASCII_LIKE.get(encoding)
    if ascii_like is None:
        ascii_like = _ascii_like(encoding)
    if not ascii_like:
        return True
    # each "base" found by bytes.find (a skipping search), the regex tried there only: the regex's
    # own search steps through every byte (~95k -> ~30k instructions on the median document)
    at = body.find(b"base")
    while at >= 0:
        if _BASE_ATTRIBUTE.match(body, at):
            return True
        at = body.find(b"base", at + 4)
    return False


_ASCII_LIKE: dict[str, bool] = {}


def _ascii_like(encoding: str) -> bool:
    """Does ``encoding`` write ASCII as ASCII? Remembered (two codec look-ups and an encoding
    were ~1 µs a document; a handful of encodings are ever declared)."""
    try:
        family = codecs.lookup(encoding).name
    except LookupError:
        return False
    # (EBCDIC code pages are cp... too)
    ascii_like = family.startswith(_ASCII_FAMILIES) and "base=".encode(family, "replace") == b"base="
    if len(encoding) <= 40:
        if len(_ASCII_LIKE) >= 64:
            _ASCII_LIKE.clear()
        _ASCII_LIKE[encoding] = ascii_like
    return ascii_like


def _check_charset(content_type: str, declared: str) -> None:
    """feedparser lets an HTTP charset override the document's own declaration; lxml does not.
    Agreeing (or absent) charsets only."""
    charset = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("'\"")
    if not charset:
        return
    try:
        same = codecs.lookup(charset).name == codecs.lookup(declared).name
    except LookupError:
        same = False
    if not same:
        raise Fallback(f"HTTP charset {charset!r} differs from the document's {declared!r}")


def _first_line(e: Exception) -> str:
    return str(e).splitlines()[0][:120] if str(e) else type(e).__name__
