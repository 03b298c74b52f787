"""newsbrief's own summarizer: a learned sentence scorer plus redundancy-aware budgeted selection.

1. ``features.cluster_features`` describes every sentence (position, length, how many sources
   share its words, salience of its words in this story and in news in general, ...).
2. A small model trained on multi_news_train (``scripts/train_scorer.py``; weights shipped in
   ``newsbrief/data/scorer.npz``) predicts how much of each sentence a human brief would contain.
3. Greedy selection under the word budget, each pick discounted by how much of it the brief
   already says; near-duplicates (syndicated copies, repeated quotes) are never taken twice.
4. Reading order: position in the source article, then article order.
"""
from __future__ import annotations

import heapq
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from .features import FEATURE_NAMES, cluster_features
from .model import Sentence

# Used when the learned scorer is switched off (ablation) - hand-set, same features.
HEURISTIC_WEIGHTS = {
    "log_index": -0.35, "is_first": 0.6, "agreement": 1.0, "agreement_top": 0.5,
    "term_prob": 3.0, "centroid": 1.0, "dangling_start": -0.5, "no_final_punct": -2.0,
    "short": -1.0, "long": -0.3, "question": -1.0, "first_person": -0.3,
}


@lru_cache(maxsize=4)
def load_scorer(path: str | None = None) -> dict[str, np.ndarray]:
    """The trained MLP weights (a few KB); see scripts/train_scorer.py."""
    source = resources.files("newsbrief") / "data" / "scorer.npz" if path is None else open(path, "rb")
    with (source.open("rb") if path is None else source) as fh:
        data = np.load(fh)
        model = {k: data[k] for k in data.files}
    if list(model["feature_names"]) != FEATURE_NAMES:
        raise RuntimeError("newsbrief/data/scorer.npz was trained on other features; retrain it")
    return model


def mlp_scores(model: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    h = (x - model["mean"]) / model["scale"]
    n_layers = int(model["n_layers"])
    for i in range(n_layers):
        h = h @ model[f"W{i}"] + model[f"b{i}"]
        if i < n_layers - 1:
            h = np.maximum(h, 0.0)
    return h.ravel()


def heuristic_scores(x: np.ndarray) -> np.ndarray:
    w = np.array([HEURISTIC_WEIGHTS.get(n, 0.0) for n in FEATURE_NAMES], dtype=np.float32)
    return x @ w


class NewsBrief:
    """Our default summarizer (``name = "newsbrief"``).

    ``learned``: use the trained scorer (else the hand-set weights); ``redundancy``: how strongly
    a sentence is discounted by what the brief already says; ``duplicate``: the share of a
    sentence's content words already in one chosen sentence above which it is never taken.
    """

    name = "newsbrief"

    def __init__(self, learned: bool = True, redundancy: float = 1.0, duplicate: float = 0.6,
                 min_words: int = 6, order: str = "position", coverage: float = 0.0,
                 length_power: float = 1.0, scorer_path: str | None = None):
        self.learned = learned
        self.redundancy = redundancy
        self.duplicate = duplicate
        self.min_words = min_words
        self.order = order
        self.coverage = coverage
        self.length_power = length_power
        self.scorer_path = scorer_path

    def scores(self, docs: Sequence[Sequence[Sentence]]):
        feats = cluster_features(docs)
        if self.learned:
            s = mlp_scores(load_scorer(self.scorer_path), feats.matrix)
        else:
            s = heuristic_scores(feats.matrix)
        return feats, s

    def select(self, docs: Sequence[Sequence[Sentence]], words: int,
               strict: bool = True) -> list[Sentence]:
        feats, scores = self.scores(docs)
        sentences, terms = feats.sentences, feats.terms
        if not sentences:
            return []
        usable = [i for i, s in enumerate(sentences) if s.n_words >= self.min_words and terms[i]]
        if not usable:
            usable = list(range(len(sentences)))
        base = scores - scores.min() + 1e-3  # positive, so discounting is monotone
        # lazy greedy: a sentence's value only drops as the brief grows
        if self.coverage:
            base = base + np.array([
                self.coverage * sum(feats.weights[t] for t in terms[i]) / max(1, sentences[i].n_words) ** self.length_power
                for i in range(len(sentences))])
        heap = [(-float(base[i]), i, 0) for i in usable]
        heapq.heapify(heap)
        chosen: list[int] = []
        total = 0
        while heap and total < words:
            neg, i, version = heapq.heappop(heap)
            if version != len(chosen):
                overlap = self._overlap(terms[i], [terms[j] for j in chosen])
                if overlap >= self.duplicate:
                    continue
                value = float(base[i]) * (1.0 - self.redundancy * overlap)
                if self.coverage:
                    said = set().union(*(terms[j] for j in chosen))
                    gain = sum(feats.weights[t] for t in terms[i] - said)
                    value += self.coverage * gain / sentences[i].n_words ** self.length_power
                heapq.heappush(heap, (-value, i, len(chosen)))
                continue
            n = sentences[i].n_words
            if total + n > words and (strict and chosen):
                continue
            chosen.append(i)
            total += n
        picked = [sentences[i] for i in chosen]
        if self.order == "position":
            picked.sort(key=lambda s: (s.index, s.doc))
        return picked

    @staticmethod
    def _overlap(a: set[str], others: list[set[str]]) -> float:
        """Largest share of ``a``'s terms already said by one chosen sentence."""
        if not a or not others:
            return 0.0
        return max(len(a & b) for b in others) / len(a)
