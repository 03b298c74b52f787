"""Sentence features for the selector: position, length, cross-source agreement, salience.

Everything here is linear in the number of sentences (term statistics, no sentence-by-sentence
similarity matrix), so a 200-article story costs 100x a 2-article one, not 10,000x.
The same function serves the run-time selector and the training script (scripts/train_scorer.py).
"""
from __future__ import annotations

import copy
import gzip
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain, repeat
from pathlib import Path
from operator import attrgetter, itemgetter, methodcaller
from typing import Sequence

import numpy as np

from .model import Sentence
from .text import (FIRST_PERSON, SENTENCE_BREAK, is_first_person, joined_sentences, lowered_tokens,
                   raw_tokens, terms_of_lowered)

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


_DATA_DIR: Path | None = None  # where prior.tsv.gz and terms.npz are read from (None: the package)


def data_file(name: str):
    """A shipped model file, or the one in the folder given to ``use_data_dir`` (training)."""
    if _DATA_DIR is not None and (_DATA_DIR / name).exists():
        return _DATA_DIR / name
    return resources.files("newsbrief") / "data" / name


def use_data_dir(folder: Path | None) -> None:
    """Read the models from ``folder`` from now on (None: the package's), forgetting every cached
    copy and term feature: scripts/train_scorer.py uses it on the files it has just written."""
    global _DATA_DIR
    _DATA_DIR = folder
    background_idf.cache_clear()
    term_prior.cache_clear()
    lexicon.cache_clear()
    load_term_model.cache_clear()
    reset_term_table()  # its static term features hold the old idf and prior


