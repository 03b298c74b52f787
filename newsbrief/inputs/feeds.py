"""RSS/Atom feeds and OPML subscription lists, read safely.

A feed is untrusted XML: a document type declaration (the door to entity expansion, "billion
laughs", and external entities) is refused before any parser sees it (defusedxml), then
feedparser reads what is left, tolerating the small breakages real feeds have. An item carries
its article when the feed gives its full content (``content:encoded``, Atom ``content``);
otherwise the article is the page the item links to, fetched with ``fetch``'s SSRF rules at
every redirect, its size caps and a per-host pace.
"""
from __future__ import annotations

import calendar
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from ..model import NewsbriefError
from .sources import RawDocument, looks_html

Warn = Callable[[str], None]

FULL_CONTENT_WORDS = 80  # an item's own text shorter than this is a teaser: fetch the page
FEED_MAX_BYTES = 10_000_000
_FEED_START = re.compile(  # declaration, comments, a DOCTYPE (maybe with entities), then the root
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?"
    rb"(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF|opml)\b", re.IGNORECASE | re.DOTALL)


class FeedError(NewsbriefError):
    """A feed or OPML file could not be read (hostile, broken beyond repair, not a feed)."""


@dataclass
class FeedItem:
    """One item of a feed: where it points, what the feed says about it, and its content."""

    url: str | None
    title: str | None
    date: str | None  # ISO 8601, UTC
    author: str | None
    outlet: str | None  # the feed's title
    content: str | None  # the item's full text or HTML when the feed carries it


@dataclass
class Feed:
    title: str | None
    items: list[FeedItem] = field(default_factory=list)
    broken: str | None = None  # what was wrong with the XML, when feedparser had to recover


def feed_kind(data: bytes) -> str | None:
    """``"feed"`` or ``"opml"`` when the bytes look like one (by their first element), else None."""
    match = _FEED_START.match(data[:4096].lstrip(b"\xef\xbb\xbf"))
    if match is None:
        return None
    return "opml" if match.group(1).lower() == b"opml" else "feed"


