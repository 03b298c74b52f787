"""Sentence features for the selector: position, length, cross-source agreement, salience.

Everything here is linear in the number of sentences (term statistics, no sentence-by-sentence
similarity matrix), so a 200-article story costs 100x a 2-article one, not 10,000x.
The same function serves the run-time selector and the training script (scripts/train_scorer.py).
"""
from __future__ import annotations

import gzip
import math
import re
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
    "bigram_share", "prior_mean",
]

DANGLING = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|them|his|her|its|their|this|that|these|those|there|"
    r"but|and|or|so|also|however|meanwhile|still|yet|then|instead|although|though|"
    r"because|besides|moreover|furthermore|nevertheless|nonetheless|otherwise|thus|"
    r"hence|likewise|similarly|indeed|such|other|another|both|later|earlier|here)\b",
    re.IGNORECASE,
)
HAS_DIGIT = re.compile(r"\d").search
HAS_QUOTE = re.compile("[\"“”]").search
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


@lru_cache(maxsize=1)
def term_prior() -> dict[str, float]:
    """Log-odds (centred) that a term present in the articles also appears in the human brief.

    Learned from multi_news_train clusters disjoint from those the models are fitted on.
    """
    path = resources.files("newsbrief") / "data" / "prior.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return {term: float(v) for term, v in (line.rstrip("\n").split("\t") for line in fh)}


SYNDICATED_JACCARD = 0.7

TERM_FEATURE_NAMES = [
    "log_tf", "agreement", "log_df", "log_first_index", "in_lead", "lead_docs", "idf",
    "unseen", "is_number", "log_len", "log_docs", "log_terms", "prior",
]


def syndication_groups(doc_term: np.ndarray) -> list[list[int]]:
    """Group documents whose vocabularies are near-identical (the same wire story re-published).

    ``doc_term`` is a (documents x terms) boolean presence matrix.
    """
    presence = doc_term.astype(np.float32)
    sizes = presence.sum(axis=1)
    shared = presence @ presence.T
    groups: list[list[int]] = []
    for i in range(doc_term.shape[0]):
        for group in groups:
            j = group[0]
            union = sizes[i] + sizes[j] - shared[i, j]
            if union and shared[i, j] / union >= SYNDICATED_JACCARD:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def _row_top_sum(values: np.ndarray, rows: np.ndarray, starts: np.ndarray, n_rows: int,
                 k: int) -> np.ndarray:
    """Sum of the k largest entry values of each row of a CSR-ordered entry list."""
    order = np.lexsort((-values, rows))
    rank = np.arange(len(order)) - starts[rows[order]]
    keep = order[rank < k]
    return np.bincount(rows[keep], weights=values[keep], minlength=n_rows)


@dataclass
class Incidence:
    """Which sentence has which term: a sparse 0/1 matrix in CSR order (numpy only, no scipy)."""

    rows: np.ndarray  # sentence of each entry
    cols: np.ndarray  # term of each entry
    starts: np.ndarray  # entries of sentence i are starts[i]:starts[i + 1]
    shape: tuple[int, int]

    def dot(self, values: np.ndarray) -> np.ndarray:
        """Per sentence, the sum of ``values`` over its terms (matrix @ values)."""
        return np.bincount(self.rows, weights=values[self.cols], minlength=self.shape[0])

    def terms_of(self, i: int) -> np.ndarray:
        return self.cols[self.starts[i]:self.starts[i + 1]]


_STATIC: dict[str, tuple[float, float, float, float, float]] = {}


def _static_term_features(term: str) -> tuple[float, float, float, float, float]:
    """(idf, unseen, is_number, log length, prior) of a term: the same in every story, memoised."""
    cached = _STATIC.get(term)
    if cached is None:
        idf_table, max_idf = background_idf()
        idf = idf_table.get(term)
        cached = (max_idf if idf is None else idf, float(idf is None), float(term.isdigit()),
                  math.log(len(term)), term_prior().get(term, 0.0))
        if len(_STATIC) < 500_000:
            _STATIC[term] = cached
    return cached


