"""The peers we measure against, behind the same ``Summarizer`` interface as our selector.

* ``lead``: first sentences of each article in turn (``newsbrief.summarizer.Lead``);
* sumy's ``lexrank``, ``textrank``, ``lsa``, ``luhn`` and ``sumbasic``, fed with OUR sentences
  (sumy's own sentence splitter needs NLTK punkt data, which cannot be downloaded here), with
  sumy's English stemmer and stop words;
* ``Oracle``: the greedy extractive oracle on ROUGE-1 + ROUGE-2 F1 against the reference(s),
  the ceiling of any extractive method.

Every peer returns our ``Sentence`` objects, so peers carry provenance exactly like ours.
sumy, NLTK and rouge-score belong to the optional ``newsbrief[eval]`` extra: they are imported
lazily, when a peer is first used.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, Callable, Sequence

from .model import NewsbriefError, Sentence
from .summarizer import Lead, Summarizer, fill_in_order

SUMY_PEERS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic")
# newsbrief with one component removed, for the ablation table in docs/benchmarks.md
ABLATIONS = ("newsbrief-noclean", "newsbrief-heuristic", "newsbrief-noredundancy",
             "newsbrief-noreadability", "newsbrief-nosupport", "newsbrief-nocentrality",
             "newsbrief-nounion", "newsbrief-fullarticles")
SYSTEMS = ("newsbrief", "lead") + SUMY_PEERS + ("oracle",) + ABLATIONS


# --------------------------------------------------------------------------- sumy peers

class _OfflineWords:
    """sumy's word tokenizer without NLTK data.

    sumy's default ``Tokenizer.to_words`` is ``nltk.word_tokenize`` (punkt sentence split, then
    the Treebank word tokenizer) filtered by sumy's word pattern. Our sentences are already
    split, so the Treebank tokenizer alone (pure regex, no data) gives the same words.
    """

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer
        from sumy.nlp.tokenizers import Tokenizer

        self._tokenize = NLTKWordTokenizer().tokenize
        self._is_word = Tokenizer._is_word

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenize(sentence) if self._is_word(w))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:  # not used: we give sentences
        return (paragraph.strip(),)


@lru_cache(maxsize=1)
def _sumy_english() -> tuple[Any, Any, frozenset]:
    """(word tokenizer, stemmer, stop words), built once per process."""
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise NewsbriefError('the sumy peers need the eval extra: pip install "newsbrief[eval]"') from exc
    return _OfflineWords(), Stemmer("english"), get_stop_words("english")


def _sumy_class(name: str) -> Callable[..., Any]:
    if name == "lexrank":
        from sumy.summarizers.lex_rank import LexRankSummarizer as cls
    elif name == "textrank":
        from sumy.summarizers.text_rank import TextRankSummarizer as cls
    elif name == "lsa":
        from sumy.summarizers.lsa import LsaSummarizer as cls
    elif name == "luhn":
        from sumy.summarizers.luhn import LuhnSummarizer as cls
    elif name == "sumbasic":
        from sumy.summarizers.sum_basic import SumBasicSummarizer as cls
    else:
        raise NewsbriefError(f"unknown sumy summarizer {name!r}")
    return cls


class SumyPeer:
    """One of sumy's summarizers over our sentences (one sumy paragraph per article).

    sumy ranks all sentences; we take them best first until the budget is filled (with
    ``fill_in_order`` semantics for ``strict``) and return them in document order, as sumy does.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._cls = _sumy_class(name)
        self._summarizer: Any = None

    def _get(self) -> Any:
        if self._summarizer is None:
            _, stemmer, stop_words = _sumy_english()
            self._summarizer = self._cls(stemmer)
            self._summarizer.stop_words = stop_words
        return self._summarizer

    def select(self, docs: Sequence[Sequence[Sentence]], words: int,
               strict: bool = True) -> list[Sentence]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        tokenizer = _sumy_english()[0]
        ours: list[Sentence] = []
        paragraphs = []
        for doc in docs:
            if not doc:
                continue
            paragraphs.append(Paragraph([SumySentence(s.text, tokenizer) for s in doc]))
            ours.extend(doc)
        if not ours:
            return []
        document = ObjectDocumentModel(paragraphs)
        # sumy hands a callable "count" its SentenceInfo list sorted best first; ``order`` is the
        # position in document.sentences, i.e. in ``ours``.
        def take_budget(infos: list[Any]) -> list[Any]:
            chosen = {id(s) for s in fill_in_order([ours[i.order] for i in infos], words, strict)}
            return [i for i in infos if id(ours[i.order]) in chosen]

        picked = self._get()(document, take_budget)
        # sumy returns its own sentence objects, in document order: map them back by identity and
        # position, never by text (the same sentence often appears in several articles).
        position = {id(s): k for k, s in enumerate(document.sentences)}
        return [ours[position[id(s)]] for s in picked]


