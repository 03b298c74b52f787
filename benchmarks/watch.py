"""The story store under a stream: articles/s into a SQLite store, the share spent on briefs,
and the grouping it stores against the same clusterer run in memory (GUIDE §3 "Stories" pool).

    python3 benchmarks/watch.py [--data ../shared/data/mds/multi_news_raw_dev100.jsonl.gz] [--batch 20]
    python3 benchmarks/watch.py --data ../shared/data/mds/multi_news_validation.jsonl.gz --limit 1000

The pool's articles arrive in its shuffled order, ``--batch`` at a time (one feed poll: one
store transaction that also refreshes the brief of every story it touched); then the whole
stream is added again (a re-run of `watch`: everything is skipped as stored). Reports B-cubed
F1 of the stored stories and of `get_clusterer("newsbrief").fit_predict` on the same articles.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from newsbrief.evaluation.bench import maxrss_mb  # noqa: E402
from newsbrief.evaluation.stories import bcubed, make_pool  # noqa: E402
from newsbrief.stories.registry import get_clusterer  # noqa: E402
from newsbrief.store.stories import StoryStore  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "mds" / "multi_news_raw_dev100.jsonl.gz"


def stream_into_store(store: StoryStore, articles: list, batch: int) -> tuple[float, float]:
    """Seconds for the whole stream, and the seconds of it spent making briefs."""
    in_briefs = [0.0]
    refresh = store._refresh

    def timed_refresh(*args):  # the brief of a touched story, made again
        start = time.perf_counter()
        refresh(*args)
        in_briefs[0] += time.perf_counter() - start

    store._refresh = timed_refresh
    start = time.perf_counter()
    for i in range(0, len(articles), batch):
        store.add(articles[i:i + batch])
    return time.perf_counter() - start, in_briefs[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--limit", type=int, help="the first LIMIT clusters of the data set")
    parser.add_argument("--batch", type=int, default=20, help="articles per transaction (one poll)")
    args = parser.parse_args()
    if not Path(args.data).exists():
        print(f"benchmarks/watch.py: {args.data} not found (the research data in ../shared)", file=sys.stderr)
        return 2
    pool = make_pool(args.data, limit=args.limit)
    for i, a in enumerate(pool.articles):
        a.url, a.id = f"https://pool.example/{i}", str(i)

    start = time.perf_counter()
    in_memory = list(get_clusterer("newsbrief").fit_predict(pool.articles))
    memory_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        store = StoryStore(str(Path(tmp) / "stories.sqlite3"))
        seconds, brief_s = stream_into_store(store, pool.articles, args.batch)
        rerun_start = time.perf_counter()
        for i in range(0, len(pool.articles), args.batch):
            assert store.add(pool.articles[i:i + args.batch]) == []
        rerun_s = time.perf_counter() - rerun_start
        story_of: dict[str, int] = {}
        listed, total = store.list_stories(limit=10_000)
        for s in listed:
            for a in store.get_story(s["id"])["articles"]:
                story_of[a["url"]] = s["id"]
        store.close()
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())  # the file and its WAL

    stored = [i for i, a in enumerate(pool.articles) if a.url in story_of]
    gold = [pool.gold[i] for i in stored]
    _, _, f1_store = bcubed([story_of[pool.articles[i].url] for i in stored], gold)
    _, _, f1_memory = bcubed([in_memory[i] for i in stored], gold)
    n = len(pool.articles)
    print(f"pool {pool.name}: {n} articles, {len(set(pool.gold))} gold stories; batch {args.batch}")
    print(f"stored {len(stored)} articles in {total} stories ({n - len(stored)} left out as copies); "
          f"SQLite file {size / 1e6:.1f} MB; peak RSS {maxrss_mb():.0f} MB")
    print(f"into the store: {seconds:.1f} s, {n / seconds:.1f} articles/s; briefs {brief_s / seconds:.0%} "
          f"of it; in-memory clustering alone {n / memory_s:.0f} articles/s")
    print(f"re-run (everything stored already): {rerun_s:.2f} s, {n / rerun_s:.0f} articles/s")
    print(f"B-cubed F1 over the stored articles: store {f1_store:.3f}, in memory {f1_memory:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
