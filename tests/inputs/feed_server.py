"""A loopback HTTP server that serves feeds and pages for the feed and watch tests.

Real-length article texts about three stories (a bridge bill, a campaign, an unrelated rate
decision), served as RSS 2.0 with full content, Atom with content, RSS that only links to
pages, a gzip-encoded feed, a broken feed and a hostile one; ETag/Last-Modified answered with
304; every request counted; pages can be slowed down.
"""
from __future__ import annotations

import gzip
import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BRIDGE = [
    ("Delgado blocks Brent Spence Bridge repair bill", "Enquirer", "Mon, 30 Nov 2026 10:00:00 GMT",
     "Senator Maria Delgado on Monday blocked a $2.1 billion repair bill for the Brent Spence Bridge, "
     "saying the Transportation Department had not explained the cost overruns on the contracts. "
     "The bridge carries 160,000 vehicles a day across the Ohio River between Cincinnati and "
     "Covington, Kentucky, and engineers rated its deck poor last year. Delgado said she supports "
     "fixing the span but wants an audit of the contracts first. Truckers and local businesses "
     "warned that every month of delay raises the price of the repairs and keeps lanes closed "
     "during rush hour. The Transportation Department said in a statement that the overruns came "
     "from steel prices and a redesign of the northern approach, and that it would answer the "
     "senator's questions in writing this week. County commissioners from both sides of the river "
     "asked for a vote before the winter recess, when the repairs would have to pause anyway."),
    ("Senate repair bill for Ohio River bridge stalls", "AP", "Mon, 30 Nov 2026 12:00:00 GMT",
     "CINCINNATI (AP) — A $2.1 billion bill to repair the Brent Spence Bridge stalled in the Senate "
     "on Monday after Senator Maria Delgado objected to cost overruns that the Transportation "
     "Department has not explained. The double-decker bridge over the Ohio River links Cincinnati "
     "and Covington and carries about 160,000 vehicles a day, far more than it was built for. "
     "Delgado said she wants an audit of the repair contracts before the Senate votes. Business "
     "groups in Cincinnati and northern Kentucky said a delay would raise costs and keep lanes "
     "closed. The department blamed steel prices and a redesigned northern approach for the higher "
     "cost and promised a written answer within days. Engineers rated the deck poor in last year's "
     "inspection, and weight limits for trucks have been lowered twice since then."),
    ("Bridge bill back on the Senate floor after letter", "WCPO", "Wed, 02 Dec 2026 09:00:00 GMT",
     "The Brent Spence Bridge repair bill that Senator Maria Delgado blocked returned to the Senate "
     "floor on Wednesday after the Transportation Department sent her a letter explaining the $2.1 "
     "billion cost and the contract overruns. Delgado said the letter answered most of her "
     "questions about the repairs and that she would not object again if an audit of the contracts "
     "is written into the bill. Covington and Cincinnati officials urged a vote before winter, when "
     "closed lanes on the Ohio River crossing slow trucks and commuters. The department said steel "
     "prices and the redesign of the northern approach account for most of the overrun. A vote "
     "could come as early as Friday, Senate aides said, and the House has already passed a version "
     "of the bill with the same amount for the bridge."),
]
CAMPAIGN = [
    ("Delgado announces run for governor", "Blade", "Thu, 03 Dec 2026 15:00:00 GMT",
     "Senator Maria Delgado said Thursday she will run for governor next year, ending months of "
     "speculation about her plans. Delgado, a former Toledo city councilwoman who was elected to "
     "the Senate in 2020, made the announcement at a rally with her family and campaign volunteers "
     "in her hometown. She promised to cut property taxes, expand rural broadband and raise teacher "
     "pay, and said her campaign had raised $4 million from small donors in its first month. Two "
     "other candidates have already entered the primary, and party leaders have not endorsed "
     "anyone. Delgado told the crowd she would visit all 88 counties before the filing deadline "
     "in February and debate her rivals in every region of the state."),
    ("Toledo's Delgado enters governor's race", "Dispatch", "Thu, 03 Dec 2026 18:00:00 GMT",
     "Maria Delgado, the senator from Toledo, entered the race for governor on Thursday with a "
     "hometown rally, promising property tax cuts, rural broadband and higher teacher pay. Her "
     "campaign said it had raised $4 million from small donors in a month. Delgado joins two "
     "candidates already in the primary; party leaders have stayed neutral so far. At the rally, "
     "supporters held signs from the 88 counties she has promised to visit before the February "
     "filing deadline, and her former colleagues on the Toledo city council spoke before her. She "
     "said she would debate her primary rivals in every region of the state and release her tax "
     "returns for the last ten years by the end of the month."),
]
RATES = [
    ("Fed holds rates steady", "Reuters", "Wed, 02 Dec 2026 19:00:00 GMT",
     "The Federal Reserve held interest rates steady on Wednesday, and its chair said inflation "
     "was cooling faster than expected in housing and services. Policymakers voted 10 to 2 to keep "
     "the benchmark rate in a range of 3.25% to 3.5%, with two members preferring a quarter-point "
     "cut. Markets had priced in a pause. The chair said the committee wants to see several more "
     "months of data before cutting again, and that the labor market remains solid although hiring "
     "has slowed since the summer. New projections showed most officials expect two cuts next "
     "year, one fewer than in September, and a slightly lower unemployment rate than before."),
]


