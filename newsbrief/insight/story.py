"""What the sections share: a story's sentences (split once for all sections) and how a
statement names its source."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..model import Article, Sentence
from ..text.sentences import split_sentences

_last: tuple[list[str], list[list[Sentence]]] = ([], [])


def story_sentences(documents: Sequence[Article]) -> list[list[Sentence]]:
    """Each article's sentences; the sections of one brief ask in turn, so the last split is kept
    (for the very same text objects: the sections never change a text)."""
    global _last
    texts = [a.text for a in documents]
    if len(texts) != len(_last[0]) or any(a is not b for a, b in zip(texts, _last[0])):
        _last = (texts, [split_sentences(t, i) for i, t in enumerate(texts)])
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
        """'"sentence" [n]' (n: the citation number), Markdown-escaped when asked."""
        from ..render import escape_markdown

        text = escape_markdown(self.sentence) if markdown else self.sentence
        return f"\"{text}\" [{self.document + 1}]"
