"""Support: which other articles report the content of a brief sentence.

A sentence of article A is supported by article B when some sentence of B shares enough of its
content words: at least ``MIN_SHARED`` stemmed content terms and either half of the sentence's
terms or a set-cosine of ``MIN_COSINE``. Cheap (term counts, no vectors) and explainable.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .features import story_terms
from .model import Sentence
from .text import joined_sentences

MIN_SHARED = 3
MIN_COSINE = 0.3
MIN_CONTAINMENT = 0.5


def find_support(chosen: Sequence[Sentence], docs: Sequence[Sequence[Sentence]]) -> list[list[int]]:
    """For each chosen sentence, the sorted indices of the *other* documents that support it.

    Runs against every sentence at once on the story's sentence x term incidence (shared with
    the selector, which built it for the same story).
    """
    sentences = [s for d in docs for s in d]
    if not chosen or not sentences:
        return [[] for _ in chosen]
    terms = story_terms(joined_sentences([s.text for s in sentences]), len(sentences))
    incidence = terms.incidence
    n_terms = np.diff(incidence.starts).astype(np.float64)
    doc_of = np.fromiter((s.doc for s in sentences), dtype=np.int64, count=len(sentences))
    row_of = {(s.doc, s.index): k for k, s in enumerate(sentences)}
    rows = np.array([row_of.get((s.doc, s.index), -1) for s in chosen])
    # shared[c, k]: content terms chosen sentence c has in common with sentence k
    has_term = np.zeros((len(chosen), incidence.shape[1]))
    for c, k in enumerate(rows):
        if k >= 0:
            has_term[c, incidence.terms_of(k)] = 1.0
    running = np.zeros((len(chosen), len(incidence.cols) + 1))
    np.cumsum(has_term[:, incidence.cols], axis=1, out=running[:, 1:])
    shared = running[:, incidence.starts[1:]] - running[:, incidence.starts[:-1]]
    a = n_terms[np.maximum(rows, 0)][:, None] * (rows >= 0)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        similar = (shared / a >= MIN_CONTAINMENT) | (shared / np.sqrt(a * n_terms) >= MIN_COSINE)
    ok = (a > 0) & (n_terms > 0) & (shared >= np.minimum(MIN_SHARED, a)) & similar
    ok &= doc_of[None, :] != np.array([s.doc for s in chosen])[:, None]
    return [sorted(set(doc_of[row].tolist())) for row in ok]
