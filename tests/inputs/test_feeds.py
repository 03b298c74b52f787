"""Feeds as inputs: RSS 2.0 and Atom, full content or links, broken and hostile XML, OPML."""
from __future__ import annotations

import pytest

from feed_server import HOSTILE, FeedServer
from newsbrief.inputs.feeds import FeedError, feed_kind, parse_feed, parse_opml
from newsbrief.inputs.sources import read_inputs


def test_rss_with_full_content_atom_and_links_only():
    with FeedServer() as server:
        routes = server.routes()
    rss = parse_feed(routes["/rss-full"][0], "rss")
    assert rss.title == "Test News" and len(rss.items) == 2
    assert rss.items[0].content and "Brent Spence" in rss.items[0].content
    assert rss.items[0].date == "2026-11-30T10:00:00Z"
    atom = parse_feed(routes["/atom"][0], "atom")
    assert [i.title for i in atom.items][0] == "Bridge bill back on the Senate floor after letter"
    assert all(i.content for i in atom.items)
    links = parse_feed(routes["/rss-links"][0], "links")
    assert all(i.content is None and i.url for i in links.items)  # teasers: fetch the page


def test_broken_hostile_and_not_a_feed():
    with FeedServer() as server:
        routes = server.routes()
    with pytest.raises(FeedError, match="refused"):
        parse_feed(HOSTILE, "hostile.xml")
    broken = parse_feed(routes["/broken"][0], "broken.xml")  # recovered, but said so
    assert broken.broken and len(broken.items) <= 1
    with pytest.raises(FeedError, match="not a readable feed|not an RSS"):
        parse_feed(b"<rss><channel>", "cut.xml")
    assert feed_kind(HOSTILE) == "feed"  # recognised as a feed, then refused
    assert feed_kind(routes["/not-a-feed"][0]) is None
    assert feed_kind(routes["/atom"][0]) == "feed"
    assert feed_kind(b'<?xml version="1.0"?><opml version="2.0"><body/></opml>') == "opml"
    with pytest.raises(FeedError, match="lists no feeds"):
        parse_opml(b'<opml version="2.0"><body><outline text="x"/></body></opml>', "empty.opml")


def test_feed_url_and_file_as_inputs_fetch_pages_and_warn_on_bad_ones(tmp_path):
    warnings: list[str] = []
    with FeedServer() as server:
        (tmp_path / "full.xml").write_bytes(server.routes()["/rss-full"][0])
        opml = tmp_path / "subs.opml"
        opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                        f'<outline xmlUrl="{server.url("/rss-links")}"/>'
                        f'<outline xmlUrl="{server.url("/gz/atom")}"/>'
                        f'<outline xmlUrl="{server.url("/hostile")}"/></body></opml>', encoding="utf-8")
        docs = read_inputs([str(tmp_path / "full.xml"), str(opml), server.url("/broken")],
                           warn=warnings.append, allow_many_clusters=True)
        assert server.hits.get("/page/dispatch-1") == 1  # a link-only item's page was fetched
    titles = [d.meta.get("title") for d in docs]
    assert len(docs) == 2 + 3 + 2  # two full items, three linked pages, two gzip Atom items
    assert "Fed holds rates steady" in titles and "Delgado announces run for governor" in titles
    assert any("hostile" in w and "refused" in w for w in warnings)
    assert any("broken" in w for w in warnings)
    assert all(d.meta.get("url") for d in docs)


def test_a_feed_on_a_private_address_is_refused_without_connecting(monkeypatch):
    import socket

    def no_connection(*args, **kwargs):
        raise AssertionError("a refused URL must not be connected to")

    monkeypatch.setattr(socket.socket, "connect", no_connection)
    warnings: list[str] = []
    docs = read_inputs(["http://10.0.0.7/feed.xml"], warn=warnings.append, allow_private_urls=False)
    assert docs == [] and "refused" in warnings[0]


