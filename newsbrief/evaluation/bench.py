"""Speed and memory of the whole pipeline, peers side by side in one run (``newsbrief bench``,
whose command line and report are apps/bench.py).

What it measures (all on this machine, in this process unless said otherwise):

* per-cluster latency (median, p95, mean) of clean -> split -> select -> provenance -> render
  JSON, on multi_news_raw_dev100 and on the first 1,000 multi_news_validation clusters, for
  newsbrief and for sumy LexRank / TextRank fed the same cleaned articles. Systems run
  timed in blocks (each system over every cluster in a row, as a batch job runs) that take
  turns for ``--rounds`` rounds, so machine drift hits them alike; a cluster's time is its
  median over the rounds, and speed is reported as a ratio (peer time / our time). Every round
  newsbrief starts again from the same word table, so each timed story is new to it. The
  interleaved figure (cluster by cluster, every system after the others) is reported beside it;
* memory: the peak of Python + NumPy allocations during one call (``tracemalloc``, measured in
  a separate pass so it does not slow the timings), and the process's peak RSS
  (``ru_maxrss``) as an upper bound;
* a growth curve: clusters pooled from the DUC 2006/2007 sets (25 articles per DUC cluster) at
  2, 10, 50, 100 and 200 articles, time and memory at each size, and the exponents of a log-log
  least-squares fit (time ~ words^k);
* steady state: newsbrief keeps a table of the word forms it has seen (``text.vocabulary.TermTable``),
  as a long-running batch job or server does after a few hundred stories. Before the timed runs
  it summarizes ``--warmup`` other stories (real DUC 2006/2007 articles, five per story; never
  the timed clusters). The first-sight latency (an empty word table, every raw cluster once) is
  measured too and reported beside it, with its own LexRank ratio;
* ``newsbrief --help`` wall time (a fresh interpreter, median of 5);
* optionally (``--batch``) the wall time of ``newsbrief batch --workers 2`` over all of
  multi_news_validation.

The report compares against the targets of issue 4; it never asserts.
"""
from __future__ import annotations

import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Sequence

from ..inputs.clusters import read_clusters
from ..model import NewsbriefError

WORDS = 250  # the evaluation protocol's budget for Multi-News and DUC 2006/2007
WARMUP_STORIES = 200  # stories summarized before timing (the word table of a long-running process)
WARMUP_ARTICLES = 5  # articles per warm-up story
SIZES = (2, 10, 50, 100, 200)


# --------------------------------------------------------------------------- data

def default_data_dir() -> str:
    return os.environ.get("NEWSBRIEF_DATA") or os.path.join("..", "shared", "data", "mds")


def documents(path: Path, limit: int | None = None) -> list[list[str]]:
    """The document lists of the first ``limit`` clusters with any text."""
    if not path.exists():
        raise NewsbriefError(f"{path}: no such file (set --data or $NEWSBRIEF_DATA)")
    return [c["documents"] for c in read_clusters(path, references=False, limit=limit)[0]]




def pooled_documents(data: Path, needed: int) -> list[str]:
    """Real articles pooled from DUC 2006 then DUC 2007 main, in file order."""
    docs: list[str] = []
    for name in ("duc2006_test.jsonl.gz", "duc2007_main_test.jsonl.gz"):
        for cluster in documents(data / name):
            docs += [d for d in cluster if d.strip()]
            if len(docs) >= needed:
                return docs[:needed]
    if len(docs) < needed:
        raise NewsbriefError(f"{data}: only {len(docs)} DUC articles, {needed} needed")
    return docs


# --------------------------------------------------------------------------- measuring

def make_pipeline(summarizer: Any, words: int) -> Callable[[Sequence[str]], str]:
    """The whole product path for one cluster: clean -> split -> select -> support -> JSON.

    The JSON is the compact form that batch jobs and the web API produce.
    """
    from ..cleaning import clean_text
    from ..pipeline import summarize
    from ..render import render

    def run(documents: Sequence[str]) -> str:
        articles = [clean_text(d) for d in documents]
        return render(summarize(articles, words, summarizer), "json", compact=True)

    return run


def get_system(name: str) -> Any:
    """newsbrief as the pipeline makes it, or a peer of the registry."""
    if name == "newsbrief":
        from ..pipeline import default_summarizer

        return default_summarizer()
    from ..summarizers.registry import get_summarizer

    return get_summarizer(name)


