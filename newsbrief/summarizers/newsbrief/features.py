"""Sentence features for the selector: position, length, cross-source agreement, salience.

Everything here is linear in the number of sentences (term statistics, no sentence-by-sentence
similarity matrix), so a 200-article story costs 100x a 2-article one, not 10,000x.
The same function serves the run-time selector and the training script (scripts/train_scorer.py).
Words reach here as term ids through the ``Vocabulary`` the caller passes.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter, methodcaller
from typing import Sequence

import numpy as np

from ...model import Sentence
from ...text.tokens import joined_sentences
from ...text.vocabulary import Incidence, StoryTerms, Vocabulary

FEATURE_NAMES = [
    "log_index", "is_first", "is_second", "log_words", "short", "long",
    "agreement", "agreement_top", "term_prob", "term_mass", "term_top", "centroid",
    "idf_mean", "dangling_start", "has_quote", "no_final_punct", "has_digit",
    "log_docs", "log_doc_sents", "content_ratio", "question", "first_person", "lead_overlap",
    "bigram_share", "prior_mean", "lexical",
    # context block (story_context): the sentence's neighbours and article, and how it compares
    # with the other sentences of the same story (z-scores of CONTEXT_ZSCORES)
    "doc_order", "doc_len_rank", "doc_salience", "prev_term_prob", "next_term_prob",
    "prev_agreement", "next_agreement",
    "z_term_prob", "z_term_mass", "z_agreement", "z_centroid", "z_bigram_share", "z_prior_mean",
    "z_log_words", "z_term_top", "z_agreement_top", "z_lead_overlap", "z_lexical",
]
CONTEXT_ZSCORES = ["term_prob", "term_mass", "agreement", "centroid", "bigram_share", "prior_mean",
                   "log_words", "term_top", "agreement_top", "lead_overlap", "lexical"]

# A sentence that opens with an unresolved pronoun or connective ("But he...", "That's...").
DANGLING = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|them|his|her|its|their|this|that|these|those|there|"
    r"but|and|or|so|also|however|meanwhile|still|yet|then|instead|although|though|"
    r"because|besides|moreover|furthermore|nevertheless|nonetheless|otherwise|thus|"
    r"hence|likewise|similarly|indeed|such|other|another|both|later|earlier|here)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_QUOTE_MARKS = ('"', "“", "”")
_STRIP_CLOSERS = methodcaller("rstrip", "\"'”’)]")
_STRIP_CLOSERS_SPACE = methodcaller("rstrip", "\"'”’) ")
_ENDS_SENTENCE = methodcaller("endswith", (".", "!", "?", "…"))
_ENDS_QUESTION = methodcaller("endswith", "?")
_ENDS_COLON = methodcaller("endswith", ":")


def inside_quotation(quotes: np.ndarray, doc_of: np.ndarray) -> np.ndarray:
    """Per sentence: does it start inside a quotation that an earlier sentence of its document
    opened (an odd number of quote marks before it)? Such a sentence has lost its speaker."""
    before = np.cumsum(quotes) - quotes
    doc_start = np.flatnonzero(np.concatenate([[True], doc_of[1:] != doc_of[:-1]])) if len(doc_of) else []
    before -= np.repeat(before[doc_start], np.diff(np.append(doc_start, len(doc_of))).astype(np.int64))
    return before % 2 == 1


def sentence_flags(texts: Sequence[str], joined: str, terms: StoryTerms,
                   doc_of: np.ndarray) -> dict[str, np.ndarray]:
    """Per sentence: dangling opening, quote marks, final punctuation, question, a lead-in ending in
    ":", digits, "I"/"we",
    whether it starts inside a quotation opened by an earlier sentence, and whether it is a piece
    of a quotation split across sentences (that, or an odd number of quote marks).

    Digits and first-person words come from the story's tokens; the rest are string tests on each
    sentence (C-level maps: no Python frame per sentence, this runs on every story).
    """
    n = len(texts)
    quotes = np.zeros(n, dtype=np.int64)
    for mark in _QUOTE_MARKS:
        if mark in joined:
            quotes += np.fromiter(map(methodcaller("count", mark), texts), dtype=np.int64, count=n)
    inside_quote = inside_quotation(quotes, doc_of)
    return {
        "dangling": np.fromiter(map(bool, map(DANGLING.match, texts)), bool, n),
        "quotes": quotes,
        "inside_quote": inside_quote,
        "quote_piece": inside_quote | (quotes % 2 == 1),
        "final_punct": np.fromiter(map(_ENDS_SENTENCE, map(_STRIP_CLOSERS, texts)), bool, n),
        "question": np.fromiter(map(_ENDS_QUESTION, map(_STRIP_CLOSERS_SPACE, texts)), bool, n),
        "lead_in": np.fromiter(map(_ENDS_COLON, texts), bool, n),
        "digit": terms.digits > 0,
        "first_person": terms.first_person > 0,
    }


SYNDICATED_JACCARD = 0.7
# The scorer is trained on Multi-News (2-10 articles, rarely more than 6): beyond this many
# sources the story-size features (log_docs) stay at this value instead of extrapolating off the
# training range (a 25-article story would otherwise be six standard deviations out); the
# selector leans on centrality for the rest (see ``ClusterFeatures.centrality``).
DOCS_CAP = 10

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


def _bigram_share(tok: np.ndarray, tok_row: np.ndarray, sent_source: np.ndarray, n: int,
                  n_terms: int) -> np.ndarray:
    """Per sentence: the share of its distinct term bigrams that another source also uses.

    One sort of (bigram, sentence) codes: equal bigrams end up adjacent, and a bigram is shared
    when the sources of its sentences differ (smallest source != largest source).
    """
    same = tok_row[1:] == tok_row[:-1]
    if not same.any():
        return np.zeros(n)
    size = max(1, n_terms)
    code = (tok[:-1][same] * size + tok[1:][same]) * n + tok_row[1:][same]
    code.sort()
    code = code[np.concatenate([[True], code[1:] != code[:-1]])]  # distinct (bigram, sentence)
    bigram, row = code // n, code % n
    source = sent_source[row]
    new_run = np.concatenate([[True], bigram[1:] != bigram[:-1]])
    run_start, run_of = np.flatnonzero(new_run), np.cumsum(new_run) - 1
    shared = (np.minimum.reduceat(source, run_start) != np.maximum.reduceat(source, run_start))[run_of]
    total = np.bincount(row, minlength=n)
    hits = np.bincount(row, weights=shared, minlength=n)
    return np.divide(hits, total, out=np.zeros(n), where=total > 0)


@dataclass
class TermStats:
    """Cluster-level statistics of every stemmed content term, and the sentence x term matrix."""

    sentences: list[Sentence]
    matrix: np.ndarray  # (n_terms, len(TERM_FEATURE_NAMES))
    incidence: Incidence  # (n_sentences, n_terms)
    tf: np.ndarray
    df: np.ndarray
    first: np.ndarray
    lead: np.ndarray  # number of opening sentences (index < 2) that contain the term
    idf: np.ndarray
    n_docs: int
    bigram_share: np.ndarray  # per sentence: share of its term bigrams another source also has
    prior: np.ndarray  # per term: centred log-odds of appearing in a human brief
    sent_doc: np.ndarray  # per sentence: its document
    sent_index: np.ndarray  # per sentence: its position in the document
    sent_source: np.ndarray  # per sentence: its source (syndicated copies of a story share one)
    story: StoryTerms  # the story's tokens, term ids and token flags


def term_stats(docs: Sequence[Sequence[Sentence]], vocabulary: Vocabulary,
               joined: str | None = None) -> TermStats:
    """``joined``: ``joined_sentences`` of the sentences' texts, if the caller already has it."""
    max_idf = vocabulary.max_idf
    sentences = [s for d in docs for s in d]
    n = len(sentences)
    if joined is None:
        joined = joined_sentences([s.text for s in sentences])
    terms = vocabulary.story_terms(joined, n)
    vocab_ids, tok, tok_row, incidence = terms.vocab_ids, terms.tok, terms.tok_row, terms.incidence
    rows, col = incidence.rows, incidence.cols
    n_terms_v = len(vocab_ids)
    sent_doc = np.fromiter(map(attrgetter("doc"), sentences), dtype=np.int64, count=n)
    sent_index = np.fromiter(map(attrgetter("index"), sentences), dtype=np.int64, count=n)

    tf = np.bincount(tok, minlength=n_terms_v).astype(np.float64)
    doc_term = np.zeros((max(1, len(docs)), n_terms_v), dtype=bool)
    doc_term[sent_doc[rows], col] = True
    # syndicated copies of one wire story count once: merge near-identical documents
    groups = syndication_groups(doc_term)
    source_of_doc = np.zeros(len(doc_term), dtype=np.int64)
    for source, members in enumerate(groups):
        source_of_doc[members] = source
    sent_source = source_of_doc[sent_doc]
    if len(groups) == len(doc_term):  # the usual case: no syndicated copies
        group_term = doc_term
    else:
        group_term = np.vstack([doc_term[g].any(axis=0) for g in groups])
    df = group_term.sum(axis=0).astype(np.float64)
    n_docs = max(1, int(group_term.any(axis=1).sum()))
    bigram_share = _bigram_share(tok, tok_row, sent_source, n, n_terms_v)

    first = np.full(n_terms_v, 1 << 30, dtype=np.int64)
    np.minimum.at(first, col, sent_index[rows])
    lead = np.bincount(col[sent_index[rows] < 2], minlength=n_terms_v).astype(np.float64)
    static = vocabulary.table.static[vocab_ids]
    idf, unseen, prior = static[:, 0], static[:, 1], static[:, 4]
    agree = (df - 1) / (n_docs - 1) if n_docs > 1 else np.zeros(n_terms_v)
    matrix = np.column_stack([
        np.log1p(tf), agree, np.log(np.maximum(df, 1)), np.log1p(first), first < 2,
        lead / n_docs, idf / max_idf, unseen, static[:, 2], static[:, 3],
        np.full(n_terms_v, math.log(min(n_docs, DOCS_CAP))), np.full(n_terms_v, math.log1p(tf.sum())),
        prior,
    ]).astype(np.float32) if n_terms_v else np.zeros((0, len(TERM_FEATURE_NAMES)), np.float32)
    return TermStats(sentences, matrix, incidence, tf, df, first, lead, idf, n_docs, bigram_share,
                     prior, sent_doc, sent_index, sent_source, terms)