def test_read_feed_articles_from_a_url_a_file_and_an_opml_list(tmp_path):
    from newsbrief.inputs.feeds import read_feed_articles

    warnings: list[str] = []
    with FeedServer() as server:
        by_url = read_feed_articles(server.url("/rss-full"), warnings.append)
        (tmp_path / "atom.xml").write_bytes(server.routes()["/atom"][0])
        by_file = read_feed_articles(str(tmp_path / "atom.xml"), warnings.append)
        opml = tmp_path / "subs.opml"
        opml.write_text('<opml version="2.0"><body>'
                        f'<outline xmlUrl="{server.url("/rss-links")}"/>'
                        f'<outline xmlUrl="{server.url("/missing")}"/>'
                        f'<outline xmlUrl="{server.url("/hostile")}"/></body></opml>', encoding="utf-8")
        by_opml = read_feed_articles(str(opml), warnings.append)
    assert [d.meta["title"] for d in by_url] == ["Delgado blocks Brent Spence Bridge repair bill",
                                                "Senate repair bill for Ohio River bridge stalls"]
    assert [d.meta["outlet"] for d in by_file] == ["Atom News", "Atom News"]
    assert len(by_opml) == 3 and all("<article>" in d.data for d in by_opml)  # the linked pages
    assert warnings and all(w.count("\n") == 0 for w in warnings)
    assert any("/missing" in w and "404" in w for w in warnings)
    assert any("/hostile" in w and "refused" in w for w in warnings)


def test_read_feed_articles_warns_on_what_is_not_a_feed(tmp_path):
    from newsbrief.inputs import feeds

    page, big = tmp_path / "page.html", tmp_path / "big.xml"
    page.write_text("<html><body>hello</body></html>", encoding="utf-8")
    big.write_bytes(b"<rss>" + b" " * 2000 + b"</rss>")
    warnings: list[str] = []
    assert feeds.read_feed_articles(str(page), warnings.append) == []
    assert feeds.read_feed_articles(str(tmp_path / "nope.xml"), warnings.append) == []
    feeds.FEED_MAX_BYTES, cap = 1000, feeds.FEED_MAX_BYTES
    try:
        assert feeds.read_feed_articles(str(big), warnings.append) == []
    finally:
        feeds.FEED_MAX_BYTES = cap
    assert "page.html: not an RSS/Atom feed" in warnings[0]
    assert "nope.xml: cannot read" in warnings[1]
    assert "big.xml: over the 1,000-byte limit" in warnings[2]


def test_conditional_get_is_answered_304():
    from newsbrief.inputs.feeds import fetch_feed

    with FeedServer() as server:
        first = fetch_feed(server.url("/gz/atom"), allow_private=True)
        assert not first.not_modified and b"Atom News" in first.body  # gzip decoded
        again = fetch_feed(server.url("/gz/atom"), allow_private=True,
                           conditional={"If-None-Match": first.headers["etag"]})
        assert again.not_modified and server.not_modified == {"/gz/atom": 1}


def test_host_pace_spaces_requests_to_one_host(monkeypatch):
    from newsbrief.inputs import feeds

    clock, slept = [100.0], []
    monkeypatch.setattr(feeds.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(feeds.time, "sleep", slept.append)
    pace = feeds.HostPace(2.0)
    pace.wait("https://a.example/feed")
    pace.wait("https://b.example/feed")  # another host: no wait
    assert slept == []
    pace.wait("https://A.example/page/1")  # the same host, right away: waits the pace
    clock[0] += 0.5
    pace.wait("https://a.example/page/2")  # queued behind the previous one
    assert slept == [2.0, 3.5]


def test_a_feed_on_stdin_fetches_its_links_under_no_private_urls(monkeypatch):
    """stdin went through a reader whose default allowed private addresses."""
    import io
    import socket
    import sys

    def no_connection(*args, **kwargs):
        raise AssertionError("a refused URL must not be connected to")

    monkeypatch.setattr(socket.socket, "connect", no_connection)
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            b'<item><title>Local</title><link>http://10.0.0.7/story</link></item></channel></rss>')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(feed)))
    warnings: list[str] = []
    docs = read_inputs(["-"], warn=warnings.append, allow_private_urls=False)
    assert docs == [] and any("10.0.0.7" in w and "refused" in w for w in warnings)
