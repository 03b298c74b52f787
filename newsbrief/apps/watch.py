"""`newsbrief watch SOURCES... --db URL`: poll feeds, add new articles to their stories.

Each poll of a feed is one conditional GET (the ETag and Last-Modified saved with the last
poll), then the pages of items the feed does not carry in full and the store does not have
yet (one request per host per ``--pace`` seconds), then one store transaction for the whole
feed (``store.stories``): killed at any moment, a run loses nothing and leaves nothing
half-written; the next run redoes the feed and skips what is stored.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import Any

from ..model import NewsbriefError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="feed URLs (RSS/Atom), feed files, or OPML files listing feeds")
    parser.add_argument("--db", required=True,
                        help="the story store: a SQLite file path, sqlite:///..., or postgresql://...")
    parser.add_argument("--once", action="store_true", help="poll every source once, then exit")
    parser.add_argument("--interval", type=float, default=300.0,
                        help="seconds between polls of all sources (default 300)")
    parser.add_argument("--pace", type=float, default=1.0,
                        help="at least this many seconds between two requests to one host (default 1)")
    parser.add_argument("-w", "--words", type=int, default=150, help="word budget of each story's brief")
    parser.add_argument("--allow-private-urls", action="store_true",
                        help="also fetch feeds and pages on private or loopback addresses (testing)")


def _warn(message: str) -> None:
    print(f"newsbrief: warning: {message}", file=sys.stderr, flush=True)


def feed_urls(sources: list[str], warn: Any = _warn) -> list[str]:
    """Sources -> feeds to poll: URLs as given, files as paths, OPML files expanded."""
    from ..inputs.feeds import FeedError, feed_kind, is_url, parse_opml, read_feed_file

    out: list[str] = []
    for source in sources:
        if is_url(source):
            out.append(source)
            continue
        data = read_feed_file(source, warn)
        if data is None:
            continue
        kind = feed_kind(data)
        if kind == "opml":
            try:
                out.extend(parse_opml(data, source))
            except FeedError as e:
                warn(f"{e}; skipped")
        elif kind == "feed":
            out.append(source)
        else:
            warn(f"{source}: not an RSS/Atom feed or an OPML file; skipped")
    return list(dict.fromkeys(out))


def poll(store: Any, feed: str, *, allow_private: bool, pace: Any, words: int,
         warn: Any = _warn) -> int:
    """Poll one feed into the store; return how many new articles it added (warn, never raise)."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..inputs.feeds import FeedError, fetch_feed, is_url, item_document, parse_feed, read_feed_file
    from ..inputs.fetch import FetchError
    from ..pipeline import clean_documents

    etag = modified = None
    if is_url(feed):
        old_etag, old_modified = store.feed_state(feed)
        conditional = {k: v for k, v in (("If-None-Match", old_etag), ("If-Modified-Since", old_modified)) if v}
        try:
            page = fetch_feed(feed, allow_private=allow_private, pace=pace, conditional=conditional)
        except FetchError as e:
            warn(f"{e}; skipped this poll")
            return 0
        if page.not_modified:
            return 0
        headers = page.headers or {}
        etag, modified = headers.get("etag"), headers.get("last-modified")
        data = page.body
    elif (data := read_feed_file(feed, warn)) is None:
        return 0
    try:
        parsed = parse_feed(data, feed)
    except FeedError as e:
        warn(f"{e}; skipped this poll")
        return 0
    if parsed.broken:
        warn(f"{feed}: malformed feed ({parsed.broken}); read {len(parsed.items)} items anyway")
    known = store.known_urls(item.url for item in parsed.items)
    raws = []
    for item in parsed.items:
        if item.url and item.url in known:
            continue  # stored already: no need to fetch its page again
        doc = item_document(item, feed, warn, allow_private=allow_private, pace=pace)
        if doc is not None:
            raws.append(doc)
    articles = clean_documents(raws, warn=warn) if raws else []
    try:
        return len(store.add(articles, feed=feed, etag=etag, modified=modified, words=words))
    except SQLAlchemyError as e:  # the database went away or refused: nothing of this feed stored
        msg = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        warn(f"{feed}: could not store its articles ({msg}); retried next poll")
        return 0


def run(args: argparse.Namespace) -> int:
    from ..inputs.feeds import HostPace
    from ..store.stories import StoryStore

    if args.interval <= 0 or args.pace < 0:
        raise NewsbriefError("--interval must be positive and --pace not negative")
    feeds = feed_urls(args.sources)
    if not feeds:
        raise NewsbriefError("no feed to watch: every source was unreadable or not a feed")
    store = StoryStore(args.db)
    pace = HostPace(args.pace)
    stop = {"now": False}

    def request_stop(signum: int, _frame: Any) -> None:
        stop["now"] = True  # finish the feed in hand (its transaction), then leave

    signal.signal(signal.SIGTERM, request_stop)
    try:
        while True:
            added = 0
            for feed in feeds:
                if stop["now"]:
                    break
                added += poll(store, feed, allow_private=args.allow_private_urls, pace=pace,
                              words=args.words)
            n_articles, n_stories = store.counts()
            print(f"newsbrief watch: {added} new articles; the store holds {n_articles} articles "
                  f"in {n_stories} stories", file=sys.stderr, flush=True)
            if args.once or stop["now"]:
                return 0
            end = time.monotonic() + args.interval
            while time.monotonic() < end and not stop["now"]:
                time.sleep(min(1.0, end - time.monotonic()))
            if stop["now"]:
                return 0
    finally:
        store.close()
