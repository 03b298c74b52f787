"""``newsbrief eval``: ROUGE against human references, every peer side by side (GUIDE §3).

Protocol, the same for every system:

    documents -> clean_text (unless --no-clean) -> split_sentences -> system.select(docs, N,
    strict=True) -> one sentence per line -> cut at N whitespace words -> rouge-score
    RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True), F1 x 100.

``strict=True`` is how the product writes a brief: whole sentences within the budget (each
system fills what is left with the best sentences that still fit). With ``--fill`` every
system instead takes one sentence past the budget, which the cut then ends mid-sentence (the
protocol of the tables before 2026-11-30).

The reference is split into sentences with the same splitter, one per line, so rougeLsum sees
sentences on both sides; with several references the per-reference scores are averaged.
Seconds per cluster time the ``select`` call only (cleaning, splitting and scoring are shared
and excluded). rouge-score and sumy are the optional ``newsbrief[eval]`` extra, imported lazily.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import json
import os
import random
import shlex
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from .model import NewsbriefError, Sentence
from .sentences import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
DEFAULT_SYSTEMS = ("newsbrief", "lead", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "oracle")
EXTRA_HINT = 'install the eval extra: pip install "newsbrief[eval]"'

# GUIDE §3 word budgets, by data-set name prefix (the "dataset" field, else the file name).
BUDGETS: dict[str, int] = {
    "multi_news": 250,
    "duc2003_task2": 100,
    "duc2003_task3": 100,
    "duc2006": 250,
    "duc2007_main": 250,
    "duc2007_update": 100,
    "multiling2011": 250,
    "neus_allsides": 70,
    "allsides_roundups_2021": 110,
}
FALLBACK_WORDS = 250


def default_words(dataset: str | None) -> int:
    """The GUIDE's budget for a data set name (longest matching prefix), else 250."""
    name = (dataset or "").lower()
    best = max((k for k in BUDGETS if name.startswith(k)), key=len, default=None)
    return BUDGETS[best] if best else FALLBACK_WORDS


# --------------------------------------------------------------------------- protocol pieces

def cut_words(lines: Sequence[str], words: int) -> str:
    """Join ``lines`` one per line, keeping only the first ``words`` whitespace words.

    Line structure survives the cut (rougeLsum needs it); lines left empty are dropped.
    """
    out: list[str] = []
    left = words
    for line in lines:
        if left <= 0:
            break
        toks = line.split()[:left]
        if toks:
            out.append(" ".join(toks))
            left -= len(toks)
    return "\n".join(out)


def reference_lines(reference: str) -> str:
    """The reference with one sentence per line (our splitter), for rougeLsum."""
    return "\n".join(" ".join(s.text.split()) for s in split_sentences(reference))


def make_scorer() -> Any:
    """rouge-score's scorer, exactly as the protocol says, with the Porter stems memoized.

    The tokenizer is rouge-score's own (``DefaultTokenizer`` logic); only the stemmer is wrapped
    in a cache, which changes no result and saves a quarter of the scoring time.
    """
    try:
        from rouge_score.rouge_scorer import RougeScorer
    except ImportError as exc:
        raise NewsbriefError(f"rouge-score is not installed: {EXTRA_HINT}") from exc
    from .peers import rouge_tokenizer

    return RougeScorer(list(ROUGE_TYPES), use_stemmer=True, tokenizer=rouge_tokenizer())


def score_summary(scorer: Any, summary: str, references: Sequence[str]) -> dict[str, float]:
    """F1 x 100 per ROUGE type, averaged over references (each already one sentence per line).

    An empty summary (or no reference) scores 0.
    """
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    refs = [r for r in references if r.strip()]
    if not summary.strip() or not refs:
        return totals
    for ref in refs:
        scores = scorer.score(ref, summary)
        for k in ROUGE_TYPES:
            totals[k] += scores[k].fmeasure * 100
    return {k: v / len(refs) for k, v in totals.items()}


# --------------------------------------------------------------------------- data

