"""``newsbrief eval-quotes FILE``: quote attribution against PolNeAR (GUIDE §3), ours and the
regex baseline side by side."""
from __future__ import annotations

import argparse
import sys

from ..model import NewsbriefError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="PolNeAR JSONL(.gz): text and attributions per article")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")


def run(args: argparse.Namespace) -> int:
    import itertools

    from ..evaluation.quotes import SYSTEMS, read_polnear, score

    try:
        records = list(itertools.islice(read_polnear(args.file), args.limit))
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        raise NewsbriefError(f"{args.file}: not a readable PolNeAR JSONL file: {exc}") from None
    if not records:
        raise NewsbriefError(f"{args.file}: no articles")
    columns = ("precision", "recall", "f1", "direct_precision", "direct_recall", "direct_f1",
               "speaker_accuracy")
    print(f"{'system':<10} " + " ".join(f"{c:>16}" for c in columns))
    for name, system in SYSTEMS.items():
        result = score(records, system)
        rates = result.rates()
        print(f"{name:<10} " + " ".join(f"{rates[c]:>16.3f}" if rates[c] is not None else f"{'n/a':>16}"
                                          for c in columns))
        for skipped in result.skipped:
            print(f"{args.file}: article {skipped} skipped (no text)", file=sys.stderr)
    print(f"{args.file}: {result.articles} articles, {result.n['gold']} attributions, "
          f"{result.n['gold_direct']} direct")
    return 0
