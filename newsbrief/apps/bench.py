"""``newsbrief bench``: speed and memory against the peers; the measuring is evaluation/bench.py.
This module holds the targets of issue 4, the report (text, Markdown, JSON) and the command line."""
from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..evaluation.bench import (SIZES, WARMUP_ARTICLES, WARMUP_STORIES, WORDS, bench_batch, bench_dataset, bench_growth,
                                bench_help, default_data_dir, documents, first_sight, get_system,
                                machine, make_pipeline, maxrss_mb, stage_breakdown, warm_up)
from ..model import NewsbriefError

TARGETS = {
    "median_raw_ms": 10.0,      # median per raw Multi-News cluster, in-process
    "lexrank_speedup": 15.0,    # LexRank median / ours, same clusters, same run
    "growth_200_seconds": 2.0,  # one 200-article cluster
    "growth_200_mb": 1024.0,
    "help_seconds": 0.3,
    "batch_seconds": 60.0,      # all of multi_news_validation, --workers 2
}



def _target(name: str, value: float | None, limit: float, higher_is_better: bool = False,
            what: str = "") -> dict[str, Any]:
    """A measured figure beside its target; no verdict: a benchmark reports, the reader judges."""
    return {"name": name, "what": what, "value": value, "target": limit,
            "direction": ">=" if higher_is_better else "<="}


def target_lines(report: dict[str, Any], markdown: bool = False) -> list[str]:
    """The measured figures and the targets side by side."""
    if markdown:
        return ["| measure | measured | target |", "|---|---|---|"] + [
            f"| {t['what']} | {_f(t['value'], '{:.3g}')} | {t['direction']} {t['target']:g} |"
            for t in report["targets"]]
    return ["measured (target)"] + [
        f"  {t['what']}: {_f(t['value'], '{:.3g}')} (target {t['direction']} {t['target']:g})"
        for t in report["targets"]]


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
    lines += [""] + target_lines(report, markdown=True)
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
    out += target_lines(report)
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
    loaded = {name: documents(data / f"{name}.jsonl.gz", n) for name, n in sets.items()}
    for fn in systems.values():  # warm up: load models, fill caches, import lazily
        fn(loaded["multi_news_raw_dev100"][0])
    cold = first_sight(loaded["multi_news_raw_dev100"], systems["newsbrief"], ours.vocabulary)
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
            ours.vocabulary, rounds=args.rounds)
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