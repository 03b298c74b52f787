"""Sentence features for the selector: position, length, cross-source agreement, salience.

Everything here is linear in the number of sentences (term statistics, no sentence-by-sentence
similarity matrix), so a 200-article story costs 100x a 2-article one, not 10,000x.
The same function serves the run-time selector and the training script (scripts/train_scorer.py).
"""
from __future__ import annotations

import gzip
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from .model import Sentence
from .text import content_terms

FEATURE_NAMES = [
    "log_index", "is_first", "is_second", "log_words", "short", "long",
    "agreement", "agreement_top", "term_prob", "term_mass", "term_top", "centroid",
    "idf_mean", "dangling_start", "has_quote", "no_final_punct", "has_digit",
    "log_docs", "log_doc_sents", "content_ratio", "question", "first_person", "lead_overlap",
]

DANGLING = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|them|his|her|its|their|this|that|these|those|there|"
    r"but|and|or|so|also|however|meanwhile|still|yet|then|instead|although|though|"
    r"because|besides|moreover|furthermore|nevertheless|nonetheless|otherwise|thus|"
    r"hence|likewise|similarly|indeed|such|other|another|both|later|earlier|here)\b",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"\b(?:I|we|my|our|me|us|you|your)\b")
FINAL_PUNCT = re.compile(r"[.!?…][\"'”’)\]]*$")


@lru_cache(maxsize=1)
def background_idf() -> tuple[dict[str, float], float]:
    """Background IDF of stemmed content terms (built from multi_news_train documents)."""
    path = resources.files("newsbrief") / "data" / "idf.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        n_docs = int(fh.readline().split("\t")[1])
        idf = {}
        for line in fh:
            term, df = line.rstrip("\n").split("\t")
            idf[term] = math.log((n_docs + 1) / (int(df) + 1))
    return idf, math.log(n_docs + 1)


SYNDICATED_JACCARD = 0.7


def syndication_groups(doc_terms: Sequence[set[str]]) -> list[list[int]]:
    """Group documents whose vocabularies are near-identical (the same wire story re-published)."""
    groups: list[list[int]] = []
    for i, terms in enumerate(doc_terms):
        for group in groups:
            other = doc_terms[group[0]]
            union = len(terms | other)
            if union and len(terms & other) / union >= SYNDICATED_JACCARD:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


TERM_FEATURE_NAMES = [
    "log_tf", "agreement", "log_df", "log_first_index", "in_lead", "lead_docs", "idf",
    "unseen", "is_number", "log_len", "log_docs", "log_terms",
]


@dataclass
class TermStats:
    """Cluster-level statistics of every stemmed content term."""

    sentences: list[Sentence]
    term_lists: list[list[str]]
    term_sets: list[set[str]]
    vocab: list[str]
    index: dict[str, int]
    matrix: np.ndarray  # (len(vocab), len(TERM_FEATURE_NAMES))
    df: Counter
    n_docs: int


def term_stats(docs: Sequence[Sequence[Sentence]]) -> TermStats:
    idf, max_idf = background_idf()
    sentences = [s for d in docs for s in d]
    term_lists = [content_terms(s.text) for s in sentences]
    term_sets = [set(t) for t in term_lists]

    tf: Counter[str] = Counter()
    first: dict[str, int] = {}
    lead: Counter[str] = Counter()
    doc_terms: list[set[str]] = [set() for _ in docs]
    for s, terms, tset in zip(sentences, term_lists, term_sets):
        tf.update(terms)
        doc_terms[s.doc].update(tset)
        for t in tset:
            if s.index < first.get(t, 1 << 30):
                first[t] = s.index
        if s.index < 2:
            lead.update(tset)
    # syndicated copies of one wire story count once: merge near-identical documents
    groups = syndication_groups(doc_terms)
    df: Counter[str] = Counter()
    for group in groups:
        df.update(set().union(*(doc_terms[i] for i in group)))
    n_docs = max(1, sum(1 for g in groups if any(doc_terms[i] for i in g)))

    vocab = list(tf)
    log_docs, log_terms = math.log(n_docs), math.log1p(sum(tf.values()))
    rows = []
    for t in vocab:
        bg = idf.get(t)
        rows.append((
            math.log1p(tf[t]), (df[t] - 1) / (n_docs - 1) if n_docs > 1 else 0.0,
            math.log(df[t]), math.log1p(first[t]), float(first[t] < 2),
            lead[t] / n_docs, (bg if bg is not None else max_idf) / max_idf, float(bg is None),
            float(t.isdigit()), math.log(len(t)), log_docs, log_terms,
        ))
    matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(TERM_FEATURE_NAMES))
    return TermStats(sentences, term_lists, term_sets, vocab, {t: i for i, t in enumerate(vocab)},
                     matrix, df, n_docs)