# --------------------------------------------------------------------------- oracle

@lru_cache(maxsize=1)
def rouge_tokenizer() -> Any:
    """rouge-score's default tokenizer with ``use_stemmer=True``, its Porter stems memoized."""
    from nltk.stem import porter
    from rouge_score import tokenize
    from rouge_score.tokenizers import Tokenizer

    class _CachedStemmer:
        def __init__(self) -> None:
            self.stem = lru_cache(maxsize=200_000)(porter.PorterStemmer().stem)

    class CachedStemTokenizer(Tokenizer):
        def __init__(self) -> None:
            self._stemmer = _CachedStemmer()

        def tokenize(self, text: str) -> list[str]:
            return tokenize.tokenize(text, self._stemmer)

    return CachedStemTokenizer()


def rouge_tokens(text: str) -> list[str]:
    """rouge-score's own tokenization (lowercase, alphanumeric, Porter stemmer)."""
    return rouge_tokenizer().tokenize(text)


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


# --------------------------------------------------------------------------- registry

def get_summarizer(name: str) -> Any:
    """A fresh summarizer by name: newsbrief, lead, lexrank, textrank, lsa, luhn, sumbasic, oracle.

    The oracle is not a plain ``Summarizer``: call ``select_for(docs, words, references)``.
    """
    key = name.strip().lower()
    if key.startswith("newsbrief"):
        from .selector import NewsBrief  # imported only when asked for

        options = {"newsbrief": {}, "newsbrief-noclean": {},
                   "newsbrief-heuristic": {"learned": False},
                   "newsbrief-noredundancy": {"redundancy": 0.0, "duplicate": 1.01, "union": 0.0},
                   "newsbrief-nounion": {"union": 0.0},
                   "newsbrief-noreadability": {"readability": False},
                   "newsbrief-nosupport": {"support": 0.0},
                   "newsbrief-nocentrality": {"centrality": 0.0},
                   "newsbrief-fullarticles": {"article_words": None}}
        if key in options:
            return NewsBrief(**options[key])
    if key == "lead":
        return Lead()
    if key in SUMY_PEERS:
        return SumyPeer(key)
    if key == "oracle":
        return Oracle()
    raise NewsbriefError(f"unknown system {name!r} (choose from {', '.join(SYSTEMS)})")


_SYSTEM_LIST = re.compile(r"[\s,]+")


def parse_systems(text: str) -> list[str]:
    """``"lead, lexrank"`` -> ``["lead", "lexrank"]``; ``all`` means every system."""
    names = [n.lower() for n in _SYSTEM_LIST.split(text.strip()) if n]
    if names == ["all"]:
        return list(SYSTEMS)
    for n in names:
        if n not in SYSTEMS:
            raise NewsbriefError(f"--systems: unknown system {n!r} (choose from {', '.join(SYSTEMS)})")
    if not names:
        raise NewsbriefError("--systems: no system given")
    return list(dict.fromkeys(names))


__all__ = ["SUMY_PEERS", "SYSTEMS", "SumyPeer", "Oracle", "get_summarizer", "parse_systems",
           "oracle_objective", "rouge_tokens", "rouge_tokenizer", "Summarizer"]
