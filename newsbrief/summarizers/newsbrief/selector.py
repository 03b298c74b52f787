"""newsbrief's own summarizer: a learned sentence scorer plus redundancy-aware budgeted selection.

1. ``features.cluster_features`` describes every sentence (position, length, how many sources
   share its words, salience of its words in this story and in news in general, ...).
2. A small model trained on multi_news_train (``scripts/train_scorer.py``; weights shipped in
   ``newsbrief/data/scorer.npz``) predicts how much of each sentence a human brief would contain.
3. A bonus for sentences whose content another source also reports (the test attribution uses
   for ``support``), and penalties for sentences that read badly out of context; some are a
   last resort (``last_resort``: quotation pieces, headline-like lines, ":" endings).
4. Greedy selection under the word budget, each pick discounted by how much of it the closest
   chosen sentence and the brief as a whole already say; near-duplicates (syndicated copies,
   repeated quotes) are never taken twice.
5. Reading order: position in the source article, then article order.

Only the first ``ARTICLE_WORDS`` words of each article are read, or as many as the budget when
that is more (``summarizers.base.reading_limit``). The shipped models and the vocabulary are
loaded once per ``NewsBrief`` (pass one ``Vocabulary`` to share it between instances).
"""
from __future__ import annotations

import math
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Sequence

import numpy as np

from ...attribution import similar_sentences
from ...insight.claims import contested_claims
from ...model import Sentence
from ...text.sentences import lead_section
from ...text.vocabulary import Vocabulary
from ..base import reading_limit
from .features import DOCS_CAP, ClusterFeatures, cluster_features
from ...text.defects import LEDE_SENTENCES
from .scorer import heuristic_scores, load_scorer, load_term_model, mlp_scores
from .standalone import Standalone

def _standardise(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9)


def many_source_scores(scores: np.ndarray, feats: ClusterFeatures, weight: float) -> np.ndarray:
    """Blend in degree centrality for stories with more sources than the scorer was trained on.

    Up to ``DOCS_CAP`` sources the scores are returned unchanged. Beyond, both the scores and the
    centrality are standardised within the story and centrality gets ``weight * log(n_docs /
    DOCS_CAP)`` (about 0.9 x weight for 25 sources): the more sources, the more what they all
    repeat says what the story is, and the further the learned scorer is from its training range.
    """
    k = weight * math.log(feats.n_docs / DOCS_CAP) if feats.n_docs > DOCS_CAP else 0.0
    if k <= 0 or len(scores) < 2:
        return scores
    return _standardise(scores) + k * _standardise(feats.centrality)


def readability_factors(feats: ClusterFeatures) -> np.ndarray:
    """Down-weight sentences a reader cannot follow out of context.

    Questions to the reader, openings that point back ("That's what...", "But he..."), and pieces
    of a quotation split across sentences (an odd number of quote marks, or a sentence inside a
    quotation that an earlier one opened) read badly in a brief; they are kept only when nothing
    as good is left (short quotation pieces only when no other sentence is left at all, see ``select``).
    """
    flags = feats.flags
    out = np.ones(len(feats.sentences))
    out[flags["question"]] *= READABILITY_PENALTY["question"]
    out[flags["dangling"]] *= READABILITY_PENALTY["dangling"]
    out[flags["quote_piece"]] *= READABILITY_PENALTY["split_quote"]
    return out


READABILITY_PENALTY = {"question": 0.5, "dangling": 0.85, "split_quote": 0.6}
# Each article is read up to this many words. News puts what matters first, and the scorer is
# trained on Multi-News articles, 99% of which are cut shorter than this: past it the features
# describe text unlike anything it learned from. Long articles then cost no more than their lead.
ARTICLE_WORDS = 400
QUOTE_PIECE_WORDS = 12  # shorter quotation pieces are a last resort (long ones carry the story)
OPENING_SENTENCES = 3  # an article's headline-like opening lines (highlights) need no final stop
SUPPORT_CANDIDATES = 64  # the best sentences checked for support (keeps the check linear)


def cross_source_support(feats: ClusterFeatures, base: np.ndarray) -> np.ndarray:
    """Per sentence: True when another source has a sentence that says the same (the test of
    attribution.find_support), for the SUPPORT_CANDIDATES best sentences; False for the rest."""
    top = np.argsort(-base, kind="stable")[:SUPPORT_CANDIDATES]
    similar = similar_sentences(feats.incidence, top)
    out = np.zeros(len(base), dtype=bool)
    out[top] = (similar & (feats.source[None, :] != feats.source[top][:, None])).any(axis=1)
    return out