def _bigram_share(tok: np.ndarray, tok_row: np.ndarray, sent_doc: np.ndarray,
                  groups: list[list[int]], n: int, n_terms: int) -> np.ndarray:
    """Per sentence: the share of its distinct term bigrams that another source also uses."""
    same = tok_row[1:] == tok_row[:-1]
    if not same.any():
        return np.zeros(n)
    size = max(1, n_terms)
    key = tok[:-1][same] * size + tok[1:][same]
    row = tok_row[1:][same]
    pairs = np.unique(row * (size * size) + key)  # distinct (sentence, bigram)
    p_row, p_key = pairs // (size * size), pairs % (size * size)
    group_of_doc = np.zeros(max(max(g) for g in groups) + 1, dtype=np.int64)
    for gi, g in enumerate(groups):
        group_of_doc[g] = gi
    n_groups = max(1, len(groups))
    key_group = np.unique(p_key * n_groups + group_of_doc[sent_doc[p_row]])
    keys, n_sources = np.unique(key_group // n_groups, return_counts=True)
    shared = np.isin(p_key, keys[n_sources > 1])
    total = np.bincount(p_row, minlength=n)
    hits = np.bincount(p_row, weights=shared, minlength=n)
    return np.divide(hits, total, out=np.zeros(n), where=total > 0)


@dataclass
class TermStats:
    """Cluster-level statistics of every stemmed content term, and the sentence x term matrix."""

    sentences: list[Sentence]
    vocab: list[str]
    matrix: np.ndarray  # (len(vocab), len(TERM_FEATURE_NAMES))
    incidence: Incidence  # (n_sentences, len(vocab))
    tf: np.ndarray
    df: np.ndarray
    first: np.ndarray
    lead: np.ndarray  # number of opening sentences (index < 2) that contain the term
    idf: np.ndarray
    n_docs: int
    bigram_share: np.ndarray  # per sentence: share of its term bigrams another source also has
    prior: np.ndarray  # per term: centred log-odds of appearing in a human brief


def term_stats(docs: Sequence[Sequence[Sentence]]) -> TermStats:
    _, max_idf = background_idf()
    sentences = [s for d in docs for s in d]
    n = len(sentences)
    vocab: dict[str, int] = {}
    token_ids: list[int] = []
    lengths: list[int] = []
    for s in sentences:
        terms = content_terms(s.text)
        token_ids.extend([vocab.setdefault(t, len(vocab)) for t in terms])
        lengths.append(len(terms))
    n_terms_v = len(vocab)
    tok = np.asarray(token_ids, dtype=np.int64)
    tok_row = np.repeat(np.arange(n), lengths)
    # distinct (sentence, term) pairs, in sentence order: the incidence matrix
    entries = np.unique(tok_row * max(1, n_terms_v) + tok)
    rows, col = entries // max(1, n_terms_v), entries % max(1, n_terms_v)
    starts = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int64)
    incidence = Incidence(rows, col, starts, (n, n_terms_v))
    sent_doc = np.fromiter((s.doc for s in sentences), dtype=np.int64, count=n)
    sent_index = np.fromiter((s.index for s in sentences), dtype=np.int64, count=n)

    tf = np.bincount(tok, minlength=n_terms_v).astype(np.float64)
    doc_term = np.zeros((max(1, len(docs)), n_terms_v), dtype=bool)
    doc_term[sent_doc[rows], col] = True
    # syndicated copies of one wire story count once: merge near-identical documents
    groups = syndication_groups(doc_term)
    group_term = np.vstack([doc_term[g].any(axis=0) for g in groups])
    df = group_term.sum(axis=0).astype(np.float64)
    n_docs = max(1, int(group_term.any(axis=1).sum()))
    bigram_share = _bigram_share(tok, tok_row, sent_doc, groups, n, n_terms_v)

    first = np.full(n_terms_v, 1 << 30, dtype=np.int64)
    np.minimum.at(first, col, sent_index[rows])
    lead = np.bincount(col[sent_index[rows] < 2], minlength=n_terms_v).astype(np.float64)
    names = list(vocab)
    try:
        static_rows = list(map(_STATIC.__getitem__, names))
    except KeyError:
        static_rows = [_static_term_features(t) for t in names]
    static = np.array(static_rows, dtype=np.float64).reshape(-1, 5)
    idf, unseen, prior = static[:, 0], static[:, 1], static[:, 4]
    agree = (df - 1) / (n_docs - 1) if n_docs > 1 else np.zeros(n_terms_v)
    matrix = np.column_stack([
        np.log1p(tf), agree, np.log(np.maximum(df, 1)), np.log1p(first), first < 2,
        lead / n_docs, idf / max_idf, unseen, static[:, 2], static[:, 3],
        np.full(n_terms_v, math.log(n_docs)), np.full(n_terms_v, math.log1p(tf.sum())), prior,
    ]).astype(np.float32) if n_terms_v else np.zeros((0, len(TERM_FEATURE_NAMES)), np.float32)
    return TermStats(sentences, names, matrix, incidence, tf, df, first, lead, idf, n_docs,
                     bigram_share, prior)


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
    """Per-sentence features plus the sentence x term matrix the selector uses for redundancy."""

    sentences: list[Sentence]
    incidence: Incidence  # (n_sentences, n_terms)
    n_terms: np.ndarray  # distinct content terms per sentence
    n_words: np.ndarray  # whitespace words per sentence
    matrix: np.ndarray  # (n_sentences, len(FEATURE_NAMES)), float32


