#!/usr/bin/env python3
"""How big the web app's brief history grows: make the briefs of the first N clusters of an MDS
file (as the page would: pasted texts, 200 words), save each in a fresh SQLite store and report
the file size per brief, beside what the same briefs take uncompressed (their JSON and texts).

    python scripts/store_size.py ../shared/data/mds/multi_news_raw_dev100.jsonl.gz --briefs 70
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

from newsbrief.apps.web.briefing import MAX_ARTICLES, ArticleIn, build_brief
from newsbrief.inputs.clusters import open_text
from newsbrief.model import NewsbriefError
from newsbrief.store.briefs import BriefStore


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("clusters", help="an MDS .jsonl(.gz) file: one {'documents': [...]} per line")
    ap.add_argument("--briefs", type=int, default=70, help="how many briefs to save (default 70)")
    args = ap.parse_args()
    if not Path(args.clusters).exists():
        print(f"store_size: {args.clusters}: no such file", file=sys.stderr)
        return 2
    saved, uncompressed = 0, 0
    with tempfile.TemporaryDirectory() as tmp, open_text(args.clusters) as lines:
        path = Path(tmp) / "briefs.sqlite3"
        store = BriefStore(str(path))
        for line in lines:
            if saved >= args.briefs:
                break
            docs = [d for d in json.loads(line)["documents"] if d.strip()][:MAX_ARTICLES]
            try:
                data = build_brief([ArticleIn(text=d) for d in docs], 200, allow_private_urls=False)
            except NewsbriefError as e:
                print(f"store_size: a cluster was skipped: {e}", file=sys.stderr)
                continue
            texts = [d.pop("text") for d in data["documents"]]
            uncompressed += len(json.dumps(data, ensure_ascii=False).encode()) + sum(
                len(t.encode()) for t in texts)
            store.save(data, texts)
            saved += 1
        with store.engine.connect() as conn:  # fold the WAL into the file before measuring
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        store.close()
        size = path.stat().st_size
    print(f"{saved} briefs: SQLite file {size / 1e6:.2f} MB ({size / max(saved, 1) / 1e3:.1f} kB "
          f"per brief); the same briefs uncompressed {uncompressed / 1e6:.2f} MB "
          f"({uncompressed / max(saved, 1) / 1e3:.1f} kB per brief)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
