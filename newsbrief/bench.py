"""``newsbrief bench``: speed and memory of the whole pipeline, peers side by side in one run.

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
* steady state: newsbrief keeps a table of the word forms it has seen (``features.TermTable``),
  as a long-running batch job or server does after a few hundred stories. Before the timed runs
  it summarizes ``--warmup`` other stories (real DUC 2006/2007 articles, five per story; never
  the timed clusters). The first-sight latency (an empty word table, every raw cluster once) is
  measured too and reported beside it, with its own LexRank ratio;
* ``newsbrief --help`` wall time (a fresh interpreter, median of 5);
* optionally (``--batch``) the wall time of ``newsbrief batch --workers 2`` over all of
  multi_news_validation.

It reports PASS/FAIL against the targets of issue 4; it never asserts.
"""
from __future__ import annotations

import argparse
import gc
import gzip
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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from .model import NewsbriefError

WORDS = 250  # the evaluation protocol's budget for Multi-News and DUC 2006/2007
WARMUP_STORIES = 200  # stories summarized before timing (the word table of a long-running process)
WARMUP_ARTICLES = 5  # articles per warm-up story
SIZES = (2, 10, 50, 100, 200)
TARGETS = {
    "median_raw_ms": 10.0,      # median per raw Multi-News cluster, in-process
    "lexrank_speedup": 15.0,    # LexRank median / ours, same clusters, same run
    "growth_200_seconds": 2.0,  # one 200-article cluster
    "growth_200_mb": 1024.0,
    "help_seconds": 0.3,
    "batch_seconds": 60.0,      # all of multi_news_validation, --workers 2
}


# --------------------------------------------------------------------------- data

def default_data_dir() -> str:
    return os.environ.get("NEWSBRIEF_DATA") or os.path.join("..", "shared", "data", "mds")


def read_clusters(path: Path, limit: int | None = None) -> list[list[str]]:
    """The document lists of the first ``limit`` clusters with any text."""
    if not path.exists():
        raise NewsbriefError(f"{path}: no such file (set --data or $NEWSBRIEF_DATA)")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            docs = [d for d in json.loads(line).get("documents", []) if isinstance(d, str)]
            if any(d.strip() for d in docs):
                out.append(docs)
                if limit is not None and len(out) >= limit:
                    break
    return out


def pooled_documents(data: Path, needed: int) -> list[str]:
    """Real articles pooled from DUC 2006 then DUC 2007 main, in file order."""
    docs: list[str] = []
    for name in ("duc2006_test.jsonl.gz", "duc2007_main_test.jsonl.gz"):
        for cluster in read_clusters(data / name):
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
    from .clean import clean_text
    from .pipeline import summarize
    from .render import render

    def run(documents: Sequence[str]) -> str:
        articles = [clean_text(d) for d in documents]
        return render(summarize(articles, words, summarizer), "json", compact=True)

    return run


def get_system(name: str) -> Any:
    if name == "newsbrief":
        from .pipeline import default_summarizer

        return default_summarizer()
    try:
        from .peers import get_summarizer
    except ImportError as exc:
        raise NewsbriefError(f'peer {name} needs the eval extra (pip install "newsbrief[eval]"): '
                             f"{exc}") from None
    return get_summarizer(name)


def stage_breakdown(clusters: list[list[str]], summarizer: Any, words: int) -> dict[str, float]:
    """Median ms of each stage of our pipeline, to show where the time goes."""
    from .clean import clean_text
    from .provenance import find_support
    from .render import render
    from .pipeline import summarize
    from .sentences import split_sentences
    from .summarizer import reading_limit

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
        find_support(chosen, sentences)
        t4 = time.perf_counter()
        brief = summarize(articles, words, summarizer)
        t5 = time.perf_counter()
        render(brief, "json", compact=True)
        t6 = time.perf_counter()
        for key, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t6 - t5)):
            stages[key].append(dt)
    return {k: 1000 * statistics.median(v) for k, v in stages.items() if v}


