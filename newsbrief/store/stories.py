"""Stories that grow as articles arrive: articles, stories, memberships and briefs, over
SQLAlchemy Core (SQLite by default, PostgreSQL for several machines).

``add`` takes a batch of new articles and, in ONE transaction under a store-wide lock, brings the
process's clusterer up to date with what other processes stored since it last looked, drops what
is already stored (same canonical URL, or the same text from the same outlet), assigns each new article to its story online,
stores it, refreshes the brief of every story it touched, and saves the feed's ETag/Last-Modified.
So two ``watch`` processes never store one article twice or give two stories one id, and a process
killed at any moment leaves either the whole batch or none of it: running again redoes the rest.
The lock: PostgreSQL ``pg_advisory_xact_lock``; SQLite ``BEGIN IMMEDIATE`` (one writer at a time).
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from sqlalchemy import (Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text,
                        event, func, select, text, update)

from ..model import Article, NewsbriefError, Story
from .briefs import open_engine

metadata = MetaData()

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # the clusterer's label
    Column("headline", Text, nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False, index=True),
    Column("newest", String(40)),  # the newest article date (ISO) of the story
    Column("n_articles", Integer, nullable=False),
    Column("brief", Text),  # the brief's JSON (newsbrief summarize --format json)
)

articles = Table(
    "story_articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # arrival order across processes
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False, index=True),
    Column("url_key", String(64), unique=True),  # sha1 of the canonical URL
    Column("text_key", String(64), nullable=False, unique=True),  # sha1 of the outlet and normalised text
    Column("url", Text), Column("title", Text), Column("outlet", Text), Column("author", Text),
    Column("date", String(40)), Column("source", Text), Column("external_id", Text),
    Column("text", Text, nullable=False),
    Column("added", DateTime(timezone=True), nullable=False),
)

feeds = Table(
    "feeds", metadata,
    Column("url", String(2048), primary_key=True),
    Column("etag", Text), Column("modified", Text),
    Column("checked", DateTime(timezone=True)),
)

BRIEF_WORDS = 150
BRIEF_ARTICLES = 40  # a story's brief reads its newest articles, at most this many
SEED_ARTICLES = 5000  # on start, the clusterer is fed this many of the newest stored articles


def canonical_url(url: str | None) -> str | None:
    """The URL without tracking parameters, fragments and case differences (courlan)."""
    if not url:
        return None
    from courlan import normalize_url

    try:
        return normalize_url(url, strict=True)
    except (ValueError, TypeError):
        return url.strip()


def _key(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()


def text_key(text: str, outlet: str | None = None) -> str:
    """One outlet's text, case and spacing aside: the same text from another outlet (wire copy)
    is another member of the story, which its brief reads as one source listing both outlets."""
    return _key(f"{(outlet or '').strip().lower()}\x00" + " ".join(text.lower().split())[:20000])


class StoryStore:
    """The stories of a stream, kept in a database (``db``: a path, sqlite:/// or postgresql://)."""

    def __init__(self, db: str | None = None, clusterer: str = "newsbrief"):
        self.engine, self.dialect = open_engine(db, metadata, default_name="stories.sqlite3")
        self.reader = self.engine
        if self.dialect == "sqlite":  # writes take the write lock when their transaction starts
            self.reader, _ = open_engine(db, metadata, default_name="stories.sqlite3")
            event.listen(self.engine, "connect", _sqlite_manual_transactions)
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        self._clusterer_name = clusterer
        self._clusterer: Any = None
        self._synced = 0  # the highest article row id the clusterer has seen

    # ------------------------------------------------------------------ writing

    def add(self, new: Sequence[Article], *, feed: str | None = None, etag: str | None = None,
            modified: str | None = None, words: int = BRIEF_WORDS) -> list[int]:
        """Store the new articles (skipping what is stored already) and return, for each article
        stored, the id of the story it joined; with ``feed``, also save its ETag/Last-Modified.
        One transaction."""
        try:
            return self._add(new, feed, etag, modified, words)
        except BaseException:
            self._clusterer, self._synced = None, 0  # it saw articles that were not stored
            raise

    def _add(self, new: Sequence[Article], feed: str | None, etag: str | None,
             modified: str | None, words: int) -> list[int]:
        joined: list[int] = []
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(2026120501)"))
            self._sync(conn)
            now = datetime.now(timezone.utc)
            for article in new:
                url_key = _key(c) if (c := canonical_url(article.url)) else None
                t_key = text_key(article.text, article.outlet)
                if self._stored(conn, url_key, t_key):
                    continue
                story_id = self._assign(conn, article)
                if story_id is None:
                    continue  # this outlet's article again, under another URL
                row = conn.execute(articles.insert().values(
                    story_id=story_id, url_key=url_key, text_key=t_key, url=article.url,
                    title=article.title, outlet=article.outlet, author=article.author,
                    date=article.date, source=article.source, external_id=article.id,
                    text=article.text, added=now))
                self._synced = max(self._synced, int(row.inserted_primary_key[0]))
                joined.append(story_id)
            for story_id in dict.fromkeys(joined):
                self._refresh(conn, story_id, now, words)
            if feed is not None:
                self._save_feed(conn, feed, etag, modified, now)
        return joined

    def _stored(self, conn: Any, url_key: str | None, t_key: str) -> bool:
        query = select(articles.c.id).where(articles.c.text_key == t_key)
        if url_key is not None:
            query = select(articles.c.id).where((articles.c.text_key == t_key) | (articles.c.url_key == url_key))
        return conn.execute(query.limit(1)).first() is not None

    def _assign(self, conn: Any, article: Article) -> int | None:
        """The story the article joins (None when it copies an article of that story from the
        same outlet: stored already under another URL); a new story gets the next id, taken
        under the lock. A copy from another outlet joins: the brief merges it into one source."""
        from ..cleaning.duplicates import CONTAINMENT, containment, shingles

        model = self._model()
        label = model.predict([article])[0]
        if label >= 0:
            own = shingles(article.text)
            if any(m.outlet == article.outlet and containment(own, shingles(m.text)) >= CONTAINMENT
                   for m in self._articles(conn, label, limit=BRIEF_ARTICLES)):
                return None
        else:
            label = int(conn.execute(select(func.coalesce(func.max(stories.c.id), 0))).scalar_one()) + 1
            conn.execute(stories.insert().values(id=label, headline="", n_articles=0,
                                                 updated=datetime.now(timezone.utc)))
        model.partial_fit([article], labels=[label])
        return label

    def _refresh(self, conn: Any, story_id: int, now: datetime, words: int) -> None:
        """Recount the story, name it and make its brief again from its newest articles."""
        from ..pipeline import summarize
        from ..render import to_json_dict
        from ..stories.group import headline, newest_date

        members = self._articles(conn, story_id, limit=BRIEF_ARTICLES)
        count = conn.execute(select(func.count()).select_from(articles)
                             .where(articles.c.story_id == story_id)).scalar_one()
        try:
            brief = json.dumps(to_json_dict(summarize(members, words=words)), ensure_ascii=False)
        except NewsbriefError:
            brief = None
        conn.execute(update(stories).where(stories.c.id == story_id).values(
            headline=headline(members)[:500], n_articles=count, updated=now,
            newest=newest_date(members), brief=brief))

    def _save_feed(self, conn: Any, url: str, etag: str | None, modified: str | None,
                   now: datetime) -> None:
        values = {"etag": etag, "modified": modified, "checked": now}
        if conn.execute(update(feeds).where(feeds.c.url == url).values(**values)).rowcount == 0:
            conn.execute(feeds.insert().values(url=url, **values))

    # ------------------------------------------------------------------ the clusterer

    def _model(self) -> Any:
        if self._clusterer is None:
            from ..stories.registry import get_clusterer

            self._clusterer = get_clusterer(self._clusterer_name)
        return self._clusterer

    def _sync(self, conn: Any) -> None:
        """Feed the clusterer what was stored since it last looked (by this process or another),
        oldest first; on the first call, the newest ``SEED_ARTICLES``."""
        query = select(articles).where(articles.c.id > self._synced).order_by(articles.c.id.desc())
        if self._synced == 0:
            query = query.limit(SEED_ARTICLES)
        rows = list(reversed(conn.execute(query).all()))
        if rows:
            self._model().partial_fit([_article(r) for r in rows], labels=[r.story_id for r in rows])
            self._synced = max(r.id for r in rows)

    # ------------------------------------------------------------------ reading

    def feed_state(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified saved for a feed (for a conditional GET)."""
        with self.reader.connect() as conn:
            row = conn.execute(select(feeds.c.etag, feeds.c.modified).where(feeds.c.url == url)).first()
        return (row.etag, row.modified) if row else (None, None)

    def known_urls(self, urls: Iterable[str | None]) -> set[str]:
        """Which of these URLs are stored already (their pages need no fetching)."""
        wanted = {_key(c): u for u in urls if u and (c := canonical_url(u))}
        if not wanted:
            return set()
        with self.reader.connect() as conn:
            found = conn.execute(select(articles.c.url_key).where(articles.c.url_key.in_(list(wanted)))).scalars()
            return {wanted[k] for k in found}

    def list_stories(self, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """A page of stories, most recently updated first, and how many there are."""
        with self.reader.connect() as conn:
            total = conn.execute(select(func.count()).select_from(stories)
                                 .where(stories.c.n_articles > 0)).scalar_one()
            rows = conn.execute(select(stories).where(stories.c.n_articles > 0)
                                .order_by(stories.c.updated.desc(), stories.c.n_articles.desc(),
                                          stories.c.id.desc()).limit(limit).offset(offset)).all()
            outlets = self._outlets(conn, [r.id for r in rows])
        return [{"id": r.id, "headline": r.headline, "n_articles": r.n_articles,
                 "outlets": outlets.get(r.id, []), "updated": _iso(r.updated),
                 "newest": r.newest} for r in rows], total

    def story(self, story_id: int) -> tuple[Story, dict[str, Any] | None, datetime] | None:
        """One story (its articles oldest first), its stored brief JSON and when it last changed."""
        with self.reader.connect() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
            if row is None or row.n_articles == 0:
                return None
            members = self._articles(conn, story_id, limit=None)
        story = Story(id=row.id, articles=members, headline=row.headline, updated=row.newest)
        return story, (json.loads(row.brief) if row.brief else None), row.updated

    def get_story(self, story_id: int) -> dict[str, Any] | None:
        """One story as JSON: its headline, articles and brief JSON (the web API's answer)."""
        found = self.story(story_id)
        if found is None:
            return None
        story, brief, updated = found
        data = story.to_dict()
        data.update(updated=_iso(updated), newest=story.updated, brief=brief)
        return data

    def counts(self) -> tuple[int, int]:
        """How many articles and stories are stored."""
        with self.reader.connect() as conn:
            n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            n_stories = conn.execute(select(func.count()).select_from(stories)
                                     .where(stories.c.n_articles > 0)).scalar_one()
        return n_articles, n_stories

    def _articles(self, conn: Any, story_id: int, limit: int | None) -> list[Article]:
        query = select(articles).where(articles.c.story_id == story_id).order_by(articles.c.id.desc())
        rows = conn.execute(query.limit(limit) if limit else query).all()
        return [_article(r) for r in reversed(rows)]

    def _outlets(self, conn: Any, story_ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        if story_ids:
            for sid, outlet in conn.execute(select(articles.c.story_id, articles.c.outlet)
                                            .where(articles.c.story_id.in_(story_ids))
                                            .order_by(articles.c.id)).all():
                if outlet and outlet not in out.setdefault(sid, []):
                    out[sid].append(outlet)
        return out

    def close(self) -> None:
        self.engine.dispose()
        self.reader.dispose()


def _article(row: Any) -> Article:
    return Article(text=row.text, title=row.title, outlet=row.outlet, author=row.author,
                   date=row.date, url=row.url, source=row.source, id=row.external_id)


def _sqlite_manual_transactions(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN IMMEDIATE


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
