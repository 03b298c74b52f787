"""Support: which other articles report the content of a brief sentence.

A sentence of article A is supported by article B when some sentence of B shares enough of its
content words: at least ``MIN_SHARED`` stemmed content terms and either half of the sentence's
terms or a set-cosine of ``MIN_COSINE``. Cheap (term counts, no vectors) and explainable.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .model import Sentence
from .text.tokens import joined_sentences
from .text.vocabulary import Incidence, Vocabulary, ragged_range

MIN_SHARED = 3
MIN_COSINE = 0.3
MIN_CONTAINMENT = 0.5


def shared_terms(incidence: Incidence, rows: Sequence[int]) -> np.ndarray:
    """(len(rows) x n_sentences): how many content terms each sentence shares with ``rows[c]``.

    Walks only the postings (term -> sentences) of the given sentences' terms, so the cost grows
    with how often their words occur, not with rows x sentences x terms.
    """
    n = incidence.shape[0]
    rows = np.asarray(rows, dtype=np.int64)
    posting_rows, pointer = incidence.postings
    lengths = incidence.starts[rows + 1] - incidence.starts[rows]
    owner = np.repeat(np.arange(len(rows)), lengths)
    terms = incidence.cols[ragged_range(incidence.starts[rows], lengths)]
    hits = pointer[terms + 1] - pointer[terms]
    sentence = posting_rows[ragged_range(pointer[terms], hits)]
    return np.bincount(np.repeat(owner, hits) * n + sentence,
                       minlength=len(rows) * n).reshape(len(rows), n).astype(np.float64)


def similar_sentences(incidence: Incidence, rows: Sequence[int]) -> np.ndarray:
    """(len(rows) x n_sentences) bool: which sentences say substantially what sentence ``rows[c]``
    says (the support test above).

    Rows are remembered on the incidence (``Incidence.similar``): the selector tests its best
    candidates, and attribution then asks again for the ones it picked, of the same story.
    """
    memo = incidence.similar
    rows = [int(r) for r in rows]
    missing = [r for r in dict.fromkeys(rows) if r not in memo]
    if not rows:
        return np.zeros((0, incidence.shape[0]), dtype=bool)
    if missing:
        block = _similar_block(incidence, missing)
        memo.update(zip(missing, block))
        if missing == rows:  # the usual first call: every row new, none twice
            return block
    return np.array([memo[r] for r in rows])


def _similar_block(incidence: Incidence, rows: Sequence[int]) -> np.ndarray:
    n_terms = np.diff(incidence.starts).astype(np.float64)
    rows = np.asarray(rows, dtype=np.int64)
    shared = shared_terms(incidence, rows)
    a = n_terms[rows][:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        similar = (shared / a >= MIN_CONTAINMENT) | (shared / np.sqrt(a * n_terms) >= MIN_COSINE)
    return (a > 0) & (n_terms > 0) & (shared >= np.minimum(MIN_SHARED, a)) & similar


def find_support(chosen: Sequence[Sentence], docs: Sequence[Sequence[Sentence]],
                 vocabulary: Vocabulary) -> list[list[int]]:
    """For each chosen sentence, the sorted indices of the *other* documents that support it.

    Uses the story's sentence x term incidence, shared with the selector, which built it for the
    same story.
    """
    sentences = [s for d in docs for s in d]
    if not chosen or not sentences:
        return [[] for _ in chosen]
    incidence = vocabulary.story_terms(joined_sentences([s.text for s in sentences]), len(sentences)).incidence
    doc_of = np.fromiter((s.doc for s in sentences), dtype=np.int64, count=len(sentences))
    row_of = {(s.doc, s.index): k for k, s in enumerate(sentences)}
    rows = [row_of.get((s.doc, s.index)) for s in chosen]
    known = [k for k in rows if k is not None]
    ok = iter(similar_sentences(incidence, known) if known else [])
    result = []
    for s, k in zip(chosen, rows):
        similar = next(ok) if k is not None else np.zeros(len(sentences), dtype=bool)
        result.append(sorted(set(doc_of[similar & (doc_of != s.doc)].tolist())))
    return result