def _centrality(B: Incidence, idf: np.ndarray) -> np.ndarray:
    """Degree centrality of each sentence, as in LexRank, without the n x n similarity matrix.

    The summed cosine similarity of sentence i to every sentence is v_i . C, where v_i is its unit
    idf-weighted term vector and C the sum of all unit vectors: one pass over the incidence
    entries. Returns each sentence's mean cosine to the other sentences. With many sources this
    is what the story keeps repeating, whatever the article count.
    """
    n = B.shape[0]
    w = idf[B.cols]
    norms = np.sqrt(np.bincount(B.rows, weights=w * w, minlength=n))
    safe = np.where(norms > 0, norms, 1.0)
    unit = w / safe[B.rows]
    centroid = np.bincount(B.cols, weights=unit, minlength=B.shape[1])
    degree = np.bincount(B.rows, weights=unit * centroid[B.cols], minlength=n) - (norms > 0)
    return np.maximum(degree, 0.0) / max(1, n - 1)


@dataclass
class ClusterFeatures:
    """Per-sentence features plus the sentence x term matrix the selector uses for redundancy."""

    sentences: list[Sentence]
    incidence: Incidence  # (n_sentences, n_terms)
    n_terms: np.ndarray  # distinct content terms per sentence
    n_words: np.ndarray  # whitespace words per sentence
    matrix: np.ndarray  # (n_sentences, len(FEATURE_NAMES)), float32
    flags: dict[str, np.ndarray]  # per sentence, see sentence_flags
    source: np.ndarray  # per sentence: its source (syndicated copies of a story share one)
    n_docs: int  # sources, syndicated copies counted once
    index: np.ndarray  # per sentence: its position in its article
    term_idf: np.ndarray  # per term of ``incidence``: its background IDF

    @cached_property
    def centrality(self) -> np.ndarray:
        """Per sentence: mean idf-cosine to the other sentences (only many-source stories use it)."""
        return _centrality(self.incidence, self.term_idf)


