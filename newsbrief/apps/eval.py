"""``newsbrief eval``: ROUGE against human references, every peer side by side (GUIDE §3).
Argument parsing and the report; the protocol itself is evaluation/evaluate.py."""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import shlex
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from ..evaluation.evaluate import DEFAULT_SYSTEMS, evaluate, parse_systems
from ..evaluation.rouge import EXTRA_HINT, ROUGE_TYPES, default_words, make_scorer
from ..inputs.clusters import read_clusters
from ..model import NewsbriefError

WHOLE_MODE = "whole sentences within the budget"
FILL_MODE = "filled: one sentence past the budget, cut mid-sentence (--fill)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DATA.jsonl.gz",
                        help="clusters: gzip JSONL with id, documents, summary | summaries")
    parser.add_argument("--words", type=int, default=None,
                        help="word budget (default: the GUIDE's budget for the data set, else 250)")
    parser.add_argument("--systems", default=None,
                        help="comma-separated systems, or 'all' (default: "
                        + ",".join(DEFAULT_SYSTEMS) + ")")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--sample", type=int, default=None,
                        help="a random sample of N clusters (reproducible with --seed)")
    parser.add_argument("--seed", type=int, default=0, help="seed for --sample (default: 0)")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes to use (default: 1; 0 = one per CPU)")
    parser.add_argument("--no-clean", action="store_true",
                        help="skip the product's text cleaning (every system reads the raw text)")
    parser.add_argument("--peers-clean", action="store_true",
                        help="give the peers and the oracle newsbrief's cleaned text too (default: they "
                             "read the raw documents, as their users would give them)")
    parser.add_argument("--fill", action="store_true",
                        help="every system takes one sentence past the budget and the cut ends it "
                             "mid-sentence (default: whole sentences within the budget, as briefs "
                             "are written)")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table in Markdown (for docs/benchmarks.md)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument("--show", action="store_true",
                        help="also print every brief sentence the readability audit flags, and why")
    parser.add_argument("--per-cluster", metavar="OUT.jsonl", default=None,
                        help="also write every cluster's scores per system, one JSON line each")


def format_table(report: dict[str, Any]) -> str:
    """The results as a plain-text table, with the command and the date."""
    lines = [
        f"command: {report['command']}",
        f"date: {report['date']}",
        f"data: {report['data']} (dataset {report['dataset']}; {report['clusters']} clusters, "
        f"{report['skipped']} skipped); budget {report['words']} words ({report['budget_mode']}); "
        f"cleaning {report['cleaning']}; "
        f"workers {report['workers']}; wall {report['wall_seconds']:.1f} s",
    ]
    lines += [f"note: {n}" for n in report["notes"]]
    header = f"{'system':<24} {'R1':>6} {'R2':>6} {'RL':>6} {'RLsum':>6} {'sec/cluster':>12} {'clusters':>9}"
    lines += ["", header, "-" * len(header)]
    for name, r in report["results"].items():
        err = f"  ({r['errors']} errors, first: {r['first_error']})" if r["errors"] else ""
        lines.append(f"{name:<24} {r['rouge1']:>6.2f} {r['rouge2']:>6.2f} {r['rougeL']:>6.2f} "
                     f"{r['rougeLsum']:>6.2f} {r['sec_per_cluster']:>12.4f} {r['clusters']:>9}{err}")
    lines.append("")
    lines.append("ROUGE F1 x100 (rouge-score, stemmed; Lsum one sentence per line); "
                 "sec/cluster = the summarizer's select() only")
    header = (f"{'system':<24} {'defective%':>10} {'dangling':>8} {'orphan':>7} {'voice':>6} "
              f"{'fragment':>8} {'teaser':>7} {'clean%':>7} {'lede%':>6} {'sentences':>9}")
    lines += ["", "Readability (GUIDE §1 reader defects; % of brief sentences, clean and lede-first "
              "% of briefs)", header, "-" * len(header)]
    for name, r in report["results"].items():
        a = r["readability"]
        lines.append(f"{name:<24} {a['defective_pct']:>10.1f} {a['dangling_pct']:>8.1f} "
                     f"{a['orphan_quote_pct']:>7.1f} {a['writer_voice_pct']:>6.1f} "
                     f"{a['fragment_pct']:>8.1f} {a['teaser_pct']:>7.1f} {a['clean_pct']:>7.1f} "
                     f"{a['lede_first_pct']:>6.1f} {a['sentences']:>9}")
    for name, r in report["results"].items():
        if r.get("flags"):
            lines += ["", f"Flagged sentences of {name} (--show):"] + r["flags"]
    return "\n".join(lines)


