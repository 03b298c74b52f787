"""The Summarizer protocol: the one interface every summarizer (ours and the peers) implements.

A summarizer gets the sentences of each article (``docs[i]`` are the sentences of article
``i``, in order) and a word budget, and returns the sentences of the brief in reading order.

    class Summarizer(Protocol):
        name: str
        def select(self, docs, words, strict=True) -> list[Sentence]

``strict=True``: the total is at most ``words`` whitespace words (a lone first sentence longer
than the budget is the only exception). ``strict=False``: the caller cuts the text at ``words``
words (the evaluation protocol), so the last sentence may run past the budget.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from ..model import Sentence


class Summarizer(Protocol):
    name: str

    def select(self, docs: Sequence[Sequence[Sentence]], words: int,
               strict: bool = True) -> list[Sentence]:
        ...


def reading_limit(article_words: int | None, words: int) -> int | None:
    """How much of each article is read for a brief of ``words`` words: ``article_words``, or
    the budget when that is longer (so one long article can still fill a long brief)."""
    return None if article_words is None else max(article_words, words)


def fill_in_order(candidates: Sequence[Sentence], words: int, strict: bool) -> list[Sentence]:
    """Take ``candidates`` in the given order until the budget is reached."""
    chosen: list[Sentence] = []
    total = 0
    for s in candidates:
        n = s.n_words
        if total + n > words:
            if not strict:
                chosen.append(s)
                break
            if chosen:
                continue
        chosen.append(s)
        total += n
        if total >= words:
            break
    return chosen
