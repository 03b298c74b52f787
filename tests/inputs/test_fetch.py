"""Safe URL fetching, against a local server on 127.0.0.1 only (no other address is ever contacted)."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import fake_dns

from newsbrief.inputs import fetch
from newsbrief.inputs.fetch import FetchError, fetch_url
from newsbrief.model import NewsbriefError

PAGE = b"<html><head><title>T</title></head><body><p>Hello news.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, ctype, body, headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout test): nothing to do
            pass

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE, ()),
            "/latin": (200, "text/plain; charset=ISO-8859-1", "Café".encode("latin-1"), ()),
            "/json": (200, "application/json", b'{"text": "x"}', ()),
            "/image": (200, "image/png", b"\x89PNG\r\n", ()),
            "/pdf": (200, "application/pdf", b"%PDF-1.4", ()),
            "/redirect": (302, None, b"", (("Location", "/article"),)),
            "/loop": (302, None, b"", (("Location", "/loop"),)),
            "/to-private": (302, None, b"", (("Location", f"http://internal.test:{port}/article"),)),
            "/to-ftp": (302, None, b"", (("Location", "ftp://example.org/x"),)),
            "/declared-big": (200, "text/html", b"x" * 3000, (("Content-Length", "3000"),)),
            "/missing": (404, "text/html", b"nope", ()),
        }
        if self.path == "/undeclared-big":  # no Content-Length: must be cut while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"y" * 1000)
            return
        if self.path == "/slow":
            time.sleep(1.5)
        status, ctype, body, headers = routes.get(self.path, routes["/article"])
        self._send(status, ctype, body, headers)


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()




def test_happy_path_html(server):
    page = fetch_url(server + "/article", allow_private=True)
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == PAGE
    assert page.url == page.final_url == server + "/article"


def test_charset_and_json(server):
    page = fetch_url(server + "/latin", allow_private=True)
    assert page.charset == "ISO-8859-1" and page.body.decode(page.charset) == "Café"
    assert fetch_url(server + "/json", allow_private=True).content_type == "application/json"


def test_redirect_followed(server):
    page = fetch_url(server + "/redirect", allow_private=True)
    assert page.final_url == server + "/article"
    assert page.body == PAGE


def test_redirect_loop_is_bounded(server):
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_url(server + "/loop", allow_private=True, max_redirects=3)


def test_redirect_to_other_scheme_refused(server):
    with pytest.raises(FetchError, match="only http"):
        fetch_url(server + "/to-ftp", allow_private=True)


@pytest.mark.parametrize("path", ["/image", "/pdf"])
def test_non_text_content_refused(server, path):
    with pytest.raises(FetchError, match="unsupported content type") as e:
        fetch_url(server + path, allow_private=True)
    assert server + path in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("path", ["/declared-big", "/undeclared-big"])
def test_size_cap(server, path):
    with pytest.raises(FetchError, match="limit") as e:
        fetch_url(server + path, allow_private=True, max_bytes=2000)
    assert server + path in str(e.value)


def test_http_error_status(server):
    with pytest.raises(FetchError, match="404"):
        fetch_url(server + "/missing", allow_private=True)


def test_timeout(server):
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(server + "/slow", allow_private=True, timeout=0.3)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/", "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/",
    "http://169.254.169.254/latest/meta-data/", "http://224.0.0.1/", "http://0.0.0.0/",
    "http://[::1]/", "http://[fc00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:10.0.0.1]/",
])
def test_private_addresses_refused(url):
    with pytest.raises(FetchError, match="refused") as e:
        fetch_url(url)  # never connects: refused before any connection attempt
    assert url in str(e.value)


def test_local_server_refused_by_default(server):
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_url(server + "/article")


def test_public_name_resolving_to_private_address_refused(monkeypatch):
    monkeypatch.setattr(fetch, "socket", fake_dns({"news.example.com": "10.0.0.7"}))
    with pytest.raises(FetchError, match="10.0.0.7"):
        fetch_url("http://news.example.com/story")


def test_redirect_to_private_address_refused(server, monkeypatch):
    # pretend 127.0.0.1 is public so the first hop passes; the redirect target must be checked again
    monkeypatch.setattr(fetch, "socket", fake_dns({"127.0.0.1": "93.184.216.34",
                                                   "internal.test": "10.9.8.7"}))
    assert fetch_url(server + "/article").body == PAGE
    with pytest.raises(FetchError, match="redirected to http://internal.test.*10.9.8.7"):
        fetch_url(server + "/to-private")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "gopher://x/", "http://"])
def test_bad_schemes_and_urls(url):
    with pytest.raises(FetchError) as e:
        fetch_url(url)
    assert isinstance(e.value, NewsbriefError) and "\n" not in str(e.value)


def test_unresolvable_host(monkeypatch):
    monkeypatch.setattr(fetch, "socket", fake_dns({}))
    with pytest.raises(FetchError, match="cannot resolve"):
        fetch_url("http://no-such-host.invalid/")