def term_probabilities(stats: TermStats, term_model: dict[str, np.ndarray]) -> np.ndarray:
    """Per term of the story: the probability that it appears in a human brief (logistic model)."""
    m = term_model
    z = ((stats.matrix - m["mean"]) / m["scale"]) @ m["coef"] + m["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def cluster_features(docs: Sequence[Sequence[Sentence]], vocabulary: Vocabulary,
                     term_model: dict[str, np.ndarray]) -> ClusterFeatures:
    """Every sentence's features; ``term_model`` is ``scorer.load_term_model()``."""
    texts = [s.text for d in docs for s in d]
    joined = joined_sentences(texts)
    stats = term_stats(docs, vocabulary, joined)
    flags = sentence_flags(texts, joined, stats.story, stats.sent_doc)
    sentences, n_docs, B = stats.sentences, stats.n_docs, stats.incidence
    n = len(sentences)
    starts, rows, col = B.starts, B.rows, B.cols
    prob = term_probabilities(stats, term_model)
    n_terms = np.diff(starts).astype(np.float64)
    denom = np.maximum(n_terms, 1.0)
    agree = (stats.df - 1) / (n_docs - 1) if n_docs > 1 else np.zeros(len(stats.df))
    log_tf = np.log1p(stats.tf)
    centroid_norm = float(np.sqrt((log_tf * log_tf).sum())) or 1.0
    max_idf = vocabulary.max_idf
    index, doc_of = stats.sent_index, stats.sent_doc
    own_lead = index < 2
    lead_other = np.where(own_lead, B.dot((stats.lead >= 2).astype(np.float64)), B.dot((stats.lead >= 1).astype(np.float64)))

    n_words = np.maximum(stats.story.n_words, 1).astype(np.float64)
    doc_len = np.asarray([len(d) for d in docs], dtype=np.float64)
    p_sum = B.dot(prob)
    has = n_terms > 0
    matrix = np.empty((n, len(FEATURE_NAMES)), dtype=np.float32)
    for j, column in enumerate([
        np.log1p(index), index == 0, index == 1, np.log(n_words), n_words < 8, n_words > 45,
        (B.dot(agree)) / denom, _row_top_sum(agree[col], rows, starts, n, 5) / 5.0,
        p_sum / denom, np.log1p(p_sum), _row_top_sum(prob[col], rows, starts, n, 3) / 3.0,
        (B.dot(log_tf)) / (centroid_norm * np.sqrt(denom)),
        (B.dot(stats.idf)) / denom / max_idf * has, flags["dangling"], flags["quotes"] > 0,
        ~flags["final_punct"], flags["digit"], math.log(min(n_docs, DOCS_CAP)),
        np.log1p(doc_len[doc_of]), n_terms / n_words, flags["question"],
        flags["first_person"], lead_other / denom, stats.bigram_share,
        (B.dot(stats.prior)) / denom, stats.story.lexical,
    ]):
        matrix[:, j] = column
    story_context(matrix, doc_of, doc_len)
    return ClusterFeatures(sentences, B, n_terms, n_words, matrix, flags, stats.sent_source, n_docs,
                           index, stats.idf)


