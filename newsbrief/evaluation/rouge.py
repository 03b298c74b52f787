"""The ROUGE protocol of GUIDE §3: budgets per data set, the word cut, references one sentence
per line, and rouge-score's scorer (F1 x 100) with its Porter stems memoized.

rouge-score and NLTK are the optional ``newsbrief[eval]`` extra, imported lazily.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from ..model import NewsbriefError
from ..text.sentences import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
EXTRA_HINT = 'install the eval extra: pip install "newsbrief[eval]"'

# GUIDE §3 word budgets, by data-set name prefix (the "dataset" field, else the file name).
BUDGETS: dict[str, int] = {
    "multi_news": 250,
    "duc2003_task2": 100,
    "duc2003_task3": 100,
    "duc2006": 250,
    "duc2007_main": 250,
    "duc2007_update": 100,
    "multiling2011": 250,
    "neus_allsides": 70,
    "allsides_roundups_2021": 110,
}
FALLBACK_WORDS = 250


def default_words(dataset: str | None) -> int:
    """The GUIDE's budget for a data set name (longest matching prefix), else 250."""
    name = (dataset or "").lower()
    best = max((k for k in BUDGETS if name.startswith(k)), key=len, default=None)
    return BUDGETS[best] if best else FALLBACK_WORDS


# --------------------------------------------------------------------------- protocol pieces

def cut_words(lines: Sequence[str], words: int) -> str:
    """Join ``lines`` one per line, keeping only the first ``words`` whitespace words.

    Line structure survives the cut (rougeLsum needs it); lines left empty are dropped.
    """
    out: list[str] = []
    left = words
    for line in lines:
        if left <= 0:
            break
        toks = line.split()[:left]
        if toks:
            out.append(" ".join(toks))
            left -= len(toks)
    return "\n".join(out)


def reference_lines(reference: str) -> str:
    """The reference with one sentence per line (our splitter), for rougeLsum."""
    return "\n".join(" ".join(s.text.split()) for s in split_sentences(reference))


def make_scorer() -> Any:
    """rouge-score's scorer, exactly as the protocol says, with the Porter stems memoized.

    The tokenizer is rouge-score's own (``DefaultTokenizer`` logic); only the stemmer is wrapped
    in a cache, which changes no result and saves a quarter of the scoring time.
    """
    try:
        from rouge_score.rouge_scorer import RougeScorer
    except ImportError as exc:
        raise NewsbriefError(f"rouge-score is not installed: {EXTRA_HINT}") from exc
    return RougeScorer(list(ROUGE_TYPES), use_stemmer=True, tokenizer=rouge_tokenizer())


def score_summary(scorer: Any, summary: str, references: Sequence[str]) -> dict[str, float]:
    """F1 x 100 per ROUGE type, averaged over references (each already one sentence per line).

    An empty summary (or no reference) scores 0.
    """
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    refs = [r for r in references if r.strip()]
    if not summary.strip() or not refs:
        return totals
    for ref in refs:
        scores = scorer.score(ref, summary)
        for k in ROUGE_TYPES:
            totals[k] += scores[k].fmeasure * 100
    return {k: v / len(refs) for k, v in totals.items()}


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

