"""Support: which other articles report the content of a brief sentence.

A sentence of article A is supported by article B when some sentence of B shares enough of its
content words: at least ``MIN_SHARED`` stemmed content terms and either half of the sentence's
terms or a set-cosine of ``MIN_COSINE``. Cheap (sets, no vectors) and explainable.
"""
from __future__ import annotations

import math
from typing import Sequence

from .model import Sentence
from .text import content_terms

MIN_SHARED = 3
MIN_COSINE = 0.3
MIN_CONTAINMENT = 0.5


def overlap_support(a: set[str], b: set[str]) -> bool:
    """True when term sets ``a`` (the brief sentence) and ``b`` say substantially the same thing."""
    if not a or not b:
        return False
    shared = len(a & b)
    if shared < min(MIN_SHARED, len(a)):
        return False
    return shared / len(a) >= MIN_CONTAINMENT or shared / math.sqrt(len(a) * len(b)) >= MIN_COSINE


def find_support(chosen: Sequence[Sentence], docs: Sequence[Sequence[Sentence]]) -> list[list[int]]:
    """For each chosen sentence, the sorted indices of the *other* documents that support it."""
    def term_set(s: Sentence) -> set[str]:
        return set(content_terms(s.text))  # memoised per text, shared with the selector

    doc_terms = [[term_set(s) for s in doc] for doc in docs]
    result = []
    for s in chosen:
        a = term_set(s)
        supporters = [
            d for d, sets in enumerate(doc_terms)
            if d != s.doc and any(overlap_support(a, b) for b in sets)
        ]
        result.append(supporters)
    return result
