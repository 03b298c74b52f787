"""The same-story grouping protocol (GUIDE §3): pool every cluster of an MDS file into one
shuffled stream, group it, and compare the groups with the clusters.

Kept documents: 50+ words whose opening (first 200 characters, lower-cased, runs of non-word
characters as one space) no document of another cluster shares (drops the 404 and archive
notices the crawl left in many clusters). Every system gets the same cleaned texts, in the same
order; what is timed is the grouping alone (articles arrive cleaned).
"""
from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from typing import Any, Sequence

from ..inputs.clusters import read_clusters
from ..model import Article

SEED = 13


@dataclass
class Pool:
    name: str
    articles: list[Article]
    gold: list[int]  # the cluster of each article


def opening(text: str) -> str:
    return re.sub(r"\W+", " ", text[:200].lower()).strip()


def make_pool(path: str, limit: int | None = None, skip: int = 0, seed: int = SEED) -> Pool:
    """The shuffled stream of ``path``'s clusters ``skip .. skip+limit`` (cleaned texts)."""
    from ..cleaning import clean_text

    clusters, _ = read_clusters(path, references=False,
                                limit=None if limit is None else skip + limit)
    clusters = clusters[skip:]
    docs = [(c, text) for c, rec in enumerate(clusters) for text in rec["documents"]
            if len(text.split()) >= 50]
    owners: dict[str, set[int]] = {}
    for c, text in docs:
        owners.setdefault(opening(text), set()).add(c)
    kept = [(c, text) for c, text in docs if len(owners[opening(text)]) == 1]
    random.Random(seed).shuffle(kept)
    articles = [clean_text(text, source=f"{path}#{c}") for c, text in kept]
    return Pool(name=f"{path.rsplit('/', 1)[-1]}[{skip}:{skip + len(clusters)}]",
                articles=articles, gold=[c for c, _ in kept])


def bcubed(pred: Sequence[int], gold: Sequence[int]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (per document, averaged)."""
    by_pred: dict[int, set[int]] = {}
    by_gold: dict[int, set[int]] = {}
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred.setdefault(p, set()).add(i)
        by_gold.setdefault(g, set()).add(i)
    precision = recall = 0.0
    for i, (p, g) in enumerate(zip(pred, gold)):
        both = len(by_pred[p] & by_gold[g])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    n = max(1, len(pred))
    precision, recall = precision / n, recall / n
    return precision, recall, _f1(precision, recall)


def pairwise_f1(pred: Sequence[int], gold: Sequence[int]) -> float:
    """F1 over pairs of documents put in one group."""
    def pairs(labels: Sequence[int]) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for label in labels:
            sizes[label] = sizes.get(label, 0) + 1
        return sizes

    both: dict[tuple[int, int], int] = {}
    for p, g in zip(pred, gold):
        both[(p, g)] = both.get((p, g), 0) + 1
    true_pairs = sum(n * (n - 1) / 2 for n in both.values())
    pred_pairs = sum(n * (n - 1) / 2 for n in pairs(pred).values())
    gold_pairs = sum(n * (n - 1) / 2 for n in pairs(gold).values())
    precision = true_pairs / pred_pairs if pred_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    return _f1(precision, recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def run_system(clusterer: Any, pool: Pool) -> dict[str, Any]:
    """Group the pool with ``clusterer`` (a fresh one) and score it."""
    start = time.perf_counter()
    labels = list(clusterer.fit_predict(pool.articles))
    seconds = time.perf_counter() - start
    precision, recall, f1 = bcubed(labels, pool.gold)
    return {"system": getattr(clusterer, "name", type(clusterer).__name__),
            "precision": precision, "recall": recall, "f1": f1,
            "pairwise_f1": pairwise_f1(labels, pool.gold),
            "stories": len(set(labels)), "seconds": seconds,
            "articles_per_s": len(labels) / seconds if seconds else float("inf")}


def semeval_pearson(path: str, score: Any) -> tuple[float, int]:
    """Pearson correlation of ``score(text1, text2)`` with -overall on the English pairs."""
    import json

    import numpy as np

    from ..inputs.clusters import read_lines

    xs, ys = [], []
    for _, line in read_lines(path):
        pair = json.loads(line)
        if pair.get("lang1") == "en" and pair.get("lang2") == "en":
            xs.append(score(pair["text1"], pair["text2"]))
            ys.append(-float(pair["overall"]))
    return float(np.corrcoef(xs, ys)[0, 1]), len(xs)
