"""The one registry of summarizers: a name -> a ready summarizer, for every front end.

``newsbrief`` (ours) and its ablations, ``lead``, and the sumy peers (the ``eval`` extra). The
oracle needs reference summaries, so the evaluation adds it (``evaluation.oracle``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import NewsbriefError
from .base import Summarizer
from .peers import SUMY_PEERS

if TYPE_CHECKING:  # pragma: no cover
    from ..text.vocabulary import Vocabulary

# newsbrief with one component removed, for the ablation table in docs/benchmarks.md
ABLATIONS: dict[str, dict[str, Any]] = {
    "newsbrief-noclean": {},  # the same selector; the evaluation gives it the raw text
    "newsbrief-heuristic": {"learned": False},
    "newsbrief-noredundancy": {"redundancy": 0.0, "duplicate": 1.01, "union": 0.0},
    "newsbrief-noreadability": {"readability": False},
    "newsbrief-nosupport": {"support": 0.0},
    "newsbrief-nocentrality": {"centrality": 0.0},
    "newsbrief-nounion": {"union": 0.0},
    "newsbrief-fullarticles": {"article_words": None},
}
NAMES = ("newsbrief", "lead") + SUMY_PEERS + tuple(ABLATIONS)
EXTRA_HINT = 'pip install "newsbrief[eval]"'


def get_summarizer(name: str, vocabulary: "Vocabulary | None" = None) -> Summarizer:
    """A fresh summarizer by name; ``vocabulary`` is shared by every newsbrief variant made with it.

    A peer whose optional dependency is missing is a ``NewsbriefError`` naming the extra.
    """
    key = name.strip().lower()
    if key == "newsbrief" or key in ABLATIONS:
        from .newsbrief import NewsBrief  # imported only when asked for

        return NewsBrief(vocabulary=vocabulary, **ABLATIONS.get(key, {}))
    if key == "lead":
        from .lead import Lead

        return Lead()
    if key in SUMY_PEERS:
        try:
            import sumy  # noqa: F401
        except ImportError:
            raise NewsbriefError(f"summarizer {key!r} needs the eval extra: {EXTRA_HINT}") from None
        from .peers import SumyPeer

        return SumyPeer(key)
    raise NewsbriefError(f"unknown summarizer {name!r} (choose from {', '.join(NAMES)})")
