"""The readability audit (GUIDE §1, §3): the reader defects of every sentence of a brief, and
per brief whether it is clean (no defect, a lede first, within the budget). The per-sentence
rules are text/defects.py; this module adds up what they find for `newsbrief eval`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..model import Sentence
from ..text.defects import DEFECTS, LEDE_SENTENCES, sentence_defects

__all__ = ["DEFECTS", "BriefAudit", "audit_brief", "summarize_audits", "format_flags"]


@dataclass
class BriefAudit:
    """One brief: the defects of each sentence (brief order) and the brief-level checks."""

    sentences: list[Sentence]
    defects: list[list[str]]
    lede_first: bool  # the first sentence is clean and among its article's first LEDE_SENTENCES
    within_budget: bool  # whitespace words <= the budget
    label: str = ""  # names the brief in format_flags (e.g. "newsbrief cluster 17")

    @property
    def clean(self) -> bool:
        """No defective sentence, a lede first, within the budget."""
        return self.lede_first and self.within_budget and not any(self.defects)


def audit_brief(chosen: Sequence[Sentence], articles: Sequence[str], words: int, *,
                label: str = "", judged: Sequence[str] = DEFECTS) -> BriefAudit:
    """Audit a brief: ``chosen`` in reading order, ``articles[doc]`` the text they point into;
    only the ``judged`` defects count (``text.defects.judgeable_defects`` of the story)."""
    chosen = list(chosen)
    defects = []
    for k, sentence in enumerate(chosen):
        text = articles[sentence.doc] if 0 <= sentence.doc < len(articles) else None
        found = sentence_defects(sentence, chosen[k - 1] if k else None, text)
        defects.append([d for d in found if d in judged])
    lede = bool(chosen) and not defects[0] and chosen[0].index < LEDE_SENTENCES
    n_words = sum(len(s.text.split()) for s in chosen)
    return BriefAudit(chosen, defects, lede, n_words <= words, label)


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def summarize_audits(audits: Sequence[BriefAudit]) -> dict:
    """Percentages (one decimal) and counts over many briefs of one system."""
    flat = [d for a in audits for d in a.defects]
    n, briefs = len(flat), len(audits)
    counts = {"briefs": briefs, "sentences": n, "defective": sum(map(bool, flat)),
              **{name: sum(name in d for d in flat) for name in DEFECTS},
              "clean": sum(a.clean for a in audits),
              "lede_first": sum(a.lede_first for a in audits),
              "within_budget": sum(a.within_budget for a in audits)}
    return {"defective_pct": _pct(counts["defective"], n),
            "class_pct": {name: _pct(counts[name], n) for name in DEFECTS},
            "clean_pct": _pct(counts["clean"], briefs),
            "lede_first_pct": _pct(counts["lede_first"], briefs),
            "within_budget_pct": _pct(counts["within_budget"], briefs),
            "counts": counts}


def format_flags(audits: Sequence[BriefAudit], *, limit: int | None = None) -> str:
    """The flagged sentences, one a line: brief label, position, defects, text (for --show)."""
    lines = [f"{audit.label} #{k} [{sentence.doc}:{sentence.index}] {','.join(found)}: "
             + " ".join(sentence.text.split())
             for audit in audits
             for k, (sentence, found) in enumerate(zip(audit.sentences, audit.defects)) if found]
    return "\n".join(lines[:limit])
