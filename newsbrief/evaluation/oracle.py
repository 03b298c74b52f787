"""The greedy extractive oracle on ROUGE-1 + ROUGE-2 F1 against the reference(s): the ceiling
of any extractive method. It needs the references, so it lives with the evaluation, not among
the summarizers. rouge-score and NLTK belong to the ``newsbrief[eval]`` extra.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from ..model import NewsbriefError, Sentence
from .rouge import rouge_tokens


def _ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: int, n_hyp: int, n_ref: int) -> float:
    if overlap == 0 or n_hyp == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_hyp, overlap / n_ref
    return 2 * p * r / (p + r)


class _RougeState:
    """ROUGE-1/2 F1 of a growing summary against several references, updated incrementally.

    Equals rouge-score's rouge1/rouge2 F1 of the sentences joined in order (bigrams across a
    sentence boundary included, as rouge-score tokenizes the whole summary).
    """

    def __init__(self, refs: Sequence[Sequence[str]]) -> None:
        self.refs = [(_ngrams(t, 1), _ngrams(t, 2)) for t in refs]
        self.ref_len = [(max(len(t), 0), max(len(t) - 1, 0)) for t in refs]
        self.counts = (Counter(), Counter())
        self.overlap = [[0, 0] for _ in refs]
        self.n_hyp = [0, 0]
        self.last: str | None = None

    def _grams(self, tokens: Sequence[str]) -> tuple[Counter, Counter]:
        uni = _ngrams(tokens, 1)
        bi = _ngrams(tokens, 2)
        if self.last is not None and tokens:
            bi[(self.last, tokens[0])] += 1
        return uni, bi

    def gain(self, tokens: Sequence[str]) -> float:
        """The objective (mean over references of R1 F1 + R2 F1) if ``tokens`` were appended."""
        grams = self._grams(tokens)
        n_new = [self.n_hyp[k] + sum(grams[k].values()) for k in (0, 1)]
        total = 0.0
        for r, (ref, ref_len) in enumerate(zip(self.refs, self.ref_len)):
            for k in (0, 1):
                have, want = self.counts[k], ref[k]
                extra = 0
                for g, c in grams[k].items():
                    w = want.get(g)
                    if w:
                        h = have.get(g, 0)
                        if h < w:
                            extra += min(h + c, w) - h
                total += _f1(self.overlap[r][k] + extra, n_new[k], ref_len[k])
        return total / max(len(self.refs), 1)

    def add(self, tokens: Sequence[str]) -> None:
        grams = self._grams(tokens)
        for r, ref in enumerate(self.refs):
            for k in (0, 1):
                for g, c in grams[k].items():
                    w = ref[k].get(g)
                    if w:
                        h = self.counts[k].get(g, 0)
                        if h < w:
                            self.overlap[r][k] += min(h + c, w) - h
        for k in (0, 1):
            self.counts[k].update(grams[k])
            self.n_hyp[k] += sum(grams[k].values())
        if tokens:
            self.last = tokens[-1]

    def score(self) -> float:
        return sum(_f1(self.overlap[r][k], self.n_hyp[k], self.ref_len[r][k])
                   for r in range(len(self.refs)) for k in (0, 1)) / max(len(self.refs), 1)


_ALNUM = re.compile(r"[a-z0-9]+")


def _token_prefix_lengths(text: str) -> list[int]:
    """``out[k]`` = number of rouge tokens in the first ``k`` whitespace words of ``text``."""
    out = [0]
    for w in text.split():
        out.append(out[-1] + len(_ALNUM.findall(w.lower())))
    return out


def oracle_objective(sentences: Sequence[str], references: Sequence[str]) -> float:
    """Mean over references of ROUGE-1 F1 + ROUGE-2 F1 of ``sentences`` joined in order."""
    state = _RougeState([rouge_tokens(r) for r in references])
    for s in sentences:
        state.add(rouge_tokens(s))
    return state.score()


class Oracle:
    """Greedy extractive oracle: the ceiling for an extractive summarizer (needs references).

    Repeatedly adds the sentence that most increases the mean over references of
    ROUGE-1 F1 + ROUGE-2 F1, until nothing improves it or the budget is full. With
    ``strict=False`` the last sentence may run past the budget; its gain is computed on the
    part that survives the evaluation's word cut, and it is returned last so that it is the
    one cut. Otherwise sentences come back in reading order.
    """

    name = "oracle"

    def select(self, docs: Sequence[Sequence[Sentence]], words: int,
               strict: bool = True) -> list[Sentence]:
        raise NewsbriefError("the oracle needs the reference summaries: use select_for()")

    def select_for(self, docs: Sequence[Sequence[Sentence]], words: int,
                   references: Sequence[str], strict: bool = True) -> list[Sentence]:
        pool = [s for d in docs for s in d if s.n_words > 0]
        refs = [r for r in references if r and r.strip()]
        if not pool or not refs or words < 1:
            return []
        state = _RougeState([rouge_tokens(r) for r in refs])
        tokens = [rouge_tokens(s.text) for s in pool]
        # rouge tokens are the [a-z0-9]+ runs of the lowercased text, so the tokens of the first
        # k whitespace words are a prefix: count them per word once, to cut without re-tokenizing.
        cuts = [_token_prefix_lengths(s.text) for s in pool]
        chosen: list[int] = []
        used: set[int] = set()
        total, best_score = 0, 0.0
        overflow = False
        while total < words:
            best, best_gain, best_toks = -1, best_score, None
            for i, s in enumerate(pool):
                if i in used:
                    continue
                toks = tokens[i]
                if total + s.n_words > words:
                    if not strict:  # the evaluation will cut this one: score what is left
                        toks = toks[:cuts[i][words - total]]
                    elif chosen:
                        continue
                g = state.gain(toks)
                if g > best_gain + 1e-12:
                    best, best_gain, best_toks = i, g, toks
            if best < 0:
                break
            state.add(best_toks)
            best_score = best_gain
            chosen.append(best)
            used.add(best)
            total += pool[best].n_words
            overflow = total > words
        picked = [pool[i] for i in chosen]
        if overflow and not strict:
            head = sorted(picked[:-1], key=lambda s: (s.doc, s.index))
            return head + picked[-1:]
        return sorted(picked, key=lambda s: (s.doc, s.index))