def stage_breakdown(clusters: list[list[str]], summarizer: Any, words: int) -> dict[str, float]:
    """Median ms of each stage of our pipeline, to show where the time goes."""
    from ..attribution import find_support
    from ..cleaning import clean_text
    from ..pipeline import summarize
    from ..render import render
    from ..summarizers.base import reading_limit
    from ..text.sentences import split_sentences

    stages: dict[str, list[float]] = {k: [] for k in ("clean", "split", "select", "support", "render")}
    limit = reading_limit(getattr(summarizer, "article_words", None), words)
    for docs in clusters:
        t0 = time.perf_counter()
        articles = [clean_text(d) for d in docs]
        t1 = time.perf_counter()
        sentences = [split_sentences(a.text, i, limit) for i, a in enumerate(articles)]
        t2 = time.perf_counter()
        if not any(sentences):
            continue
        chosen = summarizer.select(sentences, words, strict=True)
        t3 = time.perf_counter()
        find_support(chosen, sentences, summarizer.vocabulary)
        t4 = time.perf_counter()
        brief = summarize(articles, words, summarizer)
        t5 = time.perf_counter()
        render(brief, "json", compact=True)
        t6 = time.perf_counter()
        for key, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t6 - t5)):
            stages[key].append(dt)
    return {k: 1000 * statistics.median(v) for k, v in stages.items() if v}


def first_sight(clusters: list[list[str]], run: Callable[[Sequence[str]], str],
                vocabulary: Any) -> dict[str, float]:
    """Our latency on stories whose words the process has never seen (an empty word table)."""
    vocabulary.reset()
    times = []
    for docs in clusters:
        try:
            times.append(timed(lambda: run(docs)))
        except NewsbriefError:
            continue
    vocabulary.reset()  # the timed runs start from the warm-up stories only
    return {"median_ms": 1000 * statistics.median(times), "mean_ms": 1000 * statistics.fmean(times)}