@lru_cache(maxsize=1)
def load_term_model() -> dict[str, np.ndarray]:
    """Logistic model: probability that a term of the story appears in a human brief."""
    path = resources.files("newsbrief") / "data" / "terms.npz"
    with path.open("rb") as fh:
        data = np.load(fh)
        model = {k: data[k] for k in data.files}
    if list(model["feature_names"]) != TERM_FEATURE_NAMES:
        raise RuntimeError("newsbrief/data/terms.npz was trained on other features; retrain it")
    return model


def term_probabilities(stats: TermStats) -> np.ndarray:
    model = load_term_model()
    z = ((stats.matrix - model["mean"]) / model["scale"]) @ model["coef"] + model["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


@dataclass
class ClusterFeatures:
    """Per-sentence features plus the term data the selector reuses for redundancy."""

    sentences: list[Sentence]
    terms: list[set[str]]
    weights: dict[str, float]  # term importance in this story (probability of being in a brief)
    matrix: np.ndarray  # (n_sentences, len(FEATURE_NAMES)), float32


def cluster_features(docs: Sequence[Sequence[Sentence]]) -> ClusterFeatures:
    idf, max_idf = background_idf()
    stats = term_stats(docs)
    sentences, df, n_docs = stats.sentences, stats.df, stats.n_docs
    prob = term_probabilities(stats)
    weights = {t: float(p) for t, p in zip(stats.vocab, prob)}
    tf_col = stats.matrix[:, 0]
    centroid_norm = float(np.sqrt((tf_col * tf_col).sum())) or 1.0
    tf_weight = {t: float(w) for t, w in zip(stats.vocab, tf_col)}

    # what the other articles say in their opening sentences: the core news
    lead_counts: Counter[str] = Counter()
    for s, tset in zip(sentences, stats.term_sets):
        if s.index < 2:
            lead_counts.update(tset)

    rows = []
    log_docs = math.log(n_docs)
    doc_len = [len(d) for d in docs]
    for s, terms, tset in zip(sentences, stats.term_lists, stats.term_sets):
        own_lead = s.index < 2
        n_words = max(1, len(s.text.split()))
        n_terms = len(tset)
        if n_terms:
            agreements = [(df[t] - 1) / (n_docs - 1) if n_docs > 1 else 0.0 for t in tset]
            agreement = sum(agreements) / n_terms
            agreement_top = sum(sorted(agreements, reverse=True)[:5]) / 5.0
            probs = sorted((weights[t] for t in tset), reverse=True)
            p_mean = sum(probs) / n_terms
            p_mass = sum(probs)
            p_top = sum(probs[:3]) / 3.0
            centroid = sum(tf_weight[t] for t in tset) / (centroid_norm * math.sqrt(n_terms))
            idf_mean = sum(idf.get(t, max_idf) for t in tset) / n_terms
            lead_overlap = sum(1 for t in tset if lead_counts[t] - own_lead > 0) / n_terms
        else:
            agreement = agreement_top = p_mean = p_mass = p_top = centroid = idf_mean = 0.0
            lead_overlap = 0.0
        text = s.text
        rows.append((
            math.log1p(s.index), float(s.index == 0), float(s.index == 1), math.log(n_words),
            float(n_words < 8), float(n_words > 45),
            agreement, agreement_top, p_mean, math.log1p(p_mass), p_top, centroid,
            idf_mean / max_idf, float(bool(DANGLING.match(text))),
            float(any(q in text for q in "\"“”")), float(not FINAL_PUNCT.search(text)),
            float(any(ch.isdigit() for ch in text)),
            log_docs, math.log1p(doc_len[s.doc]),
            n_terms / n_words, float(text.rstrip("\"'”’) ").endswith("?")),
            float(bool(FIRST_PERSON.search(text))), lead_overlap,
        ))
    matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(FEATURE_NAMES))
    return ClusterFeatures(sentences, stats.term_sets, weights, matrix)
