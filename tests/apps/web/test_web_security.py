"""Security of the web API: SSRF refusals for every non-public address class (checked after DNS
and after redirects), the request body cap, HTML injection in article text, no tracebacks.

DNS is replaced inside newsbrief.inputs.fetch only, so names "resolve" to the addresses under test
while nothing is ever connected to except 127.0.0.1.
"""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import fake_dns

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from newsbrief.inputs import fetch  # noqa: E402
from newsbrief.apps.web.app import create_app  # noqa: E402
from newsbrief.store.briefs import BriefStore  # noqa: E402
from test_web_api import example_texts, live_server  # noqa: E402

from conftest import ROOT  # noqa: E402

STATIC = ROOT / "newsbrief" / "apps" / "web" / "static"




class Counting(BaseHTTPRequestHandler):
    """A page on 127.0.0.1 that counts its visitors (a refused fetch must not reach it)."""

    hits = 0

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).hits += 1
        if self.path == "/to-internal":
            self.send_response(302)
            self.send_header("Location", f"http://internal.test:{self.server.server_address[1]}/x")
            self.end_headers()
            return
        body = ("<html><body><p>" + example_texts()[1] + "</p></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def local_page():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def store(tmp_path):
    s = BriefStore(str(tmp_path / "briefs.sqlite3"))
    yield s
    s.close()


@pytest.fixture
def client(store):
    return TestClient(create_app(store))  # the default: private addresses refused


# ---------------------------------------------------------------- SSRF


REFUSED = {
    "loopback": "127.0.0.1",
    "loopback-other": "127.8.9.10",
    "private-10": "10.0.0.7",
    "private-172": "172.16.5.4",
    "private-192": "192.168.1.1",
    "link-local (cloud metadata)": "169.254.169.254",
    "multicast": "224.0.0.251",
    "unspecified": "0.0.0.0",
    "shared (CGNAT)": "100.64.0.1",
    "reserved": "240.0.0.1",
    "broadcast": "255.255.255.255",
    "ipv6 loopback": "::1",
    "ipv6 unique-local": "fd12:3456::1",
    "ipv6 link-local": "fe80::1",
    "ipv6 multicast": "ff02::1",
    "ipv6 unspecified": "::",
    "ipv4-mapped loopback": "::ffff:127.0.0.1",
    "ipv4-mapped private": "::ffff:10.1.2.3",
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_each_non_public_address_class_is_refused(client, store, monkeypatch, kind):
    monkeypatch.setattr(fetch, "socket", fake_dns({"news.example.com": REFUSED[kind]}))
    r = client.post("/api/briefs", json={"articles": [{"url": "http://news.example.com/story"}]})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "refused" in detail and "news.example.com" in detail, detail
    assert store.list()[1] == 0


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/", "http://[::ffff:127.0.0.1]:{port}/",
                                 "http://localhost:{port}/", "http://2130706433:{port}/"])
def test_local_server_is_not_contacted(client, local_page, url):
    before = Counting.hits
    r = client.post("/api/briefs", json={"articles": [{"url": url.format(port=local_page)}]})
    assert r.status_code == 422 and "refused" in r.json()["detail"]
    assert Counting.hits == before


def test_redirect_to_a_private_address_is_refused(client, local_page, monkeypatch):
    # 127.0.0.1 passes as "public" for the first hop; the redirect's target must be checked again
    monkeypatch.setattr(fetch, "socket", fake_dns({"127.0.0.1": "93.184.216.34",
                                                   "internal.test": "10.9.8.7"}))
    r = client.post("/api/briefs", json={"articles": [
        {"url": f"http://127.0.0.1:{local_page}/to-internal"}]})
    assert r.status_code == 422
    assert re.search(r"redirected to http://internal\.test.*10\.9\.8\.7", r.json()["detail"])


def test_allow_private_urls_lets_the_local_page_through(store, local_page):
    client = TestClient(create_app(store, allow_private_urls=True))
    r = client.post("/api/briefs", json={"articles": [{"url": f"http://127.0.0.1:{local_page}/a"}]})
    assert r.status_code == 201, r.text


# ---------------------------------------------------------------- body cap


def test_oversized_body_is_413(store):
    client = TestClient(create_app(store, max_body_bytes=20_000))
    big = {"articles": [{"text": "Word. " * 5000}]}
    r = client.post("/api/briefs", json=big)
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    files = [("files", ("big.txt", b"Word. " * 5000, "text/plain"))]
    r = client.post("/api/briefs/upload", files=files)
    assert r.status_code == 413
    assert store.list()[1] == 0


def test_default_cap_is_5_mb(client):
    r = client.post("/api/briefs", content=b"x" * 5_000_001, headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_chunked_body_without_length_is_counted(store):
    """A client that sends no Content-Length cannot slip past the cap."""

    def chunks():
        yield b'{"articles": [{"text": "'
        for _ in range(50):
            yield b"Word. " * 200
        yield b'"}]}'

    with live_server(create_app(store, max_body_bytes=20_000)) as base:
        r = httpx.post(base + "/api/briefs", content=chunks(), trust_env=False, timeout=60,
                       headers={"Content-Type": "application/json"})
        assert "content-length" not in {k.lower() for k in r.request.headers}
        assert r.status_code == 413 and "limit" in r.json()["detail"]
        small = httpx.post(base + "/api/briefs", trust_env=False, timeout=60,
                           json={"articles": [{"text": example_texts()[0]}]})
        assert small.status_code == 201
    assert store.list()[1] == 1


# ---------------------------------------------------------------- injection, leaks


PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_html_in_article_text_is_data_not_markup(client):
    text = (f"Sean Penn said {PAYLOAD} he has no regrets about meeting El Chapo. "
            "The actor spoke to CBS on Sunday about the interview. "
            "He said the article failed to start a debate about drugs.")
    r = client.post("/api/briefs", json={"articles": [{"text": text}], "words": 100})
    assert r.status_code == 201, r.text
    assert r.headers["content-type"].startswith("application/json")
    brief = r.json()
    assert PAYLOAD in brief["documents"][0]["text"]  # kept verbatim as text, offsets intact
    assert any(PAYLOAD in s["text"] for s in brief["sentences"])


@pytest.mark.parametrize("script", sorted(p.name for p in STATIC.glob("*.js")))
def test_page_never_inserts_text_as_html(script):
    js = (STATIC / script).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function"):
        assert sink not in js, sink
    assert "textContent" in js


def test_page_has_a_content_security_policy(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text  # no inline script, so 'self' is enough


def test_nul_bytes_do_not_break_the_store(client):
    text = example_texts()[0].replace("Sean Penn", "Sean\x00 Penn", 1)
    r = client.post("/api/briefs", json={"articles": [{"text": text}]})
    assert r.status_code == 201 and "\x00" not in r.text


def test_errors_are_one_line_json_without_traceback(client, monkeypatch):
    monkeypatch.setattr(fetch, "socket", fake_dns({}))
    r = client.post("/api/briefs", json={"articles": [{"url": "http://no-such-host.test/"}]})
    assert r.status_code == 502
    assert list(r.json()) == ["detail"] and "\n" not in r.json()["detail"]
    assert "Traceback" not in r.text and 'File "' not in r.text
