"""``newsbrief serve``: run the web page and the HTTP API with uvicorn."""
from __future__ import annotations

import argparse
import ipaddress
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--db", metavar="URL",
                        help="where to keep the history: a SQLite file path or sqlite:///PATH, or "
                             "postgresql://USER:PASSWORD@HOST/DB (default: a SQLite file in the "
                             "user data directory)")
    parser.add_argument("--stories-db", metavar="URL",
                        help="the story store `newsbrief watch --db` fills, shown on the Stories "
                             "page (default: --db if given, else a SQLite file in the user data "
                             "directory)")
    parser.add_argument("--allow-private-urls", action="store_true",
                        help="let the server fetch URLs on private, loopback and link-local "
                             "addresses (off by default: a server must not be a way into the "
                             "network it runs in)")
    parser.add_argument("--deadline", type=float, default=20.0, metavar="SECONDS",
                        help="the most one request waits for its links (default: 20); a link "
                             "not fetched by then is skipped and named in the brief")
    parser.add_argument("--max-body-mb", type=float, default=5.0,
                        help="largest request body accepted, in MB (default: 5)")


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ...model import NewsbriefError
    from .app import create_app
    from ...store.briefs import BriefStore, database_url
    from ...store.stories import StoryStore

    if not 0 < args.port < 65536:
        raise NewsbriefError(f"--port: must be between 1 and 65535, not {args.port}")
    if args.max_body_mb <= 0:
        raise NewsbriefError(f"--max-body-mb: must be positive, not {args.max_body_mb:g}")
    if args.deadline <= 0:
        raise NewsbriefError(f"--deadline: must be positive, not {args.deadline:g}")
    store = BriefStore(args.db)
    stories = StoryStore(args.stories_db or args.db)
    app = create_app(store, allow_private_urls=args.allow_private_urls, deadline=args.deadline,
                     max_body_bytes=int(args.max_body_mb * 1_000_000), stories=stories)
    where = database_url(args.db) if store.dialect == "sqlite" else "PostgreSQL"
    print(f"newsbrief: history in {where}", file=sys.stderr)
    if not _is_loopback(args.host):
        print(f"newsbrief: warning: listening on {args.host}: anyone who can reach this address "
              "can use the app (there is no login)", file=sys.stderr)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    finally:
        store.close()
        stories.close()
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