def format_markdown(report: dict[str, Any]) -> str:
    """The results as a Markdown table; the best score among newsbrief and the peers is in bold
    (the oracle and the ablations ``newsbrief-*`` are not competitors)."""
    results = report["results"]
    rivals = [n for n in results if n != "oracle" and not n.startswith("newsbrief-")]
    best = {k: max((results[n][k] for n in rivals), default=None) for k in ROUGE_TYPES}
    lines = [f"    {report['command']}", "",
             f"{report['clusters']} clusters, budget {report['words']} words "
             f"({report['budget_mode']}), {report['date']}.", "",
             "| system | R1 | R2 | RL | RLsum | sec/cluster |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        cells = [f"**{r[k]:.2f}**" if r[k] == best[k] and name in rivals else f"{r[k]:.2f}"
                 for k in ROUGE_TYPES]
        label = "oracle (ceiling)" if name == "oracle" else name
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        lines.append(f"| {label}{errors} | " + " | ".join(cells) + f" | {r['sec_per_cluster']:.4f} |")
    lines += ["", "| system | defective % | dangling | orphan quote | writer's voice | fragment | teaser "
              "| clean briefs % | lede first % |", "|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        a = r["readability"]
        lines.append(f"| {name} | {a['defective_pct']:.1f} | {a['dangling_pct']:.1f} | "
                     f"{a['orphan_quote_pct']:.1f} | {a['writer_voice_pct']:.1f} | {a['fragment_pct']:.1f} | "
                     f"{a['teaser_pct']:.1f} | {a['clean_pct']:.1f} | {a['lede_first_pct']:.1f} |")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    systems = parse_systems(args.systems) if args.systems is not None else list(DEFAULT_SYSTEMS)
    notes: list[str] = []
    for flag in ("limit", "sample"):
        v = getattr(args, flag)
        if v is not None and v < 1:
            raise NewsbriefError(f"--{flag}: must be a positive number, not {v}")
    if args.words is not None and args.words < 1:
        raise NewsbriefError(f"--words: must be a positive number of words, not {args.words}")
    make_scorer()  # fail early, in one line, when the extra is missing
    if any(s in systems for s in ("lexrank", "textrank", "lsa", "luhn", "sumbasic")):
        try:
            import sumy  # noqa: F401
        except ImportError as exc:
            raise NewsbriefError(f"sumy is not installed: {EXTRA_HINT}") from exc

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clusters, skipped = read_clusters(args.data)
    for w in caught[:5]:
        print(f"newsbrief eval: warning: {w.message}", file=sys.stderr)
    if not clusters:
        raise NewsbriefError(f"{args.data}: no cluster with documents and a reference")
    dataset = clusters[0].get("dataset") or Path(args.data).name.split(".")[0]
    words = args.words or default_words(str(dataset))
    if args.sample is not None and args.sample < len(clusters):
        picked = sorted(random.Random(args.seed).sample(range(len(clusters)), args.sample))
        clusters = [clusters[i] for i in picked]
    if args.limit is not None:
        clusters = clusters[:args.limit]
    workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
    cleaning = "off (--no-clean): every system reads the raw documents" if args.no_clean else (
        "the pipeline's for newsbrief (cleaned, copies merged, other stories left out); peers and oracle read "
        + ("the same cleaned text" if args.peers_clean else "the raw documents"))

    out_fh = None
    if args.per_cluster:  # open it now: a bad path must not cost a long run
        try:
            out_fh = open(args.per_cluster, "w", encoding="utf-8")
        except OSError as exc:
            raise NewsbriefError(f"--per-cluster {args.per_cluster}: cannot write it ({exc.strerror})") from exc
    start = time.perf_counter()
    rows: list[dict[str, Any]] | None = [] if out_fh else None
    try:
        results = evaluate(clusters, systems, words, clean=not args.no_clean,
                           peers_clean=args.peers_clean, workers=workers,
                           progress=not args.no_progress, per_cluster=rows, fill=args.fill,
                           show=args.show)
    finally:
        if out_fh:
            with out_fh:
                for row in rows or []:
                    out_fh.write(json.dumps(row) + "\n")
    report = {
        "command": "newsbrief eval " + " ".join(shlex.quote(a) for a in _argv_for(args)),
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "data": str(args.data),
        "dataset": dataset,
        "words": words,
        "budget_mode": FILL_MODE if args.fill else WHOLE_MODE,
        "clusters": len(clusters),
        "skipped": skipped,
        "cleaning": cleaning,
        "workers": workers,
        "wall_seconds": round(time.perf_counter() - start, 2),
        "notes": notes,
        "results": results,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    elif args.markdown:
        print(format_markdown(report))
    else:
        print(format_table(report))
    return 0


def _argv_for(args: argparse.Namespace) -> list[str]:
    """The options that were in effect, as a reproducible command line."""
    out = [str(args.data)]
    if args.words is not None:
        out += ["--words", str(args.words)]
    out += ["--systems", args.systems or ",".join(DEFAULT_SYSTEMS)]
    if args.sample is not None:
        out += ["--sample", str(args.sample), "--seed", str(args.seed)]
    if args.limit is not None:
        out += ["--limit", str(args.limit)]
    if args.workers != 1:
        out += ["--workers", str(args.workers)]
    if args.no_clean:
        out.append("--no-clean")
    if args.peers_clean:
        out.append("--peers-clean")
    if args.fill:
        out.append("--fill")
    return out