def cluster_references(record: dict[str, Any]) -> list[str]:
    refs = record.get("summaries")
    if refs is None:
        refs = [record.get("summary")]
    if isinstance(refs, str):
        refs = [refs]
    return [r for r in refs if isinstance(r, str) and r.strip()]


def read_clusters(path: str | os.PathLike[str]) -> tuple[list[dict[str, Any]], int]:
    """The usable clusters of a gzip (or plain) JSONL file, and how many were skipped.

    Skipped: clusters whose documents are all empty, or that have no reference; malformed
    lines are skipped with a warning. A missing or unreadable file is a ``NewsbriefError``.
    """
    p = Path(path)
    if not p.is_file():
        raise NewsbriefError(f"{path}: no such file")
    opener = gzip.open if p.suffix == ".gz" else open
    clusters: list[dict[str, Any]] = []
    skipped = 0
    try:
        with opener(p, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    warnings.warn(f"{path}:{n}: not JSON ({exc.msg}); skipped", stacklevel=2)
                    skipped += 1
                    continue
                docs = rec.get("documents") if isinstance(rec, dict) else None
                if not isinstance(docs, list):
                    warnings.warn(f"{path}:{n}: no 'documents' list; skipped", stacklevel=2)
                    skipped += 1
                    continue
                docs = [d if isinstance(d, str) else "" for d in docs]
                if not any(d.strip() for d in docs) or not cluster_references(rec):
                    skipped += 1
                    continue
                rec["documents"] = docs
                rec.setdefault("id", f"{p.name}:{n}")
                clusters.append(rec)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise NewsbriefError(f"{path}: cannot read it as gzip JSONL ({exc})") from exc
    return clusters, skipped


def cluster_sentences(documents: Sequence[str]) -> list[list[Sentence]]:
    """Each raw document split into our sentences (what the peers read by default)."""
    return [split_sentences(raw or "", i) for i, raw in enumerate(documents)]


# --------------------------------------------------------------------------- running systems

@dataclass
class SystemResult:
    """Running sums for one system."""

    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROUGE_TYPES, 0.0))
    seconds: float = 0.0
    clusters: int = 0
    errors: int = 0
    first_error: str | None = None

    def add(self, row: dict[str, Any]) -> None:
        for k in ROUGE_TYPES:
            self.sums[k] += row[k]
        self.seconds += row["seconds"]
        self.clusters += 1
        if row.get("error"):
            self.errors += 1
            self.first_error = self.first_error or row["error"]

    def to_dict(self) -> dict[str, Any]:
        n = max(self.clusters, 1)
        d: dict[str, Any] = {k: round(v / n, 2) for k, v in self.sums.items()}
        d["sec_per_cluster"] = round(self.seconds / n, 4)
        d["clusters"] = self.clusters
        d["errors"] = self.errors
        if self.first_error:
            d["first_error"] = self.first_error
        return d


class _Worker:
    """Everything one process needs: the systems, the scorer, the cleaning function."""

    def __init__(self, systems: Sequence[str], words: int, clean: bool,
                 peers_clean: bool = False, fill: bool = False) -> None:
        from .peers import get_summarizer

        self.words = words
        self.strict = not fill
        self.systems = [(name, get_summarizer(name)) for name in systems]
        self.scorer = make_scorer()
        self.clean = clean
        self.peers_clean = peers_clean

    def inputs(self, documents: Sequence[str]) -> tuple[list[list[Sentence]], list[list[Sentence]]]:
        """(the raw documents' sentences, the product's cleaned articles' sentences)."""
        from .pipeline import articles_from_texts

        raw = cluster_sentences(documents)
        if not self.clean:
            return raw, raw
        return raw, [split_sentences(a.text, i) for i, a in enumerate(articles_from_texts(documents))]

    def run(self, record: dict[str, Any]) -> dict[str, dict[str, Any]]:
        refs = cluster_references(record)
        ref_texts = [reference_lines(r) for r in refs]
        raw, cleaned = self.inputs(record["documents"])
        theirs = cleaned if self.peers_clean else raw
        rows: dict[str, dict[str, Any]] = {}
        for name, system in self.systems:
            ours = name.startswith("newsbrief") and name != "newsbrief-noclean"
            docs = cleaned if ours else theirs
            error = None
            start = time.perf_counter()
            try:
                if name == "oracle":
                    chosen = system.select_for(docs, self.words, refs, strict=self.strict)
                else:
                    chosen = system.select(docs, self.words, strict=self.strict)
            except Exception as exc:  # one failing cluster must not end a long run
                chosen, error = [], f"{record.get('id')}: {type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - start
            summary = cut_words([" ".join(s.text.split()) for s in chosen], self.words)
            row: dict[str, Any] = score_summary(self.scorer, summary, ref_texts)
            row["seconds"] = seconds
            row["error"] = error
            rows[name] = row
        return rows


