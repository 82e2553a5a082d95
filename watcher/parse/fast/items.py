"""One RSS item or Atom entry, read the way feedparser reads it (field by field, in document
order, with its precedence rules), or :class:`Fallback` when the item holds something only
feedparser reads (base64 or non-text content, markup inside a text element, a field nested
somewhere unusual, a second summary)."""

from __future__ import annotations

from typing import Any, Callable

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
from watcher.parse.html import html_to_text, normalise_space

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


def read_item(item: Any, base: str, atom: bool, header_lang: str | None, inherited: str | None = None) -> dict[str, Any]:
    """``inherited``: the language in scope at the item's parent (:func:`lang_of`; the same for
    every item of a channel, so it is looked up once per document)."""
    state: dict[str, Any] = {"contents": [], "has_content": False, "title_locked": False, "title_el": None}
    rdf_about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    if rdf_about:
        state["id"] = rdf_about
    known, handlers = _NAMES, _HANDLERS
    for child in item:
        name = known.get(child.tag) or name_of(child)
        if not name:
            continue
        if len(child):
            _check_nested(child, name)
        handler = handlers.get(name)
        if handler is not None:
            handler(state, child, name, base, atom)
    title, title_type = state.get("title", ("", None))
    summary, summary_type = state.get("summary", ("", None))
    published = state.get("published") or (None, "")
    updated = state.get("updated") or (None, "")
    title_el = state["title_el"]
    if title_el is None:
        language = None
    else:
        language = own_lang(title_el)
        if language is _UNSET:
            language = own_lang(item)
        language = (inherited if language is _UNSET else language) or header_lang
    return {
        "guid": state.get("id"),
        "link": state.get("link"),
        "title": _as_text(title, title_type),
        "summary": _as_text(summary, summary_type),
        "content": _contents(state["contents"]),
        "published": published[0] or updated[0],
        "published_raw": published[1] or updated[1] or "",
        "author": state.get("author") or "",
        "language": language,
    }


def _contents(contents: list[tuple[str, str]]) -> str:
    if len(contents) == 1:
        value, kind = contents[0]
        return html_to_text(value) if "html" in kind else normalise_space(value)
    return "\n".join(c for c in (html_to_text(v) if "html" in t else normalise_space(v) for v, t in contents) if c)


def _as_text(value: str, kind: str | None) -> str:
    return html_to_text(value) if kind in HTML_TYPES else normalise_space(value)


def _check_nested(child: Any, name: str) -> None:
    if not len(child) or name in SKIP or name in TITLE or name in SUMMARY or name in CONTENT or name in AUTHOR:
        return
    for el in child.iterdescendants():
        inner = name_of(el)
        if inner in FIELDS:
            raise Fallback(f"<{inner}> inside <{name}>")


def _title(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    # the first non-empty title wins; media:title fills in but never locks (feedparser)
    if not state["title_locked"]:
        state["title"], state["title_el"] = _typed(el, "text/plain", atom), el
        state["title_locked"] = name != "media_title" and bool(state["title"][0])


def _guid(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    permalink = _attr(el, "ispermalink", "true") == "true"
    text = text_of(el)
    value = fix(urljoin(base, text) if permalink and text else text)
    state["id"] = value
    if permalink:
        state.setdefault("link", value)


def _summary(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    if "summary" in state and not state["has_content"]:   # a second summary is content
        state["contents"].append(_typed(el, "text/plain", atom))
        state["has_content"] = True
    else:
        state["summary"] = _typed(el, SUMMARY[name], atom)


def _content(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    value, kind = _typed(el, CONTENT[name], atom)
    state["contents"].append((value, kind))
    state["has_content"] = True
    if "summary" not in state:   # the first content is also the summary (without its type)
        if kind == "application/xhtml+xml":
            raise Fallback("XHTML content standing for the summary")
        state["summary"] = (value, None)


def _date(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    raw = fix(text_of(el))
    state["published" if name in PUBLISHED else "updated"] = (parse_date(raw) if raw else None, raw)


def _author_field(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    state["author"] = _author(el)


def _link_field(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    _link(state, el, base)


def _unsupported(state: dict[str, Any], el: Any, name: str, base: str, atom: bool) -> None:
    raise Fallback(f"<{name}> in an entry")


_Handler = Callable[[dict[str, Any], Any, str, str, bool], None]
# feedparser's element names -> what reading one does (elements not listed are ignored)
_HANDLERS: dict[str, _Handler] = {
    **dict.fromkeys(UNSUPPORTED, _unsupported), **dict.fromkeys(AUTHOR, _author_field),
    **dict.fromkeys(PUBLISHED | UPDATED, _date), **dict.fromkeys(CONTENT, _content),
    **dict.fromkeys(SUMMARY, _summary), "guid": _guid, "id": _guid, "link": _link_field,
    **dict.fromkeys(TITLE, _title),
}


def _attr(el: Any, key: str, default: str) -> str:
    for k, v in el.items():
        if k.lower() == key:
            return str(v)
    return default


def _typed(el: Any, default: str, atom: bool) -> tuple[str, str]:
    if el.get("mode") not in (None, "escaped"):
        raise Fallback(f"mode={el.get('mode')!r} content")
    kind = el.get("type", default).lower()
    kind = TYPES.get(kind, kind)
    if kind not in TEXT_TYPES:
        raise Fallback(f"content of type {kind!r}")
    if kind == "application/xhtml+xml":
        return fix(inner_xml(el)), kind
    value = fix(text_of(el))
    if not atom and kind == "text/plain" and looks_like_html(value):
        kind = "text/html"
    return value, kind


def _link(state: dict[str, Any], el: Any, base: str) -> None:
    href = el.get("href") or el.get("url")
    if href is None:
        state["link"] = link_value(text_of(el), base)
        return
    rel = el.get("rel", "alternate")
    kind = el.get("type", "application/atom+xml" if rel == "self" else "text/html").lower()
    if rel == "alternate" and TYPES.get(kind, kind) in HTML_TYPES:
        state["link"] = urljoin(base, href)


def _author(el: Any) -> str:
    if not len(el):
        return fix(text_of(el))
    if (el.text or "").strip():
        raise Fallback("author with text and elements")
    parts = {name_of(c): fix((c.text or "").strip()) for c in el}
    name, email = parts.get("name"), parts.get("email")
    if name and email:
        return f"{name} ({email})"
    return name or email or ""
