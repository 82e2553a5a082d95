"""What the RSS, Atom and RDF readers share: the locked-down lxml parser, feedparser's element
names and the text fix-ups feedparser applies, so that both paths give the same values."""

from __future__ import annotations

import html.entities
import re
import urllib.parse
from typing import Any

from lxml import etree

from watcher.parse.fast.tables import ACCEPTABLE_ELEMENTS, CP1252, NAMESPACES

# DTDs are never loaded, entities never expanded, the network never touched, libxml2's size and
# depth limits stay on, and any error is an error (recover=False): such a document goes to feedparser.
_LOCKED_DOWN = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False,
                    remove_comments=True, remove_pis=True, collect_ids=False)
PARSER = etree.XMLParser(**_LOCKED_DOWN)
# The same, without the whitespace-only text between elements (libxml2's "blanks": fewer nodes to
# build and free, ~4% of a read). Every value read is stripped, and a text element with children is
# declined, so only XHTML content (serialised with its inner whitespace) can tell: KeepBlanks.
BLANKLESS_PARSER = etree.XMLParser(**_LOCKED_DOWN, remove_blank_text=True)
_PREFIXES: dict[str, str] = dict(NAMESPACES)
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")
_C1_BYTES = re.compile(b"[\x80-\x9f]")
_SCHEME = re.compile("[A-Za-z0-9+.-]+")
_URIFIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")   # feedparser.urls._urifixer
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ENTITY_REF = re.compile(r"&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_ENTITY_NAME = re.compile(r"&(\w+);")


def looks_like_html(s: str) -> bool:
    """feedparser's ``_FeedParserMixin.looks_like_html``: a close tag or an entity reference, only
    tags its sanitiser accepts, only entities HTML defines."""
    if not (_CLOSE_TAG.search(s) or _ENTITY_REF.search(s)):
        return False
    if any(t.lower() not in ACCEPTABLE_ELEMENTS for t in _TAG_NAME.findall(s)):
        return False
    return not any(e not in html.entities.entitydefs for e in _ENTITY_NAME.findall(s))


def _urljoin(base: str, uri: str) -> str:
    """feedparser's ``urls._urljoin``: extra slashes after a scheme dropped, then urllib's join
    ("" for what urllib refuses)."""
    uri = _URIFIXER.sub(r"\1\3", uri)
    try:
        return urllib.parse.urljoin(base, uri)
    except ValueError:
        return ""


def urljoin(base: str, uri: str) -> str:
    """feedparser's ``_urljoin``; an absolute http(s) URL that urllib would give back unchanged
    (no extra slashes after the scheme, no empty query or fragment, no ``;``, no characters
    urllib strips) is returned as it is, without the two parses."""
    if uri.startswith(_HTTP):
        at = 8 if uri[4] == "s" else 7   # (the host's first character: not "/", "?", "#" or the end, which "" is in)
        if (uri[at:at + 1] not in "/?#" and ";" not in uri and "[" not in uri and "]" not in uri
                and ("#" not in uri or "?#" not in uri) and uri[-1] not in "?#" and _plain(uri)):
            return uri   # (one character is looked for by memchr, two by a slower search: "#" first)
        return _urljoin(base, uri)
    colon = uri.find(":")
    if colon > 0 and uri[colon + 1:colon + 3] != "//":
        scheme = uri[:colon]
        other = _OTHER_SCHEMES.get(scheme)
        if other is None:
            other = _other_scheme(scheme)
        if other and _plain(uri):
            return uri   # tag:, urn:, mailto:... another scheme than the base's: urllib returns it as is
    return _urljoin(base, uri)


_HTTP = ("https://", "http://")
_OTHER_SCHEMES: dict[str, bool] = {}


def _other_scheme(scheme: str) -> bool:
    """Is ``scheme`` (what comes before the first ":") a URL scheme other than http(s)? Remembered
    (a feed's guids share theirs)."""
    other = bool(scheme[0].isascii() and scheme[0].isalpha() and _SCHEME.fullmatch(scheme)
                 and scheme.lower() not in ("http", "https"))
    if len(scheme) <= 32:
        if len(_OTHER_SCHEMES) >= 256:
            _OTHER_SCHEMES.clear()
        _OTHER_SCHEMES[scheme] = other
    return other


def _plain(uri: str) -> bool:
    """No character urllib removes (tab, line breaks) and no space at the end. (An ASCII string
    is scanned for the three by memchr: ``isprintable`` looks each character up.)"""
    if uri.isascii():
        return "\n" not in uri and "\t" not in uri and "\r" not in uri and uri[-1] > " "
    return uri.isprintable() and not uri[-1].isspace()


class Fallback(Exception):
    """The fast path cannot promise feedparser's reading of this document: the reason why."""


class KeepBlanks(Exception):
    """The document was parsed without its blanks and holds XHTML content: read it again with them."""


_NAMES: dict[Any, str] = {}
_NAMES_MAX = 4096


def name_of(el: Any) -> str:
    """feedparser's name for an element: known namespaces by their prefix (``dc_date``), the
    feed's own namespaces unprefixed, anything else by the prefix the document used; ``""`` for
    what is not an element (an entity reference)."""
    tag = el.tag
    try:
        return _NAMES[tag]
    except KeyError:
        return _new_name(el, tag)


def _new_name(el: Any, tag: Any) -> str:
    if len(_NAMES) >= _NAMES_MAX:   # bounded: documents may name elements anything
        _NAMES.clear()
    if not isinstance(tag, str):
        _NAMES[tag] = ""
        return ""
    if tag[0] != "{":
        name: str = tag.lower()
        _NAMES[tag] = name
        return name
    uri, local = tag[1:].split("}", 1)
    prefix = _PREFIXES.get(uri)
    if prefix is None:
        prefix = _PREFIXES.get(uri.lower())
        if prefix is None:   # the document's own prefix: not cached, another document may differ
            prefix = el.prefix or ""
            return f"{prefix.lower()}_{local.lower()}" if prefix else local.lower()
    name = _NAMES[tag] = f"{prefix.lower()}_{local.lower()}" if prefix else local.lower()
    return name


def fix(text: str) -> str:
    """feedparser's last steps on every value (it always works in UTF-8): undo UTF-8 read as
    Latin-1, map C1 controls to windows-1252."""
    if text.isascii():
        return text
    latin1 = text.encode("iso-8859-1", "ignore")   # (a character past Latin-1 dropped without the ~1 µs of
    if len(latin1) == len(text):                    # an exception: then it was not UTF-8 read as Latin-1)
        try:
            text = latin1.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text.translate(CP1252) if _C1.search(text) else text
    # text as it was: its C1 controls are bytes of latin1, which is nearly always ASCII (a curly quote dropped)
    return text.translate(CP1252) if not latin1.isascii() and _C1_BYTES.search(latin1) else text


def text_of(el: Any) -> str:
    """An element's text; markup inside it (not escaped) is not ours to reconstruct."""
    if len(el):
        raise Fallback(f"markup inside <{name_of(el)}>")
    return (el.text or "").strip()


def inner_xml(el: Any) -> str:
    """The children of an XHTML container, serialised (for the HTML-to-text step)."""
    if el.getroottree().parser is BLANKLESS_PARSER:
        raise KeepBlanks
    parts = [_escape(el.text or "")]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in el)
    return "".join(parts).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link_value(text: str, base: str) -> str:
    """An RSS ``<link>`` the way feedparser stores it."""
    value = fix(urljoin(base, text)) if text else ""
    return _LINK_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&"))


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_UNSET: Any = object()


def own_lang(attrs: list[tuple[str, str]]) -> Any:
    """The language an element declares itself in its ``attrs`` (``el.items()``): None for an
    empty one, ``_UNSET`` for none."""
    lang = _UNSET
    for key, value in attrs:
        if key == _XML_LANG:
            return value or None
        if key == "lang":
            lang = value or None
    return lang


def lang_of(el: Any) -> str | None:
    """The xml:lang in scope (feedparser also honours a plain ``lang`` attribute)."""
    while el is not None:
        lang = el.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang is None:
            lang = el.get("lang")
        if lang is not None:
            return lang or None
        el = el.getparent()
    return None
