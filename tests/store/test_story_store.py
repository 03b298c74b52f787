"""The story store on SQLite and on PostgreSQL: one article stored once (canonical URL, the same
outlet's text; another outlet's copy joins as a copy), a restarted store keeps adding to its stories, a failed batch leaves nothing, and two
writers on one store neither duplicate articles nor give two stories one id."""
from __future__ import annotations

import itertools
import random
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the story store needs SQLAlchemy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "inputs"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from feed_server import BRIDGE, CAMPAIGN, RATES  # noqa: E402
from test_web_store import pg_url  # noqa: E402,F401  (the throwaway PostgreSQL server)

from newsbrief.model import Article  # noqa: E402
from newsbrief.store.stories import StoryStore  # noqa: E402

_databases = itertools.count()


def article(item: tuple, url: str) -> Article:
    head, outlet, _, text = item
    return Article(text=text, title=head, outlet=outlet, url=url, id=url.rsplit("/", 1)[-1])


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    """A fresh, empty store URL: a SQLite file, or a new database on the throwaway server."""
    if request.param == "sqlite":
        return str(tmp_path / "stories.sqlite3")
    from sqlalchemy import create_engine, text

    server = request.getfixturevalue("pg_url")
    name = f"stories_{next(_databases)}"
    engine = create_engine(server.replace("postgresql://", "postgresql+psycopg://"),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


def test_an_article_is_stored_once_by_canonical_url_or_by_its_outlets_text(db):
    store = StoryStore(db)
    try:
        first = store.add([article(BRIDGE[0], "https://news.example/bridge?utm_source=rss#top")])
        assert first == [1]
        assert store.add([article(BRIDGE[0], "https://NEWS.example/bridge")]) == []  # same URL
        retyped = Article(text=BRIDGE[0][3].upper().replace(" ", "  "), title="x", outlet="Enquirer",
                          url="https://news.example/bridge-2")
        assert store.add([retyped]) == []  # the outlet's same text under another URL
        cut = Article(text=BRIDGE[0][3][:-80], title="x", outlet="Enquirer", url="https://news.example/3")
        assert store.add([cut]) == []  # nearly the same text (a copy cut short)
        other_text = article(BRIDGE[1], "https://news.example/bridge?utm_medium=social")
        assert store.add([other_text]) == []  # another text at the same canonical URL
        assert store.counts() == (1, 1)
        wire = Article(text=BRIDGE[0][3], title="x", outlet="Courier", url="https://courier.example/b")
        assert store.add([wire]) == [1]  # another outlet's copy joins the story
        story = store.get_story(1)
        assert story["outlets"] == ["Enquirer", "Courier"]
        assert [d["outlet"] for d in story["brief"]["documents"]] in (["Enquirer"], ["Courier"])
        assert len(story["brief"]["documents"][0]["copies"]) == 1  # one source, never two
        assert store.known_urls(["https://news.example/bridge", "https://news.example/new"]) == \
            {"https://news.example/bridge"}
    finally:
        store.close()


def test_a_restarted_store_keeps_adding_to_its_stories(db):
    store = StoryStore(db)
    try:
        joined = store.add([article(BRIDGE[0], "https://a.example/1"), article(RATES[0], "https://b.example/2"),
                            article(BRIDGE[1], "https://c.example/3")],
                           feed="https://a.example/rss", etag='"v1"', modified="Mon, 30 Nov 2026 10:00:00 GMT")
        assert joined == [1, 2, 1]
    finally:
        store.close()
    again = StoryStore(db)  # a new process: its clusterer is seeded from the store
    try:
        assert again.feed_state("https://a.example/rss") == ('"v1"', "Mon, 30 Nov 2026 10:00:00 GMT")
        assert again.add([article(BRIDGE[2], "https://d.example/4")]) == [1]
        assert again.add([article(CAMPAIGN[0], "https://e.example/5")]) == [3]
        bridge = again.get_story(1)
        assert [a["id"] for a in bridge["articles"]] == ["1", "3", "4"]
        assert bridge["brief"]["sentences"] and "Brent Spence" in bridge["headline"] + bridge["brief"]["text"]
        listed, total = again.list_stories()
        assert total == 3 and listed[0]["id"] == 3  # most recently updated first
        assert set(listed[1]["outlets"]) | set(listed[2]["outlets"]) >= {"Enquirer", "AP", "WCPO", "Reuters"}
    finally:
        again.close()


def test_a_failed_batch_leaves_nothing_and_the_next_one_starts_clean(db, monkeypatch):
    store = StoryStore(db)
    try:
        def fails(*args):
            raise RuntimeError("killed while writing the brief")

        monkeypatch.setattr(store, "_refresh", fails)
        with pytest.raises(RuntimeError):
            store.add([article(BRIDGE[0], "https://a.example/1"), article(RATES[0], "https://b.example/2")],
                      feed="https://a.example/rss", etag='"v1"')
        assert store.counts() == (0, 0) and store.feed_state("https://a.example/rss") == (None, None)
        monkeypatch.undo()
        assert store.add([article(RATES[0], "https://b.example/2"), article(BRIDGE[0], "https://a.example/1")]) == [1, 2]
    finally:
        store.close()


def test_two_writers_neither_duplicate_articles_nor_share_a_story_id(db):
    items = [article(item, f"https://news{i}.example/{i}") for i, item in enumerate(BRIDGE + CAMPAIGN + RATES)]
    writers = [StoryStore(db), StoryStore(db)]  # two engines, two clusterers: two processes' worth
    errors: list[BaseException] = []

    def write(store: StoryStore, seed: int) -> None:
        order = items[:]
        random.Random(seed).shuffle(order)
        try:
            for a in order:  # one transaction per article: the two writers interleave
                store.add([a])
        except BaseException as e:  # reported below, with the test's failure
            errors.append(e)

    threads = [threading.Thread(target=write, args=(w, n)) for n, w in enumerate(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for w in writers:
        w.close()
    assert not errors, errors
    reader = StoryStore(db)
    try:
        listed, total = reader.list_stories()
        stories = [reader.get_story(s["id"]) for s in listed]
    finally:
        reader.close()
    urls = sorted(a["url"] for s in stories for a in s["articles"])
    assert urls == sorted(a.url for a in items)  # each article once, none lost
    assert total == 3 and sorted(s["id"] for s in stories) == [1, 2, 3]
    assert sorted(len(s["articles"]) for s in stories) == [1, 2, 3]