@lru_cache(maxsize=1)
def background_idf() -> tuple[dict[str, float], float]:
    """Background IDF of stemmed content terms (built from multi_news_train documents)."""
    with data_file("idf.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        n_docs = int(fh.readline().split("\t")[1])
        idf = {}
        for line in fh:
            term, df = line.rstrip("\n").split("\t")
            idf[term] = math.log((n_docs + 1) / (int(df) + 1))
    return idf, math.log(n_docs + 1)


def _read_weights(name: str) -> dict[str, float]:
    """A shipped ``word<TAB>weight`` file (gzip) as a dict."""
    with data_file(name).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return {word: float(v) for word, v in (line.rstrip("\n").split("\t") for line in fh)}


@lru_cache(maxsize=1)
def term_prior() -> dict[str, float]:
    """Log-odds (centred) that a term present in the articles also appears in the human brief.

    Learned from multi_news_train clusters disjoint from those the models are fitted on.
    """
    return _read_weights("prior.tsv.gz")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """Per word in ``text.lowered_tokens`` form (stop words included): its weight in a linear model of how much of a
    sentence the human brief contains, from the sentence's words alone (mean over its tokens).

    It learns what the other features cannot see: the vocabulary of news (what happened, who,
    how many) against that of web leftovers and asides. Learned from the same multi_news_train
    clusters as the prior, disjoint from those the scorer is fitted on (scripts/train_scorer.py).
    """
    return _read_weights("lexicon.tsv.gz")


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


@dataclass
class Incidence:
    """Which sentence has which term: a sparse 0/1 matrix in CSR order (numpy only, no scipy)."""

    rows: np.ndarray  # sentence of each entry
    cols: np.ndarray  # term of each entry
    starts: np.ndarray  # entries of sentence i are starts[i]:starts[i + 1]
    shape: tuple[int, int]
    # sentence -> which sentences say the same (provenance.similar_sentences fills it)
    similar: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def dot(self, values: np.ndarray) -> np.ndarray:
        """Per sentence, the sum of ``values`` over its terms (matrix @ values)."""
        return np.bincount(self.rows, weights=values[self.cols], minlength=self.shape[0])

    def terms_of(self, i: int) -> np.ndarray:
        return self.cols[self.starts[i]:self.starts[i + 1]]

    @cached_property
    def postings(self) -> tuple[np.ndarray, np.ndarray]:
        """The transpose (term -> sentences): the sentence of each entry in term order, and where
        each term's entries start. Built once, shared by the selector and provenance."""
        by_term = np.argsort(self.cols, kind="stable")
        pointer = np.concatenate([[0], np.cumsum(np.bincount(self.cols, minlength=self.shape[1]))])
        return self.rows[by_term], pointer


def ragged_range(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ranges starts[i] .. starts[i] + lengths[i] - 1, without a Python loop."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    first = np.cumsum(lengths) - lengths  # where each range begins in the output
    return np.arange(total) - np.repeat(first - starts, lengths)


def static_term_features(terms: Sequence[str]) -> np.ndarray:
    """Per term: (idf, unseen, is_number, log length, prior): the same in every story."""
    idf_table, max_idf = background_idf()
    prior = term_prior()
    n = len(terms)
    idf = np.fromiter(map(idf_table.get, terms, repeat(-1.0)), dtype=np.float64, count=n)
    unseen = idf < 0
    return np.column_stack([
        np.where(unseen, max_idf, idf), unseen,
        np.fromiter(map(str.isdigit, terms), dtype=bool, count=n),
        np.log(np.fromiter(map(len, terms), dtype=np.float64, count=n)),
        np.fromiter(map(prior.get, terms, repeat(0.0)), dtype=np.float64, count=n),
    ]).astype(np.float64).reshape(n, 5)


STOP = -1  # the term id of a stop word
DIGIT, FIRST = 1, 2  # token flag bits: has a digit; a first/second-person word ("I", "we", "you")
_FIRST_INITIALS = frozenset(w[0] for w in FIRST_PERSON)
_UNUSED = np.int64(1 << 62)  # TermTable._first_use of a term the current story has not used


class TermTable:
    """Integer ids for word tokens and content terms, kept across stories.

    Each distinct whitespace word ("said,") gets an id and its tokens, each distinct raw token
    (as written) a type id with its content term and flags, and each term its static features.
    A story's words become integer arrays in one C-level pass of dict lookups plus
    fancy-indexing: no per-word Python work once a word has been seen. A long-running process
    (batch, server) soon knows most words it meets; registering new ones is the cold cost.
    Bounded: ``term_table`` starts a fresh one past ``MAX_TERMS`` terms or ``MAX_WORDS`` words.
    """

    MAX_TERMS = 1_000_000
    MAX_WORDS = 2_000_000

    def __init__(self) -> None:
        self.type_of: dict[str, int] = {}
        self.type_term = np.zeros(8192, dtype=np.int64)
        self.type_flags = np.zeros(8192, dtype=np.uint8)
        self.type_lex = np.zeros(8192, dtype=np.float64)  # lexicon weight of each type
        self.id_of_term: dict[str, int] = {}
        self.terms: list[str] = []
        self.static = np.zeros((4096, 5), dtype=np.float64)
        self._first_use = np.full(4096, _UNUSED)  # scratch for local_ids
        self.word_of: dict[str, int] = {}  # whitespace word -> id (see ``words``)
        self.word_first = np.zeros(8192, dtype=np.int64)
        self.word_size = np.zeros(8192, dtype=np.int64)
        self.word_types = np.zeros(8192, dtype=np.int64)
        self.n_word_types = 0

    def words(self, words: list[str]) -> np.ndarray:
        """Id of every whitespace word ("said," "(AP)" "Trump's"): the word's tokens are
        ``word_types[word_first[id]:word_first[id] + word_size[id]]``.

        Splitting on whitespace (one C call per sentence, needed anyway for word counts) and one
        dict lookup per word replaces running the token pattern over the whole story: a word's
        tokens are found once, when the word is first seen. Tokens never span whitespace, so the
        result is exactly the tokens of the text.
        """
        return _ids(self.word_of, words, self._add_words)

    def _add_words(self, words: list[str]) -> None:
        # one pattern run over the new words joined by SENTENCE_BREAK (no word contains it)
        found = raw_tokens(SENTENCE_BREAK.join(words))
        is_break = np.fromiter(map(SENTENCE_BREAK.__eq__, found), dtype=bool, count=len(found))
        sizes = np.bincount(np.cumsum(is_break)[~is_break], minlength=len(words))
        types = self.types([t for t in found if t != SENTENCE_BREAK])
        start, at = len(self.word_of), self.n_word_types
        self.word_of.update(zip(words, range(start, start + len(words))))
        self.word_first = _fit(self.word_first, start + len(words))
        self.word_size = _fit(self.word_size, start + len(words))
        self.word_first[start:start + len(words)] = at + np.cumsum(sizes) - sizes
        self.word_size[start:start + len(words)] = sizes
        self.word_types = _fit(self.word_types, at + len(types))
        self.word_types[at:at + len(types)] = types
        self.n_word_types = at + len(types)

    def types(self, tokens: list[str]) -> np.ndarray:
        """Type id of every raw token (look up ``type_term`` / ``type_flags`` with it)."""
        return _ids(self.type_of, tokens, self._add_types)

    def _add_types(self, tokens: list[str]) -> None:
        lowered = lowered_tokens(tokens)
        terms = self._term_ids(terms_of_lowered(lowered))
        flags = np.zeros(len(tokens), dtype=np.uint8)
        # C-level tests first: most tokens are all letters, and few can be "I", "we", "you"...
        letters = np.fromiter(map(str.isalpha, tokens), dtype=bool, count=len(tokens))
        for k in np.flatnonzero(~letters):
            flags[k] = DIGIT if _DIGIT.search(tokens[k]) else 0
        first = np.fromiter(map(_FIRST_INITIALS.__contains__, map(itemgetter(0), tokens)),
                            dtype=bool, count=len(tokens))
        for k in np.flatnonzero(first):
            flags[k] |= FIRST if is_first_person(tokens[k]) else 0
        lex = np.fromiter(map(lexicon().get, lowered, repeat(0.0)), dtype=np.float64,
                          count=len(tokens))
        start = len(self.type_of)
        self.type_of.update(zip(tokens, range(start, start + len(tokens))))
        self.type_term = _fit(self.type_term, start + len(tokens))
        self.type_flags = _fit(self.type_flags, start + len(tokens))
        self.type_lex = _fit(self.type_lex, start + len(tokens))
        self.type_term[start:start + len(tokens)] = terms
        self.type_flags[start:start + len(tokens)] = flags
        self.type_lex[start:start + len(tokens)] = lex

    def local_ids(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Story-local ids for a story's term ids, numbered in order of first use, so results never
        depend on what the table saw before (another story, another worker process).

        Returns (the table id of each local term, the local id of every entry of ``ids``). A
        scratch array indexed by table id finds each term's first use without sorting; only the
        entries this story set are reset afterwards.
        """
        if len(self._first_use) < len(self.terms):
            self._first_use = np.full(max(len(self.terms), 2 * len(self._first_use)), _UNUSED)
        position = np.arange(len(ids))
        np.minimum.at(self._first_use, ids, position)
        first = self._first_use[ids]
        self._first_use[ids] = _UNUSED
        is_first = first == position
        return ids[is_first], (np.cumsum(is_first) - 1)[first]

    def _term_ids(self, terms: list[str]) -> list[int]:
        """The id of each term ("" is a stop word), registering terms never seen before."""
        new = [t for t in set(terms).difference(self.id_of_term) if t]
        if new:
            start = len(self.terms)
            self.id_of_term.update(zip(new, range(start, start + len(new))))
            self.terms.extend(new)
            self.static = _fit(self.static, start + len(new))
            self.static[start:start + len(new)] = static_term_features(new)
        return list(map(self.id_of_term.get, terms, repeat(STOP)))


def _lookup(ids: dict[str, int], keys: list[str]) -> np.ndarray:
    """``ids[key]`` for every key, -1 where a key is missing: one C-level pass, no exception."""
    return np.fromiter(map(ids.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))


def _ids(ids: dict[str, int], keys: list[str], register) -> np.ndarray:
    """``ids[key]`` for every key; keys never seen before go to ``register`` (each once) first."""
    found = _lookup(ids, keys)
    missing = np.flatnonzero(found < 0)
    if len(missing):
        unseen = list(map(keys.__getitem__, missing.tolist()))
        register(list(dict.fromkeys(unseen)))
        found[missing] = _lookup(ids, unseen)
    return found


def _fit(array: np.ndarray, size: int) -> np.ndarray:
    """``array`` with room for at least ``size`` rows (capacity doubles, so growth is amortised)."""
    if size <= len(array):
        return array
    grown = np.zeros((max(size, 2 * len(array)),) + array.shape[1:], dtype=array.dtype)
    grown[:len(array)] = array
    return grown


_TABLE: TermTable | None = None  # made on first use


def term_table() -> TermTable:
    """The process's TermTable (a fresh one when the old one grew past ``MAX_TERMS``)."""
    if _TABLE is None or len(_TABLE.terms) > TermTable.MAX_TERMS or len(_TABLE.word_of) > TermTable.MAX_WORDS:
        reset_term_table()
    assert _TABLE is not None
    return _TABLE


def save_term_table() -> TermTable:
    """A copy of the process's word table, for ``use_term_table`` (the bench restarts every
    timed round from the same table)."""
    return copy.deepcopy(term_table())


def use_term_table(table: TermTable) -> None:
    """Make a copy of ``table`` the process's word table (forgetting memoised stories)."""
    global _TABLE
    _TABLE = copy.deepcopy(table)
    _story_terms.cache_clear()


def reset_term_table() -> None:
    """Forget every term id (after the IDF or prior files changed, e.g. while training)."""
    global _TABLE
    _TABLE = TermTable()
    _story_terms.cache_clear()


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

    @property
    def vocab(self) -> list[str]:
        """The terms themselves (for training; the run-time only needs their ids)."""
        return [term_table().terms[i] for i in self.story.vocab_ids]


@dataclass(frozen=True)
class StoryTerms:
    """The content terms of every sentence of one story, in story-local ids."""

    vocab_ids: np.ndarray  # TermTable id of each local term
    tok: np.ndarray  # local term id of every content token, in text order
    tok_row: np.ndarray  # the sentence of every content token
    incidence: Incidence  # distinct (sentence, term) pairs
    digits: np.ndarray  # per sentence: tokens with a digit
    first_person: np.ndarray  # per sentence: "I", "we", "you"... tokens
    n_words: np.ndarray  # per sentence: whitespace words
    lexical: np.ndarray  # per sentence: mean lexicon weight of its tokens (``lexicon``)


def story_terms(joined: str, n: int) -> StoryTerms:
    """Tokenise ``joined_sentences`` of a story's ``n`` sentences once (one regex pass).

    Memoised on the text: the selector and the provenance step both need it for the same story.
    """
    term_table()  # a fresh table (and memo) when the old one grew too big
    return _story_terms(joined, n)


@lru_cache(maxsize=8)
def _story_terms(joined: str, n: int) -> StoryTerms:
    table = term_table()
    words = list(map(str.split, joined.split(SENTENCE_BREAK))) if n else []
    n_words = np.fromiter(map(len, words), dtype=np.int64, count=n)
    word_ids = table.words(list(chain.from_iterable(words)))
    sizes = table.word_size[word_ids]
    types = table.word_types[ragged_range(table.word_first[word_ids], sizes)]
    ids, flags = table.type_term[types], table.type_flags[types]
    row_of = np.repeat(np.repeat(np.arange(n), n_words), sizes)  # the sentence of each token
    digits = np.bincount(row_of[(flags & DIGIT) > 0], minlength=n)
    first_person = np.bincount(row_of[(flags & FIRST) > 0], minlength=n)
    lexical = (np.bincount(row_of, weights=table.type_lex[types], minlength=n)
               / np.maximum(np.bincount(row_of, minlength=n), 1))
    keep = ids >= 0
    vocab_ids, tok = table.local_ids(ids[keep])
    tok_row = row_of[keep]
    size = max(1, len(vocab_ids))
    entries = tok_row * size + tok
    entries.sort()  # sentence by sentence; then the distinct (sentence, term) pairs
    if len(entries):
        entries = entries[np.concatenate([[True], entries[1:] != entries[:-1]])]
    rows, cols = entries // size, entries % size
    starts = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int64)
    return StoryTerms(vocab_ids, tok, tok_row, Incidence(rows, cols, starts, (n, len(vocab_ids))),
                      digits, first_person, n_words, lexical)


def term_stats(docs: Sequence[Sequence[Sentence]], joined: str | None = None) -> TermStats:
    """``joined``: ``joined_sentences`` of the sentences' texts, if the caller already has it."""
    _, max_idf = background_idf()
    sentences = [s for d in docs for s in d]
    n = len(sentences)
    if joined is None:
        joined = joined_sentences([s.text for s in sentences])
    terms = story_terms(joined, n)
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
    static = term_table().static[vocab_ids]
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


@lru_cache(maxsize=1)
def load_term_model() -> dict[str, np.ndarray]:
    """Logistic model: probability that a term of the story appears in a human brief."""
    with data_file("terms.npz").open("rb") as fh:
        data = np.load(fh)
        model = {k: data[k] for k in data.files}
    if list(model["feature_names"]) != TERM_FEATURE_NAMES:
        raise RuntimeError("newsbrief/data/terms.npz was trained on other features; retrain it")
    return model


def term_probabilities(stats: TermStats) -> np.ndarray:
    model = load_term_model()
    z = ((stats.matrix - model["mean"]) / model["scale"]) @ model["coef"] + model["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


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


def cluster_features(docs: Sequence[Sequence[Sentence]]) -> ClusterFeatures:
    texts = [s.text for d in docs for s in d]
    joined = joined_sentences(texts)
    stats = term_stats(docs, joined)
    flags = sentence_flags(texts, joined, stats.story, stats.sent_doc)
    sentences, n_docs, B = stats.sentences, stats.n_docs, stats.incidence
    n = len(sentences)
    starts, rows, col = B.starts, B.rows, B.cols
    prob = term_probabilities(stats)
    n_terms = np.diff(starts).astype(np.float64)
    denom = np.maximum(n_terms, 1.0)
    agree = (stats.df - 1) / (n_docs - 1) if n_docs > 1 else np.zeros(len(stats.df))
    log_tf = np.log1p(stats.tf)
    centroid_norm = float(np.sqrt((log_tf * log_tf).sum())) or 1.0
    _, max_idf = background_idf()
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