def warm_up(data: Path, stories: int, run: Callable[[Sequence[str]], str]) -> int:
    """Summarize ``stories`` stories of real DUC articles (never the timed clusters)."""
    if stories <= 0:
        return 0
    pool = pooled_documents(data, stories * WARMUP_ARTICLES)
    for i in range(0, len(pool), WARMUP_ARTICLES):
        run(pool[i:i + WARMUP_ARTICLES])
    return stories


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_alloc_mb(fn: Callable[[], Any]) -> float:
    """Peak Python + NumPy allocations (MB) while ``fn`` runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def percentile(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _block(clusters: list[list[str]], fn: Callable) -> tuple[list[float | None], list[float]]:
    """Wall and CPU seconds of ``fn`` on every cluster, in a row (None: the cluster failed)."""
    wall: list[float | None] = []
    cpu: list[float] = []
    for docs in clusters:
        c0 = time.process_time()
        try:
            wall.append(timed(lambda: fn(docs)))
        except NewsbriefError:
            wall.append(None)
            continue
        cpu.append(time.process_time() - c0)
    return wall, cpu


def bench_dataset(clusters: list[list[str]], systems: dict[str, Callable], progress: bool,
                  label: str, stages: Callable[[list[list[str]]], dict[str, float]],
                  vocabulary: Any, rounds: int = 3) -> dict[str, Any]:
    """Latency of every system on every cluster, memory of ours, and ratios.

    Each system summarizes all clusters in a row (a block), as a batch job or a server does; the
    blocks take turns for ``rounds`` rounds, the order rotated each round, so a slow drift of
    the machine hits every system alike, and a cluster's time is its median over the rounds.
    Before each of its blocks newsbrief gets back the word table it had before the first one
    (``vocabulary.snapshot``), so every timed story is met for the first time, new words and all.
    Beside it, the interleaved figure: each system right after the others on the same cluster,
    so every run starts with the caches the other systems left (one round).
    """
    from tqdm import tqdm

    table = vocabulary.snapshot()
    names = list(systems)
    per_round: dict[str, list[list[float | None]]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    bar = tqdm(total=rounds * len(names), desc=label, file=sys.stderr, leave=False,
               disable=None if progress else True)  # None: only on a terminal
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            if name == "newsbrief":
                vocabulary.restore(table)
            wall, c = _block(clusters, systems[name])
            per_round[name].append(wall)
            cpu[name] += c
            bar.update()
    bar.close()
    vocabulary.restore(table)
    interleaved: dict[str, list[float]] = {name: [] for name in names}
    for docs in clusters:
        for name in names:
            try:
                interleaved[name].append(timed(lambda: systems[name](docs)))
            except NewsbriefError:
                continue
    ours = systems["newsbrief"]
    mem = [peak_alloc_mb(lambda d=d: ours(d)) for d in clusters[: min(len(clusters), 50)]]
    result: dict[str, Any] = {"clusters": len(clusters), "rounds": rounds, "systems": {},
                              "ratios": {}, "interleaved_median_ms": {}}
    for name in names:
        runs = list(zip(*per_round[name]))  # per cluster: its time in every round
        ts = [statistics.median(t) for t in runs if None not in t]
        result["systems"][name] = {
            "median_ms": 1000 * statistics.median(ts) if ts else None,
            "p95_ms": 1000 * percentile(ts, 0.95) if ts else None,
            "mean_ms": 1000 * statistics.fmean(ts) if ts else None,
            "cpu_median_ms": 1000 * statistics.median(cpu[name]) if cpu[name] else None,
            "total_s": sum(ts),
            "errors": sum(None in t for t in runs),
        }
        inter = interleaved[name]
        result["interleaved_median_ms"][name] = 1000 * statistics.median(inter) if inter else None
    ours_t = result["systems"]["newsbrief"]
    for name in names:
        peer = result["systems"][name]
        if name != "newsbrief" and ours_t["median_ms"] and peer["median_ms"]:
            inter_ours, inter_peer = (result["interleaved_median_ms"][k] for k in ("newsbrief", name))
            result["ratios"][name] = {
                "median": peer["median_ms"] / ours_t["median_ms"],
                "cpu_median": peer["cpu_median_ms"] / ours_t["cpu_median_ms"],
                "total": peer["total_s"] / ours_t["total_s"],
                "interleaved_median": inter_peer / inter_ours if inter_ours and inter_peer else None,
            }
    result["newsbrief_peak_alloc_mb"] = {"median": statistics.median(mem), "max": max(mem)}
    result["newsbrief_stages_median_ms"] = stages(clusters)
    return result


def fit_exponent(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Slope of the least-squares line through (log x, log y): y ~ x^slope."""
    import numpy as np

    pts = [(x, y) for x, y in zip(xs, ys) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    lx, ly = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return float(np.polyfit(lx, ly, 1)[0])


def bench_growth(data: Path, sizes: Sequence[int], words: int) -> dict[str, Any]:
    """Time and memory of one pooled cluster at each size, and the fitted growth exponents."""
    pool = pooled_documents(data, max(sizes))
    run = make_pipeline(get_system("newsbrief"), words)
    points = []
    for n in sizes:
        docs = pool[:n]
        repeats = 5 if n <= 50 else 3
        seconds = statistics.median(timed(lambda: run(docs)) for _ in range(repeats))
        points.append({"articles": n, "words": sum(len(d.split()) for d in docs),
                       "seconds": seconds, "peak_mb": peak_alloc_mb(lambda: run(docs))})
    return {
        "points": points,
        "exponent_words": fit_exponent([p["words"] for p in points], [p["seconds"] for p in points]),
        "memory_exponent_words": fit_exponent([p["words"] for p in points],
                                              [p["peak_mb"] for p in points]),
        "source": "duc2006_test + duc2007_main_test, pooled in file order",
    }


def _child_env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[1])
    return dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH")) if p))


def bench_help(runs: int) -> float:
    """Median wall time of ``newsbrief --help`` in a fresh interpreter."""
    cmd = [sys.executable, "-m", "newsbrief", "--help"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=_child_env(), stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_batch(path: Path, workers: int) -> dict[str, Any]:
    """Wall time of ``newsbrief batch --workers N`` over a whole file (a fresh process)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [sys.executable, "-m", "newsbrief", "batch", str(path), "-o", str(out),
               "--workers", str(workers), "--no-progress"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=_child_env(), capture_output=True, text=True)
        seconds = time.perf_counter() - start
        rows = [json.loads(line) for line in out.open(encoding="utf-8")] if out.exists() else []
    report = [line for line in proc.stderr.splitlines() if line.startswith("newsbrief batch")]
    return {"file": path.name, "workers": workers, "seconds": seconds, "clusters": len(rows),
            "errors": sum("error" in r for r in rows), "exit_code": proc.returncode,
            "report": report[-1] if report else proc.stderr.strip()[-300:]}


# --------------------------------------------------------------------------- report

def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": ram_gb,
            "python": platform.python_version(), "platform": platform.platform()}


