"""Word-level helpers shared by the selector and provenance: tokens, stop words, a light stemmer.

Kept dependency-free and memoised: they run on every sentence of every article, and the
pipeline's budget is a few milliseconds per story.
"""
from __future__ import annotations

import re
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "told", "according", "just", "like", "also", "new", "year", "years",
    "s", "t", "mr", "mrs", "ms", "don", "didn", "doesn", "isn", "wasn", "it's", "he's", "she's",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper (plurals, -ed, -ing, -ly): enough to match word forms across outlets."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("ly", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "ies":
                return word[:-3] + "y"
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophe forms folded), possessive 's removed."""
    out = []
    for tok in TOKEN.findall(text.lower().replace("’", "'")):
        if tok.endswith("'s"):
            tok = tok[:-2]
        out.append(tok)
    return out


_TERM_OF: dict[str, str] = {}  # raw token -> stemmed content term, or "" for a stop word


def _term(tok: str) -> str:
    if tok.endswith("'s"):
        tok = tok[:-2]
    if tok in STOP_WORDS or len(tok) < 2:
        return ""
    return stem(tok)


def content_terms(text: str) -> list[str]:
    """Stemmed tokens without stop words: what two sentences must share to say the same thing."""
    out = []
    cache = _TERM_OF
    for tok in TOKEN.findall(text.lower().replace("’", "'")):
        term = cache.get(tok)
        if term is None:
            term = cache[tok] = _term(tok)
        if term:
            out.append(term)
    if len(cache) > 500_000:
        cache.clear()
    return out
