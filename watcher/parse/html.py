"""HTML to plain text for feed summaries and content (stdlib parser). The HTML arrives as the
feed wrote it (nothing sanitised it); only its text is kept: tags are dropped, the contents of
``script``, ``style`` and the like skipped, block elements become line breaks. What is shown to
people is escaped again for each message format (:mod:`watcher.render.escape`)."""

from __future__ import annotations

from html.parser import HTMLParser

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


def html_to_text(html: str) -> str:
    if "<" not in html and "&" not in html:
        return normalise_space(html)
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # the stdlib parser is lenient; never let odd markup lose an entry
        return normalise_space(html)
    return normalise_space("".join(collector.parts))


def normalise_space(text: str) -> str:
    """Collapse runs of spaces, keep paragraph breaks as single newlines."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
