"""`newsbrief eval-stories FILE...`: the same-story grouping protocol of GUIDE §3.

Each file's clusters are pooled into one shuffled stream and grouped by every system; B-cubed
P/R/F1, pairwise F1, articles/s and peak memory are printed side by side. Each system runs in a
fresh process (so its peak memory is its own). The baselines' thresholds are tuned on another
pool (``--tune-on``), or on the pool itself with ``--tune-on self`` (how GUIDE quotes them for raw
dev100); ours is fixed. ``--semeval`` adds the Pearson correlation of ``story_similarity`` with
the SemEval-2022 English pairs.
"""
from __future__ import annotations

import argparse
import multiprocessing
from datetime import datetime, timezone
from typing import Any

SYSTEMS = ("newsbrief", "single-pass", "average-link")
GRID = (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="MDS JSONL files (clusters)")
    parser.add_argument("--limit", type=int, help="pool only the first N clusters of each file")
    parser.add_argument("--skip", type=int, default=0, help="start after the first N clusters")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated clusterers")
    parser.add_argument("--tune-on", default="self", metavar="FILE|self",
                        help="pool to tune the baselines' thresholds on (default: the pool itself)")
    parser.add_argument("--tune-skip", type=int, default=0, help="first cluster of the tuning pool")
    parser.add_argument("--tune-limit", type=int, help="clusters in the tuning pool")
    parser.add_argument("--semeval", metavar="PAIRS", help="SemEval-2022 pairs JSONL for Pearson")


def _score(name: str, options: dict[str, Any], pool: Any) -> dict[str, Any]:
    """Run in a fresh process: group the pool and score it, with this process's peak memory."""
    from ..evaluation.bench import maxrss_mb
    from ..evaluation.stories import run_system
    from ..stories.registry import get_clusterer

    result = run_system(get_clusterer(name, **options), pool)
    result["peak_mb"] = maxrss_mb()
    return result


def _in_child(name: str, options: dict[str, Any], pool: Any) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as workers:
        return workers.apply(_score, (name, options, pool))


def _pool(path: str, limit: int | None, skip: int) -> Any:
    """The pool of ``path``; what the cluster reader skipped is a warning line each (the first 5)."""
    import sys
    import warnings

    from ..evaluation.stories import make_pool

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pool = make_pool(path, limit=limit, skip=skip)
    for w in caught[:5]:
        print(f"newsbrief eval-stories: warning: {w.message}", file=sys.stderr)
    if len(caught) > 5:
        print(f"newsbrief eval-stories: warning: {path}: {len(caught) - 5} more lines skipped",
              file=sys.stderr)
    return pool


def _tune(name: str, pool: Any) -> float:
    from ..evaluation.stories import run_system
    from ..stories.registry import get_clusterer

    return max(GRID, key=lambda t: run_system(get_clusterer(name, threshold=t), pool)["f1"])


def run(args: argparse.Namespace) -> int:
    from ..model import NewsbriefError

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if any(s != "newsbrief" for s in systems):
        import sklearn  # noqa: F401  (the baselines' tf-idf: a missing extra stops before any row)
    tuning = None
    if args.tune_on != "self":
        tuning = _pool(args.tune_on, args.tune_limit, args.tune_skip)
        if len(set(tuning.gold)) < 2:
            raise NewsbriefError(f"--tune-on {args.tune_on}: fewer than two clusters with "
                                 "documents of 50+ words to tune on")
    tuned = {name: _tune(name, tuning) for name in systems if name != "newsbrief"} if tuning else {}
    for path in args.files:
        pool = _pool(path, args.limit, args.skip)
        if len(set(pool.gold)) < 2:
            raise NewsbriefError(f"{path}: fewer than two clusters with documents of 50+ words: "
                                 "nothing to group")
        print(f"### {pool.name}: {len(pool.articles)} documents, {len(set(pool.gold))} stories\n")
        print(f"    newsbrief eval-stories {path}" + (f" --limit {args.limit}" if args.limit else "")
              + (f" --skip {args.skip}" if args.skip else "") + f" --tune-on {args.tune_on}"
              + (f" --tune-skip {args.tune_skip}" if args.tune_skip else "")
              + (f" --tune-limit {args.tune_limit}" if args.tune_limit else ""))
        print(f"\n{datetime.now(timezone.utc).isoformat(timespec='seconds')}; baselines tuned on "
              f"{'this pool' if tuning is None else tuning.name}\n")
        print("| system | threshold | B3 P | B3 R | B3 F1 | pairwise F1 | stories | articles/s | peak MB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name in systems:
            options: dict[str, Any] = {}
            if name != "newsbrief" and tuning is not None:  # one pool to tune on: tuned once, before the files
                options["threshold"] = tuned[name]
            elif name != "newsbrief":
                options["threshold"] = _tune(name, pool)
            r = _in_child(name, options, pool)
            print(f"| {name} | {options.get('threshold', 'fixed')} | {r['precision']:.3f} | "
                  f"{r['recall']:.3f} | {r['f1']:.3f} | {r['pairwise_f1']:.3f} | {r['stories']} | "
                  f"{r['articles_per_s']:,.0f} | {r['peak_mb']:,.0f} |")
        print()
    if args.semeval:
        from ..evaluation.stories import semeval_pearson
        from ..stories.similarity import story_similarity

        pearson, n = semeval_pearson(args.semeval, story_similarity)
        print(f"SemEval-2022 English pairs ({n}): Pearson of story_similarity with -overall {pearson:.3f}")
    return 0
