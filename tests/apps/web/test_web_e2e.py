"""End to end in a real browser: Playwright drives Debian's Chromium against the app on a
loopback port. Paste the two example articles, make the brief, see the citations, select a
sentence (by keyboard) and see it highlighted in its source, reopen it from the history.

Every request the browser makes to anything but the app is aborted. The screenshot goes to
$NEWSBRIEF_SCREENSHOT_DIR when set, else to the test's temporary directory (its path is printed).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
try:
    from playwright import sync_api
except ImportError:
    sync_api = None

from newsbrief.apps.web.app import create_app  # noqa: E402
from test_web_api import example_texts, live_server, store  # noqa: E402,F401

CHROMIUM = os.environ.get("NEWSBRIEF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# CI sets this: there a missing browser is a failure, not a skip.
REQUIRED = os.environ.get("NEWSBRIEF_REQUIRE_BROWSER") == "1"


class BrowserSkips:
    """A pytest plugin that ends the run's report with the browser tests that did not run and
    why, so a missing Chromium is said out loud instead of hiding in the skip count."""

    name = "newsbrief-browser-skips"

    def __init__(self) -> None:
        self.reasons: dict[str, str] = {}

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.reasons:
            terminalreporter.section("browser tests NOT run", yellow=True, bold=True)
            for nodeid, reason in self.reasons.items():
                terminalreporter.write_line(f"{nodeid}: {reason}")


def no_browser(request, reason: str) -> None:
    """Skip (and report at the end of the run) or, in CI, fail: the browser tests must run there."""
    if REQUIRED:
        pytest.fail(f"{reason}; NEWSBRIEF_REQUIRE_BROWSER=1 requires the browser tests to run")
    plugins = request.config.pluginmanager
    skips = plugins.get_plugin(BrowserSkips.name)
    if skips is None:
        skips = BrowserSkips()
        plugins.register(skips, BrowserSkips.name)
    skips.reasons[request.node.nodeid] = reason
    pytest.skip(reason)


@pytest.fixture
def browser(request):
    if sync_api is None:
        no_browser(request, "playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        no_browser(request, f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        try:
            launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        except Exception as e:  # e.g. a Chromium too old or too new for this Playwright
            no_browser(request, f"cannot launch Chromium at {CHROMIUM}: {str(e).splitlines()[0]}")
        yield launched
        launched.close()


@pytest.fixture
def app_url(store):
    with live_server(create_app(store)) as base:
        yield base


def guarded_page(browser, app_url, **context_options):
    """A page that records console errors and dialogs in ``page.problems`` and never contacts
    anything but the app."""
    context = browser.new_context(accept_downloads=True, **context_options)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))

    def only_the_app(route):
        if route.request.url.startswith(app_url):
            route.continue_()
        else:
            problems.append(f"blocked: {route.request.url}")
            route.abort()

    page.route("**/*", only_the_app)
    page.problems = problems
    return page


@pytest.fixture
def browser_page(browser, app_url):
    return guarded_page(browser, app_url, viewport={"width": 1500, "height": 1000})


def test_paste_two_articles_get_a_cited_brief_and_select_a_sentence(browser_page, app_url, tmp_path):
    page = browser_page
    a, b = example_texts()
    page.goto(app_url + "/")
    page.get_by_label("Article 1: text or HTML").fill(a)
    page.get_by_label("Article 2: text or HTML").fill(b)
    page.get_by_label("Length (words)").fill("150")
    page.get_by_role("button", name="Make the brief").click()
    page.wait_for_selector("#brief-text .sentence", timeout=120_000)
    sync_api.expect(page.locator("#status")).to_contain_text("Brief ready")

    sentences = page.locator("#brief-text .sentence")
    assert sentences.count() >= 2
    cites = page.locator("#brief-text sup.cite").all_inner_texts()
    assert "[1]" in cites and "[2]" in cites  # both outlets are cited
    sources = page.locator("#sources li").all_inner_texts()
    assert len(sources) == 2 and "Inquisitr" in sources[0]

    # the first sentence that another outlet supports, selected with the keyboard
    chosen = None
    for i in range(sentences.count()):
        if sentences.nth(i).locator("sup.cite").count() > 1:
            chosen = sentences.nth(i)
            break
    assert chosen is not None, "no sentence is supported by the other outlet"
    chosen.focus()
    page.keyboard.press("Enter")
    sync_api.expect(chosen).to_have_attribute("aria-pressed", "true")
    sentence_text = chosen.evaluate("el => el.firstChild.textContent")
    mark = page.locator("#source-text mark.current")
    sync_api.expect(mark).to_have_count(1)
    assert mark.inner_text().split() == sentence_text.split()
    assert page.locator("#source-text").inner_text().count(sentence_text.split()[0]) >= 1
    assert page.locator("#support").inner_text().startswith("Also reported by:")
    assert re.search(r"\[\d\]", page.locator("#source-label").inner_text())

    # a click selects another sentence and moves the highlight
    other = sentences.nth(1 if chosen != sentences.nth(1) else 0)
    other.click()
    sync_api.expect(other).to_have_attribute("aria-pressed", "true")
    sync_api.expect(page.locator("#source-text mark.current")).to_have_text(
        other.evaluate("el => el.firstChild.textContent"))
    chosen.focus()
    page.keyboard.press(" ")
    sync_api.expect(chosen).to_have_attribute("aria-pressed", "true")

    shots = Path(os.environ.get("NEWSBRIEF_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / "newsbrief-brief.png"
    page.screenshot(path=str(shot), full_page=False)
    print(f"\nscreenshot: {shot}")
    assert shot.stat().st_size > 10_000

    # download JSON: the same brief the API stored
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download JSON").click()
    saved = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert saved["sentences"][0]["text"] in page.locator("#brief-text").inner_text()

    # reload: the history lists the brief and reopens it
    brief_id = saved["id"]
    page.goto(app_url + "/")
    item = page.locator(f'#history-list button[data-id="{brief_id}"]')
    sync_api.expect(item).to_have_count(1)
    item.click()
    sync_api.expect(page.locator("#brief-text .sentence")).to_have_count(len(saved["sentences"]))
    assert page.problems == []


def test_article_markup_is_shown_as_text_and_never_runs(browser_page, app_url):
    import httpx

    payload = '<img src=x onerror="window.pwned=1;alert(1)"><script>window.pwned=2</script>'
    text = (f"Sean Penn said {payload} he has no regrets about meeting El Chapo. "
            "The actor spoke to CBS on Sunday about the interview. "
            "He said the article failed to start a debate about drugs.")
    r = httpx.post(app_url + "/api/briefs", json={"articles": [{"text": text, "title": payload}],
                                                  "words": 100}, trust_env=False, timeout=120)
    assert r.status_code == 201, r.text
    page = browser_page
    page.goto(f"{app_url}/#{r.json()['id']}")
    first = page.locator("#brief-text .sentence").first
    sync_api.expect(first).to_contain_text("<script>")
    first.click()
    sync_api.expect(page.locator("#source-text")).to_contain_text(payload)
    assert page.locator("#brief img, #brief script, #source-text img, #history-list img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert page.problems == []


def test_upload_files_with_the_file_control(browser_page, app_url, tmp_path):
    page = browser_page
    paths = []
    for name, text in zip(("inquisitr.txt", "nbcnews.txt"), example_texts()):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    page.goto(app_url + "/")
    page.get_by_label("Or upload files").set_input_files([str(p) for p in paths])
    page.get_by_role("button", name="Make the brief").click()
    page.wait_for_selector("#brief-text .sentence", timeout=120_000)
    sources = page.locator("#sources li").all_inner_texts()
    assert len(sources) == 2 and "Inquisitr" in sources[0]
    assert page.locator("#brief-text sup.cite").count() >= page.locator("#brief-text .sentence").count()
    assert page.problems == []
