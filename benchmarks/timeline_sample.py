"""The first N timeline events over a cluster file, numbered, to check by hand (docs/insight.md).

    python benchmarks/timeline_sample.py ../shared/data/mds/multi_news_raw_dev100.jsonl.gz --n 100
"""
from __future__ import annotations

import argparse
import sys

from newsbrief.inputs.clusters import read_clusters
from newsbrief.insight.timeline import find_events
from newsbrief.pipeline import articles_from_texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="cluster file (JSONL, one story per line with 'documents')")
    parser.add_argument("--n", type=int, default=100, help="how many events (default 100)")
    args = parser.parse_args(argv)
    records, _ = read_clusters(args.file, references=False)
    shown = 0
    for record in records:
        for event in find_events(articles_from_texts(record["documents"])):
            shown += 1
            print(f"{shown} | {event.date} | {event.when} | {record['id']} [{event.document}] | "
                  f"{' '.join(event.sentence.split())}")
            if shown >= args.n:
                return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