# ------------------------------------------------------------------ context block
CONTEXT_START = FEATURE_NAMES.index("doc_order")
_COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}
_Z_COLUMNS = [_COLUMN[name] for name in CONTEXT_ZSCORES]


def story_context(matrix: np.ndarray, doc_of: np.ndarray, doc_len: np.ndarray) -> None:
    """Fill the context block of FEATURE_NAMES (the columns from CONTEXT_START on) of the
    feature ``matrix`` from its first CONTEXT_START columns.

    Per sentence: its article's order and length rank in the story (0..1), the article's mean
    term probability, the previous and next sentence's term probability and agreement (0 at an
    article's edge), and z-scores within the story of CONTEXT_ZSCORES. Everything is relative to
    the story or bounded, so long raw articles stay inside the range of the truncated training
    articles (no sentence count, no absolute position). Linear in the number of sentences;
    sentences come article by article, in order.
    """
    n = matrix.shape[0]
    if n == 0:
        return
    base, out = matrix[:, :CONTEXT_START], matrix[:, CONTEXT_START:]
    n_docs = max(1, len(doc_len))
    spread = max(n_docs - 1, 1)
    len_rank = np.argsort(np.argsort(-doc_len, kind="stable"), kind="stable") / spread
    term_prob = base[:, _COLUMN["term_prob"]].astype(np.float64)
    agreement = base[:, _COLUMN["agreement"]].astype(np.float64)
    per_doc = np.maximum(np.bincount(doc_of, minlength=n_docs), 1)
    salience = np.bincount(doc_of, weights=term_prob, minlength=n_docs) / per_doc
    sub = base[:, _Z_COLUMNS].astype(np.float64)
    z = (sub - sub.mean(axis=0)) / (sub.std(axis=0) + 1e-6)
    out[:, 0], out[:, 1], out[:, 2] = doc_of / spread, len_rank[doc_of], salience[doc_of]
    # neighbours: the previous / next sentence of the same article (0 at an article's edge)
    same = doc_of[1:] == doc_of[:-1]
    out[0, 3] = out[0, 5] = out[-1, 4] = out[-1, 6] = 0.0
    out[1:, 3], out[:-1, 4] = np.where(same, term_prob[:-1], 0.0), np.where(same, term_prob[1:], 0.0)
    out[1:, 5], out[:-1, 6] = np.where(same, agreement[:-1], 0.0), np.where(same, agreement[1:], 0.0)
    out[:, 7:] = z
