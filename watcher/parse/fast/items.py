"""One RSS item or Atom entry, read the way feedparser reads it (field by field, in document
order, with its precedence rules), or :class:`Fallback` when the item holds something only
feedparser reads (base64 or non-text content, markup inside a text element, a field nested
somewhere unusual, a second summary).

This runs for every entry of every feed, so the loop is written for speed: what an element is
(its feedparser name, what reading it does, whether a field may hide inside it) is looked up
once per tag name, the item's fields are local variables, and the common text fix-ups are
inlined (``x if x.isascii() else fix(x)``)."""

from __future__ import annotations

from typing import Any

from watcher.parse.fast.common import (
    _NAMES,
    _UNSET,
    Fallback,
    fix,
    inner_xml,
    link_value,
    looks_like_html,
    name_of,
    own_lang,
    text_of,
    urljoin,
)
from watcher.parse.fast.dates import parse_date
from watcher.parse.html import html_to_text, html_to_texts, normalise_space

TITLE = {"title", "dc_title", "media_title"}
SUMMARY = {"description": "text/html", "dc_description": "text/html", "media_description": "text/html",
           "summary": "text/plain", "itunes_summary": "text/plain"}
CONTENT = {"content_encoded": "text/html", "fullitem": "text/html", "content": "text/plain"}
PUBLISHED = {"pubdate", "published", "issued", "dcterms_issued"}
UPDATED = {"updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"}
AUTHOR = {"author", "dc_author", "dc_creator", "managingeditor", "itunes_author"}
UNSUPPORTED = {"body", "xhtml_body", "language", "dc_language", "abstract"}
FIELDS = TITLE | set(SUMMARY) | set(CONTENT) | PUBLISHED | UPDATED | AUTHOR | UNSUPPORTED | {"link", "guid", "id"}
SKIP = {"source", "contributor", "dc_contributor"}    # feedparser keeps what is inside them apart
TYPES = {"text": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/html", "application/xhtml+xml"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
COPIED_HTML = "text/html; copied"   # a summary that is the entry's HTML content (feedparser: no summary_detail)
_PLAIN_KINDS = {"html": "text/html", "text": "text/plain", "text/html": "text/html", "text/plain": "text/plain"}
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"

# what reading an element does, by its feedparser name (elements not listed are ignored)
_OTHER, _TITLE, _LINK, _GUID, _PUBLISHED, _UPDATED, _SUMMARY, _CONTENT, _AUTHOR, _UNSUPPORTED = range(10)
_ACTIONS: dict[str, int] = {
    **dict.fromkeys(UNSUPPORTED, _UNSUPPORTED), **dict.fromkeys(AUTHOR, _AUTHOR),
    **dict.fromkeys(PUBLISHED, _PUBLISHED), **dict.fromkeys(UPDATED, _UPDATED), **dict.fromkeys(CONTENT, _CONTENT),
    **dict.fromkeys(SUMMARY, _SUMMARY), "guid": _GUID, "id": _GUID, "link": _LINK, **dict.fromkeys(TITLE, _TITLE),
}
# elements whose descendants feedparser reads as their own (or keeps apart): no field can hide there
_OPAQUE = SKIP | TITLE | set(SUMMARY) | set(CONTENT) | AUTHOR
_Plan = tuple[int, str, bool]   # (action, feedparser name, may a field hide inside?)
_PLANS: dict[Any, _Plan] = {}
_PLANS_MAX = 4096


def _plan(el: Any) -> _Plan:
    tag = el.tag
    name = name_of(el)
    plan = (_ACTIONS.get(name, _OTHER), name, bool(name) and name not in _OPAQUE)
    if not isinstance(tag, str) or tag in _NAMES:   # the same for every document: keep it
        if len(_PLANS) >= _PLANS_MAX:
            _PLANS.clear()
        _PLANS[tag] = plan
    return plan


def read_item(item: Any, base: str, atom: bool, header_lang: str | None, inherited: str | None = None) -> dict[str, Any]:
    """``inherited``: the language in scope at the item's parent (:func:`lang_of`; the same for
    every item of a channel, so it is looked up once per document)."""
    title: tuple[str, str | None] = ("", None)
    summary: tuple[str, str | None] | None = None
    title_attrs: list[tuple[str, str]] | None = None   # (None: no title)
    locked = False
    contents: list[tuple[str, str]] = []
    item_attrs = item.items()
    guid: str | None = _attr_value(item_attrs, _RDF_ABOUT) or None if item_attrs else None
    link: str | None = None
    author = ""
    published = updated = None   # the raw texts
    plans = _PLANS
    for child in item:
        plan = plans.get(child.tag)
        action, name, nested = plan if plan is not None else _plan(child)
        if nested and len(child):
            _check_nested(child, name)
            if action == _GUID or action == _PUBLISHED or action == _UPDATED:
                raise Fallback(f"markup inside <{name}>")
        if action == _OTHER:
            continue
        if action <= _GUID:   # (grouped by action: a few comparisons an element instead of up to nine)
            if action == _TITLE:
                if not locked:   # the first non-empty title wins; media:title fills in but never locks
                    title_attrs = child.items()
                    title = _typed(child, "text/plain", atom, title_attrs)
                    locked = name != "media_title" and bool(title[0])
            elif action == _LINK:
                link = _link(child, base, link)
            else:
                guid, link = _guid(child, base, link)
        elif action <= _UPDATED:
            raw = child.text   # (no children: checked above)
            raw = (raw.strip() if raw.isascii() else fix(raw.strip())) if raw else ""
            if action == _PUBLISHED:
                published = raw
            else:
                updated = raw
        elif action == _CONTENT:
            value, kind = _typed(child, CONTENT[name], atom)
            contents.append((value, kind))
            if summary is None:   # the first content is also the summary (feedparser drops its type: made text as it is)
                if kind == "application/xhtml+xml":
                    raise Fallback("XHTML content standing for the summary")
                summary = (value, COPIED_HTML if kind == "text/html" else None)
        elif action == _SUMMARY:
            if summary is not None and not contents:   # a second summary is content
                contents.append(_typed(child, "text/plain", atom))
            else:
                summary = _typed(child, SUMMARY[name], atom)
        elif action == _AUTHOR:
            author = _author(child)
        else:
            raise Fallback(f"<{name}> in an entry")
    date = (parse_date(published) if published else None) or (parse_date(updated) if updated else None)
    return {   # title, summary and content as they are: made text by texts_of, for all items at once
        "guid": guid,
        "link": link,
        "title": title,
        "summary": summary if summary is not None else ("", None),
        "content": contents,
        "published": date,
        "published_raw": published or updated or "",
        "author": author,
        "language": None if title_attrs is None else _language(title_attrs, item_attrs, inherited, header_lang),
    }


def _language(title_attrs: list[tuple[str, str]], item_attrs: list[tuple[str, str]], inherited: str | None,
              header_lang: str | None) -> str | None:
    language = own_lang(title_attrs) if title_attrs else _UNSET
    if language is _UNSET and item_attrs:
        language = own_lang(item_attrs)
    return (inherited if language is _UNSET else language) or header_lang


def texts_of(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every item's title, summary and content made text; the HTML ones of all items at once
    (:func:`html_to_texts`). (Each field's "plain now, or HTML queued" is written out: a function
    for it was 3 calls an item, ~5% of reading the median document.)"""
    html: list[str] = []
    html_at: list[tuple[dict[str, Any], str]] = []
    copies: list[dict[str, Any]] = []   # items whose summary is their one HTML content: the same text
    for item in items:
        contents = item["content"]
        if len(contents) == 1:
            value, kind = contents[0]
        else:
            parts = (html_to_text(v) if "html" in t else normalise_space(v) for v, t in contents)
            value, kind = "\n".join(c for c in parts if c), None   # (normalising it again changes nothing)
        if kind in HTML_TYPES:
            html.append(value)
            html_at.append((item, "content"))
        else:
            item["content"] = normalise_space(value)
        value, kind = item["title"]
        if kind in HTML_TYPES:
            html.append(value)
            html_at.append((item, "title"))
        else:
            item["title"] = normalise_space(value)
        value, kind = item["summary"]
        if kind == COPIED_HTML:
            item["summary_markup"] = value   # (what the entry's key was made from before: see parse.feed._entry)
            if len(contents) == 1:
                copies.append(item)
                continue
        if kind in HTML_TYPES or kind == COPIED_HTML:
            html.append(value)
            html_at.append((item, "summary"))
        else:
            item["summary"] = normalise_space(value)
    for (item, key), text in zip(html_at, html_to_texts(html)):
        item[key] = text
    for item in copies:
        item["summary"] = item["content"]
    return items


def _check_nested(child: Any, name: str) -> None:
    for el in child.iterdescendants():
        inner = name_of(el)
        if inner in FIELDS:
            raise Fallback(f"<{inner}> inside <{name}>")


def _guid(el: Any, base: str, link: str | None) -> tuple[str, str | None]:
    """The entry's id, and its link (a permalink guid is the link when there is none yet)."""
    attrs = el.items()
    permalink = not attrs or _attr(attrs, "ispermalink", "true") == "true"
    text = el.text   # (no children: checked by the caller)
    text = text.strip() if text else ""
    value = urljoin(base, text) if permalink and text else text
    if not value.isascii():
        value = fix(value)
    return value, (value if permalink and link is None else link)


def _attr(attrs: list[tuple[str, str]], key: str, default: str) -> str:
    for k, v in attrs:
        if k.lower() == key:
            return str(v)
    return default


def _attr_value(attrs: list[tuple[str, str]], key: str) -> str | None:
    for k, v in attrs:
        if k == key:
            return v
    return None


def _typed(el: Any, default: str, atom: bool, attrs: list[tuple[str, str]] | None = None) -> tuple[str, str]:
    """``attrs``: ``el.items()`` when the caller has them (one call for all the attributes)."""
    kind = None
    for key, value in el.items() if attrs is None else attrs:
        if key == "type":
            kind = value
        elif key == "mode" and value != "escaped":
            raise Fallback(f"mode={value!r} content")
    if kind is None:
        kind = default
    elif (plain := _PLAIN_KINDS.get(kind)) is not None:   # (the usual spellings: no lower-casing, no checks)
        kind = plain
    else:
        kind = kind.lower()
        kind = TYPES.get(kind, kind)
        if kind not in TEXT_TYPES:
            raise Fallback(f"content of type {kind!r}")
        if kind == "application/xhtml+xml":
            return fix(inner_xml(el)), kind
    if len(el):
        raise Fallback(f"markup inside <{name_of(el)}>")
    value = el.text
    value = (value.strip() if value.isascii() else fix(value.strip())) if value else ""
    if not atom and kind == "text/plain" and ("<" in value or "&" in value) and looks_like_html(value):
        kind = "text/html"   # (feedparser's test needs a tag or a reference: without "<" or "&", no)
    return value, kind


def _link(el: Any, base: str, current: str | None) -> str | None:
    """The entry's link after reading ``el`` (``current`` when ``el`` is not an HTML alternate)."""
    attrs = el.items()
    if len(attrs) == 1 and attrs[0][0] == "href":   # (Atom's usual link: rel alternate, type text/html)
        return urljoin(base, attrs[0][1]) if attrs[0][1] else link_value(text_of(el), base)
    href = url = rel = kind = None
    for key, value in attrs:
        if key == "href":
            href = value
        elif key == "rel":
            rel = value
        elif key == "type":
            kind = value
        elif key == "url":
            url = value
    href = href or url
    if href is None:
        return link_value(text_of(el), base)
    if rel is None:
        rel = "alternate"
    kind = ("application/atom+xml" if rel == "self" else "text/html") if kind is None else kind.lower()
    if rel == "alternate" and TYPES.get(kind, kind) in HTML_TYPES:
        return urljoin(base, href)
    return current


def _author(el: Any) -> str:
    count = len(el)
    if not count:
        return fix(text_of(el))
    text = el.text
    if text and not text.isspace():
        raise Fallback("author with text and elements")
    if count == 1:   # (Atom's usual one child, <name>, by index: an lxml child iterator costs ~4x as much)
        child = el[0]
        if (_NAMES.get(child.tag) or name_of(child)) in ("name", "email"):
            text = child.text
            return fix(text.strip()) if text else ""
        return ""
    name = email = None   # feedparser's name and email: the last of each
    for child in el:
        kind = _NAMES.get(child.tag) or name_of(child)
        if kind == "name":
            name = child.text
        elif kind == "email":
            email = child.text
    name = fix(name.strip()) if name else name
    email = fix(email.strip()) if email else email
    if name and email:
        return f"{name} ({email})"
    return name or email or ""