def first_sight(clusters: list[list[str]], run: Callable[[Sequence[str]], str]) -> dict[str, float]:
    """Our latency on stories whose words the process has never seen (an empty word table)."""
    from .features import reset_term_table

    reset_term_table()
    times = []
    for docs in clusters:
        try:
            times.append(timed(lambda: run(docs)))
        except NewsbriefError:
            continue
    reset_term_table()  # the timed runs start from the warm-up stories only
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
                  rounds: int = 3) -> dict[str, Any]:
    """Latency of every system on every cluster, memory of ours, and ratios.

    Each system summarizes all clusters in a row (a block), as a batch job or a server does; the
    blocks take turns for ``rounds`` rounds, the order rotated each round, so a slow drift of
    the machine hits every system alike, and a cluster's time is its median over the rounds.
    Before each of its blocks newsbrief gets back the word table it had before the first one
    (``features.TermTable``), so every timed story is met for the first time, new words and all.
    Beside it, the interleaved figure: each system right after the others on the same cluster,
    so every run starts with the caches the other systems left (one round).
    """
    from tqdm import tqdm

    from .features import save_term_table, use_term_table

    table = save_term_table()
    names = list(systems)
    per_round: dict[str, list[list[float | None]]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    bar = tqdm(total=rounds * len(names), desc=label, file=sys.stderr, leave=False,
               disable=None if progress else True)  # None: only on a terminal
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            if name == "newsbrief":
                use_term_table(table)
            wall, c = _block(clusters, systems[name])
            per_round[name].append(wall)
            cpu[name] += c
            bar.update()
    bar.close()
    use_term_table(table)
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
    cmd = [sys.executable, "-m", "newsbrief.cli", "--help"]
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
        cmd = [sys.executable, "-m", "newsbrief.cli", "batch", str(path), "-o", str(out),
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


def _target(name: str, value: float | None, limit: float, higher_is_better: bool = False,
            what: str = "") -> dict[str, Any]:
    if value is None:
        status = "n/a"
    else:
        status = "PASS" if (value >= limit if higher_is_better else value <= limit) else "FAIL"
    return {"name": name, "what": what, "value": value, "target": limit,
            "direction": ">=" if higher_is_better else "<=", "status": status}


def evaluate_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    raw = report["datasets"].get("multi_news_raw_dev100", {})
    ours = raw.get("systems", {}).get("newsbrief", {})
    lex = raw.get("ratios", {}).get("lexrank", {})
    points = {p["articles"]: p for p in report.get("growth", {}).get("points", [])}
    p200 = points.get(200, {})
    batch = report.get("batch")
    batch_s = batch["seconds"] if batch and batch.get("exit_code") == 0 else None
    batch_what = "batch --workers 2, all of multi_news_validation, wall s"
    if batch and batch["clusters"] and batch["errors"] > 0.01 * batch["clusters"]:
        batch_s = None  # a fast run of failures proves nothing
        batch_what += f" (not counted: {batch['errors']} clusters failed)"
    return [
        _target("median_raw_ms", ours.get("median_ms"), TARGETS["median_raw_ms"],
                what="median ms per raw Multi-News cluster"),
        _target("lexrank_speedup", lex.get("median"), TARGETS["lexrank_speedup"], True,
                what="LexRank median / newsbrief median (raw)"),
        _target("growth_200_seconds", p200.get("seconds"), TARGETS["growth_200_seconds"],
                what="one 200-article cluster, s"),
        _target("growth_200_mb", max(p200["peak_mb"], report["peak_rss_mb"]) if p200 else None,
                TARGETS["growth_200_mb"],
                what="200-article cluster, MB (max of tracemalloc peak and process peak RSS)"),
        _target("help_seconds", report.get("help_seconds"), TARGETS["help_seconds"],
                what="newsbrief --help wall, s"),
        _target("batch_seconds", batch_s, TARGETS["batch_seconds"],
                what=batch_what),
    ]


def _f(x: float | None, fmt: str = "{:.1f}") -> str:
    return "–" if x is None else fmt.format(x)


def to_markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"### Speed and memory ({report['date']})",
        "",
        f"Command: `{report['command']}`  ",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}. "
        f"Budget {report['words']} words. Memory: {report['memory_method']}.",
        "",
        "| data set | clusters | system | median ms | p95 ms | mean ms | CPU median ms | peer / ours (median) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, ds in report["datasets"].items():
        for system, s in ds["systems"].items():
            ratio = ds["ratios"].get(system, {}).get("median")
            lines.append(f"| {name} | {ds['clusters']} | {system} | {_f(s['median_ms'], '{:.2f}')} | "
                         f"{_f(s['p95_ms'], '{:.2f}')} | {_f(s['mean_ms'], '{:.2f}')} | "
                         f"{_f(s['cpu_median_ms'], '{:.2f}')} | "
                         f"{_f(ratio, '{:.1f}×') if ratio else '1×'} |")
    lines += ["", _first_sight_line(report), "", _interleaved_line(report), ""]
    lines += ["Peak allocations of one newsbrief call (tracemalloc, first 50 clusters): " + ", ".join(
        f"{name} median {ds['newsbrief_peak_alloc_mb']['median']:.1f} MB, "
        f"max {ds['newsbrief_peak_alloc_mb']['max']:.1f} MB"
        for name, ds in report["datasets"].items()) + f". Process peak RSS {report['peak_rss_mb']:.0f} MB.",
        ""]
    lines += ["Where our time goes (median ms per cluster): " + "; ".join(
        f"{name}: " + ", ".join(f"{k} {v:.2f}" for k, v in ds["newsbrief_stages_median_ms"].items())
        for name, ds in report["datasets"].items()) + ".", ""]
    g = report.get("growth")
    if g:
        lines += [f"Growth ({g['source']}):", "",
                  "| articles | words | seconds | peak MB (tracemalloc) |", "|---|---|---|---|"]
        lines += [f"| {p['articles']} | {p['words']:,} | {p['seconds']:.3f} | {p['peak_mb']:.1f} |"
                  for p in g["points"]]
        lines += ["", f"Fitted growth: time ∝ words^{_f(g['exponent_words'], '{:.2f}')}, "
                  f"memory ∝ words^{_f(g['memory_exponent_words'], '{:.2f}')} (log-log least squares).",
                  ""]
    lines.append(f"`newsbrief --help`: {report['help_seconds']:.3f} s (median of {report['help_runs']}).")
    b = report.get("batch")
    if b:
        lines.append(f"`newsbrief batch --workers {b['workers']}` on {b['file']} ({b['clusters']:,} "
                     f"clusters, {b['errors']} error lines): {b['seconds']:.1f} s wall.")
    lines += ["", "| target | value | goal | result |", "|---|---|---|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['what']} | {_f(t['value'], '{:.3g}')} | {t['direction']} {t['target']:g} | "
                     f"{t['status']} |")
    return "\n".join(lines)


def _first_sight_line(report: dict[str, Any]) -> str:
    c = report["first_sight"]
    ratio = f" (LexRank median / this: {c['lexrank_ratio']:.1f}×)" if c.get("lexrank_ratio") else ""
    return (f"Timed after newsbrief summarized {report['warmup_stories']} other stories (DUC "
            f"articles, {WARMUP_ARTICLES} per story), as a long-running process has. First sight "
            f"(empty word table, each raw cluster once): median {c['median_ms']:.2f} ms, mean "
            f"{c['mean_ms']:.2f} ms{ratio}.")


def _interleaved_line(report: dict[str, Any]) -> str:
    """The interleaved medians (each system right after the others on the same cluster)."""
    parts = []
    for name, ds in report["datasets"].items():
        inter = ds.get("interleaved_median_ms", {})
        ratio = ds["ratios"].get("lexrank", {}).get("interleaved_median")
        if inter.get("newsbrief"):
            parts.append(f"{name} newsbrief {inter['newsbrief']:.2f} ms"
                         + (f", LexRank {inter['lexrank']:.2f} ms ({ratio:.1f}×)" if ratio else ""))
    return ("Interleaved instead of in blocks (each system right after the others on the same "
            "cluster, so it starts with the caches they left; one round): " + "; ".join(parts)
            + ".") if parts else ""


def to_text(report: dict[str, Any]) -> str:
    out = [_first_sight_line(report), _interleaved_line(report)]
    for name, ds in report["datasets"].items():
        out.append(f"{name} ({ds['clusters']} clusters, {report['words']} words)")
        for system, s in ds["systems"].items():
            ratio = ds["ratios"].get(system, {}).get("median")
            out.append(f"  {system:<10} median {_f(s['median_ms'], '{:8.2f}')} ms  p95 "
                       f"{_f(s['p95_ms'], '{:8.2f}')} ms  cpu median {_f(s['cpu_median_ms'], '{:8.2f}')} ms"
                       + (f"  {ratio:6.1f}x ours" if ratio else ""))
        mem = ds["newsbrief_peak_alloc_mb"]
        out.append(f"  newsbrief peak allocations: median {mem['median']:.1f} MB, max {mem['max']:.1f} MB")
        out.append("  newsbrief stages (median ms): " + ", ".join(
            f"{k} {v:.2f}" for k, v in ds["newsbrief_stages_median_ms"].items()))
    g = report.get("growth")
    if g:
        out.append("growth (pooled DUC articles)")
        for p in g["points"]:
            out.append(f"  {p['articles']:>4} articles {p['words']:>7,} words  {p['seconds']:8.3f} s "
                       f"{p['peak_mb']:8.1f} MB")
        out.append(f"  time ~ words^{_f(g['exponent_words'], '{:.2f}')}, memory ~ words^"
                   f"{_f(g['memory_exponent_words'], '{:.2f}')}")
    out.append(f"newsbrief --help: {report['help_seconds']:.3f} s; process peak RSS "
               f"{report['peak_rss_mb']:.0f} MB")
    if report.get("batch"):
        b = report["batch"]
        out.append(f"batch --workers {b['workers']}: {b['seconds']:.1f} s for {b['clusters']} clusters "
                   f"({b['errors']} error lines)")
    out.append("targets")
    for t in report["targets"]:
        out.append(f"  {t['status']:<4} {t['what']}: {_f(t['value'], '{:.3g}')} "
                   f"(target {t['direction']} {t['target']:g})")
    return "\n".join(out)


# --------------------------------------------------------------------------- command

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=None, metavar="DIR",
                        help="the mds data folder (default $NEWSBRIEF_DATA or ../shared/data/mds)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="clusters per data set (default: all 100 raw, 1,000 validation)")
    parser.add_argument("--words", type=int, default=WORDS, help=f"word budget (default {WORDS})")
    parser.add_argument("--peers", default="lexrank,textrank",
                        help="peers timed side by side (default lexrank,textrank; '' for none)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="growth curve sizes in articles (default 2,10,50,100,200; '' to skip)")
    parser.add_argument("--warmup", type=int, default=WARMUP_STORIES, metavar="N",
                        help=f"stories of DUC articles newsbrief summarizes before timing, as a "
                             f"long-running process would have (default {WARMUP_STORIES}; 0: "
                             f"time from an empty word table)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of timed blocks per system (default 3; each cluster's time "
                             "is its median over the rounds)")
    parser.add_argument("--help-runs", type=int, default=5, help="runs of `newsbrief --help` (median)")
    parser.add_argument("--batch", action="store_true",
                        help="also time `newsbrief batch --workers 2` on all of multi_news_validation")
    parser.add_argument("--workers", type=int, default=2, help="workers for --batch (default 2)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the report as JSON")
    out.add_argument("--markdown", action="store_true",
                     help="print a Markdown section for docs/benchmarks.md")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")


def _int_list(text: str, option: str) -> list[int]:
    try:
        values = [int(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise NewsbriefError(f"{option}: expected comma-separated numbers, not {text!r}") from None
    if any(v < 1 for v in values):
        raise NewsbriefError(f"{option}: sizes must be positive")
    return values


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this report (options that differ from the defaults)."""
    defaults = vars(_parser().parse_args([]))
    parts = ["newsbrief bench"]
    for key, value in vars(args).items():
        if key in defaults and value != defaults[key] and key not in ("json", "markdown", "no_progress"):
            flag = "--" + key.replace("_", "-")
            parts.append(flag if value is True else f"{flag} {value}")
    return " ".join(parts)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbrief bench")
    add_arguments(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    data = Path(args.data or default_data_dir())
    if not data.is_dir():
        raise NewsbriefError(f"{data}: data folder not found (set --data or $NEWSBRIEF_DATA)")
    if args.rounds < 1:
        raise NewsbriefError(f"--rounds must be at least 1, not {args.rounds}")
    if args.limit is not None and args.limit < 1:
        raise NewsbriefError(f"--limit must be at least 1, not {args.limit}")
    peers = [p.strip().lower() for p in args.peers.split(",") if p.strip()]
    sizes = _int_list(args.sizes, "--sizes")
    progress = not args.no_progress

    ours = get_system("newsbrief")
    systems = {"newsbrief": make_pipeline(ours, args.words)}
    for name in peers:
        systems[name] = make_pipeline(get_system(name), args.words)
    sets = {"multi_news_raw_dev100": args.limit or 100, "multi_news_validation": args.limit or 1000}
    loaded = {name: read_clusters(data / f"{name}.jsonl.gz", n) for name, n in sets.items()}
    for fn in systems.values():  # warm up: load models, fill caches, import lazily
        fn(loaded["multi_news_raw_dev100"][0])
    cold = first_sight(loaded["multi_news_raw_dev100"], systems["newsbrief"])
    warmup = warm_up(data, args.warmup, systems["newsbrief"])

    rss_before = maxrss_mb()
    report: dict[str, Any] = {
        "command": command_line(args),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "words": args.words,
        "memory_method": "tracemalloc peak of one call (Python + NumPy allocations); "
                         "peak_rss_mb = process ru_maxrss (upper bound, includes the interpreter "
                         "and every loaded library)",
        "datasets": {},
    }
    for name, clusters in loaded.items():
        report["datasets"][name] = bench_dataset(
            clusters, systems, progress, name, lambda c: stage_breakdown(c, ours, args.words),
            rounds=args.rounds)
    if sizes:
        report["growth"] = bench_growth(data, sizes, args.words)
    raw = report["datasets"]["multi_news_raw_dev100"]
    lex = raw["systems"].get("lexrank", {}).get("median_ms")
    report["first_sight"] = dict(cold, lexrank_ratio=lex / cold["median_ms"] if lex else None)
    report["warmup_stories"] = warmup
    report["rss_before_mb"] = rss_before
    report["peak_rss_mb"] = maxrss_mb()
    report["help_runs"] = args.help_runs
    report["help_seconds"] = bench_help(max(1, args.help_runs))
    if args.batch:
        report["batch"] = bench_batch(data / "multi_news_validation.jsonl.gz", args.workers)
    report["targets"] = evaluate_targets(report)

    if args.json:
        print(json.dumps(report, indent=2))
    elif args.markdown:
        print(to_markdown(report))
    else:
        print(to_text(report))
    return 0
