"""Sentence splitter: speed and agreement against pysbd on real news text.

    python3 benchmarks/sentences.py [--data ../shared/data/mds] [--sample 40] [--seed 0]

pysbd is used here only (``pip install pysbd``); it is not a dependency of newsbrief.
Reports, per data set: ms per cluster for both splitters and the speed ratio, then the sentence
boundaries (start offsets of sentences) where they disagree, with a random sample shown in
context so that a person can judge who is right.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newsbrief.text.sentences import split_spans  # noqa: E402

SETS = ["multi_news_raw_dev100", "duc2006_test"]


def load(data: Path, name: str) -> list[list[str]]:
    with gzip.open(data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        clusters = [json.loads(line)["documents"] for line in f]
    return [[d for d in c if d.strip()] for c in clusters if any(d.strip() for d in c)]


def pysbd_spans(seg, text: str) -> list[tuple[int, int]]:
    """pysbd's sentences mapped back to offsets (its char_span mode is slow and inexact)."""
    spans, pos = [], 0
    for s in seg.segment(text):
        s = s.strip()
        if not s:
            continue
        i = text.find(s, pos)
        if i < 0:  # pysbd changed the text; skip this sentence
            continue
        spans.append((i, i + len(s)))
        pos = i + len(s)
    return spans


def timed(fn, clusters, repeat: int) -> float:
    """Best-of-`repeat` CPU seconds per cluster (CPU time: the test machine is shared and noisy)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for c in clusters:
            for d in c:
                fn(d)
        best = min(best, time.process_time() - t)
    return best / len(clusters)


def line_starts(text: str) -> set[int]:
    """Offsets of the first non-space character of each line (both splitters agree there)."""
    return {m.start(1) for m in re.finditer(r"(?m)^[^\S\n]*(\S)", text)}


def context(text: str, at: int, width: int = 70) -> str:
    return (text[max(0, at - width):at] + " ‖ " + text[at:at + width]).replace("\n", "⏎")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "data" / "mds")
    ap.add_argument("--sample", type=int, default=40, help="disagreements shown per set and side")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5, help="best of N timing runs (ours)")
    ap.add_argument("--pysbd-clusters", type=int, default=20, help="clusters timed with pysbd")
    args = ap.parse_args()
    try:
        import pysbd
    except ImportError:
        print("pip install pysbd (benchmark only)", file=sys.stderr)
        return 2
    seg = pysbd.Segmenter(language="en", clean=False)
    rng = random.Random(args.seed)
    for name in SETS:
        clusters = load(args.data, name)
        words = sum(len(d.split()) for c in clusters for d in c) / len(clusters)
        ours_t = timed(split_spans, clusters, args.repeat)
        head = clusters[:args.pysbd_clusters]  # pysbd is slow: time both on the same clusters
        ours_head_t = timed(split_spans, head, args.repeat)
        theirs_t = timed(seg.segment, head, 1)
        only_ours, only_theirs, n_ours, n_theirs = [], [], 0, 0
        for c in clusters:
            for d in c:
                a = {s for s, _ in split_spans(d)}
                b = {s for s, _ in pysbd_spans(seg, d)}
                n_ours += len(a)
                n_theirs += len(b)
                para = line_starts(d)
                only_ours += [(d, i) for i in sorted(a - b) if i not in para]
                only_theirs += [(d, i) for i in sorted(b - a) if i not in para]
        print(f"## {name}: {len(clusters)} clusters, {words:.0f} words per cluster")
        print(f"ours  {ours_t * 1e3:.3f} ms/cluster ({words / (ours_t * 1e3):.0f} words/ms)")
        print(f"on the first {len(head)} clusters: ours {ours_head_t * 1e3:.3f} ms/cluster, "
              f"pysbd {theirs_t * 1e3:.1f} ms/cluster, "
              f"ratio pysbd/ours {theirs_t / ours_head_t:.0f}x")
        print(f"sentences: ours {n_ours}, pysbd {n_theirs}; boundaries inside lines: only ours "
              f"{len(only_ours)}, only pysbd {len(only_theirs)}")
        for label, items in (("only ours", only_ours), ("only pysbd", only_theirs)):
            print(f"### {label} (sample of {min(args.sample, len(items))})")
            for d, i in rng.sample(items, min(args.sample, len(items))):
                print("  ", context(d, i))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
