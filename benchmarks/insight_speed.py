"""What the disagreements, coverage and timeline sections cost per raw cluster, beside the brief
itself (GUIDE §4: a measured figure and a ratio in one run, never a timed test).

    python benchmarks/insight_speed.py ../shared/data/mds/multi_news_raw_dev100.jsonl.gz

Each cluster is summarized once without insight (the brief's own time), then each section is
computed on that brief (the sections share one sentence split, charged to the first). The
first cluster warms up imports and regular expressions and is not counted, and dateparser is
set up before it (about 0.4 s once per process, paid by the first brief with a relative date or
a written publication date: a one-time cost, not a per-cluster one). Last, every article's quotes
are extracted with and without the cue model (``newsbrief quotes`` uses it, key quotes do not).
"""
from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time

from newsbrief.inputs.clusters import read_clusters
from newsbrief.insight import SECTIONS as INSIGHT_SECTIONS
from newsbrief.model import NewsbriefError
from newsbrief.pipeline import summarize

SECTIONS = tuple(INSIGHT_SECTIONS)  # every section, quotes included


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="cluster file (JSONL, one story per line with 'documents')")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    args = parser.parse_args(argv)
    modules = {name: importlib.import_module(f"newsbrief.insight.{name}") for name in SECTIONS}
    records, _ = read_clusters(args.file, references=False, limit=args.limit)
    from datetime import date

    from newsbrief.insight.timeline import _resolve, publication_date

    started = time.perf_counter()
    publication_date("July 14, 2015 3:45 PM"), _resolve("yesterday", date(2015, 7, 14))
    print(f"dateparser set-up, once per process: {time.perf_counter() - started:.2f} s")
    brief_ms, section_ms = [], {name: [] for name in SECTIONS}
    texts = []
    for n, record in enumerate(records):
        start = time.perf_counter()
        try:
            brief = summarize(record["documents"], insight=False)
        except NewsbriefError as exc:
            print(f"{record['id']}: {exc}; skipped", file=sys.stderr)
            continue
        elapsed = [time.perf_counter() - start]
        for name in SECTIONS:
            start = time.perf_counter()
            modules[name].for_brief(brief)
            elapsed.append(time.perf_counter() - start)
        texts += [a.text for a in brief.documents]
        if n == 0:
            continue  # warm-up
        brief_ms.append(elapsed[0] * 1000)
        for name, seconds in zip(SECTIONS, elapsed[1:]):
            section_ms[name].append(seconds * 1000)
    total = [sum(parts) for parts in zip(*section_ms.values())]
    print(f"{args.file}: {len(brief_ms)} clusters (after one warm-up), ms per cluster, one core")
    print(f"  brief (summarize, insight=False)  mean {statistics.mean(brief_ms):7.2f}  median {statistics.median(brief_ms):7.2f}")
    for name, values in section_ms.items():
        print(f"  {name:<33} mean {statistics.mean(values):7.2f}  median {statistics.median(values):7.2f}")
    print(f"  all sections together             mean {statistics.mean(total):7.2f}  median {statistics.median(total):7.2f}"
          f"  ({statistics.mean(total) / statistics.mean(brief_ms):.2f} x the brief)")
    per_article = []
    for learned in (False, True):  # `newsbrief quotes` uses the cue model, key quotes do not
        start = time.perf_counter()
        for text in texts:
            modules["quotes"].extract_quotes(text, learned=learned)
        per_article.append((time.perf_counter() - start) * 1000 / max(1, len(texts)))
    print(f"  extract_quotes per article ({len(texts)}): patterns {per_article[0]:.2f} ms, "
          f"with the cue model {per_article[1]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