def cluster_features(docs: Sequence[Sequence[Sentence]]) -> ClusterFeatures:
    stats = term_stats(docs)
    sentences, n_docs, B = stats.sentences, stats.n_docs, stats.incidence
    n = len(sentences)
    starts, rows, col = B.starts, B.rows, B.cols
    prob = term_probabilities(stats)
    n_terms = np.diff(starts).astype(np.float64)
    denom = np.maximum(n_terms, 1.0)
    agree = (stats.df - 1) / (n_docs - 1) if n_docs > 1 else np.zeros(len(stats.vocab))
    log_tf = np.log1p(stats.tf)
    centroid_norm = float(np.sqrt((log_tf * log_tf).sum())) or 1.0
    _, max_idf = background_idf()
    own_lead = np.fromiter((s.index < 2 for s in sentences), dtype=bool, count=n)
    lead_other = np.where(own_lead, B.dot((stats.lead >= 2).astype(np.float64)), B.dot((stats.lead >= 1).astype(np.float64)))

    texts = [s.text for s in sentences]
    n_words = np.fromiter((max(1, len(t.split())) for t in texts), dtype=np.float64, count=n)
    index = np.fromiter((s.index for s in sentences), dtype=np.float64, count=n)
    doc_len = np.asarray([len(d) for d in docs], dtype=np.float64)
    doc_of = np.fromiter((s.doc for s in sentences), dtype=np.int64, count=n)
    flags = np.array([(
        bool(DANGLING.match(t)), bool(HAS_QUOTE(t)), not FINAL_PUNCT.search(t),
        bool(HAS_DIGIT(t)), t.rstrip("\"'”’) ").endswith("?"),
        bool(FIRST_PERSON.search(t)),
    ) for t in texts], dtype=np.float64).reshape(n, 6)
    p_sum = B.dot(prob)
    has = n_terms > 0
    matrix = np.column_stack([
        np.log1p(index), index == 0, index == 1, np.log(n_words), n_words < 8, n_words > 45,
        (B.dot(agree)) / denom, _row_top_sum(agree[col], rows, starts, n, 5) / 5.0,
        p_sum / denom, np.log1p(p_sum), _row_top_sum(prob[col], rows, starts, n, 3) / 3.0,
        (B.dot(log_tf)) / (centroid_norm * np.sqrt(denom)),
        (B.dot(stats.idf)) / denom / max_idf * has, flags[:, 0], flags[:, 1], flags[:, 2],
        flags[:, 3], np.full(n, math.log(n_docs)), np.log1p(doc_len[doc_of]) if n else [],
        n_terms / n_words, flags[:, 4], flags[:, 5], lead_other / denom, stats.bigram_share,
        (B.dot(stats.prior)) / denom,
    ]).astype(np.float32) if n else np.zeros((0, len(FEATURE_NAMES)), np.float32)
    return ClusterFeatures(sentences, B, n_terms, n_words, matrix)
