"""Plain data classes shared by every pipeline stage.

Offsets are always character offsets into ``Article.text`` (the cleaned text), so every
sentence of a brief can be traced back: ``article.text[start:end] == sentence.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class NewsbriefError(Exception):
    """An error about the user's input, shown as one line (no traceback)."""


@dataclass
class Dropped:
    """A piece of the raw input that cleaning removed, and why (for ``--explain``)."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass
class Article:
    """One cleaned news article: body text plus whatever metadata could be found."""

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None  # where it came from: a path, URL, "<stdin>", "file.jsonl:3"
    dropped: list[Dropped] = field(default_factory=list)
    copies: list[Article] = field(default_factory=list)  # other inputs of the same text
    id: str | None = None  # the caller's id (a JSON record's "id"), echoed back in output

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "source": self.source,
        }
        d["copies"] = [{k: v for k, v in c.to_dict().items() if k != "copies"} for c in self.copies]
        if explain:
            d["dropped"] = [x.to_dict() for x in self.dropped]
        return d


@dataclass(frozen=True)
class Edit:
    """A light, recorded edit of a source sentence (GUIDE §1): ``original`` (the article's text
    at ``offsets``) became ``replacement``. Words put in come from the same article, at
    ``source`` (start, end offsets); nothing is invented."""

    kind: str  # "drop_connective" | "name_speaker" | "name_subject"
    original: str
    replacement: str
    offsets: tuple[int, int]
    source: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "original": self.original, "replacement": self.replacement,
                "offsets": list(self.offsets), "source": list(self.source) if self.source else None}


@dataclass
class Sentence:
    """A sentence of one article: ``doc`` is the article's index, ``index`` its position.

    ``text`` is ``article.text[start:end]`` unless ``edits`` say how it was changed.
    """

    doc: int
    index: int
    start: int
    end: int
    text: str
    paragraph_end: bool = False  # a line break follows (not the end of the text)
    edits: tuple[Edit, ...] = ()

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass
class BriefSentence:
    """One sentence of a brief with its provenance.

    ``document`` is the index of the source article in ``Brief.documents``; ``support`` lists
    the other documents that report the same content (never includes ``document``).
    """

    text: str
    document: int
    index: int
    offsets: tuple[int, int]
    support: list[int] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)  # how ``text`` differs from the source
    original: str | None = None  # the source sentence, when edits changed it

    def to_dict(self) -> dict[str, Any]:
        d = {
            "text": self.text,
            "document": self.document,
            "index": self.index,
            "offsets": list(self.offsets),
            "support": list(self.support),
            "edits": [e.to_dict() for e in self.edits],
        }
        if self.original is not None:
            d["original"] = self.original
        return d


@dataclass
class Brief:
    """The result: the input articles, the selected sentences in reading order, and notes."""

    documents: list[Article]
    sentences: list[BriefSentence]
    words: int  # the word budget asked for
    summarizer: str = "newsbrief"
    notes: list[str] = field(default_factory=list)
    # insight sections (newsbrief.insight): "quotes", "disagreements", "coverage", "timeline"
    insight: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def n_words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        return {
            "summarizer": self.summarizer,
            "words": self.n_words,
            "budget": self.words,
            "notes": list(self.notes),
            "documents": [a.to_dict(explain=explain) for a in self.documents],
            "sentences": [s.to_dict() for s in self.sentences],
            **{name: [item.to_dict() for item in items] for name, items in self.insight.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        """A brief back from its JSON (a stored story's brief), for text or Markdown output;
        the articles come back without their texts, which the JSON does not carry."""
        documents = [Article(text=d.get("text") or "", title=d.get("title"), outlet=d.get("outlet"),
                             author=d.get("author"), date=d.get("date"), url=d.get("url"),
                             source=d.get("source"), id=d.get("id"))
                     for d in data.get("documents", [])]
        sentences = [BriefSentence(
            text=s["text"], document=s["document"], index=s.get("index", 0),
            offsets=tuple(s.get("offsets", (0, 0))), support=list(s.get("support", [])),
            edits=[Edit(kind=e["kind"], original=e["original"], replacement=e["replacement"],
                        offsets=tuple(e["offsets"]), source=tuple(e["source"]) if e.get("source") else None)
                   for e in s.get("edits", [])],
            original=s.get("original")) for s in data.get("sentences", [])]
        return cls(documents=documents, sentences=sentences, words=int(data.get("budget") or 0),
                   summarizer=data.get("summarizer", "newsbrief"), notes=list(data.get("notes", [])))


@dataclass
class Story:
    """Articles that report one event (``newsbrief.stories``), with a headline taken from them
    and, when asked for, their brief. ``updated``: the newest article date known (ISO)."""

    id: int
    articles: list[Article]
    headline: str
    brief: Brief | None = None
    updated: str | None = None

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.outlet for a in self.articles if a.outlet))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "updated": self.updated,
            "outlets": self.outlets,
            "articles": [{"id": a.id, "outlet": a.outlet, "title": a.title, "date": a.date,
                          "url": a.url, "source": a.source} for a in self.articles],
            "brief": self.brief.to_dict() if self.brief is not None else None,
        }
