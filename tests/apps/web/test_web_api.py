"""The HTTP API: briefs from text, HTML, URLs and uploads; history; errors; concurrency; and the
"done when" flow (serve, brief two links, restart, find the brief in the history).

Only loopback addresses are ever contacted.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from newsbrief.summarizers.lead import Lead  # noqa: E402
from newsbrief.apps.web.app import create_app  # noqa: E402
from newsbrief.store.briefs import BriefStore  # noqa: E402

from conftest import ROOT as REPO  # noqa: E402
EXAMPLES = REPO / "examples" / "penn-el-chapo"
BRIEF_KEYS = {"id", "created", "schema_version", "summarizer", "words", "budget", "notes",
              "documents", "sentences", "text", "markdown", "skipped"}


def example_texts() -> list[str]:
    return [(EXAMPLES / name).read_text(encoding="utf-8") for name in ("inquisitr.txt", "nbcnews.txt")]


def as_html(text: str, title: str) -> str:
    """An example article as a small web page (escaped like any real page would be)."""
    import html

    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title></head>"
            f"<body><article><h1>{html.escape(title)}</h1>{paras}</article></body></html>")


def check_brief(brief: dict, n_docs: int) -> None:
    """The response is a real cited brief: the CLI's JSON plus id, texts and Markdown."""
    assert BRIEF_KEYS <= set(brief)
    assert len(brief["documents"]) == n_docs
    assert brief["sentences"], "a brief with no sentence"
    assert 0 < brief["words"] <= brief["budget"] or len(brief["sentences"]) == 1
    for s in brief["sentences"]:
        start, end = s["offsets"]
        source = brief["documents"][s["document"]]["text"]
        assert source[start:end] == (s["original"] if s["edits"] else s["text"])
        for e in s["edits"]:  # an edited sentence: every change is recorded against the source
            assert source[e["offsets"][0]:e["offsets"][1]] == e["original"]
        assert s["document"] not in s["support"]
        citations = "".join(f"[{n + 1}]" for n in sorted([s["document"], *s["support"]]))
        assert s["text"] + citations in brief["markdown"]


# ---------------------------------------------------------------- helpers


