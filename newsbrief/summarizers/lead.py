"""Lead: the first sentences of each article in turn, the baseline simple methods fail to beat."""
from __future__ import annotations

from typing import Sequence

from ..model import Sentence
from .base import fill_in_order


class Lead:
    """First sentences of each article in turn (round robin): the bar simple methods fail."""

    name = "lead"

    def select(self, docs: Sequence[Sequence[Sentence]], words: int,
               strict: bool = True) -> list[Sentence]:
        order: list[Sentence] = []
        depth = max((len(d) for d in docs), default=0)
        for i in range(depth):
            for d in docs:
                if i < len(d):
                    order.append(d[i])
        return fill_in_order(order, words, strict)
