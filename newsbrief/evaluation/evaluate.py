"""ROUGE against human references, every system side by side (GUIDE §3); ``newsbrief eval``
is its command line (apps/eval.py).

Protocol, the same for every system:

    documents -> clean_text (unless --no-clean) -> split_sentences -> system.select(docs, N,
    strict=True) -> one sentence per line -> cut at N whitespace words -> rouge-score
    RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True), F1 x 100.

newsbrief gets the pipeline's article set (cleaned, copies of one text merged, articles about
another story left out); the peers read the raw documents unless --peers-clean. Beside ROUGE,
the readability audit (readability.py) counts the reader defects of every brief's sentences.

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

import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..inputs.clusters import cluster_references
from ..model import NewsbriefError, Sentence
from ..summarizers.peers import SUMY_PEERS
from ..summarizers.registry import ABLATIONS, get_summarizer
from ..text.defects import judgeable_defects
from ..text.sentences import split_sentences
from ..text.vocabulary import Vocabulary
from .readability import DEFECTS, audit_brief, format_flags
from .rouge import ROUGE_TYPES, cut_words, make_scorer, reference_lines, score_summary

SYSTEMS = ("newsbrief", "lead") + SUMY_PEERS + ("oracle",) + tuple(ABLATIONS)  # oracle: needs references
DEFAULT_SYSTEMS = ("newsbrief", "lead", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "oracle")
_SYSTEM_LIST = re.compile(r"[\s,]+")


def get_system(name: str, vocabulary: Vocabulary | None = None) -> Any:
    """A summarizer of the registry, or the oracle (``select_for(docs, words, references)``)."""
    if name == "oracle":
        from .oracle import Oracle

        return Oracle()
    return get_summarizer(name, vocabulary)


def parse_systems(text: str) -> list[str]:
    """``"lead, lexrank"`` -> ``["lead", "lexrank"]``; ``all`` means every system."""
    names = [n.lower() for n in _SYSTEM_LIST.split(text.strip()) if n]
    if names == ["all"]:
        return list(SYSTEMS)
    for n in names:
        if n not in SYSTEMS:
            raise NewsbriefError(f"--systems: unknown system {n!r} (choose from {', '.join(SYSTEMS)})")
    if not names:
        raise NewsbriefError("--systems: no system given")
    return list(dict.fromkeys(names))


def cluster_sentences(documents: Sequence[str]) -> list[list[Sentence]]:
    """Each raw document split into our sentences (what the peers read by default)."""
    return [split_sentences(raw or "", i) for i, raw in enumerate(documents)]


# --------------------------------------------------------------------------- running systems

@dataclass
class SystemResult:
    """Running sums for one system."""

    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROUGE_TYPES, 0.0))
    audit: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AUDIT_COUNTS, 0))
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0
    clusters: int = 0
    errors: int = 0
    first_error: str | None = None

    def add(self, row: dict[str, Any]) -> None:
        for k in ROUGE_TYPES:
            self.sums[k] += row[k]
        for k, v in row["audit"].items():
            self.audit[k] += v
        self.flags += row.get("flags", [])
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
        a, sentences, briefs = self.audit, max(self.audit["sentences"], 1), n
        d["readability"] = {
            "defective_pct": round(100 * a["defective"] / sentences, 1),
            **{f"{k}_pct": round(100 * a[k] / sentences, 1) for k in DEFECTS},
            "clean_pct": round(100 * a["clean"] / briefs, 1),
            "lede_first_pct": round(100 * a["lede_first"] / briefs, 1),
            "sentences": a["sentences"],
        }
        if self.flags:
            d["flags"] = self.flags
        return d


AUDIT_COUNTS = ("sentences", "defective", *DEFECTS, "clean", "lede_first")


def audit_counts(chosen: Sequence[Sentence], docs: Sequence[Sequence[Sentence]], texts: Sequence[str],
                 words: int, label: str, show: bool) -> tuple[dict[str, int], list[str]]:
    """The readability audit of one brief as counts (they add up across clusters and processes),
    and its flagged sentences when ``show``. On lower-cased text (most Multi-News sets) only the
    defects that case does not decide are counted (``text.defects.judgeable_defects``).
    """
    audit = audit_brief(chosen, texts, words, label=label,
                        judged=judgeable_defects([s.text for d in docs for s in d]))
    counts = {"sentences": len(chosen), "defective": sum(map(bool, audit.defects)),
              **{k: sum(k in found for found in audit.defects) for k in DEFECTS},
              "clean": int(audit.clean), "lede_first": int(audit.lede_first)}
    return counts, (format_flags([audit]).splitlines() if show else [])


class _Worker:
    """Everything one process needs: the systems, the scorer, the cleaning function."""

    def __init__(self, systems: Sequence[str], words: int, clean: bool,
                 peers_clean: bool = False, fill: bool = False, show: bool = False) -> None:
        self.words = words
        self.show = show
        self.strict = not fill
        vocabulary = Vocabulary() if any(n.startswith("newsbrief") for n in systems) else None
        self.systems = [(name, get_system(name, vocabulary)) for name in systems]
        self.scorer = make_scorer()
        self.clean = clean
        self.peers_clean = peers_clean

    def inputs(self, documents: Sequence[str]) -> tuple[tuple[list[list[Sentence]], list[str]], ...]:
        """(the raw documents' sentences and texts, the product's cleaned articles' likewise)."""
        from ..pipeline import articles_from_texts, keep_one_story, merge_copies

        raw = (cluster_sentences(documents), [d or "" for d in documents])
        if not self.clean:
            return raw, raw
        articles = merge_copies(articles_from_texts(documents))[0]
        texts = [a.text for a in keep_one_story(articles)[0]]  # the pipeline's article set
        return raw, ([split_sentences(t, i) for i, t in enumerate(texts)], texts)

    def run(self, record: dict[str, Any]) -> dict[str, dict[str, Any]]:
        refs = cluster_references(record)
        ref_texts = [reference_lines(r) for r in refs]
        raw, cleaned = self.inputs(record["documents"])
        theirs = cleaned if self.peers_clean else raw
        rows: dict[str, dict[str, Any]] = {}
        for name, system in self.systems:
            ours = name.startswith("newsbrief") and name != "newsbrief-noclean"
            docs, texts = cleaned if ours else theirs
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
            row["audit"], flags = audit_counts(chosen, docs, texts, self.words,
                                               f"{name} {record.get('id')}", self.show)
            if flags:
                row["flags"] = flags
            rows[name] = row
        return rows


_WORKER: _Worker | None = None


def _init_worker(systems: Sequence[str], words: int, clean: bool, peers_clean: bool,
                 fill: bool, show: bool) -> None:
    global _WORKER
    _WORKER = _Worker(systems, words, clean, peers_clean, fill, show)


def _run_one(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert _WORKER is not None
    return _WORKER.run(record)


def evaluate(clusters: Sequence[dict[str, Any]], systems: Sequence[str], words: int, *,
             clean: bool = True, peers_clean: bool = False, workers: int = 1, progress: bool = True,
             per_cluster: list[dict[str, Any]] | None = None, fill: bool = False,
             show: bool = False) -> dict[str, Any]:
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
                    workers, _init_worker, (list(systems), words, clean, peers_clean, fill, show)) as pool:
                for rec, rows in zip(clusters, pool.imap(_run_one, clusters, chunksize=4)):
                    collect(rec, rows)
        else:
            worker = _Worker(systems, words, clean, peers_clean, fill, show)
            for rec in clusters:
                collect(rec, worker.run(rec))
    finally:
        if bar:
            bar.close()
    return {name: r.to_dict() for name, r in results.items()}
