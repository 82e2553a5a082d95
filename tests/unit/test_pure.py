"""Pure pieces: units, identity, clustering, routing schedules, escaping, backoff."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from watcher.config import FetchSection, SubscriberSpec
from watcher.parse.identity import canonical_url
from watcher.pipeline.schedule import backoff
from watcher.render.escape import escape_html, escape_markdown, escape_text, highlight, link
from watcher.routing import Subscriber, due_time, in_quiet_hours, next_digest_slot
from watcher.stories import EntryText, place_all
from watcher.units import format_duration, parse_duration

TGU = ZoneInfo("America/Tegucigalpa")
NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize("text,seconds", [("30s", 30), ("15m", 900), ("2h", 7200), ("1h30m", 5400), ("7d", 604800),
                                          ("500ms", 0.5)])
def test_durations(text, seconds):
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("bad", ["15", "15 minutes", "m", "", "1x"])
def test_bad_durations_say_how_to_write_them(bad):
    with pytest.raises(ValueError, match="use e.g."):
        parse_duration(bad)


def test_sizes_and_formatting():
    sizes = [FetchSection.model_validate({"max_bytes": v}).max_bytes for v in ("10MB", "512KiB", "2 gb", 42)]
    assert sizes == [10_000_000, 524288, 2_000_000_000, 42]
    assert format_duration(timedelta(minutes=90)) == "1h30m"


@pytest.mark.parametrize("a,b", [
    ("https://www.Example.com/a/?utm_source=x&id=3#frag", "http://example.com/a?id=3"),
    ("https://news.example/story?fbclid=1&gclid=2", "https://news.example/story"),
    ("https://aljazeera.com/news/x?traffic_source=rss", "https://www.aljazeera.com/news/x/"),
    ("https://x.example:443/p?b=2&a=1", "https://x.example/p?a=1&b=2"),
])
def test_canonical_urls_join_tracking_variants(a, b):
    assert canonical_url(a) == canonical_url(b)


def test_canonical_urls_keep_identifying_parameters():
    assert canonical_url("https://x.example/a.php?id=1") != canonical_url("https://x.example/a.php?id=2")


def test_clustering_joins_copies_but_never_different_numbers_or_places():
    now = datetime(2026, 11, 28, tzinfo=timezone.utc)

    def grouped(*titles: str, hours: float = 1) -> bool:
        entries = [EntryText(t, lang="es", published_at=now + timedelta(hours=hours * i)) for i, t in enumerate(titles)]
        first, *rest = place_all(entries)
        return all(a.story_id == first.story_id for a in rest)

    assert grouped("Honduras extradita a exalcalde de Olancho acusado de narcotráfico - La Prensa",
                   "Honduras extradita a exalcalde de Olancho acusado de narcotráfico - El Heraldo")
    h = "Honduras extradita a exalcalde acusado de narcotráfico y lavado de dinero ante tribunal federal"
    c = "Guatemala extradita a exalcalde acusado de narcotráfico y lavado de dinero ante tribunal federal"
    assert grouped(h, h.replace("tribunal", "juez")), "the same headline reworded a little joins"
    assert not grouped(c, h), "a different country is a different story"
    assert not grouped("Honduras extradita a 3 exalcaldes acusados de narcotráfico en Olancho",
                       "Honduras extradita a 4 exalcaldes acusados de narcotráfico en Olancho"), "numbers must agree"
    assert not grouped(h, h, hours=100), "too old to be the same story"


def sub(**kw) -> Subscriber:
    return Subscriber(SubscriberSpec(id="s", urls=("json://x",), **kw), ())


def test_digest_slots_follow_the_subscriber_timezone():
    at = datetime(2026, 11, 28, 10, 30, tzinfo=TGU)
    assert next_digest_slot(at, "07:00,13:00") == datetime(2026, 11, 28, 13, 0, tzinfo=TGU)
    assert next_digest_slot(at.replace(hour=14), "07:00,13:00") == datetime(2026, 11, 29, 7, 0, tzinfo=TGU)
    assert next_digest_slot(at, "hourly") == datetime(2026, 11, 28, 11, 0, tzinfo=TGU)


def test_quiet_hours_across_midnight_and_dst():
    assert in_quiet_hours(datetime(2026, 11, 28, 23, 0, tzinfo=TGU), "22:00-07:00")
    assert in_quiet_hours(datetime(2026, 11, 28, 3, 0, tzinfo=TGU), "22:00-07:00")
    assert not in_quiet_hours(datetime(2026, 11, 28, 7, 0, tzinfo=TGU), "22:00-07:00")
    night = datetime(2026, 3, 7, 23, 0, tzinfo=NY).astimezone(timezone.utc)     # DST starts that night
    due, held = due_time(sub(timezone="America/New_York", quiet_hours="22:00-07:00"), 2, night)
    assert held == "quiet-hours" and due.astimezone(NY).hour == 7 and due.astimezone(NY).day == 8


def test_urgent_bypasses_quiet_hours_and_digests():
    night = datetime(2026, 11, 28, 23, 0, tzinfo=TGU).astimezone(timezone.utc)
    s = sub(timezone="America/Tegucigalpa", quiet_hours="22:00-07:00", digest="07:00")
    assert due_time(s, 3, night) == (night, "")
    due, held = due_time(s, 2, night)
    assert held == "digest" and due.astimezone(TGU).hour == 7


def test_escaping_per_format():
    bait = "<!channel> [x](http://evil) <script> @everyone \u202e & <@U1>"
    assert "<!channel>" in escape_text(bait) and "@\u200beveryone" in escape_text(bait)
    assert "\u202e" not in escape_text(bait)
    assert escape_html(bait).startswith("&lt;!channel&gt;") and "<script>" not in escape_html(bait)
    assert "\\[x\\]\\(http://evil\\)" in escape_markdown(bait) and "\\<\\!channel\\>" in escape_markdown(bait)
    assert highlight("a <b> c", [(2, 5)], "html") == "a <mark>&lt;b&gt;</mark> c"
    assert link("javascript:alert(1)", "x", "html") == "x"
    assert link("https://ok.example/?a=1&b=2", "t<", "html") == '<a href="https://ok.example/?a=1&amp;b=2">t&lt;</a>'


def test_backoffs_are_capped_jittered_and_honour_retry_after():
    rng = random.Random(1)
    feed = [backoff(n, 300, 3600, rng) for n in range(1, 10)]
    assert feed[0] < feed[2] < feed[4] and max(feed) <= 3600
    assert backoff(1, 300, 3600, rng, 7200) == 7200
    sends = [backoff(n, 30, 3600, rng) for n in range(1, 15)]
    assert 24 <= sends[0] <= 36 and max(sends) <= 3600 and sends[-1] >= 2880


@pytest.mark.parametrize("seconds,text", [(20, "20s"), (30, "30s"), (90, "1m30s"), (300, "5m"), (5400, "1h30m"),
                                          (86400 * 2, "2d")])
def test_durations_are_shown_to_the_second_below_an_hour(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("title", "marked"), [
    ("Honduras firma acuerdo con EE. UU. sobre migrantes", "«EE. UU.» sobre"),
    ("Honduras firma acuerdo con EE.UU. sobre migrantes", "«EE.UU.» sobre"),
    ("Acuerdo migratorio firmado con EE. UU.", "con «EE. UU.»"),
    ("Honduras signs deal with the U.S. on migrants", "the «U.S.» on"),
    ("Firma en Honduras. Luego", "en «Honduras». Luego"),     # a sentence's full stop stays outside
])
def test_a_highlight_keeps_the_final_dot_of_an_abbreviation(tmp_path, title, marked):
    """Messages showed «EE. UU». — the highlight closed before the abbreviation's last dot."""
    from watcher.ruleset import Document, load_rules
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text("rules:\n  - {id: r, title: R, match: {any: ['EE. UU.', 'EE.UU.', 'U.S.', Honduras]}}\n",
                                  encoding="utf-8")
    result = load_rules(rules)
    assert result.ok, result.problems
    (match,) = result.ruleset.match(Document(title))
    snippet = match.snippet
    assert marked in snippet.marked()
    spans = [tuple(h) for h in snippet.highlights]
    assert marked in highlight(snippet.text, spans, "text")
    html_marked = marked.replace("«", "<mark>").replace("»", "</mark>")
    assert html_marked in highlight(snippet.text, spans, "html")


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_links_in_messages_carry_no_tracking_parameters(fmt):
    """Alerts linked to `...?id=7&utm_source=rss&utm_medium=feed`: what people click and forward
    keeps the article's own parameters and fragment (and plain words like `amp` a site may need to
    serve the page), without utm_* or click ids."""
    from storage.records import AlertView, ReportView, StoryView
    from watcher.render import Renderer
    now = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
    link = "https://hn.example/nota?id=7&utm_source=rss&utm_medium=feed&UTM_Campaign=x&amp=1#parrafo"
    other = "https://world.example/story/1?fbclid=abc"
    alert = AlertView("r", "R", "normal", ("Honduras",), ("title",), None, "rules/r.yaml", "0" * 64, now)
    story = StoryView(1, "Honduras", link, now, (alert,),
                      (ReportView("hn", "Diario HN", "Honduras", link, now, now),
                       ReportView("w", "World Wire", "Honduras", other, now, now)))
    body = Renderer().render_stories("desk", fmt, [(story, (alert,))], ZoneInfo("UTC"), now).body
    assert "utm_" not in body.lower() and "fbclid" not in body, body
    assert "https://hn.example/nota?id=7&amp=1#parrafo" in body.replace("\\", "").replace("&amp;", "&")
    assert "https://world.example/story/1" in body
