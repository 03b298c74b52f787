"""Copies of one text among a story's articles: the same URL given twice, or one wire story run
by several outlets with their own headers and footers. A copy is one source listing every
outlet, never a second source confirming the first (GUIDE §1 trust rules).

Two articles are copies when most word 5-grams of the shorter one occur in the longer one
(containment, so a copy cut short or with other boilerplate still counts) and they are of a
like size (a tweet quoted whole in an article is not a copy of it). Two reporters writing up
the same event share names and quotes but few 5-grams of their own prose: on raw dev100 and
1,000 validation clusters, 99% of pairs of articles of one story share under 35%. A story
has a handful of articles, so exact shingle sets are cheap and exact; MinHash (datasketch)
pays off only across a stream of thousands.
"""
from __future__ import annotations

import re
from typing import Sequence

SHINGLE = 5  # words per shingle
MIN_SHINGLES = 40  # a shorter text is too short to call a copy of anything
MIN_SIZE_RATIO = 0.6  # a tweet quoted whole in an article is no copy of the article
CONTAINMENT = 0.7  # share of the shorter text's shingles the longer one must hold

_WORD = re.compile(r"\w+")


def shingles(text: str) -> frozenset[int]:
    """The hashed word 5-grams of a text, case and punctuation aside."""
    words = _WORD.findall(text.lower())
    return frozenset(hash(tuple(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1))


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of the smaller set that the larger one holds (0 when the smaller is too small
    to tell, or much smaller than the larger)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < MIN_SHINGLES or len(small) < MIN_SIZE_RATIO * len(large):
        return 0.0
    return len(small & large) / len(small)


def duplicate_groups(texts: Sequence[str], threshold: float = CONTAINMENT) -> list[list[int]]:
    """Groups of the inputs that are the same text, each in input order, groups ordered by their
    first member; every input is in exactly one group (most groups have one member)."""
    sets = [shingles(t) for t in texts]
    plain = [" ".join(_WORD.findall(t.lower())) for t in texts]
    group_of = list(range(len(texts)))
    for j in range(len(texts)):
        for i in range(j):
            same = plain[i] == plain[j] and plain[i] != ""  # one input given twice, however short
            if group_of[i] == i and (same or containment(sets[i], sets[j]) >= threshold):
                group_of[j] = i  # joins the first group whose first member it copies
                break
    groups: dict[int, list[int]] = {}
    for k, g in enumerate(group_of):
        groups.setdefault(g, []).append(k)
    return list(groups.values())