def last_resort(feats: ClusterFeatures) -> np.ndarray:
    """Sentences a brief takes only when nothing else is left.

    A short piece of a split quotation (it has lost its speaker); a paragraph that ends without
    final punctuation past an article's opening lines (the opening may be highlights; later,
    such lines are related-story links, credits, captions and subheadings, not prose); a
    sentence ending in ":" (it introduces something the brief leaves out). A text cut off at
    its end (no line break after it) is not such a paragraph.
    """
    flags, n = feats.flags, len(feats.sentences)
    paragraph_end = np.fromiter(map(attrgetter("paragraph_end"), feats.sentences), dtype=bool, count=n)
    return ((flags["quote_piece"] & (feats.n_words < QUOTE_PIECE_WORDS)) | flags["lead_in"]
            | (paragraph_end & ~flags["final_punct"] & (feats.index >= OPENING_SENTENCES)))


class NewsBrief:
    """Our default summarizer (``name = "newsbrief"``).

    ``learned``: use the trained scorer (else the hand-set weights); ``redundancy``: how strongly
    a sentence is discounted by the share of its content words one chosen sentence already has;
    ``duplicate``: above that share it is never taken; ``min_words``: shorter sentences are
    fragments (captions, datelines) and are only used when nothing else is left;
    ``support``: the bonus (x(1 + support)) for a sentence whose content another source reports
    too; ``centrality``: how much stories with more than ``features.DOCS_CAP`` sources lean on
    LexRank-style centrality (see ``many_source_scores``; 0 switches it off); ``union``: a
    further discount by the share of a sentence's content words the brief as a whole already
    has (all picks together, where ``redundancy`` looks at the closest single pick);
    ``article_words``: each article is read up to that many words, or the budget if longer
    (``ARTICLE_WORDS``; None reads it all). ``vocabulary``: shared word weights and term ids
    (loaded on first use when not given); ``data_dir``: read the models from there (training).
    """

    name = "newsbrief"

    def __init__(self, learned: bool = True, redundancy: float = 1.0, duplicate: float = 0.6,
                 min_words: int = 5, order: str = "position", readability: bool = True,
                 support: float = 0.2, centrality: float = 1.0, scorer_path: str | None = None,
                 union: float = 0.8, article_words: int | None = ARTICLE_WORDS,
                 vocabulary: Vocabulary | None = None, data_dir: Path | None = None):
        self.learned = learned
        self.redundancy = redundancy
        self.duplicate = duplicate
        self.min_words = min_words
        self.order = order
        self.readability = readability
        self.support = support
        self.centrality = centrality
        self.scorer_path = scorer_path
        self.union = union
        self.article_words = article_words
        self.data_dir = data_dir
        if vocabulary is not None:
            self.vocabulary = vocabulary

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.data_dir)

    @cached_property
    def term_model(self) -> dict[str, np.ndarray]:
        return load_term_model(self.data_dir)

    @cached_property
    def scorer(self) -> dict[str, np.ndarray]:
        return load_scorer(self.scorer_path, self.data_dir)

    def scores(self, docs: Sequence[Sequence[Sentence]]) -> tuple[ClusterFeatures, np.ndarray]:
        feats = cluster_features(docs, self.vocabulary, self.term_model)
        if self.learned:
            s = mlp_scores(self.scorer, feats.matrix)
        else:
            s = heuristic_scores(feats.matrix)
        if self.centrality:
            s = many_source_scores(s, feats, self.centrality)
        return feats, s

    def select(self, docs: Sequence[Sequence[Sentence]], words: int,
               strict: bool = True) -> list[Sentence]:
        limit = reading_limit(self.article_words, words)
        if limit is not None:
            docs = [lead_section(d, limit) for d in docs]
        feats, scores = self.scores(docs)
        sentences = feats.sentences
        if not sentences:
            return []
        n_words, n_terms, incidence = feats.n_words, feats.n_terms, feats.incidence
        available = (n_words >= self.min_words) & (n_terms > 0)
        if self.readability:
            fragment = last_resort(feats)
            if (available & ~fragment).any():
                available &= ~fragment
        if not available.any():
            available = np.ones(len(sentences), dtype=bool)
        base = scores - scores.min() + 1e-3  # positive, so discounting is monotone
        if self.readability:
            base = base * readability_factors(feats)
        if self.support:
            base = base * (1.0 + self.support * cross_source_support(feats, base))
        overlap = np.zeros(len(sentences))
        denom = np.maximum(n_terms, 1.0)
        # the whole-brief discount matters when the brief keeps much of the story; with a source
        # many times the budget it would push the picks away from the story's core words
        union = self.union * min(1.0, 2.0 * words / max(1.0, float(n_words.sum())))
        covered = np.zeros(incidence.shape[1])  # the content words of the brief so far
        covered_share = np.zeros(len(sentences))  # share of each sentence's words among them
        standing = Standalone(sentences) if self.readability else None
        # a lede: one of an article's opening sentences, in the writer's words (not a quotation)
        lede = (feats.index < LEDE_SENTENCES) & ~np.fromiter(
            (s.text[:1] in _QUOTE_OPENERS for s in sentences), dtype=bool, count=len(sentences))
        cost, value_of = n_words.copy(), base.copy()  # a pick's words and value, with what it brings
        denials = contested(sentences) if standing is not None else {}
        out: dict[int, Sentence] = {}  # picked row -> the sentence as the brief has it
        picks: list[int] = []  # rows in the order taken (a pick's predecessors just before it)
        total = 0
        while total < words:
            if strict:  # only what still fits; a first pick over the budget only if nothing fits
                fits = available & (cost <= words - total)
                if out or fits.any():
                    available = fits
            if not available.any():
                break
            value = np.where(available, value_of * (1.0 - self.redundancy * overlap
                                                    - union * covered_share), -np.inf)
            if standing is not None and not out and (available & lede).any():
                value = np.where(lede, value, -np.inf)  # the brief opens with a lede
            i = int(np.argmax(value))
            unit = [i]
            if standing is not None:
                judged = standing.judge(i)
                if not judged.ok:
                    available[i] = False
                    continue
                unit = [r for r in judged.before if r not in out] + [i]
                if i in denials and not any(d in out for d in denials[i]):
                    # a disputed claim comes with its denial (the best one a reader can take)
                    denial = max((d for d in denials[i] if d not in unit and standing.judge(d).ok),
                                 key=base.__getitem__, default=None)
                    if denial is None:
                        available[i] = False
                        continue
                    unit += [r for r in standing.judge(denial).before if r not in out and r not in unit]
                    unit.append(denial)
                if any(overlap[r] >= self.duplicate for r in unit if r != i):
                    available[i] = False  # what it needs along, the brief already says
                    continue
                unit_words = int(n_words[unit].sum())
                if unit_words != cost[i]:  # compete again with what it brings along
                    cost[i] = unit_words
                    value_of[i] = float((base[unit] * n_words[unit]).sum()) / unit_words
                    continue
                for r in unit:
                    out[r] = standing.judge(r).sentence
            else:
                out[i] = sentences[i]
            for r in unit:
                picks.append(r)
                total += int(n_words[r])
                available[r] = False
                # share of each sentence's terms that the new pick already says
                terms = incidence.terms_of(r)
                pick = np.zeros(incidence.shape[1])
                pick[terms] = 1.0
                overlap = np.maximum(overlap, incidence.dot(pick) / denom)
                covered[terms] = 1.0
            if union:
                covered_share = incidence.dot(covered) / denom
            available &= overlap < self.duplicate
        if self.order != "position":
            return [out[r] for r in picks]
        if standing is None or not out:
            return sorted(out.values(), key=lambda s: (s.index, s.doc))
        return reading_order(picks, out)


