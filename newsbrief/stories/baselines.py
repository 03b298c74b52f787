"""The two baselines of GUIDE §3, behind the same API as ours (``stories.registry``).

Both read tf-idf vectors (sublinear tf, English stop words) fitted on the articles they are
given first, as the protocol has it: generous to them, since the fit sees the whole pool.
``single-pass``: each article joins the most similar story centroid if the cosine reaches the
threshold, else starts a story. ``average-link``: agglomerative clustering of everything seen
(not online: each ``partial_fit`` re-clusters all articles so far).
Needs scikit-learn (the ``eval`` extra).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..model import Article


def _texts(articles: Sequence[Article | str]) -> list[str]:
    return [a if isinstance(a, str) else f"{a.title or ''}\n{a.text}" for a in articles]


class _Tfidf:
    name = "baseline"

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.labels_: list[int] = []
        self._vectorizer: Any = None

    def _vectors(self, articles: Sequence[Article | str]) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = _texts(articles)
        if self._vectorizer is None:
            self._vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(texts)
        return self._vectorizer.transform(texts)

    def fit_predict(self, articles: Sequence[Article | str]) -> list[int]:
        start = len(self.labels_)
        self.partial_fit(articles)
        return self.labels_[start:]


class TfidfSinglePass(_Tfidf):
    name = "single-pass"

    def __init__(self, threshold: float = 0.2):
        super().__init__(threshold)
        self._sums: list[Any] = []  # per story: the sum of its vectors (sparse rows)

    def partial_fit(self, articles: Sequence[Article | str], labels: Sequence[int | None] | None = None):
        vectors = self._vectors(articles)
        for i in range(vectors.shape[0]):
            row = vectors[i]
            given = labels[i] if labels is not None else None
            label = self._nearest(row) if given is None else int(given)
            if label < 0:
                label = len(self._sums)
            while label >= len(self._sums):
                self._sums.append(row * 0)
            self._sums[label] = self._sums[label] + row
            self.labels_.append(label)
        return self

    def predict(self, articles: Sequence[Article | str]) -> list[int]:
        vectors = self._vectors(articles)
        return [self._nearest(vectors[i]) for i in range(vectors.shape[0])]

    def _nearest(self, row: Any) -> int:
        """The story whose centroid is most similar to ``row`` if it reaches the threshold."""
        if not self._sums:
            return -1
        from scipy.sparse import vstack

        centroids = vstack(self._sums).tocsr()
        norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
        sims = np.asarray((centroids @ row.T).todense()).ravel() / np.maximum(norms, 1e-12)
        best = int(np.argmax(sims))
        return best if sims[best] >= self.threshold else -1


class TfidfAverageLink(_Tfidf):
    name = "average-link"

    def __init__(self, threshold: float = 0.2):
        super().__init__(threshold)
        self._seen: list[Article | str] = []

    def partial_fit(self, articles: Sequence[Article | str], labels: Sequence[int | None] | None = None):
        from sklearn.cluster import AgglomerativeClustering

        self._seen += list(articles)
        if len(self._seen) == 1:
            self.labels_ = [0]
            return self
        vectors = self._vectors(self._seen)  # rows are unit length: cosine = dot product
        distances = np.maximum(0.0, 1.0 - (vectors @ vectors.T).toarray())
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=1 - self.threshold)
        self.labels_ = [int(x) for x in model.fit_predict(distances)]
        return self
