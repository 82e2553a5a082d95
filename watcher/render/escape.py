"""Escaping untrusted feed text for each output dialect (pure).

Every value a template prints passes through the escaper of the message's format (Jinja
``finalize``); only :class:`Safe` strings built by the renderer itself (highlighted snippets,
anchors around validated http(s) links) pass unchanged.

- text: control/bidi characters removed. Apprise's TEXT mode escapes ``<``, ``>``, ``&`` for
  Slack, so ``<!channel>`` arrives as ``&lt;!channel&gt;``.
- html: ``html.escape(quote=True)``.
- markdown: CommonMark punctuation backslash-escaped, so ``[x](http://evil)`` and ``![](...)``
  render literally and ``<!channel>`` never reaches Slack as a control sequence.
- every format: ``@everyone`` / ``@here`` / ``<@&role>`` get a zero-width space after ``@`` so
  Discord and similar services do not ping anyone.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from watcher.textfold import abbreviation_end, clean_text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")
_MENTION = re.compile(r"@(?=(everyone|here|channel)\b|&)", re.IGNORECASE)
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
_URL_UNSAFE = re.compile(r'[\s<>"|\\`\x00-\x1f\x7f]')
ZWSP = "\u200b"


class Safe(str):
    """Text the renderer built itself; escapers leave it alone."""


def neutralise_mentions(text: str) -> str:
    return _MENTION.sub("@" + ZWSP, text)


def escape_text(value: object) -> str:
    if isinstance(value, Safe):
        return str(value)
    return neutralise_mentions(clean_text("" if value is None else str(value)))


def escape_html(value: object) -> str:
    if isinstance(value, (Safe, Markup)):
        return str(value)
    return html.escape(escape_text(value), quote=True)


def escape_markdown(value: object) -> str:
    if isinstance(value, Safe):
        return str(value)
    return _MD_SPECIAL.sub(r"\\\1", escape_text(value))


ESCAPERS = {"text": escape_text, "html": escape_html, "markdown": escape_markdown}


def highlight(text: str, spans: list[tuple[int, int]], fmt: str) -> Safe:
    """A snippet with its matched words marked, escaped for ``fmt``."""
    esc = ESCAPERS[fmt]
    marks = {"text": ("«", "»"), "html": ("<mark>", "</mark>"), "markdown": ("**", "**")}[fmt]
    out, last = [], 0
    for start, span_end in sorted(spans):
        if start < last or span_end > len(text):
            continue
        end = abbreviation_end(text, start, span_end)     # «EE. UU.», not «EE. UU».
        out.append(esc(text[last:start]) + marks[0] + esc(text[start:end]) + marks[1])
        last = end
    out.append(esc(text[last:]))
    return Safe("".join(out))


def link(url: str | None, label: str, fmt: str) -> Safe:
    """An anchor to an http(s) URL the parser validated; anything else shows as text."""
    esc = ESCAPERS[fmt]
    if not url or not _HTTP.match(url):
        return Safe(esc(label))
    if fmt == "html":
        return Safe(f'<a href="{html.escape(safe_url(url), quote=True)}">{escape_html(label)}</a>')
    if fmt == "markdown":
        return Safe(f"[{escape_markdown(label)}](<{safe_url(url)}>)")
    return Safe(esc(url))


def shown_link(url: str | None, fmt: str) -> Safe:
    """The URL itself, visible in every format (clickable in HTML and markdown), so that the
    plain-text part Apprise derives from an HTML or markdown e-mail still carries the link."""
    if not url or not _HTTP.match(url):
        return Safe("")
    target = safe_url(url)
    if fmt == "html":
        return Safe(f'<a href="{html.escape(target, quote=True)}">{html.escape(target)}</a>')
    if fmt == "markdown":
        return Safe(f"<{target}>")   # a CommonMark autolink: shown as the URL, no escapes inside
    return Safe(escape_text(target))


def safe_url(url: str) -> str:
    """A URL that cannot break out of ``<...>``, ``(...)`` or Slack's ``<url|label>``: spaces,
    angle brackets, quotes, pipes, backslashes and control characters are percent-encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def truncate(text: str, limit: int) -> str:
    if limit <= 0 or len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"
