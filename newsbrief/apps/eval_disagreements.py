"""``newsbrief eval-disagreements FILE``: injected conflicts (GUIDE §3) on a cluster file —
recall of planted disagreements, flags per unaltered cluster, and with ``--show`` every flag
and every miss to read."""
from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="cluster file: JSONL(.gz), one story per line with 'documents'")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--seed", type=int, default=0, help="seed of the injections (default 0)")
    parser.add_argument("--rounds", type=int, default=3, help="injections per cluster, one at a time (default 3)")
    parser.add_argument("--show", action="store_true", help="print every flag on unaltered clusters and every miss")


def run(args: argparse.Namespace) -> int:
    from ..evaluation.disagreements import KINDS, evaluate
    from ..inputs.clusters import read_clusters
    from ..pipeline import articles_from_texts, merge_copies

    records, skipped = read_clusters(args.file, references=False, limit=args.limit)
    if skipped:
        print(f"{args.file}: {skipped} clusters skipped (no document text or not readable)", file=sys.stderr)
    clusters = []
    for record in records:
        texts = [t for t in record["documents"] if t and t.strip()]
        if texts:
            clusters.append(merge_copies(articles_from_texts(texts))[0])
    result = evaluate(clusters, seed=args.seed, rounds=args.rounds,
                      show=(lambda line: print(line)) if args.show else None)
    print(f"{args.file}: {result.clusters} clusters of 2+ articles, seed {args.seed}, {args.rounds} rounds")
    for kind in KINDS:
        print(f"  {kind:<7} injected {result.injected[kind]:>4}  found {result.found[kind]:>4}  "
              f"recall {result.found[kind] / max(1, result.injected[kind]):.3f}")
    print(f"  all     injected {sum(result.injected.values()):>4}  found {sum(result.found.values()):>4}  "
          f"recall {result.recall:.3f}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.flags.items())) or "none"
    print(f"  flags on unaltered clusters: {sum(result.flags.values())} ({kinds}), "
          f"{result.flags_per_cluster:.2f} per cluster")
    sys.stdout.flush()
    return 0
