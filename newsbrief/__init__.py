"""newsbrief: one short, faithful, attributed brief from several news articles about one story.

    >>> import newsbrief
    >>> brief = newsbrief.summarize([text_a, text_b], words=200)
    >>> print(newsbrief.render(brief, "markdown"))
    >>> for story in newsbrief.group_stories(articles):  # a stream of many stories
    ...     print(story.headline, len(story.articles), story.brief.text)

Imports are lazy so that ``newsbrief --help`` stays fast; ``render`` is bound eagerly because
the submodule of the same name would otherwise replace the function on first import.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["summarize", "load_articles", "render", "group_stories", "story_similarity", "Article",
           "Brief", "BriefSentence", "Sentence", "Story", "NewsbriefError"]

_LAZY = {
    "summarize": "newsbrief.pipeline",
    "load_articles": "newsbrief.pipeline",
    "group_stories": "newsbrief.stories.group",
    "story_similarity": "newsbrief.stories.similarity",
    "Story": "newsbrief.model",
    "Article": "newsbrief.model",
    "Brief": "newsbrief.model",
    "BriefSentence": "newsbrief.model",
    "Sentence": "newsbrief.model",
    "NewsbriefError": "newsbrief.model",
}

from .render import render  # noqa: E402  (light: json, html and the model)

if TYPE_CHECKING:  # pragma: no cover
    from .model import Article, Brief, BriefSentence, NewsbriefError, Sentence, Story
    from .pipeline import load_articles, summarize
    from .stories.group import group_stories
    from .stories.similarity import story_similarity


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsbrief' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
