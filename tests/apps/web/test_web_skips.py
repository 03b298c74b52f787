"""One bad article does not fail the request: it is skipped, named with its reason, and the
brief is made from the rest; a slow link ends at the request's deadline; uploaded .json files
are read as the CLI reads them; briefs can be deleted. Only loopback servers are contacted."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from newsbrief.apps.web.app import create_app  # noqa: E402
from newsbrief.inputs import fetch  # noqa: E402
from conftest import fake_dns  # noqa: E402
from test_web_api import check_brief, example_texts, loopback_server  # noqa: E402

STOP = threading.Event()
RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
       b"<item><title>Story</title><link>http://10.0.0.9/story</link></item></channel></rss>")


class Slow(BaseHTTPRequestHandler):
    """Answers at once, then drips one byte a second until the test ends: every read is
    within a 10 s timeout, so only a deadline for the whole request stops the wait."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body><p>")
        while not STOP.wait(1.0):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return


@pytest.fixture
def slow_url():
    STOP.clear()
    with loopback_server(Slow) as base:
        yield base + "/slow"
        STOP.set()


@pytest.fixture
def client(tmp_path):
    from newsbrief.store.briefs import BriefStore

    store = BriefStore(str(tmp_path / "briefs.sqlite3"))
    yield TestClient(create_app(store))
    store.close()


def test_a_refused_link_is_skipped_and_named(client, monkeypatch):
    monkeypatch.setattr(fetch, "socket", fake_dns({"intranet.example.com": "10.0.0.5"}))
    a, b = example_texts()
    r = client.post("/api/briefs", json={"words": 100, "articles": [
        {"text": a}, {"url": "http://intranet.example.com/story"}, {"text": b}]})
    assert r.status_code == 201, r.text
    brief = r.json()
    check_brief(brief, 2)
    [skip] = brief["skipped"]
    assert skip["input"] == "http://intranet.example.com/story"
    assert "refused" in skip["reason"] and "10.0.0.5" in skip["reason"]
    assert client.get(f"/api/briefs/{brief['id']}").json()["skipped"] == [skip]  # kept


def test_unreachable_and_empty_articles_are_skipped(client, monkeypatch):
    monkeypatch.setattr(fetch, "socket", fake_dns({}))  # no host resolves
    a, b = example_texts()
    r = client.post("/api/briefs", json={"articles": [
        {"url": "http://gone.example.org/"}, {"text": a}, {"text": " \n "}, {"text": b}]})
    assert r.status_code == 201, r.text
    brief = r.json()
    check_brief(brief, 2)
    reasons = {s["input"]: s["reason"] for s in brief["skipped"]}
    assert "cannot resolve" in reasons["http://gone.example.org/"]
    assert "no article text" in reasons["Article 3"]


def test_a_slow_link_ends_at_the_request_deadline(tmp_path, slow_url):
    from newsbrief.store.briefs import BriefStore

    store = BriefStore(str(tmp_path / "briefs.sqlite3"))
    client = TestClient(create_app(store, allow_private_urls=True, deadline=1.0))
    a, b = example_texts()
    r = client.post("/api/briefs", json={"articles": [{"text": a}, {"url": slow_url}, {"text": b}]})
    assert r.status_code == 201, r.text
    assert r.json()["skipped"] == [{"input": slow_url,
                                    "reason": "no answer within the request's 1 s deadline"}]
    r = client.post("/api/briefs", json={"articles": [{"url": slow_url}]})
    assert r.status_code == 502 and "deadline" in r.json()["detail"]
    assert client.get("/api/limits").json()["deadline_seconds"] == 1.0
    store.close()


def test_uploaded_json_is_read_as_the_cli_reads_it(client):
    a, b = example_texts()
    records = [{"text": a, "title": "Penn regrets", "outlet": "Inquisitr"},
               {"text": b, "outlet": "NBC News", "url": "https://www.nbcnews.com/penn"}]
    files = [("files", ("story.json", json.dumps(records).encode(), "application/json")),
             ("files", ("empty.txt", b"", "text/plain")),
             ("files", ("broken.json", b"{not json", "application/json")),
             ("files", ("news.xml", RSS, "application/rss+xml"))]
    r = client.post("/api/briefs/upload", files=files, data={"words": "100"})
    assert r.status_code == 201, r.text
    brief = r.json()
    check_brief(brief, 2)
    d0, d1 = brief["documents"]
    assert (d0["outlet"], d0["title"]) == ("Inquisitr", "Penn regrets")
    assert (d1["outlet"], d1["url"]) == ("NBC News", "https://www.nbcnews.com/penn")
    assert '"text":' not in d0["text"]  # the article, not the JSON around it
    reasons = {s["input"]: s["reason"] for s in brief["skipped"]}
    assert reasons["empty.txt"] == "the file is empty"
    assert "not valid JSON" in reasons["broken.json"]
    assert "feed" in reasons["news.xml"] and "newsbrief watch" in reasons["news.xml"]


def test_delete_a_brief(client):
    a, b = example_texts()
    made = client.post("/api/briefs", json={"articles": [{"text": a}, {"text": b}]}).json()
    other = client.post("/api/briefs", json={"articles": [{"text": b}]}).json()
    r = client.delete(f"/api/briefs/{made['id']}")
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"/api/briefs/{made['id']}").status_code == 404
    assert [i["id"] for i in client.get("/api/briefs").json()["items"]] == [other["id"]]
    again = client.delete(f"/api/briefs/{made['id']}")
    assert again.status_code == 404 and made["id"] in again.json()["detail"]
    assert client.delete("/api/briefs/not-an-id").status_code == 404


def test_a_closed_port_among_good_articles_is_skipped(tmp_path):
    from newsbrief.store.briefs import BriefStore

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    store = BriefStore(str(tmp_path / "briefs.sqlite3"))
    client = TestClient(create_app(store, allow_private_urls=True))
    a, b = example_texts()
    url = f"http://127.0.0.1:{closed}/x"
    r = client.post("/api/briefs", json={"articles": [{"text": a}, {"text": b}, {"url": url}]})
    assert r.status_code == 201, r.text
    assert [s["input"] for s in r.json()["skipped"]] == [url]
    store.close()


def test_pasted_texts_are_named_by_their_headline_and_byline(client):
    body = ("The Senate passed the budget bill on Tuesday after a long debate. The vote was "
            "52-48. Senators from both parties spoke for hours before the vote.")
    r = client.post("/api/briefs", json={"articles": [
        {"text": "Senate passes budget bill\n\n" + body},
        {"text": "By Jane Doe, The Guardian\n" + body.replace("Tuesday", "Tuesday night")},
        {"text": "the vote came late: " + body}]})
    assert r.status_code == 201, r.text
    labels = [d["label"] for d in r.json()["documents"]]
    assert labels == ["Senate passes budget bill", "The Guardian", "Article 3"]


@pytest.mark.parametrize("value", ["0", "-5"])
def test_serve_refuses_a_deadline_that_is_not_positive(value, capsys):
    from newsbrief.apps.cli import main

    assert main(["serve", "--deadline", value, "--port", "8123"]) != 0
    err = capsys.readouterr().err
    assert f"--deadline: must be positive, not {float(value):g}" in err and "Traceback" not in err