_WORKER: _Worker | None = None


def _init_worker(systems: Sequence[str], words: int, clean: bool, peers_clean: bool,
                 fill: bool) -> None:
    global _WORKER
    _WORKER = _Worker(systems, words, clean, peers_clean, fill)


def _run_one(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert _WORKER is not None
    return _WORKER.run(record)


def available_systems(requested: Sequence[str], explicit: bool) -> tuple[list[str], list[str]]:
    """Drop ``newsbrief`` from the default list when the selector does not exist yet."""
    notes = []
    systems = list(requested)
    if "newsbrief" in systems:
        try:
            from .selector import NewsBrief  # noqa: F401
        except ImportError as exc:
            if explicit:
                raise NewsbriefError(f"--systems: newsbrief is not available ({exc})") from exc
            systems.remove("newsbrief")
            notes.append(f"newsbrief skipped: the selector cannot be imported ({exc})")
    return systems, notes


def evaluate(clusters: Sequence[dict[str, Any]], systems: Sequence[str], words: int, *,
             clean: bool = True, peers_clean: bool = False, workers: int = 1, progress: bool = True,
             per_cluster: list[dict[str, Any]] | None = None, fill: bool = False) -> dict[str, Any]:
    """Score ``systems`` on ``clusters``; returns ``{system: {rouge1, ..., sec_per_cluster}}``.

    If ``per_cluster`` is a list, one ``{"id", system: {rouge1, ...}}`` dict per cluster is
    appended to it (for paired comparisons and ablations).
    """
    results = {name: SystemResult() for name in systems}

    def collect(rec: dict[str, Any], rows: dict[str, dict[str, Any]]) -> None:
        for name, row in rows.items():
            results[name].add(row)
        if per_cluster is not None:
            per_cluster.append({"id": rec.get("id"), **{
                name: {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}
                for name, row in rows.items()}})
        if bar:
            bar.update()

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(clusters), file=sys.stderr, unit="cluster", desc="eval",
                   dynamic_ncols=True, disable=None)
    try:
        if workers > 1 and len(clusters) > 1:
            import multiprocessing as mp

            with mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn").Pool(
                    workers, _init_worker, (list(systems), words, clean, peers_clean, fill)) as pool:
                for rec, rows in zip(clusters, pool.imap(_run_one, clusters, chunksize=4)):
                    collect(rec, rows)
        else:
            worker = _Worker(systems, words, clean, peers_clean, fill)
            for rec in clusters:
                collect(rec, worker.run(rec))
    finally:
        if bar:
            bar.close()
    return {name: r.to_dict() for name, r in results.items()}


# --------------------------------------------------------------------------- command line

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
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from .peers import parse_systems

    explicit = args.systems is not None
    systems, notes = available_systems(
        parse_systems(args.systems) if explicit else list(DEFAULT_SYSTEMS), explicit)
    if not systems:
        raise NewsbriefError("--systems: nothing to run")
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
        "newsbrief.pipeline.articles_from_texts for newsbrief; peers and oracle read "
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
                           progress=not args.no_progress, per_cluster=rows, fill=args.fill)
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


def iter_clusters(path: str) -> Iterator[dict[str, Any]]:
    """Convenience for scripts: the usable clusters of ``path``."""
    yield from read_clusters(path)[0]