def _rss(items: list[tuple], base: str, full: bool, title: str = "Test News") -> bytes:
    body = []
    for i, (head, outlet, date, text) in enumerate(items):
        link = f"{base}/page/{outlet.lower()}-{i}"
        content = f"<content:encoded><![CDATA[<p>{escape(text)}</p>]]></content:encoded>" if full else ""
        body.append(f"<item><title>{escape(head)}</title><link>{link}</link><guid>{link}</guid>"
                    f"<pubDate>{date}</pubDate><description>{escape(text[:120])}…</description>"
                    f"{content}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title><link>{base}</link><description>test</description>"
            + "".join(body) + "</channel></rss>").encode("utf-8")


def _atom(items: list[tuple], base: str) -> bytes:
    entries = []
    for i, (head, outlet, date, text) in enumerate(items):
        link = f"{base}/atom/{i}"
        iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.strptime(date, "%a, %d %b %Y %H:%M:%S GMT"))
        entries.append(f'<entry><title>{escape(head)}</title><link href="{link}"/><id>{link}</id>'
                       f'<updated>{iso}</updated><author><name>{outlet}</name></author>'
                       f'<content type="html">{escape("<p>" + escape(text) + "</p>")}</content></entry>')
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Atom News</title><id>{base}/atom</id><updated>2026-12-03T00:00:00Z</updated>"
            + "".join(entries) + "</feed>").encode("utf-8")


def _page(head: str, text: str) -> bytes:
    return (f"<!doctype html><html><head><title>{escape(head)}</title></head><body>"
            f"<nav>Home | World | Sports</nav><article><h1>{escape(head)}</h1>"
            + "".join(f"<p>{escape(p)}.</p>" for p in text.split(". ") if p)
            + "</article><footer>Copyright Test News</footer></body></html>").encode("utf-8")


HOSTILE = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
           b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel>'
           b"<title>&lol2;</title><item><title>x</title></item></channel></rss>")


class FeedServer:
    """Start with ``with FeedServer() as server:``; ``server.url(path)``; ``server.hits`` and
    ``server.not_modified`` count requests by path."""

    def __init__(self, page_delay: float = 0.0):
        self.page_delay = page_delay
        self.hits: dict[str, int] = {}
        self.not_modified: dict[str, int] = {}  # requests answered 304, by path
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def routes(self) -> dict[str, tuple[bytes, str]]:
        pages = {}
        for i, (head, outlet, _, text) in enumerate(CAMPAIGN + RATES):
            pages[f"/page/{outlet.lower()}-{i}"] = (_page(head, text), "text/html; charset=utf-8")
        return {
            "/rss-full": (_rss(BRIDGE[:2], self.base, full=True), "application/rss+xml"),
            "/atom": (_atom(BRIDGE[2:] + CAMPAIGN[:1], self.base), "application/atom+xml"),
            "/rss-links": (_rss(CAMPAIGN + RATES, self.base, full=False), "application/rss+xml"),
            "/broken": (b"<rss><channel><title>oops</title><item><title>half", "application/rss+xml"),
            "/hostile": (HOSTILE, "application/rss+xml"),
            "/not-a-feed": (b"<html><body>hello</body></html>", "text/html"),
            **pages,
        }

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                gz = path.startswith("/gz/")
                route = server.routes().get(path[3:] if gz else path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body, ctype = route
                etag = f'"{hash(body) & 0xffffffff:x}"'
                if self.headers.get("If-None-Match") == etag:
                    server.not_modified[path] = server.not_modified.get(path, 0) + 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                if path.startswith("/page/") and server.page_delay:
                    time.sleep(server.page_delay)
                if gz:
                    body = gzip.compress(body)
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(usegmt=True))
                if gz:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def __enter__(self) -> "FeedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
