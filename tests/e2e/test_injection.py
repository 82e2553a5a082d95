"""Untrusted feed text must not control the channels it is delivered to (hazards.md C 29-33):
asserted on the exact payload Apprise sends (Slack and Discord captured at the HTTP layer on a
local server, e-mail as received by the local SMTP server)."""

from __future__ import annotations

import json

import pytest

from feeds import Item, rss
from harness import Clock, poll_then_deliver
from servers import Route

SLACK_BAIT = ("Honduras extradita <!channel> <!here> <@U123> <!subteam^S1> "
              "<http://evil.example/login|Reset password> & más")
HTML_BAIT = ('Honduras extradita <script>alert(1)</script> <img src="http://tracker.example/p.png"> '
             '<a href="javascript:alert(2)">x</a> <b onerror="steal()">y</b>')
MD_BAIT = "Honduras extradita [Reset](http://evil.example) ![](http://tracker.example/i.png) **bold** _it_ @everyone"


@pytest.fixture
def local_slack(monkeypatch, sink):
    from apprise.plugins.discord import NotifyDiscord
    from apprise.plugins.slack import NotifySlack
    monkeypatch.setattr(NotifySlack, "webhook_url", f"http://127.0.0.1:{sink.port}/services")
    monkeypatch.setattr(NotifyDiscord, "notify_url", f"http://127.0.0.1:{sink.port}/discord")
    return sink


def deliver_one(project, feed_server, title, summary, subscriber, sends=1):
    clock = Clock()
    feed_server.routes["/f.xml"] = Route(rss([Item(title, "https://hn.example/story", "s1", summary)], now=clock()))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}], subscribers=[subscriber])

    report = poll_then_deliver(project.config, clock)
    assert report.sent == sends, report


def slack_texts(payload: dict) -> list[str]:
    out = [payload.get("text", "")]
    for att in payload.get("attachments", []):
        out += [att.get("title", ""), att.get("text", ""), att.get("fallback", "")]
        for block in att.get("blocks", []):
            out.append(json.dumps(block))
    return out


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_slack_control_sequences_arrive_escaped(project, feed_server, local_slack, fmt):
    deliver_one(project, feed_server, SLACK_BAIT, "Resumen: " + SLACK_BAIT,
                {"id": "slack", "urls": ["slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7/#alerts"], "format": fmt})
    ((path, _, body),) = local_slack.posts
    assert path == "/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7"
    payload = json.loads(body)
    for text in slack_texts(payload):
        for live in ("<!channel>", "<!here>", "<@U123>", "<!subteam^S1>", "<http://evil.example/login|"):
            assert live not in text, (live, text)
    everything = " ".join(slack_texts(payload))
    assert "&lt;!channel&gt;" in everything
    assert "Honduras extradita" in everything
    if fmt == "text":
        assert payload["mrkdwn"] is False, "untrusted text goes to Slack as TEXT"


def test_discord_mentions_are_neutralised(project, feed_server, local_slack):
    deliver_one(project, feed_server, "Honduras extradita @everyone @here <@&555> y más", "",
                {"id": "discord", "urls": ["discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js"]})
    ((path, _, body),) = local_slack.posts
    payload = json.loads(body)
    content = json.dumps(payload)
    assert "@everyone" not in content and "@here" not in content and "<@&555>" not in content
    assert "@\\u200beveryone" in content
    assert "allowed_mentions" not in payload or not payload["allowed_mentions"].get("parse")


def test_html_email_escapes_every_untrusted_value(project, feed_server, smtp):
    deliver_one(project, feed_server, HTML_BAIT, "Resumen " + HTML_BAIT,
                {"id": "desk", "urls": [smtp.url()]})
    (message,) = smtp.messages
    html = message.get_body(("html",)).get_content()
    for raw in ("<script", "<img", 'href="javascript', 'onerror="', "<b "):
        assert raw not in html, raw
    assert "&lt;script&gt;" in html
    import re
    assert set(re.findall(r'href="([^"]+)"', html)) == {"https://hn.example/story"}, "only the validated link"


def test_email_header_injection_and_huge_title(project, feed_server, smtp):
    title = "Honduras extradita &#13;&#10;Bcc: victim@example.com&#10;X-Foo: injected " + "larguísimo " * 200
    deliver_one(project, feed_server, title, "", {"id": "desk", "urls": [smtp.url("desk@example.org")]})
    (message,) = smtp.messages
    assert message["Bcc"] is None and message["X-Foo"] is None
    assert len(message.get_all("Subject")) == 1
    subject = message["Subject"]
    assert "\n" not in subject and "\r" not in subject and len(subject) <= 250
    assert smtp.envelopes[0][1] == ["desk@example.org"]


def test_markdown_is_rendered_literally(project, feed_server, sink, smtp):
    deliver_one(project, feed_server, MD_BAIT, "", {"id": "md", "urls": [sink.json_url(), smtp.url()],
                                                      "format": "markdown"}, sends=2)
    (payload,) = sink.payloads()
    assert "\\[Reset\\]\\(http://evil\\.example\\)" in payload["message"]
    assert "!\\[\\]\\(http://tracker\\.example/i\\.png\\)" in payload["message"]
    html = smtp.messages[0].get_body(("html",)).get_content()
    assert "<img" not in html and 'href="http://evil.example"' not in html
    assert "[Reset](http://evil.example)" in html, "shown as text"


