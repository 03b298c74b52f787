"""The Stories page and API over a story store: list, open one, brief with citations, articles;
in a real browser too (skips, saying why, without Chromium)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "inputs"))
from feed_server import BRIDGE, CAMPAIGN  # noqa: E402

from newsbrief.apps.web.app import create_app  # noqa: E402
from newsbrief.model import Article  # noqa: E402
from newsbrief.store.briefs import BriefStore  # noqa: E402
from newsbrief.store.stories import StoryStore  # noqa: E402
from test_web_api import live_server  # noqa: E402
from test_web_e2e import browser  # noqa: E402,F401  (skips and reports, or fails in CI)

HOSTILE_TITLE = '<img src=x onerror="window.hacked=1">Delgado blocks bridge bill'


def filled_store(path: Path) -> StoryStore:
    stories = StoryStore(str(path))
    articles = [Article(text=text, title=HOSTILE_TITLE if i < len(BRIDGE) else head, outlet=outlet,
                        url=f"https://example.com/{i}", date=None, id=f"a{i}")
                for i, (head, outlet, _, text) in enumerate(BRIDGE + CAMPAIGN)]
    stories.add(articles)
    return stories


@pytest.fixture
def client(tmp_path):
    briefs, stories = BriefStore(str(tmp_path / "b.sqlite3")), filled_store(tmp_path / "s.sqlite3")
    with TestClient(create_app(briefs, stories=stories)) as c:
        yield c
    briefs.close()
    stories.close()


def test_api_lists_stories_and_opens_one(client):
    page = client.get("/api/stories").json()
    assert page["total"] == 2
    assert sorted(s["n_articles"] for s in page["items"]) == [2, 3]
    bridge = next(s for s in page["items"] if s["n_articles"] == 3)
    assert set(bridge["outlets"]) == {"Enquirer", "AP", "WCPO"}
    story = client.get(f"/api/stories/{bridge['id']}").json()
    assert [a["id"] for a in story["articles"]] == ["a0", "a1", "a2"]
    assert story["brief"]["sentences"] and "Brent Spence" in story["brief"]["text"]
    assert client.get("/api/stories/999").status_code == 404
    assert client.get("/api/stories/abc").status_code == 422
    html = client.get("/stories")
    assert html.status_code == 200 and "Content-Security-Policy" in html.headers


def test_stories_page_in_a_browser(tmp_path, browser):  # noqa: F811 (the e2e tests' fixture)
    from playwright import sync_api

    briefs, stories = BriefStore(str(tmp_path / "b.sqlite3")), filled_store(tmp_path / "s.sqlite3")
    try:
        with live_server(create_app(briefs, stories=stories)) as base:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            page.goto(base + "/")
            page.get_by_role("link", name="Stories").click()
            page.wait_for_selector(".story-open")
            sync_api.expect(page.locator("#stories-status")).to_contain_text("2 stories")
            page.get_by_role("button", name=HOSTILE_TITLE).click()  # shown as text, not run
            sync_api.expect(page.locator("#story-h")).to_have_text(HOSTILE_TITLE)
            sync_api.expect(page.locator("#story-brief .sentence").first).to_be_visible()
            assert page.locator("#story-brief .cite").count() >= 1
            assert page.locator("#story-articles li").count() == 3
            assert page.evaluate("window.hacked") is None and not errors
            page.close()
    finally:
        briefs.close()
        stories.close()