class Pages(BaseHTTPRequestHandler):
    """Serves the two example articles as HTML pages on 127.0.0.1 (and a few error cases)."""

    pages: dict[str, tuple[int, str, bytes]] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        status, ctype, body = self.pages.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_server():
    a, b = example_texts()
    Pages.pages = {
        "/inquisitr": (200, "text/html; charset=utf-8",
                       as_html(a, "Does Sean Penn Regret Meeting El Chapo?").encode()),
        "/nbc": (200, "text/html; charset=utf-8",
                 as_html(b, "Sean Penn: El Chapo interview 'failed'").encode()),
        "/plain": (200, "text/plain; charset=utf-8", b.encode()),
        "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    }
    with loopback_server(Pages) as base:
        yield base


@contextmanager
def loopback_server(handler):
    """A threaded HTTP server for ``handler`` on a free 127.0.0.1 port; yields its base URL."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def store(tmp_path):
    s = BriefStore(str(tmp_path / "briefs.sqlite3"))
    yield s
    s.close()


@pytest.fixture
def client(store):
    return TestClient(create_app(store))


@contextmanager
def live_server(app):
    """Run ``app`` with a real uvicorn on a free 127.0.0.1 port, in a thread."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


# ---------------------------------------------------------------- making briefs


def test_brief_from_pasted_texts(client):
    r = client.post("/api/briefs", json={"articles": [{"text": t} for t in example_texts()],
                                         "words": 120})
    assert r.status_code == 201, r.text
    brief = r.json()
    check_brief(brief, 2)
    assert brief["budget"] == 120 and brief["words"] <= 120
    assert brief["summarizer"] == "newsbrief"  # the default selector, as in the CLI
    # boilerplate of the scrape is gone from the cleaned text the offsets point into
    assert "Share on Facebook" not in brief["documents"][0]["text"]
    assert brief["documents"][0]["outlet"] == "Inquisitr"
    assert any(s["support"] for s in brief["sentences"]), "two reports of one story share content"


def test_brief_from_html_with_url_metadata(client):
    a, b = example_texts()
    r = client.post("/api/briefs", json={"words": 100, "articles": [
        {"html": as_html(a, "Penn regrets"), "url": "https://www.inquisitr.com/penn"},
        {"text": b, "outlet": "NBC News", "title": "Penn says interview failed"}]})
    assert r.status_code == 201, r.text
    brief = r.json()
    check_brief(brief, 2)
    d0, d1 = brief["documents"]
    assert d0["url"] == "https://www.inquisitr.com/penn" and d0["title"] == "Penn regrets"
    assert "<p>" not in d0["text"] and "Sean Penn" in d0["text"]
    assert d1["outlet"] == "NBC News" and d1["label"] == "NBC News"
    assert d1["title"] == "Penn says interview failed"


def test_brief_from_links_on_a_local_server(store, pages_server):
    client = TestClient(create_app(store, allow_private_urls=True))
    r = client.post("/api/briefs", json={"articles": [{"url": pages_server + "/inquisitr"},
                                                      {"url": pages_server + "/plain"}]})
    assert r.status_code == 201, r.text
    brief = r.json()
    check_brief(brief, 2)
    assert brief["documents"][0]["url"] == pages_server + "/inquisitr"
    assert brief["documents"][0]["title"] == "Does Sean Penn Regret Meeting El Chapo?"


def test_unfetchable_links_are_502(store, pages_server):
    client = TestClient(create_app(store, allow_private_urls=True, fetch_timeout=5))
    for path, why in (("/missing", "404"), ("/image", "content type")):
        r = client.post("/api/briefs", json={"articles": [{"url": pages_server + path}]})
        assert r.status_code == 502 and why in r.json()["detail"]
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    r = client.post("/api/briefs", json={"articles": [{"url": f"http://127.0.0.1:{closed}/x"}]})
    assert r.status_code == 502 and "cannot fetch" in r.json()["detail"]
    assert store.list()[1] == 0  # nothing saved for failed requests


def test_upload_files(client):
    a, b = example_texts()
    files = [("files", ("inquisitr.txt", a.encode("utf-8"), "text/plain")),
             ("files", ("nbc.html", as_html(b, "NBC story").encode("utf-16"), "text/html"))]
    r = client.post("/api/briefs/upload", files=files, data={"words": "80"})
    assert r.status_code == 201, r.text
    brief = r.json()
    check_brief(brief, 2)
    assert brief["budget"] == 80
    assert [d["source"] for d in brief["documents"]] == ["inquisitr.txt", "nbc.html"]
    assert brief["documents"][1]["title"] == "NBC story"  # decoded from UTF-16, parsed as HTML


def test_upload_mixed_with_pasted_text_and_bad_files(client):
    a, b = example_texts()
    r = client.post("/api/briefs/upload", data={"text": [b], "words": "60"},
                    files=[("files", ("a.txt", a.encode(), "text/plain"))])
    assert r.status_code == 201, r.text
    assert len(r.json()["documents"]) == 2
    r = client.post("/api/briefs/upload", files=[("files", ("x.txt", b"\x00\x01\x02PNG" * 50, "text/plain"))])
    assert r.status_code == 400 and "binary" in r.json()["detail"]
    r = client.post("/api/briefs/upload", data={"words": "100"})
    assert r.status_code == 400 and "no articles" in r.json()["detail"]
    r = client.post("/api/briefs/upload", data={"url": ["ftp://example.org/x"]})
    assert r.status_code == 422 and "http:// or https://" in r.json()["detail"]


# ---------------------------------------------------------------- reading back, history


def test_get_and_history_paging(client):
    a, b = example_texts()
    made = []
    for words in (60, 80, 100):
        r = client.post("/api/briefs", json={"articles": [{"text": a}, {"text": b}], "words": words})
        assert r.status_code == 201
        made.append(r.json())
    for brief in made:
        assert client.get(f"/api/briefs/{brief['id']}").json() == brief
    page = client.get("/api/briefs", params={"limit": 2}).json()
    assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 0
    assert [i["id"] for i in page["items"]] == [made[2]["id"], made[1]["id"]]
    item = page["items"][0]
    assert item["n_documents"] == 2 and item["words"] == made[2]["words"]
    assert item["title"] and item["created"] == made[2]["created"]
    rest = client.get("/api/briefs", params={"limit": 2, "offset": 2}).json()
    assert [i["id"] for i in rest["items"]] == [made[0]["id"]]


def test_not_found_and_bad_paging(client):
    for path in ("/api/briefs/" + "0" * 32, "/api/briefs/not-an-id", "/no/such/page"):
        r = client.get(path)
        assert r.status_code == 404 and isinstance(r.json()["detail"], str)
    for params in ({"limit": 0}, {"limit": 1000}, {"offset": -1}, {"limit": "many"}):
        r = client.get("/api/briefs", params=params)
        assert r.status_code == 422 and isinstance(r.json()["detail"], str)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("body, expected", [
    ({"articles": []}, "at least 1"),
    ({}, "articles: Field required"),
    ({"articles": [{}]}, "give 'text', 'html' or 'url'"),
    ({"articles": [{"text": "a", "html": "<p>b</p>"}]}, "not both"),
    ({"articles": [{"url": "file:///etc/passwd"}]}, "http:// or https://"),
    ({"articles": [{"url": "javascript:alert(1)"}]}, "http:// or https://"),
    ({"articles": [{"text": "x"}], "words": 0}, "words"),
    ({"articles": [{"text": "x"}], "words": "lots"}, "words"),
    ({"articles": [{"text": "x"}], "colour": "blue"}, "colour"),
    ({"articles": [{"text": "x"}] * 21}, "at most 20"),
])
def test_invalid_requests_are_422_with_a_message(client, body, expected):
    r = client.post("/api/briefs", json=body)
    assert r.status_code == 422
    assert expected in r.json()["detail"]


def test_malformed_json_is_422(client):
    r = client.post("/api/briefs", content=b'{"articles": [', headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and isinstance(r.json()["detail"], str)


def test_nothing_to_summarize_is_400(client, store):
    r = client.post("/api/briefs", json={"articles": [{"text": "   \n\n  "}]})
    assert r.status_code == 400 and "no article text" in r.json()["detail"]
    r = client.post("/api/briefs", json={"articles": [{"html": "<html><body></body></html>"}]})
    assert r.status_code == 400
    assert store.list()[1] == 0


def test_internal_errors_hide_the_traceback(store, monkeypatch):
    def broken_save(*args, **kwargs):
        raise RuntimeError("secret internal state /etc/newsbrief")

    monkeypatch.setattr(store, "save", broken_save)
    client = TestClient(create_app(store), raise_server_exceptions=False)
    r = client.post("/api/briefs", json={"articles": [{"text": example_texts()[0]}]})
    assert r.status_code == 500
    assert r.json() == {"detail": "internal server error"}
    assert "Traceback" not in r.text and "secret" not in r.text


# ---------------------------------------------------------------- page, docs


def test_page_and_static_files(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert 'src="/static/app.js"' in page and 'href="/static/style.css"' in page
    assert '<label for="words">' in page and '<label for="files">' in page
    for name in ("app.js", "style.css"):
        assert client.get(f"/static/{name}").status_code == 200
    # no CDN, no external fonts or scripts: every URL the page loads is on this server
    import re

    css = client.get("/static/style.css").text
    js = client.get("/static/app.js").text
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "url(" not in css and "@import" not in css
    assert not re.search(r"fetch\(\s*[\"'`]https?:", js)


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/briefs", "/api/briefs/{brief_id}", "/api/briefs/upload"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200
    import re

    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for a in assets:
        assert client.get(a).status_code == 200, a


# ---------------------------------------------------------------- concurrency


def test_concurrent_clients_on_a_real_server(store):
    """Ten clients at once against uvicorn: every brief is made, saved once, and readable."""
    a, b = example_texts()
    results, errors = [], []

    def one(i: int) -> None:
        try:
            with httpx.Client(timeout=120, trust_env=False) as c:
                r = c.post(f"{base}/api/briefs",
                           json={"articles": [{"text": a}, {"text": b}], "words": 50 + 10 * i})
                assert r.status_code == 201, r.text
                brief = r.json()
                assert brief["budget"] == 50 + 10 * i
                assert c.get(f"{base}/api/briefs/{brief['id']}").json() == brief
                results.append(brief["id"])
        except Exception as e:  # collected: an assert in a thread would be lost
            errors.append(repr(e))

    with live_server(create_app(store)) as base:
        threads = [threading.Thread(target=one, args=(i,)) for i in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        history = httpx.get(f"{base}/api/briefs?limit=100", trust_env=False).json()
    assert errors == []
    assert len(set(results)) == 10
    assert {i["id"] for i in history["items"]} == set(results) and history["total"] == 10


class GatedLead(Lead):
    """Lead that waits until the test says go: proves the summarizing is off the event loop."""

    def __init__(self):
        self.entered = threading.Event()
        self.go = threading.Event()

    def select(self, docs, words, strict=True):
        self.entered.set()
        assert self.go.wait(60), "never released: the event loop was blocked"
        return super().select(docs, words, strict)


def test_summarizing_does_not_block_other_requests(store):
    gated = GatedLead()
    with live_server(create_app(store, summarizer=gated)) as base:
        outcome = {}

        def post():
            outcome["r"] = httpx.post(f"{base}/api/briefs", timeout=120, trust_env=False,
                                      json={"articles": [{"text": t} for t in example_texts()]})

        poster = threading.Thread(target=post)
        poster.start()
        assert gated.entered.wait(60)
        # the POST is now inside the summarizer; the server must still answer
        page = httpx.get(f"{base}/api/briefs", timeout=30, trust_env=False)
        assert page.status_code == 200 and page.json()["total"] == 0
        assert httpx.get(f"{base}/", timeout=30, trust_env=False).status_code == 200
        gated.go.set()
        poster.join(120)
    assert outcome["r"].status_code == 201


# ---------------------------------------------------------------- the "done when" flow


def _serve(db: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "import sys; from newsbrief.apps.cli import main; sys.exit(main())",
           "serve", "--host", "127.0.0.1", "--port", str(port), "--db", str(db),
           "--allow-private-urls"]
    return subprocess.Popen(cmd, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_up(proc: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            if httpx.get(base + "/", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("newsbrief serve did not come up")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)


def test_done_when_serve_brief_two_links_restart_history(tmp_path, pages_server):
    """`newsbrief serve --allow-private-urls`, open the page, brief two links served locally,
    restart the server on the same SQLite file, and find the brief again in the history."""
    db = tmp_path / "history.sqlite3"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"

    proc = _serve(db, port)
    try:
        _wait_up(proc, base)
        assert "Make the brief" in httpx.get(base + "/", trust_env=False).text
        r = httpx.post(base + "/api/briefs", timeout=120, trust_env=False, json={
            "articles": [{"url": pages_server + "/inquisitr"}, {"url": pages_server + "/nbc"}]})
        assert r.status_code == 201, r.text
        brief = r.json()
        check_brief(brief, 2)
    finally:
        _stop(proc)

    proc = _serve(db, port)  # a new process, the same database file
    try:
        _wait_up(proc, base)
        history = httpx.get(base + "/api/briefs", trust_env=False).json()
        assert [i["id"] for i in history["items"]] == [brief["id"]]
        assert history["items"][0]["title"] == brief["documents"][brief["sentences"][0]["document"]]["title"]
        again = httpx.get(f"{base}/api/briefs/{brief['id']}", trust_env=False).json()
        assert again == brief
        json.dumps(again)
    finally:
        _stop(proc)


def test_serve_reports_bad_arguments_in_one_line(capsys, tmp_path):
    from newsbrief.apps.cli import main

    assert main(["serve", "--db", "mysql://u@localhost/db"]) == 2
    assert "only SQLite and PostgreSQL" in capsys.readouterr().err
    assert main(["serve", "--port", "0", "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err
    assert "--port" in err and "Traceback" not in err


def test_a_cancelled_request_is_not_saved(store):
    """The page's Cancel closes the connection: the brief made meanwhile is not saved."""
    gated = GatedLead()
    gone = threading.Event()

    class Watch(logging.Handler):
        def emit(self, record):
            if "not saved" in record.getMessage():
                gone.set()

    watcher = Watch()
    logging.getLogger("newsbrief.web").addHandler(watcher)
    logging.getLogger("newsbrief.web").setLevel(logging.INFO)
    try:
        with live_server(create_app(store, summarizer=gated)) as base:
            def post():
                with pytest.raises(httpx.ReadTimeout):  # the client gives up and disconnects
                    httpx.post(f"{base}/api/briefs", timeout=httpx.Timeout(30, read=1),
                               trust_env=False,
                               json={"articles": [{"text": t} for t in example_texts()]})

            poster = threading.Thread(target=post)
            poster.start()
            assert gated.entered.wait(60)
            poster.join(60)  # the client is gone; now let the summarizer finish
            gated.go.set()
            assert gone.wait(60), "the server saved (or never finished) a cancelled brief"
            assert httpx.get(f"{base}/api/briefs", trust_env=False).json()["total"] == 0
    finally:
        logging.getLogger("newsbrief.web").removeHandler(watcher)
