"""Who covered the story: one entry per outlet with its articles, their dates, how many brief
sentences come from it, and what only it reports.

"What only it reports" is read off the brief: its sentences that no other article supports
(``BriefSentence.support`` is empty, ``attribution.py`` decided that). An article without an
outlet counts as its own outlet under its citation label; the copies of one text (wire copy
run by several outlets) name every outlet that ran it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from ..model import Brief
from .story import outlet_label


@dataclass
class OutletCoverage:
    """One outlet: ``documents`` (indexes into the brief's documents), their titles and dates,
    ``brief_sentences`` taken from it, and ``only_here``: its brief sentences nobody else has."""

    outlet: str
    documents: list[int] = field(default_factory=list)
    titles: list[str | None] = field(default_factory=list)
    dates: list[str | None] = field(default_factory=list)
    also_ran: list[str] = field(default_factory=list)  # other outlets that ran the same copy
    brief_sentences: int = 0
    only_here: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "documents": self.documents, "titles": self.titles,
                "dates": self.dates, "also_ran": self.also_ran,
                "brief_sentences": self.brief_sentences, "only_here": self.only_here}


def from_dict(d: dict[str, Any]) -> OutletCoverage:
    return OutletCoverage(**d)


def for_brief(brief: Brief) -> list[OutletCoverage]:
    """Outlets in order of first appearance among the documents."""
    by_outlet: dict[str, OutletCoverage] = {}
    of_document = []
    for i, article in enumerate(brief.documents):
        label = outlet_label(article, i)
        entry = by_outlet.setdefault(label, OutletCoverage(label))
        entry.documents.append(i)
        entry.titles.append(article.title)
        entry.dates.append(article.date)
        entry.also_ran += [c.outlet for c in article.copies if c.outlet and c.outlet != label]
        of_document.append(entry)
    for sentence in brief.sentences:
        if not 0 <= sentence.document < len(of_document):
            continue
        entry = of_document[sentence.document]
        entry.brief_sentences += 1
        if not any(of_document[d] is not entry for d in sentence.support if 0 <= d < len(of_document)):
            entry.only_here.append(sentence.text)
    if len(by_outlet) < 2:
        for entry in by_outlet.values():
            entry.only_here = []  # with one outlet, "only it reports" says nothing
    return list(by_outlet.values())


def render_lines(items: Sequence[OutletCoverage], brief: Brief, markdown: bool) -> list[str]:
    """One line per outlet: citations, dates, brief sentences, then what only it reports."""
    from ..render import escape_markdown

    lines = []
    for entry in items:
        name = escape_markdown(entry.outlet) if markdown else entry.outlet
        cites = "".join(f"[{d + 1}]" for d in entry.documents)
        dates = ", ".join(d for d in entry.dates if d)
        line = f"{name} {cites}" + (f", {dates}" if dates else "") + \
            f": {entry.brief_sentences} brief sentence{'s' if entry.brief_sentences != 1 else ''}"
        if entry.only_here:
            line += f", {len(entry.only_here)} only here"
        lines.append(("- " if markdown else "  - ") + line)
    return lines
