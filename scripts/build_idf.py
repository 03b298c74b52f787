"""Build newsbrief/data/idf.tsv.gz: background document frequencies of stemmed content terms.

Trained only on multi_news_train (documents only, never summaries). Reproduce with:
    python scripts/build_idf.py ../shared/data/mds/multi_news_train.jsonl.gz
"""
from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from newsbrief.text.tokens import content_terms

OUT = Path(__file__).resolve().parent.parent / "newsbrief" / "data" / "idf.tsv.gz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("train", help="multi_news_train.jsonl.gz")
    ap.add_argument("--min-df", type=int, default=5)
    args = ap.parse_args()
    df: Counter[str] = Counter()
    n_docs = 0
    with gzip.open(args.train, "rt", encoding="utf-8") as fh:
        for line in fh:
            for doc in json.loads(line)["documents"]:
                if doc.strip():
                    n_docs += 1
                    df.update(set(content_terms(doc)))
    kept = sorted((t for t, c in df.items() if c >= args.min_df), key=lambda t: -df[t])
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(f"#docs\t{n_docs}\n")
        for t in kept:
            out.write(f"{t}\t{df[t]}\n")
    print(f"{len(kept)} terms from {n_docs} documents -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
