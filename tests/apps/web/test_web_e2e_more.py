"""The brief page in Chromium, continued: skipped articles named, progress and Cancel, deleting
a brief, the highlighted source sentence on a phone screen, and the insight sections (built
here from their schema, escaped, shown only when non-empty)."""
from __future__ import annotations

from test_web_e2e import app_url, browser, browser_page, guarded_page, store, sync_api  # noqa: F401
from test_web_api import example_texts, live_server
from test_web_skips import STOP, slow_url  # noqa: F401
from newsbrief.apps.web.app import create_app
from newsbrief.render import to_json_dict
from newsbrief.pipeline import articles_from_texts, summarize
from newsbrief.summarizers.lead import Lead


def make_brief(page, articles: list[str], url: str = "") -> None:
    for i, text in enumerate(articles, 1):
        if i > 2:
            page.get_by_role("button", name="Add another article").click()
        page.get_by_label(f"Article {i}: text or HTML").fill(text)
    if url:
        page.get_by_role("button", name="Add another article").click()
        page.get_by_label(f"…or a link to article {len(articles) + 1}").fill(url)
    page.get_by_role("button", name="Make the brief").click()


def test_a_refused_link_is_named_on_the_page_and_the_brief_made(browser_page, app_url):
    page = browser_page
    page.goto(app_url + "/")
    make_brief(page, example_texts(), url="http://127.0.0.1:9/private")
    page.wait_for_selector("#brief-text .sentence", timeout=120_000)
    sync_api.expect(page.locator("#status")).to_contain_text("1 article skipped")
    skipped = page.locator("#brief-skipped")
    sync_api.expect(skipped).to_be_visible()
    sync_api.expect(skipped).to_contain_text("http://127.0.0.1:9/private")
    sync_api.expect(skipped).to_contain_text("refused")
    assert page.locator("#sources li").count() == 2
    assert page.problems == []


def test_progress_and_cancel_while_a_link_is_slow(browser, tmp_path, slow_url):  # noqa: F811
    from newsbrief.store.briefs import BriefStore

    store = BriefStore(str(tmp_path / "slow.sqlite3"))
    with live_server(create_app(store, allow_private_urls=True, deadline=60)) as base:
        page = guarded_page(browser, base, viewport={"width": 1500, "height": 1000})
        page.goto(base + "/")
        page.get_by_label("…or a link to article 1").fill(slow_url)
        page.get_by_role("button", name="Make the brief").click()
        sync_api.expect(page.locator("#progress")).to_be_visible()
        sync_api.expect(page.locator("#status")).to_contain_text("within 60 s are skipped")
        page.get_by_role("button", name="Cancel").click()
        sync_api.expect(page.locator("#status")).to_contain_text("Cancelled")
        sync_api.expect(page.locator("#progress")).to_be_hidden()
        sync_api.expect(page.get_by_role("button", name="Make the brief")).to_be_enabled()
        STOP.set()  # let the server's fetch end
        assert [p for p in page.problems if "abort" not in p.lower()] == []
    store.close()


def test_delete_a_brief_from_the_page(browser_page, app_url):
    page = browser_page
    page.goto(app_url + "/")
    make_brief(page, example_texts())
    page.wait_for_selector("#brief-text .sentence", timeout=120_000)
    sync_api.expect(page.locator("#history-list button.history-item")).to_have_count(1)
    page.get_by_role("button", name="Delete this brief").click()
    sync_api.expect(page.locator("#status")).to_contain_text("deleted")
    sync_api.expect(page.locator("#brief-body")).to_be_hidden()
    sync_api.expect(page.locator("#history-list")).to_contain_text("No briefs yet")
    page.reload()
    sync_api.expect(page.locator("#history-list")).to_contain_text("No briefs yet")
    assert page.problems == []


def test_the_highlighted_sentence_is_on_screen_on_a_phone(browser, app_url):
    page = guarded_page(browser, app_url, viewport={"width": 390, "height": 844},
                        is_mobile=True, has_touch=True)
    page.goto(app_url + "/")
    make_brief(page, example_texts())
    page.wait_for_selector("#brief-text .sentence", timeout=120_000)
    last = page.locator("#brief-text .sentence").last
    last.tap()
    mark = page.locator("#highlight")
    sync_api.expect(mark).to_have_count(1)
    box = mark.bounding_box()  # relative to the viewport
    assert box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 200) <= 844, box
    assert page.problems == []