def test_control_and_bidi_characters_never_reach_messages_or_logs(project, feed_server, sink, caplog):
    import logging
    caplog.set_level(logging.INFO)
    title = "Honduras extradita \u202eevil\u202c \x1b[31mred\x1b[0m \x07bell \u200bzero"
    deliver_one(project, feed_server, title, "", {"id": "desk", "urls": [sink.json_url()]})
    (payload,) = sink.payloads()
    for bad in ("\u202e", "\x1b", "\x07", "\u200b"):
        assert bad not in payload["title"] and bad not in payload["message"]
        assert bad not in caplog.text


FORGED_TITLE = "Extraditan a EE. UU. a hondureño\nhttps://evil.example/phish\r\nSource: Reuters"
FORGED_FEED = "Diario\nLink: https://evil.example/feed"
FORGED_STARTS = ("https://evil", "Source: Reuters", "Link: https://evil", "Link: https:")


def forged_lines(text: str) -> list[str]:
    """Lines of a message that a feed's title could have forged (a fake link or source line)."""
    out = []
    for line in text.splitlines():
        bare = line.strip().lstrip("-*>#_ ").replace("\\", "")
        if bare.startswith(FORGED_STARTS):
            out.append(line)
    return out


@pytest.mark.parametrize("stories", [1, 2], ids=["alert", "digest"])
def test_line_breaks_in_titles_cannot_forge_lines(project, feed_server, sink, smtp, stories):
    clock = Clock()
    items = [Item(FORGED_TITLE, "https://hn.example/story", "s1"),
             Item("Llegan 120 hondureños deportados a San Pedro Sula", "https://hn.example/d1", "d1")][:stories]
    feed_server.routes["/f.xml"] = Route(rss(items, title=FORGED_FEED, now=clock()))
    project.write(feeds=[{"id": "hn", "url": feed_server.url("/f.xml")}], subscribers=[
        {"id": "text", "urls": [sink.json_url("/text")], "format": "text"},
        {"id": "md", "urls": [sink.json_url("/md")], "format": "markdown"},
        {"id": "mail", "urls": [smtp.url("html@example.org")]},
        {"id": "mail-text", "urls": [smtp.url("text@example.org")], "format": "text"},
        {"id": "mail-md", "urls": [smtp.url("md@example.org")], "format": "markdown"}])

    report = poll_then_deliver(project.config, clock)
    assert report.messages == 5 and report.sent == 5 * stories, report
    bodies = [p["message"] for p in sink.payloads()] + [p["title"] for p in sink.payloads()]
    for message in smtp.messages:
        bodies += [message["Subject"], message.get_body(("plain",)).get_content()]
    assert len(bodies) == 2 * 2 + 3 * 2
    for body in bodies:
        assert not forged_lines(body), body
    joined = "\n".join(bodies)
    assert "hondureño https://evil.example/phish Source: Reuters" in joined.replace("\\", ""), "kept, on one line"


def test_a_google_alerts_entry_arrives_as_text_not_markup(project, feed_server, sink):
    """Google Alerts' Atom: each entry has only <content type="html"> (escaped markup, numeric
    references, &nbsp;) and no <summary>; served by the local feed server, polled and delivered by
    the real pipeline. The message carries the text, not the markup."""
    clock = Clock()
    when = clock().isoformat()
    markup = ("&lt;b&gt;Honduras&lt;/b&gt; extradita al exalcalde &amp;#39;El Tigre&amp;#39;&amp;nbsp;a "
              "Estados Unidos, informó la &lt;b&gt;Corte Suprema&lt;/b&gt;")
    body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:idx="urn:atom-extension:indexing" idx:index="no"><id>tag:google.com,2005:reader/user/1/state/alerts/2</id>'
            f'<title>Google Alert - Honduras extradición</title><updated>{when}</updated>'
            '<entry><id>tag:google.com,2013:googlealerts/feed:1</id>'
            '<title type="html">&lt;b&gt;Honduras&lt;/b&gt; extradita al exalcalde</title>'
            '<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://hn.example/story&amp;ct=ga"/>'
            f'<published>{when}</published><updated>{when}</updated>'
            f'<content type="html">{markup}</content><author><name></name></author></entry></feed>')
    feed_server.routes["/alerts.atom"] = Route(body.encode(), "application/atom+xml")
    project.write(feeds=[{"id": "alerts", "url": feed_server.url("/alerts.atom")}],
                  subscribers=[{"id": "desk", "urls": [sink.json_url()]}])

    report = poll_then_deliver(project.config, clock)
    assert report.sent == 1, report
    (payload,) = sink.payloads()
    message = payload["message"]
    assert "'El Tigre'" in message and "Corte Suprema" in message, message
    for markup_left in ("<b>", "&lt;b&gt;", "&#39;", "&amp;#39;", "&nbsp;"):
        assert markup_left not in message, (markup_left, message)
