"""newsbrief: one short, faithful, attributed brief from several news articles about one story.

    >>> import newsbrief
    >>> brief = newsbrief.summarize([text_a, text_b], words=200)
    >>> print(newsbrief.render(brief, "markdown"))

Imports are lazy so that ``newsbrief --help`` stays fast; ``render`` is bound eagerly because
the submodule of the same name would otherwise replace the function on first import.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["summarize", "load_articles", "render", "Article", "Brief", "BriefSentence",
           "Sentence", "NewsbriefError"]

_LAZY = {
    "summarize": "newsbrief.pipeline",
    "load_articles": "newsbrief.pipeline",
    "Article": "newsbrief.model",
    "Brief": "newsbrief.model",
    "BriefSentence": "newsbrief.model",
    "Sentence": "newsbrief.model",
    "NewsbriefError": "newsbrief.model",
}

from .render import render  # noqa: E402  (light: json, html and the model)

if TYPE_CHECKING:  # pragma: no cover
    from .model import Article, Brief, BriefSentence, NewsbriefError, Sentence
    from .pipeline import load_articles, summarize


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsbrief' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