def brief_with_insight(store) -> str:
    """A saved brief whose insight sections follow the schema, with markup in the text."""
    a, b = example_texts()
    brief = summarize(articles_from_texts([a, b]), words=80, summarizer=Lead())
    data = to_json_dict(brief)
    data["markdown"] = ""
    evil = '<img src=x onerror="window.pwned=1">'
    data["quotes"] = [
        {"text": "I have no regrets", "speaker": "Sean Penn", "speaker_mention": "Penn",
         "cue": "said", "direct": True, "document": 0, "offsets": [0, 10], "documents": [0, 1],
         "outlets": ["Inquisitr", "NBC News"]},
        {"text": evil + " the article failed", "speaker_mention": "he", "documents": [1]},
        {"speaker": "nobody"},  # no text: not shown
    ]
    data["disagreements"] = [{"kind": "number", "statements": [
        {"sentence": "He met the kingpin in October.", "document": 0, "outlet": "Inquisitr",
         "value": "October"},
        {"sentence": "He met the kingpin in September.", "document": 1, "value": "September"}]}]
    data["coverage"] = [
        {"outlet": "Inquisitr", "articles": 1, "dates": ["2016-01-15"], "brief_sentences": 2,
         "only_here": 1},
        {"outlet": "NBC News", "articles": 1}]
    data["timeline"] = [
        {"date": "2016-01-15", "sentence": "Penn spoke to CBS.", "document": 0, "outlet": "Inquisitr"},
        {"date": "2015-10-02", "sentence": "Penn met Guzman.", "document": 1, "outlet": "NBC News"},
        {"sentence": "No date here.", "document": 1}]
    return store.save(data, [d.text for d in brief.documents])["id"]


def test_insight_sections_beside_the_brief(browser_page, app_url, store):
    page = browser_page
    page.goto(f"{app_url}/#{brief_with_insight(store)}")
    page.wait_for_selector("#brief-text .sentence")
    quotes = page.locator("#insight-quotes li.quote")
    sync_api.expect(quotes).to_have_count(2)
    assert "Sean Penn" in quotes.nth(0).inner_text()
    assert "Inquisitr, NBC News" in quotes.nth(0).inner_text()
    assert "<img" in quotes.nth(1).inner_text()  # shown as text, not run
    assert page.locator("#insight img").count() == 0 and page.evaluate("window.pwned") is None
    differ = page.locator("#insight-disagreements").inner_text()
    assert "October" in differ and "September" in differ and "Inquisitr" in differ
    assert "September — Article 2 [2]" in differ  # no "outlet": named from its document
    coverage = page.locator("#insight-coverage li").all_inner_texts()
    assert coverage[0].startswith("Inquisitr") and "2 in the brief" in coverage[0]
    assert "1 only here" in coverage[0] and coverage[1].startswith("NBC News")
    events = page.locator("#insight-timeline li").all_inner_texts()
    assert [e.split()[0] for e in events] == ["2015-10-02", "2016-01-15", "undated"]
    assert page.problems == []


def test_only_the_insight_sections_with_entries_are_shown(browser_page, app_url):
    import json
    import urllib.request

    page = browser_page
    page.goto(app_url + "/")
    make_brief(page, example_texts())
    page.wait_for_selector("#brief-text .sentence", timeout=120_000)
    with urllib.request.urlopen(app_url + "/api/briefs?limit=1") as resp:
        latest = json.load(resp)["items"][0]["id"]
    with urllib.request.urlopen(f"{app_url}/api/briefs/{latest}") as resp:
        brief = json.load(resp)
    for key in ("quotes", "disagreements", "coverage", "timeline"):
        section = page.locator(f"#insight-{key}")
        if brief.get(key):
            sync_api.expect(section).to_be_visible()
        else:
            sync_api.expect(section).to_be_hidden()
    assert brief.get("coverage")  # the example's two outlets always have a coverage entry
    assert page.problems == []
