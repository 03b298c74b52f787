"""How long the articles of each data set are, in whitespace words (what ``selector.ARTICLE_WORDS``
is set from: the scorer's training articles against the raw ones it is used on).

    python3 benchmarks/article_lengths.py [--data ../shared/data/mds] [--clusters 2000] [--limit 400]

For each set: the number of non-empty articles in its first ``--clusters`` clusters (file
order), the median and the 90th and 99th percentiles of their lengths, and the share longer
than ``--limit`` words. Raw text as stored, before cleaning.
"""
from __future__ import annotations

import argparse
import gzip
import json
from itertools import islice
from pathlib import Path

import numpy as np

SETS = ["multi_news_train", "multi_news_validation", "multi_news_raw_dev100", "duc2003_task2_test",
        "duc2006_test", "duc2007_main_test", "multiling2011_en_test", "allsides_roundups_2021"]


def article_lengths(path: Path, clusters: int) -> np.ndarray:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in islice(fh, clusters)]
    return np.array([len(d.split()) for r in rows for d in r["documents"] if d.strip()])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data/mds", type=Path)
    ap.add_argument("--clusters", type=int, default=2000, help="first clusters of each set")
    ap.add_argument("--limit", type=int, default=400, help="report the share of longer articles")
    args = ap.parse_args()
    print(f"| set | articles | median words | 90th pct | 99th pct | longer than {args.limit} |")
    print("|---|---|---|---|---|---|")
    for name in SETS:
        path = args.data / f"{name}.jsonl.gz"
        if not path.exists():
            continue
        n = article_lengths(path, args.clusters)
        p50, p90, p99 = np.percentile(n, [50, 90, 99])
        print(f"| {name} | {len(n):,} | {p50:.0f} | {p90:.0f} | {p99:.0f} | {(n > args.limit).mean():.1%} |")


if __name__ == "__main__":
    main()
