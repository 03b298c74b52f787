"""What the sections share: a story's sentences (split once for all sections) and how a
statement names its source."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..model import Article, Sentence
from ..text.sentences import split_sentences

_last: tuple[tuple[int, ...], list[list[Sentence]]] | None = None


def story_sentences(documents: Sequence[Article]) -> list[list[Sentence]]:
    """Each article's sentences; the sections of one brief ask in turn, so the last split is kept
    (keyed by the identity of the texts, which the sections never change)."""
    global _last
    key = tuple(id(a.text) for a in documents)
    if _last is None or _last[0] != key:
        _last = (key, [split_sentences(a.text, i) for i, a in enumerate(documents)])
    return _last[1]


def outlet_label(article: Article, index: int) -> str:
    """The outlet as citations show it (same rule as ``render.source_label``)."""
    return article.outlet or article.title or article.source or f"Article {index + 1}"


@dataclass(frozen=True)
class Statement:
    """A sentence of one article that states ``value`` (as written)."""

    sentence: str
    document: int
    index: int
    outlet: str
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "document": self.document, "index": self.index,
                "outlet": self.outlet, "value": self.value}

    def cite(self, markdown: bool) -> str:
        """'"sentence" [n] (outlet)', Markdown-escaped when asked."""
        from ..render import escape_markdown

        text = escape_markdown(self.sentence) if markdown else self.sentence
        return f"\"{text}\" [{self.document + 1}]"
