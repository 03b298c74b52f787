"""Articles -> stories: group a stream with the online clusterer, name each story, brief it.

``group_stories`` is the library call behind ``newsbrief stories``; ``headline`` is shared with
the store (``watch``), which groups articles one at a time.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from ..model import Article, NewsbriefError, Story
from .online import article_time
from .registry import get_clusterer
from .similarity import story_text, story_vector

HEADLINE_WORDS = 20


def headline(articles: Sequence[Article]) -> str:
    """The story's headline, taken from its articles: the title of the article closest to the
    story as a whole (the centroid of their story vectors), else that article's first sentence,
    shortened to ``HEADLINE_WORDS`` words."""
    if not articles:
        return ""
    vectors = [story_vector(story_text(a), False) for a in articles]
    centroid: dict[str, float] = {}
    for v in vectors:
        for term, w in v.items():
            centroid[term] = centroid.get(term, 0.0) + w

    def closeness(i: int) -> float:
        return sum(w * centroid.get(t, 0.0) for t, w in vectors[i].items())

    order = sorted(range(len(articles)), key=lambda i: (-closeness(i), i))
    for i in order:
        if articles[i].title and articles[i].title.strip():
            return " ".join(articles[i].title.split())
    from ..text.sentences import split_sentences

    first = split_sentences(articles[order[0]].text, 0)
    words = (first[0].text if first else articles[order[0]].text).split()
    return " ".join(words[:HEADLINE_WORDS]) + (" …" if len(words) > HEADLINE_WORDS else "")


def newest_date(articles: Sequence[Article]) -> str | None:
    """The newest ISO date among the articles (None when none carries a date)."""
    dated = [(t, a.date) for a in articles if (t := article_time(a)) is not None]
    return max(dated)[1] if dated else None


def group_stories(articles: Sequence[Article], *, words: int | None = 200,
                  clusterer: str | Any = "newsbrief", warn: Callable[[str], None] | None = None,
                  **summarize_options: Any) -> list[Story]:
    """Group ``articles`` (in arrival order; dated ones oldest first) into stories, largest and
    newest first, each with a headline and, unless ``words`` is None, its brief.

    A story's brief leaves nothing of the story out of view: articles the brief's own checks
    call off-topic stay listed in the story. A story whose brief cannot be made (no usable
    sentence) keeps ``brief=None`` and is reported through ``warn``; the others go on.
    """
    from ..pipeline import summarize

    if not articles:
        raise NewsbriefError("no articles to group into stories")
    model = get_clusterer(clusterer) if isinstance(clusterer, str) else clusterer
    times = [article_time(a) for a in articles]
    order = list(range(len(articles)))
    if all(t is not None for t in times):  # a stream arrives oldest first
        order.sort(key=lambda i: (times[i], i))
    labels = model.fit_predict([articles[i] for i in order])
    members: dict[int, list[int]] = {}
    for i, label in zip(order, labels):
        members.setdefault(label, []).append(i)
    ranked = []
    for idx in members.values():
        idx.sort()
        group = [articles[i] for i in idx]
        story = Story(id=0, articles=group, headline=headline(group), updated=newest_date(group))
        ranked.append(((-len(group), -_timestamp(story.updated), idx[0]), story))
    stories = [story for _, story in sorted(ranked, key=lambda pair: pair[0])]
    for number, story in enumerate(stories, 1):
        story.id = number
        if words is None:
            continue
        try:
            story.brief = summarize(story.articles, words=words, **summarize_options)
        except NewsbriefError as exc:
            if warn is None:
                raise
            warn(f"story {number} ({story.headline[:60]}): no brief: {exc}")
    return stories


def _timestamp(date: str | None) -> float:
    when = article_time(Article(text="", date=date)) if date else None
    return when.timestamp() if when else 0.0