_QUOTE_OPENERS = "\"“‘'«"


def contested(sentences: Sequence[Sentence]) -> dict[int, list[int]]:
    """Row of each disputed claim -> the rows of the sentences that deny it (GUIDE §1 trust rule)."""
    docs: dict[int, list[Sentence]] = {}
    for s in sentences:
        docs.setdefault(s.doc, []).append(s)
    row_of = {(s.doc, s.index): k for k, s in enumerate(sentences)}
    found: dict[int, list[int]] = {}
    story = [docs.get(d, []) for d in range(max(docs, default=-1) + 1)]
    for c in contested_claims(story, lenient=True):
        claim, denial = row_of.get(c.claim), row_of.get(c.denial)
        if claim is not None and denial is not None and claim != denial:
            found.setdefault(claim, []).append(denial)
    return found


def reading_order(picks: Sequence[int], out: dict[int, Sentence]) -> list[Sentence]:
    """The first pick's run of sentences first (the lede), then each run of consecutive
    sentences of one article by its position there, then article order: a sentence that needs
    its predecessor always comes right after it."""
    rows = sorted(out, key=lambda r: (out[r].doc, out[r].index))
    runs: list[list[int]] = []
    for r in rows:
        last = runs[-1][-1] if runs else None
        if last is not None and out[last].doc == out[r].doc and out[last].index == out[r].index - 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    first = next(run for run in runs if picks[0] in run)
    rest = sorted((run for run in runs if run is not first), key=lambda run: (out[run[0]].index, out[run[0]].doc))
    return [out[r] for run in [first] + rest for r in run]