def _refuse_hostile(data: bytes, source: str) -> None:
    """Refuse XML with a DTD or entity declarations (entity expansion, external entities)."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data[:65536], re.IGNORECASE):
        import defusedxml.ElementTree as safe_xml
        from defusedxml import DefusedXmlException

        try:
            safe_xml.fromstring(data, forbid_dtd=True)
        except DefusedXmlException as e:
            raise FeedError(f"{source}: refused: the XML declares a document type or entities "
                            f"({type(e).__name__}), which feeds do not need") from None
        except Exception:  # broken XML with a DTD in it: still refuse
            raise FeedError(f"{source}: refused: the XML declares a document type or entities, "
                            "which feeds do not need") from None


def parse_feed(data: bytes, source: str) -> Feed:
    """The items of an RSS or Atom feed (raises FeedError when nothing can be read)."""
    import feedparser

    _refuse_hostile(data, source)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    broken = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        broken = str(exc).splitlines()[0] if exc else "malformed XML"
        if not parsed.entries:
            raise FeedError(f"{source}: not a readable feed ({broken})")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(f"{source}: not an RSS or Atom feed")
    outlet = (parsed.feed.get("title") or "").strip() or None
    return Feed(title=outlet, broken=broken, items=[_item(e, outlet) for e in parsed.entries])


def _item(entry: dict, outlet: str | None) -> FeedItem:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    content = max(contents, key=len) if contents else None
    summary = entry.get("summary") or ""
    if not content and _words(summary) >= FULL_CONTENT_WORDS:
        content = summary  # some feeds put the whole article in <description>
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(when))) if when else None
    return FeedItem(url=entry.get("link") or None, title=(entry.get("title") or "").strip() or None,
                    date=date, author=entry.get("author") or None, outlet=outlet,
                    content=content if content and _words(content) >= FULL_CONTENT_WORDS else None)


def _words(html_or_text: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html_or_text).split())


def parse_opml(data: bytes, source: str) -> list[str]:
    """The feed URLs of an OPML subscription list (every outline's ``xmlUrl``)."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        root = safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as e:
        raise FeedError(f"{source}: refused: the XML declares a document type or entities "
                        f"({type(e).__name__})") from None
    except Exception as e:
        raise FeedError(f"{source}: not a readable OPML file ({str(e).splitlines()[0]})") from None
    urls = [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    if not urls:
        raise FeedError(f"{source}: the OPML file lists no feeds (no outline with an xmlUrl)")
    return list(dict.fromkeys(urls))


class HostPace:
    """At most one request per ``seconds`` to any one host (polite to the outlets we read)."""

    def __init__(self, seconds: float = 1.0):
        self.seconds = seconds
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.seconds
        if start > now:
            time.sleep(start - now)


def item_document(item: FeedItem, source: str, warn: Warn, *, allow_private: bool,
                  pace: HostPace | None = None, timeout: float = 10.0) -> RawDocument | None:
    """The item's article as a raw document: its own content, else its page (None, with a
    warning, when neither can be had)."""
    meta = {k: v for k, v in (("title", item.title), ("outlet", item.outlet), ("url", item.url),
                              ("date", item.date), ("author", item.author)) if v}
    if item.content:
        return RawDocument(source=item.url or source, data=item.content,
                           kind="html" if looks_html(item.content) or "<p" in item.content else "text",
                           meta=meta)
    if not item.url:
        warn(f"{source}: an item has neither content nor a link; skipped")
        return None
    from .fetch import FetchError, fetch_url
    from .sources import decode

    if pace is not None:
        pace.wait(item.url)
    try:
        page = fetch_url(item.url, allow_private=allow_private, timeout=timeout)
        text = decode(page.body, item.url, page.charset)
    except (FetchError, NewsbriefError) as e:
        warn(f"{e}; skipped")
        return None
    meta["url"] = page.final_url
    return RawDocument(source=item.url, data=text, kind="html" if looks_html(text) else "text", meta=meta)


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def fetch_feed(url: str, *, allow_private: bool, pace: HostPace | None = None,
               conditional: dict[str, str] | None = None) -> Any:
    """The feed at ``url`` as a ``fetch.FetchedPage`` (SSRF rules at every redirect, the feed size
    cap, feed content types; ``conditional``: If-None-Match / If-Modified-Since). Raises FetchError."""
    from .fetch import ACCEPTED_TYPES, FEED_TYPES, fetch_url

    if pace is not None:
        pace.wait(url)
    return fetch_url(url, allow_private=allow_private, max_bytes=FEED_MAX_BYTES,
                     accept=FEED_TYPES + ACCEPTED_TYPES, conditional=conditional)


def read_feed_file(path: str, warn: Warn) -> bytes | None:
    """A feed or OPML file's bytes (None, with a warning, when unreadable or over the size cap)."""
    try:
        with Path(path).open("rb") as f:
            data = f.read(FEED_MAX_BYTES + 1)
    except OSError as e:
        warn(f"{path}: cannot read ({e.strerror or e}); skipped")
        return None
    if len(data) > FEED_MAX_BYTES:
        warn(f"{path}: over the {FEED_MAX_BYTES:,}-byte limit for a feed; skipped")
        return None
    return data


def _feed_bytes(spec: str, warn: Warn, allow_private: bool, pace: HostPace) -> bytes | None:
    if not is_url(spec):
        return read_feed_file(spec, warn)
    from .fetch import FetchError

    try:
        return fetch_feed(spec, allow_private=allow_private, pace=pace).body
    except FetchError as e:
        warn(f"{e}; skipped")
        return None


def read_feed_articles(spec: str, warn: Warn, *, allow_private: bool = True,
                       pace: HostPace | None = None) -> list[RawDocument]:
    """The articles of a feed URL, a feed file or an OPML file (every feed it lists), as raw
    documents for ``newsbrief stories``; what cannot be read is one warning naming it."""
    pace = pace or HostPace()
    data = _feed_bytes(spec, warn, allow_private, pace)
    if data is None:
        return []
    kind = feed_kind(data)
    if kind is None:
        warn(f"{spec}: not an RSS/Atom feed or an OPML file; skipped")
        return []
    return list(documents_of(data, spec, kind, warn, allow_private=allow_private, pace=pace))


def documents_of(data: bytes, spec: str, kind: str, warn: Warn, *, allow_private: bool = True,
                 pace: HostPace | None = None) -> Iterator[RawDocument]:
    """The articles of feed or OPML bytes (``kind`` from ``feed_kind``): a feed's items, or
    every feed an OPML file lists (one level: a listed feed is read as a feed, never as another
    list; fetched with the feed size cap)."""
    pace = pace or HostPace()
    if kind == "feed":
        yield from feed_documents(data, spec, warn, allow_private=allow_private, pace=pace)
        return
    try:
        urls = parse_opml(data, spec)
    except FeedError as e:
        warn(f"{e}; skipped")
        return
    for url in urls:
        listed = _feed_bytes(url, warn, allow_private, pace)
        if listed is not None:
            yield from feed_documents(listed, url, warn, allow_private=allow_private, pace=pace)


def feed_documents(data: bytes, source: str, warn: Warn, *, allow_private: bool = True,
                   pace: HostPace | None = None) -> Iterator[RawDocument]:
    """Every article of a feed given as bytes (a file or a fetched URL), for ``stories``."""
    try:
        feed = parse_feed(data, source)
    except FeedError as e:
        warn(f"{e}; skipped")
        return
    if feed.broken:
        warn(f"{source}: malformed feed ({feed.broken}); read {len(feed.items)} items anyway")
    pace = pace or HostPace()
    for item in feed.items:
        doc = item_document(item, source, warn, allow_private=allow_private, pace=pace)
        if doc is not None:
            yield doc
