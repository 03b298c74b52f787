"""`newsbrief watch`: feeds from a loopback server into a story store; restart and kill lose and
duplicate nothing; two processes on one PostgreSQL store neither; bad feeds are warnings."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "inputs"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from feed_server import FeedServer  # noqa: E402

pytest.importorskip("sqlalchemy", reason="the store needs the 'store' extra (SQLAlchemy)")
from test_web_store import pg_url  # noqa: E402,F401  (the throwaway PostgreSQL fixture)

from newsbrief.store.stories import StoryStore  # noqa: E402

# bridge 3; campaign 2 + one of them again from a second outlet (Atom News and Test News); Fed 1
EXPECTED_ARTICLES, EXPECTED_STORIES = 7, 3


def opml(tmp_path: Path, server: FeedServer) -> Path:
    path = tmp_path / "feeds.opml"
    outlines = "".join(f'<outline text="{p}" xmlUrl="{server.url(p)}"/>'
                       for p in ("/rss-full", "/gz/atom", "/rss-links", "/broken", "/hostile"))
    path.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>',
                    encoding="utf-8")
    return path


def watch(*args: str, wait: bool = True):
    cmd = [sys.executable, "-m", "newsbrief", "watch", *args, "--allow-private-urls", "--pace", "0"]
    if not wait:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def check_store(db: str) -> dict:
    store = StoryStore(db)
    try:
        n_articles, n_stories = store.counts()
        stories, total = store.list_stories(limit=100)
        details = [store.get_story(s["id"]) for s in stories]
    finally:
        store.close()
    assert sum(s["n_articles"] for s in stories) == n_articles  # every article in one story
    assert [len(d["articles"]) for d in details] == [s["n_articles"] for s in stories]
    urls = [a["url"] for d in details for a in d["articles"]]
    assert len(urls) == len(set(urls))  # nothing stored twice
    return {"articles": n_articles, "stories": n_stories, "details": details}


def test_watch_once_groups_feeds_into_stories_and_a_rerun_adds_nothing(tmp_path):
    db = str(tmp_path / "stories.sqlite3")
    with FeedServer() as server:
        subs = opml(tmp_path, server)
        first = watch(str(subs), "--db", db, "--once")
        assert first.returncode == 0, first.stderr
        assert "Traceback" not in first.stderr
        assert "/broken" in first.stderr and "/hostile" in first.stderr and "refused" in first.stderr
        state = check_store(db)
        assert (state["articles"], state["stories"]) == (EXPECTED_ARTICLES, EXPECTED_STORIES)
        pages = {p: n for p, n in server.hits.items() if p.startswith("/page/")}
        again = watch(str(subs), "--db", db, "--once")
        assert again.returncode == 0, again.stderr
        assert "0 new articles" in again.stderr
        assert {p: n for p, n in server.hits.items() if p.startswith("/page/")} == pages
        assert set(server.not_modified) == {"/rss-full", "/gz/atom", "/rss-links", "/broken"}  # 304s
        assert "/rss-full" not in again.stderr and "/rss-links" not in again.stderr  # no warnings
    assert check_store(db)["articles"] == EXPECTED_ARTICLES
    sizes = sorted(len(d["articles"]) for d in state["details"])
    assert sizes == [1, 3, 3]
    bridge = next(d for d in state["details"] if "Bridge" in d["articles"][0]["title"])
    campaign = next(d for d in state["details"] if "governor" in d["articles"][0]["title"])
    copied = [doc for doc in campaign["brief"]["documents"] if doc.get("copies")]
    assert len(campaign["brief"]["documents"]) == 2 and len(copied) == 1  # one source, two outlets
    assert {copied[0]["outlet"], copied[0]["copies"][0]["outlet"]} == {"Atom News", "Test News"}
    assert {a["outlet"] for a in bridge["articles"]} == {"Test News", "Atom News"}
    assert "Brent Spence" in " ".join(s["text"] for s in bridge["brief"]["sentences"])

    listing = subprocess.run([sys.executable, "-m", "newsbrief", "stories", "--db", db, "--format", "json"],
                             capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr
    stored = json.loads(listing.stdout)["stories"]
    assert len(stored) == EXPECTED_STORIES and all(s["brief"]["sentences"] for s in stored)
    text = subprocess.run([sys.executable, "-m", "newsbrief", "stories", "--db", db],
                          capture_output=True, text=True, timeout=120)
    assert text.returncode == 0 and "Sources:" in text.stdout


def test_killed_watch_loses_and_duplicates_nothing(tmp_path):
    db = str(tmp_path / "stories.sqlite3")
    with FeedServer(page_delay=0.4) as server:
        subs = opml(tmp_path, server)
        proc = watch(str(subs), "--db", db, "--interval", "0.2", wait=False)
        time.sleep(3.0)  # in the middle of fetching the linked pages
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        partial = check_store(db)["articles"] if Path(db).exists() else 0
        assert partial <= EXPECTED_ARTICLES
        rerun = watch(str(subs), "--db", db, "--once")
        assert rerun.returncode == 0, rerun.stderr
    state = check_store(db)
    assert (state["articles"], state["stories"]) == (EXPECTED_ARTICLES, EXPECTED_STORIES)


def test_a_missing_source_is_a_warning_and_none_at_all_is_one_line(tmp_path):
    db = str(tmp_path / "s.sqlite3")
    none = watch(str(tmp_path / "nope.xml"), "--db", db, "--once")
    assert none.returncode == 2 and "Traceback" not in none.stderr
    assert none.stderr.strip().splitlines()[-1].startswith("newsbrief watch: error: no feed to watch")


def test_two_watchers_on_one_postgresql_store(tmp_path, pg_url):  # noqa: F811
    with FeedServer(page_delay=0.1) as server:
        subs = opml(tmp_path, server)
        procs = [watch(str(subs), "--db", pg_url, "--once", wait=False) for _ in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
    state = check_store(pg_url)
    assert (state["articles"], state["stories"]) == (EXPECTED_ARTICLES, EXPECTED_STORIES)
    ids = [d["id"] for d in state["details"]]
    assert len(ids) == len(set(ids))


def test_a_database_error_is_a_warning_and_nothing_of_the_feed_is_stored(tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from newsbrief.apps import watch as watch_app
    from newsbrief.inputs.feeds import HostPace

    store = StoryStore(str(tmp_path / "s.sqlite3"))
    calls = []

    def refresh_fails(conn, story_id, now, words):  # after the inserts, inside the transaction
        calls.append(story_id)
        raise OperationalError("UPDATE stories", {}, Exception("database is locked"))

    warnings: list[str] = []
    try:
        with FeedServer() as server:
            monkeypatch.setattr(store, "_refresh", refresh_fails)
            added = watch_app.poll(store, server.url("/rss-full"), allow_private=True, pace=HostPace(0),
                                   words=100, warn=warnings.append)
            assert added == 0 and calls and store.counts() == (0, 0)
            assert store.feed_state(server.url("/rss-full")) == (None, None)  # polled again in full
            assert "could not store" in warnings[-1] and "database is locked" in warnings[-1]
            monkeypatch.undo()
            again = watch_app.poll(store, server.url("/rss-full"), allow_private=True, pace=HostPace(0),
                                   words=100, warn=warnings.append)
        assert again == 2 and store.counts() == (2, 1)
    finally:
        store.close()
