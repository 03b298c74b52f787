"""The vocabulary: the shipped word weights (background IDF, prior, lexicon) and the term-id
table that turns a story's words into integer arrays. Loaded once, then passed to every stage
that reads a story's words (the selector, attribution): no process-wide state.
"""
from __future__ import annotations

import copy
import gzip
import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Sequence

import numpy as np

from .tokens import (FIRST_PERSON, SENTENCE_BREAK, is_first_person, lowered_tokens, raw_tokens,
                     terms_of_lowered)

_DIGIT = re.compile(r"\d")


def data_file(name: str, data_dir: Path | None = None):
    """A shipped model file, or the one in ``data_dir`` when it has it (training writes there)."""
    if data_dir is not None and (Path(data_dir) / name).exists():
        return Path(data_dir) / name
    return resources.files("newsbrief") / "data" / name


def read_idf(path) -> tuple[dict[str, float], float]:
    """Background IDF of stemmed content terms (built from multi_news_train documents)."""
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        n_docs = int(fh.readline().split("\t")[1])
        idf = {}
        for line in fh:
            term, df = line.rstrip("\n").split("\t")
            idf[term] = math.log((n_docs + 1) / (int(df) + 1))
    return idf, math.log(n_docs + 1)


def read_weights(path) -> dict[str, float]:
    """A shipped ``word<TAB>weight`` file (gzip) as a dict."""
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return {word: float(v) for word, v in (line.rstrip("\n").split("\t") for line in fh)}


@dataclass
class Incidence:
    """Which sentence has which term: a sparse 0/1 matrix in CSR order (numpy only, no scipy)."""

    rows: np.ndarray  # sentence of each entry
    cols: np.ndarray  # term of each entry
    starts: np.ndarray  # entries of sentence i are starts[i]:starts[i + 1]
    shape: tuple[int, int]
    # sentence -> which sentences say the same (attribution.similar_sentences fills it)
    similar: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def dot(self, values: np.ndarray) -> np.ndarray:
        """Per sentence, the sum of ``values`` over its terms (matrix @ values)."""
        return np.bincount(self.rows, weights=values[self.cols], minlength=self.shape[0])

    def terms_of(self, i: int) -> np.ndarray:
        return self.cols[self.starts[i]:self.starts[i + 1]]

    @cached_property
    def postings(self) -> tuple[np.ndarray, np.ndarray]:
        """The transpose (term -> sentences): the sentence of each entry in term order, and where
        each term's entries start. Built once, shared by the selector and attribution."""
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
    Bounded: ``Vocabulary`` starts a fresh one past ``MAX_TERMS`` terms or ``MAX_WORDS`` words.
    """

    MAX_TERMS = 1_000_000
    MAX_WORDS = 2_000_000

    def __init__(self, vocabulary: "Vocabulary") -> None:
        self.vocabulary = vocabulary
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
        lex = np.fromiter(map(self.vocabulary.lexicon.get, lowered, repeat(0.0)), dtype=np.float64,
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
            self.static[start:start + len(new)] = self.vocabulary.static_term_features(new)
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



def _story_terms(table: TermTable, joined: str, n: int) -> StoryTerms:
    """Tokenise ``joined_sentences`` of a story's ``n`` sentences once (one regex pass)."""
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



class Vocabulary:
    """The shipped word weights plus the growing term-id table; one per process is plenty.

    ``data_dir``: read the weight files from there when it has them (scripts/train_scorer.py
    reads what it has just written); else the package's. ``story_terms`` memoises the last few
    stories: the selector and attribution both need the same story's terms.
    """

    MEMO = 8

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.idf, self.max_idf = read_idf(data_file("idf.tsv.gz", data_dir))
        # log-odds that a term of the articles reaches the human brief; per-word news weight
        self.prior = read_weights(data_file("prior.tsv.gz", data_dir))
        self.lexicon = read_weights(data_file("lexicon.tsv.gz", data_dir))
        self.reset()

    def reset(self) -> None:
        """Forget every term id and memoised story."""
        self.table = TermTable(self)
        self._memo: OrderedDict[tuple[str, int], StoryTerms] = OrderedDict()

    def snapshot(self) -> TermTable:
        """A copy of the term table, for ``restore`` (the bench restarts each round from it)."""
        return copy.deepcopy(self.table, {id(self): self})

    def restore(self, table: TermTable) -> None:
        self.table = copy.deepcopy(table, {id(self): self})
        self._memo.clear()

    def terms(self, ids: np.ndarray) -> list[str]:
        """The terms behind table ids (training needs them; the run-time only needs ids)."""
        return [self.table.terms[i] for i in ids]

    def static_term_features(self, terms: Sequence[str]) -> np.ndarray:
        """Per term: (idf, unseen, is_number, log length, prior): the same in every story."""
        n = len(terms)
        idf = np.fromiter(map(self.idf.get, terms, repeat(-1.0)), dtype=np.float64, count=n)
        unseen = idf < 0
        return np.column_stack([
            np.where(unseen, self.max_idf, idf), unseen,
            np.fromiter(map(str.isdigit, terms), dtype=bool, count=n),
            np.log(np.fromiter(map(len, terms), dtype=np.float64, count=n)),
            np.fromiter(map(self.prior.get, terms, repeat(0.0)), dtype=np.float64, count=n),
        ]).astype(np.float64).reshape(n, 5)

    def story_terms(self, joined: str, n: int) -> StoryTerms:
        """The content terms of a story's ``n`` sentences, given ``tokens.joined_sentences`` of them."""
        table = self.table
        if len(table.terms) > TermTable.MAX_TERMS or len(table.word_of) > TermTable.MAX_WORDS:
            self.reset()
        key = (joined, n)
        found = self._memo.get(key)
        if found is not None:
            self._memo.move_to_end(key)
            return found
        found = self._memo[key] = _story_terms(self.table, joined, n)
        if len(self._memo) > self.MEMO:
            self._memo.popitem(last=False)
        return found
