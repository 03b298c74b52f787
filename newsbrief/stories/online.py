"""Online same-story clustering: each article joins a story (or starts one) as it arrives.

scikit-learn style: ``partial_fit(articles)`` assigns each article in order and appends its
story to ``labels_``; ``predict(articles)`` says which story each would join (-1: a new one)
without changing anything. Labels are integers; a caller that keeps stories elsewhere (the
store) passes the labels it already knows to ``partial_fit(articles, labels)`` and the clusterer
takes them as they are, so a restarted process picks up where the last one stopped.

An article joins the story whose members it is most similar to on average (average link, the
similarity of ``stories.similarity``), if that mean reaches ``threshold``. Candidates come from
an inverted index over the articles' strongest terms, so an article is compared only with the
stories it shares a rare word with. Memory and cost stay flat as the stream grows: articles
older than ``window`` (by date when the articles carry one, else by arrival: the last
``max_articles``) leave the index.
"""
from __future__ import annotations

from collections import defaultdict, deque
from datetime import datetime, timedelta, timezone
from typing import Sequence

from ..model import Article
from .similarity import story_vector

ONLINE_SAME_STORY = 0.08  # mean similarity to a story's articles to join it
TOP_TERMS = 40  # terms of an article that enter the index (its strongest weights)


def story_text(article: Article | str, chars: int = 4000) -> str:
    """What same-story similarity reads: the title (twice: it names the event) and the opening."""
    if isinstance(article, str):
        return article[:chars]
    title = article.title or ""
    return f"{title}\n{title}\n{article.text[:chars]}" if title else article.text[:chars]


def article_time(article: Article | str) -> datetime | None:
    """The article's date as an aware datetime, when it carries an ISO date."""
    date = getattr(article, "date", None)
    if not date:
        return None
    try:
        when = datetime.fromisoformat(str(date).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


class OnlineStoryClusterer:
    """Our online clusterer (registry name ``newsbrief``)."""

    name = "newsbrief"

    def __init__(self, threshold: float = ONLINE_SAME_STORY, window: timedelta = timedelta(days=7),
                 max_articles: int = 50_000):
        self.threshold = threshold
        self.window = window
        self.max_articles = max_articles
        self.labels_: list[int] = []
        self._vectors: dict[int, dict[str, float]] = {}  # article number -> vector (in window)
        self._story_of: dict[int, int] = {}
        self._story_size: dict[int, int] = defaultdict(int)
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._order: deque[tuple[int, datetime | None]] = deque()
        self._next_label = 0
        self._newest: datetime | None = None

    # -------------------------------------------------------------- scikit-learn style API

    def partial_fit(self, articles: Sequence[Article | str],
                    labels: Sequence[int | None] | None = None) -> "OnlineStoryClusterer":
        """Assign each article, in order; a given label (not None) is taken as it is."""
        for i, article in enumerate(articles):
            given = labels[i] if labels is not None else None
            vector = story_vector(story_text(article))
            label = self._best(vector)[0] if given is None else int(given)
            if label < 0:
                label = self._next_label
            self._add(vector, label, article_time(article))
        return self

    def predict(self, articles: Sequence[Article | str]) -> list[int]:
        """The story each article would join now, or -1 for a new story (nothing is added)."""
        return [self._best(story_vector(story_text(a)))[0] for a in articles]

    def fit_predict(self, articles: Sequence[Article | str]) -> list[int]:
        start = len(self.labels_)
        self.partial_fit(articles)
        return self.labels_[start:]

    # -------------------------------------------------------------- internals

    def _best(self, vector: dict[str, float]) -> tuple[int, float]:
        """The story with the highest mean similarity to ``vector`` and that mean, or (-1, 0)."""
        totals: dict[int, float] = defaultdict(float)
        seen: set[int] = set()
        for term in _strongest(vector):
            for number in self._postings.get(term, ()):
                if number in seen or number not in self._vectors:
                    continue
                seen.add(number)
                other = self._vectors[number]
                sim = sum(w * other.get(t, 0.0) for t, w in vector.items()) \
                    if len(vector) < len(other) else sum(w * vector.get(t, 0.0) for t, w in other.items())
                totals[self._story_of[number]] += sim
        best, best_mean = -1, 0.0
        for story, total in totals.items():
            mean = total / self._story_size[story]
            if mean > best_mean:
                best, best_mean = story, mean
        return (best, best_mean) if best_mean >= self.threshold else (-1, best_mean)

    def _add(self, vector: dict[str, float], label: int, when: datetime | None) -> None:
        number = len(self.labels_)
        self.labels_.append(label)
        self._next_label = max(self._next_label, label + 1)
        self._vectors[number] = vector
        self._story_of[number] = label
        self._story_size[label] += 1
        for term in _strongest(vector):
            self._postings[term].append(number)
        self._order.append((number, when))
        if when is not None and (self._newest is None or when > self._newest):
            self._newest = when
        self._forget_old()

    def _forget_old(self) -> None:
        while self._order:
            number, when = self._order[0]
            too_many = len(self._order) > self.max_articles
            too_old = when is not None and self._newest is not None and self._newest - when > self.window
            if not (too_many or too_old):
                break
            self._order.popleft()
            self._story_size[self._story_of[number]] -= 1
            del self._vectors[number]
        if len(self._postings) > 4 * self.max_articles:  # drop postings of forgotten articles
            for term in list(self._postings):
                kept = [n for n in self._postings[term] if n in self._vectors]
                if kept:
                    self._postings[term] = kept
                else:
                    del self._postings[term]


def _strongest(vector: dict[str, float]) -> list[str]:
    if len(vector) <= TOP_TERMS:
        return list(vector)
    return sorted(vector, key=vector.get, reverse=True)[:TOP_TERMS]
