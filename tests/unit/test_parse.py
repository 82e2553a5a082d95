"""Parsing fixtures of our own, and optionally every real feed of the shared corpus."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from conftest import CORPUS
from watcher.errors import ParseError
from watcher.parse import neutralise_entities, parse_feed

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


def test_latin1_rss_with_relative_links_html_summary_and_dates():
    body = ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Diario</title>'
            '<item><title>Extradición de hondureño</title><link>/nota/1?utm_source=rss</link>'
            '<guid isPermaLink="false">n1</guid>'
            '<pubDate>Wed, 26 Nov 2026 10:00:00 +0200</pubDate>'
            '<description>&lt;p&gt;La &lt;b&gt;Corte&lt;/b&gt; aprobó &amp;amp; firmó&lt;/p&gt;'
            '&lt;script&gt;x()&lt;/script&gt;</description>'
            '</item></channel></rss>').encode("iso-8859-1")
    parsed = parse_feed(body, {"content-type": "application/rss+xml; charset=iso-8859-1"}, "https://diario.example/rss", NOW)
    (e,) = parsed.entries
    assert e.title == "Extradición de hondureño"
    assert e.link == "https://diario.example/nota/1?utm_source=rss"
    assert e.canonical_link == "https://diario.example/nota/1"
    assert e.summary == "La Corte aprobó & firmó"
    assert e.published_at == datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
    assert parsed.title == "Diario" and parsed.version == "rss20"


def test_duplicate_guids_with_different_links_stay_distinct_and_exact_duplicates_collapse():
    items = "".join(f"<item><title>{t}</title><link>https://x.example/{path}</link><guid>same</guid></item>"
                    for t, path in [("A", "a"), ("B", "b"), ("A", "a")])
    parsed = parse_feed(f'<rss version="2.0"><channel>{items}</channel></rss>'.encode(), {}, "https://x.example/f", NOW)
    assert [e.title for e in parsed.entries] == ["A", "B"]
    assert parsed.entries[0].entry_key != parsed.entries[1].entry_key


def test_future_garbage_dates_are_not_trusted():
    body = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><id>1</id><updated>9999-12-31T23:59:59Z</updated></entry></feed>'
    (e,) = parse_feed(body, {}, "https://x.example/f", NOW).entries
    assert e.published_at is None


def test_javascript_links_never_become_alert_links():
    body = b'<rss version="2.0"><channel><item><title>x</title><link>javascript:alert(1)</link></item></channel></rss>'
    (e,) = parse_feed(body, {}, "https://x.example/f", NOW).entries
    assert e.link is None


def test_json_feed_versions():
    doc = {"version": "https://jsonfeed.org/version/1", "title": "J", "items": [
        {"id": "1", "url": "https://j.example/1", "title": "Uno", "content_text": "texto",
         "date_published": "2026-11-27T10:00:00-06:00", "author": {"name": "Ana"}}]}
    parsed = parse_feed(json.dumps(doc).encode(), {"content-type": "application/json"}, "https://j.example/feed.json", NOW)
    (e,) = parsed.entries
    assert parsed.version == "json1" and e.content == "texto" and e.author == "Ana"
    assert e.published_at == datetime(2026, 11, 27, 16, 0, tzinfo=timezone.utc)
    with pytest.raises(ParseError, match="jsonfeed.org"):
        parse_feed(b'{"items": []}', {"content-type": "application/json"}, "https://j.example/x", NOW)


def test_entity_declarations_are_removed_wherever_they_are_and_escaped_text_is_kept():
    body = (b'<?xml version="1.0"?><!-- <a --><!DOCTYPE rss [<!ENTITY a "b>c"><!entity % p SYSTEM \'x\'>]>'
            b'<rss><x>&lt;!ENTITY kept&gt; &a;</x></rss>')
    assert neutralise_entities(body) == (b'<?xml version="1.0"?><!-- <a --><!DOCTYPE rss [  ]>'
                                         b'<rss><x>&lt;!ENTITY kept&gt; &a;</x></rss>')
    spliced = b'<!EN<!ENTITY x "">TITY a "big">'
    assert b"<!ENTITY" not in neutralise_entities(spliced)


def test_a_declared_entity_is_never_expanded_whatever_the_encoding_or_prolog():
    entity = '<!DOCTYPE rss [\n<!ENTITY a "' + "x" * 500 + '">\n]>\n'
    item = '<rss version="2.0"><channel><item><title>Honduras &a;</title><link>https://x.example/1</link></item></channel></rss>'
    bodies = {
        "utf-8": f'<?xml version="1.0"?>\n{entity}{item}'.encode(),
        "utf-16": f'<?xml version="1.0" encoding="utf-16"?>\n{entity}{item}'.encode("utf-16"),
        "comment first": f'<?xml version="1.0"?>\n<!-- <a -->{entity}{item}'.encode(),
        "pi first": f'<?xml version="1.0"?>\n<?x <a?>{entity}{item}'.encode(),
    }
    for kind, body in bodies.items():
        (e,) = parse_feed(body, {}, "https://x.example/f", NOW).entries
        assert e.title.startswith("Honduras") and "xxx" not in e.title, kind


FEEDS = sorted((CORPUS / "feeds").rglob("*")) if (CORPUS / "feeds").exists() else []


@pytest.mark.skipif(not FEEDS, reason="shared corpus not present")
def test_every_real_corpus_feed_parses_or_fails_cleanly():
    parsed = failed = 0
    for path in FEEDS:
        if not path.is_file():
            continue
        try:
            result = parse_feed(path.read_bytes(), {}, "https://corpus.example/feed", NOW)
        except ParseError:
            failed += 1
            continue
        parsed += 1
        for e in result.entries:
            assert e.entry_key and e.story_key
    assert parsed > 80 and failed < 15, (parsed, failed)


HTML_TOKENS = ["<p>", "</p>", "<br/>", "<br>", "<b>", "</b>", '<a href="x>y">', "<a href='u'>", "</a>", "<div class=x>",
               "</div>", "<title>", "</title>", "<img src=\"a.png\" alt='q'/>", "<script>", "</script>", "<!-- c -->",
               "&amp;", "&lt;", "&#39;", "&nbsp", "&copy", "a", " ", "\n", "palabra", "<", ">", "=", '"', "'", "<P>",
               "</LI>", "<li>", "<x y=>", '<x ="a">', "</>", "<1>", "&", ";", "<head>", "</head>", '<h1 id="t">',
               "</h1 >", '<a\nhref="z">', "<![CDATA[x]]>", "<style>", "</style>", "<EM>", "<Span>", "<strong>",
               "</STRONG >", "<p-x>", "<b\tclass=x>", "<img src=x/>", "&nbsp;", "&amp;nbsp;", "&quot;", "\xa0"]


def test_plain_markup_shortcut_gives_the_parsers_text():
    from hypothesis import given, settings, strategies as st

    from watcher.parse.html import _parsed_text, html_to_text

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(st.sampled_from(HTML_TOKENS), max_size=16))
    def same(tokens: list[str]) -> None:
        html = "".join(tokens)
        assert html_to_text(html) == _parsed_text(html)

    same()


def test_texts_of_a_whole_document_at_once_are_each_texts_own():
    from hypothesis import given, settings, strategies as st

    from watcher.parse.html import html_to_text, html_to_texts

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(HTML_TOKENS + ["&amp", "&not", "&nbsp", "b&", "\x01", "<a title='", "\u201d", "é"]),
                             max_size=8), max_size=6))
    def same(documents: list[list[str]]) -> None:
        htmls = ["".join(tokens) for tokens in documents]
        assert html_to_texts(htmls) == [html_to_text(h) for h in htmls]

    same()
    long = "<p>" + "palabra <b>x</b> &amp; " * 400 + "</p>"   # (long texts are read one by one)
    htmls = ["<b>a</b>", long, "b &nbsp; c", long.replace("<p>", ""), "\u2028"]
    assert html_to_texts(htmls) == [html_to_text(h) for h in htmls]
    # ASCII texts and the others read in two batches (a Google Alerts title with a curly quote among them)
    htmls = ["<b>Slack</b> Stock&#39;s run", "Cal \u201cHenderson\u201d&nbsp;...", "a  <b>b</b>", "caf\xe9&amp;", "\u2028x", "x"]
    assert html_to_texts(htmls) == [html_to_text(h) for h in htmls]


def test_normalised_space_is_the_words_of_each_line():
    from hypothesis import given, settings, strategies as st

    from watcher.parse.html import normalise_space

    spaces = [" ", "\t", "\n", "\r", "\x0b", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000", "\u200b", "\xad"]

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(st.sampled_from(spaces + ["a", "é", "palabra", "ñ"]), max_size=12))
    def same(parts: list[str]) -> None:
        text = "".join(parts)
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert normalise_space(text) == "\n".join(line for line in lines if line)

    same()


URL_PARTS = ["http://", "https://", "HTTP://", "x.example", "/", "//", "a", "?", "#", ";", "b=1", "&", ".", "..", " ", "\t",
             "%20", "[", "]", ":80", "é", "\n", "", "@", ":", "\\", "\x00", "\u3000", "\x85", ":x", "::1", "tag:", "urn:x",
             "mailto:", "+", "HTTPS:", "\x01", "\x1f", "\x7f", "\x0b", "\x0c", "\r", "\u200b", "\u2028"]


def test_fast_path_urljoin_is_feedparsers():
    from feedparser.urls import _urljoin
    from hypothesis import given, settings, strategies as st

    from watcher.parse.fast.common import urljoin

    @settings(max_examples=2000, deadline=None)
    @given(st.lists(st.sampled_from(URL_PARTS), max_size=10), st.sampled_from(["https://corpus.example/feed", "http://a/b/"]))
    def same(parts: list[str], base: str) -> None:
        uri = "".join(parts)
        assert urljoin(base, uri) == _urljoin(base, uri)

    same()


@pytest.mark.parametrize(("declared", "shown"), [("en-us", "en-US"), ("EN-US", "en-US"), ("es_hn", "es-HN"),
                                                 ("ES", "es"), ("zh-hant-tw", "zh-Hant-TW"), ("es-419", "es-419"),
                                                 ("English (US)", None), ("", None)])
def test_language_tags_are_in_one_casing_whatever_the_feed_wrote(declared, shown):
    """`en-US` and `en-us` were two languages (in `stories`, and for follow_up = "new-language")."""
    rss_feed = (f'<rss version="2.0"><channel><language>{declared}</language>'
                '<item><title>A</title><link>https://x.example/a</link></item></channel></rss>').encode()
    atom = (f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{declared}"><title>F</title>'
            '<entry><title>A</title><link href="https://x.example/a"/><id>a</id></entry></feed>').encode()
    json_feed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "F", "language": declared,
                            "items": [{"id": "a", "title": "A", "url": "https://x.example/a"}]}).encode()
    for body in (rss_feed, atom, json_feed):
        (entry,) = parse_feed(body, {}, "https://x.example/f", NOW).entries
        assert entry.language == shown, body[:60]


def test_a_feed_without_a_language_takes_the_one_in_config_toml():
    body = b'<rss version="2.0"><channel><item><title>A</title><link>https://x.example/a</link></item></channel></rss>'
    parsed = parse_feed(body, {}, "https://x.example/f", NOW)
    assert parsed.entries[0].language is None, "no language declared, none configured: unknown ('?')"
    assert parsed.with_language("es-HN").entries[0].language == "es-HN"
    declared = parse_feed(body.replace(b"<channel>", b"<channel><language>en</language>"), {}, "https://x.example/f", NOW)
    assert declared.with_language("es-HN").entries[0].language == "en", "the feed's own language wins"


def test_xhtml_content_keeps_the_spaces_between_its_elements_on_the_fast_path():
    """The fast path parses without blank text nodes; XHTML content (serialised with its inner
    whitespace) makes it read the document again with them, as feedparser reads it."""
    from watcher.parse import fast
    from watcher.parse.feed import read_feedparser

    body = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><id>x:1</id><title>T</title>'
            b'<summary>S</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
            b'<b>Extradited</b> <i>today</i> <em>to</em> <span>Honduras</span></div></content></entry></feed>')
    headers = {"content-location": "https://x.example/f"}
    quick = fast.read(body, dict(headers), "https://x.example/f")["items"][0]["content"]
    assert quick == read_feedparser(body, dict(headers), "https://x.example/f")["items"][0]["content"]
    assert quick == "Extradited today to Honduras"


# Google Alerts' shape: an Atom entry with only <content type="html"> (escaped markup, a numeric
# reference and &nbsp;), no <summary>; RSS with only content:encoded; an Atom summary type="html"
_HTML = "&lt;b&gt;Slack&lt;/b&gt; Honduras extradita al exalcalde &amp;#39;El Tigre&amp;#39;&amp;nbsp;hoy"
_SUMMARY_DOCUMENTS = {
    "atom content html only": (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>tag:alerts,2026:f</id>'
        '<title>Google Alert - Honduras</title><link href="https://www.google.com/alerts/feeds/1/2" rel="self"/>'
        '<updated>2026-11-27T10:00:00Z</updated><entry><id>tag:alerts,2026:1</id>'
        '<title type="html">Honduras extradita al exalcalde</title>'
        '<link href="https://hn.example/story"/><published>2026-11-27T09:00:00Z</published>'
        f'<updated>2026-11-27T09:00:00Z</updated><content type="html">{_HTML}</content>'
        '<author><name/></author></entry></feed>'),
    "rss content:encoded only": (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Diario</title>'
        '<link>https://hn.example/</link><item><title>Honduras extradita al exalcalde</title>'
        '<link>https://hn.example/story</link><guid>https://hn.example/story</guid>'
        f'<pubDate>Fri, 27 Nov 2026 09:00:00 +0000</pubDate><content:encoded>{_HTML}</content:encoded>'
        '</item></channel></rss>'),
    "atom summary html": (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>tag:a,2026:f</id>'
        '<title>A</title><updated>2026-11-27T10:00:00Z</updated><entry><id>tag:a,2026:1</id>'
        '<title>Honduras extradita al exalcalde</title><link href="https://hn.example/story"/>'
        f'<updated>2026-11-27T09:00:00Z</updated><summary type="html">{_HTML}</summary></entry></feed>'),
}


@pytest.mark.parametrize("kind", sorted(_SUMMARY_DOCUMENTS))
@pytest.mark.parametrize("path", ["fast", "feedparser"])
def test_a_summary_taken_from_html_content_is_text_on_both_paths(kind, path):
    from watcher.parse import fast
    from watcher.parse.feed import _build, read_feedparser

    body = _SUMMARY_DOCUMENTS[kind].encode()
    url = "https://alerts.example/feed"
    read = fast.read if path == "fast" else read_feedparser
    (e,) = _build(read(body, {"content-location": url}, url), url, NOW, 500).entries
    assert e.summary == "Slack Honduras extradita al exalcalde 'El Tigre' hoy", e.summary
    assert "<" not in e.summary and "&" not in e.summary
    assert e.content in ("", e.summary), "the content's text is the summary's: not kept twice"


@pytest.mark.parametrize("path", ["fast", "feedparser"])
def test_an_entry_keyed_by_its_html_content_keeps_the_key_it_had_before_its_summary_was_made_text(path):
    """No title, id or link: the key is the summary's first line and the date. Keys are stored, so
    they stay as they were made when that summary was the markup (a new key would alert again)."""
    from watcher.parse import fast
    from watcher.parse.feed import _build, read_feedparser
    from watcher.parse.identity import digest, entry_identity, story_identity

    body = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry>'
            f'<updated>2026-11-27T09:00:00Z</updated><content type="html">{_HTML}</content></entry></feed>').encode()
    url = "https://alerts.example/feed"
    read = fast.read if path == "fast" else read_feedparser
    (e,) = _build(read(body, {"content-location": url}, url), url, NOW, 500).entries
    assert e.title == "Slack Honduras extradita al exalcalde 'El Tigre' hoy" and e.summary == e.title
    before = "<b>Slack</b> Honduras extradita al exalcalde &#39;El Tigre&#39;&nbsp;hoy"
    date = "2026-11-27T09:00:00+00:00"
    assert e.entry_key == digest(entry_identity(None, None, before, date))
    assert e.story_key == story_identity(None, before, date, url)


def test_fast_path_tables_are_the_installed_feedparsers():
    from feedparser.html import _cp1252
    from feedparser.mixin import _FeedParserMixin
    from feedparser.sanitizer import _HTMLSanitizer

    from watcher.parse.fast.tables import ACCEPTABLE_ELEMENTS, CP1252, NAMESPACES

    assert NAMESPACES == _FeedParserMixin.namespaces
    assert ACCEPTABLE_ELEMENTS == _HTMLSanitizer.acceptable_elements
    assert CP1252 == _cp1252


HTML_PARTS = ["<b>", "</b>", "<B>", "</P>", "<blink>", "</blink>", "<script>", "</script>", "&amp;", "&nbsp;", "&#39;",
              "&#x27;", "&bogus;", "&lt", "<", ">", "/", " ", "text", "é", "<br/>", "</_x>", "&", ";", "#", "</Ä>"]


def test_fast_path_looks_like_html_is_feedparsers():
    from feedparser.mixin import _FeedParserMixin
    from hypothesis import given, settings, strategies as st

    from watcher.parse.fast.common import looks_like_html

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(st.sampled_from(HTML_PARTS), max_size=8))
    def same(parts: list[str]) -> None:
        text = "".join(parts)
        assert looks_like_html(text) == _FeedParserMixin.looks_like_html(text)

    same()


def test_a_document_the_fast_path_reads_does_not_load_feedparser():
    import subprocess
    import sys

    from feeds import Item, atom, rss

    script = ("import sys; from datetime import datetime, timezone; from watcher.parse.feed import parse_feed\n"
              "for body in sys.stdin.buffer.read().split(b'\\0'):\n"
              "    assert parse_feed(body, {}, 'https://x.example/f', datetime.now(timezone.utc)).entries\n"
              "    print('feedparser' in sys.modules)\n")
    items = [Item("Deportation flights resume", "https://x.example/1", "g1", "<p>The <b>ministry</b> said &amp; more</p>")]
    odd_date = b'<rss version="2.0"><channel><item><title>T</title><pubDate>2026-11-26 10:00</pubDate></item></channel></rss>'
    documents = [rss(items), atom(items), odd_date]
    out = subprocess.run([sys.executable, "-c", script], input=b"\0".join(documents), capture_output=True, check=True)
    # the RSS and the Atom document on the fast path; feedparser's date parser for a date it alone reads
    assert out.stdout.decode().split() == ["False", "False", "True"]


def test_fix_undoes_utf8_read_as_latin1_and_leaves_wider_text_alone():
    from hypothesis import given, settings, strategies as st

    from watcher.parse.fast.common import fix
    from watcher.parse.fast.tables import CP1252

    def reference(text: str) -> str:   # (the strict encode that raised for a character past Latin-1)
        try:
            text = text.encode("iso-8859-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        return text.translate(CP1252) if any("\x80" <= c <= "\x9f" for c in text) else text

    @settings(max_examples=2000, deadline=None)
    @given(st.lists(st.sampled_from(["a", " ", "é", "Ã©", "â€™", "\u201d", "\u2013", "\x85", "\x93", "Ã", "\xff", "ñ"]),
                    max_size=10))
    def same(parts: list[str]) -> None:
        text = "".join(parts)
        assert fix(text) == reference(text)

    same()


@pytest.mark.parametrize("body", [
    b'<feed xml:base="http://x/">', b"<rss base = 'x'>", b"<a>database</a><b base\n=\"x\"/>", b"<a>database basement</a>",
    b"<a>no b-a-s-e here</a>", b"base", b"<a base>", b"bbase=", b"basebase =",
])
def test_may_have_base_finds_what_the_regex_search_finds(body):
    from watcher.parse.fast import _BASE_ATTRIBUTE, _may_have_base

    assert _may_have_base(body, "utf-8") is (_BASE_ATTRIBUTE.search(body) is not None)
